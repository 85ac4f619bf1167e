//! Monitoring as data (issue 15): `GET /api/v1/indicators` (a list in the shape of docs/API.md,
//! each with its latest whole-Land value and trajectory), `GET /api/v1/indicators/{slug}` (every
//! current value, regional ones included, and the corrections) and `GET /api/v1/regions`.
//! Progress and trajectory are derived on the day of the request (Europe/Berlin), like on the
//! pages; nothing derived is stored.

use super::cursor;
use super::json::{ApiJson, ApiQuery};
use super::problem::{BadQuery, NotFound, NotModified, ServerError};
use crate::WebState;
use crate::error::WebError;
use axum::extract::{Path, State};
use fahrplan_app::monitoring::{IndicatorRecord, land_progress};
use fahrplan_domain::monitoring::{
    Direction, Figure, Indicator, Observation, Region, RegionLevel, Trajectory,
};
use fahrplan_domain::paths;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::{IntoParams, ToSchema};

/// A string schema of wire values.
fn wire(description: &str, values: &[&str], nullable: bool) -> ObjectBuilder {
    let mut v: Vec<serde_json::Value> = values.iter().map(|s| (*s).into()).collect();
    let kind = if nullable {
        v.push(serde_json::Value::Null);
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::new(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(kind)
        .enum_values(Some(v))
        .description(Some(description))
}

fn trajectory_schema() -> ObjectBuilder {
    let all: Vec<&str> = Trajectory::ALL.iter().map(|t| t.as_str()).collect();
    wire(
        "Whether the indicator is on its way to the target today (docs/DOMAIN.md).",
        &all,
        false,
    )
}

fn direction_schema() -> ObjectBuilder {
    let all: Vec<&str> = Direction::ALL.iter().map(|d| d.as_str()).collect();
    wire("Which way is better.", &all, false)
}

fn level_schema() -> ObjectBuilder {
    let all: Vec<&str> = RegionLevel::ALL.iter().map(|l| l.as_str()).collect();
    wire("The level of the region.", &all, false)
}

/// Query parameters of a list of indicators or regions.
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

/// How an indicator is counted: shown next to every figure.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountingRule {
    /// What exactly is counted.
    pub definition: String,
    /// Of what total; empty for plain counts.
    pub denominator: String,
    /// Who measures it.
    pub source: String,
}

/// A baseline or a target: a value for a period, with its source.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureOut {
    /// The value in the indicator's unit.
    pub value: f64,
    /// The period it is for: `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`.
    #[schema(example = "2030")]
    pub period: String,
    /// Publisher and title of the source.
    pub source: String,
    /// Public address of the source.
    pub source_url: Option<String>,
}

impl From<&Figure> for FigureOut {
    fn from(f: &Figure) -> Self {
        FigureOut {
            value: f.value,
            period: f.period.to_string(),
            source: f.source.clone(),
            source_url: f.source_url.clone(),
        }
    }
}

/// A target set elsewhere for the same thing (the EU's Digital Decade 2030).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceOut {
    /// What it is.
    pub label: String,
    /// The value.
    pub value: f64,
    /// By when.
    pub period: String,
    /// Where it is set.
    pub source: String,
    /// Public address of the source.
    pub source_url: Option<String>,
}

/// The latest whole-Land value whose period has ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct Latest {
    /// The value.
    pub value: f64,
    /// Its period.
    #[schema(example = "2024-06")]
    pub period: String,
}

/// An indicator with its latest value and trajectory.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorSummary {
    /// Its slug.
    pub slug: String,
    /// What it measures.
    pub name: String,
    /// The path of its page on this site.
    pub url: String,
    /// `%` or a plural noun (`Schulen`).
    pub unit: String,
    /// Which way is better.
    #[schema(schema_with = direction_schema)]
    pub direction: String,
    /// The edition it belongs to.
    pub edition: String,
    /// The area it belongs to (slug within the edition).
    pub area: String,
    /// Slugs of the goals it measures.
    pub goals: Vec<String>,
    /// Code of the department that owns it (and reports its figures).
    pub owner: String,
    /// What it shows, in a sentence or two.
    pub summary: String,
    /// Whether its figures are an invented example ("Beispieldaten – keine amtlichen Zahlen").
    pub example: bool,
    /// How it is counted.
    pub counting_rule: CountingRule,
    /// Where the strategy starts from.
    pub baseline: FigureOut,
    /// The strategy's target; `null` when no public source sets one.
    pub target: Option<FigureOut>,
    /// A target set elsewhere for the same thing; `null` if none.
    pub reference: Option<ReferenceOut>,
    /// The latest whole-Land value whose period has ended today; `null` before any.
    pub latest: Option<Latest>,
    /// Whether it is on its way to the target today.
    #[schema(schema_with = trajectory_schema)]
    pub trajectory: String,
    /// Share of the way from baseline to target covered (0 at the baseline, 1 at the target);
    /// `null` without a target, a latest value or a way to cover.
    pub share_of_way: Option<f64>,
    /// Share of the way the straight line from baseline to target expects by the latest
    /// value's period; `null` where `share_of_way` is.
    pub expected_share: Option<f64>,
}

impl From<&Indicator> for IndicatorSummary {
    fn from(i: &Indicator) -> Self {
        let p = land_progress(i, fahrplan_app::participation::today());
        let (edition, area) = i.area.split_once('/').unwrap_or((i.area.as_str(), ""));
        IndicatorSummary {
            slug: i.slug.clone(),
            name: i.name.clone(),
            url: paths::indicator(&i.slug),
            unit: i.unit.clone(),
            direction: i.direction.as_str().to_owned(),
            edition: edition.to_owned(),
            area: area.to_owned(),
            goals: i.goals.clone(),
            owner: i.owner.clone(),
            summary: i.summary.clone(),
            example: i.example,
            counting_rule: CountingRule {
                definition: i.counting_rule.definition.clone(),
                denominator: i.counting_rule.denominator.clone(),
                source: i.counting_rule.source.clone(),
            },
            baseline: FigureOut::from(&i.baseline),
            target: i.target.as_ref().map(FigureOut::from),
            reference: i.reference.as_ref().map(|r| ReferenceOut {
                label: r.label.clone(),
                value: r.value,
                period: r.period.to_string(),
                source: r.source.clone(),
                source_url: r.source_url.clone(),
            }),
            latest: p.latest.map(|pt| Latest {
                value: pt.value,
                period: pt.period.to_string(),
            }),
            trajectory: p.trajectory.as_str().to_owned(),
            share_of_way: p.share,
            expected_share: p.expected,
        }
    }
}

/// One current value of an indicator.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObservationOut {
    /// The period it is for.
    #[schema(example = "2024-06")]
    pub period: String,
    /// The value.
    pub value: f64,
    /// Official key of the region (`064`, `06411`); `null` for the whole Land.
    pub region: Option<String>,
    /// Publisher and title of the source.
    pub source: String,
    /// Public address of the source.
    pub source_url: Option<String>,
    /// A remark.
    pub note: Option<String>,
}

impl From<&Observation> for ObservationOut {
    fn from(o: &Observation) -> Self {
        ObservationOut {
            period: o.period.to_string(),
            value: o.value,
            region: o.region.clone(),
            source: o.source.clone(),
            source_url: o.source_url.clone(),
            note: o.note.clone(),
        }
    }
}

/// A value that a later one for the same period and region replaced.
#[derive(Debug, Serialize, ToSchema)]
pub struct Correction {
    /// The period.
    pub period: String,
    /// Official key of the region; `null` for the whole Land.
    pub region: Option<String>,
    /// The earlier value.
    pub value: f64,
    /// When the earlier value was recorded (RFC 3339, UTC).
    pub recorded_at: String,
    /// The value that replaced it.
    pub corrected_value: f64,
    /// When the replacing value was recorded (RFC 3339, UTC).
    pub corrected_at: String,
}

/// An indicator with every current value and its corrections.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorDetail {
    /// The indicator with its latest value and trajectory.
    #[serde(flatten)]
    pub indicator: IndicatorSummary,
    /// Every current value, by period, the whole Land's before the regions'.
    pub observations: Vec<ObservationOut>,
    /// Every replaced value, oldest record first.
    pub corrections: Vec<Correction>,
}

impl From<IndicatorRecord> for IndicatorDetail {
    fn from(r: IndicatorRecord) -> Self {
        let corrections = r
            .corrections()
            .map(|(old, new)| Correction {
                period: old.observation.period.to_string(),
                region: old.observation.region.clone(),
                value: old.observation.value,
                recorded_at: old.recorded_at.clone(),
                corrected_value: new.observation.value,
                corrected_at: new.recorded_at.clone(),
            })
            .collect();
        IndicatorDetail {
            indicator: IndicatorSummary::from(&r.indicator),
            observations: r
                .indicator
                .observations
                .iter()
                .map(ObservationOut::from)
                .collect(),
            corrections,
        }
    }
}

/// A region with its official key.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionOut {
    /// Official key: 2 digits for the Land, 3 for a Regierungsbezirk, 5 for a Kreis.
    #[schema(example = "06411")]
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its level.
    #[schema(schema_with = level_schema)]
    pub level: String,
    /// `landkreis` or `kreisfreie_stadt` for a Kreis; `null` otherwise.
    pub kind: Option<String>,
    /// Key of the region it lies in; `null` for the Land.
    pub parent: Option<String>,
}

impl From<Region> for RegionOut {
    fn from(r: Region) -> Self {
        RegionOut {
            key: r.key,
            name: r.name,
            level: r.level.as_str().to_owned(),
            kind: r.kind.map(|k| k.as_str().to_owned()),
            parent: r.parent,
        }
    }
}

/// One page of indicators (docs/API.md, lists).
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorPage {
    /// The indicators of this page, in the order of their slugs.
    pub items: Vec<IndicatorSummary>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// One page of regions (docs/API.md, lists).
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionPage {
    /// The regions of this page, in the order of their keys.
    pub items: Vec<RegionOut>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The indicators in the order of their slugs, each with its latest value and trajectory.
#[utoipa::path(
    get,
    path = "/api/v1/indicators",
    tag = "monitoring",
    params(ListParams),
    responses(
        (status = 200, description = "A page of indicators", body = IndicatorPage),
        (status = 304, response = NotModified),
        (status = 400, response = BadQuery),
        (status = 500, response = ServerError),
    )
)]
pub async fn list_indicators(
    State(state): State<WebState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<ApiJson<IndicatorPage>, WebError> {
    let after = p.cursor.as_deref().map(cursor::open).transpose()?;
    let page = state
        .app
        .indicator_list(after.as_deref(), p.limit)
        .await
        .map_err(WebError::in_query)?;
    Ok(ApiJson::new(IndicatorPage {
        items: page.items.iter().map(IndicatorSummary::from).collect(),
        next_cursor: page.next_after.as_deref().map(cursor::seal),
    }))
}

/// One indicator with every current value (regional ones included) and its corrections.
#[utoipa::path(
    get,
    path = "/api/v1/indicators/{slug}",
    tag = "monitoring",
    params(("slug" = String, Path, description = "The indicator's slug")),
    responses(
        (status = 200, description = "The indicator", body = IndicatorDetail),
        (status = 304, response = NotModified),
        (status = 404, response = NotFound),
        (status = 500, response = ServerError),
    )
)]
pub async fn show_indicator(
    State(state): State<WebState>,
    Path(slug): Path<String>,
) -> Result<ApiJson<IndicatorDetail>, WebError> {
    let record = state.app.indicator_item(&slug).await?;
    Ok(ApiJson::new(IndicatorDetail::from(record)))
}

/// The regions in the order of their official keys.
#[utoipa::path(
    get,
    path = "/api/v1/regions",
    tag = "monitoring",
    params(ListParams),
    responses(
        (status = 200, description = "A page of regions", body = RegionPage),
        (status = 304, response = NotModified),
        (status = 400, response = BadQuery),
        (status = 500, response = ServerError),
    )
)]
pub async fn list_regions(
    State(state): State<WebState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<ApiJson<RegionPage>, WebError> {
    let after = p.cursor.as_deref().map(cursor::open).transpose()?;
    let page = state
        .app
        .region_list(after.as_deref(), p.limit)
        .await
        .map_err(WebError::in_query)?;
    Ok(ApiJson::new(RegionPage {
        items: page.items.into_iter().map(RegionOut::from).collect(),
        next_cursor: page.next_after.as_deref().map(cursor::seal),
    }))
}
