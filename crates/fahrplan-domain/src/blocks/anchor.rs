//! Where an annotation (a comment on one paragraph) sits after its text got a new version: on the
//! block with its id while that block still holds the quoted words, else on the first block that
//! holds them, else on its old block (or nowhere) marked "Text geändert" with the wording it
//! referred to (DOMAIN.md, "Annotations"). Pure: the caller stores the result.

use super::IdBlock;
use serde::{Deserialize, Serialize};

/// How an annotation is attached to the current version of its text. Wire values
/// (CONTRACTS.md): `by_id`, `by_quote`, `text_changed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchoring {
    /// The block with the annotation's id is still there and still holds the quote.
    ById,
    /// The quote was found in another block, which the annotation now belongs to.
    ByQuote,
    /// The quoted words are gone: shown with "Text geändert" and the old wording.
    TextChanged,
}

impl Anchoring {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ById => "by_id",
            Self::ByQuote => "by_quote",
            Self::TextChanged => "text_changed",
        }
    }

    /// Parses a wire value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "by_id" => Some(Self::ById),
            "by_quote" => Some(Self::ByQuote),
            "text_changed" => Some(Self::TextChanged),
            _ => None,
        }
    }
}

/// Where an annotation sits in a new version of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The block it belongs to now; when the text changed, its old block while that is still
    /// there, otherwise the old id (which no block of the text has any more).
    pub block: String,
    /// How it is attached.
    pub anchoring: Anchoring,
}

/// The words of a text as compared for quotes: lower-cased runs of letters and digits, so that
/// Markdown markup, punctuation, line breaks and what a browser selection adds or drops around
/// the words do not matter.
pub fn quote_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `markdown` holds the words of `quote` in a row (an empty quote is in every block).
pub fn holds_quote(markdown: &str, quote: &str) -> bool {
    let q = quote_words(quote);
    if q.is_empty() {
        return true;
    }
    let words = quote_words(markdown);
    words.windows(q.len()).any(|w| w == q.as_slice())
}

/// Re-anchors an annotation on block `block` that quotes `quote` in the new `blocks` of its text:
/// by id first, then by the quote (the first block holding it), else `TextChanged`.
pub fn reanchor(block: &str, quote: &str, blocks: &[IdBlock]) -> Anchor {
    let same = blocks.iter().find(|b| b.id == block);
    if let Some(b) = same
        && holds_quote(&b.markdown, quote)
    {
        return Anchor {
            block: block.to_owned(),
            anchoring: Anchoring::ById,
        };
    }
    if !quote_words(quote).is_empty()
        && let Some(b) = blocks.iter().find(|b| holds_quote(&b.markdown, quote))
    {
        return Anchor {
            block: b.id.clone(),
            anchoring: Anchoring::ByQuote,
        };
    }
    Anchor {
        block: block.to_owned(),
        anchoring: Anchoring::TextChanged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BlockKind;

    fn b(id: &str, md: &str) -> IdBlock {
        IdBlock {
            id: id.to_owned(),
            kind: BlockKind::Paragraph,
            markdown: md.to_owned(),
            tight: false,
        }
    }

    #[test]
    fn an_annotation_stays_on_its_block_while_the_block_holds_the_quote() {
        let blocks = [
            b("a", "Erstens."),
            b("p", "Der **Breitbandausbau** geht voran."),
        ];
        let a = reanchor("p", "Breitbandausbau geht", &blocks);
        assert_eq!(a.anchoring, Anchoring::ById);
        assert_eq!(a.block, "p");
    }

    #[test]
    fn an_annotation_follows_its_quote_to_another_block() {
        let blocks = [
            b("n", "Neu: der Breitbandausbau geht voran."),
            b("x", "Anderes."),
        ];
        let a = reanchor("p", "breitbandausbau geht voran", &blocks);
        assert_eq!(a.anchoring, Anchoring::ByQuote);
        assert_eq!(a.block, "n");
    }

    #[test]
    fn an_annotation_whose_words_are_gone_is_marked_text_changed() {
        let blocks = [b("p", "Ganz neuer Text.")];
        let a = reanchor("p", "Breitbandausbau geht voran", &blocks);
        assert_eq!(a.anchoring, Anchoring::TextChanged);
        assert_eq!(a.block, "p");
    }

    #[test]
    fn words_must_follow_each_other_to_count_as_the_quote() {
        assert!(holds_quote("Eins, zwei; drei.", "zwei drei"));
        assert!(!holds_quote("Eins zwei drei", "drei zwei"));
        assert!(holds_quote("irgendwas", "  "));
    }
}
