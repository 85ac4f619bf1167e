//! Writing: a new contribution or reply, the author's edit and withdrawal. Posting needs an
//! open phase that allows the kind, the Art. 9 consent, and stays within the per-account limit.

use super::{BODY_MAX, STATEMENT_MAX, TITLE_MAX, today};
use crate::accounts::{Actor, now};
use crate::ratelimit::Bucket;
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::paths;
use fahrplan_domain::text::Shape;
use fahrplan_domain::{Allowance, ContributionKind, ContributionState, Process, Role, TargetKind};
use fahrplan_store::NewContribution;

/// Seconds within which the same text sent again is taken as the same contribution.
pub const DUPLICATE_WINDOW: i64 = 60;

/// A contribution as typed into the form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ContributionInput {
    /// Kind (wire value); a reply is always a comment.
    #[serde(default)]
    pub kind: String,
    /// Target as `kind:key` (`area:2021/infrastruktur`, `measure:slug`); '' for the process.
    #[serde(default)]
    pub target: String,
    /// Title (proposals).
    #[serde(default)]
    pub title: String,
    /// Markdown body.
    #[serde(default)]
    pub body: String,
}

/// What a submitted form led to.
#[derive(Debug, Clone, PartialEq)]
pub enum Posting {
    /// Stored, with this id.
    Posted(i64),
    /// Not stored: these visible proposals of the process are much like it.
    Similar(Vec<super::Similar>),
}

fn err(field: &'static str, code: &'static str) -> FieldError {
    FieldError { field, code }
}

const TITLE: Messages = Messages {
    required: "error-title-required",
    too_long: "error-title-too-long",
    control: "error-title-control",
};

const BODY: Messages = Messages {
    required: "error-body-required",
    too_long: "error-body-too-long",
    control: "error-body-control",
};

/// A statement's body: its own length message, so that the message on the forms of people who
/// cannot write statements does not speak of them (issue 14).
const STATEMENT: Messages = Messages {
    too_long: "error-statement-too-long",
    ..BODY
};

/// Title (proposals only, '' for other kinds) and body as stored, cleaned like every text people
/// type (`crate::text`), or every field error.
fn checked_text(
    kind: ContributionKind,
    title: &str,
    body: &str,
) -> Result<(String, String), Vec<FieldError>> {
    let title = if kind == ContributionKind::Proposal {
        text::required(title, Shape::Line, "title", TITLE_MAX, TITLE)
    } else {
        Ok(String::new())
    };
    let (max, messages) = if kind == ContributionKind::Statement {
        (STATEMENT_MAX, STATEMENT)
    } else {
        (BODY_MAX, BODY)
    };
    let body = text::required(body, Shape::Lines, "body", max, messages);
    match (title, body) {
        (Ok(title), Ok(body)) => Ok((title, body)),
        (title, body) => Err(title.err().into_iter().chain(body.err()).collect()),
    }
}

/// The checked text when `consented`, else its field errors together with the missing consent.
fn with_consent(
    consented: bool,
    checked: Result<(String, String), Vec<FieldError>>,
) -> AppResult<(String, String)> {
    match (checked, consented) {
        (Ok(text), true) => Ok(text),
        (checked, _) => {
            let mut errors = checked.err().unwrap_or_default();
            if !consented {
                errors.push(err("body", "error-consent-needed"));
            }
            Err(AppError::Invalid(errors))
        }
    }
}

/// The role a statement is shown with: expert or council member, `Forbidden` for anyone else.
fn statement_role(actor: &Actor) -> AppResult<Role> {
    [Role::CouncilMember, Role::Expert]
        .into_iter()
        .find(|r| actor.has(*r))
        .ok_or(AppError::Forbidden)
}

impl App {
    /// Refuses unless a phase open today allows `what` (`Forbidden`: the form is not offered).
    pub(super) fn phase_allows(process: &Process, what: Allowance) -> AppResult<()> {
        if process.allows_on(today(), what) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    async fn target_of(&self, process: &Process, raw: &str) -> AppResult<(TargetKind, String)> {
        if raw.is_empty() || raw == "process" {
            return Ok((TargetKind::Process, String::new()));
        }
        let bad = || AppError::Invalid(vec![err("target", "error-target-unknown")]);
        let (kind, key) = raw.split_once(':').ok_or_else(bad)?;
        let kind = TargetKind::parse(kind).ok_or_else(bad)?;
        // Only current targets: nothing new is written about archived content.
        let known = self
            .target_list(process)
            .await?
            .0
            .into_iter()
            .any(|(k, t, _)| k == kind && t == key);
        if known {
            Ok((kind, key.to_owned()))
        } else {
            Err(bad())
        }
    }

    /// Posts a contribution to a process, or a reply to `parent`; returns its id. Needs the
    /// consent for political opinions (Art. 9 DSGVO) and counts against the per-account limit.
    pub async fn post_contribution(
        &self,
        actor: &Actor,
        process: &str,
        parent: Option<i64>,
        input: &ContributionInput,
    ) -> AppResult<i64> {
        match self.posting(actor, process, parent, input, false).await? {
            Posting::Posted(id) => Ok(id),
            Posting::Similar(_) => Err(AppError::Conflict),
        }
    }

    /// The first submit of the form: like [`App::post_contribution`], but a new proposal that
    /// closely resembles visible proposals of the process is not stored; the answer lists them
    /// ([`App::similar_contributions`]) so the person can support one instead. With `anyway`
    /// ("trotzdem veröffentlichen") it is published whatever exists.
    pub async fn propose(
        &self,
        actor: &Actor,
        process: &str,
        input: &ContributionInput,
        anyway: bool,
    ) -> AppResult<Posting> {
        self.posting(actor, process, None, input, !anyway).await
    }

    async fn posting(
        &self,
        actor: &Actor,
        process: &str,
        parent: Option<i64>,
        input: &ContributionInput,
        check_similar: bool,
    ) -> AppResult<Posting> {
        let process = self.process_by_slug(process).await?;
        let parent_row = match parent {
            Some(id) => {
                let p = self.store.contribution(id).await?;
                if p.process != process.slug {
                    return Err(AppError::NotFound);
                }
                if p.state != ContributionState::Visible {
                    return Err(AppError::Conflict);
                }
                // A reply to a reply joins the thread: its first contribution must be visible.
                if let Some(root) = p.parent
                    && self.store.contribution(root).await?.state != ContributionState::Visible
                {
                    return Err(AppError::Conflict);
                }
                Some(p)
            }
            None => None,
        };
        let kind = if parent_row.is_some() {
            ContributionKind::Comment
        } else {
            // Annotations need a quoted paragraph, which the form does not offer yet.
            ContributionKind::parse(&input.kind)
                .filter(|k| *k != ContributionKind::Annotation)
                .ok_or_else(|| AppError::Invalid(vec![err("kind", "error-kind-unknown")]))?
        };
        Self::phase_allows(&process, kind.needs())?;
        let standing = self.standing(actor).await?;
        standing.not_blocked(actor)?;
        let author_role = match kind {
            ContributionKind::Statement => Some(statement_role(actor)?),
            _ => None,
        };
        let (target_kind, target) = match &parent_row {
            Some(p) => (p.target_kind, p.target.clone()),
            None => self.target_of(&process, input.target.trim()).await?,
        };
        let (title, body) = with_consent(
            standing.consented,
            checked_text(kind, &input.title, &input.body),
        )?;
        // A form sent twice (a double click, a reload after a slow answer) stores one
        // contribution: the same text to the same place within a minute is the one already there.
        let parent = parent_row.map(|p| p.parent.unwrap_or(p.id));
        if let Some(last) = self.store.latest_by(actor.account_id).await?
            && last.process == process.slug
            && last.parent == parent
            && last.body == body
            && last.title == title
            && now() - last.created_at < DUPLICATE_WINDOW
        {
            return Ok(Posting::Posted(last.id));
        }
        if check_similar && kind == ContributionKind::Proposal {
            let similar = self
                .similar_contributions(&process.slug, &title, &body, super::SIMILAR_LIMIT)
                .await?;
            if !similar.is_empty() {
                return Ok(Posting::Similar(similar));
            }
        }
        self.limit(Bucket::Post, &actor.account_id.to_string())?;
        let id = self
            .store
            .add_contribution(&NewContribution {
                process: process.slug.clone(),
                target_kind,
                target,
                kind,
                author: actor.account_id,
                author_role,
                // Replies hang under the thread's first contribution, one level deep.
                parent,
                title,
                body,
                created_at: now(),
            })
            .await?;
        tracing::info!(contribution = id, "contribution posted");
        if let Some(root) = parent
            && let Ok(first) = self.store.contribution(root).await
            && first.author != actor.account_id
        {
            let path = paths::contribution_in_thread(&process.slug, root, id);
            self.notify(first.author, super::notify::Notice::Replied, &path)
                .await?;
        }
        Ok(Posting::Posted(id))
    }

    /// The checked text, or its field errors together with the missing consent (Art. 9 DSGVO),
    /// so a refused form names every problem at once.
    pub(super) async fn consented_text(
        &self,
        actor: &Actor,
        checked: Result<(String, String), Vec<FieldError>>,
    ) -> AppResult<(String, String)> {
        with_consent(self.has_consent(actor).await?, checked)
    }

    /// Checks that `actor` wrote contribution `id` and may still change it: `NotFound`,
    /// `Forbidden` for anybody else's, `Conflict` when it is no longer visible.
    /// `NotFound` unless contribution `id` belongs to process `slug` (the address it was reached
    /// under), so an action never lands on a contribution of another process.
    pub(super) async fn contribution_in(&self, slug: &str, id: i64) -> AppResult<()> {
        if self.store.contribution(id).await?.process == slug {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Contribution `id` of process `slug` (`NotFound` for another process's, as
    /// [`App::contribution_in`]), visible (`Conflict`), in an open phase allowing `what`.
    pub(super) async fn visible_in_open_process(
        &self,
        slug: &str,
        id: i64,
        what: Allowance,
    ) -> AppResult<fahrplan_store::ContributionRow> {
        let row = self.store.contribution(id).await?;
        if row.process != slug {
            return Err(AppError::NotFound);
        }
        if row.state != ContributionState::Visible {
            return Err(AppError::Conflict);
        }
        let process = self.process_by_slug(&row.process).await?;
        Self::phase_allows(&process, what)?;
        Ok(row)
    }

    async fn own_contribution(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(fahrplan_store::ContributionRow, Process)> {
        let row = self.store.contribution(id).await?;
        if row.author != actor.account_id {
            tracing::warn!(
                account = actor.account_id,
                contribution = id,
                "change of another's contribution refused"
            );
            return Err(AppError::Forbidden);
        }
        if row.state != ContributionState::Visible {
            return Err(AppError::Conflict);
        }
        let process = self.process_by_slug(&row.process).await?;
        Ok((row, process))
    }

    /// The author's own contribution for the edit form: kind, title and body.
    pub async fn contribution_to_edit(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
    ) -> AppResult<(ContributionKind, String, String)> {
        let (row, p) = self.own_contribution(actor, id).await?;
        if p.slug != process {
            return Err(AppError::NotFound);
        }
        let kind = row.kind;
        Self::phase_allows(&p, kind.needs())?;
        Ok((kind, row.title, row.body))
    }

    /// The author changes title and body while the phase still allows the kind.
    pub async fn edit_contribution(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
        title: &str,
        body: &str,
    ) -> AppResult<()> {
        self.contribution_in(process, id).await?;
        let (row, process) = self.own_contribution(actor, id).await?;
        let kind = row.kind;
        Self::phase_allows(&process, kind.needs())?;
        if kind == ContributionKind::Statement {
            statement_role(actor)?;
        }
        let standing = self.standing(actor).await?;
        standing.not_blocked(actor)?;
        let (title, body) = with_consent(standing.consented, checked_text(kind, title, body))?;
        // Every edit is re-indexed, so edits count like posts.
        self.limit(Bucket::Post, &actor.account_id.to_string())?;
        if self
            .store
            .edit_contribution(id, actor.account_id, &title, &body, now())
            .await?
        {
            Ok(())
        } else {
            Err(AppError::Conflict)
        }
    }

    /// The author withdraws a contribution: it keeps its place, without its text.
    pub async fn withdraw_contribution(
        &self,
        actor: &Actor,
        process: &str,
        id: i64,
    ) -> AppResult<()> {
        self.contribution_in(process, id).await?;
        self.own_contribution(actor, id).await?;
        if self
            .store
            .withdraw_contribution(id, actor.account_id)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::Conflict)
        }
    }
}
