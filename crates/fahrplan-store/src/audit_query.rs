//! Reading the audit log the way staff browse it (issue 16): filtered by person, kind of
//! object and day, newest first, a page at a time. The chain itself is `audit.rs`'s.

use crate::{Store, StoreResult, on_pool};

/// What to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only entries made by this account.
    pub actor: Option<i64>,
    /// Only entries about this kind of object: the part of `entity` before `:` (`measure`,
    /// `goal`, `account`, …).
    pub kind: Option<String>,
    /// From this time on (Unix seconds, inclusive).
    pub from: Option<i64>,
    /// Before this time (Unix seconds, exclusive).
    pub until: Option<i64>,
    /// Only entries older than this sequence number (the next page).
    pub before: Option<i64>,
}

/// One entry as the log page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditLine {
    /// Sequence number.
    pub seq: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// Acting account.
    pub actor_id: Option<i64>,
    /// Its display name now ("" for the command line or a deleted account).
    pub actor: Option<String>,
    /// What happened.
    pub action: String,
    /// What it happened to.
    pub entity: String,
    /// Details as JSON.
    pub detail: String,
}

const SELECT: &str = "SELECT l.seq, l.at, l.actor_id, a.display_name AS actor, l.action, l.entity, l.detail FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id WHERE ($1 IS NULL OR l.actor_id = $1) AND ($2 IS NULL OR l.entity LIKE $2) AND ($3 IS NULL OR l.at >= $3) AND ($4 IS NULL OR l.at < $4) AND ($5 IS NULL OR l.seq < $5) ORDER BY l.seq DESC LIMIT $6";

const KINDS: &str = "SELECT DISTINCT entity FROM audit_log";

impl Store {
    /// Entries matching `f`, newest first, at most `limit`.
    pub async fn audit_lines(&self, f: &AuditFilter, limit: i64) -> StoreResult<Vec<AuditLine>> {
        // The kind is matched as a prefix; `%` and `_` cannot occur in it (checked by the caller).
        let like = f.kind.as_ref().map(|k| format!("{k}:%"));
        let rows = on_pool!(self, p => sqlx::query_as(SELECT)
            .bind(f.actor).bind(&like).bind(f.from).bind(f.until).bind(f.before).bind(limit)
            .fetch_all(p).await)?;
        Ok(rows)
    }

    /// The kinds of object the log holds entries about, sorted.
    pub async fn audit_kinds(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, p => sqlx::query_as(KINDS).fetch_all(p).await)?;
        let mut kinds: Vec<String> = rows
            .into_iter()
            .filter_map(|(e,)| e.split_once(':').map(|(k, _)| k.to_owned()))
            .collect();
        kinds.sort();
        kinds.dedup();
        Ok(kinds)
    }
}
