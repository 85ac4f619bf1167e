//! Stems: Snowball's German stemmer with the agent nouns it would cut down to other words kept
//! whole, and the verb stem of a past participle.

use crate::fold::fold;
use std::sync::LazyLock;

/// Words whose stem is the whole word: the stemmer would cut them down to another word, "-er"
/// off agent nouns ("Schüler" to "Schule", "Bürger" to "Burg", "Lehrer" to "Lehre") or
/// "Sicherheit" to the pronoun "sich".
const STEM_KEEP: &str = include_str!("../data/stem-keep-de.txt");
/// Endings of the inflected and female forms of those nouns.
const KEEP_ENDINGS: [&str; 6] = ["", "s", "n", "in", "innen", "en"];

static KEEP: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    STEM_KEEP
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
});

/// Separable verb prefixes that come before the "ge" of a past participle ("aus|ge|stattet"),
/// longest first.
const SEPARABLE: [&str; 26] = [
    "zusammen", "weiter", "zuruck", "heraus", "bereit", "voran", "fort", "fest", "frei", "nach",
    "auf", "aus", "bei", "ein", "her", "hin", "los", "mit", "vor", "weg", "dar", "ab", "an", "um",
    "zu", "",
];
/// Endings of a past participle, weak ("-t", "-et") or strong ("-en"), bare or inflected as an
/// adjective ("geförderten"), longest first.
const PARTICIPLE_ENDINGS: [&str; 18] = [
    "eten", "eter", "etes", "etem", "enen", "ener", "enes", "enem", "ete", "ene", "ten", "ter",
    "tes", "tem", "et", "te", "en", "t",
];
/// Shortest verb stem taken from a participle ("bau" in "ausgebaut").
const MIN_PARTICIPLE_STEM: usize = 3;

/// The stem of the verb that a folded past participle belongs to ("ausgestattet" →
/// "ausstatt", "gefördert" → "forder", "umgesetzten" → "umsetz"), so that "ausstatten",
/// "Förderung" or "Umsetzung" also find it. The caller passes only words written in lower case:
/// capitalised words such as "Gesetz" or "Gebiet" are nouns, not participles.
pub(crate) fn participle_stem(folded: &str) -> Option<String> {
    let (prefix, rest) = SEPARABLE.iter().find_map(|p| {
        folded
            .strip_prefix(p)
            .and_then(|r| r.strip_prefix("ge"))
            .map(|r| (*p, r))
    })?;
    let base = PARTICIPLE_ENDINGS
        .iter()
        .find_map(|e| rest.strip_suffix(e))?;
    // The verb's stem is the participle without "ge" and its ending ("aus|statt"), as the
    // stemmer leaves it on the nouns ("Ausstattung" → "ausstatt", "Förderung" → "forder").
    (base.chars().count() >= MIN_PARTICIPLE_STEM).then(|| format!("{prefix}{base}"))
}

/// Letters after which a final "-s" is the plural of a loanword ("Startups", "Apps",
/// "Handys", "Hobbys"): Snowball's German stemmer takes an "-s" off only after the letters
/// German plurals end in, so "Startups" would not find "Startup".
const LOAN_PLURAL_AFTER: [char; 2] = ['p', 'y'];

/// The stem of a folded word: the kept agent noun it is a form of, or Snowball's stem (of the
/// singular, for a loanword's "-s" plural).
pub(crate) fn stem_of(stemmer: &frostem::Stemmer, folded: &str) -> String {
    for ending in KEEP_ENDINGS {
        if let Some(base) = folded.strip_suffix(ending)
            && KEEP.contains(base)
        {
            return base.to_owned();
        }
    }
    let singular = folded
        .strip_suffix('s')
        .filter(|b| b.chars().count() >= 3 && b.ends_with(LOAN_PLURAL_AFTER));
    stemmer.stem(singular.unwrap_or(folded)).into_owned()
}
