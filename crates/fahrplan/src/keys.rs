//! The server's keys: the secret that signs anonymous forms, the key that seals second-factor
//! secrets and the key of the audit log, from the configuration or from key files in the data
//! folder (made 0600 on first start), and the passes at start that seal what an older version
//! stored in plain text and key the audit entries it wrote. The keys are never logged, only
//! their ids.

use crate::audit_config::{AUDIT_KEY_FILE, AUDIT_KEY_SETTING};
use crate::config::Config;
use fahrplan_app::App;
use fahrplan_app::accounts::TotpKey;
use fahrplan_app::audit::{AuditKey, AuditSettings, HeadStore};
use secrecy::ExposeSecret;

/// The secret that signs anonymous forms: `form_secret` from the configuration, or else the
/// key file `form-secret` in the data folder, made on first start.
pub fn form_secret(cfg: &Config) -> Result<Vec<u8>, String> {
    if let Some(s) = &cfg.form_secret {
        return Ok(s.expose_secret().as_bytes().to_vec());
    }
    let new = || {
        (0..48)
            .map(|_| format!("{:02x}", rand::random::<u8>()))
            .collect::<String>()
    };
    let (text, _) = crate::data_dir::key_file(&cfg.data_dir, "form-secret", new)?;
    let secret = text.trim_end().as_bytes().to_vec();
    if secret.len() < 32 {
        return Err(format!(
            "--data-dir / FAHRPLAN_DATA_DIR {}: the form secret is shorter than 32 characters; delete the file to have a new one made",
            cfg.data_dir.join("form-secret").display()
        ));
    }
    Ok(secret)
}

/// The key that seals second-factor secrets: `totp_key` from the configuration (environment
/// before file), or else the key file in the data folder, made on first start.
pub fn totp_key(cfg: &Config) -> Result<TotpKey, String> {
    if let Some(k) = &cfg.totp_key {
        let key = TotpKey::from_hex(k.expose_secret())
            .map_err(|e| format!("{}: {e}", crate::config::TOTP_KEY_SETTING))?;
        tracing::info!(
            key = key.id(),
            "second-factor secrets are sealed with the configured totp_key"
        );
        return Ok(key);
    }
    let (text, created) =
        crate::data_dir::key_file(&cfg.data_dir, "totp-key", TotpKey::generate_hex)?;
    let path = cfg.data_dir.join("totp-key");
    let key = TotpKey::from_hex(&text).map_err(|e| {
        format!(
            "--data-dir / FAHRPLAN_DATA_DIR {}: not a key: {e}",
            path.display()
        )
    })?;
    if created {
        tracing::warn!(key = key.id(), file = %path.display(), "made a new key for second-factor secrets; back it up together with the database, without it no second factor opens");
    } else {
        tracing::info!(key = key.id(), file = %path.display(), "second-factor secrets are sealed with the key file");
    }
    Ok(key)
}

/// Seals what an older version stored in plain text, and says loudly which secrets this key
/// does not open (their owners cannot give the second factor until the operator acts).
pub async fn seal_second_factor_secrets(app: &App) -> Result<(), String> {
    let report = app.seal_second_factor_secrets().await.map_err(|e| {
        let cause = std::error::Error::source(&e).map_or_else(String::new, |c| format!(": {c}"));
        format!("sealing second-factor secrets: {e}{cause}")
    })?;
    if report.sealed > 0 {
        tracing::info!(
            key = app.totp_key().id(),
            "sealed {} second-factor secrets that an older version stored in plain text",
            report.sealed
        );
    }
    if !report.unreadable.is_empty() {
        let examples: Vec<String> = report
            .unreadable
            .iter()
            .take(5)
            .map(|(id, e)| format!("account {id}: {e}"))
            .collect();
        tracing::error!(
            key = app.totp_key().id(),
            "{} second-factor secrets do not open with this totp_key; those accounts cannot give their second factor until the key they were sealed with is configured, or their factor is reset (admin reset-second-factor). {}",
            report.unreadable.len(),
            examples.join("; ")
        );
    }
    Ok(())
}

/// The audit key and the head file: `audit_key` from the configuration (environment before
/// file), or else the key file `audit-key` in the data folder, made on first start with a loud
/// log line. With PostgreSQL the key must be configured.
pub fn audit_settings(cfg: &Config) -> Result<AuditSettings, String> {
    cfg.check_audit_key_for_postgres().map_err(|e| e.0)?;
    let key = match &cfg.audit.key {
        Some(k) => {
            let key = AuditKey::from_hex(k.expose_secret())
                .map_err(|e| format!("{AUDIT_KEY_SETTING}: {e}"))?;
            tracing::info!(
                key = key.id(),
                "the audit log is keyed with the configured audit_key"
            );
            key
        }
        None => {
            let (text, created) =
                crate::data_dir::key_file(&cfg.data_dir, AUDIT_KEY_FILE, AuditKey::generate_hex)?;
            let path = cfg.data_dir.join(AUDIT_KEY_FILE);
            let key = AuditKey::from_hex(&text).map_err(|e| {
                format!(
                    "--data-dir / FAHRPLAN_DATA_DIR {}: not an audit key: {e}",
                    path.display()
                )
            })?;
            if created {
                tracing::warn!(key = key.id(), file = %path.display(), "made a new audit key; BACK IT UP apart from the database: without it the audit log cannot be verified, and whoever holds it and the database can rewrite the log");
            } else {
                tracing::info!(key = key.id(), file = %path.display(), "the audit log is keyed with the key file");
            }
            key
        }
    };
    Ok(AuditSettings {
        key,
        head: HeadStore::File(cfg.audit.head_file.clone()),
    })
}

/// For `audit verify`, which must not make a key: the configured key or the key file, else
/// `None` (entries written with a key then cannot be checked).
pub fn existing_audit_settings(cfg: &Config) -> Result<Option<AuditSettings>, String> {
    let path = cfg.data_dir.join(AUDIT_KEY_FILE);
    if cfg.audit.key.is_none() && !cfg.is_postgres() && !path.exists() {
        return Ok(None);
    }
    audit_settings(cfg).map(Some)
}

/// At start: keys a chain that only an older version wrote (its entries are protected from
/// now on) and says so.
pub async fn key_audit_log(app: &App) -> Result<(), String> {
    let head = app.key_audit_log().await.map_err(|e| {
        let cause = std::error::Error::source(&e).map_or_else(String::new, |c| format!(": {c}"));
        format!("keying the audit log: {e}{cause}")
    })?;
    if let Some(h) = head {
        tracing::warn!(
            key = app.audit_key().id(),
            seq = h.seq,
            "the audit log is keyed from now on: entry {} covers the entries before it, which an older version wrote",
            h.seq
        );
    }
    Ok(())
}
