//! The words of the index, as the query builder asks for them: how many documents hold a term,
//! and which terms lie within a few edits of a misspelt one.

use crate::analyzer::{Analysed, PART_MARK, PART_MARK_BYTE};
use crate::query::Vocabulary;
use crate::search::distance;
use std::collections::HashMap;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

/// Shortest term offered as a correction, in characters.
const MIN_CORRECTION: usize = 4;
/// Longest ending (in bytes) the stemmer takes off a word ("ungen", "heit", "lichen").
const MAX_ENDING: usize = 6;
/// Documents up to which an index counts as small: every term list is walked for corrections.
const SMALL_INDEX: u64 = 2_000;
/// Shortest stem (in bytes) that a misspelt word is taken to start with.
const MIN_STEM_OF: usize = 5;

/// The vocabulary of the text fields of one searcher (one point in time of the index).
pub struct IndexVocabulary<'a> {
    searcher: &'a Searcher,
    /// Fields with small term lists (titles, headings), walked first for corrections.
    small: Vec<Field>,
    /// Fields with large term lists (the text), walked only when the small ones offer no
    /// correction within one edit.
    large: Vec<Field>,
}

impl<'a> IndexVocabulary<'a> {
    /// The terms of `small` and `large` fields as `searcher` sees them.
    pub fn new(searcher: &'a Searcher, small: Vec<Field>, large: Vec<Field>) -> Self {
        IndexVocabulary {
            searcher,
            small,
            large,
        }
    }

    fn fields(&self) -> impl Iterator<Item = &Field> {
        self.small.iter().chain(&self.large)
    }
}

impl Vocabulary for IndexVocabulary<'_> {
    fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn doc_freq(&self, term: &str) -> u64 {
        let part = format!("{PART_MARK}{term}");
        self.fields()
            .flat_map(|f| {
                [
                    Term::from_field_text(*f, term),
                    Term::from_field_text(*f, &part),
                ]
            })
            .filter_map(|t| self.searcher.doc_freq(&t).ok())
            .max()
            .unwrap_or(0)
    }

    fn extended(&self, start: &str, max_len: usize, cap: usize) -> Vec<String> {
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            for f in self.fields() {
                let Ok(inverted) = segment.inverted_index(*f) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().range().ge(start).into_stream() else {
                    continue;
                };
                while stream.advance() {
                    let key = stream.key();
                    if !key.starts_with(start.as_bytes()) {
                        break;
                    }
                    if key.len() <= max_len
                        && let Ok(text) = std::str::from_utf8(key)
                    {
                        let n = u64::from(stream.value().doc_freq);
                        let e = found.entry(text.to_owned()).or_default();
                        *e = (*e).max(n);
                    }
                }
            }
        }
        let mut ranked: Vec<(u64, String)> = found.into_iter().map(|(t, n)| (n, t)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        ranked.into_iter().take(cap).map(|(_, t)| t).collect()
    }

    fn near(&self, word: &Analysed, distance_max: u8, cap: usize, min_docs: u64) -> Vec<String> {
        // One search asks for the same word's corrections several times (its clause, its
        // highlights, "did you mean"); walking the term dictionaries is the costly part.
        let key = (
            self.searcher.generation().generation_id(),
            word.folded.clone(),
            distance_max,
            cap,
            min_docs,
        );
        if let Some(hit) = NEAR.with(|c| c.borrow().get(&key).cloned()) {
            return hit;
        }
        let found = self.walk(word, distance_max, cap, min_docs);
        NEAR.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= NEAR_CACHE {
                c.clear();
            }
            c.insert(key, found.clone());
        });
        found
    }
}

/// A ranked correction: (edits, longer first, more common first, term).
type Ranked = (
    usize,
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<u64>,
    String,
);

/// Corrections by (index generation, folded word, budget, cap, least documents), per thread.
type NearKey = (u64, String, u8, usize, u64);

thread_local! {
    static NEAR: std::cell::RefCell<HashMap<NearKey, Vec<String>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// Corrections remembered per thread before the cache starts over.
const NEAR_CACHE: usize = 4_096;

impl IndexVocabulary<'_> {
    fn walk(&self, word: &Analysed, distance_max: u8, cap: usize, min_docs: u64) -> Vec<String> {
        let Some(field) = self.fields().next() else {
            return Vec::new();
        };
        let automaton = |text: &str| {
            FuzzyTermQuery::new(Term::from_field_text(*field, text), distance_max, true)
                .automaton()
                .ok()
        };
        let (Some(of_stem), Some(of_word)) = (automaton(&word.stem), automaton(&word.folded))
        else {
            return Vec::new();
        };
        // Stems within the budget of the misspelt word's stem ("digitalisir" → "digitalisier"),
        // and stems the misspelt word would have if spelt right: a typo in an ending keeps the
        // stemmer from taking it off ("verwaltnug" stays whole, "verwaltung" is "verwalt").
        let min_len = word
            .folded
            .len()
            .saturating_sub(MAX_ENDING)
            .max(MIN_STEM_OF);
        let stem_of = StemOf {
            word: &of_word,
            min_len,
        };
        let small = self.rank(
            word,
            &self.small,
            &self.small,
            &of_stem,
            &stem_of,
            cap,
            min_docs,
        );
        // On a large index the text's term lists are walked only for a word the index does
        // not know at all (`min_docs` 1): a rare word is corrected only towards common ones,
        // which the titles and headings hold, and walking every segment's text costs most of
        // a search there. A small index (a portal's own pages) is walked whole.
        let large_index = self.searcher.num_docs() > SMALL_INDEX;
        if (large_index && min_docs > 1) || small.first().is_some_and(|(d, ..)| *d <= 1) {
            return small.into_iter().map(|(.., t)| t).collect();
        }
        let fields: Vec<Field> = self.fields().copied().collect();
        // On a large index a typo in the ending is looked for in titles and headings only: that
        // walk accepts every term the word could start with, the widest walk of all.
        let stem_fields: &[Field] = if large_index { &self.small } else { &fields };
        self.rank(
            word,
            &fields,
            stem_fields,
            &of_stem,
            &stem_of,
            cap,
            min_docs,
        )
        .into_iter()
        .map(|(.., t)| t)
        .collect()
    }

    /// The corrections found in `fields` (stems with an ending in `stem_fields`), ranked, as
    /// (edits, longest, most common, term).
    #[allow(clippy::too_many_arguments, reason = "the two walks and their bounds")]
    fn rank<A, B>(
        &self,
        word: &Analysed,
        fields: &[Field],
        stem_fields: &[Field],
        of_stem: &A,
        stem_of: &B,
        cap: usize,
        min_docs: u64,
    ) -> Vec<Ranked>
    where
        A: Automaton,
        A::State: Clone,
        B: Automaton,
        B::State: Clone,
    {
        let mut near: HashMap<String, u64> = HashMap::new();
        self.collect(fields, &Words(of_stem), &mut near);
        let mut stems: HashMap<String, u64> = HashMap::new();
        self.collect(stem_fields, &Words(stem_of), &mut stems);
        // A stem the word could start with counts only where the rest of the word is an ending
        // the stemmer takes off, with at most one edit in all: otherwise short stems match
        // almost anything ("helf" for "effizienz", "breit" for "breitbnad").
        let stems = stems
            .into_iter()
            .map(|(t, n)| (stem_and_ending_distance(&word.folded, &t), t, n))
            .filter(|(d, ..)| *d <= 1);
        let near = near
            .into_iter()
            .map(|(t, n)| (distance(&word.stem, &t), t, n));
        let mut ranked: Vec<Ranked> = near
            .chain(stems)
            .filter(|(_, t, n)| *t != word.stem && *n >= min_docs)
            .map(|(d, t, n)| (d, std::cmp::Reverse(t.len()), std::cmp::Reverse(n), t))
            .collect();
        ranked.sort();
        let mut seen = std::collections::HashSet::new();
        ranked.retain(|r| seen.insert(r.3.clone()));
        ranked.truncate(cap);
        ranked
    }

    /// The same words, without typo corrections.
    pub fn without_corrections(&self) -> AsTyped<'_, '_> {
        AsTyped(self)
    }

    /// Adds the terms `automaton` accepts, with the documents that hold each (the most any one
    /// field has: a title word is mostly also a body word).
    fn collect<A>(&self, fields: &[Field], automaton: &A, found: &mut HashMap<String, u64>)
    where
        A: Automaton,
        A::State: Clone,
    {
        for segment in self.searcher.segment_readers() {
            for f in fields {
                let Ok(inverted) = segment.inverted_index(*f) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
                    continue;
                };
                while stream.advance() {
                    let Ok(text) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    // Parts are found through their word; the marked forms are not offered.
                    if !text.starts_with(PART_MARK) && text.chars().count() >= MIN_CORRECTION {
                        let n = u64::from(stream.value().doc_freq);
                        let e = found.entry(text.to_owned()).or_default();
                        *e = (*e).max(n);
                    }
                }
            }
        }
    }
}

/// Endings the German stemmer takes off (alone or combined), folded.
const ENDINGS: [&str; 33] = [
    "", "e", "em", "en", "ern", "er", "es", "s", "n", "st", "est", "end", "ende", "enden", "ung",
    "ungen", "heit", "heiten", "keit", "keiten", "lich", "liche", "lichen", "licher", "isch",
    "ische", "ischen", "ig", "ige", "igen", "iger", "ik", "iken",
];

/// The least edits that turn `word` into `stem` followed by an ending the stemmer takes off:
/// how far the misspelt word is from a correct word with that stem.
fn stem_and_ending_distance(word: &str, stem: &str) -> usize {
    let n = stem.chars().count();
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .collect();
    (n.saturating_sub(1)..=n + 1)
        .filter_map(|len| bounds.get(len).map(|&end| (&word[..end], &word[end..])))
        .map(|(head, tail)| {
            let ending = ENDINGS
                .iter()
                .map(|e| distance(tail, e))
                .min()
                .unwrap_or(usize::MAX);
            distance(head, stem).saturating_add(ending)
        })
        .min()
        .unwrap_or(usize::MAX)
}

/// An automaton that never enters the marked parts ("~…"): they are found through their word,
/// and their branch of the dictionary is as large again as the words'.
struct Words<'a, A>(&'a A);

impl<A: Automaton> Automaton for Words<'_, A> {
    /// The inner state, `None` once the term is a marked part; and whether a byte was read.
    type State = (Option<A::State>, bool);

    fn start(&self) -> Self::State {
        (Some(self.0.start()), false)
    }

    fn is_match(&self, (state, _): &Self::State) -> bool {
        state.as_ref().is_some_and(|s| self.0.is_match(s))
    }

    fn can_match(&self, (state, _): &Self::State) -> bool {
        state.as_ref().is_some_and(|s| self.0.can_match(s))
    }

    fn accept(&self, (state, started): &Self::State, byte: u8) -> Self::State {
        if !*started && byte == PART_MARK_BYTE {
            return (None, true);
        }
        (state.as_ref().map(|s| self.0.accept(s, byte)), true)
    }
}

/// Accepts the terms that a word within the edit budget could start with, from `min_len` bytes:
/// the stems a correctly spelt word could have.
struct StemOf<'a, A> {
    word: &'a A,
    min_len: usize,
}

impl<A: Automaton> Automaton for StemOf<'_, A> {
    type State = (A::State, usize);

    fn start(&self) -> Self::State {
        (self.word.start(), 0)
    }

    fn is_match(&self, (state, len): &Self::State) -> bool {
        *len >= self.min_len && self.word.can_match(state)
    }

    fn can_match(&self, (state, _): &Self::State) -> bool {
        self.word.can_match(state)
    }

    fn accept(&self, (state, len): &Self::State, byte: u8) -> Self::State {
        (self.word.accept(state, byte), len + 1)
    }
}

/// A vocabulary that offers no corrections: the words of a query as typed.
pub struct AsTyped<'v, 'a>(&'v IndexVocabulary<'a>);

impl Vocabulary for AsTyped<'_, '_> {
    fn num_docs(&self) -> u64 {
        self.0.num_docs()
    }

    fn doc_freq(&self, term: &str) -> u64 {
        self.0.doc_freq(term)
    }

    fn near(&self, _: &Analysed, _: u8, _: usize, _: u64) -> Vec<String> {
        Vec::new()
    }

    fn extended(&self, start: &str, max_len: usize, cap: usize) -> Vec<String> {
        self.0.extended(start, max_len, cap)
    }
}
