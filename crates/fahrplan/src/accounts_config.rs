//! Configuration of accounts: the sender of mails, SMTP (otherwise mail goes to
//! `DATA_DIR/mail/`), and the rate limits with their defaults.

use crate::config::ConfigError;
use fahrplan_app::ratelimit::{Bucket, Limits};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// `[mail]` in fahrplan.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMail {
    /// Sender, e.g. "Digitales Hessen <noreply@example.de>".
    from: Option<String>,
    /// SMTP server; without it, mail is written to DATA_DIR/mail/.
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_username: Option<String>,
    smtp_password: Option<String>,
    /// starttls (default), tls or none.
    smtp_security: Option<String>,
}

/// `[rate_limits]` in fahrplan.toml: `bucket = [requests, seconds]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLimits {
    login: Option<(u32, i64)>,
    register: Option<(u32, i64)>,
    reset: Option<(u32, i64)>,
    search: Option<(u32, i64)>,
    suggest: Option<(u32, i64)>,
    feedback: Option<(u32, i64)>,
    second_factor: Option<(u32, i64)>,
    post: Option<(u32, i64)>,
    support: Option<(u32, i64)>,
}

/// Checked mail settings.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// Sender.
    pub from: String,
    /// SMTP settings, if mail goes to a server.
    pub smtp: Option<fahrplan_app::accounts::mail::SmtpSettings>,
    /// SMTP password (kept secret; printed redacted).
    pub smtp_password: Option<SecretString>,
}

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.is_empty())
}

/// Reads `[mail]` with its `FAHRPLAN_MAIL__*` / `FAHRPLAN_SMTP_PASSWORD` twins.
pub fn mail(file: FileMail, site_name: &str) -> Result<MailConfig, ConfigError> {
    let from = env("FAHRPLAN_MAIL__FROM")
        .or(file.from)
        .unwrap_or_else(|| format!("{site_name} <noreply@fahrplan.invalid>"));
    if !fahrplan_app::accounts::mail::valid_mailbox(&from) {
        return Err(ConfigError(format!(
            "mail.from / FAHRPLAN_MAIL__FROM: {from:?} is not an address like \"Name <noreply@example.de>\""
        )));
    }
    let host = env("FAHRPLAN_MAIL__SMTP_HOST").or(file.smtp_host);
    let password = env("FAHRPLAN_SMTP_PASSWORD")
        .or(file.smtp_password)
        .map(SecretString::from);
    let smtp = match host {
        None => None,
        Some(host) => {
            let security = file.smtp_security.unwrap_or_else(|| "starttls".to_owned());
            if !matches!(security.as_str(), "starttls" | "tls" | "none") {
                return Err(ConfigError(format!(
                    "mail.smtp_security: {security:?} is not starttls, tls or none"
                )));
            }
            let port = file
                .smtp_port
                .unwrap_or(if security == "tls" { 465 } else { 587 });
            Some(fahrplan_app::accounts::mail::SmtpSettings {
                host,
                port,
                username: file.smtp_username,
                password: password.as_ref().map(|p| p.expose_secret().to_owned()),
                security,
            })
        }
    };
    Ok(MailConfig {
        from,
        smtp,
        smtp_password: password,
    })
}

/// The rate limits: defaults, changed by `[rate_limits]`, switched off by `FAHRPLAN_RATE_LIMITS=off`.
pub fn limits(file: FileLimits, enabled: bool) -> Result<Limits, ConfigError> {
    let mut l = Limits {
        enabled,
        ..Limits::default()
    };
    for (name, bucket, v) in [
        ("login", Bucket::Login, file.login),
        ("register", Bucket::Register, file.register),
        ("reset", Bucket::Reset, file.reset),
        ("search", Bucket::Search, file.search),
        ("suggest", Bucket::Suggest, file.suggest),
        ("feedback", Bucket::Feedback, file.feedback),
        ("second_factor", Bucket::SecondFactor, file.second_factor),
        ("post", Bucket::Post, file.post),
        ("support", Bucket::Support, file.support),
    ] {
        if let Some((n, secs)) = v {
            if n == 0 || secs <= 0 {
                return Err(ConfigError(format!(
                    "rate_limits.{name}: use [requests, seconds] with both above 0"
                )));
            }
            l.rules.insert(bucket, (n, secs));
        }
    }
    Ok(l)
}
