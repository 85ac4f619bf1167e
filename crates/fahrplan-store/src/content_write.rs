//! Writing strategy content: an import is a diff against what the database holds, written in
//! one transaction together with one outbox row per changed entity, so a reader never sees half
//! of an import and followers (page cache, search index) learn what changed. What counts as a
//! change, and which rows announce it, is decided in `content_diff.rs`; this file only turns
//! its plan into SQL.

use crate::content_diff::{Op, plan};
use crate::content_keep::{Referenced, Removals, keep};
use crate::content_refs::{REFERENCES, References};
use crate::content_stored::stored_content;
use crate::monitoring_write::write_monitoring;
use crate::versions::{VersionOrigin, latest_versions, newest, write_versions};
use crate::{Store, StoreResult, in_tx};
use fahrplan_domain::*;

macro_rules! insert_fact {
    ($tx:ident, $owner:expr, $pos:expr, $f:expr) => {
        sqlx::query("INSERT INTO facts (owner, position, label, value, as_of, source, source_url) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind($owner).bind($pos as i64).bind(&$f.label).bind(&$f.value).bind($f.as_of.to_string())
            .bind(&$f.source).bind(&$f.source_url)
            .execute(&mut *$tx).await?
    };
}

const UPSERT_META: &str = "INSERT INTO content_meta (id, name, default_edition, demonstration) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name, default_edition = excluded.default_edition, demonstration = excluded.demonstration";
const UPSERT_DEPARTMENT: &str = "INSERT INTO departments (code, position, name, short_name, cabinet, valid_from, valid_to, successor, note, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO UPDATE SET position = excluded.position, name = excluded.name, short_name = excluded.short_name, cabinet = excluded.cabinet, valid_from = excluded.valid_from, valid_to = excluded.valid_to, successor = excluded.successor, note = excluded.note, updated = excluded.updated";
const UPSERT_EDITION: &str = "INSERT INTO editions (slug, position, title, short_title, status, adopted_on, horizon_year, predecessor, summary, vision, leichte_sprache, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (slug) DO UPDATE SET position = excluded.position, title = excluded.title, short_title = excluded.short_title, status = excluded.status, adopted_on = excluded.adopted_on, horizon_year = excluded.horizon_year, predecessor = excluded.predecessor, summary = excluded.summary, vision = excluded.vision, leichte_sprache = excluded.leichte_sprache, updated = excluded.updated";
const UPSERT_AREA: &str = "INSERT INTO areas (edition, slug, position, title, kind, parent, summary, body, baseline, leichte_sprache, updated, archived_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (edition, slug) DO UPDATE SET position = excluded.position, title = excluded.title, kind = excluded.kind, parent = excluded.parent, summary = excluded.summary, body = excluded.body, baseline = excluded.baseline, leichte_sprache = excluded.leichte_sprache, updated = excluded.updated, archived_on = excluded.archived_on";
const UPSERT_GOAL: &str = "INSERT INTO goals (slug, edition, area, position, title, body, lead, archived_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (slug) DO UPDATE SET edition = excluded.edition, area = excluded.area, position = excluded.position, title = excluded.title, body = excluded.body, lead = excluded.lead, archived_on = excluded.archived_on";
const UPSERT_MEASURE: &str = "INSERT INTO measures (slug, edition, area, position, title, body, lead, start_on, planned_end, actual_end, budget_planned_eur, budget_spent_eur, budget_source, source_url, external_id, archived_on, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT (slug) DO UPDATE SET edition = excluded.edition, area = excluded.area, position = excluded.position, title = excluded.title, body = excluded.body, lead = excluded.lead, start_on = excluded.start_on, planned_end = excluded.planned_end, actual_end = excluded.actual_end, budget_planned_eur = excluded.budget_planned_eur, budget_spent_eur = excluded.budget_spent_eur, budget_source = excluded.budget_source, source_url = excluded.source_url, external_id = excluded.external_id, archived_on = excluded.archived_on, source = excluded.source";
const UPSERT_PROCESS: &str = "INSERT INTO processes (slug, position, title, edition, summary, body, participants, written_statements, updated, archived_on, outcome, owner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (slug) DO UPDATE SET position = excluded.position, title = excluded.title, edition = excluded.edition, summary = excluded.summary, body = excluded.body, participants = excluded.participants, written_statements = excluded.written_statements, updated = excluded.updated, archived_on = excluded.archived_on, outcome = excluded.outcome, owner = excluded.owner";
const INSERT_MILESTONE: &str = "INSERT INTO measure_milestones (measure, position, title, due, done_on) VALUES ($1, $2, $3, $4, $5)";
const INSERT_ASSESSMENT: &str = "INSERT INTO measure_assessments (measure, position, assessed_on, assessed_by, rating, note, source_url) VALUES ($1, $2, $3, $4, $5, $6, $7)";
const UPSERT_PAGE: &str = "INSERT INTO pages (slug, position, title, summary, body, leichte_sprache, updated) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (slug) DO UPDATE SET position = excluded.position, title = excluded.title, summary = excluded.summary, body = excluded.body, leichte_sprache = excluded.leichte_sprache, updated = excluded.updated";

/// Serialises content writes on PostgreSQL (imports and published editorial changes), so one
/// never writes over what it did not read; SQLite's `BEGIN IMMEDIATE` does the same.
const CONTENT_LOCK: &str = "SELECT pg_advisory_xact_lock(80822023)";

const CHANGE_STATE: &str = "SELECT state FROM editorial_changes WHERE id = $1";
const SET_PUBLISHED: &str = "UPDATE editorial_changes SET state = 'published', reviewer_id = $1, decided_at = $2, updated_at = $2, published_version = $3 WHERE id = $4 AND state = 'in_review'";

/// What publishing an editorial change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// Written: the entity's new version number (the same as before when the change altered
    /// nothing).
    Version(i64),
    /// Someone published another version of the entity since the change was based on
    /// `base_version`: nothing written. The newest version is `current`.
    Conflict {
        /// The newest version now.
        current: i64,
    },
    /// The entity is not in the content (any more): nothing written.
    Missing,
    /// The change is no longer in review (published or withdrawn by someone else): nothing written.
    NotInReview,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentImport {
    /// The content was written.
    Written {
        /// Outbox rows written: one per changed entity, 0 when nothing changed.
        changes: usize,
        /// What the import archived instead of dropping it.
        archived: Vec<Referenced>,
    },
    /// Nothing was written: the folder leaves out content that something refers to.
    Refused(Vec<Referenced>),
}

/// Runs `sql` with one bound key through `$tx`.
macro_rules! by_key {
    ($tx:ident, $sql:expr, $($key:expr),+) => {
        sqlx::query($sql)$(.bind($key))+.execute(&mut *$tx).await?
    };
}

/// Replaces a child list (`table (owner_col, position, value_col)`) of one owner.
macro_rules! replace_list {
    ($tx:ident, $table:literal, $owner_col:literal, $value_col:literal, $owner:expr, $values:expr) => {{
        by_key!(
            $tx,
            concat!("DELETE FROM ", $table, " WHERE ", $owner_col, " = $1"),
            $owner
        );
        for (k, v) in $values.iter().enumerate() {
            sqlx::query(concat!(
                "INSERT INTO ",
                $table,
                " (",
                $owner_col,
                ", position, ",
                $value_col,
                ") VALUES ($1, $2, $3)"
            ))
            .bind($owner)
            .bind(k as i64)
            .bind(v)
            .execute(&mut *$tx)
            .await?;
        }
        1 + $values.len() as u64
    }};
}

/// Writes one planned change through `$tx`; evaluates to the number of queries sent.
macro_rules! apply {
    ($tx:ident, $op:expr) => {
        match $op {
            Op::Meta(m) => {
                sqlx::query(UPSERT_META)
                    .bind(&m.name).bind(&m.default_edition).bind(i64::from(m.demonstration))
                    .execute(&mut *$tx).await?;
                1
            }
            Op::Department(i, d) => {
                sqlx::query(UPSERT_DEPARTMENT)
                    .bind(&d.code).bind(*i as i64).bind(&d.name).bind(&d.short_name).bind(&d.cabinet)
                    .bind(d.valid_from.to_string()).bind(opt(&d.valid_to)).bind(&d.successor).bind(&d.note)
                    .bind(d.updated.to_string())
                    .execute(&mut *$tx).await?;
                1
            }
            Op::DeleteDepartment(code) => {
                by_key!($tx, "DELETE FROM departments WHERE code = $1", *code);
                1
            }
            Op::Edition(i, e) => {
                sqlx::query(UPSERT_EDITION)
                    .bind(&e.slug).bind(*i as i64).bind(&e.title).bind(&e.short_title).bind(e.status.as_str())
                    .bind(opt(&e.adopted_on)).bind(e.horizon_year).bind(&e.predecessor).bind(&e.summary)
                    .bind(&e.vision).bind(&e.leichte_sprache).bind(e.updated.to_string())
                    .execute(&mut *$tx).await?;
                1
            }
            Op::DeleteEdition(slug) => {
                by_key!($tx, "DELETE FROM editions WHERE slug = $1", *slug);
                1
            }
            Op::Area(edition, a) => {
                sqlx::query(UPSERT_AREA)
                    .bind(*edition).bind(&a.slug).bind(a.position).bind(&a.title).bind(a.kind.as_str())
                    .bind(&a.parent).bind(&a.summary).bind(&a.body).bind(&a.baseline)
                    .bind(&a.leichte_sprache).bind(a.updated.to_string()).bind(opt(&a.archived))
                    .execute(&mut *$tx).await?;
                1
            }
            Op::DeleteArea(edition, slug) => {
                by_key!($tx, "DELETE FROM facts WHERE owner = $1", format!("area:{edition}/{slug}"));
                by_key!($tx, "DELETE FROM area_successions WHERE from_edition = $1 AND from_area = $2", *edition, *slug);
                by_key!($tx, "DELETE FROM areas WHERE edition = $1 AND slug = $2", *edition, *slug);
                3
            }
            Op::Successions(edition, slug, successors) => {
                by_key!($tx, "DELETE FROM area_successions WHERE from_edition = $1 AND from_area = $2", *edition, *slug);
                for (j, s) in successors.iter().enumerate() {
                    let (to_edition, to_area) = s.split_once('/').unwrap_or((s.as_str(), ""));
                    sqlx::query("INSERT INTO area_successions (from_edition, from_area, position, to_edition, to_area) VALUES ($1, $2, $3, $4, $5)")
                        .bind(*edition).bind(*slug).bind(j as i64).bind(to_edition).bind(to_area)
                        .execute(&mut *$tx).await?;
                }
                1 + successors.len() as u64
            }
            Op::Facts(owner, facts) => {
                by_key!($tx, "DELETE FROM facts WHERE owner = $1", owner.as_str());
                for (j, f) in facts.iter().enumerate() {
                    insert_fact!($tx, owner.as_str(), j, f);
                }
                1 + facts.len() as u64
            }
            Op::Goal(edition, area, j, g) => {
                sqlx::query(UPSERT_GOAL)
                    .bind(&g.slug).bind(*edition).bind(*area).bind(*j as i64).bind(&g.title).bind(&g.body).bind(&g.lead)
                    .bind(opt(&g.archived))
                    .execute(&mut *$tx).await?;
                1
            }
            Op::DeleteGoal(slug) => {
                by_key!($tx, "DELETE FROM goal_partners WHERE goal = $1", *slug);
                by_key!($tx, "DELETE FROM goals WHERE slug = $1", *slug);
                2
            }
            Op::GoalPartners(slug, partners) => {
                replace_list!($tx, "goal_partners", "goal", "department", *slug, partners)
            }
            Op::Measure(edition, area, j, m) => {
                sqlx::query(UPSERT_MEASURE)
                    .bind(&m.slug).bind(*edition).bind(*area).bind(*j as i64).bind(&m.title).bind(&m.body).bind(&m.lead)
                    .bind(opt(&m.start)).bind(opt(&m.planned_end)).bind(opt(&m.actual_end))
                    .bind(m.budget_planned_eur).bind(m.budget_spent_eur).bind(&m.budget_source)
                    .bind(&m.source_url).bind(&m.external_id).bind(opt(&m.archived)).bind(&m.source)
                    .execute(&mut *$tx).await?;
                1
            }
            Op::DeleteMeasure(slug) => {
                // The measure is gone, so its history cannot stay (it would point nowhere).
                by_key!($tx, "DELETE FROM measure_status_changes WHERE measure = $1", *slug);
                by_key!($tx, "DELETE FROM measure_assessments WHERE measure = $1", *slug);
                by_key!($tx, "DELETE FROM measure_milestones WHERE measure = $1", *slug);
                by_key!($tx, "DELETE FROM measure_partners WHERE measure = $1", *slug);
                by_key!($tx, "DELETE FROM measure_goals WHERE measure = $1", *slug);
                by_key!($tx, "DELETE FROM measures WHERE slug = $1", *slug);
                6
            }
            Op::MeasurePartners(slug, partners) => {
                replace_list!($tx, "measure_partners", "measure", "department", *slug, partners)
            }
            Op::MeasureGoals(slug, goals) => {
                replace_list!($tx, "measure_goals", "measure", "goal", *slug, goals)
            }
            Op::AppendStatus(slug, from, entries) => {
                for (k, s) in entries.iter().enumerate() {
                    sqlx::query("INSERT INTO measure_status_changes (measure, position, changed_on, status, note) VALUES ($1, $2, $3, $4, $5)")
                        .bind(*slug).bind((from + k) as i64).bind(s.on.to_string()).bind(s.status.as_str()).bind(&s.note)
                        .execute(&mut *$tx).await?;
                }
                entries.len() as u64
            }
            Op::MeasureMilestones(slug, milestones) => {
                by_key!($tx, "DELETE FROM measure_milestones WHERE measure = $1", *slug);
                for (k, ms) in milestones.iter().enumerate() {
                    sqlx::query(INSERT_MILESTONE)
                        .bind(*slug).bind(k as i64).bind(&ms.title).bind(ms.due.to_string()).bind(opt(&ms.done))
                        .execute(&mut *$tx).await?;
                }
                1 + milestones.len() as u64
            }
            Op::AppendAssessments(slug, from, entries) => {
                for (k, a) in entries.iter().enumerate() {
                    sqlx::query(INSERT_ASSESSMENT)
                        .bind(*slug).bind((from + k) as i64).bind(a.on.to_string()).bind(&a.by)
                        .bind(a.rating.as_str()).bind(&a.note).bind(&a.source_url)
                        .execute(&mut *$tx).await?;
                }
                entries.len() as u64
            }
            Op::Process(i, p) => {
                sqlx::query(UPSERT_PROCESS)
                    .bind(&p.slug).bind(*i as i64).bind(&p.title).bind(&p.edition).bind(&p.summary).bind(&p.body)
                    .bind(p.participants).bind(p.written_statements).bind(p.updated.to_string())
                    .bind(opt(&p.archived)).bind(&p.outcome).bind(&p.owner)
                    .execute(&mut *$tx).await?;
                1
            }
            Op::DeleteProcess(slug) => {
                by_key!($tx, "DELETE FROM phases WHERE process = $1", *slug);
                by_key!($tx, "DELETE FROM processes WHERE slug = $1", *slug);
                2
            }
            Op::Phases(slug, phases) => {
                by_key!($tx, "DELETE FROM phases WHERE process = $1", *slug);
                for (j, ph) in phases.iter().enumerate() {
                    sqlx::query("INSERT INTO phases (process, position, title, kind, starts_on, ends_on, body, participants, allows) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                        .bind(*slug).bind(j as i64).bind(&ph.title).bind(ph.kind.as_str()).bind(ph.start.to_string())
                        .bind(opt(&ph.end)).bind(&ph.body).bind(ph.participants)
                        .bind(ph.allows.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(","))
                        .execute(&mut *$tx).await?;
                }
                1 + phases.len() as u64
            }
            Op::Page(i, p) => {
                sqlx::query(UPSERT_PAGE)
                    .bind(&p.slug).bind(*i as i64).bind(&p.title).bind(&p.summary).bind(&p.body)
                    .bind(&p.leichte_sprache).bind(p.updated.to_string())
                    .execute(&mut *$tx).await?;
                1
            }
            Op::DeletePage(slug) => {
                by_key!($tx, "DELETE FROM facts WHERE owner = $1", format!("page:{slug}"));
                by_key!($tx, "DELETE FROM pages WHERE slug = $1", *slug);
                2
            }
        }
    };
}

fn opt(d: &Option<PartialDate>) -> Option<String> {
    d.as_ref().map(ToString::to_string)
}

impl Store {
    /// Whether the database holds no content yet (first start).
    pub async fn content_is_empty(&self) -> StoreResult<bool> {
        Ok(self.content_meta().await?.is_none())
    }

    /// Makes the stored content equal to `set` in one transaction: reads what the database
    /// holds, decides what of it `set` leaves out must stay because contributions or archived
    /// content refer to it (`content_keep.rs`: refused, or archived on the date `removals`
    /// gives), writes only the entities that differ (`content_diff.rs` has the rules; status
    /// history is only appended to) and appends one outbox row per changed entity. A refused
    /// import writes nothing. The caller validates the set first; a constraint violation rolls
    /// everything back.
    pub async fn replace_content(
        &self,
        set: &ContentSet,
        removals: Removals,
    ) -> StoreResult<ContentImport> {
        let is_pg = matches!(self.pool, crate::Pool::Postgres(_));
        let outcome = in_tx!(self, tx => {
            if is_pg {
                sqlx::query(CONTENT_LOCK).execute(&mut *tx).await?;
            }
            let stored = stored_content!(tx);
            let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(REFERENCES)
                .fetch_all(&mut *tx).await?;
            let mut refs = References::default();
            for (kind, target, process, count, supports) in &rows {
                refs.add(kind, target, process, *count, *supports);
            }
            match keep(stored.as_ref(), set, &refs, removals) {
                Err(blocked) => ContentImport::Refused(blocked),
                Ok(kept) => {
                    let target = kept.set.as_ref().unwrap_or(set);
                    let plan = plan(stored.as_ref(), target);
                    for op in &plan.ops {
                        apply!(tx, op);
                    }
                    let now = crate::now_text();
                    let monitoring = write_monitoring!(tx, target, now.as_str());
                    let changes = plan.changes.iter().map(|(t, e)| (*t, e.to_string()));
                    let changes: Vec<(&str, String)> = changes.chain(monitoring).collect();
                    for (topic, entity) in &changes {
                        sqlx::query(crate::outbox::APPEND)
                            .bind(&now).bind(*topic).bind(entity)
                            .execute(&mut *tx).await?;
                    }
                    let mut latest = latest_versions!(tx);
                    write_versions!(tx, &mut latest, target, VersionOrigin::default());
                    ContentImport::Written {
                        changes: changes.len(),
                        archived: kept.archived,
                    }
                }
            }
        });
        Ok(outcome)
    }

    /// Publishes editorial change `change` of `entity`: in one transaction (serialised with
    /// imports and other publications) checks that the entity's newest version is still
    /// `base_version`, reads the stored content, lets `edit` change it (it answers whether it
    /// found the entity), writes what differs with its outbox rows, appends the new version with
    /// author and reviewer, and marks the change published. On a conflict, a missing entity or a
    /// change no longer in review nothing is written.
    pub async fn publish_change(
        &self,
        entity: &str,
        base_version: i64,
        origin: VersionOrigin,
        edit: impl FnOnce(&mut ContentSet) -> bool,
    ) -> StoreResult<Published> {
        let is_pg = matches!(self.pool, crate::Pool::Postgres(_));
        let change = origin.change.unwrap_or_default();
        let outcome = in_tx!(self, tx => {
            if is_pg {
                sqlx::query(CONTENT_LOCK).execute(&mut *tx).await?;
            }
            // Read once: the two rounds of versions below keep it up to date, so it also gives
            // the version this publication ends at.
            let mut latest = latest_versions!(tx);
            let current = newest(&latest, entity);
            let state: Option<(String,)> = sqlx::query_as(CHANGE_STATE)
                .bind(change).fetch_optional(&mut *tx).await?;
            let stored = stored_content!(tx);
            if state.is_none_or(|(s,)| s != "in_review") {
                Published::NotInReview
            } else if current != base_version {
                Published::Conflict { current }
            } else if let Some(mut stored) = stored {
                // The content tables hold no indicators; a change of one reads them here, so
                // its versions and its row follow the same path as every other entity.
                let indicators = entity.starts_with("indicator:");
                if indicators {
                    stored.indicators = crate::monitoring_write::stored_indicators!(tx);
                }
                // Entities that never had a version (content imported before versions
                // existed) get their first one now, so the history starts before the change.
                write_versions!(tx, &mut latest, &stored, VersionOrigin::default());
                let mut new = stored.clone();
                if edit(&mut new) {
                    let plan = plan(Some(&stored), &new);
                    for op in &plan.ops {
                        apply!(tx, op);
                    }
                    let mut changes: Vec<(&str, String)> =
                        plan.changes.iter().map(|(t, e)| (*t, e.to_string())).collect();
                    if indicators {
                        for (pos, ind) in new.indicators.iter().enumerate() {
                            if stored.indicators.get(pos) != Some(ind) {
                                crate::monitoring_write::write_indicator!(tx, ind, pos);
                                changes.push((crate::TOPIC_INDICATOR, ind.slug.clone()));
                            }
                        }
                    }
                    let now = crate::now_text();
                    for (topic, e) in &changes {
                        sqlx::query(crate::outbox::APPEND)
                            .bind(&now).bind(*topic).bind(e)
                            .execute(&mut *tx).await?;
                    }
                    write_versions!(tx, &mut latest, &new, origin);
                    let version = newest(&latest, entity);
                    let done = sqlx::query(SET_PUBLISHED)
                        .bind(origin.reviewer).bind(crate::now_secs()).bind(version).bind(change)
                        .execute(&mut *tx).await?;
                    if done.rows_affected() == 1 {
                        Published::Version(version)
                    } else {
                        // Withdrawn between the check and now: roll everything back.
                        return Err(crate::StoreError::Conflict { constraint: "editorial_changes.state".into() });
                    }
                } else {
                    Published::Missing
                }
            } else {
                Published::Missing
            }
        });
        Ok(outcome)
    }
}
