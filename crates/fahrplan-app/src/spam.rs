//! Spam defence without puzzles (issue 17): the public forms carry a honeypot field that people
//! do not see and leave empty; a form with the field filled is refused like any invalid input
//! (422, the form shown again with the field visible and its message) and nothing is stored.
//! The rate limits do the rest.

use crate::{AppError, AppResult, FieldError};

/// The honeypot field's name on every form that has one.
pub const HONEYPOT_FIELD: &str = "website";

/// `Invalid` when the honeypot field was filled in.
pub fn honeypot(value: &str) -> AppResult<()> {
    if value.is_empty() {
        Ok(())
    } else {
        tracing::info!("form with a filled honeypot refused");
        Err(AppError::Invalid(vec![FieldError {
            field: HONEYPOT_FIELD,
            code: "error-honeypot",
        }]))
    }
}
