//! Accounts, their roles, one-time tokens, second factors and consents. The store keeps rows;
//! the app layer decides who may do what and hashes (or, for TOTP secrets, seals) every secret
//! before it gets here.

use crate::rows::wire;
use crate::{Store, StoreError, StoreResult, in_tx, on_pool, on_write};
use fahrplan_domain::Role;

/// An account as stored. `email` is private: the app never puts it on a page of another person.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountRow {
    /// Id.
    pub id: i64,
    /// Normalised email; `None` once deleted.
    pub email: Option<String>,
    /// Public pseudonym.
    pub display_name: String,
    /// argon2id PHC string; `None` once deleted.
    pub password_hash: Option<String>,
    /// Created (Unix seconds).
    pub created_at: i64,
    /// Email confirmed (Unix seconds).
    pub verified_at: Option<i64>,
    /// Deleted (Unix seconds).
    pub deleted_at: Option<i64>,
    /// Confirmed TOTP secret, sealed by the app (`v1:…`; an older version stored it as base32).
    pub totp_secret: Option<String>,
    /// TOTP secret during set-up, sealed like the confirmed one.
    pub totp_pending: Option<String>,
    /// Last accepted TOTP time step.
    pub totp_last_step: Option<i64>,
}

/// One role grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    /// The role.
    pub role: Role,
    /// Department code for editors, empty otherwise.
    pub department: String,
    /// Granted (Unix seconds).
    pub granted_at: i64,
}

/// A one-time token row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    /// Account.
    pub account_id: i64,
    /// confirm | reset | email.
    pub purpose: String,
    /// New address for purpose `email`.
    pub new_email: Option<String>,
    /// Expiry (Unix seconds).
    pub expires_at: i64,
    /// When it was used.
    pub used_at: Option<i64>,
}

/// A logged consent.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentRow {
    /// Kind of consent.
    pub kind: String,
    /// Version of the text agreed to.
    pub version: String,
    /// Given (Unix seconds).
    pub given_at: i64,
    /// Withdrawn (Unix seconds).
    pub withdrawn_at: Option<i64>,
}

/// What a change that could leave the site without an admin did: taking a role, erasing an
/// account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarded {
    /// Done.
    Done,
    /// There was nothing to change (the role was not held).
    Nothing,
    /// Refused and nothing changed: it would have removed the last admin.
    LastAdmin,
}

/// A new account with its first role and consent.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    /// Normalised email.
    pub email: &'a str,
    /// Pseudonym.
    pub display_name: &'a str,
    /// argon2id hash.
    pub password_hash: &'a str,
    /// Whether the email counts as confirmed already (accounts made on the command line).
    pub verified: bool,
    /// Roles with department ('' when unscoped).
    pub roles: &'a [(Role, String)],
    /// Consent kind and text version, if given.
    pub consent: Option<(&'a str, &'a str)>,
    /// Now (Unix seconds).
    pub now: i64,
}

const ACCOUNT_COLUMNS: &str = "id, email, display_name, password_hash, created_at, verified_at,
    deleted_at, totp_secret, totp_pending, totp_last_step";

const INSERT_ACCOUNT: &str = "
    INSERT INTO accounts (email, display_name, password_hash, created_at, verified_at)
    VALUES ($1, $2, $3, $4, $5)
    RETURNING id";

const INSERT_ROLE: &str = "
    INSERT INTO account_roles (account_id, role, department, granted_at)
    VALUES ($1, $2, $3, $4)";

const INSERT_CONSENT: &str = "
    INSERT INTO consents (account_id, kind, version, given_at)
    VALUES ($1, $2, $3, $4)";

const GRANT_ROLE: &str = "
    INSERT INTO account_roles (account_id, role, department, granted_at)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT DO NOTHING";

const ROLES: &str = "
    SELECT role, department, granted_at FROM account_roles
    WHERE account_id = $1
    ORDER BY role, department";

const REVOKE_ROLE: &str =
    "DELETE FROM account_roles WHERE account_id = $1 AND role = $2 AND department = $3";

/// The accounts holding the admin role. PostgreSQL locks their rows (in one order, so two
/// such transactions never deadlock) until the transaction ends,
/// so two transactions that would each remove one of the last two admins run one after the
/// other, and the second sees that only one is left; SQLite's write lock, taken at `BEGIN
/// IMMEDIATE`, does the same for the whole database.
const ADMINS_LOCKED_POSTGRES: &str =
    "SELECT account_id FROM account_roles WHERE role = 'admin' ORDER BY account_id FOR UPDATE";
const ADMINS_LOCKED_SQLITE: &str =
    "SELECT account_id FROM account_roles WHERE role = 'admin' ORDER BY account_id";

const INSERT_TOKEN: &str = "
    INSERT INTO account_tokens (token_hash, account_id, purpose, new_email, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6)";

const USE_TOKEN: &str = "
    UPDATE account_tokens SET used_at = $3
    WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3";

const TOKEN: &str = "
    SELECT account_id, purpose, new_email, expires_at, used_at FROM account_tokens
    WHERE token_hash = $1";

const CONSENTS: &str = "
    SELECT kind, version, given_at, withdrawn_at FROM consents
    WHERE account_id = $1
    ORDER BY id";

const WITHDRAW_CONSENT: &str = "
    UPDATE consents SET withdrawn_at = $3
    WHERE account_id = $1 AND kind = $2 AND withdrawn_at IS NULL";

const UNCOUNT_SUPPORTS_OF: &str = "
    UPDATE contributions SET supports_count = supports_count - 1
    WHERE id IN (SELECT contribution FROM supports WHERE account = $1)";

const ERASE_ACCOUNT: &str = "
    UPDATE accounts
    SET email = NULL, display_name = '', password_hash = NULL,
        totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL, deleted_at = $2
    WHERE id = $1";

impl Store {
    /// Creates an account; `Conflict` when the email is taken.
    pub async fn create_account(&self, a: &NewAccount<'_>) -> StoreResult<i64> {
        let id = in_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(INSERT_ACCOUNT)
                .bind(a.email).bind(a.display_name).bind(a.password_hash).bind(a.now)
                .bind(a.verified.then_some(a.now))
                .fetch_one(&mut *tx).await?;
            for (role, dept) in a.roles {
                sqlx::query(INSERT_ROLE)
                    .bind(id).bind(role.as_str()).bind(dept).bind(a.now).execute(&mut *tx).await?;
            }
            if let Some((kind, version)) = a.consent {
                sqlx::query(INSERT_CONSENT)
                    .bind(id).bind(kind).bind(version).bind(a.now).execute(&mut *tx).await?;
            }
            id
        });
        Ok(id)
    }

    /// The account with this id (deleted ones included).
    pub async fn account(&self, id: i64) -> StoreResult<AccountRow> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1");
        let row = on_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
        row.ok_or(StoreError::NotFound)
    }

    /// The live account with this normalised email.
    pub async fn account_by_email(&self, email: &str) -> StoreResult<Option<AccountRow>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = $1 AND deleted_at IS NULL"
        );
        let row = on_pool!(self, p => sqlx::query_as(&sql).bind(email).fetch_optional(p).await)?;
        Ok(row)
    }

    /// Every live account, oldest first (for staff lists; emails stay in the row, not on pages).
    pub async fn accounts(&self) -> StoreResult<Vec<AccountRow>> {
        let sql =
            format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE deleted_at IS NULL ORDER BY id");
        let rows = on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Roles of an account.
    pub async fn roles(&self, account_id: i64) -> StoreResult<Vec<RoleRow>> {
        let rows: Vec<(String, String, i64)> = on_pool!(self, p => sqlx::query_as(ROLES)
            .bind(account_id).fetch_all(p).await)?;
        rows.into_iter()
            .map(|(role, department, granted_at)| {
                Ok(RoleRow {
                    role: wire(&role, "account_roles.role")?,
                    department,
                    granted_at,
                })
            })
            .collect()
    }

    /// Adds a role grant; granting one that exists changes nothing. Returns whether it was new.
    pub async fn grant_role(
        &self,
        account_id: i64,
        role: Role,
        department: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let n = on_write!(self, p => sqlx::query(GRANT_ROLE)
            .bind(account_id).bind(role.as_str()).bind(department).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Removes a role grant, unless it is the admin role of the last admin ([`Guarded`]). The
    /// check and the removal are one transaction with the admins' rows locked, so two admins
    /// taking each other's role at once leave one.
    pub async fn revoke_role(
        &self,
        account_id: i64,
        role: Role,
        department: &str,
    ) -> StoreResult<Guarded> {
        let admins_locked = self.admins_locked_sql();
        let outcome = in_tx!(self, tx => {
            let admins: Vec<(i64,)> = sqlx::query_as(admins_locked).fetch_all(&mut *tx).await?;
            if role == Role::Admin && last_admin(&admins, account_id) {
                Guarded::LastAdmin
            } else {
                let n = sqlx::query(REVOKE_ROLE)
                    .bind(account_id).bind(role.as_str()).bind(department)
                    .execute(&mut *tx).await?.rows_affected();
                if n == 1 { Guarded::Done } else { Guarded::Nothing }
            }
        });
        Ok(outcome)
    }

    fn admins_locked_sql(&self) -> &'static str {
        match self.pool {
            crate::Pool::Sqlite(_) => ADMINS_LOCKED_SQLITE,
            crate::Pool::Postgres(_) => ADMINS_LOCKED_POSTGRES,
        }
    }

    /// Marks the email as confirmed.
    pub async fn set_verified(&self, account_id: i64, now: i64) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(
            "UPDATE accounts SET verified_at = COALESCE(verified_at, $2) WHERE id = $1")
            .bind(account_id).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Replaces the password hash.
    pub async fn set_password_hash(&self, account_id: i64, hash: &str) -> StoreResult<()> {
        on_write!(self, p => sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1 AND deleted_at IS NULL")
            .bind(account_id).bind(hash).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Changes the display name.
    pub async fn set_display_name(&self, account_id: i64, name: &str) -> StoreResult<()> {
        on_write!(self, p => sqlx::query("UPDATE accounts SET display_name = $2 WHERE id = $1 AND deleted_at IS NULL")
            .bind(account_id).bind(name).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Changes the email; `Conflict` when another account uses it.
    pub async fn set_email(&self, account_id: i64, email: &str) -> StoreResult<()> {
        on_write!(self, p => sqlx::query("UPDATE accounts SET email = $2 WHERE id = $1 AND deleted_at IS NULL")
            .bind(account_id).bind(email).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Stores a one-time token (its hash).
    pub async fn add_token(
        &self,
        token_hash: &str,
        account_id: i64,
        purpose: &str,
        new_email: Option<&str>,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(INSERT_TOKEN)
            .bind(token_hash).bind(account_id).bind(purpose).bind(new_email).bind(now).bind(expires_at)
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Marks an unused, unexpired token of `purpose` as used and returns it; `None` when it is
    /// unknown, used or expired. Using is atomic: two requests with one token get it once.
    pub async fn use_token(
        &self,
        token_hash: &str,
        purpose: &str,
        now: i64,
    ) -> StoreResult<Option<TokenRow>> {
        let row = in_tx!(self, tx => {
            let n = sqlx::query(USE_TOKEN)
                .bind(token_hash).bind(purpose).bind(now).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query_as::<_, TokenRow>(TOKEN)
                    .bind(token_hash).fetch_optional(&mut *tx).await?
            } else {
                None
            }
        });
        Ok(row)
    }

    /// Deletes every unused one-time link of an account (after its password or email changed,
    /// or when its sessions are ended); returns how many.
    pub async fn delete_tokens_of(&self, account_id: i64) -> StoreResult<u64> {
        let n = on_write!(self, p => sqlx::query("DELETE FROM account_tokens WHERE account_id = $1 AND used_at IS NULL")
            .bind(account_id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Consents of an account, oldest first.
    pub async fn consents(&self, account_id: i64) -> StoreResult<Vec<ConsentRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(CONSENTS)
            .bind(account_id).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Withdraws every active consent of `kind`; returns how many were active.
    pub async fn withdraw_consent(
        &self,
        account_id: i64,
        kind: &str,
        now: i64,
    ) -> StoreResult<u64> {
        let n = on_write!(self, p => sqlx::query(WITHDRAW_CONSENT)
            .bind(account_id).bind(kind).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Logs a newly given consent.
    pub async fn give_consent(
        &self,
        account_id: i64,
        kind: &str,
        version: &str,
        now: i64,
    ) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(INSERT_CONSENT)
            .bind(account_id).bind(kind).bind(version).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Deletes the personal data of an account: email, name, password, second factor, roles,
    /// sessions, tokens, recovery codes, consents, supports and reports. The row stays (as "deleted account") so that
    /// public contributions keep an author reference without naming anyone. The last admin's
    /// account is not erased ([`Guarded::LastAdmin`]), checked in the same transaction as in
    /// [`Store::revoke_role`].
    pub async fn erase_account(&self, account_id: i64, now: i64) -> StoreResult<Guarded> {
        let admins_locked = self.admins_locked_sql();
        let outcome = in_tx!(self, tx => {
            let admins: Vec<(i64,)> = sqlx::query_as(admins_locked).fetch_all(&mut *tx).await?;
            if last_admin(&admins, account_id) {
                Guarded::LastAdmin
            } else {
                // Supports show political opinions: they go, and the counts they added with them.
                sqlx::query(UNCOUNT_SUPPORTS_OF)
                    .bind(account_id).execute(&mut *tx).await?;
                for sql in [
                    "DELETE FROM supports WHERE account = $1",
                    "DELETE FROM flags WHERE reporter = $1",
                    "DELETE FROM sessions WHERE account_id = $1",
                    "DELETE FROM account_tokens WHERE account_id = $1",
                    "DELETE FROM recovery_codes WHERE account_id = $1",
                    "DELETE FROM account_roles WHERE account_id = $1",
                    "DELETE FROM consents WHERE account_id = $1",
                ] {
                    sqlx::query(sql).bind(account_id).execute(&mut *tx).await?;
                }
                sqlx::query(ERASE_ACCOUNT)
                    .bind(account_id).bind(now).execute(&mut *tx).await?;
                Guarded::Done
            }
        });
        Ok(outcome)
    }
}

/// Whether `account_id` is the only account among `admins` (rows of the admin role).
fn last_admin(admins: &[(i64,)], account_id: i64) -> bool {
    admins.iter().any(|(a,)| *a == account_id) && admins.iter().all(|(a,)| *a == account_id)
}
