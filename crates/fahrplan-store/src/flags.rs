//! Reports of contributions (Meldungen): listed for the moderators while open, and resolved
//! together with an outcome. A report is stored by `Store::report_contribution` (moderation.rs),
//! which also hides the contribution at the threshold.

use crate::{Store, StoreResult, on_pool, on_write};

/// An open report.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FlagRow {
    /// Id.
    pub id: i64,
    /// The reported contribution.
    pub contribution: i64,
    /// Why, in the reporter's words.
    pub reason: String,
    /// Unix seconds.
    pub created_at: i64,
}

const OPEN_FLAGS: &str = "
    SELECT id, contribution, reason, created_at FROM flags
    WHERE resolved_at IS NULL
    ORDER BY id";

const RESOLVE_FLAGS: &str = "
    UPDATE flags SET resolved_at = $3, outcome = $2
    WHERE contribution = $1 AND resolved_at IS NULL";

const FLAGS_BY: &str = "
    SELECT contribution, reason, created_at, outcome FROM flags
    WHERE reporter = $1
    ORDER BY id";

impl Store {
    /// Every open report, oldest first.
    pub async fn open_flags(&self) -> StoreResult<Vec<FlagRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(OPEN_FLAGS)
            .fetch_all(p).await)?;
        Ok(rows)
    }

    /// Resolves every open report of a contribution with `outcome` ("hidden" or "dismissed");
    /// returns how many.
    pub async fn resolve_flags(
        &self,
        contribution: i64,
        outcome: &str,
        now: i64,
    ) -> StoreResult<u64> {
        let n = on_write!(self, p => sqlx::query(RESOLVE_FLAGS)
            .bind(contribution).bind(outcome).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// The reports an account made, oldest first (for "Meine Daten"): contribution, reason,
    /// time, outcome.
    pub async fn flags_by(
        &self,
        reporter: i64,
    ) -> StoreResult<Vec<(i64, String, i64, Option<String>)>> {
        let rows = on_pool!(self, p => sqlx::query_as(FLAGS_BY)
            .bind(reporter).fetch_all(p).await)?;
        Ok(rows)
    }
}
