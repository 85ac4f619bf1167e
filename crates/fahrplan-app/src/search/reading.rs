//! Long imported documents in pages: a law of 2 MB is read a part at a time, each part ending
//! at a paragraph where it can (else a line, else a space), so no page is too large to render
//! or to read on a phone.

use crate::{App, AppError, AppResult};
use fahrplan_store::Document;
use std::ops::Range;

/// Most bytes of text on one page of a document.
pub const PAGE_BYTES: usize = 100_000;

/// One page of a document.
#[derive(Debug, Clone)]
pub struct DocumentPage {
    /// The document, its body cut to this page.
    pub doc: Document,
    /// This page, from 1.
    pub page: usize,
    /// Pages in all.
    pub pages: usize,
}

/// Where the pages of `text` start and end, each at most `max` bytes (at least one byte of
/// progress per page, so any text ends).
pub fn page_bounds(text: &str, max: usize) -> Vec<Range<usize>> {
    let max = max.max(4);
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut end = start + max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &text[start..end];
        let cut = window
            .rfind("\n\n")
            .map(|i| i + 2)
            .or_else(|| window.rfind('\n').map(|i| i + 1))
            .or_else(|| window.rfind(' ').map(|i| i + 1))
            .filter(|&i| i > 0)
            .unwrap_or(window.len());
        out.push(start..start + cut);
        start += cut;
    }
    out.push(start..text.len());
    out
}

impl App {
    /// Page `page` (from 1) of an imported document; `NotFound` past its last page.
    pub async fn document_page(&self, id: &str, page: usize) -> AppResult<DocumentPage> {
        let mut doc = self.document(id).await?;
        let bounds = page_bounds(&doc.body, PAGE_BYTES);
        let range = page
            .checked_sub(1)
            .and_then(|i| bounds.get(i))
            .cloned()
            .ok_or(AppError::NotFound)?;
        doc.body = doc.body[range].to_owned();
        Ok(DocumentPage {
            doc,
            page,
            pages: bounds.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(text: &str, max: usize) -> Vec<&str> {
        page_bounds(text, max)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn a_short_text_is_one_page() {
        assert_eq!(pages("Kurz.", 100), ["Kurz."]);
        assert_eq!(pages("", 100), [""]);
    }

    #[test]
    fn pages_end_at_a_paragraph_then_a_line_then_a_space() {
        assert_eq!(
            pages("Eins eins.\n\nZwei zwei.\n\nDrei.", 16),
            ["Eins eins.\n\n", "Zwei zwei.\n\n", "Drei."]
        );
        assert_eq!(
            pages("Eins eins\nZwei zwei", 12),
            ["Eins eins\n", "Zwei zwei"]
        );
        assert_eq!(pages("Eins eins Zwei", 12), ["Eins eins ", "Zwei"]);
    }

    #[test]
    fn a_text_without_breaks_is_cut_at_a_character_boundary() {
        let text = "ä".repeat(10);
        let parts = pages(&text, 5);
        assert_eq!(parts.concat(), text, "nothing lost");
        assert!(parts.iter().all(|p| p.len() <= 5 && !p.is_empty()));
    }

    #[test]
    fn the_pages_together_are_the_text() {
        let text = "Absatz mit Wörtern.\n\n".repeat(50) + &"x".repeat(300);
        let parts = pages(&text, 64);
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| p.len() <= 64));
    }
}
