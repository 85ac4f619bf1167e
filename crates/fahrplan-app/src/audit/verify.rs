//! Checking the audit log: the chain with the audit key, and the signed head against it (its
//! signature, and that the entry it names is there with that hash). A chain fault is named
//! before a fault of the head, since it says more. It changes nothing.

use crate::{App, AppResult};

/// An intact audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditSummary {
    /// Number of entries.
    pub entries: u64,
    /// The sequence number the signed head names; `None` when this node keeps no head yet.
    pub head: Option<i64>,
}

/// What is wrong with the audit log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditFault {
    /// The chain, or the entry the head names.
    #[error(transparent)]
    Chain(#[from] fahrplan_store::AuditFault),
    /// The head's signature is not the audit key's.
    #[error(
        "the signed head does not verify with the audit key {key}: it was altered, or signed with another key"
    )]
    HeadForged {
        /// Id of the audit key.
        key: String,
    },
    /// The head cannot be read.
    #[error("the signed head cannot be read: {reason}")]
    HeadUnreadable {
        /// Why.
        reason: String,
    },
}

impl App {
    /// Checks the audit log: its summary, or the first fault.
    pub async fn verify_audit(&self) -> AppResult<Result<AuditSummary, AuditFault>> {
        let key = &self.audit.key;
        let (head, head_fault) = match self.audit_head().await {
            Ok(Some(h)) if h.holds(key) => (Some(h), None),
            Ok(Some(_)) => (
                None,
                Some(AuditFault::HeadForged {
                    key: key.id().to_owned(),
                }),
            ),
            Ok(None) => (None, None),
            Err(e) => {
                let reason = std::error::Error::source(&e)
                    .map_or_else(|| e.to_string(), ToString::to_string);
                (None, Some(AuditFault::HeadUnreadable { reason }))
            }
        };
        let tip = head.as_ref().map(super::SignedHead::tip);
        let chain = self.store.verify_audit(key, tip.as_ref()).await?;
        Ok(match (chain, head_fault) {
            (Err(fault), _) => Err(fault.into()),
            (Ok(_), Some(fault)) => Err(fault),
            (Ok(chain), None) => Ok(AuditSummary {
                entries: chain.entries,
                head: head.map(|h| h.seq),
            }),
        })
    }
}
