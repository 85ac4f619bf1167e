//! The kinds of entity staff edit, with their fields, how a form is filled from the content,
//! how a checked form changes the content, and whose editors may change them (the rule of the
//! monitoring issue: the lead department and the partners, or a department that succeeded one;
//! admins everything; areas and legal pages have no department, so only admins edit them).

mod entities;
mod specs;

pub(crate) use entities::{set_area, set_goal, set_measure, set_page};

use super::fields::{Checked, FieldSpec, Values};
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
}

/// One entity: its kind and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRef {
    /// The kind.
    pub kind: EntityKind,
    /// Slug, or `{edition}/{slug}` for an area.
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
        }
    }

    /// The German path segment of its editorial pages.
    pub fn segment(self) -> &'static str {
        match self {
            EntityKind::Measure => "massnahme",
            EntityKind::Goal => "ziel",
            EntityKind::Area => "bereich",
            EntityKind::Page => "seite",
        }
    }

    /// The kind of a path segment.
    pub fn from_segment(s: &str) -> Option<Self> {
        [Self::Measure, Self::Goal, Self::Area, Self::Page]
            .into_iter()
            .find(|k| k.segment() == s)
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
        }
    }
}

impl EntityRef {
    /// Parses `measure:slug` and the like.
    pub fn parse(entity: &str) -> Option<Self> {
        let (kind, key) = entity.split_once(':')?;
        let kind = [
            EntityKind::Measure,
            EntityKind::Goal,
            EntityKind::Area,
            EntityKind::Page,
        ]
        .into_iter()
        .find(|k| k.as_str() == kind)?;
        let ok = |s: &str| fahrplan_domain::slug::is_valid_slug(s);
        let valid = match kind {
            EntityKind::Area => key.split_once('/').is_some_and(|(e, s)| ok(e) && ok(s)),
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

    /// The editing form's path.
    pub fn edit_path(&self) -> String {
        format!(
            "/redaktion/inhalte/{}/{}/bearbeiten",
            self.kind.segment(),
            self.key
        )
    }

    /// The version list's path.
    pub fn history_path(&self) -> String {
        format!(
            "/redaktion/inhalte/{}/{}/versionen",
            self.kind.segment(),
            self.key
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
    })
}

/// Changes the entity in `set` to the checked values; false when the set has no such entity.
pub fn apply(set: &mut ContentSet, e: &EntityRef, c: &Checked) -> bool {
    match e.kind {
        EntityKind::Measure => measure_mut(set, &e.key).map(|m| set_measure(m, c)),
        EntityKind::Goal => goal_mut(set, &e.key).map(|g| set_goal(g, c)),
        EntityKind::Area => area_mut(set, &e.key).map(|a| set_area(a, c)),
        EntityKind::Page => page_mut(set, &e.key).map(|p| set_page(p, c)),
    }
    .is_some()
}

/// The departments whose editors may change the entity as `set` holds it (lead first, then
/// partners); empty for areas and pages, which only admins edit.
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
        EntityKind::Area | EntityKind::Page => Vec::new(),
    }
}
