//! Text versions: a long Markdown text (area body, goal and measure body, process text, legal
//! page) as a list of **blocks** with stable ids, so that a comment on a paragraph stays attached
//! after an editor changes the text; the differences between two versions; and writing warnings
//! before publishing (EN 301 549 11.8, BITV 2.0). Pure functions: no I/O, no clock, no random
//! numbers (new ids come from the caller), and no HTML rendering (the web crate renders).
//!
//! The API (docs/DOMAIN.md, "Text versions", says the rules in words):
//!
//! - [`split_blocks`]`(&str) -> Vec<Block>` and [`join_blocks`]`(&[IdBlock]) -> String`:
//!   Markdown to its top-level blocks (a list gives one block per item, [`Block::tight`] keeps a
//!   tight list tight) and back to Markdown that renders the same.
//! - [`assign_ids`]`(&[IdBlock], Vec<Block>, impl FnMut() -> String) -> Vec<IdBlock>`: the ids
//!   of a new version, kept for equal or similar blocks ([`similarity`] at least [`SIMILAR`]).
//! - [`initial_ids`]`(owner: &str, Vec<Block>) -> Vec<IdBlock>`: deterministic ids for a text
//!   that has none.
//! - [`block_refs`]`(&[IdBlock]) -> Vec<String>` and
//!   [`attach_ids`]`(owner: &str, markdown: &str, refs: &[String]) -> Result<Vec<IdBlock>,
//!   BlockIdError>`: how a content file lists ids (`"id:fingerprint"`, [`fingerprint`]), and how
//!   they are put back on a file that may have been edited by hand; [`is_valid_id`].
//! - [`word_diff`]`(old: &str, new: &str) -> Vec<DiffRun>` and
//!   [`block_diff`]`(old: &[IdBlock], new: &[IdBlock]) -> Vec<BlockChange>` (kept, changed,
//!   moved, added, removed): what changed between two versions.
//! - [`writing_warnings`]`(markdown: &str, leichte_sprache: bool) -> Vec<Warning>`: warnings,
//!   never refusals.
//! - [`reanchor`]`(block, quote, &[IdBlock]) -> Anchor`: where a comment on a paragraph sits
//!   in a new version (by id, by its quote, or "Text geändert").

mod anchor;
mod attach;
mod changes;
mod ids;
mod myers;
mod sentences;
mod similar;
mod split;
mod warnings;
mod words;

#[cfg(test)]
mod tests;

pub use anchor::{Anchor, Anchoring, holds_quote, quote_words, reanchor};
pub use attach::{BlockIdError, attach_ids, block_refs, fingerprint, is_valid_id};
pub use changes::{BlockChange, block_diff};
pub use ids::{assign_ids, initial_ids};
pub use similar::{SIMILAR, similarity};
pub use split::{join_blocks, split_blocks};
pub use warnings::{Warning, WarningKind, writing_warnings};
pub use words::{DiffRun, word_diff};

use serde::{Deserialize, Serialize};

/// What a block is. Serialised in snake_case: `"paragraph"`, `"list_item"`, and a heading with its
/// level as `{"heading": 2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// An ATX (`## Title`) or setext (`Title` over `===`) heading of level 1 to 6.
    Heading(u8),
    /// One item of a bullet or ordered list, with its marker and any list nested in it.
    ListItem,
    /// A block quote (`> …`).
    Quote,
    /// A table (GitHub style, as the web renderer reads it).
    Table,
    /// A fenced or indented code block.
    Code,
    /// Anything else: an HTML block, a thematic break, link reference definitions.
    Other,
}

/// A top-level block of a Markdown text, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The block's own Markdown source, trimmed (an indented code block keeps its indentation).
    pub markdown: String,
    /// Whether this list item follows the list item before it on the very next line, without a
    /// blank line, as in a tight list. [`join_blocks`] then puts a single line break before it, so
    /// the list stays tight; every other block gets a blank line before it.
    pub tight: bool,
}

/// A block of a published version, with its stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdBlock {
    /// The block id: `[a-z0-9][a-z0-9-]{0,31}`, unique within the version ([`is_valid_id`]).
    pub id: String,
    /// What the block is.
    pub kind: BlockKind,
    /// The block's own Markdown source, trimmed.
    pub markdown: String,
    /// As [`Block::tight`]; left out of the serialised form when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tight: bool,
}

impl IdBlock {
    /// Gives `block` the id `id`.
    pub fn new(id: String, block: Block) -> Self {
        Self {
            id,
            kind: block.kind,
            markdown: block.markdown,
            tight: block.tight,
        }
    }

    /// The block without its id.
    pub fn block(&self) -> Block {
        Block {
            kind: self.kind,
            markdown: self.markdown.clone(),
            tight: self.tight,
        }
    }
}
