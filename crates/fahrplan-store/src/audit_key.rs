//! The hashes of the audit chain: plain SHA-256 for the entries an older version wrote, and
//! HMAC-SHA256 with a key kept outside the database for every entry since migration 0012, so
//! someone who can only write to the database cannot recompute the chain. The same key signs the
//! head a node keeps outside the database. Pure computation: it reads and writes nothing, and
//! the key itself is never shown (`Debug` prints its id).

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The fewest bytes an audit key may have (the output size of SHA-256, RFC 2104 section 3).
pub const MIN_AUDIT_KEY_BYTES: usize = 32;

/// What an entry's HMAC starts with, so that no entry hash can pass for a head signature.
const ENTRY_TAG: &str = "fahrplan-audit-entry";

/// The key of the audit chain and of the signed head.
#[derive(Clone)]
pub struct AuditKey {
    mac: HmacSha256,
    id: String,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey({})", self.id)
    }
}

/// An audit key must be hexadecimal and hold at least 32 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "use at least 64 hexadecimal characters (32 random bytes or more, e.g. from `openssl rand -hex 32`)"
)]
pub struct BadAuditKey;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// Feeds each part with its length before it, so no two different entries feed the same bytes.
fn feed(
    mut update: impl FnMut(&[u8]),
    prev: &str,
    at: i64,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    detail: &str,
) {
    let actor = actor.map(|a| a.to_string()).unwrap_or_default();
    for part in [prev, &at.to_string(), &actor, action, entity, detail] {
        update(&(part.len() as u64).to_be_bytes());
        update(part.as_bytes());
    }
}

/// The hash of an entry written before the chain was keyed: SHA-256 over the previous hash and
/// the entry's fields, each length-prefixed.
pub fn audit_hash(
    prev: &str,
    at: i64,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    feed(|b| h.update(b), prev, at, actor, action, entity, detail);
    hex(&h.finalize())
}

/// The text a head signature covers.
pub fn head_text(seq: i64, hash: &str) -> String {
    format!("fahrplan-audit-head:{seq}:{hash}")
}

impl AuditKey {
    fn with_mac(mac: HmacSha256) -> Self {
        let mut id = mac.clone();
        id.update(b"fahrplan-audit-key-id");
        let id = hex(&id.finalize().into_bytes()[..8]);
        Self { mac, id }
    }

    /// The key from its bytes (at least 32).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BadAuditKey> {
        if bytes.len() < MIN_AUDIT_KEY_BYTES {
            return Err(BadAuditKey);
        }
        <HmacSha256 as KeyInit>::new_from_slice(bytes)
            .map(Self::with_mac)
            .map_err(|_| BadAuditKey)
    }

    /// The key from its text form: 64 or more hexadecimal characters (surrounding whitespace
    /// ignored).
    pub fn from_hex(text: &str) -> Result<Self, BadAuditKey> {
        Self::from_bytes(&unhex(text.trim()).ok_or(BadAuditKey)?)
    }

    /// A new random key of 32 bytes in its text form, for a key file.
    pub fn generate_hex() -> String {
        hex(&rand::random::<[u8; MIN_AUDIT_KEY_BYTES]>())
    }

    /// A new random key that dies with the process: for tests and apps without a configured key.
    pub fn random() -> Self {
        // One block of HMAC-SHA256 (64 bytes): the longest key HMAC uses without hashing it.
        let bytes: [u8; 64] = rand::random();
        Self::with_mac(<HmacSha256 as KeyInit>::new(&bytes.into()))
    }

    /// The key's id: 16 hex characters derived from the key, stored with every entry written
    /// with it, so a wrong key is named as such. It tells nothing about the key.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The hash of a keyed entry: HMAC-SHA256 over a fixed tag, the previous hash and the
    /// entry's fields, each length-prefixed.
    pub fn entry_hash(
        &self,
        prev: &str,
        at: i64,
        actor: Option<i64>,
        action: &str,
        entity: &str,
        detail: &str,
    ) -> String {
        let mut m = self.mac.clone();
        m.update(&(ENTRY_TAG.len() as u64).to_be_bytes());
        m.update(ENTRY_TAG.as_bytes());
        feed(|b| m.update(b), prev, at, actor, action, entity, detail);
        hex(&m.finalize().into_bytes())
    }

    /// The signature of a head: HMAC-SHA256 over `fahrplan-audit-head:{seq}:{hash}`, as hex.
    pub fn sign_head(&self, seq: i64, hash: &str) -> String {
        let mut m = self.mac.clone();
        m.update(head_text(seq, hash).as_bytes());
        hex(&m.finalize().into_bytes())
    }

    /// Whether `signature` is this key's signature of the head (compared in constant time).
    pub fn head_signature_holds(&self, seq: i64, hash: &str, signature: &str) -> bool {
        let Some(given) = unhex(signature) else {
            return false;
        };
        let mut m = self.mac.clone();
        m.update(head_text(seq, hash).as_bytes());
        m.verify_slice(&given).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "8d3c0f9a1b2e4d5f6071829304a5b6c7d8e9f0011223344556677889900aabbc";

    #[test]
    fn a_key_needs_at_least_64_hexadecimal_characters() {
        assert!(AuditKey::from_hex(KEY).is_ok());
        assert!(AuditKey::from_hex(&format!("  {KEY}{KEY}\n")).is_ok());
        assert_eq!(AuditKey::from_hex(&KEY[..62]).unwrap_err(), BadAuditKey);
        assert_eq!(
            AuditKey::from_hex(&format!("{KEY}0")).unwrap_err(),
            BadAuditKey
        );
        assert_eq!(
            AuditKey::from_hex(&KEY.replace('8', "g")).unwrap_err(),
            BadAuditKey
        );
        assert_eq!(AuditKey::generate_hex().len(), 64);
    }

    #[test]
    fn the_keyed_hash_depends_on_the_key_and_every_field() {
        let a = AuditKey::from_hex(KEY).unwrap();
        let b = AuditKey::random();
        let h = a.entry_hash("p", 1, Some(2), "x", "y", "{}");
        assert_eq!(h, a.entry_hash("p", 1, Some(2), "x", "y", "{}"));
        assert_ne!(h, b.entry_hash("p", 1, Some(2), "x", "y", "{}"));
        assert_ne!(h, a.entry_hash("p", 1, None, "x", "y", "{}"));
        assert_ne!(h, a.entry_hash("p", 1, Some(2), "xy", "", "{}"));
        assert_ne!(h, audit_hash("p", 1, Some(2), "x", "y", "{}"));
        assert_eq!(h.len(), 64);
        assert_ne!(a.id(), b.id());
        assert_eq!(a.id().len(), 16);
        assert!(!format!("{a:?}").contains(&KEY[..16]));
    }

    #[test]
    fn a_head_signature_holds_only_for_its_sequence_hash_and_key() {
        let a = AuditKey::from_hex(KEY).unwrap();
        let sig = a.sign_head(17, "ab");
        assert!(a.head_signature_holds(17, "ab", &sig));
        assert!(!a.head_signature_holds(18, "ab", &sig));
        assert!(!a.head_signature_holds(17, "ac", &sig));
        assert!(!AuditKey::random().head_signature_holds(17, "ab", &sig));
        assert!(!a.head_signature_holds(17, "ab", "zz"));
        assert_ne!(sig, a.entry_hash("", 0, None, "", "", ""));
    }
}
