//! What the app hands to the index: one searchable thing.

use serde::{Deserialize, Serialize};

/// A searchable thing: a strategy page, a measure, an imported document, ….
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Type: edition, area, goal, measure, department, page, process, document.
    pub kind: String,
    /// The public id: the slug or code, or the imported id of a document.
    pub id: String,
    /// Title.
    pub title: String,
    /// Headings within the text.
    pub headings: Vec<String>,
    /// The text (Markdown is fine: markup characters are not words).
    pub body: String,
    /// Path of the page that shows it.
    pub url: String,
    /// Facet values as (dimension, value): ("area", "digitale-infrastruktur"), ("status", …),
    /// ("department", "hmdi").
    pub facets: Vec<(String, String)>,
}

impl SearchDoc {
    /// The unique key in the index.
    pub fn key(&self) -> String {
        key(&self.kind, &self.id)
    }
}

/// The unique key of a thing of `kind` with `id`.
pub fn key(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

/// The Markdown headings (`#` … `######` lines) of a text, without their marks.
pub fn markdown_headings(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let rest = t.trim_start_matches('#');
            (t.len() - rest.len() > 0 && t.len() - rest.len() <= 6 && rest.starts_with(' '))
                .then(|| rest.trim().trim_end_matches('#').trim().to_owned())
        })
        .filter(|h| !h.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::markdown_headings;

    #[test]
    fn headings_are_taken_from_markdown_lines() {
        let h =
            markdown_headings("# Titel\n\nText #nicht\n## § 1 Zweck ##\n####### zu tief\n#ohne");
        assert_eq!(h, ["Titel", "§ 1 Zweck"]);
    }
}
