//! The index schema: one tantivy document per searchable thing.

use crate::analyzer::GERMAN;
use tantivy::schema::{
    FAST, FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

/// Characters of the body kept for snippets (the whole body is indexed, only its start is stored,
/// so a huge document costs little to show).
pub const EXCERPT_CHARS: usize = 30_000;

/// The fields of the index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Unique key, "kind:id" (for updates and deletes).
    pub key: Field,
    /// The public id (slug or imported id).
    pub id: Field,
    /// The type: edition, area, goal, measure, department, page, process, document.
    pub kind: Field,
    /// Title (boosted most).
    pub title: Field,
    /// Headings inside the text (boosted over the body).
    pub headings: Field,
    /// The text.
    pub body: Field,
    /// Text that tells what the thing is about without being its text (an area's facts and
    /// Leichte Sprache summary): searched with a low boost, never shown.
    pub extra: Field,
    /// How much a hit counts against others of equal relevance (1 for current content, less
    /// for superseded editions and withdrawn content): a fast field the ranking multiplies in.
    pub weight: Field,
    /// The start of the text, stored for snippets.
    pub excerpt: Field,
    /// Path of the page that shows the thing.
    pub url: Field,
    /// Facets: /type/…, /area/…, /status/…, /department/….
    pub facet: Field,
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let german = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(GERMAN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        id: b.add_text_field("id", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", german.clone().set_stored()),
        headings: b.add_text_field("headings", german.clone()),
        body: b.add_text_field("body", german.clone()),
        extra: b.add_text_field("extra", german),
        excerpt: b.add_text_field("excerpt", STORED),
        url: b.add_text_field("url", STORED),
        weight: b.add_f64_field("weight", FAST),
        facet: b.add_facet_field("facet", FacetOptions::default().set_stored()),
    };
    (b.build(), fields)
}
