//! What the app hands to the index: one searchable thing.

use serde::{Deserialize, Serialize};

/// A searchable thing: a strategy page, a measure, an imported document, ….
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Text about the thing that is searched with a low boost but not shown (an area's facts
    /// and its Leichte Sprache summary).
    #[serde(default)]
    pub extra: String,
    /// Weight in the ranking among hits of equal relevance: 1 for current content, less for
    /// a superseded edition or withdrawn content (see [`Weight`]).
    #[serde(default = "full_weight")]
    pub weight: f32,
}

fn full_weight() -> f32 {
    1.0
}

impl Default for SearchDoc {
    fn default() -> Self {
        SearchDoc {
            kind: String::new(),
            id: String::new(),
            title: String::new(),
            headings: Vec::new(),
            body: String::new(),
            url: String::new(),
            facets: Vec::new(),
            extra: String::new(),
            weight: Weight::CURRENT,
        }
    }
}

/// Ranking weights by how current a thing is.
pub struct Weight;

impl Weight {
    /// Current content and everything outside an edition.
    pub const CURRENT: f32 = 1.0;
    /// Content of an edition that a newer one replaced: still found, after the current one.
    pub const SUPERSEDED: f32 = 0.8;
    /// Withdrawn (archived) content.
    pub const ARCHIVED: f32 = 0.7;
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

/// Markdown reduced to readable text for snippets: heading marks, emphasis, tables, list
/// bullets and link targets go, the words stay; lines are joined with spaces.
pub fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let t = line.trim();
        // Tables are searched but not shown: a row of cells read as a sentence makes no sense.
        if t.is_empty() || t.starts_with('|') {
            continue;
        }
        let t = t.trim_start_matches(['#', '>', ' ']);
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .unwrap_or(t);
        if !out.is_empty() {
            out.push(' ');
        }
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' | '_' | '`' | '|' => {}
                // "[text](target)": the text stays, the target goes.
                ']' if chars.peek() == Some(&'(') => {
                    for c in chars.by_ref() {
                        if c == ')' {
                            break;
                        }
                    }
                }
                '[' => {}
                c => out.push(c),
            }
        }
    }
    let mut squeezed = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !squeezed.is_empty() {
            squeezed.push(' ');
        }
        squeezed.push_str(w);
    }
    squeezed
}

#[cfg(test)]
mod tests {
    use super::{markdown_headings, plain_text};

    #[test]
    fn markdown_becomes_readable_text() {
        let md = "## Ziel\n\nDas **Land** fördert [Glasfaser](https://x.de/a).\n\n| A | B |\n|---|---|\n| eins | zwei |\n- Punkt";
        assert_eq!(plain_text(md), "Ziel Das Land fördert Glasfaser. Punkt");
    }

    #[test]
    fn headings_are_taken_from_markdown_lines() {
        let h =
            markdown_headings("# Titel\n\nText #nicht\n## § 1 Zweck ##\n####### zu tief\n#ohne");
        assert_eq!(h, ["Titel", "§ 1 Zweck"]);
    }
}
