//! Editorial changes (issue 16, "Workflow"): what a member of staff proposes for one entity,
//! kept as the form's fields (JSON) with the version it was based on, and moved through
//! draft → in review → published (or withdrawn). Publishing itself is
//! [`Store::publish_change`](crate::Store::publish_change), since it writes the content.

use crate::{Store, StoreResult, in_tx, now_secs, on_pool, on_write};
use sqlx::QueryBuilder;

/// A change as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChangeRow {
    /// Its number.
    pub id: i64,
    /// `measure:{slug}` and the like (see [`crate::Version::entity`]).
    pub entity: String,
    /// The entity's version the change was based on (0: it had none).
    pub base_version: i64,
    /// The proposed fields as JSON.
    pub proposal: String,
    /// `draft`, `in_review`, `published`, `withdrawn`.
    pub state: String,
    /// Who wrote it.
    pub author_id: i64,
    /// Their display name.
    pub author: String,
    /// Created (Unix seconds).
    pub created_at: i64,
    /// Last saved or decided.
    pub updated_at: i64,
    /// Given to review.
    pub submitted_at: Option<i64>,
    /// Who published it, or sent it back.
    pub reviewer_id: Option<i64>,
    /// Their display name.
    pub reviewer: Option<String>,
    /// Published or sent back.
    pub decided_at: Option<i64>,
    /// The version publishing made.
    pub published_version: Option<i64>,
    /// What the reviewer wrote when sending it back.
    pub review_note: String,
}

const COLUMNS: &str = "c.id, c.entity, c.base_version, c.proposal, c.state, c.author_id, a.display_name AS author, c.created_at, c.updated_at, c.submitted_at, c.reviewer_id, r.display_name AS reviewer, c.decided_at, c.published_version, c.review_note FROM editorial_changes c JOIN accounts a ON a.id = c.author_id LEFT JOIN accounts r ON r.id = c.reviewer_id";

const INSERT: &str = "INSERT INTO editorial_changes (entity, base_version, proposal, state, author_id, created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $5) RETURNING id";
const UPDATE_DRAFT: &str = "UPDATE editorial_changes SET base_version = $1, proposal = $2, updated_at = $3 WHERE id = $4 AND state = 'draft'";
const SUBMIT: &str = "UPDATE editorial_changes SET state = 'in_review', submitted_at = $1, updated_at = $1 WHERE id = $2 AND state = 'draft'";
const SEND_BACK: &str = "UPDATE editorial_changes SET state = 'draft', reviewer_id = $1, review_note = $2, decided_at = $3, updated_at = $3 WHERE id = $4 AND state = 'in_review'";
const WITHDRAW: &str = "UPDATE editorial_changes SET state = 'withdrawn', updated_at = $1 WHERE id = $2 AND state IN ('draft', 'in_review')";

impl Store {
    /// Starts a draft; returns its number.
    pub async fn create_change(
        &self,
        entity: &str,
        base_version: i64,
        proposal: &str,
        author: i64,
    ) -> StoreResult<i64> {
        let now = now_secs();
        let id = in_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(INSERT)
                .bind(entity).bind(base_version).bind(proposal).bind(author).bind(now)
                .fetch_one(&mut *tx).await?;
            id
        });
        Ok(id)
    }

    /// Saves a draft again; false when it is no longer a draft.
    pub async fn update_change(
        &self,
        id: i64,
        base_version: i64,
        proposal: &str,
    ) -> StoreResult<bool> {
        let done = on_write!(self, p => sqlx::query(UPDATE_DRAFT)
            .bind(base_version).bind(proposal).bind(now_secs()).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Gives a draft to review; false when it was not a draft.
    pub async fn submit_change(&self, id: i64) -> StoreResult<bool> {
        let done = on_write!(self, p => sqlx::query(SUBMIT)
            .bind(now_secs()).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Sends a change in review back to its author as a draft, with a note; false when it was
    /// not in review.
    pub async fn send_back_change(&self, id: i64, reviewer: i64, note: &str) -> StoreResult<bool> {
        let done = on_write!(self, p => sqlx::query(SEND_BACK)
            .bind(reviewer).bind(note).bind(now_secs()).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Withdraws a draft or a change in review; false when it was neither.
    pub async fn withdraw_change(&self, id: i64) -> StoreResult<bool> {
        let done = on_write!(self, p => sqlx::query(WITHDRAW)
            .bind(now_secs()).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// One change.
    pub async fn change(&self, id: i64) -> StoreResult<Option<ChangeRow>> {
        let sql = format!("SELECT {COLUMNS} WHERE c.id = $1");
        let row = on_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
        Ok(row)
    }

    /// The changes in the given states, newest first (at most `limit`); none for no states.
    pub async fn changes(&self, states: &[&str], limit: i64) -> StoreResult<Vec<ChangeRow>> {
        if states.is_empty() {
            return Ok(Vec::new());
        }
        let rows = on_pool!(self, p => {
            // One bound placeholder per state (CONVENTIONS: dynamic SQL only through QueryBuilder).
            let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS} WHERE c.state IN ("));
            let mut list = qb.separated(", ");
            for s in states {
                list.push_bind(*s);
            }
            qb.push(") ORDER BY c.updated_at DESC, c.id DESC LIMIT ");
            qb.push_bind(limit);
            qb.build_query_as::<ChangeRow>().fetch_all(p).await
        })?;
        Ok(rows)
    }

    /// The open change (draft or in review) of `author` for `entity`, if any.
    pub async fn open_change(&self, entity: &str, author: i64) -> StoreResult<Option<ChangeRow>> {
        let sql = format!(
            "SELECT {COLUMNS} WHERE c.entity = $1 AND c.author_id = $2 AND c.state IN ('draft', 'in_review') ORDER BY c.id DESC LIMIT 1"
        );
        let row = on_pool!(self, p => sqlx::query_as(&sql)
            .bind(entity).bind(author).fetch_optional(p).await)?;
        Ok(row)
    }
}
