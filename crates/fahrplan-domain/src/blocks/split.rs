//! Cutting Markdown into its top-level blocks with exact source ranges (pulldown-cmark's offset
//! iterator), and joining blocks back into Markdown that parses the same. Nothing here renders.

use super::{Block, BlockKind, IdBlock};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// The Markdown extensions the web renderer enables (`crates/fahrplan-web/src/markdown.rs`): blocks
/// are cut the way the page reads the text, so a table is one block and not a paragraph.
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// A block's place in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    /// The block's trimmed source range.
    pub range: Range<usize>,
    pub kind: BlockKind,
    pub tight: bool,
}

/// Splits Markdown into its top-level blocks, in order. A list becomes one block per item, with
/// its marker (`- Punkt`, `1. Punkt`); a list nested in an item stays inside it. Text that no
/// block covers but that is not blank (link reference definitions) becomes an
/// [`BlockKind::Other`] block, so that nothing of the source is lost.
pub fn split_blocks(markdown: &str) -> Vec<Block> {
    spans(markdown)
        .into_iter()
        .map(|s| Block {
            kind: s.kind,
            markdown: markdown[s.range].to_owned(),
            tight: s.tight,
        })
        .collect()
}

/// Joins blocks back into Markdown: a blank line between blocks, a single line break before a
/// [`tight`](Block::tight) list item. For blocks from [`split_blocks`] the result renders to the
/// same HTML as the text they came from.
pub fn join_blocks(blocks: &[IdBlock]) -> String {
    let mut out = String::with_capacity(blocks.iter().map(|b| b.markdown.len() + 2).sum());
    let mut before: Option<BlockKind> = None;
    for b in blocks {
        if let Some(kind) = before {
            let tight = b.tight && b.kind == BlockKind::ListItem && kind == BlockKind::ListItem;
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&b.markdown);
        before = Some(b.kind);
    }
    out
}

/// The blocks of `markdown` as source ranges.
pub(crate) fn spans(markdown: &str) -> Vec<Span> {
    let mut raw: Vec<(Range<usize>, BlockKind)> = Vec::new();
    let mut depth = 0usize;
    let mut top_is_list = false;
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    top_is_list = matches!(tag, Tag::List(_));
                    if !top_is_list {
                        raw.push((range, kind_of(&tag)));
                    }
                } else if depth == 1 && top_is_list && matches!(tag, Tag::Item) {
                    raw.push((range, BlockKind::ListItem));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => raw.push((range, BlockKind::Other)),
            _ => {}
        }
    }

    let mut out: Vec<Span> = Vec::with_capacity(raw.len());
    let mut covered = 0usize;
    for (range, kind) in raw {
        if range.start > covered {
            push_gap(markdown, covered..range.start, &mut out);
        }
        covered = covered.max(range.end);
        if let Some(trimmed) = trim(markdown, range, kind) {
            let tight = kind == BlockKind::ListItem
                && out.last().is_some_and(|p: &Span| {
                    p.kind == BlockKind::ListItem
                        && markdown[p.range.end..trimmed.start].matches('\n').count() <= 1
                });
            out.push(Span {
                range: trimmed,
                kind,
                tight,
            });
        }
    }
    if markdown.len() > covered {
        push_gap(markdown, covered..markdown.len(), &mut out);
    }
    out
}

/// Keeps source that no block covers, unless it is blank.
fn push_gap(markdown: &str, range: Range<usize>, out: &mut Vec<Span>) {
    if let Some(trimmed) = trim(markdown, range, BlockKind::Other) {
        out.push(Span {
            range: trimmed,
            kind: BlockKind::Other,
            tight: false,
        });
    }
}

/// The block's range without surrounding whitespace, or `None` when nothing is left. A code
/// block keeps the indentation of its first line: for an indented code block it is the syntax,
/// and a fenced one strips as much from its content lines as its fence is indented.
fn trim(markdown: &str, range: Range<usize>, kind: BlockKind) -> Option<Range<usize>> {
    let text = &markdown[range.clone()];
    let end = range.start + text.trim_end().len();
    let mut start = range.start + (text.len() - text.trim_start().len());
    if start >= end {
        return None;
    }
    if kind == BlockKind::Code {
        let line_start = markdown[..start].rfind('\n').map_or(0, |i| i + 1);
        if markdown[line_start..start]
            .chars()
            .all(|c| c == ' ' || c == '\t')
        {
            start = line_start;
        }
    }
    Some(start..end)
}

/// The kind of a block that starts with `tag` at the top level.
fn kind_of(tag: &Tag<'_>) -> BlockKind {
    match tag {
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::Heading { level, .. } => BlockKind::Heading(*level as u8),
        Tag::BlockQuote(_) => BlockKind::Quote,
        Tag::Table(_) => BlockKind::Table,
        Tag::CodeBlock(_) => BlockKind::Code,
        Tag::Item => BlockKind::ListItem,
        _ => BlockKind::Other,
    }
}
