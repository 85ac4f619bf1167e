//! Which block of a new version is which block of the previous one, so that it keeps its id; and
//! deterministic ids for a text that has none yet.

use super::myers::{self, Interner};
use super::similar::{Profile, SIMILAR, Words};
use super::{Block, IdBlock};
use sha2::{Digest as _, Sha256};
use std::collections::{HashMap, HashSet, VecDeque};

/// Beyond this many candidate pairs of unmatched blocks (e.g. 500 edited blocks against 500,
/// as after a replace-all over a long legal page), not every pair is compared: each stretch is
/// walked in step instead ([`walk`]), so that the work stays linear.
const MAX_PAIRS: usize = 250_000;

/// How far [`walk`] looks ahead for a similar block, on either side.
const WINDOW: usize = 16;

/// Gives the blocks of a new version their ids. In this order:
///
/// 1. Blocks whose Markdown is unchanged keep their ids: first those in a longest common
///    subsequence of the two versions (so an insertion shifts nothing and two equal paragraphs keep
///    their own ids), then unchanged blocks that moved.
/// 2. Between two unchanged blocks, edited blocks are paired with the previous blocks in the same
///    stretch, in order, so that the sum of their [`similarity`](super::similarity) is largest
///    and each pair is at least [`SIMILAR`]: a typo fix keeps the id, and of a paragraph split in
///    two the more similar half keeps it.
/// 3. Blocks still without an id take the most similar previous block left anywhere (an edited
///    block that moved), if at least [`SIMILAR`]; ties go to the nearer position. (When more
///    than 250,000 pairs would have to be compared, step 2 walks each stretch in step
///    and step 3 is left out.)
/// 4. Every other block gets `fresh()`, called in the order of the blocks.
///
/// Each previous id is used at most once, and no id is taken from anywhere but `previous` and
/// `fresh`, so the id of a removed block never comes back. `fresh` must not return an id of
/// `previous`.
pub fn assign_ids(
    previous: &[IdBlock],
    new: Vec<Block>,
    mut fresh: impl FnMut() -> String,
) -> Vec<IdBlock> {
    let mut texts = Interner::default();
    let prev_keys: Vec<u32> = previous.iter().map(|b| texts.key(&b.markdown)).collect();
    let new_keys: Vec<u32> = new.iter().map(|b| texts.key(&b.markdown)).collect();
    let mut m = Matching::exact(&prev_keys, &new_keys);

    let mut words = Words::default();
    let prev_profiles: Vec<Profile> = previous
        .iter()
        .map(|b| words.profile(&b.markdown))
        .collect();
    let new_profiles: Vec<Profile> = new.iter().map(|b| words.profile(&b.markdown)).collect();
    match_similar(&prev_profiles, &new_profiles, &mut m);

    new.into_iter()
        .zip(m.of_new)
        .map(|(block, found)| {
            let id = match found {
                Some(i) => previous[i].id.clone(),
                None => fresh(),
            };
            IdBlock::new(id, block)
        })
        .collect()
}

/// Ids for a text that has none yet (a content file from before block ids, a first import): `b`
/// and eight hex digits of SHA-256 over the owner key, the block's index and its Markdown. The
/// same text under the same owner gets the same ids on every machine; ids are unique within the
/// text (on a clash the hash is taken again with a counter).
pub fn initial_ids(owner: &str, blocks: Vec<Block>) -> Vec<IdBlock> {
    let mut taken = HashSet::new();
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, b)| IdBlock::new(derived_id(owner, i, &b.markdown, &mut taken), b))
        .collect()
}

/// A deterministic id for the block at `index` of `owner`'s text that is not in `taken`, and
/// that is added to it.
pub(crate) fn derived_id(
    owner: &str,
    index: usize,
    markdown: &str,
    taken: &mut HashSet<String>,
) -> String {
    let mut attempt = 0u64;
    loop {
        let mut h = Sha256::new();
        // Lengths first, so that no two different inputs hash the same bytes.
        h.update((owner.len() as u64).to_le_bytes());
        h.update(owner.as_bytes());
        h.update((index as u64).to_le_bytes());
        h.update(attempt.to_le_bytes());
        h.update(markdown.as_bytes());
        let digest = h.finalize();
        let id = format!(
            "b{:02x}{:02x}{:02x}{:02x}",
            digest[0], digest[1], digest[2], digest[3]
        );
        if taken.insert(id.clone()) {
            return id;
        }
        attempt += 1;
    }
}

/// Which previous block each new block is, as far as decided.
pub(crate) struct Matching {
    /// For each new block, the index of its previous block.
    pub of_new: Vec<Option<usize>>,
    /// For each previous block, whether a new block took it.
    pub used: Vec<bool>,
    /// The pairs of unchanged blocks in a longest common subsequence, in order.
    pub anchors: Vec<(usize, usize)>,
}

impl Matching {
    /// Pairs equal keys: those of a longest common subsequence, then equal keys out of order
    /// (each new block takes the first unused previous block with its key).
    pub(crate) fn exact(prev: &[u32], new: &[u32]) -> Self {
        let anchors = myers::common(prev, new);
        let mut of_new = vec![None; new.len()];
        let mut used = vec![false; prev.len()];
        for &(i, j) in &anchors {
            of_new[j] = Some(i);
            used[i] = true;
        }
        let mut unused: HashMap<u32, VecDeque<usize>> = HashMap::new();
        for (i, k) in prev.iter().enumerate().filter(|(i, _)| !used[*i]) {
            unused.entry(*k).or_default().push_back(i);
        }
        for (j, k) in new.iter().enumerate() {
            if of_new[j].is_none()
                && let Some(i) = unused.get_mut(k).and_then(VecDeque::pop_front)
            {
                of_new[j] = Some(i);
                used[i] = true;
            }
        }
        Self {
            of_new,
            used,
            anchors,
        }
    }

    /// Pairs previous block `i` with new block `j`.
    pub(crate) fn pair(&mut self, i: usize, j: usize) {
        self.of_new[j] = Some(i);
        self.used[i] = true;
    }

    /// The stretches between two anchors: the unmatched previous and new blocks in each, in order.
    pub(crate) fn gaps(&self) -> Vec<(Vec<usize>, Vec<usize>)> {
        let ends = self
            .anchors
            .iter()
            .copied()
            .chain([(self.used.len(), self.of_new.len())]);
        let (mut i0, mut j0) = (0, 0);
        let mut out = Vec::new();
        for (i1, j1) in ends {
            let prev: Vec<usize> = (i0..i1).filter(|&i| !self.used[i]).collect();
            let new: Vec<usize> = (j0..j1).filter(|&j| self.of_new[j].is_none()).collect();
            if !prev.is_empty() && !new.is_empty() {
                out.push((prev, new));
            }
            (i0, j0) = (i1 + 1, j1 + 1);
        }
        out
    }
}

/// Steps 2 and 3 of [`assign_ids`].
fn match_similar(prev: &[Profile], new: &[Profile], m: &mut Matching) {
    let free_prev = m.used.iter().filter(|u| !**u).count();
    let free_new = m.of_new.iter().filter(|o| o.is_none()).count();
    let exhaustive = free_prev.saturating_mul(free_new) <= MAX_PAIRS;
    for (gp, gn) in m.gaps() {
        if exhaustive {
            for (i, j) in align(&gp, &gn, prev, new) {
                m.pair(i, j);
            }
        } else {
            for (i, j) in walk(&gp, &gn, prev, new) {
                m.pair(i, j);
            }
        }
    }
    if !exhaustive {
        return;
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for j in (0..new.len()).filter(|&j| m.of_new[j].is_none()) {
        for i in (0..prev.len()).filter(|&i| !m.used[i]) {
            let s = prev[i].similarity(&new[j]);
            if s >= SIMILAR {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2)))
            .then(a.2.cmp(&b.2))
            .then(a.1.cmp(&b.1))
    });
    for (_, i, j) in candidates {
        if !m.used[i] && m.of_new[j].is_none() {
            m.pair(i, j);
        }
    }
}

/// An order-keeping pairing for stretches too long to compare every pair: walks both lists in
/// step, pairs the blocks at the current places when they are similar enough, and otherwise
/// moves to the nearest similar pair at most [`WINDOW`] blocks ahead (an insertion or deletion
/// of up to that many blocks); with none in sight, both blocks count as rewritten.
fn walk(gp: &[usize], gn: &[usize], prev: &[Profile], new: &[Profile]) -> Vec<(usize, usize)> {
    let similar = |x: usize, y: usize| prev[gp[x]].similarity(&new[gn[y]]) >= SIMILAR;
    let (mut x, mut y) = (0, 0);
    let mut pairs = Vec::new();
    while x < gp.len() && y < gn.len() {
        if similar(x, y) {
            pairs.push((gp[x], gn[y]));
            x += 1;
            y += 1;
            continue;
        }
        let ahead = (1..WINDOW).find_map(|d| {
            (0..=d).find_map(|dx| {
                let dy = d - dx;
                (x + dx < gp.len() && y + dy < gn.len() && similar(x + dx, y + dy))
                    .then_some((dx, dy))
            })
        });
        let (dx, dy) = ahead.unwrap_or((1, 1));
        x += dx;
        y += dy;
    }
    pairs
}

/// An order-keeping pairing of previous blocks `gp` with new blocks `gn` that has the largest
/// sum of similarities, using only pairs at least [`SIMILAR`].
fn align(gp: &[usize], gn: &[usize], prev: &[Profile], new: &[Profile]) -> Vec<(usize, usize)> {
    let (p, q) = (gp.len(), gn.len());
    let sim: Vec<f64> = gp
        .iter()
        .flat_map(|&i| gn.iter().map(move |&j| prev[i].similarity(&new[j])))
        .collect();
    let at = |x: usize, y: usize| (x * (q + 1)) + y;
    let mut best = vec![0.0f64; (p + 1) * (q + 1)];
    for x in 1..=p {
        for y in 1..=q {
            let s = sim[(x - 1) * q + (y - 1)];
            let diagonal = if s >= SIMILAR {
                best[at(x - 1, y - 1)] + s
            } else {
                0.0
            };
            best[at(x, y)] = diagonal.max(best[at(x - 1, y)]).max(best[at(x, y - 1)]);
        }
    }
    let mut pairs = Vec::new();
    let (mut x, mut y) = (p, q);
    while x > 0 && y > 0 {
        let s = sim[(x - 1) * q + (y - 1)];
        if s >= SIMILAR && best[at(x, y)] == best[at(x - 1, y - 1)] + s {
            pairs.push((gp[x - 1], gn[y - 1]));
            x -= 1;
            y -= 1;
        } else if best[at(x, y)] == best[at(x - 1, y)] {
            x -= 1;
        } else {
            y -= 1;
        }
    }
    pairs
}
