//! Reads of strategy content. Each function sends a fixed number of queries, whatever the size
//! of the content, so a page built from them costs the same number of round trips every time.

use crate::rows::*;
use crate::{Store, StoreResult, on_pool};
use fahrplan_domain::*;
use sqlx::{Database, Encode, QueryBuilder, Type};
use std::collections::HashMap;

/// Which goals or measures to load (the same scopes serve both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// All of them.
    All,
    /// Those of one area.
    Area(AreaKey<'a>),
    /// The one with this slug.
    Slug(&'a str),
    /// Those a department leads or takes part in.
    Department(&'a str),
    /// Goals: that goal; measures: those serving that goal.
    Goal(&'a str),
}

/// An area named by edition and slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaKey<'a> {
    /// Edition slug.
    pub edition: &'a str,
    /// Area slug.
    pub slug: &'a str,
}

#[derive(Clone, Copy)]
enum Item {
    Goal,
    Measure,
}

impl Item {
    fn alias(self) -> &'static str {
        match self {
            Item::Goal => "g",
            Item::Measure => "m",
        }
    }
}

/// Goals a department takes part in; the department's code is bound after it, then `))`.
const OR_GOAL_PARTNER: &str = "
       OR EXISTS (
           SELECT 1 FROM goal_partners p
           WHERE p.goal = g.slug AND p.department = ";

/// Measures a department takes part in; the department's code is bound after it, then `))`.
const OR_MEASURE_PARTNER: &str = "
       OR EXISTS (
           SELECT 1 FROM measure_partners p
           WHERE p.measure = m.slug AND p.department = ";

/// Measures serving a goal; the goal's slug is bound after it, then `)`.
const WHERE_SERVES_GOAL: &str = "
    WHERE EXISTS (
        SELECT 1 FROM measure_goals x
        WHERE x.measure = m.slug AND x.goal = ";

/// Appends the WHERE clause of a scope, with bound values, for goals (`g`) or measures (`m`).
fn push_scope<'a, DB>(qb: &mut QueryBuilder<'a, DB>, scope: Scope<'a>, item: Item)
where
    DB: Database,
    &'a str: Encode<'a, DB> + Type<DB>,
{
    let a = item.alias();
    match scope {
        Scope::All => {}
        Scope::Area(k) => {
            qb.push(format_args!(" WHERE {a}.edition = "));
            qb.push_bind(k.edition);
            qb.push(format_args!(" AND {a}.area = "));
            qb.push_bind(k.slug);
        }
        Scope::Slug(s) => {
            qb.push(format_args!(" WHERE {a}.slug = "));
            qb.push_bind(s);
        }
        Scope::Department(code) => {
            qb.push(format_args!(" WHERE ({a}.lead = "));
            qb.push_bind(code);
            qb.push(match item {
                Item::Goal => OR_GOAL_PARTNER,
                Item::Measure => OR_MEASURE_PARTNER,
            });
            qb.push_bind(code);
            qb.push("))");
        }
        Scope::Goal(goal) => match item {
            Item::Goal => {
                qb.push(" WHERE g.slug = ");
                qb.push_bind(goal);
            }
            Item::Measure => {
                qb.push(WHERE_SERVES_GOAL);
                qb.push_bind(goal);
                qb.push(")");
            }
        },
    }
}

macro_rules! scoped {
    ($store:expr, $row:ty, $sql:expr, $scope:expr, $item:expr, $order:expr) => {
        on_pool!($store, p => {
            let mut qb = QueryBuilder::new($sql);
            push_scope(&mut qb, $scope, $item);
            qb.push($order);
            qb.build_query_as::<$row>().fetch_all(p).await
        })
    };
}

pub(crate) fn group<T>(rows: Vec<(String, T)>) -> HashMap<String, Vec<T>> {
    let mut map: HashMap<String, Vec<T>> = HashMap::new();
    for (k, v) in rows {
        map.entry(k).or_default().push(v);
    }
    map
}

const CONTENT_META: &str = "
    SELECT name, default_edition, demonstration FROM content_meta
    WHERE id = 1";

const DEPARTMENTS: &str = "
    SELECT code, name, short_name, cabinet, valid_from, valid_to, successor, note, updated
    FROM departments
    ORDER BY position";

const EDITIONS: &str = "
    SELECT slug, title, short_title, status, adopted_on, horizon_year, predecessor, summary,
           vision, leichte_sprache, updated
    FROM editions
    ORDER BY position";

const AREAS: &str = "
    SELECT edition, slug, position, title, kind, parent, summary, body, baseline,
           leichte_sprache, updated, archived_on
    FROM areas";

const FACTS: &str = "
    SELECT owner, label, value, as_of, source, source_url FROM facts";

const SUCCESSIONS: &str = "
    SELECT s.from_edition, s.from_area, fa.title AS from_title,
           s.to_edition, s.to_area, ta.title AS to_title
    FROM area_successions s
    JOIN areas fa ON fa.edition = s.from_edition AND fa.slug = s.from_area
    JOIN areas ta ON ta.edition = s.to_edition AND ta.slug = s.to_area";

/// Successions with the area `($1, $2)` on either side.
const TOUCHING_AREA: &str = "
    WHERE (s.from_edition = $1 AND s.from_area = $2)
       OR (s.to_edition = $1 AND s.to_area = $2)";

const SUCCESSION_ORDER: &str = "
    ORDER BY s.from_edition, fa.position, s.position";

const GOALS: &str = "
    SELECT g.slug, g.edition, g.area, g.title, g.body, g.lead, g.archived_on FROM goals g";

const GOAL_PARTNERS: &str = "
    SELECT gp.goal, gp.department FROM goal_partners gp
    JOIN goals g ON g.slug = gp.goal";

const MEASURES: &str = "
    SELECT m.slug, m.edition, m.area, m.title, m.body, m.lead, m.start_on, m.planned_end,
           m.actual_end, m.budget_planned_eur, m.budget_spent_eur, m.budget_source,
           m.source, m.source_url, m.external_id, m.archived_on
    FROM measures m";

const MEASURE_PARTNERS: &str = "
    SELECT mp.measure, mp.department FROM measure_partners mp
    JOIN measures m ON m.slug = mp.measure";

const MEASURE_GOALS: &str = "
    SELECT mg.measure, mg.goal FROM measure_goals mg
    JOIN measures m ON m.slug = mg.measure";

const MEASURE_STATUS: &str = "
    SELECT s.measure, s.changed_on, s.status, s.note FROM measure_status_changes s
    JOIN measures m ON m.slug = s.measure";

const MEASURE_MILESTONES: &str = "
    SELECT ms.measure, ms.title, ms.due, ms.done_on FROM measure_milestones ms
    JOIN measures m ON m.slug = ms.measure";

const MEASURE_ASSESSMENTS: &str = "
    SELECT a.measure, a.assessed_on, a.assessed_by, a.rating, a.note, a.source_url
    FROM measure_assessments a
    JOIN measures m ON m.slug = a.measure";

const PROCESSES: &str = "
    SELECT slug, title, edition, summary, body, participants, written_statements, outcome,
           owner, updated, archived_on
    FROM processes";

const PHASES: &str = "
    SELECT process, title, kind, starts_on, ends_on, body, participants, allows FROM phases";

const PAGES: &str = "
    SELECT slug, title, summary, body, leichte_sprache, updated FROM pages";

impl Store {
    /// The site-level content facts, `None` before any content was loaded.
    pub async fn content_meta(&self) -> StoreResult<Option<ContentMeta>> {
        let row: Option<(String, String, i64)> =
            on_pool!(self, p => sqlx::query_as(CONTENT_META).fetch_optional(p).await)?;
        Ok(row.map(|(name, default_edition, demo)| ContentMeta {
            name,
            default_edition,
            demonstration: demo != 0,
        }))
    }

    /// Every department, in content order.
    pub async fn departments(&self) -> StoreResult<Vec<Department>> {
        let rows: Vec<DepartmentRow> =
            on_pool!(self, p => sqlx::query_as(DEPARTMENTS).fetch_all(p).await)?;
        rows.into_iter().map(DepartmentRow::into_domain).collect()
    }

    /// Every edition, in content order.
    pub async fn editions(&self) -> StoreResult<Vec<Edition>> {
        let rows: Vec<EditionRow> =
            on_pool!(self, p => sqlx::query_as(EDITIONS).fetch_all(p).await)?;
        rows.into_iter().map(EditionRow::into_domain).collect()
    }

    /// The areas of one edition, or of all editions, ordered by edition and position.
    pub async fn areas(&self, edition: Option<&str>) -> StoreResult<Vec<Area>> {
        let rows: Vec<AreaRow> = match edition {
            Some(e) => {
                let sql = format!("{AREAS} WHERE edition = $1 ORDER BY position");
                on_pool!(self, p => sqlx::query_as(&sql).bind(e).fetch_all(p).await)?
            }
            None => {
                let sql = format!("{AREAS} ORDER BY edition, position");
                on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?
            }
        };
        rows.into_iter().map(AreaRow::into_domain).collect()
    }

    /// One area, if it exists.
    pub async fn area(&self, key: AreaKey<'_>) -> StoreResult<Option<Area>> {
        let sql = format!("{AREAS} WHERE edition = $1 AND slug = $2");
        let row: Option<AreaRow> = on_pool!(self, p => sqlx::query_as(&sql)
            .bind(key.edition).bind(key.slug).fetch_optional(p).await)?;
        row.map(AreaRow::into_domain).transpose()
    }

    /// Facts of one owner (`area:EDITION/SLUG` or `page:SLUG`), or of all owners.
    pub async fn facts(&self, owner: Option<&str>) -> StoreResult<Vec<(String, Fact)>> {
        let rows: Vec<FactRow> = match owner {
            Some(o) => {
                let sql = format!("{FACTS} WHERE owner = $1 ORDER BY position");
                on_pool!(self, p => sqlx::query_as(&sql).bind(o).fetch_all(p).await)?
            }
            None => {
                let sql = format!("{FACTS} ORDER BY owner, position");
                on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?
            }
        };
        rows.into_iter().map(FactRow::into_domain).collect()
    }

    /// Successions touching one area (either side), or all of them.
    pub async fn successions(&self, area: Option<AreaKey<'_>>) -> StoreResult<Vec<Succession>> {
        let rows = match area {
            Some(k) => {
                let sql = format!("{SUCCESSIONS}{TOUCHING_AREA}{SUCCESSION_ORDER}");
                on_pool!(self, p => sqlx::query_as(&sql)
                    .bind(k.edition).bind(k.slug).fetch_all(p).await)?
            }
            None => {
                let sql = format!("{SUCCESSIONS}{SUCCESSION_ORDER}");
                on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?
            }
        };
        Ok(rows)
    }

    /// Goals in a scope, with their partner departments (two queries).
    pub async fn goals(&self, scope: Scope<'_>) -> StoreResult<Vec<GoalInArea>> {
        let rows: Vec<GoalRow> = scoped!(
            self,
            GoalRow,
            GOALS,
            scope,
            Item::Goal,
            " ORDER BY g.edition, g.area, g.position"
        )?;
        let partners: Vec<(String, String)> = scoped!(
            self,
            (String, String),
            GOAL_PARTNERS,
            scope,
            Item::Goal,
            " ORDER BY gp.goal, gp.position"
        )?;
        let mut partners = group(partners);
        rows.into_iter()
            .map(|r| {
                let mut g = r.into_domain()?;
                g.goal.partners = partners.remove(&g.goal.slug).unwrap_or_default();
                Ok(g)
            })
            .collect()
    }

    /// Measures in a scope, with partners, goals, status history, milestones and assessments
    /// (six queries).
    pub async fn measures(&self, scope: Scope<'_>) -> StoreResult<Vec<MeasureInArea>> {
        let rows: Vec<MeasureRow> = scoped!(
            self,
            MeasureRow,
            MEASURES,
            scope,
            Item::Measure,
            " ORDER BY m.edition, m.area, m.position"
        )?;
        let partners: Vec<(String, String)> = scoped!(
            self,
            (String, String),
            MEASURE_PARTNERS,
            scope,
            Item::Measure,
            " ORDER BY mp.measure, mp.position"
        )?;
        let goals: Vec<(String, String)> = scoped!(
            self,
            (String, String),
            MEASURE_GOALS,
            scope,
            Item::Measure,
            " ORDER BY mg.measure, mg.position"
        )?;
        let status: Vec<StatusRow> = scoped!(
            self,
            StatusRow,
            MEASURE_STATUS,
            scope,
            Item::Measure,
            " ORDER BY s.measure, s.position"
        )?;
        let milestones: Vec<MilestoneRow> = scoped!(
            self,
            MilestoneRow,
            MEASURE_MILESTONES,
            scope,
            Item::Measure,
            " ORDER BY ms.measure, ms.position"
        )?;
        let assessments: Vec<AssessmentRow> = scoped!(
            self,
            AssessmentRow,
            MEASURE_ASSESSMENTS,
            scope,
            Item::Measure,
            " ORDER BY a.measure, a.position"
        )?;
        let mut partners = group(partners);
        let mut goals = group(goals);
        let mut status = group(
            status
                .into_iter()
                .map(StatusRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        let mut milestones = group(
            milestones
                .into_iter()
                .map(MilestoneRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        let mut assessments = group(
            assessments
                .into_iter()
                .map(AssessmentRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        rows.into_iter()
            .map(|r| {
                let mut m = r.into_domain()?;
                let slug = m.measure.slug.clone();
                m.measure.partners = partners.remove(&slug).unwrap_or_default();
                m.measure.goals = goals.remove(&slug).unwrap_or_default();
                m.measure.status = status.remove(&slug).unwrap_or_default();
                m.measure.milestones = milestones.remove(&slug).unwrap_or_default();
                m.measure.assessment = assessments.remove(&slug).unwrap_or_default();
                Ok(m)
            })
            .collect()
    }

    /// Processes with their phases; one process when `slug` is given (two queries).
    pub async fn processes(&self, slug: Option<&str>) -> StoreResult<Vec<Process>> {
        let (rows, phases): (Vec<ProcessRow>, Vec<PhaseRow>) = match slug {
            Some(s) => {
                let (sql, phases_sql) = (
                    format!("{PROCESSES} WHERE slug = $1"),
                    format!("{PHASES} WHERE process = $1 ORDER BY position"),
                );
                (
                    on_pool!(self, p => sqlx::query_as(&sql).bind(s).fetch_all(p).await)?,
                    on_pool!(self, p => sqlx::query_as(&phases_sql).bind(s).fetch_all(p).await)?,
                )
            }
            None => {
                let (sql, phases_sql) = (
                    format!("{PROCESSES} ORDER BY position"),
                    format!("{PHASES} ORDER BY process, position"),
                );
                (
                    on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?,
                    on_pool!(self, p => sqlx::query_as(&phases_sql).fetch_all(p).await)?,
                )
            }
        };
        let mut phases = group(
            phases
                .into_iter()
                .map(PhaseRow::into_domain)
                .collect::<StoreResult<Vec<_>>>()?,
        );
        rows.into_iter()
            .map(|r| {
                let mut p = r.into_domain()?;
                p.phases = phases.remove(&p.slug).unwrap_or_default();
                Ok(p)
            })
            .collect()
    }

    /// Content pages with their facts; one page when `slug` is given (two queries).
    pub async fn pages(&self, slug: Option<&str>) -> StoreResult<Vec<Page>> {
        let rows: Vec<PageRow> = match slug {
            Some(s) => {
                let sql = format!("{PAGES} WHERE slug = $1");
                on_pool!(self, p => sqlx::query_as(&sql).bind(s).fetch_all(p).await)?
            }
            None => {
                let sql = format!("{PAGES} ORDER BY position");
                on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?
            }
        };
        let owner = slug.map(|s| format!("page:{s}"));
        let facts = self.facts(owner.as_deref()).await?;
        let mut facts = group(facts);
        rows.into_iter()
            .map(|r| {
                let mut p = r.into_domain()?;
                p.facts = facts
                    .remove(&format!("page:{}", p.slug))
                    .unwrap_or_default();
                Ok(p)
            })
            .collect()
    }
}
