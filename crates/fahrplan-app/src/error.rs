//! The one error type of the use cases; the web layer renders it as an HTML page or as
//! problem+json.

use fahrplan_store::StoreError;

/// One invalid form or API field: the field name and a message key (Fluent id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Name of the field as in the form.
    pub field: &'static str,
    /// Message id in the Fluent files.
    pub code: &'static str,
}

/// All invalid fields of one submission, in form order.
pub type FieldErrors = Vec<FieldError>;

/// What a use case can answer instead of a result.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The caller is not logged in.
    #[error("authentication required")]
    Unauthenticated,
    /// The caller may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// Input failed validation.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// The change conflicts with the current state.
    #[error("conflict")]
    Conflict,
    /// Too many requests.
    #[error("rate limited")]
    RateLimited {
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// Anything else. The cause is kept for the one log line where the error is handled and
    /// is never shown to a client.
    #[error("internal error")]
    Internal(#[source] Cause),
}

/// The cause of an internal error, kept for the log.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

impl AppError {
    /// An internal error with its cause (an error value, or a message as a `String`).
    pub fn internal(cause: impl Into<Cause>) -> Self {
        AppError::Internal(cause.into())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { .. } => AppError::Conflict,
            other => AppError::internal(other),
        }
    }
}

/// Result of use cases.
pub type AppResult<T> = Result<T, AppError>;

impl From<fahrplan_search::SearchError> for AppError {
    fn from(e: fahrplan_search::SearchError) -> Self {
        match e {
            fahrplan_search::SearchError::Query(code) => AppError::Invalid(vec![FieldError {
                field: "q",
                code: if code == "too-long" {
                    "error-search-too-long"
                } else {
                    "error-search-empty"
                },
            }]),
            other => AppError::internal(other),
        }
    }
}
