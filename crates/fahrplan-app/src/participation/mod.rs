//! Participation: contributions (proposals, comments, statements) to a process while one of its
//! phases is open and allows them, replies, supports, the author's own edits and withdrawal,
//! and moderation. Every use case checks the object, not only the route: only the author edits
//! or withdraws, only a moderator hides, and a deleted author is shown as "gelöschtes Konto".

mod annotate;
mod answers;
mod consideration;
mod list;
mod moderate;
mod notify;
mod objection;
mod post;
mod read;
mod sanctions;
mod similar;
mod support;
mod texts;
mod views;

pub use annotate::{
    Annotation, AnnotationInput, ParagraphView, QUOTE_MAX, annotatable, quote_from_link,
};
pub use answers::{AnswerForm, AnswerInput, LINKS_MAX, LinkOption, REASONING_MAX};
pub use consideration::{
    CONSIDERATION_PAGE, ConsiderationQuery, ConsiderationView, MyContribution, excerpt,
};
pub use fahrplan_store::Order;
pub use fahrplan_store::{
    AnswerCounts, AnswerLink, AnswerRow, ConsiderationFilter, ConsiderationOrder, ConsiderationRow,
    Shaping,
};
pub use fahrplan_store::{HidingRow, ModerationFigures, SanctionRow};
pub use list::{ProcessSummary, phase_to_name, span};
pub use moderate::Reported;
pub use objection::Objection;
pub use post::{ContributionInput, Posting};
pub use sanctions::{ModeratedAccount, Sanction};
pub use similar::{SIMILAR_LIMIT, SIMILAR_THRESHOLD, Similar};
pub use texts::{TextNotes, commented_fields, text_key};
pub use views::*;

/// Longest title of a proposal, in characters.
pub const TITLE_MAX: usize = 150;
/// Longest body of a proposal, comment or annotation, in characters.
pub const BODY_MAX: usize = 5000;
/// Longest body of a statement, in characters.
pub const STATEMENT_MAX: usize = 20_000;
/// Longest public reason for hiding a contribution, in characters.
pub const REASON_MAX: usize = 500;
/// Reports by different accounts that hide a contribution until a moderator decides, unless
/// `moderation.report_threshold` says otherwise.
pub const DEFAULT_REPORT_THRESHOLD: i64 = 3;
/// Contributions per page of a process.
pub const PAGE_SIZE: i64 = 20;
