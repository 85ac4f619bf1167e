//! The kinds of entity staff edit, with their fields, how a form is filled from the content,
//! how a checked form changes the content, and whose editors may change them (the rule of the
//! monitoring issue: the lead department and the partners, or a department that succeeded one;
//! admins everything; areas and legal pages have no department, so only admins edit them).

mod common;
mod department;
mod edition;
mod entities;
mod indicator;
mod process;
mod specs;

pub(crate) use department::set_department;
pub(crate) use edition::set_edition;
pub(crate) use entities::{set_area, set_goal, set_measure, set_page};
pub(crate) use indicator::set_indicator;
pub(crate) use process::{set_phase, set_process};

use super::fields::{Checked, FieldSpec, Values};
use crate::FieldError;
use entities::{area_values, goal_values, measure_values, page_values};
use fahrplan_domain::{AreaDoc, ContentSet, Goal, Measure, Page};

/// A kind of editable entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    /// A measure (`measure:{slug}`).
    Measure,
    /// A goal (`goal:{slug}`).
    Goal,
    /// An area of an edition (`area:{edition}/{slug}`).
    Area,
    /// A legal or information page (`page:{slug}`).
    Page,
    /// An indicator (`indicator:{slug}`).
    Indicator,
    /// An edition (`edition:{slug}`).
    Edition,
    /// A department (`department:{code}`).
    Department,
    /// A participation process (`process:{slug}`).
    Process,
    /// A phase of a process (`phase:{process}/{n}`, 1-based); its versions are the process's.
    Phase,
}

/// Every kind, in the order lists show them.
pub const KINDS: [EntityKind; 9] = [
    EntityKind::Measure,
    EntityKind::Goal,
    EntityKind::Area,
    EntityKind::Page,
    EntityKind::Indicator,
    EntityKind::Edition,
    EntityKind::Department,
    EntityKind::Process,
    EntityKind::Phase,
];

/// One entity: its kind and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRef {
    /// The kind.
    pub kind: EntityKind,
    /// Slug, or `{edition}/{slug}` for an area, `{process}/{n}` for a phase.
    pub key: String,
}

impl EntityKind {
    /// The prefix of its entity key, also its wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Measure => "measure",
            EntityKind::Goal => "goal",
            EntityKind::Area => "area",
            EntityKind::Page => "page",
            EntityKind::Indicator => "indicator",
            EntityKind::Edition => "edition",
            EntityKind::Department => "department",
            EntityKind::Process => "process",
            EntityKind::Phase => "phase",
        }
    }

    /// The German path segment of its editorial pages.
    pub fn segment(self) -> &'static str {
        match self {
            EntityKind::Measure => "massnahme",
            EntityKind::Goal => "ziel",
            EntityKind::Area => "bereich",
            EntityKind::Page => "seite",
            EntityKind::Indicator => "indikator",
            EntityKind::Edition => "ausgabe",
            EntityKind::Department => "ressort",
            EntityKind::Process => "prozess",
            EntityKind::Phase => "phase",
        }
    }

    /// The kind of a path segment.
    pub fn from_segment(s: &str) -> Option<Self> {
        KINDS.into_iter().find(|k| k.segment() == s)
    }

    /// Whether its key has two parts (`{edition}/{slug}`, `{process}/{n}`).
    pub fn nested(self) -> bool {
        matches!(self, EntityKind::Area | EntityKind::Phase)
    }

    /// Whether a change of this kind can be previewed as its whole public page
    /// (`App::preview_change`).
    pub fn has_page_preview(self) -> bool {
        matches!(
            self,
            EntityKind::Measure | EntityKind::Goal | EntityKind::Area | EntityKind::Page
        )
    }

    /// The fields its form offers, in order.
    pub fn specs(self) -> &'static [FieldSpec] {
        match self {
            EntityKind::Measure => specs::MEASURE,
            EntityKind::Goal => specs::GOAL,
            EntityKind::Area => specs::AREA,
            EntityKind::Page => specs::PAGE,
            EntityKind::Indicator => indicator::INDICATOR,
            EntityKind::Edition => edition::EDITION,
            EntityKind::Department => department::DEPARTMENT,
            EntityKind::Process => process::PROCESS,
            EntityKind::Phase => process::PHASE,
        }
    }
}

impl EntityRef {
    /// Parses `measure:slug` and the like.
    pub fn parse(entity: &str) -> Option<Self> {
        let (kind, key) = entity.split_once(':')?;
        let kind = KINDS.into_iter().find(|k| k.as_str() == kind)?;
        let ok = |s: &str| fahrplan_domain::slug::is_valid_slug(s);
        let valid = match kind {
            EntityKind::Area => key.split_once('/').is_some_and(|(e, s)| ok(e) && ok(s)),
            EntityKind::Phase => key.split_once('/').is_some_and(|(p, n)| {
                ok(p) && !n.starts_with('0') && n.parse::<usize>().is_ok_and(|n| n >= 1)
            }),
            _ => ok(key),
        };
        valid.then(|| EntityRef {
            kind,
            key: key.to_owned(),
        })
    }

    /// `measure:slug` and the like.
    pub fn entity(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.key)
    }

    /// The entity whose versions count for this one: a phase's process, else itself.
    pub fn versioned(&self) -> EntityRef {
        match self.kind {
            EntityKind::Phase => EntityRef {
                kind: EntityKind::Process,
                key: self.key.split('/').next().unwrap_or_default().to_owned(),
            },
            _ => self.clone(),
        }
    }

    /// The entity key of [`EntityRef::versioned`].
    pub fn version_entity(&self) -> String {
        self.versioned().entity()
    }

    /// The editing form's path.
    pub fn edit_path(&self) -> String {
        format!(
            "/redaktion/inhalte/{}/{}/bearbeiten",
            self.kind.segment(),
            self.key
        )
    }

    /// The version list's path (a phase's is its process's).
    pub fn history_path(&self) -> String {
        let v = self.versioned();
        format!(
            "/redaktion/inhalte/{}/{}/versionen",
            v.kind.segment(),
            v.key
        )
    }

    /// The public page's path.
    pub fn public_path(&self) -> String {
        use fahrplan_domain::paths;
        match self.kind {
            EntityKind::Measure => paths::measure(&self.key),
            EntityKind::Goal => paths::goal(&self.key),
            EntityKind::Area => {
                let (e, s) = self.key.split_once('/').unwrap_or_default();
                paths::area(e, s)
            }
            EntityKind::Page => format!("/{}", self.key),
            EntityKind::Indicator => paths::indicator(&self.key),
            EntityKind::Edition => paths::edition(&self.key),
            EntityKind::Department => paths::department(&self.key),
            EntityKind::Process | EntityKind::Phase => format!(
                "{}/{}",
                paths::PARTICIPATION,
                self.key.split('/').next().unwrap_or_default()
            ),
        }
    }
}

fn area_mut<'s>(set: &'s mut ContentSet, key: &str) -> Option<&'s mut AreaDoc> {
    let (e, s) = key.split_once('/')?;
    set.editions
        .iter_mut()
        .find(|d| d.edition.slug == e)?
        .areas
        .iter_mut()
        .find(|a| a.slug == s)
}

fn measure_mut<'s>(set: &'s mut ContentSet, slug: &str) -> Option<&'s mut Measure> {
    set.editions
        .iter_mut()
        .flat_map(|e| e.areas.iter_mut())
        .flat_map(|a| a.measures.iter_mut())
        .find(|m| m.slug == slug)
}

fn goal_mut<'s>(set: &'s mut ContentSet, slug: &str) -> Option<&'s mut Goal> {
    set.editions
        .iter_mut()
        .flat_map(|e| e.areas.iter_mut())
        .flat_map(|a| a.goals.iter_mut())
        .find(|g| g.slug == slug)
}

fn page_mut<'s>(set: &'s mut ContentSet, slug: &str) -> Option<&'s mut Page> {
    set.pages.iter_mut().find(|p| p.slug == slug)
}

fn find_area<'s>(set: &'s ContentSet, key: &str) -> Option<&'s AreaDoc> {
    let (e, s) = key.split_once('/')?;
    set.editions
        .iter()
        .find(|d| d.edition.slug == e)?
        .areas
        .iter()
        .find(|a| a.slug == s)
}

fn find_measure<'s>(set: &'s ContentSet, slug: &str) -> Option<&'s Measure> {
    set.editions
        .iter()
        .flat_map(|e| &e.areas)
        .flat_map(|a| &a.measures)
        .find(|m| m.slug == slug)
}

fn find_goal<'s>(set: &'s ContentSet, slug: &str) -> Option<&'s Goal> {
    set.editions
        .iter()
        .flat_map(|e| &e.areas)
        .flat_map(|a| &a.goals)
        .find(|g| g.slug == slug)
}

/// The form's values for the entity as `set` holds it, with its title, or `None` when the set
/// has no such entity.
pub fn load(set: &ContentSet, e: &EntityRef) -> Option<(String, Values)> {
    Some(match e.kind {
        EntityKind::Measure => {
            let m = find_measure(set, &e.key)?;
            (m.title.clone(), measure_values(m))
        }
        EntityKind::Goal => {
            let g = find_goal(set, &e.key)?;
            (g.title.clone(), goal_values(g))
        }
        EntityKind::Area => {
            let a = find_area(set, &e.key)?;
            (a.title.clone(), area_values(a))
        }
        EntityKind::Page => {
            let p = set.pages.iter().find(|p| p.slug == e.key)?;
            (p.title.clone(), page_values(p))
        }
        EntityKind::Indicator => {
            let i = indicator::find(set, &e.key)?;
            (i.name.clone(), indicator::indicator_values(i))
        }
        EntityKind::Edition => {
            let x = edition::find(set, &e.key)?;
            (x.title.clone(), edition::edition_values(x))
        }
        EntityKind::Department => {
            let d = department::find(set, &e.key)?;
            (d.name.clone(), department::department_values(d))
        }
        EntityKind::Process => {
            let p = process::find(set, &e.key)?;
            (p.title.clone(), process::process_values(p))
        }
        EntityKind::Phase => {
            let (p, ph) = process::find_phase(set, &e.key)?;
            (
                format!("{} · {}", p.title, ph.title),
                process::phase_values(ph),
            )
        }
    })
}

/// Changes the entity in `set` to the checked values; false when the set has no such entity.
pub fn apply(set: &mut ContentSet, e: &EntityRef, c: &Checked) -> bool {
    match e.kind {
        EntityKind::Measure => measure_mut(set, &e.key).map(|m| set_measure(m, c)),
        EntityKind::Goal => goal_mut(set, &e.key).map(|g| set_goal(g, c)),
        EntityKind::Area => area_mut(set, &e.key).map(|a| set_area(a, c)),
        EntityKind::Page => page_mut(set, &e.key).map(|p| set_page(p, c)),
        EntityKind::Indicator => indicator::find_mut(set, &e.key).map(|i| set_indicator(i, c)),
        EntityKind::Edition => edition::find_mut(set, &e.key).map(|x| set_edition(x, c)),
        EntityKind::Department => department::find_mut(set, &e.key).map(|d| set_department(d, c)),
        EntityKind::Process => process::find_mut(set, &e.key).map(|p| set_process(p, c)),
        EntityKind::Phase => process::phase_mut(set, &e.key).map(|p| set_phase(p, c)),
    }
    .is_some()
}

/// Rules between fields and against the rest of the content, after each field passed its
/// own check: a department's successor, an indicator's target, a phase's end.
pub fn validate(set: &ContentSet, e: &EntityRef, c: &Checked) -> Vec<FieldError> {
    match e.kind {
        EntityKind::Department => department::check_successor(set, &e.key, c)
            .into_iter()
            .collect(),
        EntityKind::Indicator => indicator::check_target(c),
        EntityKind::Phase => process::check_phase(c).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The departments whose editors may change the entity as `set` holds it (lead first, then
/// partners; an indicator's owner); empty for the kinds only admins edit (areas, pages,
/// editions, departments, processes and their phases).
pub fn owners(set: &ContentSet, e: &EntityRef) -> Vec<String> {
    let of = |lead: &String, partners: &Vec<String>| {
        std::iter::once(lead.clone())
            .chain(partners.iter().cloned())
            .collect()
    };
    match e.kind {
        EntityKind::Measure => find_measure(set, &e.key)
            .map(|m| of(&m.lead, &m.partners))
            .unwrap_or_default(),
        EntityKind::Goal => find_goal(set, &e.key)
            .map(|g| of(&g.lead, &g.partners))
            .unwrap_or_default(),
        EntityKind::Indicator => indicator::find(set, &e.key)
            .map(|i| vec![i.owner.clone()])
            .unwrap_or_default(),
        EntityKind::Area
        | EntityKind::Page
        | EntityKind::Edition
        | EntityKind::Department
        | EntityKind::Process
        | EntityKind::Phase => Vec::new(),
    }
}
