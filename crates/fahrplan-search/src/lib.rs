//! Hessen-Suche: the German site search of fahrplan. A tantivy index per node, fed from the
//! outbox, with an analyzer for German administrative language: normalisation of umlaut
//! spellings, dictionary decompounding and Snowball stemming; queries with typo tolerance,
//! prefix matching, phrases, synonyms, field boosts and facets.

pub mod ablation;
pub mod analyzer;
mod collect;
mod compound;
pub mod decompound;
pub mod doc;
pub mod fold;
pub mod index;
mod private_dir;
pub mod query;
pub mod schema;
pub mod search;
mod stem;
pub mod synonyms;
mod vocabulary;
mod words;

pub use doc::{SearchDoc, Weight, key, markdown_headings};
pub use index::{SearchError, SearchIndex, SearchResult};
pub use query::MAX_QUERY_CHARS;
pub use search::{Hit, SearchRequest, SearchResults};
pub use synonyms::Synonyms;
