//! Configuration of the audit log: the key of the chain (`audit_key`, kept out of the database)
//! and the file of the signed head (`audit_head_file`). Checked at start with an error naming
//! the setting; the key is held as a secret and never printed.

use crate::config::{Config, ConfigError};
use fahrplan_app::audit::AuditKey;
use secrecy::SecretString;
use std::path::{Path, PathBuf};

/// The name of the key setting and its environment twin, as errors name it.
pub const AUDIT_KEY_SETTING: &str = "audit_key / FAHRPLAN_AUDIT_KEY";

/// The name of the head file setting and its environment twin, as errors name it.
pub const AUDIT_HEAD_SETTING: &str = "audit_head_file / FAHRPLAN_AUDIT_HEAD_FILE";

/// The file names in the data folder.
pub const AUDIT_KEY_FILE: &str = "audit-key";
/// See [`AUDIT_KEY_FILE`].
pub const AUDIT_HEAD_FILE: &str = "audit-head";

/// Checked audit settings.
#[derive(Debug)]
pub struct AuditConfig {
    /// The key, hexadecimal, at least 32 bytes, if configured (otherwise kept in
    /// `DATA_DIR/audit-key`; required with PostgreSQL).
    pub key: Option<SecretString>,
    /// Where the signed head is written.
    pub head_file: PathBuf,
}

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.is_empty())
}

/// Reads `audit_key` and `audit_head_file` (environment before file).
pub fn audit(
    file_key: Option<String>,
    file_head: Option<PathBuf>,
    data_dir: &Path,
) -> Result<AuditConfig, ConfigError> {
    let key = env("FAHRPLAN_AUDIT_KEY").or(file_key);
    if let Some(k) = &key
        && let Err(e) = AuditKey::from_hex(k)
    {
        return Err(ConfigError(format!("{AUDIT_KEY_SETTING}: {e}")));
    }
    let head_file = env("FAHRPLAN_AUDIT_HEAD_FILE")
        .map(PathBuf::from)
        .or(file_head)
        .unwrap_or_else(|| data_dir.join(AUDIT_HEAD_FILE));
    if head_file.file_name().is_none() || head_file.is_dir() {
        return Err(ConfigError(format!(
            "{AUDIT_HEAD_SETTING}: {} is not a file name",
            head_file.display()
        )));
    }
    Ok(AuditConfig {
        key: key.map(SecretString::from),
        head_file,
    })
}

impl Config {
    /// With PostgreSQL the audit key must be configured: nodes append to one chain and must key
    /// it alike, and a key file in one node's data folder (often thrown away with a container)
    /// would leave the log unverifiable.
    pub fn check_audit_key_for_postgres(&self) -> Result<(), ConfigError> {
        if self.audit.key.is_none() && self.is_postgres() {
            return Err(ConfigError(format!(
                "{AUDIT_KEY_SETTING}: needed with PostgreSQL, where every node and every command that writes the audit log must key it alike; use 64 or more hexadecimal characters, e.g. from `openssl rand -hex 32`, and keep them apart from the database and its backups"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_key_that_is_too_short_or_not_hexadecimal_names_its_setting() {
        let dir = Path::new("/tmp/data");
        for bad in ["abc", &"0".repeat(62), &"x".repeat(64)] {
            let e = audit(Some(bad.to_owned()), None, dir).unwrap_err();
            assert!(e.0.starts_with(AUDIT_KEY_SETTING), "{}", e.0);
            assert!(!e.0.contains(bad), "the value is not repeated: {}", e.0);
        }
        let ok = audit(Some("ab".repeat(40)), None, dir).unwrap();
        assert_eq!(ok.head_file, dir.join("audit-head"));
    }
}
