//! Things that may happen once: each anonymous form token is accepted a single time, so a
//! form cannot be replayed to store its content many times. Kept in this node's memory until
//! the token expires anyway; several nodes sharing one database will keep it there (plan item
//! 12, scale-out).

use std::collections::HashMap;
use std::sync::Mutex;

/// Claimed tokens by their SHA-256, with the time they expire (Unix seconds).
#[derive(Debug, Default)]
pub struct Claims {
    seen: Mutex<HashMap<[u8; 32], i64>>,
}

impl Claims {
    /// Claims `token` of `form` at `now`; false if it was claimed before and has not expired.
    pub fn claim_at(&self, form: &str, token: &str, expires: i64, now: i64) -> bool {
        use sha2::{Digest, Sha256};
        let key: [u8; 32] = Sha256::new()
            .chain_update(form.as_bytes())
            .chain_update(b":")
            .chain_update(token.as_bytes())
            .finalize()
            .into();
        let Ok(mut seen) = self.seen.lock() else {
            return false;
        };
        // Expired claims go, so the map holds at most the tokens of one token lifetime.
        if seen.len() > 1024 {
            seen.retain(|_, until| *until >= now);
        }
        match seen.get(&key) {
            Some(until) if *until >= now => false,
            _ => {
                seen.insert(key, expires);
                true
            }
        }
    }
}

impl crate::App {
    /// Claims an anonymous form's token: true the first time, false for a token sent before.
    pub fn claim_form_token(&self, form: &str, token: &str, expires: i64) -> bool {
        self.claims
            .claim_at(form, token, expires, jiff::Timestamp::now().as_second())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_accepted_once_per_form() {
        let c = Claims::default();
        assert!(c.claim_at("feedback", "t1", 100, 10));
        assert!(!c.claim_at("feedback", "t1", 100, 11));
        assert!(c.claim_at("login", "t1", 100, 11), "another form's claim");
        assert!(c.claim_at("feedback", "t2", 100, 11));
    }

    #[test]
    fn expired_claims_are_forgotten() {
        let c = Claims::default();
        for i in 0..1100 {
            assert!(c.claim_at("feedback", &format!("t{i}"), 100, 10));
        }
        assert!(c.claim_at("feedback", "late", 500, 200));
        assert_eq!(c.seen.lock().map(|s| s.len()).unwrap_or(0), 1);
    }
}
