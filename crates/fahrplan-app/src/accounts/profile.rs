//! The account's own settings and privacy: password, email, display name, consent, the data
//! export ("Meine Daten") and deletion. Sensitive changes ask for the password again.

use super::{
    CONSENT_KIND, CONSENT_VERSION, check_display_name, check_email, internal, invalid,
    login::Actor, new_token, normalise_email, now, password, token_hash,
};
use crate::{App, AppError, AppResult};
use fahrplan_domain::paths;
use fahrplan_store::Guarded;
use serde_json::json;
use std::io::Write as _;

/// A finished export: file name and ZIP bytes.
#[derive(Debug, Clone)]
pub struct Export {
    /// Suggested file name.
    pub file_name: String,
    /// The ZIP archive.
    pub zip: Vec<u8>,
}

const EXPORT_README: &str = "# Meine Daten / My data\n\n\
Diese Datei enthält alles, was das Portal zu Ihrem Konto speichert. / This archive holds everything the portal stores about your account.\n\n\
- `account.json`: E-Mail-Adresse, Anzeigename, Zeitpunkte von Registrierung und Bestätigung (Unix-Sekunden, UTC), ob ein zweiter Faktor eingerichtet ist. / email, display name, registration and confirmation times (Unix seconds, UTC), whether a second factor is set up.\n\
- `roles.json`: Rollen mit Ressort und Zeitpunkt der Vergabe. / roles with department and time granted.\n\
- `consents.json`: Einwilligungen mit Version des Textes, Zeitpunkt und ggf. Widerruf. / consents with text version, time given and withdrawn.\n\
- `sessions.json`: aktive Anmeldungen mit Beginn, letzter Aktivität, IP-Adresse (höchstens 7 Tage gespeichert) und Browser. / active sessions with start, last activity, IP address (kept 7 days at most) and browser.\n\
- `audit.json`: Einträge im Prüfprotokoll, die Ihr Konto betreffen (Anmeldungen mit Rollen, Rollenänderungen). / audit-log entries about your account.\n\
- `contributions.json`: Ihre Beiträge mit Verfahren, Bezug, Art, Titel, Text, Zeitpunkten und Zustand, auch zurückgezogene und ausgeblendete. / your contributions with process, target, kind, title, text, times and state, withdrawn and hidden ones included.\n\
- `supports.json`: die Beiträge, die Sie unterstützen, mit Zeitpunkt. / the contributions you support, with the time.\n\
- `reports.json`: Ihre Meldungen an die Moderation mit Grund, Zeitpunkt und Ergebnis. / your reports to the moderators with reason, time and outcome.\n";

impl App {
    async fn check_password(
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

    /// Everything stored about the account, as a ZIP of JSON files with a README (Art. 15, 20
    /// DSGVO). Needs the password.
    pub async fn export_my_data(&self, actor: &Actor, pw: &str) -> AppResult<Export> {
        let acc = self.check_password(actor, pw, "export_password").await?;
        let roles = self.store.roles(acc.id).await?;
        let consents = self.store.consents(acc.id).await?;
        let sessions = self.store.sessions_of(acc.id, now()).await?;
        // Entries about the account or made by it, found by the database, not by reading the log.
        let audit: Vec<serde_json::Value> = self
            .store
            .audit_of_account(acc.id)
            .await?
            .into_iter()
            .map(|r| {
                json!({
                    "at": r.at, "action": r.action, "entity": r.entity,
                    "by_this_account": r.actor_id == Some(acc.id),
                })
            })
            .collect();
        let contributions = self.store.contributions_by(acc.id).await?;
        let supports = self.store.supports_by(acc.id).await?;
        let reports = self.store.flags_by(acc.id).await?;
        let files = [
            ("account.json", json!({
                "id": acc.id, "email": acc.email, "display_name": acc.display_name,
                "created_at": acc.created_at, "verified_at": acc.verified_at,
                "second_factor": acc.totp_secret.is_some(),
            })),
            ("roles.json", json!(roles.iter().map(|r| json!({"role": r.role.as_str(), "department": r.department, "granted_at": r.granted_at})).collect::<Vec<_>>())),
            ("consents.json", json!(consents.iter().map(|c| json!({"kind": c.kind, "version": c.version, "given_at": c.given_at, "withdrawn_at": c.withdrawn_at})).collect::<Vec<_>>())),
            ("sessions.json", json!(sessions.iter().map(|s| json!({"created_at": s.created_at, "last_seen_at": s.last_seen_at, "ip": s.ip, "user_agent": s.user_agent, "this_session": s.token_hash == actor.session_hash})).collect::<Vec<_>>())),
            ("audit.json", json!(audit)),
            ("contributions.json", json!(contributions.iter().map(|c| json!({"id": c.id, "process": c.process, "target_kind": c.target_kind.as_str(), "target": c.target, "kind": c.kind.as_str(), "parent": c.parent, "title": c.title, "body": c.body, "created_at": c.created_at, "edited_at": c.edited_at, "state": c.state.as_str(), "state_reason": c.state_reason})).collect::<Vec<_>>())),
            ("supports.json", json!(supports.iter().map(|(id, at)| json!({"contribution": id, "created_at": at})).collect::<Vec<_>>())),
            ("reports.json", json!(reports.iter().map(|(id, reason, at, outcome)| json!({"contribution": id, "reason": reason, "created_at": at, "outcome": outcome})).collect::<Vec<_>>())),
        ];
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("README.md", opts).map_err(internal)?;
        zip.write_all(EXPORT_README.as_bytes()).map_err(internal)?;
        for (name, value) in files {
            zip.start_file(name, opts).map_err(internal)?;
            let text = serde_json::to_string_pretty(&value).map_err(internal)?;
            zip.write_all(text.as_bytes()).map_err(internal)?;
        }
        let bytes = zip.finish().map_err(internal)?.into_inner();
        Ok(Export {
            file_name: format!("meine-daten-{}.zip", acc.id),
            zip: bytes,
        })
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
