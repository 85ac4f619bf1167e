//! Administration: accounts made and roles granted on the command line (bootstrapping) or by an
//! admin, and the retention job. What they do goes into the audit log (`crate::audit`).

use super::PURGE_INTERVAL;
use super::{
    check_display_name, check_email, internal, invalid, login::Actor, normalise_email, now,
    password,
};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::Role;
use fahrplan_store::{Guarded, NewAccount};

/// An account made by an operator (confirmed at once).
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Email.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role wire value.
    pub role: String,
    /// Departments (editors only, at least one).
    pub departments: Vec<String>,
    /// Password.
    pub password: String,
}

impl App {
    async fn role_grants(
        &self,
        role: &str,
        departments: &[String],
    ) -> AppResult<Vec<(Role, String)>> {
        let role = Role::parse(role).ok_or_else(|| invalid("role", "error-role-unknown"))?;
        if role == Role::Editor {
            if departments.is_empty() {
                return Err(invalid("department", "error-department-required"));
            }
            let known = self.store.departments().await?;
            for d in departments {
                if !known.iter().any(|k| k.code == *d) {
                    return Err(invalid("department", "error-department-unknown"));
                }
            }
            Ok(departments.iter().map(|d| (role, d.clone())).collect())
        } else if !departments.is_empty() {
            Err(invalid("department", "error-department-only-editors"))
        } else {
            Ok(vec![(role, String::new())])
        }
    }

    /// Creates a confirmed account with a role (command line; audit actor is the command line).
    pub async fn create_user(&self, u: &NewUser) -> AppResult<i64> {
        let email = normalise_email(&u.email);
        let mut errors: Vec<FieldError> = Vec::new();
        errors.extend(check_email(&email, "email").err());
        let name = check_display_name(&u.display_name, "display_name")
            .map_err(|e| errors.push(e))
            .unwrap_or_else(|()| u.display_name.trim().to_owned());
        let name = name.as_str();
        errors.extend(
            password::check(&u.password, "password")
                .and_then(|()| password::check_context(&u.password, &email, name, "password"))
                .err(),
        );
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let grants = self.role_grants(&u.role, &u.departments).await?;
        let pw = u.password.clone();
        let hash = password::blocking(move || password::hash(&pw))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        let id = self
            .store
            .create_account(&NewAccount {
                email: &email,
                display_name: name,
                password_hash: &hash,
                verified: true,
                roles: &grants,
                consent: None,
                now: now(),
            })
            .await
            .map_err(|e| match e {
                fahrplan_store::StoreError::Conflict { .. } => {
                    invalid("email", "error-email-taken")
                }
                other => other.into(),
            })?;
        let detail = serde_json::json!({"role": u.role, "departments": u.departments}).to_string();
        self.audit(None, "account.create", &format!("account:{id}"), &detail)
            .await?;
        Ok(id)
    }

    /// Grants a role to the account with this email (command line).
    pub async fn grant_by_email(
        &self,
        email: &str,
        role: &str,
        departments: &[String],
    ) -> AppResult<i64> {
        let acc = self
            .store
            .account_by_email(&normalise_email(email))
            .await?
            .ok_or(AppError::NotFound)?;
        self.grant(None, acc.id, role, departments).await?;
        Ok(acc.id)
    }

    async fn grant(
        &self,
        actor: Option<i64>,
        account_id: i64,
        role: &str,
        departments: &[String],
    ) -> AppResult<()> {
        let t = now();
        for (r, d) in self.role_grants(role, departments).await? {
            if self.store.grant_role(account_id, r, &d, t).await? {
                let detail = serde_json::json!({"role": r.as_str(), "department": d}).to_string();
                self.audit(
                    actor,
                    "role.grant",
                    &format!("account:{account_id}"),
                    &detail,
                )
                .await?;
            }
        }
        Ok(())
    }

    /// An admin grants a role to another account.
    pub async fn admin_grant(
        &self,
        actor: &Actor,
        account_id: i64,
        role: &str,
        departments: &[String],
    ) -> AppResult<()> {
        actor.require(Role::Admin)?;
        let acc = self.store.account(account_id).await?;
        if acc.deleted_at.is_some() {
            return Err(AppError::NotFound);
        }
        self.grant(Some(actor.account_id), account_id, role, departments)
            .await?;
        // A new staff role takes effect with staff rules (second factor, shorter sessions) at
        // the next login.
        if Role::parse(role).is_some_and(Role::is_staff) {
            self.store.delete_sessions_of(account_id, None).await?;
        }
        Ok(())
    }

    /// An admin takes a role away; the account's sessions end so the change takes effect at once.
    /// The admin role of the last admin stays (`role`: `error-last-admin`), so the site never
    /// lacks someone who can manage accounts; the store checks this in the same transaction.
    pub async fn admin_revoke(
        &self,
        actor: &Actor,
        account_id: i64,
        role: &str,
        department: &str,
    ) -> AppResult<()> {
        actor.require(Role::Admin)?;
        // A text that names no role is a grant the account cannot hold: nothing to take away.
        let Some(role) = Role::parse(role) else {
            return Ok(());
        };
        let outcome = self.store.revoke_role(account_id, role, department).await?;
        if outcome == Guarded::LastAdmin {
            tracing::info!(account = account_id, "revoking the last admin refused");
            return Err(invalid("role", "error-last-admin"));
        }
        if outcome == Guarded::Done {
            let detail =
                serde_json::json!({"role": role.as_str(), "department": department}).to_string();
            self.audit(
                Some(actor.account_id),
                "role.revoke",
                &format!("account:{account_id}"),
                &detail,
            )
            .await?;
            self.store.delete_sessions_of(account_id, None).await?;
        }
        Ok(())
    }

    /// Removes an account's second factor after the person lost it (an admin, or the command
    /// line with `actor` None); its sessions end and the next login asks for a new set-up.
    pub async fn reset_second_factor(
        &self,
        actor: Option<&Actor>,
        account_id: i64,
    ) -> AppResult<()> {
        if let Some(a) = actor {
            a.require(Role::Admin)?;
        }
        let acc = self.store.account(account_id).await?;
        if acc.deleted_at.is_some() {
            return Err(AppError::NotFound);
        }
        if self.store.reset_second_factor(account_id).await? {
            self.audit(
                actor.map(|a| a.account_id),
                "second_factor.reset",
                &format!("account:{account_id}"),
                "{}",
            )
            .await?;
            if let Some(email) = acc.email {
                self.notify_change(
                    email,
                    "Ihr zweiter Faktor wurde zurückgesetzt",
                    "your second factor was reset",
                );
            }
        }
        Ok(())
    }

    /// The account id of an email (command line).
    pub async fn account_id_by_email(&self, email: &str) -> AppResult<i64> {
        Ok(self
            .store
            .account_by_email(&normalise_email(email))
            .await?
            .ok_or(AppError::NotFound)?
            .id)
    }

    /// An admin ends every session of an account (ASVS 7.4.5).
    pub async fn admin_end_sessions(&self, actor: &Actor, account_id: i64) -> AppResult<u64> {
        actor.require(Role::Admin)?;
        let n = self.store.delete_sessions_of(account_id, None).await?;
        self.store.delete_tokens_of(account_id).await?;
        self.audit(
            Some(actor.account_id),
            "sessions.end",
            &format!("account:{account_id}"),
            &format!("{{\"ended\":{n}}}"),
        )
        .await?;
        Ok(n)
    }

    /// Accounts for the admin list: id, display name, roles, confirmed (never the email).
    pub async fn admin_accounts(&self, actor: &Actor) -> AppResult<Vec<super::AccountLine>> {
        actor.require(Role::Admin)?;
        let mut out = Vec::new();
        for a in self.store.accounts().await? {
            let roles = self
                .store
                .roles(a.id)
                .await?
                .into_iter()
                .map(|r| (r.role, r.department))
                .collect();
            out.push((a.id, a.display_name, roles, a.verified_at.is_some()));
        }
        Ok(out)
    }

    /// The retention job, run every [`PURGE_INTERVAL`] seconds: removes expired sessions and
    /// links, registrations not confirmed within 7 days, and IP addresses a run before they turn
    /// 7 days old, so none is ever kept longer.
    pub async fn purge_expired(&self) -> AppResult<fahrplan_store::Purged> {
        let t = now();
        let ip_age = (self.accounts.ip_ttl - PURGE_INTERVAL).max(0);
        Ok(self
            .store
            .purge(t, t - self.accounts.unconfirmed_ttl, t - ip_age)
            .await?)
    }
}
