//! Walking the audit chain: every entry must follow the one before, its hash must be what its
//! fields give (keyed with the audit key, or plain SHA-256 for entries an older version wrote
//! before the first keyed one), and a signed head, when there is one, must name an entry that
//! is there with the hash it holds. It names the first entry that does not fit; it never
//! changes anything.

use crate::audit::{AuditTip, GENESIS};
use crate::audit_key::AuditKey;
use crate::{Store, StoreResult};

/// How many entries are read at a time.
const PAGE: i64 = 1000;

/// An intact chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditChain {
    /// Number of entries.
    pub entries: u64,
    /// The newest entry, if any.
    pub tip: Option<AuditTip>,
}

/// The first thing in the chain that does not fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditFault {
    /// The entry's fields do not give its hash.
    #[error("entry {seq} was altered")]
    Altered {
        /// Sequence number.
        seq: i64,
    },
    /// The entry does not name the hash of the entry before it.
    #[error(
        "entry {seq} does not follow the entry before it: an entry before it was removed or altered"
    )]
    Unlinked {
        /// Sequence number.
        seq: i64,
    },
    /// The first keyed entry no longer covers the entries an older version wrote before it.
    #[error(
        "an entry up to {last_unkeyed} (written before the log was keyed) was altered or removed: entry {seq} covers another hash"
    )]
    CoverBroken {
        /// Sequence number of the keyed entry.
        seq: i64,
        /// Sequence number of the entry before it.
        last_unkeyed: i64,
    },
    /// The entry says it was written with another key.
    #[error(
        "entry {seq} names the audit key {key_id}, not this one ({this_key}): it was written with another key, or altered"
    )]
    OtherKey {
        /// Sequence number.
        seq: i64,
        /// The key id the entry names.
        key_id: String,
        /// The key id of the key verifying.
        this_key: String,
    },
    /// An entry without a key after a keyed one: someone rewrote it as an older version would.
    #[error("entry {seq} was altered: it is unkeyed, but an entry before it is keyed")]
    Unkeyed {
        /// Sequence number.
        seq: i64,
    },
    /// The entry the signed head names has another hash in the database.
    #[error("entry {seq} was altered: the signed head holds another hash for it")]
    HeadDiffers {
        /// Sequence number.
        seq: i64,
    },
    /// The signed head names an entry beyond the newest one present.
    #[error("entries after {last} are missing: the signed head names entry {head}")]
    Missing {
        /// The newest sequence number present (0 for none).
        last: i64,
        /// The sequence number the head names.
        head: i64,
    },
    /// The signed head names an entry inside the chain that is not there.
    #[error("entry {seq}, which the signed head names, is missing")]
    HeadEntryGone {
        /// Sequence number.
        seq: i64,
    },
}

/// Where the walk is.
struct Walk<'a> {
    key: &'a AuditKey,
    head: Option<&'a AuditTip>,
    prev: String,
    prev_seq: i64,
    keyed_seen: bool,
    head_seen: bool,
    entries: u64,
}

impl Walk<'_> {
    fn step(&mut self, r: &crate::AuditRow) -> Result<(), AuditFault> {
        let seq = r.seq;
        if r.prev_hash != self.prev {
            return Err(
                if r.key_id.is_some() && !self.keyed_seen && self.prev_seq > 0 {
                    AuditFault::CoverBroken {
                        seq,
                        last_unkeyed: self.prev_seq,
                    }
                } else {
                    AuditFault::Unlinked { seq }
                },
            );
        }
        match &r.key_id {
            None if self.keyed_seen => return Err(AuditFault::Unkeyed { seq }),
            Some(id) if id != self.key.id() => {
                return Err(AuditFault::OtherKey {
                    seq,
                    key_id: id.clone(),
                    this_key: self.key.id().to_owned(),
                });
            }
            _ => {}
        }
        if !r.hash_holds(self.key) {
            return Err(AuditFault::Altered { seq });
        }
        if let Some(h) = self.head
            && h.seq == seq
        {
            if h.hash != r.hash {
                return Err(AuditFault::HeadDiffers { seq });
            }
            self.head_seen = true;
        }
        self.prev.clone_from(&r.hash);
        self.keyed_seen |= r.key_id.is_some();
        self.prev_seq = seq;
        self.entries += 1;
        Ok(())
    }

    fn finish(self) -> Result<AuditChain, AuditFault> {
        if let Some(h) = self.head
            && !self.head_seen
        {
            return Err(if h.seq > self.prev_seq {
                AuditFault::Missing {
                    last: self.prev_seq,
                    head: h.seq,
                }
            } else {
                AuditFault::HeadEntryGone { seq: h.seq }
            });
        }
        let tip = (self.entries > 0).then_some(AuditTip {
            seq: self.prev_seq,
            hash: self.prev,
        });
        Ok(AuditChain {
            entries: self.entries,
            tip,
        })
    }
}

impl Store {
    /// Checks the whole chain with `key`, and that `head` (a signed head whose signature the
    /// caller checked) names an entry present with that hash. A head may lag behind the
    /// database (another node appended since), never run ahead of it.
    pub async fn verify_audit(
        &self,
        key: &AuditKey,
        head: Option<&AuditTip>,
    ) -> StoreResult<Result<AuditChain, AuditFault>> {
        let mut walk = Walk {
            key,
            head,
            prev: GENESIS.to_owned(),
            prev_seq: 0,
            keyed_seen: false,
            head_seen: false,
            entries: 0,
        };
        loop {
            let rows = self.audit_after(walk.prev_seq, PAGE).await?;
            if rows.is_empty() {
                return Ok(walk.finish());
            }
            for r in &rows {
                if let Err(fault) = walk.step(r) {
                    return Ok(Err(fault));
                }
            }
        }
    }
}
