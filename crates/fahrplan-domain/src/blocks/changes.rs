//! What changed between two versions of a text, block by block, paired by block id.

use super::IdBlock;
use super::myers;
use super::words::{DiffRun, word_diff};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What happened to one block between two versions. Serialised in snake_case with the variant as
/// key, e.g. `{"added": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockChange {
    /// In both versions with the same text, in the same order relative to the other kept blocks.
    Kept(IdBlock),
    /// In both versions, in the same order, with a different text (or kind).
    Changed {
        /// The block id.
        id: String,
        /// The block in the old version.
        old: IdBlock,
        /// The block in the new version.
        new: IdBlock,
        /// The word diff from the old text to the new.
        words: Vec<DiffRun>,
    },
    /// In both versions, but it changed places with other blocks; shown where it is now.
    Moved {
        /// The block id.
        id: String,
        /// The block in the old version.
        old: IdBlock,
        /// The block in the new version.
        new: IdBlock,
        /// The word diff when the text changed too, otherwise `None`.
        words: Option<Vec<DiffRun>>,
    },
    /// Only in the new version.
    Added(IdBlock),
    /// Only in the old version; placed after the block that preceded it there.
    Removed(IdBlock),
}

/// The changes from `old` to `new`: one entry per block, in the new version's order, with each
/// removed block placed after the block that preceded it in the old version (among those that
/// kept their order), or first when none did. Blocks are paired by id; which blocks kept their
/// order is a longest common subsequence of the shared ids, and the others count as moved. A
/// repeated id (which [`assign_ids`](super::assign_ids) never makes) counts once, the first time.
pub fn block_diff(old: &[IdBlock], new: &[IdBlock]) -> Vec<BlockChange> {
    let old_at = first_positions(old);
    let new_at = first_positions(new);
    // Shared ids, numbered in old order, listed in both orders.
    let shared_old: Vec<usize> = (0..old.len())
        .filter(|&i| {
            old_at.get(old[i].id.as_str()) == Some(&i) && new_at.contains_key(old[i].id.as_str())
        })
        .collect();
    let number: HashMap<&str, u32> = shared_old
        .iter()
        .enumerate()
        .map(|(n, &i)| (old[i].id.as_str(), u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    let seq_old: Vec<u32> = (0..number.len())
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        .collect();
    let shared_new: Vec<usize> = (0..new.len())
        .filter(|&j| {
            new_at.get(new[j].id.as_str()) == Some(&j) && number.contains_key(new[j].id.as_str())
        })
        .collect();
    let seq_new: Vec<u32> = shared_new
        .iter()
        .map(|&j| number[new[j].id.as_str()])
        .collect();
    let in_order: Vec<bool> = {
        let mut flags = vec![false; old.len()];
        for (n, _) in myers::common(&seq_old, &seq_new) {
            flags[shared_old[n]] = true;
        }
        flags
    };

    // Removed blocks, grouped by the in-order old block they follow (None: before all).
    let mut removed_after: HashMap<Option<usize>, Vec<&IdBlock>> = HashMap::new();
    let mut anchor = None;
    for (i, b) in old.iter().enumerate() {
        if in_order[i] {
            anchor = Some(i);
        } else if old_at.get(b.id.as_str()) != Some(&i) || !new_at.contains_key(b.id.as_str()) {
            removed_after.entry(anchor).or_default().push(b);
        }
    }

    let mut out = Vec::with_capacity(old.len().max(new.len()));
    let removed = |key: Option<usize>, out: &mut Vec<BlockChange>| {
        for b in removed_after.get(&key).into_iter().flatten() {
            out.push(BlockChange::Removed((*b).clone()));
        }
    };
    removed(None, &mut out);
    for (j, b) in new.iter().enumerate() {
        let paired = (new_at.get(b.id.as_str()) == Some(&j))
            .then(|| old_at.get(b.id.as_str()).copied())
            .flatten();
        let Some(i) = paired else {
            out.push(BlockChange::Added(b.clone()));
            continue;
        };
        let o = &old[i];
        let same = o.markdown == b.markdown && o.kind == b.kind;
        out.push(match (in_order[i], same) {
            (true, true) => BlockChange::Kept(b.clone()),
            (true, false) => BlockChange::Changed {
                id: b.id.clone(),
                old: o.clone(),
                new: b.clone(),
                words: word_diff(&o.markdown, &b.markdown),
            },
            (false, _) => BlockChange::Moved {
                id: b.id.clone(),
                old: o.clone(),
                new: b.clone(),
                words: (!same).then(|| word_diff(&o.markdown, &b.markdown)),
            },
        });
        if in_order[i] {
            removed(Some(i), &mut out);
        }
    }
    out
}

/// The index of each id's first block.
fn first_positions(blocks: &[IdBlock]) -> HashMap<&str, usize> {
    let mut at = HashMap::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        at.entry(b.id.as_str()).or_insert(i);
    }
    at
}
