//! Sessions (hashed tokens with idle and absolute expiry), second-factor state, recovery codes,
//! and the retention job that removes what must not be kept.

use crate::{Store, StoreResult, in_tx, on_pool, on_write};

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    /// SHA-256 of the cookie value (hex).
    pub token_hash: String,
    /// Account.
    pub account_id: i64,
    /// Created (Unix seconds).
    pub created_at: i64,
    /// Last request (Unix seconds).
    pub last_seen_at: i64,
    /// Ends when idle until then.
    pub idle_expires_at: i64,
    /// Ends at the latest.
    pub absolute_expires_at: i64,
    /// Whether a second factor was given in this session.
    pub second_factor: bool,
    /// Client address (cleared after 7 days).
    pub ip: Option<String>,
    /// Browser, shortened.
    pub user_agent: Option<String>,
}

/// A live session with what each request needs of its account ([`Store::session_holder`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionHolder {
    /// The session.
    pub session: SessionRow,
    /// The account's public name.
    pub display_name: String,
    /// Whether the account was deleted.
    pub deleted: bool,
    /// Whether the account has a confirmed second factor.
    pub has_totp: bool,
    /// Its roles with their departments, ordered by role and department.
    pub roles: Vec<(fahrplan_domain::Role, String)>,
}

/// What the retention job removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Expired sessions.
    pub sessions: u64,
    /// Used or expired one-time tokens.
    pub tokens: u64,
    /// Registrations never confirmed.
    pub unconfirmed: u64,
    /// Session rows whose IP address was cleared.
    pub ips: u64,
}

const SESSION_COLUMNS: &str = "token_hash, account_id, created_at, last_seen_at, idle_expires_at,
    absolute_expires_at, second_factor, ip, user_agent";

/// One row per role of the session's account (one with NULL role when it has none).
const HOLDER: &str = "
    SELECT s.token_hash, s.account_id, s.created_at, s.last_seen_at, s.idle_expires_at,
           s.absolute_expires_at, s.second_factor, s.ip, s.user_agent,
           a.display_name, a.deleted_at, a.totp_secret IS NOT NULL,
           r.role, r.department
    FROM sessions s
    JOIN accounts a ON a.id = s.account_id
    LEFT JOIN account_roles r ON r.account_id = s.account_id
    WHERE s.token_hash = $1 AND s.idle_expires_at > $2 AND s.absolute_expires_at > $2
    ORDER BY r.role, r.department";

const ADD_SESSION: &str = "
    INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, idle_expires_at,
                          absolute_expires_at, second_factor, ip, user_agent)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Where a session is live at `$2`.
const LIVE: &str = "idle_expires_at > $2 AND absolute_expires_at > $2";

const TOUCH_SESSION: &str = "
    UPDATE sessions
    SET last_seen_at = $2,
        idle_expires_at = CASE WHEN $3 < absolute_expires_at THEN $3 ELSE absolute_expires_at END
    WHERE token_hash = $1";

const ENABLE_TOTP: &str = "
    UPDATE accounts SET totp_secret = $2, totp_pending = NULL, totp_last_step = $3
    WHERE id = $1";

const RESET_TOTP: &str = "
    UPDATE accounts SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL
    WHERE id = $1 AND (totp_secret IS NOT NULL OR totp_pending IS NOT NULL)";

const ACCEPT_TOTP_STEP: &str = "
    UPDATE accounts SET totp_last_step = $2
    WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)";

const TOTP_SECRETS: &str = "
    SELECT id, totp_secret, totp_pending FROM accounts
    WHERE totp_secret IS NOT NULL OR totp_pending IS NOT NULL
    ORDER BY id";

/// Guarded by the value read, so a change made meanwhile (a reset, another node's pass) wins.
const REWRITE_TOTP_SECRET: &str =
    "UPDATE accounts SET totp_secret = $2 WHERE id = $1 AND totp_secret = $3";
const REWRITE_TOTP_PENDING: &str =
    "UPDATE accounts SET totp_pending = $2 WHERE id = $1 AND totp_pending = $3";

const USE_RECOVERY_CODE: &str = "
    UPDATE recovery_codes SET used_at = $3
    WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL";

const PURGE_SESSIONS: &str =
    "DELETE FROM sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1";
const PURGE_TOKENS: &str =
    "DELETE FROM account_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL";
const PURGE_UNCONFIRMED: &str = "
    DELETE FROM accounts
    WHERE verified_at IS NULL AND deleted_at IS NULL AND created_at < $1";
const PURGE_IPS: &str = "UPDATE sessions SET ip = NULL WHERE ip IS NOT NULL AND created_at < $1";

impl Store {
    /// Stores a new session.
    pub async fn add_session(&self, s: &SessionRow) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(ADD_SESSION)
            .bind(&s.token_hash).bind(s.account_id).bind(s.created_at).bind(s.last_seen_at)
            .bind(s.idle_expires_at).bind(s.absolute_expires_at).bind(s.second_factor)
            .bind(&s.ip).bind(&s.user_agent)
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// The session with this token hash if it has not expired at `now`.
    pub async fn live_session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<SessionRow>> {
        let sql =
            format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND {LIVE}");
        let row = on_pool!(self, p => sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(p).await)?;
        Ok(row)
    }

    /// The live session with this token hash and what every request needs of its account (name,
    /// whether deleted, whether a second factor is set up, roles), in one statement: this runs for
    /// every request with a cookie.
    pub async fn session_holder(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<SessionHolder>> {
        type Row = (
            String,
            i64,
            i64,
            i64,
            i64,
            i64,
            bool,
            Option<String>,
            Option<String>,
            String,
            Option<i64>,
            bool,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(HOLDER).bind(token_hash).bind(now).fetch_all(p).await)?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let session = SessionRow {
            token_hash: first.0.clone(),
            account_id: first.1,
            created_at: first.2,
            last_seen_at: first.3,
            idle_expires_at: first.4,
            absolute_expires_at: first.5,
            second_factor: first.6,
            ip: first.7.clone(),
            user_agent: first.8.clone(),
        };
        let mut roles = Vec::new();
        for r in &rows {
            if let (Some(role), Some(department)) = (&r.12, &r.13) {
                roles.push((
                    crate::rows::wire(role, "account_roles.role")?,
                    department.clone(),
                ));
            }
        }
        Ok(Some(SessionHolder {
            session,
            display_name: first.9.clone(),
            deleted: first.10.is_some(),
            has_totp: first.11,
            roles,
        }))
    }

    /// Live sessions of an account, newest first.
    pub async fn sessions_of(&self, account_id: i64, now: i64) -> StoreResult<Vec<SessionRow>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE account_id = $1 AND {LIVE}
             ORDER BY created_at DESC, token_hash"
        );
        let rows = on_pool!(self, p => sqlx::query_as(&sql).bind(account_id).bind(now).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Records activity: moves the idle expiry on (never past the absolute one).
    pub async fn touch_session(
        &self,
        token_hash: &str,
        now: i64,
        idle_until: i64,
    ) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(TOUCH_SESSION)
            .bind(token_hash).bind(now).bind(idle_until).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Gives a session a new token (its hash) and marks the second factor as given; returns
    /// whether the session was there.
    pub async fn rotate_session(&self, old_hash: &str, new_hash: &str) -> StoreResult<bool> {
        let n = on_write!(self, p => sqlx::query("UPDATE sessions SET token_hash = $2, second_factor = $3 WHERE token_hash = $1")
            .bind(old_hash).bind(new_hash).bind(true).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Ends one session of an account; returns whether the account had it.
    pub async fn delete_session(&self, account_id: i64, token_hash: &str) -> StoreResult<bool> {
        let n = on_write!(self, p => sqlx::query("DELETE FROM sessions WHERE token_hash = $1 AND account_id = $2")
            .bind(token_hash).bind(account_id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Ends every session of an account except `keep`; returns how many ended.
    pub async fn delete_sessions_of(
        &self,
        account_id: i64,
        keep: Option<&str>,
    ) -> StoreResult<u64> {
        let n = on_write!(self, p => sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
            .bind(account_id).bind(keep.unwrap_or("")).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Stores a TOTP secret being set up.
    pub async fn set_totp_pending(&self, account_id: i64, secret: Option<&str>) -> StoreResult<()> {
        on_write!(self, p => sqlx::query("UPDATE accounts SET totp_pending = $2 WHERE id = $1")
            .bind(account_id).bind(secret).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Makes the pending secret the account's second factor and replaces its recovery codes.
    pub async fn enable_totp(
        &self,
        account_id: i64,
        secret: &str,
        step: i64,
        code_hashes: &[String],
    ) -> StoreResult<()> {
        in_tx!(self, tx => {
            sqlx::query(ENABLE_TOTP)
                .bind(account_id).bind(secret).bind(step).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
            for h in code_hashes {
                sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
                    .bind(account_id).bind(h).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// Removes the second factor (authenticator and recovery codes) of an account and ends its
    /// sessions, in one transaction; returns whether it had one.
    pub async fn reset_second_factor(&self, account_id: i64) -> StoreResult<bool> {
        let had = in_tx!(self, tx => {
            let n = sqlx::query(RESET_TOTP)
                .bind(account_id).execute(&mut *tx).await?.rows_affected();
            sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
            n == 1
        });
        Ok(had)
    }

    /// Passes every stored TOTP secret, confirmed and pending, to `rewrite` with its account id
    /// and stores what it returns in its place (`None` keeps the value), all in one
    /// transaction; returns how many values changed. The app seals secrets of older versions
    /// with it.
    pub async fn rewrite_totp_secrets(
        &self,
        mut rewrite: impl FnMut(i64, &str) -> Option<String>,
    ) -> StoreResult<u64> {
        let changed = in_tx!(self, tx => {
            let rows: Vec<(i64, Option<String>, Option<String>)> =
                sqlx::query_as(TOTP_SECRETS).fetch_all(&mut *tx).await?;
            let mut changed = 0;
            for (id, secret, pending) in rows {
                for (sql, old) in [(REWRITE_TOTP_SECRET, secret), (REWRITE_TOTP_PENDING, pending)] {
                    let Some(old) = old else { continue };
                    if let Some(new) = rewrite(id, &old) {
                        changed += sqlx::query(sql)
                            .bind(id).bind(&new).bind(&old)
                            .execute(&mut *tx).await?.rows_affected();
                    }
                }
            }
            changed
        });
        Ok(changed)
    }

    /// Accepts a TOTP time step once: succeeds only when `step` is later than the last accepted.
    pub async fn accept_totp_step(&self, account_id: i64, step: i64) -> StoreResult<bool> {
        let n = on_write!(self, p => sqlx::query(ACCEPT_TOTP_STEP)
            .bind(account_id).bind(step).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Uses a recovery code once; returns whether it was valid and unused.
    pub async fn use_recovery_code(
        &self,
        account_id: i64,
        code_hash: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let n = on_write!(self, p => sqlx::query(USE_RECOVERY_CODE)
            .bind(account_id).bind(code_hash).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Number of unused recovery codes.
    pub async fn recovery_codes_left(&self, account_id: i64) -> StoreResult<i64> {
        let (n,): (i64,) = on_pool!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL")
            .bind(account_id).fetch_one(p).await)?;
        Ok(n)
    }

    /// The retention job: deletes expired sessions and spent tokens, registrations not confirmed
    /// by `unconfirmed_before`, and clears session IP addresses recorded before `ip_before`.
    pub async fn purge(
        &self,
        now: i64,
        unconfirmed_before: i64,
        ip_before: i64,
    ) -> StoreResult<Purged> {
        let out = in_tx!(self, tx => {
            let sessions = sqlx::query(PURGE_SESSIONS)
                .bind(now).execute(&mut *tx).await?.rows_affected();
            let tokens = sqlx::query(PURGE_TOKENS)
                .bind(now).execute(&mut *tx).await?.rows_affected();
            let unconfirmed = sqlx::query(PURGE_UNCONFIRMED)
                .bind(unconfirmed_before).execute(&mut *tx).await?.rows_affected();
            let ips = sqlx::query(PURGE_IPS)
                .bind(ip_before).execute(&mut *tx).await?.rows_affected();
            Purged { sessions, tokens, unconfirmed, ips }
        });
        Ok(out)
    }
}
