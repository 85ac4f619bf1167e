//! From what a person types to a tantivy query: words (any may match, more matches rank higher),
//! "quoted phrases" (must match), German analysis of every word, typo tolerance growing with word
//! length, prefix matching on the last word, synonyms and abbreviations, field boosts.

use crate::analyzer::{Analysed, GermanTokenizer, words};
use crate::fold::fold;
use crate::schema::Fields;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// Boosts: title over headings over body.
const TITLE: f32 = 3.0;
const HEADINGS: f32 = 1.5;
const BODY: f32 = 1.0;
/// Weight of a compound part relative to the word itself.
const PART: f32 = 0.5;
/// Weight of a typo-tolerant match (a constant score) relative to an exact one.
const FUZZY: f32 = 0.6;
/// Weight of a prefix match on the last word.
const PREFIX: f32 = 0.8;
/// Weight of a typo-tolerant match for a word the index does not know at all (then it is most
/// likely a typo, and its corrections deserve the weight of a rare word).
const FUZZY_UNKNOWN: f32 = 4.0;
/// Weight of adjacent words read as one ("landwirt schaft" → "landwirtschaft").
const JOINED: f32 = 1.0;

/// Words that carry no meaning on their own; dropped from a query unless nothing else is left.
const STOPWORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
    "und", "oder", "in", "im", "ins", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom",
    "zu", "zum", "zur", "fur", "uber", "unter", "um", "als", "wie", "ist", "sind", "wird",
    "werden", "nicht", "auch", "sich", "es", "the", "of", "and",
];

/// Synonym and abbreviation groups: every expression of a group also finds the others.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
}

impl Synonyms {
    /// Groups of expressions as written, e.g. `[["KI", "Künstliche Intelligenz"]]`.
    pub fn new(groups: &[Vec<String>]) -> Synonyms {
        let mut t = GermanTokenizer::default();
        let groups = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|expr| {
                        words(expr)
                            .map(|(_, w)| t.analyse(w).stem)
                            .collect::<Vec<_>>()
                    })
                    .filter(|e| !e.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.len() > 1)
            .collect();
        Synonyms { groups }
    }

    /// The built-in list for German public administration; configuration adds to it.
    pub fn defaults() -> Vec<Vec<String>> {
        [
            ["KI", "Künstliche Intelligenz"].as_slice(),
            &["OZG", "Onlinezugangsgesetz"],
            &["DSGVO", "Datenschutz-Grundverordnung"],
            &["IT", "Informationstechnik"],
            &["E-Government", "Digitale Verwaltung"],
            &["WLAN", "Funknetz"],
            &["5G", "Mobilfunk"],
        ]
        .iter()
        .map(|g| g.iter().map(|s| (*s).to_owned()).collect())
        .collect()
    }

    /// Expressions (as stem sequences) that stand for something the query contains.
    fn expansions(&self, stems: &[String]) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for group in &self.groups {
            let hit = group
                .iter()
                .any(|e| stems.windows(e.len()).any(|w| w == e.as_slice()));
            if hit {
                for e in group {
                    if !stems.windows(e.len()).any(|w| w == e.as_slice()) && !out.contains(e) {
                        out.push(e.clone());
                    }
                }
            }
        }
        out
    }
}

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

/// The clauses of one word: exact stem in every field, its compound parts, typo-tolerant and
/// (for the last word) prefix variants.
fn word_query(
    f: &Fields,
    a: &Analysed,
    fuzzy: Option<f32>,
    prefix: bool,
    joined: bool,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, boost) in [(f.title, TITLE), (f.headings, HEADINGS), (f.body, BODY)] {
        clauses.push((Occur::Should, term_query(field, &a.stem, boost)));
        for part in &a.parts {
            clauses.push((Occur::Should, term_query(field, part, boost * PART)));
        }
    }
    let budget = typo_budget(a.folded.chars().count());
    if let Some(weight) = fuzzy.filter(|_| budget > 0 && a.stem.chars().count() >= 4) {
        // Typos are looked up in titles, and for words the index does not know at all also in
        // headings: those term lists are small, so the automata stay fast on a large corpus,
        // and the words people look for are mostly there.
        let fields: &[(tantivy::schema::Field, f32)] = if weight >= FUZZY_UNKNOWN && !joined {
            &[(f.title, TITLE), (f.headings, HEADINGS)]
        } else {
            &[(f.title, TITLE)]
        };
        for &(field, boost) in fields {
            let q = FuzzyTermQuery::new(term(field, &a.stem), budget, true);
            clauses.push((Occur::Should, boosted(Box::new(q), boost * weight)));
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
    for (field, b) in [(f.title, TITLE), (f.headings, HEADINGS), (f.body, BODY)] {
        let terms: Vec<Term> = stems.iter().map(|s| term(field, s)).collect();
        clauses.push((
            Occur::Should,
            boosted(Box::new(PhraseQuery::new(terms)), b * boost),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The text part of a search; `None` when the query has no words at all.
pub struct Built {
    /// The query.
    pub query: Box<dyn Query>,
    /// Stems and parts to highlight.
    pub highlight: Vec<String>,
    /// The analysed loose words (for "did you mean").
    pub words: Vec<(String, Analysed)>,
}

/// Builds the text query; `known` tells whether the index holds a stem at all.
pub fn build(
    f: &Fields,
    t: &mut GermanTokenizer,
    synonyms: &Synonyms,
    parsed: &Parsed,
    prefix_last: bool,
    known: &dyn Fn(&str) -> bool,
) -> Option<Built> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut highlight = Vec::new();
    let mut analysed = Vec::new();
    let n = parsed.words.len();
    for (i, w) in parsed.words.iter().enumerate() {
        let a = t.analyse(w);
        let prefix = prefix_last && parsed.open_end && i + 1 == n;
        let weight = if known(&a.stem) { FUZZY } else { FUZZY_UNKNOWN };
        clauses.push((
            Occur::Should,
            word_query(f, &a, Some(weight), prefix, false),
        ));
        highlight.push(a.stem.clone());
        highlight.extend(a.parts.iter().cloned());
        analysed.push((w.clone(), a));
    }
    // Adjacent words also count as one word, for compounds typed apart.
    for size in [2, 3] {
        for window in analysed.windows(size) {
            let joined: String = window.iter().map(|(_, a)| a.folded.as_str()).collect();
            let a = t.analyse(&joined);
            let weight = if known(&a.stem) { FUZZY } else { FUZZY_UNKNOWN };
            // Joined words get no typo tolerance of their own: building automata for long
            // words costs more than it finds.
            let _ = weight;
            let q = word_query(f, &a, None, false, true);
            clauses.push((Occur::Should, boosted(q, JOINED)));
            highlight.push(a.stem);
        }
    }
    for phrase in &parsed.phrases {
        let stems: Vec<String> = phrase.iter().map(|w| t.analyse(w).stem).collect();
        highlight.extend(stems.iter().cloned());
        clauses.push((Occur::Must, phrase_query(f, &stems, 1.0)));
    }
    let all_stems: Vec<String> = analysed.iter().map(|(_, a)| a.stem.clone()).collect();
    for e in synonyms.expansions(&all_stems) {
        highlight.extend(e.iter().cloned());
        let q = if e.len() == 1 {
            let a = Analysed {
                folded: e[0].clone(),
                stem: e[0].clone(),
                parts: Vec::new(),
            };
            word_query(f, &a, None, false, false)
        } else {
            phrase_query(f, &e, 1.0)
        };
        clauses.push((Occur::Should, q));
    }
    if clauses.is_empty() {
        return None;
    }
    Some(Built {
        query: Box::new(BooleanQuery::new(clauses)),
        highlight,
        words: analysed,
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

    #[test]
    fn synonyms_expand_both_ways() {
        let s = Synonyms::new(&Synonyms::defaults());
        let mut t = GermanTokenizer::default();
        let ki = vec![t.analyse("KI").stem];
        assert!(s.expansions(&ki).iter().any(|e| e.len() == 2));
        let long: Vec<String> = ["Künstliche", "Intelligenz"]
            .iter()
            .map(|w| t.analyse(w).stem)
            .collect();
        assert!(s.expansions(&long).contains(&ki));
    }
}
