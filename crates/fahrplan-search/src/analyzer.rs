//! The German analyzer: words → folded (ä/ae, ß/ss, …) → Snowball German stems, plus the stems of
//! a compound's parts at the compound's own position. Used for indexing and for queries alike.
//! Long tokens are never dropped (tantivy's default tokenizer silently drops those over 40 bytes,
//! which loses long German compounds).

use crate::decompound::Dictionary;
use crate::fold::fold;
use crate::stem::{participle_stem, stem_of};
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name under which the analyzer is registered with the index.
pub const GERMAN: &str = "fahrplan_de";

/// Marks a compound's part in the index ("~glasfaser" for the part of "Glasfaserausbau"), so
/// that a query word finds the word itself before the compounds it is part of, and a word that
/// only shares a stem with a part ("Breite", "breit" in "Breitband") is not taken for it.
pub const PART_MARK: char = '~';
/// [`PART_MARK`] as the byte that starts a marked part in the term dictionary.
pub const PART_MARK_BYTE: u8 = b'~';

/// Longest token kept whole, in bytes (tantivy's hard limit is 65,530); longer runs of letters
/// are cut there rather than dropped.
const MAX_TOKEN: usize = 255;
/// How many analysed words each cache shard remembers before it starts over.
const SHARD_LIMIT: usize = 8_192;
/// Cache shards (indexing threads and searches share the cache).
const SHARDS: usize = 16;

type Shard = Mutex<HashMap<String, Arc<Analysed>>>;

/// Analyses shared by every tokenizer of the process: compounds repeat a lot in administrative
/// text, and decompounding a word costs far more than a lookup.
static CACHE: LazyLock<(RandomState, Vec<Shard>)> = LazyLock::new(|| {
    (
        RandomState::new(),
        (0..SHARDS).map(|_| Mutex::default()).collect(),
    )
});

fn shard(word: &str) -> &'static Shard {
    let (hasher, shards) = &*CACHE;
    let i = usize::try_from(hasher.hash_one(word) % SHARDS as u64).unwrap_or(0);
    &shards[i]
}

/// One analysed word: its stem and the stems of its compound parts (without the stem itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysed {
    /// The folded word, unstemmed (for prefix matching).
    pub folded: String,
    /// The stem of the folded word.
    pub stem: String,
    /// Stems of the compound parts, every level (indexed at the compound's position).
    pub parts: Vec<String>,
    /// Stems of the first-level parts, in order ("breitbandausbau" → "breitband", "ausbau"):
    /// what a compound typed in a query needs to match all of, when the word itself is absent.
    pub split: Vec<String>,
    /// For a past participle written in lower case, the stem of its verb ("ausgestattet" →
    /// "ausstatt"), indexed at its position.
    pub verb: Option<String>,
}

/// Analysis of single words (cached process-wide) and the tantivy tokenizer built on it.
#[derive(Clone)]
pub struct GermanTokenizer {
    dict: &'static Dictionary,
    stemmer: frostem::Stemmer,
    tokens: Vec<Token>,
}

impl Default for GermanTokenizer {
    fn default() -> Self {
        GermanTokenizer::new(Dictionary::german())
    }
}

/// Splits text into words: runs of letters and digits, with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

impl GermanTokenizer {
    /// An analyzer over the given dictionary.
    pub fn new(dict: &'static Dictionary) -> Self {
        GermanTokenizer {
            dict,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::German),
            tokens: Vec::new(),
        }
    }

    /// Analyses one word (as written; it is folded here).
    pub fn analyse(&mut self, word: &str) -> Analysed {
        Analysed::clone(&self.analyse_shared(word))
    }

    fn analyse_shared(&mut self, word: &str) -> Arc<Analysed> {
        let shard = shard(word);
        if let Some(a) = shard
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(word)
        {
            return Arc::clone(a);
        }
        let mut folded = fold(word);
        if folded.len() > MAX_TOKEN {
            let mut cut = MAX_TOKEN;
            while !folded.is_char_boundary(cut) {
                cut -= 1;
            }
            folded.truncate(cut);
        }
        let stem = stem_of(&self.stemmer, &folded);
        let mut parts = Vec::new();
        let (top, mut all) = self.dict.split_levels(&folded);
        // A "-schaft" noun is also found by the noun it is made from ("Bürgerschaft": "Bürger").
        let derived: Vec<String> = std::iter::once(&folded)
            .chain(&all)
            .filter_map(|w| self.dict.derived_from(w))
            .collect();
        all.extend(derived);
        for part in all {
            let s = stem_of(&self.stemmer, &part);
            if s != stem && !parts.contains(&s) {
                parts.push(s);
            }
        }
        let split = top.iter().map(|p| stem_of(&self.stemmer, p)).collect();
        // Only a word written in lower case can be a participle: "Gesetz" is a noun.
        let verb = word
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
            .then(|| participle_stem(&folded))
            .flatten()
            .filter(|v| *v != stem);
        let a = Arc::new(Analysed {
            folded,
            stem,
            parts,
            split,
            verb,
        });
        let mut map = shard.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= SHARD_LIMIT {
            map.clear();
        }
        map.insert(word.to_owned(), Arc::clone(&a));
        a
    }

    /// Analyses a text into (position, word offset, analysis) triples.
    pub fn analyse_text(&mut self, text: &str) -> Vec<(usize, usize, Analysed)> {
        words(text)
            .enumerate()
            .map(|(pos, (offset, w))| (pos, offset, self.analyse(w)))
            .collect()
    }
}

/// The token stream over precomputed tokens.
pub struct Tokens<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The token stream of the German analyzer: words are analysed as the indexer asks for them,
/// so even a text of many megabytes never has all its tokens in memory at once. At a word's
/// position come its stem, its compound parts (marked with [`PART_MARK`]) and, where the word
/// starts a chain joined by hyphens ("Start-ups", "IT-Sicherheit"), the stem of the chain
/// written as one word, so "Startups" finds "Start-ups"; and for a past participle in lower
/// case, the stem of its verb, so "ausstatten" finds "ausgestattet".
pub struct GermanStream<'a> {
    tokenizer: &'a mut GermanTokenizer,
    text: &'a str,
    words: Box<dyn Iterator<Item = (usize, &'a str)> + 'a>,
    position: usize,
    current: Option<Arc<Analysed>>,
    /// The stem of the hyphen chain that starts at the current word.
    joined: Option<String>,
    /// The verb stem of the current word, if it is a past participle.
    participle: Option<String>,
    /// 0: the stem comes next; n: the n-th part comes next; past the parts, the joined stem.
    next: usize,
    token: Token,
}

impl GermanStream<'_> {
    /// The stem of the hyphen chain that starts with the word at `offset..end`, if one does.
    fn chain_at(&mut self, offset: usize, end: usize) -> Option<String> {
        let before = self.text[..offset].chars().rev();
        if hyphen_then_word(before) {
            return None; // inside a chain: its first word carries the joined form
        }
        let mut joined = fold(&self.text[offset..end]);
        let mut rest = &self.text[end..];
        let mut links = 0;
        while let Some(after) = rest.strip_prefix('-') {
            let len = after
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(after.len(), |(i, _)| i);
            if len == 0 {
                break;
            }
            joined.push_str(&fold(&after[..len]));
            rest = &after[len..];
            links += 1;
        }
        (links > 0 && joined.len() <= MAX_TOKEN)
            .then(|| self.tokenizer.analyse_shared(&joined).stem.clone())
    }
}

/// Whether the characters (read backwards) start with a hyphen that follows a letter or digit.
fn hyphen_then_word(mut back: impl Iterator<Item = char>) -> bool {
    back.next() == Some('-') && back.next().is_some_and(char::is_alphanumeric)
}

impl TokenStream for GermanStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(a) = &self.current {
                let n = self.next;
                let text = &mut self.token.text;
                text.clear();
                let emitted = if n == 0 {
                    text.push_str(&a.stem);
                    true
                } else if let Some(part) = a.parts.get(n - 1) {
                    text.push(PART_MARK);
                    text.push_str(part);
                    true
                } else if let Some(joined) = self.joined.take() {
                    text.push_str(&joined);
                    true
                } else if let Some(verb) = self.participle.take() {
                    text.push_str(&verb);
                    true
                } else {
                    false
                };
                if emitted {
                    self.next += 1;
                    return true;
                }
            }
            let Some((offset, word)) = self.words.next() else {
                return false;
            };
            self.current = Some(self.tokenizer.analyse_shared(word));
            self.joined = self.chain_at(offset, offset + word.len());
            self.participle = self.current.as_ref().and_then(|a| a.verb.clone());
            self.next = 0;
            self.token.offset_from = offset;
            self.token.offset_to = offset + word.len();
            self.token.position = self.position;
            self.position += 1;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for GermanTokenizer {
    type TokenStream<'a> = GermanStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> GermanStream<'a> {
        GermanStream {
            tokenizer: self,
            text,
            words: Box::new(words(text)),
            position: 0,
            current: None,
            joined: None,
            participle: None,
            next: 0,
            token: Token::default(),
        }
    }
}

/// A tokenizer for highlighting: it analyses only words that can yield one of the searched
/// stems (a stem or part is always a substring of the folded word), so finding the snippet in a
/// long text costs little.
#[derive(Clone)]
pub struct HighlightTokenizer {
    inner: GermanTokenizer,
    terms: Arc<Vec<String>>,
}

impl HighlightTokenizer {
    /// Highlights `terms` (stems and parts as the index holds them).
    pub fn new(terms: Vec<String>) -> Self {
        HighlightTokenizer {
            inner: GermanTokenizer::default(),
            terms: Arc::new(terms),
        }
    }
}

impl Tokenizer for HighlightTokenizer {
    type TokenStream<'a> = Tokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        let mut tokens = std::mem::take(&mut self.inner.tokens);
        tokens.clear();
        for (position, (offset, word)) in words(text).enumerate() {
            let folded = fold(word);
            if !self.terms.iter().any(|t| folded.contains(t.as_str())) {
                // Still a token, so the snippet keeps its context around the matches.
                tokens.push(Token {
                    offset_from: offset,
                    offset_to: offset + word.len(),
                    position,
                    text: folded,
                    position_length: 1,
                });
                continue;
            }
            let a = self.inner.analyse_shared(word);
            for text in std::iter::once(&a.stem).chain(&a.parts) {
                tokens.push(Token {
                    offset_from: offset,
                    offset_to: offset + word.len(),
                    position,
                    text: text.clone(),
                    position_length: 1,
                });
            }
        }
        self.inner.tokens = tokens;
        Tokens {
            tokens: &mut self.inner.tokens,
            next: 0,
        }
    }
}

#[cfg(test)]
mod tests;
