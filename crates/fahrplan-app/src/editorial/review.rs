//! What a reviewer and the history pages see: a change against what is published (fields that
//! differ, each long text as a block diff with word changes, the writing warnings), and the
//! difference between any two published versions.

use super::fields::{FieldKind, Values};
use super::kinds::{self, EntityRef};
use super::may_edit;
use crate::accounts::Actor;
use crate::{App, AppError, AppResult};
use fahrplan_domain::Role;
use fahrplan_domain::blocks::{
    BlockChange, IdBlock, Warning, assign_ids, block_diff, initial_ids, split_blocks,
    writing_warnings,
};
use fahrplan_store::{ChangeRow, Record, Version};
use serde_json::Value;

/// A field whose value differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// Message id of its label (`edit-field-…`), or the stored field name for fields no form
    /// offers.
    pub label: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
}

/// A long text that differs, as blocks.
#[derive(Debug, Clone)]
pub struct TextChange {
    /// Message id of its label, or the stored field name.
    pub label: String,
    /// The blocks in the new order, kept, changed (with word changes), added or removed.
    pub blocks: Vec<BlockChange>,
    /// Writing warnings of the new text.
    pub warnings: Vec<Warning>,
}

/// A change as its page shows it.
#[derive(Debug, Clone)]
pub struct ChangeView {
    /// The change.
    pub change: ChangeRow,
    /// What it is about.
    pub entity: EntityRef,
    /// The entity's current title.
    pub title: String,
    /// The proposed values.
    pub proposal: Values,
    /// Fields that differ from what is published.
    pub fields: Vec<FieldChange>,
    /// Texts, with their diffs and warnings (every text that has warnings, changed or not).
    pub texts: Vec<TextChange>,
    /// Whether another version was published since the change was based on its version.
    pub outdated: bool,
    /// Whether it proposes a goal or measure that does not exist yet.
    pub new: bool,
    /// Whether the actor may give it to review (its author, a draft).
    pub can_submit: bool,
    /// Whether the actor may publish it or send it back (a second person, in review).
    pub can_decide: bool,
    /// Whether the actor may withdraw it (author or admin, still open).
    pub can_withdraw: bool,
}

/// The difference between two versions of an entity.
#[derive(Debug, Clone)]
pub struct VersionDiff {
    /// The entity.
    pub entity: EntityRef,
    /// The entity's current title.
    pub title: String,
    /// The older version.
    pub from: Version,
    /// The newer version.
    pub to: Version,
    /// Fields that differ.
    pub fields: Vec<FieldChange>,
    /// Texts that differ.
    pub texts: Vec<TextChange>,
}

fn label_of(e: &EntityRef, field: &str) -> String {
    e.kind
        .specs()
        .iter()
        .find(|s| s.name == field)
        .map_or_else(|| field.to_owned(), |s| s.label.to_owned())
}

fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) if a.iter().any(Value::is_object) => a
            .iter()
            .map(|x| shown(Some(x)))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| shown(Some(x)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Object(o)) if o.contains_key("label") && o.contains_key("as_of") => {
            let s = |k: &str| shown(o.get(k));
            super::facts::line(
                &s("label"),
                &s("value"),
                &s("as_of"),
                &s("source"),
                &s("source_url"),
            )
        }
        Some(Value::Object(o)) => o
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", shown(Some(v))))
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    }
}

fn leichte(e: &EntityRef, field: &str) -> bool {
    e.kind
        .specs()
        .iter()
        .any(|s| s.name == field && matches!(s.kind, FieldKind::Text(_, true)))
}

fn text_change(
    e: &EntityRef,
    field: &str,
    old: &[IdBlock],
    new: Vec<IdBlock>,
    markdown: &str,
) -> Option<TextChange> {
    let warnings = writing_warnings(markdown, leichte(e, field));
    let changed = old.len() != new.len() || old.iter().zip(&new).any(|(a, b)| a != b);
    (changed || !warnings.is_empty()).then(|| TextChange {
        label: label_of(e, field),
        blocks: block_diff(old, &new),
        warnings,
    })
}

/// Field and text differences between two records.
fn record_diff(e: &EntityRef, old: &Record, new: &Record) -> (Vec<FieldChange>, Vec<TextChange>) {
    let mut keys: Vec<&String> = old.fields.keys().chain(new.fields.keys()).collect();
    keys.sort();
    keys.dedup();
    let fields = keys
        .into_iter()
        .filter(|k| old.fields.get(*k) != new.fields.get(*k))
        .map(|k| FieldChange {
            label: label_of(e, k),
            before: shown(old.fields.get(k)),
            after: shown(new.fields.get(k)),
        })
        .collect();
    let mut names: Vec<&String> = old.texts.keys().chain(new.texts.keys()).collect();
    names.sort();
    names.dedup();
    let texts = names
        .into_iter()
        .filter_map(|n| {
            let a = old.texts.get(n).cloned().unwrap_or_default();
            let b = new.texts.get(n).cloned().unwrap_or_default();
            if a == b {
                return None;
            }
            let md = new.text(n);
            let mut t = text_change(e, n, &a, b, &md)?;
            // Between versions only the change matters; warnings are for the review.
            t.warnings.clear();
            Some(t)
        })
        .collect();
    (fields, texts)
}

impl App {
    /// A change as its page shows it: to anyone who may edit the entity.
    pub async fn change_view(&self, actor: &Actor, id: i64) -> AppResult<ChangeView> {
        let (c, e, set) = self.change_for(actor, id).await?;
        let proposal: Values = serde_json::from_str(&c.proposal).map_err(AppError::internal)?;
        let loaded = kinds::load(&set, &e);
        let new = loaded.is_none();
        let (title, published) = match loaded {
            Some(l) => l,
            // A proposed goal or measure: everything it holds is new.
            None if super::creatable(e.kind) => (
                proposal.get("title").cloned().unwrap_or_default(),
                Values::new(),
            ),
            None => return Err(AppError::NotFound),
        };
        let versions = self.store().versions(&e.version_entity()).await?;
        let latest = versions.first();
        let mut fields = Vec::new();
        let mut texts = Vec::new();
        for spec in e.kind.specs() {
            let before = published.get(spec.name).cloned().unwrap_or_default();
            let after = proposal.get(spec.name).cloned().unwrap_or_default();
            if spec.kind == FieldKind::Facts {
                let before = super::facts::shown(spec.name, &published);
                let after = super::facts::shown(spec.name, &proposal);
                if before != after {
                    fields.push(FieldChange {
                        label: spec.label.to_owned(),
                        before,
                        after,
                    });
                }
            } else if let FieldKind::Text(..) = spec.kind {
                let old = latest
                    .and_then(|v| v.record.texts.get(spec.name).cloned())
                    .unwrap_or_else(|| {
                        initial_ids(
                            &format!("{}:{}", c.entity, spec.name),
                            split_blocks(&before),
                        )
                    });
                let mut n = 0;
                let new = assign_ids(&old, split_blocks(&after), || {
                    n += 1;
                    format!("neu-{n}")
                });
                texts.extend(text_change(&e, spec.name, &old, new, &after));
            } else if before != after {
                fields.push(FieldChange {
                    label: spec.label.to_owned(),
                    before,
                    after,
                });
            }
        }
        let open = matches!(c.state.as_str(), "draft" | "in_review");
        let author = c.author_id == actor.account_id;
        Ok(ChangeView {
            new,
            outdated: open && latest.map_or(0, |v| v.version) != c.base_version,
            can_submit: author && c.state == "draft",
            can_decide: !author && c.state == "in_review",
            can_withdraw: open && (author || actor.has(Role::Admin)),
            entity: e,
            title,
            proposal,
            fields,
            texts,
            change: c,
        })
    }

    /// Every published version of `e`, newest first, with the entity's title: to anyone who
    /// may edit it.
    pub async fn entity_versions(
        &self,
        actor: &Actor,
        e: &EntityRef,
    ) -> AppResult<(String, Vec<Version>)> {
        let set = self.content_set().await?;
        let (title, _) = kinds::load(&set, e).ok_or(AppError::NotFound)?;
        if !may_edit(actor, &kinds::owners(&set, e), &set.departments) {
            return Err(AppError::Forbidden);
        }
        Ok((title, self.store().versions(&e.version_entity()).await?))
    }

    /// The difference between versions `a` and `b` of `e` (in either order).
    pub async fn version_diff(
        &self,
        actor: &Actor,
        e: &EntityRef,
        a: i64,
        b: i64,
    ) -> AppResult<VersionDiff> {
        let (title, versions) = self.entity_versions(actor, e).await?;
        let (lo, hi) = (a.min(b), a.max(b));
        let find = |n: i64| versions.iter().find(|v| v.version == n).cloned();
        let (Some(from), Some(to)) = (find(lo), find(hi)) else {
            return Err(AppError::NotFound);
        };
        let (fields, texts) = record_diff(e, &from.record, &to.record);
        Ok(VersionDiff {
            entity: e.clone(),
            title,
            from,
            to,
            fields,
            texts,
        })
    }
}
