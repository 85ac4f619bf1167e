//! Login, sessions and the second factor. A session is a random 256-bit token in one cookie;
//! the database keeps only its SHA-256. Staff sessions count as staff only after TOTP or a
//! recovery code.

use super::{internal, invalid, new_token, normalise_email, now, password, token_hash, totp};
use crate::{App, AppError, AppResult};
use fahrplan_domain::Role;
use fahrplan_store::SessionRow;

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Account id.
    pub account_id: i64,
    /// Public pseudonym.
    pub display_name: String,
    /// Roles with their department ('' when unscoped).
    pub roles: Vec<(Role, String)>,
    /// Hash of the session token (identifies the session, derives its CSRF token).
    pub session_hash: String,
    /// Whether a second factor was given in this session.
    pub second_factor: bool,
    /// Whether the account has a second factor set up.
    pub has_totp: bool,
    /// When the session ends without activity (Unix seconds).
    pub idle_expires_at: i64,
    /// When the session ends at the latest.
    pub absolute_expires_at: i64,
}

impl Actor {
    /// Whether the account holds a staff role.
    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|(r, _)| r.is_staff())
    }

    /// Whether the session still waits for the second factor: staff always, and everybody who
    /// has set one up.
    pub fn needs_second_factor(&self) -> bool {
        (self.is_staff() || self.has_totp) && !self.second_factor
    }

    /// Whether the account holds `role`; a staff role counts only with the second factor given.
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|(r, _)| *r == role) && (!role.is_staff() || self.second_factor)
    }

    /// Requires `role`: `Forbidden` otherwise (also for staff without the second factor).
    pub fn require(&self, role: Role) -> AppResult<()> {
        if self.has(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether an editor may edit content of `department` (admins may edit everything).
    pub fn may_edit(&self, department: &str) -> bool {
        self.has(Role::Admin)
            || (self.second_factor
                && self
                    .roles
                    .iter()
                    .any(|(r, d)| *r == Role::Editor && d == department))
    }
}

/// A session just opened: the cookie value and its lifetime.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Cookie value; shown only here.
    pub token: String,
    /// Absolute expiry (Unix seconds).
    pub expires_at: i64,
}

/// What a correct password leads to.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    /// The new session.
    pub session: NewSession,
    /// Staff with a second factor: the session counts as staff after the code.
    pub needs_second_factor: bool,
    /// Staff without a second factor: must set one up first.
    pub needs_totp_setup: bool,
}

/// One session as its owner sees it.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// Opaque id for revoking (a prefix of the hash; the hash itself never leaves the server).
    pub id: String,
    /// Created.
    pub created_at: i64,
    /// Last activity.
    pub last_seen_at: i64,
    /// Browser.
    pub user_agent: String,
    /// Whether this is the session of the request.
    pub current: bool,
}

impl App {
    fn lifetimes(&self, staff: bool) -> (i64, i64) {
        let s = &self.accounts;
        if staff {
            (s.staff_idle, s.staff_absolute)
        } else {
            (s.idle, s.absolute)
        }
    }

    async fn open_session(
        &self,
        account_id: i64,
        staff: bool,
        second_factor: bool,
        ip: Option<&str>,
        ua: Option<&str>,
    ) -> AppResult<NewSession> {
        let t = now();
        let (idle, absolute) = self.lifetimes(staff);
        let token = new_token();
        self.store
            .add_session(&SessionRow {
                token_hash: token_hash(&token),
                account_id,
                created_at: t,
                last_seen_at: t,
                idle_expires_at: t + idle,
                absolute_expires_at: t + absolute,
                second_factor,
                ip: ip.map(str::to_owned),
                user_agent: ua.map(|u| u.chars().take(200).collect()),
            })
            .await?;
        Ok(NewSession {
            token,
            expires_at: t + absolute,
        })
    }

    /// Checks email and password and opens a new session (a new token at every login). Unknown
    /// email and wrong password give the same error after the same work.
    pub async fn login(
        &self,
        email: &str,
        pw: &str,
        ip: Option<&str>,
        ua: Option<&str>,
    ) -> AppResult<LoginOutcome> {
        let email = normalise_email(email);
        let acc = self.store.account_by_email(&email).await?;
        let stored = acc.as_ref().and_then(|a| a.password_hash.clone());
        let typed = pw.to_owned();
        let ok = password::blocking(move || match stored {
            Some(h) => password::verify(&typed, &h),
            None => {
                password::dummy_verify(&typed);
                false
            }
        })
        .await
        .map_err(internal)?;
        let Some(acc) = acc.filter(|_| ok) else {
            tracing::info!("login refused: unknown email or wrong password");
            return Err(invalid("email", "error-login-failed"));
        };
        if acc
            .password_hash
            .as_deref()
            .is_some_and(password::needs_rehash)
        {
            let typed = pw.to_owned();
            let new = password::blocking(move || password::hash(&typed))
                .await
                .map_err(internal)?
                .map_err(internal)?;
            self.store.set_password_hash(acc.id, &new).await?;
        }
        if acc.verified_at.is_none() {
            return Err(invalid("email", "error-login-unconfirmed"));
        }
        let roles = self.store.roles(acc.id).await?;
        let staff = roles.iter().any(|r| r.role.is_staff());
        let session = self.open_session(acc.id, staff, false, ip, ua).await?;
        tracing::info!(account = acc.id, staff, "login");
        Ok(LoginOutcome {
            session,
            // Whoever set up a factor gives it; staff without one must set one up first.
            needs_second_factor: acc.totp_secret.is_some(),
            needs_totp_setup: staff && acc.totp_secret.is_none(),
        })
    }

    /// The actor behind a session cookie, if the session lives; records activity (at most once
    /// a minute) and so moves the idle expiry on.
    pub async fn actor(&self, token: &str) -> AppResult<Option<Actor>> {
        if token.is_empty() || token.len() > 100 {
            return Ok(None);
        }
        let t = now();
        let hash = token_hash(token);
        let Some(holder) = self.store.session_holder(&hash, t).await? else {
            return Ok(None);
        };
        if holder.deleted {
            return Ok(None);
        }
        let (s, roles) = (holder.session, holder.roles);
        let staff = roles.iter().any(|(r, _)| r.is_staff());
        let mut idle_expires_at = s.idle_expires_at;
        if t - s.last_seen_at >= 60 {
            let (idle, _) = self.lifetimes(staff);
            self.store.touch_session(&hash, t, t + idle).await?;
            idle_expires_at = (t + idle).min(s.absolute_expires_at);
        }
        Ok(Some(Actor {
            account_id: s.account_id,
            display_name: holder.display_name,
            roles,
            session_hash: hash,
            second_factor: s.second_factor,
            has_totp: holder.has_totp,
            idle_expires_at,
            absolute_expires_at: s.absolute_expires_at,
        }))
    }

    /// Extends the session now (the warning before expiry offers this, WCAG 2.2.1).
    pub async fn extend_session(&self, actor: &Actor) -> AppResult<i64> {
        let t = now();
        let (idle, _) = self.lifetimes(actor.is_staff());
        self.store
            .touch_session(&actor.session_hash, t, t + idle)
            .await?;
        Ok((t + idle).min(actor.absolute_expires_at))
    }

    /// Ends the session of the request.
    pub async fn logout(&self, actor: &Actor) -> AppResult<()> {
        self.store
            .delete_session(actor.account_id, &actor.session_hash)
            .await?;
        Ok(())
    }

    /// The live sessions of the actor's own account.
    pub async fn my_sessions(&self, actor: &Actor) -> AppResult<Vec<SessionInfo>> {
        let rows = self.store.sessions_of(actor.account_id, now()).await?;
        Ok(rows
            .into_iter()
            .map(|s| SessionInfo {
                id: s.token_hash[..16].to_owned(),
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                user_agent: s.user_agent.unwrap_or_default(),
                current: s.token_hash == actor.session_hash,
            })
            .collect())
    }

    /// Ends one of the actor's own sessions by its id; another account's session is `NotFound`,
    /// whatever id is sent.
    pub async fn revoke_session(&self, actor: &Actor, id: &str) -> AppResult<()> {
        let rows = self.store.sessions_of(actor.account_id, now()).await?;
        let s = rows
            .iter()
            .find(|s| !id.is_empty() && s.token_hash.starts_with(id) && id.len() == 16)
            .ok_or(AppError::NotFound)?;
        self.store
            .delete_session(actor.account_id, &s.token_hash)
            .await?;
        Ok(())
    }

    /// Counts a second-factor attempt of the account (10 per 5 minutes by default). The first
    /// refusal of a window mails the owner and goes into the audit log: someone who knows the
    /// password is guessing codes, and the owner should change it.
    pub async fn limit_second_factor(&self, actor: &Actor) -> AppResult<()> {
        let key = actor.account_id.to_string();
        match self
            .limiter
            .hit_noting(crate::ratelimit::Bucket::SecondFactor, &key)
        {
            Ok(()) => Ok(()),
            Err((retry_after, first)) => {
                if first {
                    let acc = self.store.account(actor.account_id).await?;
                    if let Some(email) = acc.email {
                        self.notify_change(
                            email,
                            "Jemand hat mit Ihrem Passwort wiederholt falsche Codes für den zweiten Faktor eingegeben",
                            "someone who knows your password entered wrong second-factor codes several times",
                        );
                    }
                    self.audit(
                        Some(acc.id),
                        "login.second_factor_limited",
                        &format!("account:{}", acc.id),
                        "{}",
                    )
                    .await?;
                }
                Err(AppError::RateLimited { retry_after })
            }
        }
    }

    /// Gives the second factor for this session: a TOTP code (each time step once) or an unused
    /// recovery code. Completes a staff login, which goes into the audit log. When the stored
    /// secret does not open (another key), recovery codes (hashed, not sealed) still work, and
    /// anything else is an internal error saying why, never a wrong code.
    pub async fn second_factor(&self, actor: &Actor, code: &str) -> AppResult<NewSession> {
        let acc = self.store.account(actor.account_id).await?;
        let Some(stored) = acc.totp_secret else {
            return Err(AppError::Forbidden);
        };
        let secret = self.open_totp(acc.id, &stored);
        let t = now();
        let step = match &secret {
            Ok(secret) => totp::matching_step(secret, code, t),
            Err(_) => None,
        };
        let ok = match step {
            Some(step) => self.store.accept_totp_step(acc.id, step).await?,
            None => {
                let rc = totp::normalise_recovery_code(code);
                let used = self
                    .store
                    .use_recovery_code(acc.id, &token_hash(&rc), t)
                    .await?;
                match secret {
                    Err(unopened) if !used => return Err(unopened),
                    _ => used,
                }
            }
        };
        if !ok {
            self.audit(
                Some(acc.id),
                "login.second_factor_failed",
                &format!("account:{}", acc.id),
                "{}",
            )
            .await?;
            return Err(invalid("code", "error-code-invalid"));
        }
        let session = self.elevate_session(actor).await?;
        self.audit(
            Some(acc.id),
            "login.staff",
            &format!("account:{}", acc.id),
            "{}",
        )
        .await?;
        Ok(session)
    }

    /// After the second factor the session continues under a new token (ASVS 7.2.4): the old
    /// token, which existed before the factor was given, stops working.
    async fn elevate_session(&self, actor: &Actor) -> AppResult<NewSession> {
        let token = new_token();
        if !self
            .store
            .rotate_session(&actor.session_hash, &token_hash(&token))
            .await?
        {
            return Err(AppError::Unauthenticated);
        }
        Ok(NewSession {
            token,
            expires_at: actor.absolute_expires_at,
        })
    }

    /// Starts setting up an authenticator app: a new pending secret, kept until confirmed.
    /// Returns the secret and the `otpauth://` address.
    pub async fn begin_totp(&self, actor: &Actor) -> AppResult<(String, String)> {
        let acc = self.store.account(actor.account_id).await?;
        // A factor in place is never replaced here: otherwise the password alone would be
        // enough to swap it (a lost one is reset by an admin or the operator).
        if acc.totp_secret.is_some() {
            return Err(AppError::Forbidden);
        }
        let secret = match acc.totp_pending {
            Some(stored) => self.open_totp(acc.id, &stored)?,
            None => {
                let s = totp::new_secret();
                let sealed = self.seal_totp(acc.id, &s)?;
                self.store.set_totp_pending(acc.id, Some(&sealed)).await?;
                s
            }
        };
        let label = format!("{} ({})", acc.display_name, acc.id);
        let uri = totp::otpauth_uri(&self.accounts.site_name, &label, &secret);
        Ok((secret, uri))
    }

    /// Confirms the authenticator app with a code from it; returns the recovery codes, shown
    /// once. The session counts as having given the second factor.
    pub async fn confirm_totp(
        &self,
        actor: &Actor,
        code: &str,
    ) -> AppResult<(Vec<String>, NewSession)> {
        let acc = self.store.account(actor.account_id).await?;
        if acc.totp_secret.is_some() {
            return Err(AppError::Forbidden);
        }
        let pending = acc
            .totp_pending
            .ok_or_else(|| invalid("code", "error-code-invalid"))?;
        // The sealed value moves from pending to confirmed as it is: same account, same key.
        let step = totp::matching_step(&self.open_totp(acc.id, &pending)?, code, now())
            .ok_or_else(|| invalid("code", "error-code-invalid"))?;
        let codes = totp::new_recovery_codes();
        let hashes: Vec<String> = codes.iter().map(|c| token_hash(c)).collect();
        self.store
            .enable_totp(acc.id, &pending, step, &hashes)
            .await?;
        let session = self.elevate_session(actor).await?;
        self.audit(
            Some(acc.id),
            "second_factor.enable",
            &format!("account:{}", acc.id),
            "{}",
        )
        .await?;
        Ok((codes, session))
    }
}
