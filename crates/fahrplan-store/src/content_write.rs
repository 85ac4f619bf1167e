//! Writing strategy content: a whole content set replaces what the database held, in one
//! transaction together with its outbox row, so a reader never sees half of an import.

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

/// Tables holding content, children first, so a delete in this order leaves no dangling rows.
const CONTENT_TABLES: &[&str] = &[
    "measure_status_changes",
    "measure_goals",
    "measure_partners",
    "measures",
    "goal_partners",
    "goals",
    "facts",
    "area_successions",
    "phases",
    "processes",
    "areas",
    "editions",
    "pages",
    "departments",
    "content_meta",
];

fn opt(d: &Option<PartialDate>) -> Option<String> {
    d.as_ref().map(ToString::to_string)
}

impl Store {
    /// Whether the database holds no content yet (first start).
    pub async fn content_is_empty(&self) -> StoreResult<bool> {
        Ok(self.content_meta().await?.is_none())
    }

    /// Replaces all content with `set` in one transaction and appends one outbox row.
    /// The caller validates the set first; a constraint violation rolls everything back.
    pub async fn replace_content(&self, set: &ContentSet) -> StoreResult<()> {
        in_tx!(self, tx => {
            for t in CONTENT_TABLES {
                sqlx::query(&format!("DELETE FROM {t}")).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO content_meta (id, name, default_edition, demonstration) VALUES (1, $1, $2, $3)")
                .bind(&set.meta.name)
                .bind(&set.meta.default_edition)
                .bind(i64::from(set.meta.demonstration))
                .execute(&mut *tx).await?;
            for (i, d) in set.departments.iter().enumerate() {
                sqlx::query("INSERT INTO departments (code, position, name, short_name, cabinet, valid_from, valid_to, successor, note, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                    .bind(&d.code).bind(i as i64).bind(&d.name).bind(&d.short_name).bind(&d.cabinet)
                    .bind(d.valid_from.to_string()).bind(opt(&d.valid_to)).bind(&d.successor).bind(&d.note)
                    .bind(d.updated.to_string())
                    .execute(&mut *tx).await?;
            }
            for (i, doc) in set.editions.iter().enumerate() {
                let e = &doc.edition;
                sqlx::query("INSERT INTO editions (slug, position, title, short_title, status, adopted_on, horizon_year, predecessor, summary, vision, leichte_sprache, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                    .bind(&e.slug).bind(i as i64).bind(&e.title).bind(&e.short_title).bind(e.status.as_str())
                    .bind(opt(&e.adopted_on)).bind(e.horizon_year).bind(&e.predecessor).bind(&e.summary)
                    .bind(&e.vision).bind(&e.leichte_sprache).bind(e.updated.to_string())
                    .execute(&mut *tx).await?;
                for a in &doc.areas {
                    sqlx::query("INSERT INTO areas (edition, slug, position, title, kind, parent, summary, body, baseline, leichte_sprache, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                        .bind(&e.slug).bind(&a.slug).bind(a.position).bind(&a.title).bind(a.kind.as_str())
                        .bind(&a.parent).bind(&a.summary).bind(&a.body).bind(&a.baseline)
                        .bind(&a.leichte_sprache).bind(a.updated.to_string())
                        .execute(&mut *tx).await?;
                    for (j, s) in a.successors.iter().enumerate() {
                        let (to_edition, to_area) = s.split_once('/').unwrap_or((s.as_str(), ""));
                        sqlx::query("INSERT INTO area_successions (from_edition, from_area, position, to_edition, to_area) VALUES ($1, $2, $3, $4, $5)")
                            .bind(&e.slug).bind(&a.slug).bind(j as i64).bind(to_edition).bind(to_area)
                            .execute(&mut *tx).await?;
                    }
                    let owner = format!("area:{}/{}", e.slug, a.slug);
                    for (j, f) in a.facts.iter().enumerate() {
                        insert_fact!(tx, &owner, j, f);
                    }
                    for (j, g) in a.goals.iter().enumerate() {
                        sqlx::query("INSERT INTO goals (slug, edition, area, position, title, body, lead) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                            .bind(&g.slug).bind(&e.slug).bind(&a.slug).bind(j as i64).bind(&g.title).bind(&g.body).bind(&g.lead)
                            .execute(&mut *tx).await?;
                        for (k, p) in g.partners.iter().enumerate() {
                            sqlx::query("INSERT INTO goal_partners (goal, position, department) VALUES ($1, $2, $3)")
                                .bind(&g.slug).bind(k as i64).bind(p).execute(&mut *tx).await?;
                        }
                    }
                    for (j, m) in a.measures.iter().enumerate() {
                        sqlx::query("INSERT INTO measures (slug, edition, area, position, title, body, lead, start_on, planned_end, actual_end, budget_planned_eur, budget_spent_eur, budget_source, source_url, external_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                            .bind(&m.slug).bind(&e.slug).bind(&a.slug).bind(j as i64).bind(&m.title).bind(&m.body).bind(&m.lead)
                            .bind(opt(&m.start)).bind(opt(&m.planned_end)).bind(opt(&m.actual_end))
                            .bind(m.budget_planned_eur).bind(m.budget_spent_eur).bind(&m.budget_source)
                            .bind(&m.source_url).bind(&m.external_id)
                            .execute(&mut *tx).await?;
                        for (k, p) in m.partners.iter().enumerate() {
                            sqlx::query("INSERT INTO measure_partners (measure, position, department) VALUES ($1, $2, $3)")
                                .bind(&m.slug).bind(k as i64).bind(p).execute(&mut *tx).await?;
                        }
                        for (k, g) in m.goals.iter().enumerate() {
                            sqlx::query("INSERT INTO measure_goals (measure, position, goal) VALUES ($1, $2, $3)")
                                .bind(&m.slug).bind(k as i64).bind(g).execute(&mut *tx).await?;
                        }
                        for (k, s) in m.status.iter().enumerate() {
                            sqlx::query("INSERT INTO measure_status_changes (measure, position, changed_on, status, note) VALUES ($1, $2, $3, $4, $5)")
                                .bind(&m.slug).bind(k as i64).bind(s.on.to_string()).bind(s.status.as_str()).bind(&s.note)
                                .execute(&mut *tx).await?;
                        }
                    }
                }
            }
            for (i, p) in set.processes.iter().enumerate() {
                sqlx::query("INSERT INTO processes (slug, position, title, edition, summary, body, participants, written_statements, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                    .bind(&p.slug).bind(i as i64).bind(&p.title).bind(&p.edition).bind(&p.summary).bind(&p.body)
                    .bind(p.participants).bind(p.written_statements).bind(p.updated.to_string())
                    .execute(&mut *tx).await?;
                for (j, ph) in p.phases.iter().enumerate() {
                    sqlx::query("INSERT INTO phases (process, position, title, kind, starts_on, ends_on, body, participants, allows) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                        .bind(&p.slug).bind(j as i64).bind(&ph.title).bind(ph.kind.as_str()).bind(ph.start.to_string())
                        .bind(opt(&ph.end)).bind(&ph.body).bind(ph.participants)
                        .bind(ph.allows.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(","))
                        .execute(&mut *tx).await?;
                }
            }
            for (i, p) in set.pages.iter().enumerate() {
                sqlx::query("INSERT INTO pages (slug, position, title, summary, body, leichte_sprache, updated) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(&p.slug).bind(i as i64).bind(&p.title).bind(&p.summary).bind(&p.body)
                    .bind(&p.leichte_sprache).bind(p.updated.to_string())
                    .execute(&mut *tx).await?;
                let owner = format!("page:{}", p.slug);
                for (j, f) in p.facts.iter().enumerate() {
                    insert_fact!(tx, &owner, j, f);
                }
            }
            sqlx::query(crate::outbox::APPEND)
                .bind(crate::now_text()).bind("content").bind("*")
                .execute(&mut *tx).await?;
        });
        Ok(())
    }
}
