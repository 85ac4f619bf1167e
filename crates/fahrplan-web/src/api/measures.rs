//! The measures of the strategy as data: `GET /api/v1/measures` (a list in the shape of
//! docs/API.md) and `GET /api/v1/measures/{slug}`.

use super::cursor;
use super::json::{ApiJson, ApiQuery};
use super::problem::{BadQuery, NotFound, NotModified, ServerError};
use crate::WebState;
use crate::error::WebError;
use axum::extract::{Path, State};
use fahrplan_app::MeasureInArea;
use fahrplan_app::listing::MeasureFilter;
use fahrplan_domain::MeasureStatus;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::{IntoParams, ToSchema};

/// A measure status as a schema: its wire values (CONTRACTS.md), and `null` if `nullable`.
fn status_of(description: &str, nullable: bool) -> ObjectBuilder {
    let mut values: Vec<serde_json::Value> = MeasureStatus::ALL
        .iter()
        .map(|s| s.as_str().into())
        .collect();
    let kind = if nullable {
        values.push(serde_json::Value::Null);
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::new(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .enum_values(Some(values))
        .description(Some(description))
}

fn status_filter_schema() -> ObjectBuilder {
    status_of("Only measures whose current status is this one.", false)
}

fn history_status_schema() -> ObjectBuilder {
    status_of("The status from then on.", false)
}

fn current_status_schema() -> ObjectBuilder {
    status_of(
        "The current status, the last of the history; `null` before any.",
        true,
    )
}

/// Query parameters of the list of measures.
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
    /// Only measures of this edition (its slug, e.g. `2021`).
    #[serde(default)]
    edition: Option<String>,
    /// Only measures of this area (its slug).
    #[serde(default)]
    area: Option<String>,
    /// Only measures this department leads or takes part in (its code).
    #[serde(default)]
    department: Option<String>,
    /// Only measures whose current status is this one.
    #[serde(default)]
    #[param(schema_with = status_filter_schema)]
    status: Option<MeasureStatus>,
}

/// One entry of a measure's status history.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusEntry {
    /// When the status changed: a date, or a month or year where only that is known.
    #[schema(example = "2022-03")]
    pub on: String,
    /// The status from then on.
    #[schema(schema_with = history_status_schema)]
    pub status: String,
    /// A short note.
    pub note: Option<String>,
}

/// A dated step of a measure.
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneEntry {
    /// What is to be reached.
    pub title: String,
    /// By when: a date, or a month or year.
    #[schema(example = "2025-12")]
    pub due: String,
    /// When it was reached; `null` while it is not (known to be).
    pub done: Option<String>,
    /// Whether it is overdue today: not done, and its due date's last day has passed.
    pub overdue: bool,
}

/// A judgement of a measure's progress by someone other than the reporting department.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentEntry {
    /// When it was made or published.
    pub on: String,
    /// Who assessed (an institution).
    pub by: String,
    /// The judgement: `on_track`, `at_risk`, `off_track` or `not_assessable`.
    #[schema(example = "at_risk")]
    pub rating: String,
    /// What the judgement rests on.
    pub note: Option<String>,
    /// Where it was published.
    pub source_url: Option<String>,
}

/// A measure of the strategy.
#[derive(Debug, Serialize, ToSchema)]
pub struct Measure {
    /// Its slug, unique across editions.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// The path of its page on this site.
    pub url: String,
    /// The edition it belongs to.
    pub edition: String,
    /// The area it belongs to (slug within the edition).
    pub area: String,
    /// Code of the lead department.
    pub lead: String,
    /// Codes of the departments taking part.
    pub partners: Vec<String>,
    /// Slugs of the goals it serves.
    pub goals: Vec<String>,
    /// The current status, the last of the history; `null` before any.
    #[schema(schema_with = current_status_schema)]
    pub status: Option<String>,
    /// Every status it had, oldest first.
    pub status_history: Vec<StatusEntry>,
    /// When the status was last confirmed: the date of the latest history entry; `null` before any.
    #[schema(example = "2024-06")]
    pub status_confirmed_on: Option<String>,
    /// Whether the status is out of date today: the planned end has passed and the status is
    /// neither `done` nor `stopped`. Pages then show "Stand nicht aktuell"; `status` keeps the
    /// recorded value.
    pub status_out_of_date: bool,
    /// Its milestones in content order.
    pub milestones: Vec<MilestoneEntry>,
    /// Independent assessments beside the self-reported status, oldest first.
    pub assessments: Vec<AssessmentEntry>,
    /// Start (date, month or year).
    pub start: Option<String>,
    /// Planned end.
    pub planned_end: Option<String>,
    /// Actual end.
    pub actual_end: Option<String>,
    /// Planned budget in euros.
    pub budget_planned_eur: Option<i64>,
    /// Budget spent so far in euros.
    pub budget_spent_eur: Option<i64>,
    /// Where the budget figures come from.
    pub budget_source: Option<String>,
    /// The title of the public source about the measure (publisher and title), the words
    /// to show for `source_url`.
    #[schema(
        example = "Hessisches Digitalministerium, Seite „Di@-Lotsinnen und Di@-Lotsen in Hessen“"
    )]
    pub source: Option<String>,
    /// A public source about the measure.
    pub source_url: Option<String>,
    /// The measure's id in the operator's own systems.
    pub external_id: Option<String>,
    /// When it was withdrawn from the strategy (archived); `null` while it is current.
    pub archived: Option<String>,
    /// Its description, in Markdown.
    pub body: String,
}

impl From<MeasureInArea> for Measure {
    fn from(m: MeasureInArea) -> Self {
        let MeasureInArea {
            edition,
            area,
            measure,
        } = m;
        let today = fahrplan_app::participation::today();
        let standing = measure.standing_on(today);
        Measure {
            milestones: measure
                .milestones
                .iter()
                .map(|m| MilestoneEntry {
                    title: m.title.clone(),
                    due: m.due.to_string(),
                    done: m.done.map(|d| d.to_string()),
                    overdue: m.is_overdue_on(today),
                })
                .collect(),
            assessments: measure
                .assessment
                .iter()
                .map(|a| AssessmentEntry {
                    on: a.on.to_string(),
                    by: a.by.clone(),
                    rating: a.rating.as_str().to_owned(),
                    note: a.note.clone(),
                    source_url: a.source_url.clone(),
                })
                .collect(),
            status_confirmed_on: standing.confirmed_on.map(|d| d.to_string()),
            status_out_of_date: standing.out_of_date,
            url: fahrplan_domain::paths::measure(&measure.slug),
            status: measure.current_status().map(|s| s.as_str().to_owned()),
            status_history: measure
                .status
                .iter()
                .map(|s| StatusEntry {
                    on: s.on.to_string(),
                    status: s.status.as_str().to_owned(),
                    note: s.note.clone(),
                })
                .collect(),
            start: measure.start.map(|d| d.to_string()),
            planned_end: measure.planned_end.map(|d| d.to_string()),
            actual_end: measure.actual_end.map(|d| d.to_string()),
            archived: measure.archived.map(|d| d.to_string()),
            slug: measure.slug,
            title: measure.title,
            edition,
            area,
            lead: measure.lead,
            partners: measure.partners,
            goals: measure.goals,
            budget_planned_eur: measure.budget_planned_eur,
            budget_spent_eur: measure.budget_spent_eur,
            budget_source: measure.budget_source,
            source: measure.source,
            source_url: measure.source_url,
            external_id: measure.external_id,
            body: measure.body,
        }
    }
}

/// One page of measures (docs/API.md, lists).
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurePage {
    /// The measures of this page, in the order of their slugs.
    pub items: Vec<Measure>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The measures in the order of their slugs, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/measures",
    tag = "strategy",
    params(ListParams),
    responses(
        (status = 200, description = "A page of measures", body = MeasurePage),
        (status = 304, response = NotModified),
        (status = 400, response = BadQuery),
        (status = 500, response = ServerError),
    )
)]
pub async fn list_measures(
    State(state): State<WebState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<ApiJson<MeasurePage>, WebError> {
    let after = p.cursor.as_deref().map(cursor::open).transpose()?;
    let filter = MeasureFilter {
        edition: p.edition,
        area: p.area,
        department: p.department,
        status: p.status,
    };
    let page = state
        .app
        .measure_list(&filter, after.as_deref(), p.limit)
        .await
        .map_err(WebError::in_query)?;
    Ok(ApiJson::new(MeasurePage {
        items: page.items.into_iter().map(Measure::from).collect(),
        next_cursor: page.next_after.as_deref().map(cursor::seal),
    }))
}

/// One measure with its status history, dates and budget.
#[utoipa::path(
    get,
    path = "/api/v1/measures/{slug}",
    tag = "strategy",
    params(("slug" = String, Path, description = "The measure's slug")),
    responses(
        (status = 200, description = "The measure", body = Measure),
        (status = 304, response = NotModified),
        (status = 404, response = NotFound),
        (status = 500, response = ServerError),
    )
)]
pub async fn show_measure(
    State(state): State<WebState>,
    Path(slug): Path<String>,
) -> Result<ApiJson<Measure>, WebError> {
    let measure = state.app.measure_item(&slug).await?;
    Ok(ApiJson::new(Measure::from(measure)))
}
