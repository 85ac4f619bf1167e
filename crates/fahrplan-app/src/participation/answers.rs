//! Answers (Rückmeldungen) to contributions, and what people see of them (issue 17).
//!
//! Who answers: admins; editors (second factor given) of the department that leads the
//! contribution's goal or measure, or of one of its successors; for contributions about the
//! process, an edition, an area or a text, editors of the process's owner department. An answer
//! names a state, gives its reasoning and may link the goals, measures and text versions it
//! changed. Answers are history: a changed answer is a new row, the earlier ones stay visible.
//! The author is told by mail when they chose so on `/konto`.

use super::notify::Notice;
use crate::accounts::{Actor, now};
use crate::monitoring::editor_departments;
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::text::Shape;
use fahrplan_domain::{
    AnswerState, ContributionState, Process, Role, TargetKind, may_report, paths,
};
use fahrplan_store::{AnswerLink, AnswerRow, ContributionRow, NewAnswer, Scope};

/// Longest reasoning of an answer, in characters.
pub const REASONING_MAX: usize = 10_000;
/// Most links an answer names.
pub const LINKS_MAX: usize = 5;

const REASONING: Messages = Messages {
    required: "error-reasoning-required",
    too_long: "error-reasoning-too-long",
    control: "error-reasoning-control",
};

/// An answer as typed into the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerInput {
    /// State (wire value).
    pub state: String,
    /// Reasoning (Markdown).
    pub reasoning: String,
    /// (entity key, version as typed) of every link row; empty rows are dropped.
    pub links: Vec<(String, String)>,
}

/// Something an answer may link to, for the form's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOption {
    /// Entity key (`measure:SLUG`, `area:2021/SLUG`).
    pub entity: String,
    /// Its kind as a contribution target (area, goal, measure) or `None` for a content page.
    pub kind: Option<TargetKind>,
    /// Title.
    pub title: String,
    /// Its newest version (0: none yet).
    pub latest: i64,
}

/// What the answer form shows.
#[derive(Debug, Clone)]
pub struct AnswerForm {
    /// The contribution, as stored.
    pub contribution: ContributionRow,
    /// Earlier answers, oldest first.
    pub answers: Vec<AnswerRow>,
    /// What a link may name.
    pub options: Vec<LinkOption>,
    /// Name of the department the answer speaks for ('' for the editorial team).
    pub department: String,
}

impl App {
    /// The department that answers a contribution: the lead of its goal or measure, else the
    /// process's owner (`None`: admins only).
    async fn answering_department(
        &self,
        process: &Process,
        row: &ContributionRow,
    ) -> AppResult<Option<String>> {
        Ok(match row.target_kind {
            TargetKind::Goal => self
                .store
                .goals(Scope::Slug(&row.target))
                .await?
                .into_iter()
                .next()
                .map(|g| g.goal.lead),
            TargetKind::Measure => self
                .store
                .measures(Scope::Slug(&row.target))
                .await?
                .into_iter()
                .next()
                .map(|m| m.measure.lead),
            _ => process.owner.clone(),
        })
    }

    /// Whether `actor` may answer this contribution: `Ok(department)` or `Forbidden`.
    async fn may_answer_row(
        &self,
        actor: &Actor,
        process: &Process,
        row: &ContributionRow,
    ) -> AppResult<Option<String>> {
        let department = self.answering_department(process, row).await?;
        let admin = actor.has(Role::Admin);
        let allowed = admin
            || match &department {
                Some(d) => may_report(
                    &editor_departments(actor),
                    false,
                    d,
                    &self.store.departments().await?,
                ),
                None => false,
            };
        if allowed {
            Ok(department)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// A top-level contribution of process `slug` that can be answered (`NotFound` for a
    /// reply or another process's contribution).
    async fn answerable(&self, slug: &str, id: i64) -> AppResult<(Process, ContributionRow)> {
        let row = self.store.contribution(id).await?;
        if row.process != slug || row.parent.is_some() {
            return Err(AppError::NotFound);
        }
        let process = self.process_by_slug(slug).await?;
        Ok((process, row))
    }

    /// Whether the viewer may answer contribution `id` (for the link on its page).
    pub async fn may_answer(&self, viewer: Option<&Actor>, slug: &str, id: i64) -> bool {
        let Some(actor) = viewer.filter(|a| a.is_staff()) else {
            return false;
        };
        match self.answerable(slug, id).await {
            Ok((process, row)) => self.may_answer_row(actor, &process, &row).await.is_ok(),
            Err(_) => false,
        }
    }

    /// Every answer of a contribution, oldest first (the last one counts).
    pub async fn answers_of(&self, id: i64) -> AppResult<Vec<AnswerRow>> {
        Ok(self.store.answers_of(id).await?)
    }

    /// The answer form: the contribution, its answers so far, and what links may name.
    pub async fn answer_form(&self, actor: &Actor, slug: &str, id: i64) -> AppResult<AnswerForm> {
        let (process, row) = self.answerable(slug, id).await?;
        let department = self.may_answer_row(actor, &process, &row).await?;
        let department = match department {
            Some(code) => self
                .store
                .departments()
                .await?
                .into_iter()
                .find(|d| d.code == code)
                .map(|d| d.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(AnswerForm {
            answers: self.store.answers_of(id).await?,
            options: self.link_options(&process).await?,
            contribution: row,
            department,
        })
    }

    /// What an answer may link to: the edition's areas, goals and measures and the content
    /// pages, each with its newest version.
    async fn link_options(&self, process: &Process) -> AppResult<Vec<LinkOption>> {
        let mut out = Vec::new();
        if let Some(edition) = &process.edition {
            for (kind, key, title, archived) in self.store.targets(edition).await? {
                if archived || kind == TargetKind::Edition {
                    continue;
                }
                let entity = format!("{}:{key}", kind.as_str());
                let latest = self.store.latest_version(&entity).await?;
                out.push(LinkOption {
                    entity,
                    kind: Some(kind),
                    title,
                    latest,
                });
            }
        }
        for page in self.store.pages(None).await? {
            if paths::is_legal_page(&page.slug) {
                continue;
            }
            let entity = format!("page:{}", page.slug);
            let latest = self.store.latest_version(&entity).await?;
            out.push(LinkOption {
                entity,
                kind: None,
                title: page.title,
                latest,
            });
        }
        Ok(out)
    }

    /// (entity key, title) of everything an answer of process `slug` may name, without reading
    /// versions: for showing answers.
    pub async fn link_titles(&self, slug: &str) -> AppResult<Vec<(String, String)>> {
        let process = self.process_by_slug(slug).await?;
        let mut out = Vec::new();
        if let Some(edition) = &process.edition {
            for (kind, key, title, _) in self.store.targets(edition).await? {
                out.push((format!("{}:{key}", kind.as_str()), title));
            }
        }
        for page in self.store.pages(None).await? {
            out.push((format!("page:{}", page.slug), page.title));
        }
        Ok(out)
    }

    /// (code, name) of every department, for the name an answer speaks for.
    pub async fn department_names(&self) -> AppResult<Vec<(String, String)>> {
        Ok(self
            .store
            .departments()
            .await?
            .into_iter()
            .map(|d| (d.code, d.name))
            .collect())
    }

    /// Checks the links as typed against the options: a known entity, and a version between 1
    /// and its newest when one is given. Empty rows are dropped, a repeated link counts once.
    fn checked_links(
        input: &[(String, String)],
        options: &[LinkOption],
    ) -> Result<Vec<AnswerLink>, Vec<FieldError>> {
        let mut links: Vec<AnswerLink> = Vec::new();
        let mut errors = Vec::new();
        for (entity, version) in input {
            let (entity, version) = (entity.trim(), version.trim());
            if entity.is_empty() {
                if !version.is_empty() {
                    errors.push(FieldError {
                        field: "links",
                        code: "error-answer-link-missing",
                    });
                }
                continue;
            }
            let Some(option) = options.iter().find(|o| o.entity == entity) else {
                errors.push(FieldError {
                    field: "links",
                    code: "error-answer-link-unknown",
                });
                continue;
            };
            let version = if version.is_empty() {
                None
            } else {
                match version.parse::<i64>() {
                    Ok(v) if v >= 1 && v <= option.latest => Some(v),
                    _ => {
                        errors.push(FieldError {
                            field: "links",
                            code: "error-answer-version",
                        });
                        continue;
                    }
                }
            };
            let link = AnswerLink {
                entity: entity.to_owned(),
                version,
            };
            if !links.contains(&link) {
                links.push(link);
            }
        }
        if links.len() > LINKS_MAX {
            errors.push(FieldError {
                field: "links",
                code: "error-answer-links-too-many",
            });
        }
        if errors.is_empty() {
            Ok(links)
        } else {
            Err(errors)
        }
    }

    /// Answers a contribution (a new answer; earlier ones stay), audits it and tells the author
    /// by mail if they asked for it. Returns the answer's id.
    pub async fn answer_contribution(
        &self,
        actor: &Actor,
        slug: &str,
        id: i64,
        input: &AnswerInput,
    ) -> AppResult<i64> {
        let (process, row) = self.answerable(slug, id).await?;
        let department = self.may_answer_row(actor, &process, &row).await?;
        if row.state != ContributionState::Visible {
            return Err(AppError::Conflict);
        }
        let mut errors = Vec::new();
        let state = AnswerState::parse(input.state.trim());
        if state.is_none() {
            errors.push(FieldError {
                field: "state",
                code: "error-answer-state",
            });
        }
        let reasoning = text::required(
            &input.reasoning,
            Shape::Lines,
            "reasoning",
            REASONING_MAX,
            REASONING,
        )
        .map_err(|e| errors.push(e))
        .ok();
        let options = self.link_options(&process).await?;
        let links = Self::checked_links(&input.links, &options)
            .map_err(|e| errors.extend(e))
            .ok();
        let (Some(state), Some(reasoning), Some(links), true) =
            (state, reasoning, links, errors.is_empty())
        else {
            return Err(AppError::Invalid(errors));
        };
        let answer = self
            .store
            .add_answer(&NewAnswer {
                contribution: id,
                state,
                reasoning,
                department: department.unwrap_or_default(),
                author: actor.account_id,
                created_at: now(),
                links: links.clone(),
            })
            .await?;
        let detail = std::iter::once(format!("state: {}", state.as_str()))
            .chain(links.iter().map(|l| match l.version {
                Some(v) => format!("link: {} v{v}", l.entity),
                None => format!("link: {}", l.entity),
            }))
            .collect::<Vec<_>>()
            .join("\n");
        self.audit(
            Some(actor.account_id),
            "contribution.answer",
            &format!("contribution:{id}"),
            &detail,
        )
        .await?;
        if row.author != actor.account_id {
            self.notify(row.author, Notice::Answered, &paths::contribution(slug, id))
                .await?;
        }
        tracing::info!(contribution = id, answer, "contribution answered");
        Ok(answer)
    }
}
