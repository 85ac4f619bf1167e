//! Row structs shared by both backends and their conversion into domain types.

use crate::{StoreError, StoreResult};
use fahrplan_domain::*;

/// A stored date; text that is no date is a `Corrupt` error, not a guess.
pub(crate) fn date(s: &str) -> StoreResult<PartialDate> {
    PartialDate::parse(s).map_err(|_| StoreError::Corrupt {
        what: "PartialDate".to_owned(),
        value: s.to_owned(),
    })
}

/// Reads a wire value; one that no variant has is `Corrupt`, naming the enum and the column.
pub(crate) fn wire<T>(value: &str, column: &str) -> StoreResult<T>
where
    T: std::str::FromStr<Err = UnknownWireValue>,
{
    value.parse().map_err(|e| corrupt(e, column))
}

/// The `Corrupt` error of a wire value read from `column`.
pub(crate) fn corrupt(e: UnknownWireValue, column: &str) -> StoreError {
    StoreError::Corrupt {
        what: format!("{} in column {column}", e.kind),
        value: e.value,
    }
}

pub(crate) fn opt_date(s: Option<String>) -> StoreResult<Option<PartialDate>> {
    s.as_deref().map(date).transpose()
}

/// An area together with the slug of its edition. Its goals, measures and facts are empty here;
/// they are loaded by their own queries.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Edition slug.
    pub edition: String,
    /// The area.
    pub doc: AreaDoc,
}

impl Area {
    /// `edition/slug`, the key used by successions and facts.
    pub fn key(&self) -> String {
        format!("{}/{}", self.edition, self.doc.slug)
    }
}

/// A goal with the area it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalInArea {
    /// Edition slug.
    pub edition: String,
    /// Area slug.
    pub area: String,
    /// The goal with its partners.
    pub goal: Goal,
}

/// A measure with the area it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureInArea {
    /// Edition slug.
    pub edition: String,
    /// Area slug.
    pub area: String,
    /// The measure with partners, goals and status history.
    pub measure: Measure,
}

impl Archived for Area {
    fn archived_on(&self) -> Option<PartialDate> {
        self.doc.archived
    }
}

impl Archived for GoalInArea {
    fn archived_on(&self) -> Option<PartialDate> {
        self.goal.archived
    }
}

impl Archived for MeasureInArea {
    fn archived_on(&self) -> Option<PartialDate> {
        self.measure.archived
    }
}

/// A link from an area of one edition to an area of a later one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Succession {
    /// Edition of the earlier area.
    pub from_edition: String,
    /// Slug of the earlier area.
    pub from_area: String,
    /// Title of the earlier area.
    pub from_title: String,
    /// Edition of the later area.
    pub to_edition: String,
    /// Slug of the later area.
    pub to_area: String,
    /// Title of the later area.
    pub to_title: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct DepartmentRow {
    code: String,
    name: String,
    short_name: String,
    cabinet: Option<String>,
    valid_from: String,
    valid_to: Option<String>,
    successor: Option<String>,
    note: Option<String>,
    updated: String,
}

impl DepartmentRow {
    pub(crate) fn into_domain(self) -> StoreResult<Department> {
        Ok(Department {
            code: self.code,
            name: self.name,
            short_name: self.short_name,
            cabinet: self.cabinet,
            valid_from: date(&self.valid_from)?,
            valid_to: opt_date(self.valid_to)?,
            successor: self.successor,
            note: self.note,
            updated: date(&self.updated)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EditionRow {
    slug: String,
    title: String,
    short_title: String,
    status: String,
    adopted_on: Option<String>,
    horizon_year: Option<i64>,
    predecessor: Option<String>,
    summary: String,
    vision: String,
    leichte_sprache: Option<String>,
    updated: String,
}

impl EditionRow {
    pub(crate) fn into_domain(self) -> StoreResult<Edition> {
        Ok(Edition {
            slug: self.slug,
            title: self.title,
            short_title: self.short_title,
            status: wire(&self.status, "editions.status")?,
            adopted_on: opt_date(self.adopted_on)?,
            horizon_year: self.horizon_year,
            predecessor: self.predecessor,
            summary: self.summary,
            vision: self.vision,
            leichte_sprache: self.leichte_sprache,
            updated: date(&self.updated)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AreaRow {
    edition: String,
    slug: String,
    position: i64,
    title: String,
    kind: String,
    parent: Option<String>,
    summary: String,
    body: Option<String>,
    baseline: Option<String>,
    leichte_sprache: Option<String>,
    updated: String,
    archived_on: Option<String>,
}

impl AreaRow {
    pub(crate) fn into_domain(self) -> StoreResult<Area> {
        Ok(Area {
            edition: self.edition,
            doc: AreaDoc {
                slug: self.slug,
                title: self.title,
                kind: wire(&self.kind, "areas.kind")?,
                parent: self.parent,
                position: self.position,
                summary: self.summary,
                body: self.body,
                baseline: self.baseline,
                leichte_sprache: self.leichte_sprache,
                successors: Vec::new(),
                updated: date(&self.updated)?,
                archived: opt_date(self.archived_on)?,
                facts: Vec::new(),
                goals: Vec::new(),
                measures: Vec::new(),
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct FactRow {
    pub(crate) owner: String,
    label: String,
    value: String,
    as_of: String,
    source: String,
    source_url: Option<String>,
}

impl FactRow {
    pub(crate) fn into_domain(self) -> StoreResult<(String, Fact)> {
        Ok((
            self.owner,
            Fact {
                label: self.label,
                value: self.value,
                as_of: date(&self.as_of)?,
                source: self.source,
                source_url: self.source_url,
            },
        ))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct GoalRow {
    slug: String,
    edition: String,
    area: String,
    title: String,
    body: String,
    lead: String,
    archived_on: Option<String>,
}

impl GoalRow {
    pub(crate) fn into_domain(self) -> StoreResult<GoalInArea> {
        Ok(GoalInArea {
            edition: self.edition,
            area: self.area,
            goal: Goal {
                slug: self.slug,
                title: self.title,
                body: self.body,
                lead: self.lead,
                partners: Vec::new(),
                archived: opt_date(self.archived_on)?,
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MeasureRow {
    slug: String,
    edition: String,
    area: String,
    title: String,
    body: String,
    lead: String,
    start_on: Option<String>,
    planned_end: Option<String>,
    actual_end: Option<String>,
    budget_planned_eur: Option<i64>,
    budget_spent_eur: Option<i64>,
    budget_source: Option<String>,
    source: Option<String>,
    source_url: Option<String>,
    external_id: Option<String>,
    archived_on: Option<String>,
}

impl MeasureRow {
    pub(crate) fn into_domain(self) -> StoreResult<MeasureInArea> {
        Ok(MeasureInArea {
            edition: self.edition,
            area: self.area,
            measure: Measure {
                slug: self.slug,
                title: self.title,
                body: self.body,
                lead: self.lead,
                partners: Vec::new(),
                goals: Vec::new(),
                start: opt_date(self.start_on)?,
                planned_end: opt_date(self.planned_end)?,
                actual_end: opt_date(self.actual_end)?,
                budget_planned_eur: self.budget_planned_eur,
                budget_spent_eur: self.budget_spent_eur,
                budget_source: self.budget_source,
                source: self.source,
                source_url: self.source_url,
                external_id: self.external_id,
                archived: opt_date(self.archived_on)?,
                milestones: Vec::new(),
                assessment: Vec::new(),
                status: Vec::new(),
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct StatusRow {
    pub(crate) measure: String,
    changed_on: String,
    status: String,
    note: Option<String>,
}

impl StatusRow {
    pub(crate) fn into_domain(self) -> StoreResult<(String, StatusChange)> {
        Ok((
            self.measure,
            StatusChange {
                on: date(&self.changed_on)?,
                status: wire(&self.status, "measure_status_changes.status")?,
                note: self.note,
            },
        ))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MilestoneRow {
    pub(crate) measure: String,
    title: String,
    due: String,
    done_on: Option<String>,
}

impl MilestoneRow {
    pub(crate) fn into_domain(self) -> StoreResult<(String, Milestone)> {
        Ok((
            self.measure,
            Milestone {
                title: self.title,
                due: date(&self.due)?,
                done: opt_date(self.done_on)?,
            },
        ))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AssessmentRow {
    pub(crate) measure: String,
    assessed_on: String,
    assessed_by: String,
    rating: String,
    note: Option<String>,
    source_url: Option<String>,
}

impl AssessmentRow {
    pub(crate) fn into_domain(self) -> StoreResult<(String, Assessment)> {
        Ok((
            self.measure,
            Assessment {
                on: date(&self.assessed_on)?,
                by: self.assessed_by,
                rating: wire(&self.rating, "measure_assessments.rating")?,
                note: self.note,
                source_url: self.source_url,
            },
        ))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ProcessRow {
    slug: String,
    title: String,
    edition: Option<String>,
    summary: String,
    body: String,
    participants: Option<i64>,
    written_statements: Option<i64>,
    outcome: Option<String>,
    owner: Option<String>,
    updated: String,
    archived_on: Option<String>,
}

impl ProcessRow {
    pub(crate) fn into_domain(self) -> StoreResult<Process> {
        Ok(Process {
            slug: self.slug,
            title: self.title,
            edition: self.edition,
            summary: self.summary,
            body: self.body,
            participants: self.participants,
            written_statements: self.written_statements,
            outcome: self.outcome,
            owner: self.owner,
            updated: date(&self.updated)?,
            archived: opt_date(self.archived_on)?,
            phases: Vec::new(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PhaseRow {
    pub(crate) process: String,
    title: String,
    kind: String,
    starts_on: String,
    ends_on: Option<String>,
    body: String,
    participants: Option<i64>,
    allows: String,
}

impl PhaseRow {
    pub(crate) fn into_domain(self) -> StoreResult<(String, Phase)> {
        Ok((
            self.process,
            Phase {
                title: self.title,
                kind: wire(&self.kind, "phases.kind")?,
                start: date(&self.starts_on)?,
                end: opt_date(self.ends_on)?,
                body: self.body,
                participants: self.participants,
                allows: self
                    .allows
                    .split(',')
                    .filter(|a| !a.is_empty())
                    .map(|a| wire(a, "phases.allows"))
                    .collect::<StoreResult<_>>()?,
            },
        ))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PageRow {
    slug: String,
    title: String,
    summary: String,
    body: String,
    leichte_sprache: Option<String>,
    updated: String,
}

impl PageRow {
    pub(crate) fn into_domain(self) -> StoreResult<Page> {
        Ok(Page {
            slug: self.slug,
            title: self.title,
            summary: self.summary,
            body: self.body,
            leichte_sprache: self.leichte_sprache,
            updated: date(&self.updated)?,
            facts: Vec::new(),
        })
    }
}
