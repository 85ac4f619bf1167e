//! New goals and measures through the workflow (`/redaktion/inhalte/{ziel|massnahme}/neu`): the
//! form adds an area and a slug to the kind's fields; saving keeps a draft whose entity is the
//! new key (`measure:{slug}`, base version 0) and whose proposal names the area. The
//! departments a proposal names are its owners until it is published: an editor may propose a
//! lead only among their own departments, an admin any. Publishing appends the new entity at
//! the end of its area and writes its version 1; a slug taken meanwhile (another draft
//! published first, or an import) is a conflict and nothing is written.

use super::fields::{self, Checked, FieldKind, FieldSpec, Values};
use super::kinds::{self, EntityKind, EntityRef};
use super::{ChangeRow, may_edit};
use crate::accounts::Actor;
use crate::monitoring::editor_departments;
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::slug::slug_from_title;
use fahrplan_domain::{ContentSet, Department, Goal, Measure, Role};

/// The proposal's field that names the area (`edition/slug`).
pub const AREA: &str = "area";
/// The proposal's field that names the slug.
pub const SLUG: &str = "slug";

const AREA_SPEC: FieldSpec = FieldSpec {
    name: AREA,
    label: "edit-field-area",
    hint: "",
    kind: FieldKind::Line(200),
    required: true,
};
const SLUG_SPEC: FieldSpec = FieldSpec {
    name: SLUG,
    label: "edit-field-slug",
    hint: "edit-hint-slug",
    kind: FieldKind::Line(80),
    required: false,
};

/// What the form for a new goal or measure shows.
#[derive(Debug, Clone)]
pub struct NewForm {
    /// Goal or measure.
    pub kind: EntityKind,
    /// The values to fill in (the person's draft, or empty).
    pub values: Values,
    /// The areas to choose from: key `edition/slug` and "edition · title".
    pub areas: Vec<(String, String)>,
    /// Departments to choose from.
    pub departments: Vec<Department>,
    /// The draft being continued, if any.
    pub change: Option<i64>,
}

/// The fields of the form for a new entity of `kind`: area, slug, then the kind's own.
pub fn new_specs(kind: EntityKind) -> Vec<FieldSpec> {
    [AREA_SPEC, SLUG_SPEC]
        .into_iter()
        .chain(kind.specs().iter().copied())
        .collect()
}

/// Whether goals and measures can be created for `kind`.
pub fn creatable(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Goal | EntityKind::Measure)
}

/// The areas new goals and measures may go to: those of editions that have goals or measures
/// (an edition of fields only, such as 2016, has neither), current ones.
fn areas(set: &ContentSet) -> Vec<(String, String)> {
    set.editions
        .iter()
        .filter(|e| {
            e.areas
                .iter()
                .any(|a| !a.goals.is_empty() || !a.measures.is_empty())
        })
        .flat_map(|e| {
            e.areas.iter().filter(|a| a.archived.is_none()).map(|a| {
                (
                    format!("{}/{}", e.edition.slug, a.slug),
                    format!("{} · {}", e.edition.short_title, a.title),
                )
            })
        })
        .collect()
}

/// The owners a proposal names: its lead, then its partners.
pub(super) fn proposal_owners(proposal: &str) -> Vec<String> {
    let v: Values = serde_json::from_str(proposal).unwrap_or_default();
    let mut out: Vec<String> = v.get("lead").into_iter().cloned().collect();
    out.extend(
        v.get("partners")
            .map(|p| {
                p.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    out
}

/// Whether `slug` is taken by a goal or measure of `set` (slugs are unique across content).
fn taken(set: &ContentSet, kind: EntityKind, slug: &str) -> bool {
    set.editions
        .iter()
        .flat_map(|e| &e.areas)
        .any(|a| match kind {
            EntityKind::Goal => a.goals.iter().any(|g| g.slug == slug),
            _ => a.measures.iter().any(|m| m.slug == slug),
        })
}

/// Appends the new entity at the end of its area; false when the area is gone or the slug
/// is taken by now.
pub(super) fn insert(set: &mut ContentSet, e: &EntityRef, area: &str, c: &Checked) -> bool {
    if taken(set, e.kind, &e.key) {
        return false;
    }
    let Some((ed, slug)) = area.split_once('/') else {
        return false;
    };
    let Some(a) = set
        .editions
        .iter_mut()
        .filter(|d| d.edition.slug == ed)
        .flat_map(|d| d.areas.iter_mut())
        .find(|a| a.slug == slug)
    else {
        return false;
    };
    match e.kind {
        EntityKind::Goal => a.goals.push(new_goal(&e.key, c)),
        _ => a.measures.push(new_measure(&e.key, c)),
    }
    true
}

/// A new goal `slug` with the checked values.
pub(super) fn new_goal(slug: &str, c: &Checked) -> Goal {
    let mut g = Goal {
        slug: slug.to_owned(),
        title: String::new(),
        body: String::new(),
        lead: String::new(),
        partners: Vec::new(),
        archived: None,
    };
    kinds::set_goal(&mut g, c);
    g
}

/// A new measure `slug` with the checked values, without reports yet.
pub(super) fn new_measure(slug: &str, c: &Checked) -> Measure {
    let mut m = Measure {
        slug: slug.to_owned(),
        title: String::new(),
        body: String::new(),
        lead: String::new(),
        partners: Vec::new(),
        goals: Vec::new(),
        start: None,
        planned_end: None,
        actual_end: None,
        budget_planned_eur: None,
        budget_spent_eur: None,
        budget_source: None,
        source: None,
        source_url: None,
        external_id: None,
        archived: None,
        status: Vec::new(),
        milestones: Vec::new(),
        assessment: Vec::new(),
    };
    kinds::set_measure(&mut m, c);
    m
}

fn err(field: &'static str, code: &'static str) -> FieldError {
    FieldError { field, code }
}

impl App {
    /// Whether the actor may propose new goals and measures: admins, and editors of a
    /// department, with the second factor given.
    fn may_propose(actor: &Actor) -> bool {
        actor.second_factor && (actor.has(Role::Admin) || !editor_departments(actor).is_empty())
    }

    /// The form for a new goal or measure; with `change`, the actor's draft of one.
    pub async fn new_form(
        &self,
        actor: &Actor,
        kind: EntityKind,
        change: Option<i64>,
    ) -> AppResult<NewForm> {
        if !creatable(kind) {
            return Err(AppError::NotFound);
        }
        if !Self::may_propose(actor) {
            return Err(AppError::Forbidden);
        }
        let set = self.content_set().await?;
        let values = match change {
            Some(id) => {
                let c = self.own_new_draft(actor, kind, id).await?;
                serde_json::from_str(&c.proposal).map_err(AppError::internal)?
            }
            // An editor proposes for their own department: it comes first as the lead.
            None => editor_departments(actor)
                .first()
                .map(|d| Values::from([("lead".to_owned(), (*d).to_owned())]))
                .unwrap_or_default(),
        };
        Ok(NewForm {
            kind,
            values,
            areas: areas(&set),
            departments: set.departments,
            change,
        })
    }

    /// The actor's own draft `id` of a new entity of `kind`.
    async fn own_new_draft(
        &self,
        actor: &Actor,
        kind: EntityKind,
        id: i64,
    ) -> AppResult<ChangeRow> {
        let c = self.store().change(id).await?.ok_or(AppError::NotFound)?;
        let e = EntityRef::parse(&c.entity).ok_or(AppError::NotFound)?;
        if e.kind != kind || c.author_id != actor.account_id {
            return Err(AppError::Forbidden);
        }
        if c.state != "draft" || c.base_version != 0 {
            return Err(AppError::Conflict);
        }
        Ok(c)
    }

    /// Saves a proposed new goal or measure as the actor's draft (or `change`, their draft of
    /// one, again): field errors as `Invalid`, nothing saved. The slug, when left empty, is
    /// made from the title; it must be valid and not taken.
    pub async fn save_new(
        &self,
        actor: &Actor,
        kind: EntityKind,
        change: Option<i64>,
        values: &Values,
    ) -> AppResult<i64> {
        if !creatable(kind) {
            return Err(AppError::NotFound);
        }
        if !Self::may_propose(actor) {
            return Err(AppError::Forbidden);
        }
        let set = self.content_set().await?;
        let specs = new_specs(kind);
        let checked = fields::check(&specs, values, &set.departments);
        let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
        let area = values.get(AREA).map_or("", |s| s.trim());
        if !area.is_empty() && !areas(&set).iter().any(|(k, _)| k == area) {
            errors.push(err(AREA, "error-edit-area"));
        }
        let typed = values.get(SLUG).map_or("", |s| s.trim());
        let slug = if typed.is_empty() {
            slug_from_title(values.get("title").map_or("", String::as_str))
        } else {
            typed.to_owned()
        };
        let e = EntityRef::parse(&format!("{}:{slug}", kind.as_str()));
        match &e {
            None if !typed.is_empty() => errors.push(err(SLUG, "error-edit-slug")),
            None => {}
            Some(e) => {
                let versions = self.store().latest_version(&e.entity()).await?;
                if taken(&set, kind, &slug) || versions > 0 {
                    errors.push(err(SLUG, "error-edit-slug-taken"));
                }
            }
        }
        let lead = values.get("lead").map_or("", |s| s.trim());
        let mine = editor_departments(actor);
        if !lead.is_empty() && !actor.has(Role::Admin) && !mine.contains(&lead) {
            errors.push(err("lead", "error-edit-lead-not-yours"));
        }
        if !errors.is_empty() {
            // Keep form order: area and slug first, then the kind's fields.
            let order = |f: &str| specs.iter().position(|s| s.name == f).unwrap_or(usize::MAX);
            errors.sort_by_key(|e| order(e.field));
            errors.dedup();
            return Err(AppError::Invalid(errors));
        }
        let Some(e) = e else {
            return Err(AppError::Invalid(vec![err(SLUG, "error-edit-slug")]));
        };
        let mut proposal = values.clone();
        proposal.insert(SLUG.into(), slug);
        proposal.insert(AREA.into(), area.to_owned());
        if !may_edit(
            actor,
            &proposal_owners(&serde_json::to_string(&proposal).unwrap_or_default()),
            &set.departments,
        ) {
            return Err(AppError::Forbidden);
        }
        let json = serde_json::to_string(&proposal).map_err(AppError::internal)?;
        let store = self.store();
        let id = match change {
            Some(id) => {
                let c = self.own_new_draft(actor, kind, id).await?;
                if c.entity != e.entity() {
                    // A new slug is a new entity: the old draft is withdrawn, a new one kept.
                    store.withdraw_change(id).await?;
                    store
                        .create_change(&e.entity(), 0, &json, actor.account_id)
                        .await?
                } else {
                    if !store.update_change(id, 0, &json).await? {
                        return Err(AppError::Conflict);
                    }
                    id
                }
            }
            None => {
                store
                    .create_change(&e.entity(), 0, &json, actor.account_id)
                    .await?
            }
        };
        let detail = serde_json::json!({ "change": id, "base_version": 0, "after": proposal });
        self.audit(
            Some(actor.account_id),
            "edit.draft",
            &e.entity(),
            &detail.to_string(),
        )
        .await?;
        Ok(id)
    }
}
