//! What an import changes: the stored content set compared with the new one, entity by entity,
//! as a list of writes and the outbox rows that announce them. Pure: no SQL, no I/O, so the rules
//! below are tested without a database.
//!
//! Rules:
//! - An entity whose own fields, position or child lists (partners, facts, phases, successions)
//!   are equal is not written at all. A changed child list is replaced as a whole.
//! - Measure status history is append-only (ARCHITECTURE.md, Data): stored entries are never
//!   rewritten or deleted, also when the file no longer lists them (monitoring may have added
//!   them); the file's entries that are not stored yet are appended in file order. Only removing
//!   the measure itself removes its history, since the rows cannot outlive the measure.
//!   Independent assessments are history in the same way. A measure's milestones belong to the
//!   file: a changed list is replaced as a whole and announces the measure.
//! - One outbox row per changed entity, `topic` = its kind, `entity` = its key (`TOPIC_*`).
//!   When an entity is added, removed or moved (another parent or position), the parents whose
//!   lists changed get a row too: the edition for an area, the parent area for an area, the area
//!   for a goal or measure, the departments that lead or partner it, the goals a measure serves,
//!   the areas on both sides of a succession. Pages that list every entity of a kind follow the
//!   kind's rows anyway (web's page cache).
//! - Archiving or un-archiving an entity (its `archived` date set or cleared, `content_keep.rs`)
//!   takes it out of or puts it back into the same lists, so it announces the same parents as
//!   adding or removing it.

use fahrplan_domain::*;
use std::collections::{BTreeSet, HashMap};

mod entities;
use entities::*;

/// Outbox topic of the site-level content facts (`content.toml`); its entity is `content`.
pub const TOPIC_META: &str = "meta";
/// Outbox topic of a department; the entity is its code.
pub const TOPIC_DEPARTMENT: &str = "department";
/// Outbox topic of an edition; the entity is its slug.
pub const TOPIC_EDITION: &str = "edition";
/// Outbox topic of an area; the entity is `edition/slug`.
pub const TOPIC_AREA: &str = "area";
/// Outbox topic of a goal; the entity is its slug.
pub const TOPIC_GOAL: &str = "goal";
/// Outbox topic of a measure; the entity is its slug.
pub const TOPIC_MEASURE: &str = "measure";
/// Outbox topic of a participation process; the entity is its slug.
pub const TOPIC_PROCESS: &str = "process";
/// Outbox topic of a content page; the entity is its slug.
pub const TOPIC_PAGE: &str = "page";
/// Outbox topic of an indicator and its observations; the entity is its slug.
pub const TOPIC_INDICATOR: &str = "indicator";
/// Outbox topic of a region; the entity is its official key.
pub const TOPIC_REGION: &str = "region";
/// Every outbox topic a content import writes.
pub const CONTENT_TOPICS: [&str; 10] = [
    TOPIC_META,
    TOPIC_DEPARTMENT,
    TOPIC_EDITION,
    TOPIC_AREA,
    TOPIC_GOAL,
    TOPIC_MEASURE,
    TOPIC_PROCESS,
    TOPIC_PAGE,
    TOPIC_INDICATOR,
    TOPIC_REGION,
];

/// One write of an import.
#[derive(Debug, PartialEq)]
pub(crate) enum Op<'a> {
    Meta(&'a ContentMeta),
    Department(usize, &'a Department),
    DeleteDepartment(&'a str),
    Edition(usize, &'a Edition),
    DeleteEdition(&'a str),
    Area(&'a str, &'a AreaDoc),
    /// Deletes the area with its facts and the successions leading from it.
    DeleteArea(&'a str, &'a str),
    Successions(&'a str, &'a str, &'a [String]),
    /// Replaces the facts of an owner (`area:EDITION/SLUG` or `page:SLUG`).
    Facts(String, &'a [Fact]),
    Goal(&'a str, &'a str, usize, &'a Goal),
    /// Deletes the goal with its partners.
    DeleteGoal(&'a str),
    GoalPartners(&'a str, &'a [String]),
    Measure(&'a str, &'a str, usize, &'a Measure),
    /// Deletes the measure with its partners, goals, status history, milestones and
    /// assessments.
    DeleteMeasure(&'a str),
    MeasurePartners(&'a str, &'a [String]),
    MeasureGoals(&'a str, &'a [String]),
    /// Appends status entries from the given position on.
    AppendStatus(&'a str, usize, Vec<&'a StatusChange>),
    /// Replaces the milestones of a measure.
    MeasureMilestones(&'a str, &'a [Milestone]),
    /// Appends assessments from the given position on.
    AppendAssessments(&'a str, usize, Vec<&'a Assessment>),
    Process(usize, &'a Process),
    /// Deletes the process with its phases.
    DeleteProcess(&'a str),
    Phases(&'a str, &'a [Phase]),
    Page(usize, &'a Page),
    /// Deletes the page with its facts.
    DeletePage(&'a str),
}

/// The writes of an import and the outbox rows (topic, entity) that announce them.
#[derive(Debug, Default)]
pub(crate) struct Plan<'a> {
    pub(crate) ops: Vec<Op<'a>>,
    pub(crate) changes: BTreeSet<(&'static str, String)>,
}

impl Plan<'_> {
    fn mark(&mut self, topic: &'static str, entity: impl Into<String>) {
        self.changes.insert((topic, entity.into()));
    }

    fn mark_departments<'x>(&mut self, codes: impl IntoIterator<Item = &'x String>) {
        for c in codes {
            self.mark(TOPIC_DEPARTMENT, c.as_str());
        }
    }
}

/// The writes that turn `old` (what the database holds, `None` when empty) into `new`.
pub(crate) fn plan<'a>(old: Option<&'a ContentSet>, new: &'a ContentSet) -> Plan<'a> {
    let fresh = old.is_none();
    let old = old.unwrap_or(&EMPTY);
    let mut p = Plan::default();

    if fresh || old.meta != new.meta {
        p.ops.push(Op::Meta(&new.meta));
        p.mark(TOPIC_META, "content");
    }

    let olds: HashMap<&str, (usize, &Department)> = old
        .departments
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code.as_str(), (i, d)))
        .collect();
    for (i, d) in new.departments.iter().enumerate() {
        if olds.get(d.code.as_str()) != Some(&(i, d)) {
            p.ops.push(Op::Department(i, d));
            p.mark(TOPIC_DEPARTMENT, d.code.as_str());
        }
    }
    for d in &old.departments {
        if !new.departments.iter().any(|n| n.code == d.code) {
            p.ops.push(Op::DeleteDepartment(&d.code));
            p.mark(TOPIC_DEPARTMENT, d.code.as_str());
        }
    }

    let olde: HashMap<&str, (usize, &Edition)> = old
        .editions
        .iter()
        .enumerate()
        .map(|(i, e)| (e.edition.slug.as_str(), (i, &e.edition)))
        .collect();
    for (i, doc) in new.editions.iter().enumerate() {
        let e = &doc.edition;
        if olde.get(e.slug.as_str()) != Some(&(i, e)) {
            p.ops.push(Op::Edition(i, e));
            p.mark(TOPIC_EDITION, e.slug.as_str());
        }
    }
    for doc in &old.editions {
        if !new
            .editions
            .iter()
            .any(|n| n.edition.slug == doc.edition.slug)
        {
            p.ops.push(Op::DeleteEdition(&doc.edition.slug));
            p.mark(TOPIC_EDITION, doc.edition.slug.as_str());
        }
    }

    let (olda, newa) = (areas_of(old), areas_of(new));
    let stored_areas: HashMap<&str, &AreaDoc> =
        olda.iter().map(|(k, _, a)| (k.as_str(), *a)).collect();
    for (key, e, a) in &newa {
        let (key, e, a) = (key.as_str(), *e, *a);
        let stored = stored_areas.get(key).copied();
        if stored.map(area_scalars) != Some(area_scalars(a)) {
            p.ops.push(Op::Area(e, a));
            p.mark(TOPIC_AREA, key);
            if stored.is_none_or(|o| {
                o.position != a.position
                    || o.parent != a.parent
                    || o.archived.is_some() != a.archived.is_some()
            }) {
                p.mark(TOPIC_EDITION, e);
                for parent in stored
                    .and_then(|o| o.parent.as_ref())
                    .into_iter()
                    .chain(&a.parent)
                {
                    p.mark(TOPIC_AREA, format!("{e}/{parent}"));
                }
            }
        }
        let old_facts = stored.map(|o| o.facts.as_slice()).unwrap_or(&[]);
        let old_succ = stored.map(|o| o.successors.as_slice()).unwrap_or(&[]);
        if old_facts != a.facts.as_slice() {
            p.ops.push(Op::Facts(format!("area:{key}"), &a.facts));
            p.mark(TOPIC_AREA, key);
        }
        if old_succ != a.successors.as_slice() {
            p.ops.push(Op::Successions(e, &a.slug, &a.successors));
            p.mark(TOPIC_AREA, key);
            for s in changed(old_succ, &a.successors) {
                p.mark(TOPIC_AREA, s.as_str());
            }
        }
    }
    for (key, e, a) in &olda {
        let (key, e, a) = (key.as_str(), *e, *a);
        if !newa.iter().any(|(k, _, _)| k == key) {
            p.ops.push(Op::DeleteArea(e, &a.slug));
            p.mark(TOPIC_AREA, key);
            p.mark(TOPIC_EDITION, e);
            if let Some(parent) = &a.parent {
                p.mark(TOPIC_AREA, format!("{e}/{parent}"));
            }
            for s in &a.successors {
                p.mark(TOPIC_AREA, s.as_str());
            }
        }
    }

    let (oldg, newg) = (goals_of(old), goals_of(new));
    let stored_goals: HashMap<&str, (Place<'_>, &Goal)> =
        oldg.iter().map(|&(s, pl, g)| (s, (pl, g))).collect();
    for &(slug, place, g) in &newg {
        let stored = stored_goals.get(slug).copied();
        let toggled = stored.is_some_and(|(_, o)| o.archived.is_some() != g.archived.is_some());
        if stored.map(|(pl, o)| (pl, goal_scalars(o))) != Some((place, goal_scalars(g))) {
            p.ops.push(Op::Goal(place.0, place.1, place.2, g));
            p.mark(TOPIC_GOAL, slug);
            if toggled || stored.is_none_or(|(pl, _)| pl != place) {
                p.mark(TOPIC_AREA, format!("{}/{}", place.0, place.1));
                if let Some(((e, a, _), _)) = stored {
                    p.mark(TOPIC_AREA, format!("{e}/{a}"));
                }
            }
        }
        let old_partners = stored.map(|(_, o)| o.partners.as_slice()).unwrap_or(&[]);
        if old_partners != g.partners.as_slice() {
            p.ops.push(Op::GoalPartners(slug, &g.partners));
            p.mark(TOPIC_GOAL, slug);
        }
        let old_depts = stored.map_or(Vec::new(), |(_, o)| with_lead(&o.lead, &o.partners));
        let new_depts = with_lead(&g.lead, &g.partners);
        p.mark_departments(changed(&old_depts, &new_depts));
        if toggled {
            p.mark_departments(&new_depts);
        }
    }
    for &(slug, (e, a, _), g) in &oldg {
        if !newg.iter().any(|n| n.0 == slug) {
            p.ops.push(Op::DeleteGoal(slug));
            p.mark(TOPIC_GOAL, slug);
            p.mark(TOPIC_AREA, format!("{e}/{a}"));
            p.mark_departments(&with_lead(&g.lead, &g.partners));
        }
    }

    let (oldm, newm) = (measures_of(old), measures_of(new));
    let stored_measures: HashMap<&str, (Place<'_>, &Measure)> =
        oldm.iter().map(|&(s, pl, m)| (s, (pl, m))).collect();
    for &(slug, place, m) in &newm {
        let stored = stored_measures.get(slug).copied();
        let toggled = stored.is_some_and(|(_, o)| o.archived.is_some() != m.archived.is_some());
        if stored.map(|(pl, o)| (pl, measure_scalars(o))) != Some((place, measure_scalars(m))) {
            p.ops.push(Op::Measure(place.0, place.1, place.2, m));
            p.mark(TOPIC_MEASURE, slug);
            if toggled || stored.is_none_or(|(pl, _)| pl != place) {
                p.mark(TOPIC_AREA, format!("{}/{}", place.0, place.1));
                if let Some(((e, a, _), _)) = stored {
                    p.mark(TOPIC_AREA, format!("{e}/{a}"));
                }
            }
        }
        let old_partners = stored.map(|(_, o)| o.partners.as_slice()).unwrap_or(&[]);
        let old_goals = stored.map(|(_, o)| o.goals.as_slice()).unwrap_or(&[]);
        let old_status = stored.map(|(_, o)| o.status.as_slice()).unwrap_or(&[]);
        if old_partners != m.partners.as_slice() {
            p.ops.push(Op::MeasurePartners(slug, &m.partners));
            p.mark(TOPIC_MEASURE, slug);
        }
        if old_goals != m.goals.as_slice() {
            p.ops.push(Op::MeasureGoals(slug, &m.goals));
            p.mark(TOPIC_MEASURE, slug);
            for g in changed(old_goals, &m.goals) {
                p.mark(TOPIC_GOAL, g.as_str());
            }
        }
        let append = to_append(old_status, &m.status);
        if !append.is_empty() {
            p.ops.push(Op::AppendStatus(slug, old_status.len(), append));
            p.mark(TOPIC_MEASURE, slug);
        }
        let old_milestones = stored.map(|(_, o)| o.milestones.as_slice()).unwrap_or(&[]);
        if old_milestones != m.milestones.as_slice() {
            p.ops.push(Op::MeasureMilestones(slug, &m.milestones));
            p.mark(TOPIC_MEASURE, slug);
        }
        let old_assessments = stored.map(|(_, o)| o.assessment.as_slice()).unwrap_or(&[]);
        let append = to_append(old_assessments, &m.assessment);
        if !append.is_empty() {
            p.ops
                .push(Op::AppendAssessments(slug, old_assessments.len(), append));
            p.mark(TOPIC_MEASURE, slug);
        }
        let old_depts = stored.map_or(Vec::new(), |(_, o)| with_lead(&o.lead, &o.partners));
        let new_depts = with_lead(&m.lead, &m.partners);
        p.mark_departments(changed(&old_depts, &new_depts));
        if toggled {
            p.mark_departments(&new_depts);
            for g in &m.goals {
                p.mark(TOPIC_GOAL, g.as_str());
            }
        }
    }
    for &(slug, (e, a, _), m) in &oldm {
        if !newm.iter().any(|n| n.0 == slug) {
            p.ops.push(Op::DeleteMeasure(slug));
            p.mark(TOPIC_MEASURE, slug);
            p.mark(TOPIC_AREA, format!("{e}/{a}"));
            p.mark_departments(&with_lead(&m.lead, &m.partners));
            for g in &m.goals {
                p.mark(TOPIC_GOAL, g.as_str());
            }
        }
    }

    let oldp: HashMap<&str, (usize, &Process)> = old
        .processes
        .iter()
        .enumerate()
        .map(|(i, x)| (x.slug.as_str(), (i, x)))
        .collect();
    for (i, x) in new.processes.iter().enumerate() {
        let stored = oldp.get(x.slug.as_str()).copied();
        if stored.map(|(j, o)| (j, process_scalars(o))) != Some((i, process_scalars(x))) {
            p.ops.push(Op::Process(i, x));
            p.mark(TOPIC_PROCESS, x.slug.as_str());
        }
        if stored.map(|(_, o)| o.phases.as_slice()).unwrap_or(&[]) != x.phases.as_slice() {
            p.ops.push(Op::Phases(&x.slug, &x.phases));
            p.mark(TOPIC_PROCESS, x.slug.as_str());
        }
    }
    for x in &old.processes {
        if !new.processes.iter().any(|n| n.slug == x.slug) {
            p.ops.push(Op::DeleteProcess(&x.slug));
            p.mark(TOPIC_PROCESS, x.slug.as_str());
        }
    }

    let oldg: HashMap<&str, (usize, &Page)> = old
        .pages
        .iter()
        .enumerate()
        .map(|(i, x)| (x.slug.as_str(), (i, x)))
        .collect();
    for (i, x) in new.pages.iter().enumerate() {
        let stored = oldg.get(x.slug.as_str()).copied();
        if stored.map(|(j, o)| (j, page_scalars(o))) != Some((i, page_scalars(x))) {
            p.ops.push(Op::Page(i, x));
            p.mark(TOPIC_PAGE, x.slug.as_str());
        }
        if stored.map(|(_, o)| o.facts.as_slice()).unwrap_or(&[]) != x.facts.as_slice() {
            p.ops.push(Op::Facts(format!("page:{}", x.slug), &x.facts));
            p.mark(TOPIC_PAGE, x.slug.as_str());
        }
    }
    for x in &old.pages {
        if !new.pages.iter().any(|n| n.slug == x.slug) {
            p.ops.push(Op::DeletePage(&x.slug));
            p.mark(TOPIC_PAGE, x.slug.as_str());
        }
    }
    p
}

#[cfg(test)]
mod tests;
