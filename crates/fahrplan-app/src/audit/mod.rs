//! The audit log of the use cases: every append goes through [`App::audit`], which keys the
//! entry with the audit key (never stored in the database) and then signs the new head outside
//! the database, logging it for anchoring elsewhere. `verify.rs` checks both. The threat model
//! and the rules are in docs/DOMAIN.md ("Audit log"). It decides nothing about what is audited.

mod head;
mod verify;

pub use fahrplan_store::{AuditKey, BadAuditKey};
pub use head::{HeadStore, SignedHead};
pub use verify::{AuditFault, AuditSummary};

use crate::{App, AppError, AppResult};
use std::sync::Arc;

/// The audit key and where this node keeps its signed head.
#[derive(Debug)]
pub struct AuditSettings {
    /// The key of the chain and of the head.
    pub key: AuditKey,
    /// Where the signed head is kept.
    pub head: HeadStore,
}

impl Default for AuditSettings {
    /// A random key and a head in memory: both die with the process, so only apps that never
    /// outlive it (tests, commands that append nothing) use them; the server and the commands
    /// that append set the configured key and the head file.
    fn default() -> Self {
        Self {
            key: AuditKey::random(),
            head: HeadStore::memory(),
        }
    }
}

impl App {
    /// Sets the audit key and where the signed head is kept.
    pub fn with_audit(mut self, settings: AuditSettings) -> Self {
        self.audit = Arc::new(settings);
        self
    }

    /// The audit key (its id goes into logs).
    pub fn audit_key(&self) -> &AuditKey {
        &self.audit.key
    }

    /// Where this node keeps its signed head.
    pub fn audit_head_store(&self) -> &HeadStore {
        &self.audit.head
    }

    /// Appends to the audit log, then signs the new head.
    pub async fn audit(
        &self,
        actor: Option<i64>,
        action: &str,
        entity: &str,
        detail: &str,
    ) -> AppResult<()> {
        let tip = self
            .store
            .append_audit(
                &self.audit.key,
                crate::accounts::now(),
                actor,
                action,
                entity,
                detail,
            )
            .await?;
        self.advance_head(SignedHead::sign(&self.audit.key, &tip))
            .await;
        Ok(())
    }

    /// At start: keys a chain that holds only entries of an older version by appending the
    /// `audit.keyed` entry, which covers the last of them; returns its head, or `None` when
    /// there was nothing to protect.
    pub async fn key_audit_log(&self) -> AppResult<Option<SignedHead>> {
        let tip = self
            .store
            .key_audit_log(&self.audit.key, crate::accounts::now())
            .await?;
        let Some(tip) = tip else {
            return Ok(None);
        };
        let head = SignedHead::sign(&self.audit.key, &tip);
        self.advance_head(head.clone()).await;
        Ok(Some(head))
    }

    /// The signed head this node keeps (`/metrics` publishes it); `None` before its first
    /// append. A head file that cannot be read is an internal error naming it.
    pub async fn audit_head(&self) -> AppResult<Option<SignedHead>> {
        let settings = Arc::clone(&self.audit);
        tokio::task::spawn_blocking(move || settings.head.read())
            .await
            .map_err(AppError::internal)?
            .map_err(|e| AppError::internal(format!("reading the audit head: {e}")))
    }

    /// Keeps the head if it is later than the one kept, and logs it for anchoring outside
    /// the node. The entry is written already, so a head that cannot be written is logged as
    /// an error for the operator, not answered as a failure of the use case.
    async fn advance_head(&self, head: SignedHead) {
        let settings = Arc::clone(&self.audit);
        let done = tokio::task::spawn_blocking(move || settings.head.advance(head)).await;
        let file = self
            .audit
            .head
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        match done {
            Ok(Ok(Some(h))) => tracing::info!(
                seq = h.seq,
                hash = %h.hash,
                signature = %h.signature,
                "audit head"
            ),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => tracing::error!(
                file,
                error = %e,
                "cannot write the audit head; removed newest entries go unnoticed until it is written again"
            ),
            Err(e) => tracing::error!(file, error = %e, "writing the audit head failed"),
        }
    }
}
