//! Accounts: registration with a confirmed email, login with sessions kept in the database, a
//! second factor for staff, password reset, roles checked for the object and not only the route,
//! self-service privacy (export, deletion) and the audit log.

mod admin;
mod client;
mod export;
mod login;
pub mod mail;
pub mod password;
mod profile;
mod register;
pub mod sealed;
mod secrets;
pub mod totp;

pub use admin::NewUser;
pub use client::{AccountLine, AccountView, Client, StaffView};
pub use export::Export;
pub use login::{Actor, LoginOutcome, NewSession, SessionInfo};
pub use register::RegistrationInput;
pub use sealed::TotpKey;
pub use secrets::SealReport;

use crate::{AppError, FieldError};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fahrplan_domain::text::{self, Shape, TextError};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Version of the consent text for processing political opinions (Art. 9 DSGVO); a change of
/// the text needs a new version.
pub const CONSENT_VERSION: &str = "2026-11-28";
/// Kind of that consent.
pub const CONSENT_KIND: &str = "art9_political_opinions";
/// Seconds between runs of the retention job.
pub const PURGE_INTERVAL: i64 = 3600;
/// Longest display name, in characters.
pub const NAME_MAX: usize = 50;
/// Longest email address, in characters.
pub const EMAIL_MAX: usize = 254;

/// Lifetimes of sessions and one-time links, in seconds.
#[derive(Debug, Clone)]
pub struct AccountSettings {
    /// Public base URL for links in mails, without trailing slash.
    pub base_url: String,
    /// Sender of mails.
    pub mail_from: String,
    /// Site name used in mails and for authenticator apps.
    pub site_name: String,
    /// Where mails go.
    pub mailer: mail::Mailer,
    /// Idle timeout of participants' sessions.
    pub idle: i64,
    /// Absolute lifetime of participants' sessions.
    pub absolute: i64,
    /// Idle timeout of staff sessions.
    pub staff_idle: i64,
    /// Absolute lifetime of staff sessions.
    pub staff_absolute: i64,
    /// Lifetime of a confirmation link.
    pub confirm_ttl: i64,
    /// Lifetime of a password-reset link.
    pub reset_ttl: i64,
    /// Unconfirmed registrations are deleted after this long.
    pub unconfirmed_ttl: i64,
    /// IP addresses are kept this long.
    pub ip_ttl: i64,
    /// The key that seals second-factor secrets in the database. The default is a random key
    /// that dies with the process; the server sets the configured one or that of its key file.
    pub totp_key: TotpKey,
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:8080".to_owned(),
            mail_from: "fahrplan <noreply@fahrplan.invalid>".to_owned(),
            site_name: "fahrplan".to_owned(),
            mailer: mail::Mailer::Files(std::env::temp_dir().join("fahrplan-mail")),
            idle: 2 * 3600,
            absolute: 14 * 86400,
            staff_idle: 30 * 60,
            staff_absolute: 12 * 3600,
            confirm_ttl: 24 * 3600,
            reset_ttl: 3600,
            unconfirmed_ttl: 7 * 86400,
            ip_ttl: 7 * 86400,
            totp_key: TotpKey::random(),
        }
    }
}

impl AccountSettings {
    /// Settings that write mail into `dir`.
    pub fn with_mail_dir(dir: PathBuf) -> Self {
        Self {
            mailer: mail::Mailer::Files(dir),
            ..Self::default()
        }
    }
}

/// Now in Unix seconds.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// A new random secret of 128 bits or more, URL-safe (session cookies and one-time links).
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 of a token as hex: what the database keeps instead of the token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Email in the form it is stored and compared in: trimmed and lowercased.
pub fn normalise_email(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Checks an email address typed into `field`.
pub fn check_email(email: &str, field: &'static str) -> Result<(), FieldError> {
    if email.is_empty() {
        Err(FieldError {
            field,
            code: "error-email-required",
        })
    } else if email.chars().count() > EMAIL_MAX || !crate::feedback::plausible_email(email) {
        Err(FieldError {
            field,
            code: "error-account-email-invalid",
        })
    } else {
        Ok(())
    }
}

/// Checks a display name and returns it as stored: cleaned like every text people type (NFC,
/// trimmed), with something visible, 2 to 50 characters, no control characters, no bidi
/// controls (a name with U+202E turns the text after it around), not an email address.
pub fn check_display_name(name: &str, field: &'static str) -> Result<String, FieldError> {
    let code = match text::clean(name, Shape::Line) {
        Err(TextError::Control) => "error-name-invalid",
        Err(TextError::Blank) if name.trim().is_empty() => "error-name-required",
        Err(TextError::Blank) => "error-name-invisible",
        Ok(name) => {
            let n = name.chars().count();
            if !(2..=NAME_MAX).contains(&n) {
                "error-name-length"
            } else if name.chars().any(text::is_bidi_control) {
                "error-name-bidi"
            } else if name.contains('@') {
                "error-name-no-email"
            } else {
                return Ok(name);
            }
        }
    };
    Err(FieldError { field, code })
}

fn invalid(field: &'static str, code: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError { field, code }])
}

/// An internal error from a library error that only offers its text (password hashing).
fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal(e.to_string())
}
