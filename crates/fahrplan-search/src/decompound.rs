//! Dictionary decompounding: "breitbandausbau" → "breitband", "ausbau", "breit", "band".
//!
//! A word is split into the fewest dictionary words that spell it, allowing the German linking
//! elements (Fugen: -s-, -es-, -n-, -en-, -er-, -e-, -ens-) between parts and a dropped final -e
//! on a leading part ("Schulbau" = Schule + Bau). Parts that are compounds themselves are split
//! again, so every level of the compound is found. The word itself is always indexed as well (by
//! the analyzer): splitting only adds tokens, it never replaces the compound.
//!
//! The dictionary is the German noun list of the `german-nouns` package (CC BY-SA 4.0, see
//! `data/README.md`) plus a domain list of our own, folded like every indexed word, in an
//! `fst::Set`; a list of words that must never be split guards against false splits.

use crate::fold::fold;
use fst::Set;
use std::collections::HashSet;
use std::sync::LazyLock;

const NOUNS: &str = include_str!("../data/nouns-de.txt");
const DOMAIN: &str = include_str!("../data/domain-de.txt");
const NO_SPLIT: &str = include_str!("../data/no-split-de.txt");
const NO_PART: &str = include_str!("../data/no-part-de.txt");

/// Linking elements allowed between two parts, longest first.
const FUGEN: [&str; 7] = ["ens", "es", "en", "er", "s", "n", "e"];
/// Shortest word that is tried at all (in characters).
const MIN_WORD: usize = 7;
/// Shortest part, unless the part is in the domain list (which holds the good short ones:
/// amt, bau, rat, …).
const MIN_PART: usize = 4;
/// Parts at least this long are split again.
const MIN_NESTED: usize = 8;
/// Suffixes that make a noun of a group out of a noun ("Bürger" → "Bürgerschaft"), with their
/// plural, longest first.
const DERIVING: [&str; 2] = ["schaften", "schaft"];
/// Shortest noun a "-schaft" noun counts as made from: shorter ones are mostly other words
/// ("Wirt" in "Wirtschaft", "Land" in "Landschaft", "Herr" in "Herrschaft").
const MIN_DERIVED: usize = 5;

/// A folded word list for decompounding.
pub struct Dictionary {
    words: Set<Vec<u8>>,
    short: HashSet<String>,
    no_split: HashSet<String>,
    no_part: HashSet<String>,
}

static GERMAN: LazyLock<Dictionary> = LazyLock::new(|| {
    let domain: Vec<&str> = DOMAIN.lines().collect();
    Dictionary::new(
        NOUNS.lines().chain(domain.iter().copied()),
        domain
            .iter()
            .copied()
            .filter(|w| w.chars().count() < MIN_PART),
        NO_SPLIT.lines(),
    )
    .never_parts(NO_PART.lines())
});

impl Dictionary {
    /// The shipped German dictionary (built on first use, shared by all threads).
    pub fn german() -> &'static Dictionary {
        &GERMAN
    }

    /// A dictionary from word lists in any spelling (each word is folded).
    pub fn new<'a>(
        words: impl Iterator<Item = &'a str>,
        short: impl Iterator<Item = &'a str>,
        no_split: impl Iterator<Item = &'a str>,
    ) -> Dictionary {
        let mut folded: Vec<String> = words
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(fold)
            .collect();
        folded.sort_unstable();
        folded.dedup();
        let words = Set::from_iter(folded.iter()).unwrap_or_default();
        Dictionary {
            words,
            short: short.map(fold).collect(),
            no_split: no_split.map(str::trim).map(fold).collect(),
            no_part: HashSet::new(),
        }
    }

    /// Rare short words that are valid nouns but almost always a false part when a split finds
    /// them ("tand" in "ausbaus|tand", "samt" in "landrat|samt").
    pub fn never_parts<'a>(mut self, words: impl Iterator<Item = &'a str>) -> Dictionary {
        self.no_part = words
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(fold)
            .collect();
        self
    }

    /// Whether the folded word is in the dictionary.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The length and list rules for a part known to be a dictionary word.
    fn allowed(&self, part: &str, chars: usize) -> bool {
        (chars >= MIN_PART || self.short.contains(part)) && !self.no_part.contains(part)
    }

    /// For every end (in chars, after `start`) of a dictionary word that begins at char `start`:
    /// whether the text up to there is a word, and whether it is a word with an "e" added. One
    /// walk through the automaton instead of a lookup per candidate.
    fn ends(&self, word: &str, bounds: &[usize], start: usize) -> Vec<(bool, bool)> {
        let fst = self.words.as_fst();
        let bytes = word.as_bytes();
        let n = bounds.len() - 1;
        let mut out = vec![(false, false); n + 1];
        let mut node = fst.root();
        let mut next_char = start + 1;
        for (pos, &b) in bytes.iter().enumerate().skip(bounds[start]) {
            let Some(i) = node.find_input(b) else {
                break;
            };
            node = fst.node(node.transition(i).addr);
            if pos + 1 == bounds[next_char] {
                let with_e = node
                    .find_input(b'e')
                    .is_some_and(|t| fst.node(node.transition(t).addr).is_final());
                out[next_char] = (node.is_final(), with_e);
                next_char += 1;
            }
        }
        out
    }

    /// Every part of a folded compound, outer parts first, without the word itself; empty when
    /// the word is not a compound (or must not be split).
    pub fn split(&self, word: &str) -> Vec<String> {
        self.split_levels(word).1
    }

    /// The parts of the first level only ("breitbandausbau" → "breitband", "ausbau"), in order;
    /// empty when the word is not a compound. A query compound matches where all of these do.
    pub fn top_split(&self, word: &str) -> Vec<String> {
        self.split_levels(word).0
    }

    /// The first-level parts and every part, from one search for the split.
    pub fn split_levels(&self, word: &str) -> (Vec<String>, Vec<String>) {
        let mut out = Vec::new();
        let top = self.split_into(word, &mut out, 0);
        (top, out)
    }

    /// The noun a "-schaft" noun is made from, when that is a noun of the dictionary of at least
    /// `MIN_DERIVED` letters: "bürgerschaft" → "bürger", "partnerschaften" → "partner",
    /// "wissenschaft" → "wissen"; not "wirtschaft" ("wirt"), "landschaft" ("land") or
    /// "gemeinschaft" ("gemein" is no noun).
    pub fn derived_from(&self, word: &str) -> Option<String> {
        let base = DERIVING
            .iter()
            .find_map(|suffix| word.strip_suffix(suffix))?;
        (base.chars().count() >= MIN_DERIVED && self.contains(base) && !self.no_part.contains(base))
            .then(|| base.to_owned())
    }

    /// Adds every part of `word` to `out` and returns its first-level parts.
    fn split_into(&self, word: &str, out: &mut Vec<String>, depth: usize) -> Vec<String> {
        if depth > 3 || word.chars().count() < MIN_WORD || self.no_split.contains(word) {
            return Vec::new();
        }
        let Some(segments) = self.segments(word) else {
            return Vec::new();
        };
        let parts: Vec<String> = segments.into_iter().map(|s| s.form).collect();
        for part in &parts {
            if !out.contains(part) {
                out.push(part.clone());
            }
        }
        for part in &parts {
            if part.chars().count() >= MIN_NESTED {
                self.split_into(part, out, depth + 1);
            }
        }
        parts
    }

    /// The best split into at least two parts: the fewest parts, then the longest shortest
    /// part ("ausbau|stand" over "ausbaus|tand"), then the longer leading part.
    fn segments(&self, word: &str) -> Option<Vec<Segment>> {
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        let n = bounds.len() - 1;
        let mut best: Vec<Option<Step>> = vec![None; n + 1];
        for i in (0..n).rev() {
            let mut choice: Option<Step> = None;
            let ends = self.ends(word, &bounds, i);
            for j in (i + 1..=n).rev() {
                let (is_word, is_word_with_e) = ends[j];
                if !is_word && !is_word_with_e {
                    continue;
                }
                let part = &word[bounds[i]..bounds[j]];
                let chars = j - i;
                if j == n {
                    // The whole word is not a split of itself.
                    if i > 0 && is_word && self.allowed(part, chars) {
                        let step = Step {
                            parts: 1,
                            shortest: chars,
                            end: j,
                            next: n,
                            form: part.to_owned(),
                        };
                        if step.better_than(choice.as_ref()) {
                            choice = Some(step);
                        }
                    }
                    continue;
                }
                // A leading part as written, or with its final -e dropped ("schul" for "schule";
                // only from four letters, or "ent" would be read as "Ente").
                let form = if is_word && self.allowed(part, chars) {
                    part.to_owned()
                } else if is_word_with_e && chars >= MIN_PART {
                    let with_e = format!("{part}e");
                    if !self.allowed(&with_e, chars + 1) {
                        continue;
                    }
                    with_e
                } else {
                    continue;
                };
                let rest = &word[bounds[j]..];
                for link in std::iter::once("").chain(FUGEN) {
                    if !rest.starts_with(link) {
                        continue;
                    }
                    let k = j + link.chars().count();
                    if k >= n {
                        continue;
                    }
                    if let Some(after) = &best[k] {
                        let step = Step {
                            parts: after.parts + 1,
                            shortest: after.shortest.min(chars),
                            end: j,
                            next: k,
                            form: form.clone(),
                        };
                        if step.better_than(choice.as_ref()) {
                            choice = Some(step);
                        }
                    }
                }
            }
            best[i] = choice;
        }
        let first = best[0].as_ref()?;
        if first.parts < 2 {
            return None;
        }
        let mut segments = Vec::with_capacity(first.parts);
        let mut i = 0;
        while i < n {
            let step = best[i].as_ref()?;
            segments.push(Segment {
                written: word[bounds[i]..bounds[step.end]].to_owned(),
                link: word[bounds[step.end]..bounds[step.next]].to_owned(),
                form: step.form.clone(),
            });
            i = step.next;
        }
        Some(segments)
    }
}

/// The best way found to split the rest of a word from some position on.
#[derive(Clone, Debug)]
struct Step {
    /// Parts from here to the end.
    parts: usize,
    /// Length of the shortest of those parts, in characters.
    shortest: usize,
    /// End of the part that starts here.
    end: usize,
    /// Start of the next part (after the linking element).
    next: usize,
    /// Dictionary form of the part that starts here.
    form: String,
}

impl Step {
    /// Candidates are tried with the longest leading part first, so on a full tie the earlier
    /// one stays.
    fn better_than(&self, other: Option<&Step>) -> bool {
        other.is_none_or(|o| {
            (self.parts, std::cmp::Reverse(self.shortest))
                < (o.parts, std::cmp::Reverse(o.shortest))
        })
    }
}

/// One part of a split word: as written, the linking element after it, and its dictionary form.
#[derive(Debug)]
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "written and link are read by the tests")
)]
struct Segment {
    written: String,
    link: String,
    form: String,
}

#[cfg(test)]
mod tests {
    use super::Dictionary;

    fn small() -> Dictionary {
        Dictionary::new(
            [
                "breit",
                "band",
                "breitband",
                "ausbau",
                "glas",
                "faser",
                "glasfaser",
                "netz",
                "schule",
                "bau",
                "preis",
                "bindung",
                "gesetz",
                "arbeit",
                "markt",
                "abteilung",
                "teil",
                "digitalisierung",
                "strategie",
                "amt",
                "land",
                "rat",
                "breitbandausbau",
                "arbeitsmarkt",
                "ausbaus",
                "stand",
                "tand",
                "ente",
                "wurf",
                "entwurf",
            ]
            .into_iter(),
            ["bau", "amt", "rat"].into_iter(),
            ["abteilung"].into_iter(),
        )
        .never_parts(["tand"].into_iter())
    }

    #[test]
    fn a_compound_yields_its_parts_and_their_parts() {
        let d = small();
        assert_eq!(
            d.split("breitbandausbau"),
            ["breitband", "ausbau", "breit", "band"]
        );
        assert_eq!(
            d.split("glasfasernetz"),
            ["glasfaser", "netz", "glas", "faser"]
        );
    }

    #[test]
    fn the_first_level_of_a_split_is_the_parts_a_query_compound_needs() {
        let d = small();
        assert_eq!(d.top_split("breitbandausbau"), ["breitband", "ausbau"]);
        assert_eq!(d.top_split("breitband"), ["breit", "band"]);
        assert_eq!(d.top_split("schulbau"), ["schule", "bau"]);
        assert!(d.top_split("glasfaser").len() == 2 && d.top_split("netz").is_empty());
        assert!(d.top_split("abteilung").is_empty(), "never split");
    }

    #[test]
    fn linking_elements_and_a_dropped_e_are_understood() {
        let d = small();
        assert_eq!(
            d.split("preisbindungsgesetz"),
            ["preis", "bindung", "gesetz"]
        );
        assert_eq!(d.split("arbeitsmarkt"), ["arbeit", "markt"]);
        assert_eq!(d.split("schulbau"), ["schule", "bau"]);
        assert_eq!(
            d.split("digitalisierungsstrategie"),
            ["digitalisierung", "strategie"]
        );
        assert_eq!(d.split("landratsamt"), ["land", "rat", "amt"]);
    }

    #[test]
    fn a_compound_in_the_dictionary_is_still_split() {
        let d = small();
        assert_eq!(d.split("arbeitsmarkt"), ["arbeit", "markt"]);
        assert!(d.split("breitbandausbau").contains(&"ausbau".to_owned()));
    }

    #[test]
    fn ties_go_to_the_split_with_the_longer_shortest_part() {
        let d = small();
        assert_eq!(d.split("ausbaustand"), ["ausbau", "stand"]);
    }

    #[test]
    fn short_stems_are_not_read_as_nouns_without_their_e() {
        // "ent" + "wurf" must not become "Ente" + "Wurf".
        assert!(small().split("entwurf").is_empty());
    }

    #[test]
    fn words_that_are_no_compounds_stay_whole() {
        let d = small();
        assert!(
            d.split("abteilung").is_empty(),
            "guarded by the no-split list"
        );
        assert!(d.split("strategie").is_empty());
        assert!(d.split("bandbreiteX").is_empty());
        assert!(d.split("band").is_empty());
    }

    #[test]
    fn parts_reassemble_to_the_word() {
        let d = small();
        for word in [
            "breitbandausbau",
            "preisbindungsgesetz",
            "schulbau",
            "landratsamt",
            "glasfasernetz",
        ] {
            let segments = d.segments(word).unwrap_or_default();
            assert!(segments.len() >= 2, "{word} was not split");
            let joined: String = segments
                .iter()
                .map(|s| format!("{}{}", s.written, s.link))
                .collect();
            assert_eq!(joined, word);
            for s in &segments {
                assert!(
                    s.form == s.written || s.form == format!("{}e", s.written),
                    "{s:?}"
                );
                assert!(
                    s.link.is_empty() || super::FUGEN.contains(&s.link.as_str()),
                    "{s:?}"
                );
            }
        }
    }
}
