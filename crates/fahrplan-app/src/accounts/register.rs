//! Registration with email confirmation, and password reset. Both answer the same whether an
//! account exists or not, and take as long: the password is always hashed, and mail is sent
//! after the answer.

use super::{
    CONSENT_KIND, CONSENT_VERSION, check_display_name, check_email, internal, invalid, new_token,
    normalise_email, now, password, token_hash,
};
use crate::{App, AppError, AppResult};
use fahrplan_domain::{Role, paths};
use fahrplan_store::NewAccount;

/// The registration form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RegistrationInput {
    /// Email.
    #[serde(default)]
    pub email: String,
    /// Public pseudonym.
    #[serde(default)]
    pub display_name: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// Consent to processing political opinions (checkbox; "yes" when ticked).
    #[serde(default)]
    pub consent: Option<String>,
}

impl App {
    /// Sends a mail after the answer; a failure is logged, never shown.
    pub(crate) fn mail_later(&self, to: String, subject: String, text: String) {
        let s = self.accounts.clone();
        tokio::spawn(async move {
            if let Err(e) = s.mailer.send(&s.mail_from, &to, &subject, &text).await {
                tracing::error!(error = %e, "mail not sent");
            }
        });
    }

    /// Whether another unasked-for mail may go to `email` now (the reset bucket, per address), so
    /// nobody can flood a mailbox through the reset or registration forms.
    fn mail_allowed(&self, email: &str) -> bool {
        self.limit(crate::ratelimit::Bucket::Reset, &format!("mail:{email}"))
            .is_ok()
    }

    /// The absolute address of a mail link: `path` on the public site with a one-time token.
    pub(super) fn link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.accounts.base_url)
    }

    /// Registers an account and mails a confirmation link. An email already in use gets a mail
    /// saying so instead; the answer is the same.
    pub async fn register(&self, input: &RegistrationInput) -> AppResult<()> {
        let email = normalise_email(&input.email);
        let mut errors = Vec::new();
        errors.extend(check_email(&email, "email").err());
        let name = check_display_name(&input.display_name, "display_name")
            .map_err(|e| errors.push(e))
            .unwrap_or_else(|()| input.display_name.trim().to_owned());
        errors.extend(
            password::check(&input.password, "password")
                .and_then(|()| password::check_context(&input.password, &email, &name, "password"))
                .err(),
        );
        if input.consent.as_deref() != Some("yes") {
            errors.push(crate::FieldError {
                field: "consent",
                code: "error-consent-required",
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let pw = input.password.clone();
        let hash = password::blocking(move || password::hash(&pw))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        let site = self.accounts.site_name.clone();
        if self.store.account_by_email(&email).await?.is_some() {
            if !self.mail_allowed(&email) {
                return Ok(());
            }
            self.mail_later(email, format!("{site}: Registrierung / registration"), format!(
                "Guten Tag,\n\nfür diese E-Mail-Adresse wurde eben ein Konto beantragt. Es gibt schon eines.\nWenn Sie das waren: Melden Sie sich an oder setzen Sie Ihr Passwort zurück:\n{}/passwort-vergessen\nWenn nicht, können Sie diese Nachricht löschen.\n\n---\n\nSomeone asked for an account with this address, which already has one. If this was you, log in or reset your password at the address above. If not, ignore this message.\n",
                self.accounts.base_url));
            return Ok(());
        }
        let t = now();
        let roles = [(Role::Participant, String::new())];
        let id = match self
            .store
            .create_account(&NewAccount {
                email: &email,
                display_name: &name,
                password_hash: &hash,
                verified: false,
                roles: &roles,
                consent: Some((CONSENT_KIND, CONSENT_VERSION)),
                now: t,
            })
            .await
        {
            Ok(id) => id,
            // Registered a moment ago by a parallel request: same answer.
            Err(fahrplan_store::StoreError::Conflict { .. }) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let token = new_token();
        self.store
            .add_token(
                &token_hash(&token),
                id,
                "confirm",
                None,
                t,
                t + self.accounts.confirm_ttl,
            )
            .await?;
        let hours = self.accounts.confirm_ttl / 3600;
        self.mail_later(email, format!("{site}: E-Mail-Adresse bestätigen / confirm your address"), format!(
            "Guten Tag,\n\nbitte bestätigen Sie Ihr Konto „{name}“ mit diesem Link (gültig {hours} Stunden):\n{}\n\nWenn Sie kein Konto beantragt haben, löschen Sie diese Nachricht einfach.\n\n---\n\nPlease confirm your account with the link above (valid for {hours} hours). If you did not ask for an account, ignore this message.\n",
            self.link(paths::REGISTER_CONFIRM, &token)));
        Ok(())
    }

    /// Confirms the email of a new account with the token from the mail.
    pub async fn confirm_email(&self, token: &str) -> AppResult<()> {
        let t = now();
        let row = self
            .store
            .use_token(&token_hash(token.trim()), "confirm", t)
            .await?
            .ok_or_else(|| invalid("token", "error-link-invalid"))?;
        self.store.set_verified(row.account_id, t).await?;
        Ok(())
    }

    /// Mails a reset link when an account with this email exists; the answer is the same either way.
    pub async fn request_password_reset(&self, email: &str) -> AppResult<()> {
        let email = normalise_email(email);
        check_email(&email, "email").map_err(|e| AppError::Invalid(vec![e]))?;
        let Some(acc) = self.store.account_by_email(&email).await? else {
            return Ok(());
        };
        // At most a few mails an hour to one address, whoever asks; the answer stays the same.
        if !self.mail_allowed(&email) {
            return Ok(());
        }
        let app = self.clone();
        // Token and mail after the answer, so both branches answer equally fast.
        tokio::spawn(async move {
            let t = now();
            let token = new_token();
            if let Err(e) = app
                .store
                .add_token(
                    &token_hash(&token),
                    acc.id,
                    "reset",
                    None,
                    t,
                    t + app.accounts.reset_ttl,
                )
                .await
            {
                tracing::error!(error = %e, "reset token not stored");
                return;
            }
            let minutes = app.accounts.reset_ttl / 60;
            let site = app.accounts.site_name.clone();
            let text = format!(
                "Guten Tag,\n\nmit diesem Link setzen Sie ein neues Passwort (gültig {minutes} Minuten, nur einmal):\n{}\n\nWenn Sie das nicht angefordert haben, löschen Sie diese Nachricht; Ihr Passwort bleibt unverändert.\n\n---\n\nSet a new password with the link above (valid for {minutes} minutes, once). If you did not ask for this, ignore this message.\n",
                app.link(paths::RESET, &token)
            );
            app.mail_later(
                email,
                format!("{site}: Passwort zurücksetzen / reset your password"),
                text,
            );
        });
        Ok(())
    }

    /// Sets a new password with a reset token; ends every session of the account. A second
    /// factor stays required at the next login.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> AppResult<()> {
        password::check(new_password, "password").map_err(|e| AppError::Invalid(vec![e]))?;
        let pw = new_password.to_owned();
        let hash = password::blocking(move || password::hash(&pw))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        let row = self
            .store
            .use_token(&token_hash(token.trim()), "reset", now())
            .await?
            .ok_or_else(|| invalid("password", "error-link-invalid"))?;
        self.store.set_password_hash(row.account_id, &hash).await?;
        // A reset also confirms the address: the person just read a mail sent to it.
        self.store.set_verified(row.account_id, now()).await?;
        self.store.delete_sessions_of(row.account_id, None).await?;
        self.store.delete_tokens_of(row.account_id).await?;
        if let Some(email) = self.store.account(row.account_id).await?.email {
            self.notify_change(
                email,
                "Ihr Passwort wurde zurückgesetzt",
                "your password was reset",
            );
        }
        Ok(())
    }
}
