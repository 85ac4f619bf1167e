//! How alike two blocks are, for keeping a block's id across an edit: the Dice coefficient of
//! their words, or of their letter pairs when both are short. Markup, case and the punctuation
//! around words do not count.

use std::collections::HashMap;

/// From this similarity on, an edited block is taken for the block it was and keeps its id.
/// At 0.5 a block keeps its id while at least half of its words (counted over both versions)
/// stay: a typo fix or a reworded clause keeps it, a rewritten paragraph gets a new one.
pub const SIMILAR: f64 = 0.5;

/// Blocks of at most this many words are compared by letter pairs, so that a typo fixed in a
/// short heading ("Ziele" to "Ziel") does not make it a different block.
const SHORT: usize = 3;

/// How alike two Markdown blocks are, from 0 (nothing in common) to 1 (the same words). The Dice
/// coefficient 2·|A∩B| / (|A|+|B|) over the multisets of their words (lower-cased, without the
/// punctuation and markup around them); when both have at most three words, over the letter
/// pairs of those words instead.
pub fn similarity(a: &str, b: &str) -> f64 {
    let mut words = Words::default();
    let (pa, pb) = (words.profile(a), words.profile(b));
    pa.similarity(&pb)
}

/// Interns normalised words, so that a text's words compare as numbers.
#[derive(Default)]
pub(crate) struct Words {
    ids: HashMap<String, u32>,
}

/// What [`similarity`] compares of a block, prepared once.
pub(crate) struct Profile {
    /// The block's words, interned and sorted.
    words: Vec<u32>,
    /// The letter pairs of the block's words (each padded with a space at both ends), sorted;
    /// only for short blocks.
    pairs: Option<Vec<(char, char)>>,
}

impl Words {
    /// Prepares `markdown` for comparison.
    pub(crate) fn profile(&mut self, markdown: &str) -> Profile {
        let normal: Vec<String> = normal_words(markdown).collect();
        let pairs = (normal.len() <= SHORT).then(|| {
            let mut pairs: Vec<(char, char)> = normal
                .iter()
                .flat_map(|w| {
                    let padded: Vec<char> = std::iter::once(' ')
                        .chain(w.chars())
                        .chain(std::iter::once(' '))
                        .collect();
                    padded.windows(2).map(|p| (p[0], p[1])).collect::<Vec<_>>()
                })
                .collect();
            pairs.sort_unstable();
            pairs
        });
        let mut words: Vec<u32> = normal
            .into_iter()
            .map(|w| {
                let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                *self.ids.entry(w).or_insert(next)
            })
            .collect();
        words.sort_unstable();
        Profile { words, pairs }
    }
}

impl Profile {
    /// [`similarity`] of the two blocks behind the profiles.
    pub(crate) fn similarity(&self, other: &Profile) -> f64 {
        match (&self.pairs, &other.pairs) {
            (Some(a), Some(b)) => dice(a, b),
            _ => dice(&self.words, &other.words),
        }
    }
}

/// The Dice coefficient of two sorted multisets; 0 when both are empty.
fn dice<T: Ord>(a: &[T], b: &[T]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    ratio(2 * shared, total)
}

/// `part / whole` as a float; block sizes are far below 2^52.
#[expect(clippy::cast_precision_loss, reason = "counts of words stay small")]
fn ratio(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}

/// The words of `markdown`, lower-cased, without the punctuation and markup around them. A token
/// of markup alone (`-`, `##`, `|`) is no word, and neither is an ordered list item's number.
fn normal_words(markdown: &str) -> impl Iterator<Item = String> + '_ {
    markdown
        .split_whitespace()
        .enumerate()
        .filter_map(|(i, token)| {
            let word = token.trim_matches(|c: char| !c.is_alphanumeric());
            let numbers_item = i == 0
                && token
                    .strip_suffix(['.', ')'])
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            (!word.is_empty() && !numbers_item).then(|| word.to_lowercase())
        })
}
