//! The editing form of an entity (`/redaktion/inhalte/{art}/{schlüssel}/bearbeiten`): the
//! fields of its kind, filled from the person's open draft or from what is published. Saving
//! keeps a draft and leads to the change's page; a refused form comes back with the input kept
//! and an error summary; when someone published another version meanwhile, the form comes
//! back with the person's input beside the published text, nothing lost.

use super::edit_fields::{FieldView, Source, field_views, summary};
use super::{entity_of, guard};
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use crate::session::Viewer;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::editorial::{EditForm, EntityKind, EntityRef, Saved, Values, values_from_pairs};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "editorial/edit.html")]
struct EditPage {
    l: Layout,
    f: FormState,
    action: String,
    base_version: i64,
    fields: Vec<FieldView>,
    summary: Vec<(String, String)>,
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
    let src = Source {
        specs: e.kind.specs(),
        departments: &form.departments,
        except: (e.kind == EntityKind::Department).then_some(e.key.as_str()),
    };
    let fields = field_views(
        &l,
        &src,
        values,
        &f.errors,
        conflict.as_ref().map(|(_, p)| p),
    );
    let summary = summary(&l, &f.errors);
    form_page(
        &EditPage {
            action: e.edit_path(),
            base_version: conflict.as_ref().map_or(form.base_version, |(v, _)| *v),
            fields,
            summary,
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
