//! Messages from the feedback form of the accessibility statement, kept for staff to answer.

use crate::{Store, StoreResult, in_tx, on_pool, on_write};

/// A new feedback message as sent by a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeedback {
    /// The page the reader had trouble with, if given.
    pub page_url: Option<String>,
    /// What the reader wrote.
    pub message: String,
    /// Name, if given.
    pub name: Option<String>,
    /// Email for an answer, if given; never shown to anyone but staff.
    pub email: Option<String>,
}

/// A stored feedback message.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedbackMessage {
    /// Id.
    pub id: i64,
    /// When it arrived (RFC 3339, UTC).
    pub created_at: String,
    /// Page concerned.
    pub page_url: Option<String>,
    /// Message.
    pub message: String,
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// `open` or `answered`.
    pub state: String,
    /// When it was marked answered (RFC 3339, UTC).
    pub answered_at: Option<String>,
}

const ADD_FEEDBACK: &str = "
    INSERT INTO accessibility_feedback (created_at, page_url, message, name, email)
    VALUES ($1, $2, $3, $4, $5)
    RETURNING id";

const FEEDBACK: &str = "
    SELECT id, created_at, page_url, message, name, email, state, answered_at
    FROM accessibility_feedback
    ORDER BY id DESC";

const MARK: &str = "
    UPDATE accessibility_feedback SET state = $1, answered_at = $2, answered_by = $3
    WHERE id = $4 AND state <> $1";

impl Store {
    /// Stores a feedback message and returns its id.
    pub async fn add_feedback(&self, f: &NewFeedback) -> StoreResult<i64> {
        let id = in_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(ADD_FEEDBACK)
                .bind(crate::now_text()).bind(&f.page_url).bind(&f.message).bind(&f.name).bind(&f.email)
                .fetch_one(&mut *tx).await?;
            id
        });
        Ok(id)
    }

    /// All feedback messages, newest first.
    pub async fn feedback(&self) -> StoreResult<Vec<FeedbackMessage>> {
        let rows = on_pool!(self, p => sqlx::query_as(FEEDBACK)
            .fetch_all(p).await)?;
        Ok(rows)
    }

    /// Marks a message `answered` (with who and when) or `open` again; false when it does not
    /// exist or already has that state.
    pub async fn mark_feedback(&self, id: i64, answered: bool, by: i64) -> StoreResult<bool> {
        let (state, at, who) = if answered {
            ("answered", Some(crate::now_text()), Some(by))
        } else {
            ("open", None, None)
        };
        let n = on_write!(self, p => sqlx::query(MARK)
            .bind(state).bind(at).bind(who).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
