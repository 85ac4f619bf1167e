//! The editorial side (issue 16): staff change the strategy's texts and structure through
//! drafts that a second person publishes. Every published state is a numbered version whose
//! texts are blocks with stable ids (`fahrplan_store::Record`), so history, diffs and comments
//! on paragraphs survive edits. Observations and status updates stay reports that publish at
//! once (`crate::monitoring`).
//!
//! Who may do what: editors (second factor given) of the lead or a partner department, or of a
//! department that succeeded one, and admins, may edit an entity and publish others' changes
//! of it; areas and legal pages only admins. Nobody publishes their own change. Every step is
//! audited with the values before and after.

mod create;
pub mod facts;
mod fields;
mod kinds;
mod preview;
mod review;

pub use create::{AREA, NewForm, SLUG, creatable, new_specs};
pub use fahrplan_store::{ChangeRow, Version};
pub use fields::{FieldKind, FieldSpec, Values, values_from_pairs};
pub use kinds::{EntityKind, EntityRef, KINDS};
pub use preview::Preview;
pub use review::{ChangeView, FieldChange, TextChange, VersionDiff};

use crate::accounts::Actor;
use crate::monitoring::editor_departments;
use crate::{App, AppError, AppResult};
use fahrplan_domain::{ContentSet, Department, Role, may_report};
use fahrplan_store::{Published, VersionOrigin};

/// What the editing form shows.
#[derive(Debug, Clone)]
pub struct EditForm {
    /// The entity.
    pub entity: EntityRef,
    /// Its current title.
    pub title: String,
    /// The values to fill in: the person's open draft, or what is published.
    pub values: Values,
    /// The version the form is based on.
    pub base_version: i64,
    /// The person's open change, if the values come from one.
    pub change: Option<ChangeRow>,
    /// Departments to choose from.
    pub departments: Vec<Department>,
}

/// What saving a draft did.
#[derive(Debug, Clone)]
pub enum Saved {
    /// Saved as change number `0`.
    Change(i64),
    /// Someone published version `current` since the form was opened: nothing saved. The form
    /// shows the person's input beside what is published now.
    Conflict {
        /// The newest version.
        current: i64,
        /// What it holds.
        published: Values,
    },
}

/// What publishing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publication {
    /// Published as this version.
    Version(i64),
    /// Another version was published since the change was based on its version; the change
    /// is a draft again so its author can look at both.
    Conflict,
}

pub(crate) fn may_edit(actor: &Actor, owners: &[String], departments: &[Department]) -> bool {
    if actor.second_factor && actor.has(Role::Admin) {
        return true;
    }
    let mine = editor_departments(actor);
    owners
        .iter()
        .any(|o| may_report(&mine, false, o, departments))
}

/// Every field's own check, then the rules between fields and against the content.
fn check_all(set: &ContentSet, e: &EntityRef, values: &Values) -> AppResult<fields::Checked> {
    let checked =
        fields::check(e.kind.specs(), values, &set.departments).map_err(AppError::Invalid)?;
    let errors = kinds::validate(set, e, &checked);
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Who may edit the entity of change `c`: the owners of the entity as published, or, for a
/// goal or measure that does not exist yet, the departments its proposal names.
fn owners_of(set: &ContentSet, e: &EntityRef, c: &ChangeRow) -> Vec<String> {
    if creatable(e.kind) && kinds::load(set, e).is_none() {
        create::proposal_owners(&c.proposal)
    } else {
        kinds::owners(set, e)
    }
}

impl App {
    async fn content_set(&self) -> AppResult<ContentSet> {
        // Permissions and forms need the structure and texts, not the indicator series.
        self.store()
            .load_content_without_observations()
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The content and the entity's title and values, after checking the actor may edit it.
    async fn editable(
        &self,
        actor: &Actor,
        e: &EntityRef,
    ) -> AppResult<(ContentSet, String, Values)> {
        let set = self.content_set().await?;
        let (title, values) = kinds::load(&set, e).ok_or(AppError::NotFound)?;
        if !may_edit(actor, &kinds::owners(&set, e), &set.departments) {
            return Err(AppError::Forbidden);
        }
        Ok((set, title, values))
    }

    /// The editing form of `e`.
    pub async fn edit_form(&self, actor: &Actor, e: &EntityRef) -> AppResult<EditForm> {
        let (set, title, published) = self.editable(actor, e).await?;
        let entity = e.entity();
        let open = self.store().open_change(&entity, actor.account_id).await?;
        let (values, base_version, change) = match open {
            Some(c) if c.state == "draft" => {
                let v: Values = serde_json::from_str(&c.proposal).unwrap_or(published);
                (v, c.base_version, Some(c))
            }
            _ => {
                let v = self.store().latest_version(&e.version_entity()).await?;
                (published, v, None)
            }
        };
        Ok(EditForm {
            entity: e.clone(),
            title,
            values,
            base_version,
            change,
            departments: set.departments,
        })
    }

    /// Saves the form as the actor's draft of `e` (a new one, or their open draft again):
    /// field errors as `Invalid`, nothing saved; a conflict when another version was published
    /// since `base_version`.
    pub async fn save_draft(
        &self,
        actor: &Actor,
        e: &EntityRef,
        base_version: i64,
        values: &Values,
    ) -> AppResult<Saved> {
        let (set, _, published) = self.editable(actor, e).await?;
        check_all(&set, e, values)?;
        let entity = e.entity();
        let current = self.store().latest_version(&e.version_entity()).await?;
        if current != base_version {
            return Ok(Saved::Conflict { current, published });
        }
        let proposal = serde_json::to_string(values).map_err(AppError::internal)?;
        let store = self.store();
        let id = match store.open_change(&entity, actor.account_id).await? {
            Some(c) if c.state == "draft" => {
                if !store.update_change(c.id, base_version, &proposal).await? {
                    return Err(AppError::Conflict);
                }
                c.id
            }
            Some(_) => return Err(AppError::Conflict),
            None => {
                store
                    .create_change(&entity, base_version, &proposal, actor.account_id)
                    .await?
            }
        };
        let detail =
            serde_json::json!({ "change": id, "base_version": base_version, "after": values });
        self.audit(
            Some(actor.account_id),
            "edit.draft",
            &entity,
            &detail.to_string(),
        )
        .await?;
        Ok(Saved::Change(id))
    }

    /// The change and the entity it is about, after checking the actor may see it (anyone
    /// who may edit the entity).
    async fn change_for(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(ChangeRow, EntityRef, ContentSet)> {
        let c = self.store().change(id).await?.ok_or(AppError::NotFound)?;
        let e = EntityRef::parse(&c.entity).ok_or(AppError::NotFound)?;
        let set = self.content_set().await?;
        let owners = owners_of(&set, &e, &c);
        if !may_edit(actor, &owners, &set.departments) {
            return Err(AppError::Forbidden);
        }
        Ok((c, e, set))
    }

    /// Gives the actor's own draft to review.
    pub async fn submit_change(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let (c, _, _) = self.change_for(actor, id).await?;
        if c.author_id != actor.account_id {
            return Err(AppError::Forbidden);
        }
        if !self.store().submit_change(id).await? {
            return Err(AppError::Conflict);
        }
        self.audit(
            Some(actor.account_id),
            "edit.submit",
            &c.entity,
            &format!("{{\"change\":{id}}}"),
        )
        .await
    }

    /// Withdraws a draft or a change in review: its author, or an admin.
    pub async fn withdraw_change(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let (c, _, _) = self.change_for(actor, id).await?;
        if c.author_id != actor.account_id && !actor.has(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        if !self.store().withdraw_change(id).await? {
            return Err(AppError::Conflict);
        }
        self.audit(
            Some(actor.account_id),
            "edit.withdraw",
            &c.entity,
            &format!("{{\"change\":{id}}}"),
        )
        .await
    }

    /// Sends a change in review back to its author with a note: a second person only.
    pub async fn send_back_change(&self, actor: &Actor, id: i64, note: &str) -> AppResult<()> {
        let (c, _, _) = self.change_for(actor, id).await?;
        if c.author_id == actor.account_id {
            return Err(AppError::Forbidden);
        }
        let note = crate::text::optional(
            note,
            fahrplan_domain::text::Shape::Lines,
            "note",
            2_000,
            ("error-edit-note-too-long", "error-edit-control"),
        )
        .map_err(|e| AppError::Invalid(vec![e]))?
        .unwrap_or_default();
        if !self
            .store()
            .send_back_change(id, actor.account_id, &note)
            .await?
        {
            return Err(AppError::Conflict);
        }
        let detail = serde_json::json!({ "change": id, "note": note });
        self.audit(
            Some(actor.account_id),
            "edit.send_back",
            &c.entity,
            &detail.to_string(),
        )
        .await
    }

    /// Publishes a change in review: a second person who may edit the entity. The values are
    /// checked again against the content as it is now; a version published since the change
    /// was based on its version makes it a draft again, nothing published.
    pub async fn publish_change(&self, actor: &Actor, id: i64) -> AppResult<Publication> {
        let (c, e, set) = self.change_for(actor, id).await?;
        if c.author_id == actor.account_id {
            return Err(AppError::Forbidden);
        }
        if c.state != "in_review" {
            return Err(AppError::Conflict);
        }
        let values: Values = serde_json::from_str(&c.proposal).map_err(AppError::internal)?;
        let checked = check_all(&set, &e, &values)?;
        let before = kinds::load(&set, &e).map(|(_, v)| v);
        let creating = before.is_none() && creatable(e.kind);
        let area = values.get(AREA).cloned().unwrap_or_default();
        let origin = VersionOrigin {
            author: Some(c.author_id),
            reviewer: Some(actor.account_id),
            change: Some(id),
        };
        let outcome = self
            .store()
            .publish_change(&e.version_entity(), c.base_version, origin, |set| {
                if creating {
                    create::insert(set, &e, &area, &checked)
                } else {
                    kinds::apply(set, &e, &checked)
                }
            })
            .await?;
        // A new goal or measure whose slug was taken meanwhile is a conflict like any other.
        let outcome = match outcome {
            Published::Missing if creating => Published::Conflict { current: 0 },
            o => o,
        };
        match outcome {
            Published::Version(v) => {
                let detail = serde_json::json!({
                    "change": id, "version": v, "author": c.author_id,
                    "before": before, "after": values,
                });
                self.audit(
                    Some(actor.account_id),
                    "edit.publish",
                    &c.entity,
                    &detail.to_string(),
                )
                .await?;
                // Comments on the entity's paragraphs move onto the new version's blocks.
                self.reanchor_annotations(&e.version_entity()).await?;
                Ok(Publication::Version(v))
            }
            Published::Conflict { .. } => {
                // The change page says why (its base is older than the newest version).
                self.store()
                    .send_back_change(id, actor.account_id, "")
                    .await?;
                Ok(Publication::Conflict)
            }
            Published::Missing => Err(AppError::NotFound),
            Published::NotInReview => Err(AppError::Conflict),
        }
    }

    /// The open changes the actor may see (drafts of their own, everything in review they may
    /// decide), and the latest published ones, newest first.
    pub async fn editorial_overview(&self, actor: &Actor) -> AppResult<Vec<ChangeRow>> {
        if !actor.is_staff() || !actor.second_factor {
            return Err(AppError::Forbidden);
        }
        let set = self.content_set().await?;
        let rows = self
            .store()
            .changes(&["draft", "in_review", "published"], 200)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|c| c.state != "draft" || c.author_id == actor.account_id)
            .filter(|c| {
                EntityRef::parse(&c.entity)
                    .is_some_and(|e| may_edit(actor, &owners_of(&set, &e, c), &set.departments))
            })
            .collect())
    }

    /// Everything the actor may edit, with its title and where it stands (edition and area):
    /// pages, departments, processes with their phases and editions with their areas for
    /// admins; indicators, goals and measures for the editors of their departments.
    pub async fn editable_entities(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(EntityRef, String, String)>> {
        if !actor.is_staff() || !actor.second_factor {
            return Err(AppError::Forbidden);
        }
        let set = self.content_set().await?;
        let mut out = Vec::new();
        let mut push = |kind, key: String, title: &str, within: String| {
            let e = EntityRef { kind, key };
            if may_edit(actor, &kinds::owners(&set, &e), &set.departments) {
                out.push((e, title.to_owned(), within));
            }
        };
        for p in &set.pages {
            push(EntityKind::Page, p.slug.clone(), &p.title, String::new());
        }
        for d in &set.departments {
            let within = d.cabinet.clone().unwrap_or_default();
            push(EntityKind::Department, d.code.clone(), &d.name, within);
        }
        for p in &set.processes {
            push(EntityKind::Process, p.slug.clone(), &p.title, String::new());
            for (n, ph) in p.phases.iter().enumerate() {
                let key = format!("{}/{}", p.slug, n + 1);
                push(EntityKind::Phase, key, &ph.title, p.title.clone());
            }
        }
        for i in &set.indicators {
            push(
                EntityKind::Indicator,
                i.slug.clone(),
                &i.name,
                i.area.clone(),
            );
        }
        for ed in &set.editions {
            push(
                EntityKind::Edition,
                ed.edition.slug.clone(),
                &ed.edition.title,
                String::new(),
            );
            for a in &ed.areas {
                let within = format!("{} · {}", ed.edition.short_title, a.title);
                let key = format!("{}/{}", ed.edition.slug, a.slug);
                push(
                    EntityKind::Area,
                    key,
                    &a.title,
                    ed.edition.short_title.clone(),
                );
                for g in &a.goals {
                    push(EntityKind::Goal, g.slug.clone(), &g.title, within.clone());
                }
                for m in &a.measures {
                    push(
                        EntityKind::Measure,
                        m.slug.clone(),
                        &m.title,
                        within.clone(),
                    );
                }
            }
        }
        Ok(out)
    }
}
