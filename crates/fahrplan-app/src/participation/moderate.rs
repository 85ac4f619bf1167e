//! Moderation: anyone logged in reports a contribution with a reason (once each); a moderator
//! (with the second factor) sees the open reports, hides a contribution with a public reason or
//! dismisses its reports, and restores hidden ones. Hiding, restoring and dismissing are written
//! to the audit log. The page keeps a hidden contribution's place and says that it was hidden and
//! why (DOMAIN.md, Flag and ModerationAction). A contribution reported by
//! `moderation.report_threshold` different accounts is hidden at once, without a public reason,
//! until a moderator restores it (its reports dismissed) or keeps it hidden with a reason.

use super::{ContributionView, REASON_MAX};
use crate::accounts::{Actor, now};
use crate::ratelimit::Bucket;
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult};
use fahrplan_domain::text::Shape;
use fahrplan_domain::{ContributionState, Role};
use fahrplan_store::ReportOutcome;

/// A reported contribution with the reasons given, for the moderators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The contribution as the public sees it.
    pub contribution: ContributionView,
    /// The reasons, oldest first (reporters are not named).
    pub reasons: Vec<String>,
    /// The author's account, for the moderators' warn and block forms (never their email).
    pub author: i64,
    /// Hidden by reports and waiting for a moderator's decision.
    pub pending_review: bool,
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
        // One conditional write: a withdrawal in between is not turned into "hidden". A
        // contribution hidden by reports keeps its hiding, now decided with this reason.
        if !self.store.moderator_hide(id, &reason, now()).await? {
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

    /// Shows a hidden contribution again; its open reports are dismissed.
    pub async fn restore_contribution(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
    ) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        self.contribution_in(process, id).await?;
        if !self.store.moderator_restore(id, now()).await? {
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
    /// reported it already. Counts against the per-account posting limit. The report that makes
    /// `report_threshold` different accounts hides the contribution in the same transaction
    /// (audited as `contribution.auto_hide` without an actor). A blocked account may not report.
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
        self.not_blocked(actor).await?;
        let reason = text::required(reason, Shape::Lines, "reason", REASON_MAX, REPORT_REASON)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        self.limit(Bucket::Post, &actor.account_id.to_string())?;
        let outcome = self
            .store
            .report_contribution(id, actor.account_id, &reason, now(), self.report_threshold)
            .await?;
        match outcome {
            ReportOutcome::Duplicate => Err(AppError::Conflict),
            ReportOutcome::Recorded => {
                tracing::info!(contribution = id, "contribution reported");
                Ok(())
            }
            ReportOutcome::Hidden => {
                tracing::info!(contribution = id, "contribution hidden by reports");
                let detail = format!("reports: {}", self.report_threshold);
                self.audit(
                    None,
                    "contribution.auto_hide",
                    &format!("contribution:{id}"),
                    &detail,
                )
                .await
            }
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
            let (contribution, author) = self.for_moderators(actor, flag.contribution).await?;
            out.push(Reported {
                pending_review: contribution.state == ContributionState::Hidden
                    && contribution.state_reason.is_none(),
                contribution,
                reasons: vec![flag.reason],
                author,
            });
        }
        Ok(out)
    }

    /// One contribution as the moderators see it, with its author's account.
    pub(super) async fn for_moderators(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(ContributionView, i64)> {
        let author = self.store.contribution(id).await?.author;
        let (_, thread) = self.thread_view(id, Some(actor)).await?;
        let contribution = std::iter::once(thread.root)
            .chain(thread.replies)
            .find(|c| c.id == id)
            .ok_or(AppError::NotFound)?;
        Ok((contribution, author))
    }

    /// Closes the open reports of a contribution without hiding it.
    pub async fn dismiss_flags(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        // Reports that hid the contribution are dismissed by showing it again.
        let row = self.store.contribution(id).await?;
        if row.state == ContributionState::Hidden && row.state_reason.is_none() {
            return self.restore_contribution(actor, &row.process, id).await;
        }
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
