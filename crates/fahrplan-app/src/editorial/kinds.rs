//! The kinds of entity staff edit, with their fields, how a form is filled from the content,
//! how a checked form changes the content, and whose editors may change them (the rule of the
//! monitoring issue: the lead department and the partners, or a department that succeeded one;
//! admins everything; areas and legal pages have no department, so only admins edit them).

use super::fields::{Checked, FieldKind as K, FieldSpec, Values, date_text, euros_text};
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

    /// The fields its form offers, in order.
    pub fn specs(self) -> &'static [FieldSpec] {
        match self {
            EntityKind::Measure => MEASURE,
            EntityKind::Goal => GOAL,
            EntityKind::Area => AREA,
            EntityKind::Page => PAGE,
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

const fn f(name: &'static str, label: &'static str, kind: K, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        label,
        hint: "",
        kind,
        required,
    }
}

const fn h(spec: FieldSpec, hint: &'static str) -> FieldSpec {
    FieldSpec { hint, ..spec }
}

const TITLE: FieldSpec = f("title", "edit-field-title", K::Line(300), true);
const BODY: FieldSpec = h(
    f("body", "edit-field-body", K::Text(50_000, false), true),
    "edit-hint-markdown",
);
const LEAD: FieldSpec = f("lead", "edit-field-lead", K::Department, true);
const PARTNERS: FieldSpec = f("partners", "edit-field-partners", K::Departments, false);

static MEASURE: &[FieldSpec] = &[
    TITLE,
    BODY,
    LEAD,
    PARTNERS,
    h(
        f("start", "edit-field-start", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f("planned_end", "edit-field-planned-end", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f("actual_end", "edit-field-actual-end", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f(
            "budget_planned_eur",
            "edit-field-budget-planned",
            K::Euros,
            false,
        ),
        "edit-hint-euros",
    ),
    h(
        f(
            "budget_spent_eur",
            "edit-field-budget-spent",
            K::Euros,
            false,
        ),
        "edit-hint-euros",
    ),
    f(
        "budget_source",
        "edit-field-budget-source",
        K::Line(300),
        false,
    ),
    f("source", "edit-field-source", K::Line(300), false),
    f("source_url", "edit-field-source-url", K::Url, false),
];

static GOAL: &[FieldSpec] = &[TITLE, BODY, LEAD, PARTNERS];

static AREA: &[FieldSpec] = &[
    TITLE,
    h(
        f("summary", "edit-field-summary", K::Text(2_000, false), true),
        "edit-hint-markdown",
    ),
    h(
        f("body", "edit-field-body", K::Text(50_000, false), false),
        "edit-hint-markdown",
    ),
    h(
        f(
            "baseline",
            "edit-field-baseline",
            K::Text(50_000, false),
            false,
        ),
        "edit-hint-markdown",
    ),
    h(
        f(
            "leichte_sprache",
            "edit-field-leichte-sprache",
            K::Text(20_000, true),
            false,
        ),
        "edit-hint-leichte-sprache",
    ),
];

static PAGE: &[FieldSpec] = &[
    TITLE,
    h(
        f("summary", "edit-field-summary", K::Text(2_000, false), true),
        "edit-hint-markdown",
    ),
    BODY,
    h(
        f(
            "leichte_sprache",
            "edit-field-leichte-sprache",
            K::Text(20_000, true),
            false,
        ),
        "edit-hint-leichte-sprache",
    ),
];

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

fn values(pairs: &[(&str, String)]) -> Values {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// The form's values for the entity as `set` holds it, with its title, or `None` when the set
/// has no such entity.
pub fn load(set: &ContentSet, e: &EntityRef) -> Option<(String, Values)> {
    Some(match e.kind {
        EntityKind::Measure => {
            let m = find_measure(set, &e.key)?;
            (
                m.title.clone(),
                values(&[
                    ("title", m.title.clone()),
                    ("body", m.body.clone()),
                    ("lead", m.lead.clone()),
                    ("partners", m.partners.join(",")),
                    ("start", date_text(&m.start)),
                    ("planned_end", date_text(&m.planned_end)),
                    ("actual_end", date_text(&m.actual_end)),
                    ("budget_planned_eur", euros_text(m.budget_planned_eur)),
                    ("budget_spent_eur", euros_text(m.budget_spent_eur)),
                    ("budget_source", m.budget_source.clone().unwrap_or_default()),
                    ("source", m.source.clone().unwrap_or_default()),
                    ("source_url", m.source_url.clone().unwrap_or_default()),
                ]),
            )
        }
        EntityKind::Goal => {
            let g = find_goal(set, &e.key)?;
            (
                g.title.clone(),
                values(&[
                    ("title", g.title.clone()),
                    ("body", g.body.clone()),
                    ("lead", g.lead.clone()),
                    ("partners", g.partners.join(",")),
                ]),
            )
        }
        EntityKind::Area => {
            let a = find_area(set, &e.key)?;
            (
                a.title.clone(),
                values(&[
                    ("title", a.title.clone()),
                    ("summary", a.summary.clone()),
                    ("body", a.body.clone().unwrap_or_default()),
                    ("baseline", a.baseline.clone().unwrap_or_default()),
                    (
                        "leichte_sprache",
                        a.leichte_sprache.clone().unwrap_or_default(),
                    ),
                ]),
            )
        }
        EntityKind::Page => {
            let p = set.pages.iter().find(|p| p.slug == e.key)?;
            (
                p.title.clone(),
                values(&[
                    ("title", p.title.clone()),
                    ("summary", p.summary.clone()),
                    ("body", p.body.clone()),
                    (
                        "leichte_sprache",
                        p.leichte_sprache.clone().unwrap_or_default(),
                    ),
                ]),
            )
        }
    })
}

fn get(c: &Checked, name: &str) -> super::fields::Parsed {
    c.get(name)
        .cloned()
        .unwrap_or(super::fields::Parsed::Text(None))
}

/// Changes the entity in `set` to the checked values; false when the set has no such entity.
pub fn apply(set: &mut ContentSet, e: &EntityRef, c: &Checked) -> bool {
    match e.kind {
        EntityKind::Measure => {
            let Some(m) = measure_mut(set, &e.key) else {
                return false;
            };
            m.title = get(c, "title").text();
            m.body = get(c, "body").text();
            m.lead = get(c, "lead")
                .codes()
                .into_iter()
                .next()
                .unwrap_or_default();
            m.partners = get(c, "partners").codes();
            m.start = get(c, "start").date();
            m.planned_end = get(c, "planned_end").date();
            m.actual_end = get(c, "actual_end").date();
            m.budget_planned_eur = get(c, "budget_planned_eur").euros();
            m.budget_spent_eur = get(c, "budget_spent_eur").euros();
            m.budget_source = get(c, "budget_source").opt();
            m.source = get(c, "source").opt();
            m.source_url = get(c, "source_url").opt();
        }
        EntityKind::Goal => {
            let Some(g) = goal_mut(set, &e.key) else {
                return false;
            };
            g.title = get(c, "title").text();
            g.body = get(c, "body").text();
            g.lead = get(c, "lead")
                .codes()
                .into_iter()
                .next()
                .unwrap_or_default();
            g.partners = get(c, "partners").codes();
        }
        EntityKind::Area => {
            let Some(a) = area_mut(set, &e.key) else {
                return false;
            };
            a.title = get(c, "title").text();
            a.summary = get(c, "summary").text();
            a.body = get(c, "body").opt();
            a.baseline = get(c, "baseline").opt();
            a.leichte_sprache = get(c, "leichte_sprache").opt();
        }
        EntityKind::Page => {
            let Some(p) = page_mut(set, &e.key) else {
                return false;
            };
            p.title = get(c, "title").text();
            p.summary = get(c, "summary").text();
            p.body = get(c, "body").text();
            p.leichte_sprache = get(c, "leichte_sprache").opt();
        }
    }
    true
}

/// The departments whose editors may change the entity as `set` holds it (lead first, then
/// partners); empty for areas and pages, which only admins edit.
pub fn owners(set: &ContentSet, e: &EntityRef) -> Vec<String> {
    match e.kind {
        EntityKind::Measure => find_measure(set, &e.key)
            .map(|m| {
                std::iter::once(m.lead.clone())
                    .chain(m.partners.clone())
                    .collect()
            })
            .unwrap_or_default(),
        EntityKind::Goal => find_goal(set, &e.key)
            .map(|g| {
                std::iter::once(g.lead.clone())
                    .chain(g.partners.clone())
                    .collect()
            })
            .unwrap_or_default(),
        EntityKind::Area | EntityKind::Page => Vec::new(),
    }
}
