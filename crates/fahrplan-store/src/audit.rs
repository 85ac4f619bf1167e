//! The audit log: append-only, each entry's hash covering the one before, so a changed or removed
//! row breaks the chain (`fahrplan audit verify`).

use crate::{Store, StoreResult, in_tx, on_pool};
use sha2::{Digest, Sha256};

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    /// Sequence number.
    pub seq: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// Acting account; `None` for the command line.
    pub actor_id: Option<i64>,
    /// What happened, e.g. `login.staff`, `role.grant`, `account.delete`.
    pub action: String,
    /// What it happened to, e.g. `account:7`.
    pub entity: String,
    /// Details as JSON (never an email address or password).
    pub detail: String,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// Hash of this entry.
    pub hash: String,
}

/// Hash of the first entry's predecessor.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an entry: SHA-256 over the previous hash and the entry's fields, each length-prefixed.
pub fn audit_hash(
    prev: &str,
    at: i64,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let actor = actor.map(|a| a.to_string()).unwrap_or_default();
    for part in [prev, &at.to_string(), &actor, action, entity, detail] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

const LAST_HASH: &str = "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1";

const APPEND_AUDIT: &str = "
    INSERT INTO audit_log (at, actor_id, action, entity, detail, prev_hash, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

const AUDIT_AFTER: &str = "
    SELECT seq, at, actor_id, action, entity, detail, prev_hash, hash FROM audit_log
    WHERE seq > $1
    ORDER BY seq
    LIMIT $2";

const AUDIT_OF_ACCOUNT: &str = "
    SELECT seq, at, actor_id, action, entity, detail, prev_hash, hash FROM audit_log
    WHERE entity = $1 OR actor_id = $2
    ORDER BY seq";

impl Store {
    /// Appends an entry. Appends are serialised (SQLite's write lock, a PostgreSQL advisory lock)
    /// so the chain never forks.
    pub async fn append_audit(
        &self,
        at: i64,
        actor: Option<i64>,
        action: &str,
        entity: &str,
        detail: &str,
    ) -> StoreResult<()> {
        let is_pg = matches!(self.pool, crate::Pool::Postgres(_));
        in_tx!(self, tx => {
            if is_pg {
                sqlx::query("SELECT pg_advisory_xact_lock(80822022)").execute(&mut *tx).await?;
            }
            let last: Option<(String,)> = sqlx::query_as(LAST_HASH)
                .fetch_optional(&mut *tx).await?;
            let prev = last.map_or_else(|| GENESIS.to_owned(), |(h,)| h);
            let hash = audit_hash(&prev, at, actor, action, entity, detail);
            sqlx::query(APPEND_AUDIT)
                .bind(at).bind(actor).bind(action).bind(entity).bind(detail).bind(&prev).bind(&hash)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Audit entries after `seq`, oldest first.
    pub async fn audit_after(&self, seq: i64, limit: i64) -> StoreResult<Vec<AuditRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(AUDIT_AFTER)
            .bind(seq).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }

    /// The entries about an account (`entity`) or made by it (`actor_id`), oldest first.
    pub async fn audit_of_account(&self, account_id: i64) -> StoreResult<Vec<AuditRow>> {
        let entity = format!("account:{account_id}");
        let rows = on_pool!(self, p => sqlx::query_as(AUDIT_OF_ACCOUNT)
            .bind(&entity).bind(account_id).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Checks the whole chain; returns the number of entries, or the sequence number of the
    /// first entry that does not fit.
    pub async fn verify_audit(&self) -> StoreResult<Result<u64, i64>> {
        let mut prev = GENESIS.to_owned();
        let mut after = 0;
        let mut n = 0;
        loop {
            let rows = self.audit_after(after, 1000).await?;
            if rows.is_empty() {
                return Ok(Ok(n));
            }
            for r in rows {
                let h = audit_hash(&prev, r.at, r.actor_id, &r.action, &r.entity, &r.detail);
                if r.prev_hash != prev || r.hash != h {
                    return Ok(Err(r.seq));
                }
                prev = r.hash;
                after = r.seq;
                n += 1;
            }
        }
    }
}
