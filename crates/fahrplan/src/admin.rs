//! `fahrplan admin create-user|grant|reset-second-factor` and `fahrplan audit verify`:
//! bootstrapping accounts and roles from the command line, on either database, while a server
//! may run, and checking the audit log with its signed head.

use crate::audit_config::{AUDIT_KEY_FILE, AUDIT_KEY_SETTING};
use crate::cli::AdminAction;
use crate::commands::open_without_content;
use crate::config::Config;
use fahrplan_app::AppError;
use fahrplan_app::accounts::mail::Mailer;
use fahrplan_app::accounts::{AccountSettings, NewUser};
use fahrplan_app::audit::{AuditFault, AuditSettings, AuditSummary, HeadStore};
use std::io::Read as _;

/// Account settings from the configuration: links, sender, and mail through SMTP or into
/// `DATA_DIR/mail/`.
pub fn account_settings(cfg: &Config) -> Result<AccountSettings, String> {
    let mailer = match &cfg.mail.smtp {
        Some(s) => Mailer::smtp(s).map_err(|e| format!("mail.smtp_host {}: {e}", s.host))?,
        None => Mailer::Files(cfg.data_dir.join("mail")),
    };
    Ok(AccountSettings {
        base_url: cfg.base_url.clone(),
        mail_from: cfg.mail.from.clone(),
        site_name: cfg.site_name.clone(),
        mailer,
        ..AccountSettings::default()
    })
}

fn explain(e: AppError) -> String {
    match e {
        AppError::Invalid(errors) => errors
            .iter()
            .map(|f| {
                let what = match f.code {
                    "error-email-required" | "error-account-email-invalid" => "is not an email address",
                    "error-email-taken" => "already belongs to an account",
                    "error-name-required" | "error-name-length" => "must be 2 to 50 characters",
                    "error-name-invalid" | "error-name-no-email" => "must be a pseudonym without control characters or @",
                    "error-name-bidi" => "must not hold characters that change the writing direction (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)",
                    "error-name-invisible" => "needs visible characters, not only spaces or zero-width characters",
                    "error-password-too-short" => "must have at least 8 characters",
                    "error-password-too-long" => "must have at most 256 characters",
                    "error-password-common" => "is one of the most common passwords",
                    "error-password-personal" => "must not contain the email's local part or the display name",
                    "error-role-unknown" => "is not one of admin, editor, moderator, expert, council_member, participant",
                    "error-department-required" => "is needed for the editor role (--department CODE)",
                    "error-department-unknown" => "is not a department code of the content",
                    "error-department-only-editors" => "applies only to the editor role",
                    other => other,
                };
                let field = match f.field {
                    "display_name" => "--display-name",
                    "email" => "--email",
                    "password" => "password (stdin)",
                    "role" => "--role",
                    "department" => "--department",
                    other => other,
                };
                format!("{field} {what}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        AppError::NotFound => "no account with this email".to_owned(),
        other => other.to_string(),
    }
}

/// Runs an `admin` action.
pub async fn admin(cfg: &Config, action: AdminAction) -> Result<(), String> {
    // What these commands do goes into the audit log, keyed like the server keys it.
    cfg.check_audit_key_for_postgres().map_err(|e| e.0)?;
    let (app, _) = open_without_content(cfg).await?;
    let app = app.with_audit(crate::keys::audit_settings(cfg)?);
    let result = match action {
        AdminAction::CreateUser {
            email,
            display_name,
            role,
            departments,
            password_stdin: _,
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(|e| format!("reading the password from stdin: {e}"))?;
            let password = password
                .strip_suffix('\n')
                .map(|p| p.strip_suffix('\r').unwrap_or(p))
                .unwrap_or(&password)
                .to_owned();
            let id = app
                .create_user(&NewUser {
                    email,
                    display_name,
                    role: role.clone(),
                    departments,
                    password,
                })
                .await
                .map_err(|e| format!("admin create-user: {}", explain(e)))?;
            println!("created account {id} with role {role}");
            Ok(())
        }
        AdminAction::Grant {
            email,
            role,
            departments,
        } => {
            let id = app
                .grant_by_email(&email, &role, &departments)
                .await
                .map_err(|e| format!("admin grant: {}", explain(e)))?;
            println!("account {id} has role {role}");
            Ok(())
        }
        AdminAction::ResetSecondFactor { email } => {
            let explain_reset = |e| format!("admin reset-second-factor: {}", explain(e));
            let id = app
                .account_id_by_email(&email)
                .await
                .map_err(explain_reset)?;
            app.reset_second_factor(None, id)
                .await
                .map_err(explain_reset)?;
            println!("account {id} has no second factor now; its next login sets one up");
            Ok(())
        }
    };
    app.store().close().await;
    result
}

/// `audit verify`: exit 1 naming the first entry that does not fit the chain or the signed
/// head; without a head (or a key) it checks what it can and warns.
pub async fn verify_audit(cfg: &Config) -> Result<(), String> {
    let (app, _) = open_without_content(cfg).await?;
    let head_file = cfg.audit.head_file.display().to_string();
    let app = match crate::keys::existing_audit_settings(cfg)? {
        Some(settings) => app.with_audit(settings),
        None => {
            eprintln!(
                "warning: audit verify: {AUDIT_KEY_SETTING} is not set and {} does not exist, so entries written with a key cannot be checked",
                cfg.data_dir.join(AUDIT_KEY_FILE).display()
            );
            app.with_audit(AuditSettings {
                head: HeadStore::File(cfg.audit.head_file.clone()),
                ..AuditSettings::default()
            })
        }
    };
    let r = app
        .verify_audit()
        .await
        .map_err(|e| format!("audit verify: {e}"));
    app.store().close().await;
    match r? {
        Ok(AuditSummary {
            entries,
            head: Some(seq),
        }) => {
            println!("audit log intact: {entries} entries (head: seq {seq})");
            Ok(())
        }
        Ok(AuditSummary {
            entries,
            head: None,
        }) => {
            println!("audit log intact: {entries} entries (no signed head)");
            eprintln!(
                "warning: audit verify: no signed head in {head_file}, so removed newest entries cannot be noticed; the next entry written writes it"
            );
            Ok(())
        }
        Err(fault @ (AuditFault::HeadForged { .. } | AuditFault::HeadUnreadable { .. })) => {
            Err(format!("audit verify: {head_file}: {fault}"))
        }
        Err(fault) => Err(format!("audit verify: {fault}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fahrplan_app::FieldError;

    #[test]
    fn refused_display_names_are_explained_on_the_command_line() {
        for (code, words) in [
            (
                "error-name-bidi",
                "--display-name must not hold characters that change the writing direction",
            ),
            (
                "error-name-invisible",
                "--display-name needs visible characters",
            ),
        ] {
            let e = AppError::Invalid(vec![FieldError {
                field: "display_name",
                code,
            }]);
            let text = explain(e);
            assert!(text.starts_with(words), "{text}");
        }
    }
}
