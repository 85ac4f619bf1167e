//! Participation as data (issue 17): `GET /api/v1/processes`, `/api/v1/processes/{slug}` with
//! its phases and figures, `/api/v1/processes/{slug}/contributions` (the Abwägungstabelle: every
//! visible top-level contribution with its current answer) and `/api/v1/contributions/{id}`
//! with every answer. Public fields only: never an email address or an account id.

use super::cursor;
use super::json::{ApiJson, ApiQuery};
use super::problem::{BadQuery, NotFound, NotModified, ServerError};
use crate::WebState;
use crate::error::WebError;
use axum::extract::{Path, State};
use fahrplan_app::FieldError;
use fahrplan_app::listing::page_size;
use fahrplan_app::participation::{AnswerRow, ConsiderationFilter};
use fahrplan_domain::{AnswerState, paths};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Query of a list: page size and where to continue.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Items per page, 1 to 100.
    #[serde(default)]
    #[param(default = 20, minimum = 1, maximum = 100)]
    limit: Option<usize>,
    /// Where to continue: the `next_cursor` of the page before. Opaque.
    #[serde(default)]
    cursor: Option<String>,
}

/// Query of a process's contributions.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContributionParams {
    /// Items per page, 1 to 100.
    #[serde(default)]
    #[param(default = 20, minimum = 1, maximum = 100)]
    limit: Option<usize>,
    /// Where to continue: the `next_cursor` of the page before. Opaque.
    #[serde(default)]
    cursor: Option<String>,
    /// Only contributions about this area or its goals and measures (`EDITION/SLUG`).
    #[serde(default)]
    area: Option<String>,
    /// Only contributions whose current answer has this state (`under_review`, `adopted`,
    /// `partially_adopted`, `not_adopted`), or `open` for those without an answer.
    #[serde(default)]
    state: Option<String>,
}

/// A dated phase of a process.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhaseEntry {
    /// Title.
    pub title: String,
    /// Kind (wire value).
    pub kind: String,
    /// First day (date, month or year).
    pub start: String,
    /// Last day; `null` when open-ended.
    pub end: Option<String>,
    /// What it lets people do: `proposals`, `comments`, `annotations`, `supports`, `statements`.
    pub allows: Vec<String>,
}

/// How many contributions stand in one answer state.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateCount {
    /// Answer state (wire value).
    pub state: String,
    /// Contributions whose current answer has it.
    pub count: i64,
}

/// A participation process.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessEntry {
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The path of its page on this site.
    pub url: String,
    /// The edition it concerns.
    pub edition: Option<String>,
    /// Code of the department that answers contributions about the process as a whole.
    pub owner: Option<String>,
    /// Plain-text summary.
    pub summary: String,
    /// Phases in order.
    pub phases: Vec<PhaseEntry>,
}

/// A process with its figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessDetail {
    /// The process.
    #[serde(flatten)]
    pub process: ProcessEntry,
    /// Visible top-level contributions.
    pub contributions: i64,
    /// Of them with an answer.
    pub answered: i64,
    /// Per answer state.
    pub by_state: Vec<StateCount>,
}

/// What an answer says a contribution changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkEntry {
    /// Entity key: `measure:SLUG`, `goal:SLUG`, `area:EDITION/SLUG` or `page:SLUG`.
    pub entity: String,
    /// The version of its text, when the answer names one.
    pub version: Option<i64>,
    /// The path of its page on this site.
    pub url: Option<String>,
}

/// An answer (Rückmeldung) to a contribution.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerEntry {
    /// Answer state (wire value).
    pub state: String,
    /// The reasoning, in Markdown.
    pub reasoning: String,
    /// Code of the department it speaks for; `null` for the editorial team.
    pub department: Option<String>,
    /// When (RFC 3339, UTC).
    pub answered_at: String,
    /// What the contribution changed.
    pub changes: Vec<LinkEntry>,
}

/// A contribution with its public fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionEntry {
    /// Number.
    pub id: i64,
    /// The process's slug.
    pub process: String,
    /// The path of its page on this site.
    pub url: String,
    /// Kind: `proposal`, `comment`, `annotation` or `statement`.
    pub kind: String,
    /// Target kind: `process`, `edition`, `area`, `goal` or `measure`.
    pub target_kind: String,
    /// Target key ('' for the process).
    pub target: String,
    /// Title ('' unless a visible proposal).
    pub title: String,
    /// Markdown text ('' unless visible).
    pub body: String,
    /// `visible`, `hidden` or `withdrawn`.
    pub state: String,
    /// Supports.
    pub supports: i64,
    /// When (RFC 3339, UTC).
    pub created_at: String,
    /// The current answer; `null` while there is none.
    pub answer: Option<AnswerEntry>,
}

/// A contribution with every answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionDetail {
    /// The contribution.
    #[serde(flatten)]
    pub contribution: ContributionEntry,
    /// The pseudonym of its author; `null` once the account is deleted.
    pub author: Option<String>,
    /// The contribution it replies to.
    pub parent: Option<i64>,
    /// Every answer, oldest first (the last one counts).
    pub answers: Vec<AnswerEntry>,
}

/// One page of processes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessPage {
    /// The processes of this page, by slug.
    pub items: Vec<ProcessEntry>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// One page of a process's contributions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionPage {
    /// The contributions of this page, by number.
    pub items: Vec<ContributionEntry>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

fn rfc3339(ts: i64) -> String {
    jiff::Timestamp::from_second(ts)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn answer_entry(a: &AnswerRow) -> AnswerEntry {
    AnswerEntry {
        state: a.state.as_str().to_owned(),
        reasoning: a.reasoning.clone(),
        department: Some(a.department.clone()).filter(|d| !d.is_empty()),
        answered_at: rfc3339(a.created_at),
        changes: a
            .links
            .iter()
            .map(|l| LinkEntry {
                url: crate::pages::participation::answers::entity_href(&l.entity),
                entity: l.entity.clone(),
                version: l.version,
            })
            .collect(),
    }
}

fn process_entry(p: fahrplan_domain::Process) -> ProcessEntry {
    ProcessEntry {
        url: paths::process(&p.slug),
        phases: p
            .phases
            .iter()
            .map(|ph| PhaseEntry {
                title: ph.title.clone(),
                kind: ph.kind.as_str().to_owned(),
                start: ph.start.to_string(),
                end: ph.end.map(|d| d.to_string()),
                allows: ph.allows.iter().map(|a| a.as_str().to_owned()).collect(),
            })
            .collect(),
        slug: p.slug,
        title: p.title,
        edition: p.edition,
        owner: p.owner,
        summary: p.summary,
    }
}

fn bad(field: &'static str, code: &'static str) -> WebError {
    WebError::Query {
        detail: None,
        errors: vec![FieldError { field, code }],
    }
}

/// The processes by slug, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/processes",
    tag = "participation",
    params(ListParams),
    responses(
        (status = 200, description = "A page of processes", body = ProcessPage),
        (status = 304, response = NotModified),
        (status = 400, response = BadQuery),
        (status = 500, response = ServerError),
    )
)]
pub async fn list_processes(
    State(state): State<WebState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<ApiJson<ProcessPage>, WebError> {
    let limit = page_size(p.limit).map_err(WebError::in_query)?;
    let after = p.cursor.as_deref().map(cursor::open).transpose()?;
    let mut all: Vec<_> = state
        .app
        .process_list()
        .await?
        .into_iter()
        .map(|s| s.process)
        .filter(|p| after.as_deref().is_none_or(|a| p.slug.as_str() > a))
        .collect();
    all.sort_by(|a, b| a.slug.cmp(&b.slug));
    let next_cursor = (all.len() > limit).then(|| cursor::seal(&all[limit - 1].slug));
    all.truncate(limit);
    Ok(ApiJson::new(ProcessPage {
        items: all.into_iter().map(process_entry).collect(),
        next_cursor,
    }))
}

/// A process with its phases and the figures of its answers.
#[utoipa::path(
    get,
    path = "/api/v1/processes/{slug}",
    tag = "participation",
    params(("slug" = String, Path, description = "The process's slug")),
    responses(
        (status = 200, description = "The process", body = ProcessDetail),
        (status = 304, response = NotModified),
        (status = 404, response = NotFound),
        (status = 500, response = ServerError),
    )
)]
pub async fn show_process(
    State(state): State<WebState>,
    Path(slug): Path<String>,
) -> Result<ApiJson<ProcessDetail>, WebError> {
    let (process, counts) = state.app.answer_summary(&slug).await?;
    Ok(ApiJson::new(ProcessDetail {
        process: process_entry(process),
        contributions: counts.contributions,
        answered: counts.answered,
        by_state: counts
            .by_state
            .iter()
            .map(|(s, n)| StateCount {
                state: s.as_str().to_owned(),
                count: *n,
            })
            .collect(),
    }))
}

/// The Abwägungstabelle as data: the visible top-level contributions of a process by number,
/// each with its current answer.
#[utoipa::path(
    get,
    path = "/api/v1/processes/{slug}/contributions",
    tag = "participation",
    params(("slug" = String, Path, description = "The process's slug"), ContributionParams),
    responses(
        (status = 200, description = "A page of contributions", body = ContributionPage),
        (status = 304, response = NotModified),
        (status = 400, response = BadQuery),
        (status = 404, response = NotFound),
        (status = 500, response = ServerError),
    )
)]
pub async fn list_contributions(
    State(state): State<WebState>,
    Path(slug): Path<String>,
    ApiQuery(p): ApiQuery<ContributionParams>,
) -> Result<ApiJson<ContributionPage>, WebError> {
    let limit = page_size(p.limit).map_err(WebError::in_query)?;
    let after = match p.cursor.as_deref().map(cursor::open).transpose()? {
        Some(key) => key
            .parse::<i64>()
            .map_err(|_| bad("cursor", "error-list-cursor"))?,
        None => 0,
    };
    let state_filter = match p.state.as_deref() {
        None | Some("") => None,
        Some("open") => Some(None),
        Some(s) => Some(Some(
            AnswerState::parse(s).ok_or_else(|| bad("state", "error-answer-state"))?,
        )),
    };
    let q = fahrplan_app::participation::ConsiderationQuery {
        area: p.area.filter(|a| !a.is_empty()),
        state: state_filter,
        ..Default::default()
    };
    let (_, checked) = state.app.consideration_frame(&slug, &q).await?;
    if q.area.is_some() && checked.area.is_none() {
        return Err(bad("area", "error-list-area"));
    }
    let filter = ConsiderationFilter { ..checked };
    let mut rows = state
        .app
        .consideration_slice(&slug, &filter, after, limit as i64 + 1)
        .await?;
    let next_cursor = (rows.len() > limit).then(|| cursor::seal(&rows[limit - 1].id.to_string()));
    rows.truncate(limit);
    let items = rows
        .into_iter()
        .map(|r| ContributionEntry {
            url: paths::contribution(&slug, r.id),
            process: slug.clone(),
            id: r.id,
            kind: r.kind.as_str().to_owned(),
            target_kind: r.target_kind.as_str().to_owned(),
            target: r.target,
            title: r.title,
            body: r.body,
            state: "visible".to_owned(),
            supports: r.supports,
            created_at: rfc3339(r.created_at),
            answer: r.answer.as_ref().map(answer_entry),
        })
        .collect();
    Ok(ApiJson::new(ContributionPage { items, next_cursor }))
}

/// One contribution with every answer it got.
#[utoipa::path(
    get,
    path = "/api/v1/contributions/{id}",
    tag = "participation",
    params(("id" = i64, Path, description = "The contribution's number")),
    responses(
        (status = 200, description = "The contribution", body = ContributionDetail),
        (status = 304, response = NotModified),
        (status = 404, response = NotFound),
        (status = 500, response = ServerError),
    )
)]
pub async fn show_contribution(
    State(state): State<WebState>,
    Path(id): Path<i64>,
) -> Result<ApiJson<ContributionDetail>, WebError> {
    let (r, answers) = state.app.contribution_record(id).await?;
    let thread = r.parent.unwrap_or(r.id);
    Ok(ApiJson::new(ContributionDetail {
        author: r.author_deleted_at.is_none().then(|| r.author_name.clone()),
        parent: r.parent,
        contribution: ContributionEntry {
            url: paths::contribution_in_thread(&r.process, thread, r.id),
            id: r.id,
            kind: r.kind.as_str().to_owned(),
            target_kind: r.target_kind.as_str().to_owned(),
            target: r.target,
            title: r.title,
            body: r.body,
            state: r.state.as_str().to_owned(),
            supports: r.supports,
            created_at: rfc3339(r.created_at),
            answer: answers.last().map(answer_entry),
            process: r.process,
        },
        answers: answers.iter().map(answer_entry).collect(),
    }))
}
