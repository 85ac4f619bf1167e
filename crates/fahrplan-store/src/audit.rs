//! The audit log: append-only, each entry's hash covering the one before, keyed with a key that
//! never goes into the database (`audit_key.rs`), so a changed, inserted or removed row breaks
//! the chain (`audit_verify.rs`, `fahrplan audit verify`). It appends and reads; which key to use
//! and where the signed head goes is the app's business.

use crate::audit_key::{AuditKey, audit_hash};
use crate::{Store, StoreResult, in_tx, on_pool};

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
    /// Id of the key the entry's hash was made with; `None` for a plain SHA-256 entry that a
    /// version before migration 0012 wrote.
    pub key_id: Option<String>,
}

impl AuditRow {
    /// Whether the stored hash is the one this entry's fields give: keyed entries with `key`,
    /// entries of older versions with plain SHA-256.
    pub(crate) fn hash_holds(&self, key: &AuditKey) -> bool {
        let (prev, at, actor) = (&self.prev_hash, self.at, self.actor_id);
        let (action, entity, detail) = (&self.action, &self.entity, &self.detail);
        let expected = match self.key_id {
            Some(_) => key.entry_hash(prev, at, actor, action, entity, detail),
            None => audit_hash(prev, at, actor, action, entity, detail),
        };
        expected == self.hash
    }
}

/// The newest entry as a node signs it: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTip {
    /// Sequence number.
    pub seq: i64,
    /// Hash.
    pub hash: String,
}

/// Hash of the first entry's predecessor.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The action of the first keyed entry after entries an older version wrote: its hash covers
/// the last of them, so they are protected by the key from then on.
pub const KEYED_ACTION: &str = "audit.keyed";

const LAST: &str = "SELECT seq, hash, key_id FROM audit_log ORDER BY seq DESC LIMIT 1";

const FIRST_KEYED: &str = "SELECT seq FROM audit_log WHERE key_id IS NOT NULL LIMIT 1";

const APPEND_AUDIT: &str = "
    INSERT INTO audit_log (at, actor_id, action, entity, detail, prev_hash, hash, key_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    RETURNING seq";

const AUDIT_AFTER: &str = "
    SELECT seq, at, actor_id, action, entity, detail, prev_hash, hash, key_id FROM audit_log
    WHERE seq > $1
    ORDER BY seq
    LIMIT $2";

const AUDIT_OF_ACCOUNT: &str = "
    SELECT seq, at, actor_id, action, entity, detail, prev_hash, hash, key_id FROM audit_log
    WHERE entity = $1 OR actor_id = $2
    ORDER BY seq";

/// Serialises appends on PostgreSQL; the key is arbitrary but fixed.
const APPEND_LOCK: &str = "SELECT pg_advisory_xact_lock(80822022)";

/// An entry to append.
struct Entry<'a> {
    actor: Option<i64>,
    action: &'a str,
    entity: &'a str,
    detail: &'a str,
}

impl Store {
    /// Appends an entry keyed with `key` and returns it as the new tip. Appends are serialised
    /// (SQLite's write lock, a PostgreSQL advisory lock) so the chain never forks. When the
    /// chain holds only entries of an older version, the `audit.keyed` entry goes first.
    pub async fn append_audit(
        &self,
        key: &AuditKey,
        at: i64,
        actor: Option<i64>,
        action: &str,
        entity: &str,
        detail: &str,
    ) -> StoreResult<AuditTip> {
        let entry = Entry {
            actor,
            action,
            entity,
            detail,
        };
        self.append(key, at, Some(entry))
            .await?
            .ok_or(crate::StoreError::NotFound)
    }

    /// Appends the `audit.keyed` entry if the chain holds entries of an older version and no
    /// keyed one yet (at start, so they are protected before anyone acts); returns it, or
    /// `None` when there was nothing to protect.
    pub async fn key_audit_log(&self, key: &AuditKey, at: i64) -> StoreResult<Option<AuditTip>> {
        self.append(key, at, None).await
    }

    async fn append(
        &self,
        key: &AuditKey,
        at: i64,
        entry: Option<Entry<'_>>,
    ) -> StoreResult<Option<AuditTip>> {
        let is_pg = matches!(self.pool, crate::Pool::Postgres(_));
        let tip = in_tx!(self, tx => {
            if is_pg {
                sqlx::query(APPEND_LOCK).execute(&mut *tx).await?;
            }
            let last: Option<(i64, String, Option<String>)> = sqlx::query_as(LAST)
                .fetch_optional(&mut *tx).await?;
            let mut tip: Option<AuditTip> = None;
            let mut prev = GENESIS.to_owned();
            if let Some((seq, hash, key_id)) = last {
                prev = hash.clone();
                let keyed: Option<(i64,)> = match key_id {
                    Some(_) => Some((seq,)),
                    None => sqlx::query_as(FIRST_KEYED).fetch_optional(&mut *tx).await?,
                };
                if keyed.is_none() {
                    let detail = format!(r#"{{"covers_seq":{seq},"covers_hash":"{hash}"}}"#);
                    let h = key.entry_hash(&prev, at, None, KEYED_ACTION, "audit_log", &detail);
                    let (s,): (i64,) = sqlx::query_as(APPEND_AUDIT)
                        .bind(at).bind(None::<i64>).bind(KEYED_ACTION).bind("audit_log")
                        .bind(&detail).bind(&prev).bind(&h).bind(key.id())
                        .fetch_one(&mut *tx).await?;
                    prev.clone_from(&h);
                    tip = Some(AuditTip { seq: s, hash: h });
                }
            }
            if let Some(e) = &entry {
                let h = key.entry_hash(&prev, at, e.actor, e.action, e.entity, e.detail);
                let (s,): (i64,) = sqlx::query_as(APPEND_AUDIT)
                    .bind(at).bind(e.actor).bind(e.action).bind(e.entity).bind(e.detail)
                    .bind(&prev).bind(&h).bind(key.id())
                    .fetch_one(&mut *tx).await?;
                tip = Some(AuditTip { seq: s, hash: h });
            }
            tip
        });
        Ok(tip)
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
}
