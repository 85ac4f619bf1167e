//! From what a person types to a tantivy query: words (any may match, more matches rank higher),
//! "quoted phrases" (must match), German analysis of every word, typo tolerance growing with word
//! length, prefix matching on the last word, synonyms and abbreviations, field boosts.

use crate::ablation::{Mechanism, on};
use crate::analyzer::{Analysed, GermanTokenizer, PART_MARK, words};
use crate::compound::{compound_parts, compound_topic};
use crate::fold::fold;
use crate::schema::Fields;
use crate::synonyms::Synonyms;
use crate::words::{Word, Words};
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// Boosts: title over headings over body, and the extra text (an area's facts and Leichte
/// Sprache) least.
const TITLE: f32 = 3.0;
const HEADINGS: f32 = 1.5;
const BODY: f32 = 1.0;
const EXTRA: f32 = 0.4;
/// Weight of a word found as a part of a compound in the text, relative to the word itself.
const PART_HIT: f32 = 0.7;
/// Shortest first-level part for which a query compound is also matched by its parts.
pub const MIN_QUERY_PART: usize = 4;
/// Weight of the corrections of a word the index does not know at all (then it is most likely
/// a typo, and its corrections stand in for it).
const FUZZY_UNKNOWN: f32 = 1.0;
/// Weight of the corrections of a word the index knows only rarely.
const FUZZY_RARE: f32 = 0.4;
/// A word held by at most one in this many documents counts as rare.
const RARE_SHARE: u64 = 2_000;
/// How many times as many documents a correction of a rare word must be found in.
const RARE_GAIN: u64 = 5;
/// Most terms one typo may stand for.
pub const TYPO_TERMS: usize = 3;

/// `MIN_QUERY_PART`, or 1 while that mechanism is switched off for a measurement.
pub(crate) fn min_part() -> usize {
    if on(Mechanism::MinPart) {
        MIN_QUERY_PART
    } else {
        1
    }
}

/// `TYPO_TERMS`, or a cap no typo reaches while that mechanism is switched off.
fn typo_terms() -> usize {
    if on(Mechanism::TypoCap) {
        TYPO_TERMS
    } else {
        50
    }
}
/// Weight of a prefix match on the last word.
const PREFIX: f32 = 0.8;
/// Extra weight of a hit that matches all (or all but one) of several query words.
const COVER: f32 = 3.0;
/// Linking elements tried when adjacent words are read as one.
const JOINS: [&str; 6] = ["", "s", "es", "n", "en", "er"];
/// Weight of adjacent words read as one ("landwirt schaft" → "landwirtschaft").
const JOINED: f32 = 2.0;
/// Shortest joined stem (in characters) that also finds words of the index that differ from it
/// in the last letter and an ending.
const MIN_JOINED_EXTENDED: usize = 10;
/// Longest ending (in bytes) that such a word may have beyond the joined stem.
const JOINED_ENDING: usize = 2;
/// Most such words that two joined words stand for.
const JOINED_NEAR: usize = 2;
/// A query word held by more than one in this many documents is common in this index ("digital"
/// on a digital strategy's pages): it still scores, but a hit does not count as covering the
/// query for having it, so "Schulen digital ausstatten" ranks texts with "Schulen" and
/// "ausstatten" above texts with "Schulen" and "digital" (as Lucene's common-terms query does).
const COMMON_SHARE: u64 = 4;

/// Words that carry no meaning on their own; dropped from a query unless nothing else is left.
const STOPWORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
    "und", "oder", "in", "im", "ins", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom",
    "zu", "zum", "zur", "fur", "uber", "unter", "um", "als", "wie", "ist", "sind", "wird",
    "werden", "nicht", "auch", "sich", "es", "the", "of", "and",
];

/// A query as typed, split into loose words and quoted phrases.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    /// Words that may match (each one adds to the score).
    pub words: Vec<String>,
    /// Phrases that must match.
    pub phrases: Vec<Vec<String>>,
    /// Whether the last word may be a prefix (the query does not end in a space or quote).
    pub open_end: bool,
}

/// Splits a query; an unbalanced quote is read as plain text.
pub fn parse(q: &str) -> Parsed {
    let mut p = Parsed::default();
    let parts = q.split('"');
    let mut quoted = false;
    let balanced = q.matches('"').count().is_multiple_of(2);
    for chunk in parts {
        let ws: Vec<String> = words(chunk).map(|(_, w)| w.to_owned()).collect();
        if quoted && balanced {
            if ws.len() > 1 {
                p.phrases.push(ws);
            } else {
                p.words.extend(ws);
            }
        } else {
            p.words.extend(ws);
        }
        quoted = !quoted;
    }
    p.open_end = q.chars().last().is_some_and(char::is_alphanumeric);
    let meaningful = p
        .words
        .iter()
        .filter(|w| !STOPWORDS.contains(&fold(w).as_str()))
        .count();
    if meaningful > 0 {
        p.words.retain(|w| !STOPWORDS.contains(&fold(w).as_str()));
    }
    p
}

/// Edits allowed for a word of `chars` characters: none below 5, one from 5, two from 9.
pub fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn term(field: tantivy::schema::Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

fn term_query(field: tantivy::schema::Field, text: &str, boost: f32) -> Box<dyn Query> {
    boosted(
        Box::new(TermQuery::new(
            term(field, text),
            IndexRecordOption::WithFreqs,
        )),
        boost,
    )
}

/// What the query builder asks of the index.
pub trait Vocabulary {
    /// Searchable documents in all.
    fn num_docs(&self) -> u64;
    /// Documents that hold `term` in any text field.
    fn doc_freq(&self, term: &str) -> u64;
    /// Terms of the index (at least four characters long, held by at least `min_docs`
    /// documents) that a misspelt word may stand for, within `distance` edits: the closest
    /// first, then the longest, then the most common; at most `cap`.
    fn near(&self, word: &Analysed, distance: u8, cap: usize, min_docs: u64) -> Vec<String>;
    /// Words of the index (not parts) that start with `start` and are at most `max_len` bytes
    /// long, the most common first; at most `cap`.
    fn extended(&self, start: &str, max_len: usize, cap: usize) -> Vec<String>;
}

/// The text fields with their boosts.
fn text_fields(f: &Fields) -> [(tantivy::schema::Field, f32); 4] {
    [
        (f.title, TITLE),
        (f.headings, HEADINGS),
        (f.body, BODY),
        (f.extra, EXTRA),
    ]
}

/// A term in every text field, each with its field's boost times `boost`.
fn everywhere(f: &Fields, text: &str, boost: f32) -> Box<dyn Query> {
    let clauses = text_fields(f)
        .into_iter()
        .map(|(field, b)| (Occur::Should, term_query(field, text, b * boost)))
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// A stem as a word of its own, and (from `MIN_QUERY_PART` characters, at `PART_HIT` of the
/// weight) as a part of compounds: "Glasfaser" finds "Glasfaser" first, then "Glasfaserausbau";
/// "Amt" does not find every "Ehrenamt".
pub(crate) fn word_or_part(f: &Fields, stem: &str, boost: f32) -> Box<dyn Query> {
    let word = everywhere(f, stem, boost);
    if stem.chars().count() < min_part() || !on(Mechanism::PartHits) {
        return word;
    }
    let part = everywhere(f, &format!("{PART_MARK}{stem}"), boost * PART_HIT);
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, word),
        (Occur::Should, part),
    ]))
}

/// The most documents a rare word is held by, in an index of `docs` documents.
pub(crate) fn rare_at_most(docs: u64) -> u64 {
    (docs / RARE_SHARE).max(1)
}

/// The typo corrections of one word: none for a word the index knows well; for one it does not
/// know (most likely a typo) or holds only rarely, the closest terms of the index, at most
/// `TYPO_TERMS` of them, so one typo never spreads over dozens of words.
fn corrections(a: &Analysed, vocabulary: &dyn Vocabulary) -> Option<(Vec<String>, f32)> {
    let budget = typo_budget(a.folded.chars().count());
    if budget == 0 || a.stem.chars().count() < 4 {
        return None;
    }
    let df = vocabulary.doc_freq(&a.stem);
    let rare = rare_at_most(vocabulary.num_docs());
    // A rare word is corrected only to words that are clearly more common: a correctly spelt
    // rare word stays itself.
    let (weight, min_docs) = match df {
        0 => (FUZZY_UNKNOWN, 1),
        n if n <= rare => (FUZZY_RARE, (n * RARE_GAIN).max(3)),
        _ if !on(Mechanism::RareOnly) => (FUZZY_RARE, 1),
        _ => return None,
    };
    let near: Vec<String> = vocabulary
        .near(a, budget, typo_terms() + 1, min_docs)
        .into_iter()
        .filter(|t| *t != a.stem)
        .take(typo_terms())
        .collect();
    (!near.is_empty()).then_some((near, weight))
}

/// The clauses of one word: its stem in every field; if it is a compound, all of its
/// first-level parts together (ranked below the word itself); typo corrections; and for the
/// last word of a query typed so far, a prefix in titles.
fn word_query(
    f: &Fields,
    a: &Analysed,
    vocabulary: Option<&dyn Vocabulary>,
    near: Option<&(Vec<String>, f32)>,
    prefix: bool,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Should, word_or_part(f, &a.stem, 1.0))];
    if let Some(parts) = compound_parts(f, a) {
        clauses.push((Occur::Should, parts));
    }
    if let Some(topic) = vocabulary.and_then(|v| compound_topic(f, a, v)) {
        clauses.push((Occur::Should, topic));
    }
    if let Some((near, weight)) = near {
        for t in near {
            clauses.push((Occur::Should, word_or_part(f, t, *weight)));
        }
    }
    if prefix && a.stem.chars().count() >= 3 {
        let q = FuzzyTermQuery::new_prefix(term(f.title, &a.stem), 0, true);
        clauses.push((Occur::Should, boosted(Box::new(q), TITLE * PREFIX)));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn phrase_query(f: &Fields, stems: &[String], boost: f32) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, b) in text_fields(f) {
        let terms: Vec<Term> = stems.iter().map(|s| term(field, s)).collect();
        clauses.push((
            Occur::Should,
            boosted(Box::new(PhraseQuery::new(terms)), b * boost),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// One expression of a synonym group as a query: a word as a word, several as a phrase.
fn expression_query(f: &Fields, e: &[Analysed]) -> Box<dyn Query> {
    match e {
        [one] => word_query(f, one, None, None, false),
        more => {
            let stems: Vec<String> = more.iter().map(|a| a.stem.clone()).collect();
            phrase_query(f, &stems, 1.0)
        }
    }
}

/// The text part of a search; `None` when the query has no words at all.
pub struct Built {
    /// The query.
    pub query: Box<dyn Query>,
    /// Stems and parts to highlight.
    pub highlight: Vec<String>,
    /// The analysed loose words (for "did you mean").
    pub words: Vec<(String, Analysed)>,
    /// How many separate things the query asks for (words, synonym groups, phrases): with more
    /// than one, hits that match only some of them are ranked lower and may be cut off.
    pub asks: usize,
}

/// The coverage bonus tiers of `n` covering words: a hit with all of them (and, from three,
/// one with all but one) ranks above one that has a single word many times.
fn coverage_tiers(n: usize) -> Vec<usize> {
    match n {
        _ if !on(Mechanism::Coverage) => Vec::new(),
        0 | 1 => Vec::new(),
        2 => vec![2],
        n => vec![n, n - 1],
    }
}

/// Builds the text query over the index's `vocabulary`.
pub fn build(
    f: &Fields,
    t: &mut GermanTokenizer,
    synonyms: &Synonyms,
    parsed: &Parsed,
    prefix_last: bool,
    vocabulary: &dyn Vocabulary,
) -> Option<Built> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut highlight = Vec::new();
    let analysed: Vec<(String, Analysed)> = parsed
        .words
        .iter()
        .map(|w| (w.clone(), t.analyse(w)))
        .collect();
    let stems: Vec<String> = analysed.iter().map(|(_, a)| a.stem.clone()).collect();
    // A word of a synonym group stands for the whole group, built the same way whichever
    // expression was typed.
    let groups = if on(Mechanism::Synonyms) {
        synonyms.find(&stems)
    } else {
        Vec::new()
    };
    let mut covered = vec![false; analysed.len()];
    let mut words: Vec<Box<dyn Query>> = Vec::new();
    // Whether each entry of `words` is a common word (see `COMMON_SHARE`).
    let mut common: Vec<bool> = Vec::new();
    let common_from = if on(Mechanism::Common) {
        vocabulary.num_docs() / COMMON_SHARE
    } else {
        0
    };
    for m in &groups {
        covered[m.start..m.start + m.len].fill(true);
        let any = m
            .expressions
            .iter()
            .map(|e| {
                highlight.extend(
                    e.iter()
                        .flat_map(|a| a.split.iter().chain([&a.stem]).cloned()),
                );
                (Occur::Should, expression_query(f, e))
            })
            .collect();
        words.push(Box::new(BooleanQuery::new(any)) as Box<dyn Query>);
        common.push(false);
    }
    let n = analysed.len();
    for (i, (_, a)) in analysed.iter().enumerate() {
        if covered[i] {
            continue;
        }
        let prefix = prefix_last && parsed.open_end && i + 1 == n;
        let near = corrections(a, vocabulary);
        words.push(word_query(f, a, Some(vocabulary), near.as_ref(), prefix));
        common.push(common_from > 0 && vocabulary.doc_freq(&a.stem) > common_from);
        highlight.push(a.stem.clone());
        highlight.extend(a.split.iter().cloned());
        if let Some((near, _)) = near {
            highlight.extend(near);
        }
    }
    let asks = words.len() + parsed.phrases.len();
    // Coverage counts the words that are not common, unless all of them are; and where some
    // are common, a hit must hold one of the others (or adjacent words read as one): a text
    // with only the common word is not an answer.
    let all_common = common.iter().all(|c| *c);
    let some_common = common.iter().any(|c| *c);
    let mut entries: Vec<Word> = words
        .into_iter()
        .zip(&common)
        .map(|(query, c)| Word {
            query,
            covers: all_common || !*c,
            opens: !*c,
        })
        .collect();
    let covering = entries.iter().filter(|w| w.covers).count();
    // Adjacent words also count as one word, for compounds typed apart ("Glas Faser").
    // German joins with a linking element ("Emission Minderung" → "Emissionsminderung"); every
    // joining the index knows counts.
    let sizes: &[usize] = if on(Mechanism::Joined) { &[2, 3] } else { &[] };
    for &size in sizes {
        for window in analysed.windows(size) {
            let folded: Vec<&str> = window.iter().map(|(_, a)| a.folded.as_str()).collect();
            for link in JOINS {
                let a = t.analyse(&folded.join(link));
                if vocabulary.doc_freq(&a.stem) == 0 || highlight.contains(&a.stem) {
                    continue;
                }
                entries.push(Word {
                    query: word_or_part(f, &a.stem, JOINED),
                    covers: false,
                    opens: true,
                });
                highlight.push(a.stem);
            }
            // Two words joined also find the words of the index that differ from the joined
            // stem only in its last letter and an ending: a derivation or an inflection of
            // the compound ("Energie Effizienz" finds "energieeffiziente" as well as
            // "Energieeffizienz"). A look-up of a prefix, not a walk for typos.
            if size == 2 {
                let stem = t.analyse(&folded.concat()).stem;
                if stem.chars().count() < MIN_JOINED_EXTENDED {
                    continue;
                }
                let start = &stem[..stem.char_indices().last().map_or(0, |(i, _)| i)];
                let found = vocabulary.extended(start, stem.len() + JOINED_ENDING, JOINED_NEAR);
                for near in found {
                    if !highlight.contains(&near) {
                        entries.push(Word {
                            query: word_or_part(f, &near, JOINED),
                            covers: false,
                            opens: true,
                        });
                        highlight.push(near);
                    }
                }
            }
        }
    }
    if !entries.is_empty() {
        let gated = some_common && !all_common;
        let tiers = coverage_tiers(covering);
        clauses.push((
            Occur::Should,
            Box::new(Words::new(entries, tiers, COVER, gated)),
        ));
    }
    for phrase in &parsed.phrases {
        let stems: Vec<String> = phrase.iter().map(|w| t.analyse(w).stem).collect();
        highlight.extend(stems.iter().cloned());
        clauses.push((Occur::Must, phrase_query(f, &stems, 1.0)));
    }
    if clauses.is_empty() {
        return None;
    }
    Some(Built {
        query: Box::new(BooleanQuery::new(clauses)),
        highlight,
        words: analysed,
        asks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_make_phrases_and_an_unbalanced_quote_is_text() {
        let p = parse("Ausbau \"digitale Verwaltung\" Hessen");
        assert_eq!(p.words, ["Ausbau", "Hessen"]);
        assert_eq!(
            p.phrases,
            [vec!["digitale".to_owned(), "Verwaltung".to_owned()]]
        );
        let p = parse("digitale \"Verwaltung");
        assert_eq!(p.words, ["digitale", "Verwaltung"]);
        assert!(p.phrases.is_empty());
    }

    #[test]
    fn stopwords_go_unless_nothing_else_is_left() {
        assert_eq!(
            parse("die Förderung der Schulen").words,
            ["Förderung", "Schulen"]
        );
        assert_eq!(parse("die").words, ["die"]);
    }

    #[test]
    fn the_typo_budget_grows_with_word_length() {
        assert_eq!(typo_budget(4), 0);
        assert_eq!(typo_budget(5), 1);
        assert_eq!(typo_budget(8), 1);
        assert_eq!(typo_budget(9), 2);
    }
}
