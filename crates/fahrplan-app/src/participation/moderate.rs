//! Moderation: anyone logged in reports a contribution with a reason (once each); a moderator
//! (with the second factor) sees the open reports, hides a contribution with a public reason or
//! dismisses its reports, and restores hidden ones. Hiding, restoring and dismissing are written
//! to the audit log. The page keeps a hidden contribution's place and says that it was hidden and
//! why (DOMAIN.md, Flag and ModerationAction).

use super::{ContributionView, REASON_MAX};
use crate::accounts::{Actor, now};
use crate::ratelimit::Bucket;
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult};
use fahrplan_domain::text::Shape;
use fahrplan_domain::{ContributionState, Role};

/// A reported contribution with the reasons given, for the moderators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The contribution as the public sees it.
    pub contribution: ContributionView,
    /// The reasons, oldest first (reporters are not named).
    pub reasons: Vec<String>,
}

/// The moderators' reason for hiding, shown in the contribution's place.
const HIDE_REASON: Messages = Messages {
    required: "error-reason-required",
    too_long: "error-reason-too-long",
    control: "error-reason-control",
};

/// A report's reason: the moderators' is public, a report's is not, so each has its own words.
const REPORT_REASON: Messages = Messages {
    required: "error-report-reason-required",
    too_long: "error-report-reason-too-long",
    control: "error-reason-control",
};

impl App {
    /// Hides a contribution with a reason that is shown in its place.
    pub async fn hide_contribution(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
        reason: &str,
    ) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        self.contribution_in(process, id).await?;
        let reason = text::required(reason, Shape::Lines, "reason", REASON_MAX, HIDE_REASON)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        // One conditional write: a withdrawal in between is not turned into "hidden".
        if !self.store.hide_contribution(id, &reason, now()).await? {
            self.store.contribution(id).await?;
            return Err(AppError::Conflict);
        }
        self.audit(
            Some(actor.account_id),
            "contribution.hide",
            &format!("contribution:{id}"),
            &reason,
        )
        .await
    }

    /// Shows a hidden contribution again.
    pub async fn restore_contribution(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
    ) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        self.contribution_in(process, id).await?;
        if !self.store.restore_contribution(id).await? {
            self.store.contribution(id).await?;
            return Err(AppError::Conflict);
        }
        self.audit(
            Some(actor.account_id),
            "contribution.restore",
            &format!("contribution:{id}"),
            "",
        )
        .await
    }
}

impl App {
    /// Reports a contribution of somebody else to the moderators; `Conflict` when this account
    /// reported it already. Counts against the per-account posting limit.
    pub async fn flag_contribution(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
        reason: &str,
    ) -> AppResult<()> {
        self.contribution_in(process, id).await?;
        let row = self.store.contribution(id).await?;
        if row.state != ContributionState::Visible {
            return Err(AppError::Conflict);
        }
        if row.author == actor.account_id {
            return Err(AppError::Forbidden);
        }
        let reason = text::required(reason, Shape::Lines, "reason", REASON_MAX, REPORT_REASON)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        self.limit(Bucket::Post, &actor.account_id.to_string())?;
        if self
            .store
            .add_flag(id, actor.account_id, &reason, now())
            .await?
        {
            tracing::info!(contribution = id, "contribution reported");
            Ok(())
        } else {
            Err(AppError::Conflict)
        }
    }

    /// The contributions with open reports, oldest report first (moderators only).
    pub async fn moderation_queue(&self, actor: &Actor) -> AppResult<Vec<Reported>> {
        actor.require(Role::Moderator)?;
        let mut out: Vec<Reported> = Vec::new();
        for flag in self.store.open_flags().await? {
            if let Some(r) = out
                .iter_mut()
                .find(|r| r.contribution.id == flag.contribution)
            {
                r.reasons.push(flag.reason);
                continue;
            }
            let (_, thread) = self.thread_view(flag.contribution, Some(actor)).await?;
            let contribution = std::iter::once(thread.root)
                .chain(thread.replies)
                .find(|c| c.id == flag.contribution)
                .ok_or(AppError::NotFound)?;
            out.push(Reported {
                contribution,
                reasons: vec![flag.reason],
            });
        }
        Ok(out)
    }

    /// Closes the open reports of a contribution without hiding it.
    pub async fn dismiss_flags(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        if self.store.resolve_flags(id, "dismissed", now()).await? == 0 {
            return Err(AppError::NotFound);
        }
        self.audit(
            Some(actor.account_id),
            "contribution.reports_dismissed",
            &format!("contribution:{id}"),
            "",
        )
        .await
    }
}
