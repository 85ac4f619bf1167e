//! Supports (Unterstützungen): one per account and contribution, enforced by the table's key,
//! counted against the per-account limit, only while a phase allows them.

use crate::accounts::{Actor, now};
use crate::ratelimit::Bucket;
use crate::{App, AppError, AppResult};
use fahrplan_domain::Allowance;

impl App {
    /// Supports a contribution of somebody else; `Conflict` when this account supports it
    /// already, `Invalid` ("error-account-blocked") for a blocked account, `Forbidden` for one's own, without the consent for political opinions (a
    /// support shows one), or when no open phase allows supports.
    pub async fn cast_support(&self, actor: &Actor, process: &str, id: i64) -> AppResult<()> {
        let row = self
            .visible_in_open_process(process, id, Allowance::Supports)
            .await?;
        // Replies are answered, not supported; one's own contributions are not supported either.
        let standing = self.standing(actor).await?;
        if row.parent.is_some() || row.author == actor.account_id || !standing.consented {
            return Err(AppError::Forbidden);
        }
        standing.not_blocked(actor)?;
        self.limit(Bucket::Support, &actor.account_id.to_string())?;
        if self.store.add_support(id, actor.account_id, now()).await? {
            Ok(())
        } else {
            Err(AppError::Conflict)
        }
    }

    /// Takes one's support back, at any time: also after the phase or once the contribution is
    /// hidden, as a consent is withdrawn as easily as it was given. Taking back a support that
    /// is not there changes nothing and is no error (a second click); `NotFound` only for a
    /// contribution that is not in `process`.
    pub async fn withdraw_support(&self, actor: &Actor, process: &str, id: i64) -> AppResult<()> {
        self.contribution_in(process, id).await?;
        self.store.remove_support(id, actor.account_id).await?;
        Ok(())
    }
}
