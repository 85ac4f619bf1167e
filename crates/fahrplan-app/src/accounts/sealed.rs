//! Second-factor secrets sealed at rest (issue 13): XChaCha20-Poly1305 with a key that never
//! goes into the database, so a copy of the database alone gives away no authenticator. It must
//! not decide what a secret that cannot be opened means for a login: it says why, the use case
//! decides.
//!
//! A sealed value is text: `v1:` + the key's id (8 hex characters) + `:` + base64url (no padding)
//! of a random 24-byte nonce followed by the ciphertext and its tag. The account id is the
//! associated data, so a value copied into another account's row does not open. A value without
//! the `v1:` prefix that reads as base32 is a secret stored in plain text by an older version.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{Key, KeyInit, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

/// Prefix of the current format.
const V1: &str = "v1:";
/// Bytes of a key.
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;

/// The key that seals second-factor secrets. `Debug` shows its id, never the key.
#[derive(Clone)]
pub struct TotpKey {
    cipher: XChaCha20Poly1305,
    id: String,
}

impl std::fmt::Debug for TotpKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TotpKey({})", self.id)
    }
}

/// Why a stored value does not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The value is a secret in plain text from before sealing; the server seals such values
    /// when it starts.
    #[error("it is stored in plain text (from an older version; the server seals it at start)")]
    Plain,
    /// The value was sealed with another key.
    #[error(
        "it was sealed with the key {sealed_with}, but the totp_key of this process is {this_key}: configure the key it was sealed with, or reset the account's second factor"
    )]
    OtherKey {
        /// Id of the key it was sealed with.
        sealed_with: String,
        /// Id of this process's key.
        this_key: String,
    },
    /// The value is damaged, belongs to another account, or was not written by fahrplan.
    #[error(
        "it does not open with the key {this_key} it names: damaged, or copied from another account"
    )]
    Damaged {
        /// Id of this process's key.
        this_key: String,
    },
}

/// Sealing failed (only a secret of 256 GiB could make it fail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the secret cannot be sealed")]
pub struct CannotSeal;

/// A key is 64 hexadecimal characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("use 64 hexadecimal characters (32 random bytes, e.g. from `openssl rand -hex 32`)")]
pub struct BadKey;

impl TotpKey {
    /// The key from 32 bytes.
    pub fn from_bytes(bytes: &[u8; KEY_BYTES]) -> Self {
        let mut hash = Sha256::new();
        hash.update(b"fahrplan totp key id\0");
        hash.update(bytes);
        let id = hash.finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            cipher: XChaCha20Poly1305::new(Key::from_slice(bytes)),
            id,
        }
    }

    /// The key from its text form, 64 hexadecimal characters (surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Result<Self, BadKey> {
        let text = text.trim();
        if text.len() != 2 * KEY_BYTES || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(BadKey);
        }
        let mut bytes = [0u8; KEY_BYTES];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| BadKey)?;
        }
        Ok(Self::from_bytes(&bytes))
    }

    /// A new random key in its text form, for a key file.
    pub fn generate_hex() -> String {
        let bytes: [u8; KEY_BYTES] = rand::random();
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A new random key; what is sealed with it opens only while this value lives, so only
    /// settings that never outlive the process (tests, commands that touch no secret) use it.
    pub fn random() -> Self {
        Self::from_bytes(&rand::random())
    }

    /// The key's id: 8 hex characters derived from the key, shown in logs and kept with every
    /// value sealed with it, so a wrong key is named as such. It tells nothing about the key.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Seals the secret of an account.
    pub fn seal(&self, account_id: i64, secret: &str) -> Result<String, CannotSeal> {
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let aad = aad(account_id);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| CannotSeal)?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(format!("{V1}{}:{}", self.id, URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Opens a stored value of an account.
    pub fn open(&self, account_id: i64, stored: &str) -> Result<String, SealError> {
        let damaged = || SealError::Damaged {
            this_key: self.id.clone(),
        };
        let Some(rest) = stored.strip_prefix(V1) else {
            return match crate::accounts::totp::base32_decode(stored) {
                Some(raw) if !raw.is_empty() => Err(SealError::Plain),
                _ => Err(damaged()),
            };
        };
        let (key_id, data) = rest.split_once(':').ok_or_else(damaged)?;
        if key_id != self.id {
            return Err(SealError::OtherKey {
                sealed_with: key_id.to_owned(),
                this_key: self.id.clone(),
            });
        }
        let bytes = URL_SAFE_NO_PAD.decode(data).map_err(|_| damaged())?;
        if bytes.len() < NONCE_BYTES {
            return Err(damaged());
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let aad = aad(account_id);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| damaged())?;
        String::from_utf8(plain).map_err(|_| damaged())
    }
}

fn aad(account_id: i64) -> Vec<u8> {
    format!("fahrplan totp secret of account {account_id}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::totp::new_secret;

    const HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn a_sealed_secret_opens_again_and_shows_neither_secret_nor_key() {
        let key = TotpKey::from_hex(HEX).unwrap();
        let secret = new_secret();
        let sealed = key.seal(7, &secret).unwrap();
        assert!(sealed.starts_with(&format!("v1:{}:", key.id())), "{sealed}");
        assert!(!sealed.contains(&secret) && !sealed.contains(HEX));
        assert_eq!(key.open(7, &sealed).unwrap(), secret);
        assert_ne!(
            key.seal(7, &secret).unwrap(),
            sealed,
            "a fresh nonce every time"
        );
        assert_eq!(format!("{key:?}"), format!("TotpKey({})", key.id()));
    }

    #[test]
    fn another_key_another_account_or_a_changed_byte_do_not_open_and_say_which() {
        let key = TotpKey::from_hex(HEX).unwrap();
        let other = TotpKey::random();
        let sealed = key.seal(7, &new_secret()).unwrap();
        assert_eq!(
            other.open(7, &sealed),
            Err(SealError::OtherKey {
                sealed_with: key.id().to_owned(),
                this_key: other.id().to_owned()
            })
        );
        let damaged = SealError::Damaged {
            this_key: key.id().to_owned(),
        };
        assert_eq!(
            key.open(8, &sealed),
            Err(damaged.clone()),
            "another account"
        );
        let mut changed = sealed.clone().into_bytes();
        let last = changed.len() - 1;
        changed[last] = if changed[last] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap();
        assert_eq!(key.open(7, &changed), Err(damaged.clone()));
        assert_eq!(key.open(7, "v1:"), Err(damaged.clone()));
        assert_eq!(key.open(7, "v9:whatever"), Err(damaged));
    }

    #[test]
    fn a_plain_base32_secret_is_recognised_as_from_an_older_version() {
        let key = TotpKey::random();
        assert_eq!(key.open(1, &new_secret()), Err(SealError::Plain));
    }

    #[test]
    fn a_key_is_64_hex_characters_and_its_id_depends_on_it() {
        assert!(TotpKey::from_hex(&format!("  {HEX}\n")).is_ok());
        assert_eq!(TotpKey::from_hex(&HEX[..62]).err(), Some(BadKey));
        assert_eq!(
            TotpKey::from_hex(&HEX.replace('0', "g")).err(),
            Some(BadKey)
        );
        assert_eq!(
            TotpKey::from_hex("ä".repeat(32).as_str()).err(),
            Some(BadKey)
        );
        let a = TotpKey::from_hex(HEX).unwrap();
        assert_eq!(a.id().len(), 8);
        assert_eq!(TotpKey::from_hex(&HEX.to_uppercase()).unwrap().id(), a.id());
        let b = TotpKey::from_hex(&TotpKey::generate_hex()).unwrap();
        assert_ne!(a.id(), b.id());
    }
}
