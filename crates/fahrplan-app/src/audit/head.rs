//! The signed head of the audit log, kept outside the database: the newest sequence number and
//! hash this node has seen appended, with an HMAC over `fahrplan-audit-head:{seq}:{hash}`. It
//! lives in a file (0600, replaced atomically, never moved backwards, also by another process
//! appending on the same data folder) or, for apps without a data folder, in memory. It decides
//! nothing about whether the chain is intact (`verify.rs` does).

use crate::private_files;
use fahrplan_store::{AuditKey, AuditTip};
use std::io::{Error, ErrorKind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A signed head as it is kept and published.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignedHead {
    /// Sequence number of the entry.
    pub seq: i64,
    /// Hash of the entry (64 hexadecimal characters).
    pub hash: String,
    /// HMAC-SHA256 of `fahrplan-audit-head:{seq}:{hash}` with the audit key, as hex.
    pub signature: String,
}

impl SignedHead {
    /// The head of `tip`, signed with `key`.
    pub fn sign(key: &AuditKey, tip: &AuditTip) -> Self {
        Self {
            seq: tip.seq,
            hash: tip.hash.clone(),
            signature: key.sign_head(tip.seq, &tip.hash),
        }
    }

    /// Whether the signature is `key`'s.
    pub fn holds(&self, key: &AuditKey) -> bool {
        key.head_signature_holds(self.seq, &self.hash, &self.signature)
    }

    /// The entry it names.
    pub fn tip(&self) -> AuditTip {
        AuditTip {
            seq: self.seq,
            hash: self.hash.clone(),
        }
    }

    /// Reads a head from its file text; anything but one JSON object with a positive `seq` and
    /// 64 hexadecimal characters in `hash` and `signature` is refused, so what `/metrics`
    /// publishes is always plain.
    fn parse(text: &str) -> Result<Self, Error> {
        let head: Self =
            serde_json::from_str(text).map_err(|e| Error::new(ErrorKind::InvalidData, e))?;
        let hex64 = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
        if head.seq < 1 || !hex64(&head.hash) || !hex64(&head.signature) {
            return Err(Error::new(
                ErrorKind::InvalidData,
                "not a head: seq must be positive, hash and signature 64 hexadecimal characters",
            ));
        }
        Ok(head)
    }
}

/// Where a node keeps its signed head.
#[derive(Debug)]
pub enum HeadStore {
    /// A file (by default `DATA_DIR/audit-head`).
    File(PathBuf),
    /// Memory: apps without a data folder (tests, a database in memory).
    Memory(Mutex<Option<SignedHead>>),
}

impl HeadStore {
    /// A head kept in memory, empty.
    pub fn memory() -> Self {
        Self::Memory(Mutex::new(None))
    }

    /// The file, if the head is kept in one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::File(p) => Some(p),
            Self::Memory(_) => None,
        }
    }

    /// The head as kept now; `None` when none was written yet.
    pub fn read(&self) -> Result<Option<SignedHead>, Error> {
        match self {
            Self::File(path) => read_file(path),
            Self::Memory(m) => Ok(m.lock().map_err(|_| poisoned())?.clone()),
        }
    }

    /// Keeps `head` if it names a later entry than the head kept now, and returns it then;
    /// an equal or earlier one is left out (`None`), so the head never moves backwards.
    pub fn advance(&self, head: SignedHead) -> Result<Option<SignedHead>, Error> {
        match self {
            Self::Memory(m) => {
                let mut kept = m.lock().map_err(|_| poisoned())?;
                if kept.as_ref().is_some_and(|k| k.seq >= head.seq) {
                    return Ok(None);
                }
                *kept = Some(head.clone());
                Ok(Some(head))
            }
            Self::File(path) => advance_file(path, head),
        }
    }
}

fn poisoned() -> Error {
    Error::other("the audit head lock was poisoned by a panic")
}

fn read_file(path: &Path) -> Result<Option<SignedHead>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => SignedHead::parse(&text).map(Some),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Under an exclusive lock on `PATH.lock` (processes appending on the same data folder take
/// turns): reads the kept head, and only for a later entry writes the new one beside it and
/// renames it over the old, so a reader sees the old head or the new one, never half of one.
fn advance_file(path: &Path, head: SignedHead) -> Result<Option<SignedHead>, Error> {
    let lock_path = sibling(path, ".lock");
    if !lock_path.exists() {
        match private_files::create_file(&lock_path, b"") {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let lock = std::fs::OpenOptions::new().write(true).open(&lock_path)?;
    lock.lock()?;
    let kept = match read_file(path) {
        Ok(k) => k,
        Err(e) if e.kind() == ErrorKind::InvalidData => {
            tracing::warn!(file = %path.display(), error = %e, "the audit head file is not a head; it is replaced");
            None
        }
        Err(e) => return Err(e),
    };
    if kept.is_some_and(|k| k.seq >= head.seq) {
        return Ok(None);
    }
    let text = serde_json::to_string(&head).map_err(Error::other)? + "\n";
    let temporary = sibling(path, &format!(".{}.new", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    private_files::create_file(&temporary, text.as_bytes())?;
    std::fs::rename(&temporary, path)?;
    drop(lock);
    Ok(Some(head))
}

/// `path` with `suffix` added to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(key: &AuditKey, seq: i64) -> SignedHead {
        SignedHead::sign(
            key,
            &AuditTip {
                seq,
                hash: format!("{seq:064x}"),
            },
        )
    }

    #[test]
    fn a_head_in_memory_never_moves_backwards() {
        let key = AuditKey::random();
        let store = HeadStore::memory();
        assert_eq!(store.read().unwrap(), None);
        assert!(store.advance(head(&key, 5)).unwrap().is_some());
        assert!(store.advance(head(&key, 3)).unwrap().is_none());
        assert!(store.advance(head(&key, 5)).unwrap().is_none());
        assert_eq!(store.read().unwrap().unwrap().seq, 5);
        assert!(store.read().unwrap().unwrap().holds(&key));
    }

    #[test]
    fn a_file_that_is_no_head_is_refused_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit-head");
        let store = HeadStore::File(path.clone());
        for text in [
            "kaputt",
            r#"{"seq":0,"hash":"00","signature":"00"}"#,
            &format!(
                r#"{{"seq":1,"hash":"{}","signature":"x{}"}}"#,
                "a".repeat(64),
                "b".repeat(63)
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            assert_eq!(
                store.read().unwrap_err().kind(),
                ErrorKind::InvalidData,
                "{text}"
            );
        }
    }
}
