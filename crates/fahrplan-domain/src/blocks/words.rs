//! A word diff of two texts for people to read: runs of words that stayed, were removed or were
//! added, with the whitespace kept so that the runs read as text.

use super::myers::{self, Interner};
use serde::{Deserialize, Serialize};

/// A run of a word diff. Joining the `Same` and `Removed` runs in order gives the old text, the
/// `Same` and `Added` runs the new text, byte for byte. Serialised as `{"same": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffRun {
    /// Text in both versions.
    Same(String),
    /// Text only in the new version.
    Added(String),
    /// Text only in the old version.
    Removed(String),
}

/// The word diff from `old` to `new`. Words are runs of non-whitespace and whitespace runs are
/// tokens of their own, compared by a shortest edit script (Myers, O(ND)). For readability a change
/// is one `Removed` run followed by one `Added` run, and whitespace between two changed words
/// belongs to the change instead of splitting it into pieces.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffRun> {
    let (a, b) = (tokens(old), tokens(new));
    let mut interner = Interner::default();
    let ka: Vec<u32> = a.iter().map(|t| interner.key(t)).collect();
    let kb: Vec<u32> = b.iter().map(|t| interner.key(t)).collect();
    let pairs = myers::common(&ka, &kb);

    let mut ops: Vec<(Op, &str)> = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    for (x, y) in pairs.into_iter().chain([(a.len(), b.len())]) {
        ops.extend(a[i..x].iter().map(|t| (Op::Removed, *t)));
        ops.extend(b[j..y].iter().map(|t| (Op::Added, *t)));
        if x < a.len() {
            ops.push((Op::Same, a[x]));
        }
        (i, j) = (x + 1, y + 1);
    }
    slide_to_words(&mut ops);

    // Steps: each is a stretch of equal tokens or a change (removed and added text).
    let mut steps: Vec<Step<'_>> = Vec::new();
    for (op, t) in ops {
        match (op, steps.last_mut()) {
            (Op::Same, _) => steps.push(Step::Same(t)),
            (Op::Removed, Some(Step::Change(r, _))) => r.push_str(t),
            (Op::Added, Some(Step::Change(_, a))) => a.push_str(t),
            (Op::Removed, _) => steps.push(Step::Change(t.to_owned(), String::new())),
            (Op::Added, _) => steps.push(Step::Change(String::new(), t.to_owned())),
        }
    }
    runs(absorb_blanks(steps))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Removed,
    Added,
}

/// Moves a pure insertion or deletion that starts with whitespace one token to the right when
/// the token after it is the same whitespace, so that "für[ alle] Schulen" reads
/// "für [alle ]Schulen": a change starts with a word.
fn slide_to_words(ops: &mut [(Op, &str)]) {
    let mut p = 0;
    while p < ops.len() {
        let op = ops[p].0;
        if op == Op::Same {
            p += 1;
            continue;
        }
        let q = p + ops[p..].iter().take_while(|(o, _)| *o == op).count();
        let before_change = p == 0 || ops[p - 1].0 == Op::Same;
        if before_change
            && q < ops.len()
            && ops[q].0 == Op::Same
            && ops[p].1 == ops[q].1
            && ops[p].1.trim().is_empty()
        {
            // The tokens at p and q are equal, so swapping their roles keeps both texts.
            ops[p].0 = Op::Same;
            ops[q].0 = op;
            p += 1;
        } else {
            p = q;
        }
    }
}

enum Step<'a> {
    Same(&'a str),
    Change(String, String),
}

/// A whitespace token that stayed between two changes joins both sides of the change.
fn absorb_blanks(steps: Vec<Step<'_>>) -> Vec<Step<'_>> {
    let mut out: Vec<Step<'_>> = Vec::with_capacity(steps.len());
    let mut iter = steps.into_iter().peekable();
    while let Some(step) = iter.next() {
        let blank_between = matches!(step, Step::Same(t) if t.trim().is_empty())
            && matches!(out.last(), Some(Step::Change(..)))
            && matches!(iter.peek(), Some(Step::Change(..)));
        match (step, blank_between) {
            (Step::Same(t), true) => {
                let Some(Step::Change(r, a)) = out.last_mut() else {
                    continue;
                };
                r.push_str(t);
                a.push_str(t);
                if let Some(Step::Change(r2, a2)) = iter.next() {
                    r.push_str(&r2);
                    a.push_str(&a2);
                }
            }
            (Step::Change(r, a), _) => match out.last_mut() {
                Some(Step::Change(r0, a0)) => {
                    r0.push_str(&r);
                    a0.push_str(&a);
                }
                _ => out.push(Step::Change(r, a)),
            },
            (same, false) => out.push(same),
        }
    }
    out
}

/// Merges neighbouring steps into runs.
fn runs(steps: Vec<Step<'_>>) -> Vec<DiffRun> {
    let mut out: Vec<DiffRun> = Vec::new();
    for step in steps {
        match step {
            Step::Same(t) => match out.last_mut() {
                Some(DiffRun::Same(s)) => s.push_str(t),
                _ => out.push(DiffRun::Same(t.to_owned())),
            },
            Step::Change(r, a) => {
                if !r.is_empty() {
                    out.push(DiffRun::Removed(r));
                }
                if !a.is_empty() {
                    out.push(DiffRun::Added(a));
                }
            }
        }
    }
    out
}

/// Splits text into maximal runs of whitespace and of other characters.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut blank: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let is_blank = c.is_whitespace();
        if blank.is_some_and(|b| b != is_blank) {
            out.push(&text[start..i]);
            start = i;
        }
        blank = Some(is_blank);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}
