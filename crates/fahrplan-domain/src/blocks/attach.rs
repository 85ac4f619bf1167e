//! Block ids in content files: each block's id with a fingerprint of its text, so that ids can be
//! put back on the right blocks of a file that someone edited by hand.

use super::ids::{Matching, derived_id};
use super::myers::Interner;
use super::split::split_blocks;
use super::{Block, IdBlock};
use sha2::{Digest as _, Sha256};
use std::collections::HashSet;

/// Why a content file's block ids were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlockIdError {
    /// The entry at `position` is neither `id` nor `id:fingerprint` with an id of
    /// `[a-z0-9][a-z0-9-]{0,31}` and a fingerprint of eight lower-case hex digits.
    #[error("block id {position} is malformed")]
    Malformed {
        /// The entry's index, from 0.
        position: usize,
    },
    /// The same id is listed twice.
    #[error("block id {id} is listed twice")]
    Duplicate {
        /// The repeated id.
        id: String,
    },
}

/// Whether `id` is a well-formed block id: one to 32 characters of `a-z`, `0-9` and `-`, not
/// starting with `-`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.len() <= 32
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The fingerprint of a block's Markdown: the first eight hex digits of its SHA-256.
pub fn fingerprint(markdown: &str) -> String {
    let digest = Sha256::digest(markdown.as_bytes());
    format!(
        "{:02x}{:02x}{:02x}{:02x}",
        digest[0], digest[1], digest[2], digest[3]
    )
}

/// How a content file lists a version's block ids: one `"id:fingerprint"` per block, in order.
pub fn block_refs(blocks: &[IdBlock]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| format!("{}:{}", b.id, fingerprint(&b.markdown)))
        .collect()
}

/// Puts the ids a content file lists (`refs`, as written by [`block_refs`]; a bare `id` without a
/// fingerprint is accepted too) back on the blocks of `markdown`. Refuses malformed entries and
/// repeated ids.
///
/// When the file was not edited by hand, every block gets its listed id. After a hand edit:
/// blocks whose text still has a listed fingerprint keep that id (in a longest common subsequence,
/// then moved ones); between two such blocks, the remaining ids go to the remaining blocks by
/// position when there are as many of each (paragraphs edited in place, and the whole list
/// when counts match and no fingerprint helps); any other block gets a deterministic new id as
/// from [`initial_ids`](super::initial_ids), distinct from every listed id. An id is never guessed
/// onto a block where ids and blocks do not pair up: a comment then stays with the older version
/// instead of landing on the wrong paragraph.
pub fn attach_ids(
    owner: &str,
    markdown: &str,
    refs: &[String],
) -> Result<Vec<IdBlock>, BlockIdError> {
    let parsed = parse_refs(refs)?;
    let blocks: Vec<Block> = split_blocks(markdown);

    // Fingerprints as keys; a listed id without one gets a key no block has.
    let unknown: Vec<String> = (0..parsed.len()).map(|i| format!("unknown {i}")).collect();
    let prints: Vec<String> = blocks.iter().map(|b| fingerprint(&b.markdown)).collect();
    let mut keys = Interner::default();
    let listed: Vec<u32> = parsed
        .iter()
        .zip(&unknown)
        .map(|((_, fp), unknown)| keys.key(fp.unwrap_or(unknown)))
        .collect();
    let found: Vec<u32> = prints.iter().map(|p| keys.key(p)).collect();
    let mut m = Matching::exact(&listed, &found);
    for (gp, gn) in m.gaps() {
        if gp.len() == gn.len() {
            for (i, j) in gp.into_iter().zip(gn) {
                m.pair(i, j);
            }
        }
    }

    let mut taken: HashSet<String> = parsed.iter().map(|(id, _)| (*id).to_owned()).collect();
    Ok(blocks
        .into_iter()
        .zip(m.of_new)
        .enumerate()
        .map(|(index, (block, found))| {
            let id = match found {
                Some(i) => parsed[i].0.to_owned(),
                None => derived_id(owner, index, &block.markdown, &mut taken),
            };
            IdBlock::new(id, block)
        })
        .collect())
}

/// Splits and checks the entries of a content file's id list.
fn parse_refs(refs: &[String]) -> Result<Vec<(&str, Option<&str>)>, BlockIdError> {
    let mut seen = HashSet::new();
    refs.iter()
        .enumerate()
        .map(|(position, r)| {
            let (id, fp) = match r.split_once(':') {
                Some((id, fp)) => (id, Some(fp)),
                None => (r.as_str(), None),
            };
            let fp_ok = fp.is_none_or(|f| {
                f.len() == 8
                    && f.chars()
                        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
            });
            if !is_valid_id(id) || !fp_ok {
                return Err(BlockIdError::Malformed { position });
            }
            if !seen.insert(id) {
                return Err(BlockIdError::Duplicate { id: id.to_owned() });
            }
            Ok((id, fp))
        })
        .collect()
}
