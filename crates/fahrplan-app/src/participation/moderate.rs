//! Moderation: a moderator (with the second factor) hides a contribution with a public reason
//! or restores it; both are written to the audit log. The page keeps the hidden contribution's
//! place and says that it was hidden and why (DOMAIN.md, ModerationAction).

use super::REASON_MAX;
use crate::accounts::Actor;
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::{ContributionState, Role};

impl App {
    /// Hides a contribution with a reason that is shown in its place.
    pub async fn hide_contribution(&self, actor: &Actor, id: i64, reason: &str) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        let reason = reason.trim();
        let code = if reason.is_empty() {
            Some("error-reason-required")
        } else if reason.chars().count() > REASON_MAX {
            Some("error-reason-too-long")
        } else {
            None
        };
        if let Some(code) = code {
            return Err(AppError::Invalid(vec![FieldError {
                field: "reason",
                code,
            }]));
        }
        let row = self.store.contribution(id).await?;
        if row.state == ContributionState::Withdrawn.as_str() {
            return Err(AppError::Conflict);
        }
        self.store
            .set_contribution_state(id, ContributionState::Hidden.as_str(), Some(reason))
            .await?;
        self.audit(
            Some(actor.account_id),
            "contribution.hide",
            &format!("contribution:{id}"),
            reason,
        )
        .await
    }

    /// Shows a hidden contribution again.
    pub async fn restore_contribution(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        let row = self.store.contribution(id).await?;
        if row.state != ContributionState::Hidden.as_str() {
            return Err(AppError::Conflict);
        }
        self.store
            .set_contribution_state(id, ContributionState::Visible.as_str(), None)
            .await?;
        self.audit(
            Some(actor.account_id),
            "contribution.restore",
            &format!("contribution:{id}"),
            "",
        )
        .await
    }
}
