//! A compound typed in a query: matched by all of its parts, and by its modifier where that
//! names a topic of its own.

use crate::ablation::{Mechanism, on};
use crate::analyzer::Analysed;
use crate::query::{Vocabulary, min_part, word_or_part};
use crate::schema::Fields;
use tantivy::query::{BooleanQuery, Occur, Query};

/// Weight of a query compound's parts relative to the compound itself.
const PART: f32 = 0.5;
/// Weight of a query compound's modifier found without its head ("Glasfaser" for
/// "Glasfaserausbau"), relative to the compound itself: below the compound and all its parts.
const TOPIC: f32 = 0.3;
/// A modifier counts as a topic of its own only while at most one in this many documents
/// holds it: "Glasfaser" is, "digital" (in most texts of a digital strategy) is not.
const TOPIC_SHARE: u64 = 10;
/// Shortest modifier stem that counts as a topic: shorter ones are mostly stems of verbs and
/// adjectives or prefixes that many unrelated words share ("breit" in "Breitband" and
/// "Breite", "lehr" in "Lehrkräfte" and "Lehre", "rech" in "Rechenzentrum" and "Rechnung").
const MIN_TOPIC: usize = 6;

/// A compound typed in a query also finds texts that hold all of its first-level parts
/// ("Digitalpakt": "Pakt … digital"), never one part alone ("digital" alone is not the
/// Digitalpakt); a compound with a part shorter than `MIN_QUERY_PART` is matched only whole
/// ("Landesamt" is not "Land" and "Amt").
pub(crate) fn compound_parts(f: &Fields, a: &Analysed) -> Option<Box<dyn Query>> {
    if !on(Mechanism::AllParts) {
        return None;
    }
    Some(all_of(f, searchable_split(a)?, PART))
}

/// The parts of a query compound before its head, when they name a topic of their own: in
/// German the head says what kind of thing is meant ("-ausbau", "-netze", "-schutz") and the
/// parts before it what about, so a text on "Glasfaser" answers "Glasfaserausbau" too, ranked
/// below every text with the compound or all its parts. Only where those parts are specific
/// (held by at most one in `TOPIC_SHARE` documents): a common modifier ("digital" in
/// "Digitalpakt") names no topic, and its texts are not about the compound.
pub(crate) fn compound_topic(
    f: &Fields,
    a: &Analysed,
    vocabulary: &dyn Vocabulary,
) -> Option<Box<dyn Query>> {
    if !on(Mechanism::Topic) {
        return None;
    }
    let split = searchable_split(a)?;
    let modifier = &split[..split.len() - 1];
    if modifier.iter().map(|p| p.chars().count()).sum::<usize>() < MIN_TOPIC {
        return None;
    }
    let specific = vocabulary.num_docs() / TOPIC_SHARE;
    let df = modifier.iter().map(|p| vocabulary.doc_freq(p)).min()?;
    if df == 0 || df > specific {
        return None;
    }
    Some(all_of(f, modifier, TOPIC))
}

/// The first-level parts of a query compound, when it is one and none of them is shorter than
/// the shortest part searched alone.
fn searchable_split(a: &Analysed) -> Option<&[String]> {
    (a.split.len() >= 2 && a.split.iter().all(|p| p.chars().count() >= min_part()))
        .then_some(a.split.as_slice())
}

/// Texts that hold every one of `parts` (each as a word or as a part of a compound).
fn all_of(f: &Fields, parts: &[String], boost: f32) -> Box<dyn Query> {
    let all = parts
        .iter()
        .map(|p| (Occur::Must, word_or_part(f, p, boost)))
        .collect();
    Box::new(BooleanQuery::new(all))
}
