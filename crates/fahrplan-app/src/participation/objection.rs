//! Objections (Widerspruch, issue 17): the author of a hidden contribution (hidden by a
//! moderator or by reports) objects once per hiding with a reason; the objection reaches the
//! moderators, who restore the contribution or uphold the hiding, each with an answer the
//! author reads on the contribution's page. Every step is audited. Also the public moderation
//! figures of a process.

use super::{ContributionView, REASON_MAX};
use crate::accounts::{Actor, now};
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::text::Shape;
use fahrplan_domain::{ContributionState, Process, Role};
use fahrplan_store::{HidingRow, ModerationFigures};

const OBJECTION: Messages = Messages {
    required: "error-objection-required",
    too_long: "error-reason-too-long",
    control: "error-reason-control",
};

const ANSWER: Messages = Messages {
    required: "error-answer-required",
    too_long: "error-reason-too-long",
    control: "error-reason-control",
};

/// An objection waiting for the moderators, with the contribution as they see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    /// The hiding objected to.
    pub hiding: HidingRow,
    /// The contribution.
    pub contribution: ContributionView,
    /// Its author's account.
    pub author: i64,
}

impl App {
    /// The author objects to the hiding of their contribution, once per hiding. `Forbidden`
    /// for anybody else, `Conflict` when it is not hidden or this hiding has an objection.
    pub async fn object_to_hiding(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
        reason: &str,
    ) -> AppResult<()> {
        self.contribution_in(process, id).await?;
        let row = self.store.contribution(id).await?;
        if row.author != actor.account_id {
            return Err(AppError::Forbidden);
        }
        if row.state != ContributionState::Hidden {
            return Err(AppError::Conflict);
        }
        let reason = text::required(reason, Shape::Lines, "reason", REASON_MAX, OBJECTION)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        if !self.store.object_to_hiding(id, &reason, now()).await? {
            return Err(AppError::Conflict);
        }
        self.audit(
            Some(actor.account_id),
            "contribution.objection",
            &format!("contribution:{id}"),
            &reason,
        )
        .await
    }

    /// The latest hiding of the actor's own contribution, for its page (`None` for anybody
    /// else's or one never hidden).
    pub async fn my_hiding(&self, actor: &Actor, id: i64) -> AppResult<Option<HidingRow>> {
        let row = self.store.contribution(id).await?;
        if row.author != actor.account_id {
            return Ok(None);
        }
        Ok(self.store.latest_hiding(id).await?)
    }

    /// The objections waiting for an answer, oldest first (moderators only).
    pub async fn open_objections(&self, actor: &Actor) -> AppResult<Vec<Objection>> {
        actor.require(Role::Moderator)?;
        let mut out = Vec::new();
        for hiding in self.store.open_objections().await? {
            let (contribution, author) = self.for_moderators(actor, hiding.contribution).await?;
            out.push(Objection {
                hiding,
                contribution,
                author,
            });
        }
        Ok(out)
    }

    /// One objection waiting for an answer (moderators only; `NotFound` when answered).
    pub async fn objection(&self, actor: &Actor, hiding: i64) -> AppResult<Objection> {
        actor.require(Role::Moderator)?;
        let hiding = self.store.hiding(hiding).await?;
        if hiding.objected_at.is_none() || hiding.answered_at.is_some() {
            return Err(AppError::NotFound);
        }
        let (contribution, author) = self.for_moderators(actor, hiding.contribution).await?;
        Ok(Objection {
            hiding,
            contribution,
            author,
        })
    }

    /// A moderator answers an objection: `restore` shows the contribution again, otherwise the
    /// hiding is upheld; the answer is for the author. `outcome` is "restored" or "upheld".
    pub async fn answer_objection(
        &self,
        actor: &Actor,
        hiding: i64,
        outcome: &str,
        answer: &str,
    ) -> AppResult<()> {
        actor.require(Role::Moderator)?;
        let open = self.objection(actor, hiding).await?;
        let restore = match outcome {
            "restored" => Some(true),
            "upheld" => Some(false),
            _ => None,
        };
        let answer = text::required(answer, Shape::Lines, "answer", REASON_MAX, ANSWER);
        let (restore, answer) = match (restore, answer) {
            (Some(r), Ok(a)) => (r, a),
            (r, a) => {
                let mut errors = Vec::new();
                if r.is_none() {
                    errors.push(FieldError {
                        field: "outcome",
                        code: "error-outcome-required",
                    });
                }
                errors.extend(a.err());
                return Err(AppError::Invalid(errors));
            }
        };
        if !self
            .store
            .answer_objection(hiding, restore, &answer, now())
            .await?
        {
            return Err(AppError::Conflict);
        }
        let action = if restore {
            "contribution.objection_restored"
        } else {
            "contribution.objection_upheld"
        };
        self.audit(
            Some(actor.account_id),
            action,
            &format!("contribution:{}", open.hiding.contribution),
            &answer,
        )
        .await
    }

    /// The public moderation figures of a process (no names).
    pub async fn moderation_figures(&self, slug: &str) -> AppResult<(Process, ModerationFigures)> {
        let process = self.process_by_slug(slug).await?;
        let figures = self.store.moderation_figures(&process.slug).await?;
        Ok((process, figures))
    }
}
