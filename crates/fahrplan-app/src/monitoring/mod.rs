//! Umsetzung: the read use cases of the monitoring pages (the overview per area, one indicator,
//! the regional view, a department's share, the Fortschrittsbericht as of a date) and recording
//! observations. Progress and trajectory are derived here from what the store holds, by the one
//! pure function of `fahrplan_domain::monitoring`; nothing derived is stored.

mod lists;
mod observations;
mod reports;
pub(crate) use reports::number;

pub use fahrplan_store::IndicatorRecord;
pub use observations::{ObservationImport, ObservationImportError};
pub(crate) use reports::editor_departments;
pub use reports::{ReportOutcome, StatusReport, StatusReportForm, ValueReport, ValueReportForm};

use crate::strategy::Departments;
use crate::tags::Tags;
use crate::{App, AppError, AppResult};
use fahrplan_domain::monitoring::{Indicator, Point, Progress, Region, progress};
use fahrplan_domain::{Department, Edition};
use fahrplan_store::{
    Area, GoalInArea, MeasureInArea, Scope, TOPIC_AREA, TOPIC_DEPARTMENT, TOPIC_EDITION,
    TOPIC_GOAL, TOPIC_INDICATOR, TOPIC_MEASURE, TOPIC_META, TOPIC_REGION,
};

/// A day as (year, month, day).
pub type Day = (i32, u8, u8);

/// The progress of an indicator's whole-Land series on `day` (DOMAIN.md).
pub fn land_progress(i: &Indicator, day: Day) -> Progress {
    let points: Vec<Point> = i
        .observations
        .iter()
        .filter(|o| o.region.is_none())
        .map(|o| Point {
            period: o.period,
            value: o.value,
        })
        .collect();
    progress(
        i.direction,
        i.baseline.point(),
        i.target.as_ref().map(|t| t.point()),
        &points,
        day,
    )
}

/// The overview of one edition's implementation: its areas with their measures and indicators.
#[derive(Debug, Clone)]
pub struct UmsetzungView {
    /// The edition shown (the default edition).
    pub edition: Edition,
    /// Its current areas in order.
    pub areas: Vec<Area>,
    /// Its current measures.
    pub measures: Vec<MeasureInArea>,
    /// Its indicators, with their whole-Land values.
    pub indicators: Vec<Indicator>,
    /// Departments by code.
    pub departments: Departments,
}

/// One indicator with everything its page shows.
#[derive(Debug, Clone)]
pub struct IndicatorView {
    /// The indicator, its current values and its history.
    pub record: IndicatorRecord,
    /// Its area.
    pub area: Area,
    /// The goals it measures.
    pub goals: Vec<GoalInArea>,
    /// The department that owns it.
    pub owner: Department,
    /// The department that holds the owner's tasks today (the end of its chain of successors),
    /// when it is another one.
    pub owner_today: Option<Department>,
    /// Every region (names of regional values).
    pub regions: Vec<Region>,
}

/// The regional view: every indicator with regional values, and the one chosen.
#[derive(Debug, Clone)]
pub struct RegionsView {
    /// Indicators that have values per region, in content order.
    pub indicators: Vec<Indicator>,
    /// Every region.
    pub regions: Vec<Region>,
    /// The indicator chosen, with every value.
    pub chosen: Option<IndicatorRecord>,
}

/// What a department leads, with the indicators it owns.
#[derive(Debug, Clone)]
pub struct DepartmentUmsetzungView {
    /// The department.
    pub department: Department,
    /// The departments it took over from, directly or through others: their measures are its
    /// own now.
    pub predecessors: Vec<Department>,
    /// Current measures it or a predecessor leads.
    pub measures: Vec<MeasureInArea>,
    /// Indicators it or a predecessor owns.
    pub indicators: Vec<Indicator>,
    /// Every area, for titles.
    pub areas: Vec<Area>,
}

/// The Fortschrittsbericht: the state of every area, measure and indicator as of a day.
#[derive(Debug, Clone)]
pub struct ReportView {
    /// The overview, with the full history (the page picks what was known on `day`).
    pub overview: UmsetzungView,
    /// The day the report is for.
    pub day: Day,
}

/// The departments that `code` took over from, directly or through others.
fn predecessors_of(all: &[Department], code: &str) -> Vec<Department> {
    let mut out: Vec<Department> = Vec::new();
    let mut frontier = vec![code.to_owned()];
    while let Some(c) = frontier.pop() {
        for d in all
            .iter()
            .filter(|d| d.successor.as_deref() == Some(c.as_str()))
        {
            if d.code != code && !out.iter().any(|o| o.code == d.code) {
                frontier.push(d.code.clone());
                out.push(d.clone());
            }
        }
    }
    out
}

impl App {
    /// The overview of the default edition's implementation.
    pub async fn umsetzung_view(&self) -> AppResult<UmsetzungView> {
        let meta = self.store.content_meta().await?.ok_or(AppError::NotFound)?;
        let edition = self
            .store
            .editions()
            .await?
            .into_iter()
            .find(|e| e.slug == meta.default_edition)
            .ok_or(AppError::NotFound)?;
        let mut areas = self.store.areas(Some(&edition.slug)).await?;
        areas.retain(|a| a.doc.archived.is_none());
        let mut measures = self.store.measures(Scope::All).await?;
        measures.retain(|m| m.edition == edition.slug && m.measure.archived.is_none());
        let mut indicators = self.store.indicators().await?;
        let prefix = format!("{}/", edition.slug);
        indicators.retain(|i| i.area.starts_with(&prefix));
        let departments = self
            .store
            .departments()
            .await?
            .into_iter()
            .map(|d| (d.code.clone(), d))
            .collect();
        Ok(UmsetzungView {
            edition,
            areas,
            measures,
            indicators,
            departments,
        })
    }

    /// One indicator's page: the Land's values and the corrections, not the regional series.
    pub async fn indicator_view(&self, slug: &str) -> AppResult<IndicatorView> {
        let record = self
            .store
            .indicator_page(slug)
            .await?
            .ok_or(AppError::NotFound)?;
        self.indicator_view_of(record).await
    }

    /// One indicator with every value, regional ones included (its CSV download).
    pub async fn indicator_data(&self, slug: &str) -> AppResult<IndicatorView> {
        let record = self
            .store
            .indicator(slug)
            .await?
            .ok_or(AppError::NotFound)?;
        self.indicator_view_of(record).await
    }

    async fn indicator_view_of(&self, record: IndicatorRecord) -> AppResult<IndicatorView> {
        let i = &record.indicator;
        let (edition, area_slug) = i.area.split_once('/').unwrap_or((i.area.as_str(), ""));
        let area = self
            .store
            .area(fahrplan_store::AreaKey {
                edition,
                slug: area_slug,
            })
            .await?
            .ok_or(AppError::NotFound)?;
        let mut goals = self
            .store
            .goals(Scope::Area(fahrplan_store::AreaKey {
                edition,
                slug: area_slug,
            }))
            .await?;
        goals.retain(|g| i.goals.contains(&g.goal.slug));
        let all = self.store.departments().await?;
        let owner = all
            .iter()
            .find(|d| d.code == i.owner)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let owner_today =
            fahrplan_domain::successor_chain(&owner.code, |c| all.iter().find(|d| d.code == c))
                .last()
                .map(|d| (*d).clone());
        Ok(IndicatorView {
            regions: self.store.regions().await?,
            record,
            area,
            goals,
            owner,
            owner_today,
        })
    }

    /// The regional view, with `indicator` chosen when given (with every value read).
    pub async fn regions_view(&self, indicator: Option<&str>) -> AppResult<RegionsView> {
        let regional = self.store.regional_indicators().await?;
        let mut indicators = self.store.indicators().await?;
        indicators.retain(|i| regional.contains(&i.slug));
        let chosen = match indicator {
            None => None,
            Some(slug) if regional.iter().any(|r| r == slug) => self.store.indicator(slug).await?,
            Some(_) => return Err(AppError::NotFound),
        };
        Ok(RegionsView {
            indicators,
            regions: self.store.regions().await?,
            chosen,
        })
    }

    /// What department `code` (with the departments it took over from) leads and owns.
    pub async fn department_umsetzung_view(
        &self,
        code: &str,
    ) -> AppResult<DepartmentUmsetzungView> {
        let all = self.store.departments().await?;
        let department = all
            .iter()
            .find(|d| d.code == code)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let predecessors = predecessors_of(&all, code);
        let mut codes: Vec<&str> = vec![code];
        codes.extend(predecessors.iter().map(|d| d.code.as_str()));
        let mut measures = self.store.measures(Scope::All).await?;
        measures
            .retain(|m| m.measure.archived.is_none() && codes.contains(&m.measure.lead.as_str()));
        let mut indicators = self.store.indicators().await?;
        indicators.retain(|i| codes.contains(&i.owner.as_str()));
        Ok(DepartmentUmsetzungView {
            department,
            predecessors,
            measures,
            indicators,
            areas: self.store.areas(None).await?,
        })
    }

    /// The Fortschrittsbericht as of `day`.
    pub async fn report_view(&self, day: Day) -> AppResult<ReportView> {
        Ok(ReportView {
            overview: self.umsetzung_view().await?,
            day,
        })
    }
}

fn indicator_tags(t: &mut Tags, i: &Indicator) {
    t.add(TOPIC_INDICATOR, &i.slug)
        .add(TOPIC_DEPARTMENT, &i.owner)
        .add(TOPIC_AREA, &i.area);
}

impl UmsetzungView {
    /// The edition, its areas, measures and departments, and every indicator (a new one
    /// appears in the overview).
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.add(TOPIC_META, "content")
            .add(TOPIC_EDITION, &self.edition.slug)
            .all(TOPIC_AREA)
            .all(TOPIC_MEASURE)
            .all(TOPIC_INDICATOR)
            .all(TOPIC_DEPARTMENT);
        t
    }
}

impl IndicatorView {
    /// The indicator, its area, goals, departments and the regions.
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        indicator_tags(&mut t, &self.record.indicator);
        t.all(TOPIC_DEPARTMENT).all(TOPIC_REGION);
        for g in &self.goals {
            t.add(TOPIC_GOAL, &g.goal.slug);
        }
        t
    }
}

impl RegionsView {
    /// Every indicator (the list of those with regional values) and every region.
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.all(TOPIC_INDICATOR).all(TOPIC_REGION);
        t
    }
}

impl DepartmentUmsetzungView {
    /// Every department (the chain), measure and indicator (a new one may be its own).
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.all(TOPIC_DEPARTMENT)
            .all(TOPIC_MEASURE)
            .all(TOPIC_INDICATOR)
            .all(TOPIC_AREA);
        t
    }
}

impl ReportView {
    /// What the overview shows.
    pub fn tags(&self) -> Tags {
        self.overview.tags()
    }
}
