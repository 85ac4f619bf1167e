//! The editing form of an entity (`/redaktion/inhalte/{art}/{schlüssel}/bearbeiten`): the
//! fields of its kind, filled from the person's open draft or from what is published. Saving
//! keeps a draft and leads to the change's page; a refused form comes back with the input kept
//! and an error summary; when someone published another version meanwhile, the form comes
//! back with the person's input beside the published text, nothing lost.

use super::{entity_of, guard};
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use crate::pages::monitoring::reporting::Choice;
use crate::session::Viewer;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::editorial::{EditForm, EntityRef, FieldKind, Saved, Values, values_from_pairs};
use std::collections::HashMap;

/// One field as the form shows it.
pub struct FieldView {
    name: &'static str,
    label: String,
    hint: String,
    /// `line`, `text`, `select` or `checks`.
    control: &'static str,
    value: String,
    rows: usize,
    options: Vec<Choice>,
    /// What is published now, shown beside the input after a conflict.
    published: Option<String>,
}

#[derive(Template)]
#[template(path = "editorial/edit.html")]
struct EditPage {
    l: Layout,
    f: FormState,
    action: String,
    base_version: i64,
    fields: Vec<FieldView>,
    conflict: bool,
    change: Option<String>,
    public: String,
    history: String,
}

fn page(
    ctx: &Ctx,
    form: &EditForm,
    values: &Values,
    f: FormState,
    conflict: Option<(i64, Values)>,
) -> Result<Response, WebError> {
    let e = &form.entity;
    let mut l = ctx
        .layout(&e.edit_path(), String::new())
        .title_key("edit-title");
    let t = l.title.clone();
    l = l
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF)
        .crumb(ctx.t("changes-title"), super::CHANGES)
        .content_crumb(form.title.clone(), e.public_path())
        .crumb(t, "");
    let refused = !f.errors.is_empty() || conflict.is_some();
    l.has_errors = !f.errors.is_empty();
    let fields = e
        .kind
        .specs()
        .iter()
        .map(|s| {
            let value = values.get(s.name).cloned().unwrap_or_default();
            let chosen: Vec<&str> = value.split(',').map(str::trim).collect();
            let options = match s.kind {
                FieldKind::Department | FieldKind::Departments => form
                    .departments
                    .iter()
                    .map(|d| Choice {
                        value: d.code.clone(),
                        label: format!("{} ({})", d.name, d.short_name),
                        selected: chosen.contains(&d.code.as_str()),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let (control, rows) = match s.kind {
                FieldKind::Text(max, _) => ("text", if max > 5_000 { 16 } else { 5 }),
                FieldKind::Department => ("select", 0),
                FieldKind::Departments => ("checks", 0),
                _ => ("line", 0),
            };
            FieldView {
                name: s.name,
                label: l.t(s.label),
                hint: if s.hint.is_empty() {
                    String::new()
                } else {
                    l.t(s.hint)
                },
                control,
                value,
                rows,
                options,
                published: conflict
                    .as_ref()
                    .map(|(_, p)| p.get(s.name).cloned().unwrap_or_default()),
            }
        })
        .collect();
    form_page(
        &EditPage {
            action: e.edit_path(),
            base_version: conflict.as_ref().map_or(form.base_version, |(v, _)| *v),
            fields,
            conflict: conflict.is_some(),
            change: form.change.as_ref().map(|c| super::change_path(c.id)),
            public: e.public_path(),
            history: e.history_path(),
            f,
            l,
        },
        refused,
    )
}

/// `GET /redaktion/inhalte/{art}/{schlüssel…}/bearbeiten`.
pub async fn show_edit(
    ctx: Ctx,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let e = entity_of(&p)?;
    let form = ctx.state.app.edit_form(&actor, &e).await?;
    let values = form.values.clone();
    page(&ctx, &form, &values, FormState::default(), None)
}

/// `POST /redaktion/inhalte/{art}/{schlüssel…}/bearbeiten`.
pub async fn save_edit(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(p): Path<HashMap<String, String>>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let e: EntityRef = entity_of(&p)?;
    let values = values_from_pairs(e.kind.specs(), &pairs);
    let base = pairs
        .iter()
        .find(|(k, _)| k == "base_version")
        .and_then(|(_, v)| v.trim().parse::<i64>().ok())
        .unwrap_or(-1);
    let app = &ctx.state.app;
    match app.save_draft(&actor, &e, base, &values).await {
        Ok(Saved::Change(id)) => Ok(ctx.see_other(&super::change_path(id))),
        Ok(Saved::Conflict { current, published }) => {
            let form = app.edit_form(&actor, &e).await?;
            page(
                &ctx,
                &form,
                &values,
                FormState::default(),
                Some((current, published)),
            )
        }
        Err(AppError::Invalid(errors)) => {
            let form = app.edit_form(&actor, &e).await?;
            let mut form = form;
            form.base_version = base.max(0);
            page(&ctx, &form, &values, FormState::new(errors), None)
        }
        Err(err) => Err(err.into()),
    }
}
