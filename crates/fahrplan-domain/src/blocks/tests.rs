//! Tests of `blocks`, one file per concern; helpers shared by them live here.

mod content_files;
mod keeping_ids;
mod properties;
mod splitting;
mod version_diff;
mod word_diffs;
mod writing;

use super::*;

/// The HTML that the web renderer's Markdown options make of `markdown`.
fn html(markdown: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(
        &mut out,
        pulldown_cmark::Parser::new_ext(markdown, split::OPTIONS),
    );
    out
}

/// The Markdown of each block.
fn texts(blocks: &[Block]) -> Vec<&str> {
    blocks.iter().map(|b| b.markdown.as_str()).collect()
}

/// A block of kind paragraph with text `markdown`.
fn para(markdown: &str) -> Block {
    Block {
        kind: BlockKind::Paragraph,
        markdown: markdown.to_owned(),
        tight: false,
    }
}

/// A source of fresh ids `n1`, `n2`, … for `assign_ids`.
fn counter() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("n{n}")
    }
}

/// A version with ids `p0`, `p1`, … for the given paragraphs.
fn version(paragraphs: &[&str]) -> Vec<IdBlock> {
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| IdBlock::new(format!("p{i}"), para(p)))
        .collect()
}

/// The ids of a version.
fn ids_of(blocks: &[IdBlock]) -> Vec<&str> {
    blocks.iter().map(|b| b.id.as_str()).collect()
}

/// The old and the new text that the runs of a word diff describe.
fn sides(runs: &[DiffRun]) -> (String, String) {
    let (mut old, mut new) = (String::new(), String::new());
    for r in runs {
        match r {
            DiffRun::Same(t) => {
                old.push_str(t);
                new.push_str(t);
            }
            DiffRun::Removed(t) => old.push_str(t),
            DiffRun::Added(t) => new.push_str(t),
        }
    }
    (old, new)
}

/// A small deterministic generator (xorshift64*) for the property tests: no dependency, the
/// same cases on every run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A made-up German-looking word from a vocabulary of about 4,000.
    fn word(&mut self) -> String {
        const FIRST: &[&str] = &[
            "Ver", "Be", "Zu", "Ent", "Aus", "Um", "Frei", "Land", "Netz", "Stadt", "Bür", "Da",
            "Ge", "Mit", "Rad", "Schu", "Ar", "Wirt", "För", "Öf",
        ];
        const MIDDLE: &[&str] = &[
            "wal", "tra", "stär", "ga", "bei", "lei", "fen", "ger", "ten", "bil", "dung", "gli",
            "tung", "zei", "kunft", "ü", "rä", "mö", "sa", "fah",
        ];
        const LAST: &[&str] = &["", "en", "ung", "er", "lich", "keit", "ten", "e", "t", "s"];
        let mut w = String::new();
        w.push_str(self.pick(FIRST));
        w.push_str(self.pick(MIDDLE));
        w.push_str(self.pick(LAST));
        if self.chance(50) {
            w = w.to_lowercase();
        }
        w
    }

    /// `n` words separated by single spaces, with a line break now and then.
    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(if self.chance(8) { '\n' } else { ' ' });
            }
            s.push_str(&self.word());
        }
        s
    }
}
