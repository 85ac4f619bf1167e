//! Pure types and rules of fahrplan: strategy content, dates, status values and their validation,
//! the site's public addresses, the rules for text and links that people submit, and the blocks,
//! ids and differences of text versions.
//! This crate does no I/O and knows nothing of databases, HTTP or the search index.

pub mod blocks;
pub mod content;
pub mod csv;
pub mod date;
pub mod enums;
pub mod index_names;
pub mod link;
pub mod monitoring;
pub mod paths;
pub mod reporting;
pub mod slug;
pub mod standing;
pub mod text;
pub mod validate;

pub use blocks::{Block, BlockKind, IdBlock};
pub use content::*;
pub use date::PartialDate;
pub use enums::*;
pub use reporting::may_report;
pub use standing::{Overdue, Standing, overdue_report, standing, status_on};
