//! Synonym and abbreviation groups: every expression of a group stands for the whole group, so
//! "OZG" and "Onlinezugangsgesetz" are one query and find the same things in the same order.

use crate::analyzer::{Analysed, GermanTokenizer, words};

/// One expression of a group, analysed word by word.
pub type Expression = Vec<Analysed>;

/// Synonym and abbreviation groups.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Expression>>,
}

/// Where a group was found in a query: the words it covers and the group's expressions.
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'a> {
    /// Index of the first covered word.
    pub start: usize,
    /// Number of covered words.
    pub len: usize,
    /// Every expression of the group, the typed one included.
    pub expressions: &'a [Expression],
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
                            .map(|(_, w)| t.analyse(w))
                            .collect::<Expression>()
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
            &["Cybersicherheit", "IT-Sicherheit", "Informationssicherheit"],
            &["Krankenhaus", "Klinik"],
            &["Start-up", "Gründung", "Jungunternehmen"],
        ]
        .iter()
        .map(|g| g.iter().map(|s| (*s).to_owned()).collect())
        .collect()
    }

    /// The groups found in a query of (stemmed) words, left to right, longest expression first
    /// where two would overlap; a word belongs to at most one group.
    pub fn find(&self, stems: &[String]) -> Vec<Match<'_>> {
        let mut out: Vec<Match<'_>> = Vec::new();
        let mut start = 0;
        while start < stems.len() {
            let mut best: Option<Match<'_>> = None;
            for group in &self.groups {
                for e in group {
                    let fits = stems.len() - start >= e.len()
                        && e.iter().zip(&stems[start..]).all(|(a, s)| a.stem == *s);
                    if fits && best.as_ref().is_none_or(|b| e.len() > b.len) {
                        best = Some(Match {
                            start,
                            len: e.len(),
                            expressions: group,
                        });
                    }
                }
            }
            match best {
                Some(m) => {
                    start += m.len;
                    out.push(m);
                }
                None => start += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(q: &str) -> Vec<String> {
        let mut t = GermanTokenizer::default();
        words(q).map(|(_, w)| t.analyse(w).stem).collect()
    }

    #[test]
    fn an_abbreviation_and_its_long_form_find_the_same_group() {
        let s = Synonyms::new(&Synonyms::defaults());
        let short = s.find(&stems("OZG"));
        let long = s.find(&stems("Onlinezugangsgesetz"));
        assert_eq!(short.len(), 1);
        assert_eq!(short[0].expressions, long[0].expressions);
        let ki = s.find(&stems("Förderung künstlicher Intelligenz"));
        assert_eq!((ki[0].start, ki[0].len), (1, 2), "{ki:?}");
    }

    #[test]
    fn words_outside_every_group_match_nothing() {
        let s = Synonyms::new(&Synonyms::defaults());
        assert!(s.find(&stems("Glasfaser Schulen")).is_empty());
        assert!(Synonyms::default().find(&stems("OZG")).is_empty());
    }
}
