//! The account's own settings and privacy: password, email, display name, consent and deletion
//! (the data export, "Meine Daten", is in `export.rs`). Sensitive changes ask for the password
//! again.

use super::{
    CONSENT_KIND, CONSENT_VERSION, check_display_name, check_email, internal, invalid,
    login::Actor, new_token, normalise_email, now, password, token_hash,
};
use crate::{App, AppError, AppResult};
use fahrplan_domain::paths;
use fahrplan_store::Guarded;

impl App {
    /// The account of `actor` if `typed` is its password, else `field` is marked wrong.
    pub(super) async fn check_password(
        &self,
        actor: &Actor,
        typed: &str,
        field: &'static str,
    ) -> AppResult<fahrplan_store::AccountRow> {
        let acc = self.store.account(actor.account_id).await?;
        let stored = acc.password_hash.clone();
        let typed = typed.to_owned();
        let ok = password::blocking(move || stored.is_some_and(|h| password::verify(&typed, &h)))
            .await
            .map_err(internal)?;
        if ok {
            Ok(acc)
        } else {
            Err(invalid(field, "error-password-wrong"))
        }
    }

    /// Changes the password (the current one is needed); every other session ends.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> AppResult<()> {
        password::check(new, "new_password").map_err(|e| AppError::Invalid(vec![e]))?;
        let acc = self
            .check_password(actor, current, "current_password")
            .await?;
        password::check_context(
            new,
            acc.email.as_deref().unwrap_or(""),
            &acc.display_name,
            "new_password",
        )
        .map_err(|e| AppError::Invalid(vec![e]))?;
        let pw = new.to_owned();
        let hash = password::blocking(move || password::hash(&pw))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        self.store
            .set_password_hash(actor.account_id, &hash)
            .await?;
        self.store
            .delete_sessions_of(actor.account_id, Some(&actor.session_hash))
            .await?;
        // Links asked for with the old password (reset, email change) die with it.
        self.store.delete_tokens_of(actor.account_id).await?;
        if let Some(email) = acc.email {
            self.notify_change(
                email,
                "Ihr Passwort wurde geändert",
                "your password was changed",
            );
        }
        Ok(())
    }

    /// Asks to change the email: after the password, a link goes to the new address; the old
    /// address stays until the link is followed.
    pub async fn request_email_change(
        &self,
        actor: &Actor,
        pw: &str,
        new_email: &str,
    ) -> AppResult<()> {
        let email = normalise_email(new_email);
        check_email(&email, "new_email").map_err(|e| AppError::Invalid(vec![e]))?;
        let acc = self.check_password(actor, pw, "email_password").await?;
        let t = now();
        let token = new_token();
        self.store
            .add_token(
                &token_hash(&token),
                actor.account_id,
                "email",
                Some(&email),
                t,
                t + self.accounts.confirm_ttl,
            )
            .await?;
        let site = &self.accounts.site_name;
        self.mail_later(email, format!("{site}: neue E-Mail-Adresse bestätigen / confirm your new address"), format!(
            "Guten Tag,\n\nbitte bestätigen Sie Ihre neue E-Mail-Adresse mit diesem Link:\n{}\n\nWenn Sie das nicht waren, löschen Sie diese Nachricht.\n\n---\n\nPlease confirm your new address with the link above. If this was not you, ignore this message.\n",
            self.link(paths::ACCOUNT_EMAIL_CONFIRM, &token)));
        if let Some(old) = acc.email {
            self.notify_change(
                old,
                "Es wurde beantragt, Ihre E-Mail-Adresse zu ändern",
                "a change of your email address was requested",
            );
        }
        Ok(())
    }

    /// Confirms a new email with the token from the mail.
    pub async fn confirm_email_change(&self, token: &str) -> AppResult<()> {
        let row = self
            .store
            .use_token(&token_hash(token.trim()), "email", now())
            .await?
            .ok_or_else(|| invalid("token", "error-link-invalid"))?;
        let email = row
            .new_email
            .ok_or_else(|| invalid("token", "error-link-invalid"))?;
        let old = self.store.account(row.account_id).await?.email;
        match self.store.set_email(row.account_id, &email).await {
            Err(fahrplan_store::StoreError::Conflict { .. }) => {
                return Err(invalid("token", "error-email-taken"));
            }
            other => other?,
        }
        // Links sent to the old address (a reset) no longer count.
        self.store.delete_tokens_of(row.account_id).await?;
        if let Some(old) = old {
            self.notify_change(
                old,
                "Ihre E-Mail-Adresse wurde geändert",
                "your email address was changed",
            );
        }
        Ok(())
    }

    /// Tells the account's address that a sign-in detail changed (ASVS 6.3.7), after the answer.
    pub(crate) fn notify_change(&self, to: String, what_de: &str, what_en: &str) {
        let site = &self.accounts.site_name;
        self.mail_later(
            to,
            format!("{site}: {what_de} / {what_en}"),
            format!(
                "Guten Tag,\n\n{what_de}. Wenn Sie das nicht waren, setzen Sie sofort ein neues Passwort:\n{}/passwort-vergessen\nund wenden Sie sich an die Betreiber des Portals.\n\n---\n\n{what_en}. If this was not you, set a new password at once at the address above and contact the operators of the portal.\n",
                self.accounts.base_url
            ),
        );
    }

    /// The actor's own email address (shown to its owner only).
    pub async fn my_email(&self, actor: &Actor) -> AppResult<String> {
        let acc = self.store.account(actor.account_id).await?;
        Ok(acc.email.unwrap_or_default())
    }

    /// Changes the public display name.
    pub async fn change_display_name(&self, actor: &Actor, name: &str) -> AppResult<()> {
        let name =
            check_display_name(name, "display_name").map_err(|e| AppError::Invalid(vec![e]))?;
        self.store.set_display_name(actor.account_id, &name).await?;
        Ok(())
    }

    /// Gives or withdraws the consent to processing political opinions; withdrawing is as easy
    /// as giving (Art. 7(3) DSGVO) and logged like it.
    pub async fn set_consent(&self, actor: &Actor, give: bool) -> AppResult<()> {
        let t = now();
        let active = self
            .store
            .consents(actor.account_id)
            .await?
            .iter()
            .any(|c| c.kind == CONSENT_KIND && c.withdrawn_at.is_none());
        if give && !active {
            self.store
                .give_consent(actor.account_id, CONSENT_KIND, CONSENT_VERSION, t)
                .await?;
        } else if !give {
            self.store
                .withdraw_consent(actor.account_id, CONSENT_KIND, t)
                .await?;
        }
        Ok(())
    }

    /// Whether the account's consent to processing political opinions is in force.
    pub async fn has_consent(&self, actor: &Actor) -> AppResult<bool> {
        Ok(self
            .store
            .consents(actor.account_id)
            .await?
            .iter()
            .any(|c| c.kind == CONSENT_KIND && c.withdrawn_at.is_none()))
    }

    /// Deletes the account (password needed): personal data removed, every session ended,
    /// public contributions later shown as "gelöschtes Konto". The email can register again.
    /// The last admin's account stays (`delete_password`: `error-last-admin-delete`) until
    /// another account holds the admin role.
    pub async fn delete_account(&self, actor: &Actor, pw: &str) -> AppResult<()> {
        let acc = self.check_password(actor, pw, "delete_password").await?;
        if self.store.erase_account(acc.id, now()).await? == Guarded::LastAdmin {
            return Err(invalid("delete_password", "error-last-admin-delete"));
        }
        self.audit(
            Some(acc.id),
            "account.delete",
            &format!("account:{}", acc.id),
            "{}",
        )
        .await?;
        Ok(())
    }
}
