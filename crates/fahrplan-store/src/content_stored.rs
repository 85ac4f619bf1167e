//! The content the database holds, read inside the write transaction of an import so the diff
//! compares against exactly what the transaction will change. Read-only: it never writes, and
//! the public reads of `content_read.rs` stay the ones pages use.

use crate::StoreResult;
use crate::rows::*;
use fahrplan_domain::*;
use std::collections::HashMap;

pub(crate) const META: &str =
    "SELECT name, default_edition, demonstration FROM content_meta WHERE id = 1";
pub(crate) const DEPARTMENTS: &str = "SELECT code, name, short_name, cabinet, valid_from, valid_to, successor, note, updated FROM departments ORDER BY position";
pub(crate) const EDITIONS: &str = "SELECT slug, title, short_title, status, adopted_on, horizon_year, predecessor, summary, vision, leichte_sprache, updated FROM editions ORDER BY position";
pub(crate) const AREAS: &str = "SELECT edition, slug, position, title, kind, parent, summary, body, baseline, leichte_sprache, updated, archived_on FROM areas ORDER BY edition, position";
pub(crate) const SUCCESSIONS: &str = "SELECT from_edition, from_area, to_edition, to_area FROM area_successions ORDER BY from_edition, from_area, position";
pub(crate) const FACTS: &str =
    "SELECT owner, label, value, as_of, source, source_url FROM facts ORDER BY owner, position";
pub(crate) const GOALS: &str = "SELECT slug, edition, area, title, body, lead, archived_on FROM goals ORDER BY edition, area, position";
pub(crate) const GOAL_PARTNERS: &str =
    "SELECT goal, department FROM goal_partners ORDER BY goal, position";
pub(crate) const MEASURES: &str = "SELECT slug, edition, area, title, body, lead, start_on, planned_end, actual_end, budget_planned_eur, budget_spent_eur, budget_source, source, source_url, external_id, archived_on FROM measures ORDER BY edition, area, position";
pub(crate) const MEASURE_PARTNERS: &str =
    "SELECT measure, department FROM measure_partners ORDER BY measure, position";
pub(crate) const MEASURE_GOALS: &str =
    "SELECT measure, goal FROM measure_goals ORDER BY measure, position";
pub(crate) const MEASURE_STATUS: &str = "SELECT measure, changed_on, status, note FROM measure_status_changes ORDER BY measure, position";
pub(crate) const MEASURE_MILESTONES: &str =
    "SELECT measure, title, due, done_on FROM measure_milestones ORDER BY measure, position";
pub(crate) const MEASURE_ASSESSMENTS: &str = "SELECT measure, assessed_on, assessed_by, rating, note, source_url FROM measure_assessments ORDER BY measure, position";
pub(crate) const PROCESSES: &str = "SELECT slug, title, edition, summary, body, participants, written_statements, outcome, owner, updated, archived_on FROM processes ORDER BY position";
pub(crate) const PHASES: &str = "SELECT process, title, kind, starts_on, ends_on, body, participants, allows FROM phases ORDER BY process, position";
pub(crate) const PAGES: &str =
    "SELECT slug, title, summary, body, leichte_sprache, updated FROM pages ORDER BY position";

/// Every content row, as read by `stored_content!`.
pub(crate) struct Raw {
    pub(crate) meta: Option<(String, String, i64)>,
    pub(crate) departments: Vec<DepartmentRow>,
    pub(crate) editions: Vec<EditionRow>,
    pub(crate) areas: Vec<AreaRow>,
    pub(crate) successions: Vec<(String, String, String, String)>,
    pub(crate) facts: Vec<FactRow>,
    pub(crate) goals: Vec<GoalRow>,
    pub(crate) goal_partners: Vec<(String, String)>,
    pub(crate) measures: Vec<MeasureRow>,
    pub(crate) measure_partners: Vec<(String, String)>,
    pub(crate) measure_goals: Vec<(String, String)>,
    pub(crate) status: Vec<StatusRow>,
    pub(crate) milestones: Vec<MilestoneRow>,
    pub(crate) assessments: Vec<AssessmentRow>,
    pub(crate) processes: Vec<ProcessRow>,
    pub(crate) phases: Vec<PhaseRow>,
    pub(crate) pages: Vec<PageRow>,
}

/// Reads every content row through `$tx` (a transaction of either backend), 17 queries.
macro_rules! stored_content {
    ($tx:ident) => {{
        use crate::content_stored as s;
        crate::content_stored::Raw {
            meta: sqlx::query_as(s::META).fetch_optional(&mut *$tx).await?,
            departments: sqlx::query_as(s::DEPARTMENTS).fetch_all(&mut *$tx).await?,
            editions: sqlx::query_as(s::EDITIONS).fetch_all(&mut *$tx).await?,
            areas: sqlx::query_as(s::AREAS).fetch_all(&mut *$tx).await?,
            successions: sqlx::query_as(s::SUCCESSIONS).fetch_all(&mut *$tx).await?,
            facts: sqlx::query_as(s::FACTS).fetch_all(&mut *$tx).await?,
            goals: sqlx::query_as(s::GOALS).fetch_all(&mut *$tx).await?,
            goal_partners: sqlx::query_as(s::GOAL_PARTNERS)
                .fetch_all(&mut *$tx)
                .await?,
            measures: sqlx::query_as(s::MEASURES).fetch_all(&mut *$tx).await?,
            measure_partners: sqlx::query_as(s::MEASURE_PARTNERS)
                .fetch_all(&mut *$tx)
                .await?,
            measure_goals: sqlx::query_as(s::MEASURE_GOALS)
                .fetch_all(&mut *$tx)
                .await?,
            status: sqlx::query_as(s::MEASURE_STATUS)
                .fetch_all(&mut *$tx)
                .await?,
            milestones: sqlx::query_as(s::MEASURE_MILESTONES)
                .fetch_all(&mut *$tx)
                .await?,
            assessments: sqlx::query_as(s::MEASURE_ASSESSMENTS)
                .fetch_all(&mut *$tx)
                .await?,
            processes: sqlx::query_as(s::PROCESSES).fetch_all(&mut *$tx).await?,
            phases: sqlx::query_as(s::PHASES).fetch_all(&mut *$tx).await?,
            pages: sqlx::query_as(s::PAGES).fetch_all(&mut *$tx).await?,
        }
        .assemble()?
    }};
}
pub(crate) use stored_content;

fn group<T>(rows: impl IntoIterator<Item = (String, T)>) -> HashMap<String, Vec<T>> {
    let mut map: HashMap<String, Vec<T>> = HashMap::new();
    for (k, v) in rows {
        map.entry(k).or_default().push(v);
    }
    map
}

impl Raw {
    /// The rows as a content set, `None` when no content was ever imported.
    pub(crate) fn assemble(self) -> StoreResult<Option<ContentSet>> {
        let Some((name, default_edition, demonstration)) = self.meta else {
            return Ok(None);
        };
        let mut facts = group(
            self.facts
                .into_iter()
                .map(FactRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        let mut successors = group(
            self.successions
                .into_iter()
                .map(|(fe, fa, te, ta)| (format!("{fe}/{fa}"), format!("{te}/{ta}"))),
        );
        let mut goal_partners = group(self.goal_partners);
        let mut goals: HashMap<String, Vec<Goal>> = HashMap::new();
        for row in self.goals {
            let mut g = row.into_domain()?;
            g.goal.partners = goal_partners.remove(&g.goal.slug).unwrap_or_default();
            goals
                .entry(format!("{}/{}", g.edition, g.area))
                .or_default()
                .push(g.goal);
        }
        let mut partners = group(self.measure_partners);
        let mut measure_goals = group(self.measure_goals);
        let mut status = group(
            self.status
                .into_iter()
                .map(StatusRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        let mut milestones = group(
            self.milestones
                .into_iter()
                .map(MilestoneRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        let mut assessments = group(
            self.assessments
                .into_iter()
                .map(AssessmentRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        let mut measures: HashMap<String, Vec<Measure>> = HashMap::new();
        for row in self.measures {
            let mut m = row.into_domain()?;
            let slug = m.measure.slug.clone();
            m.measure.partners = partners.remove(&slug).unwrap_or_default();
            m.measure.goals = measure_goals.remove(&slug).unwrap_or_default();
            m.measure.status = status.remove(&slug).unwrap_or_default();
            m.measure.milestones = milestones.remove(&slug).unwrap_or_default();
            m.measure.assessment = assessments.remove(&slug).unwrap_or_default();
            measures
                .entry(format!("{}/{}", m.edition, m.area))
                .or_default()
                .push(m.measure);
        }
        let mut areas: HashMap<String, Vec<AreaDoc>> = HashMap::new();
        for row in self.areas {
            let a = row.into_domain()?;
            let key = a.key();
            let mut doc = a.doc;
            doc.facts = facts.remove(&format!("area:{key}")).unwrap_or_default();
            doc.successors = successors.remove(&key).unwrap_or_default();
            doc.goals = goals.remove(&key).unwrap_or_default();
            doc.measures = measures.remove(&key).unwrap_or_default();
            areas.entry(a.edition).or_default().push(doc);
        }
        let editions = self
            .editions
            .into_iter()
            .map(|row| {
                let e = row.into_domain()?;
                Ok(EditionDoc {
                    areas: areas.remove(&e.slug).unwrap_or_default(),
                    edition: e,
                })
            })
            .collect::<StoreResult<_>>()?;
        let mut phases = group(
            self.phases
                .into_iter()
                .map(PhaseRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        let processes = self
            .processes
            .into_iter()
            .map(|row| {
                let mut p = row.into_domain()?;
                p.phases = phases.remove(&p.slug).unwrap_or_default();
                Ok(p)
            })
            .collect::<StoreResult<_>>()?;
        let pages = self
            .pages
            .into_iter()
            .map(|row| {
                let mut p = row.into_domain()?;
                p.facts = facts
                    .remove(&format!("page:{}", p.slug))
                    .unwrap_or_default();
                Ok(p)
            })
            .collect::<StoreResult<_>>()?;
        Ok(Some(ContentSet {
            meta: ContentMeta {
                name,
                default_edition,
                demonstration: demonstration != 0,
            },
            departments: self
                .departments
                .into_iter()
                .map(DepartmentRow::into_domain)
                .collect::<StoreResult<_>>()?,
            editions,
            processes,
            pages,
            // Monitoring is merged by `monitoring_write.rs`, not diffed with the rest.
            indicators: Vec::new(),
            regions: Vec::new(),
            // Block ids live in the versions (`versions.rs`), not in the content tables.
            block_refs: BlockRefs::new(),
        }))
    }
}
