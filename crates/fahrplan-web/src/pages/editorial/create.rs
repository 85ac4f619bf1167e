//! The forms for a new goal or measure (`/redaktion/inhalte/{ziel|massnahme}/neu`): the area to
//! put it in, its slug (made from the title when left empty) and the kind's fields. Saving
//! keeps a draft and leads to the change's page, as editing does; a refused form comes back
//! with the input kept and an error summary. `?aenderung={id}` continues the person's draft.

use super::edit_fields::{FieldView, Source, field_views, summary};
use super::{entity_kind, guard};
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use crate::pages::monitoring::reporting::Choice;
use crate::session::Viewer;
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::editorial::{AREA, EntityKind, NewForm, Values, new_specs, values_from_pairs};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "editorial/new.html")]
struct NewPage {
    l: Layout,
    f: FormState,
    heading: String,
    action: String,
    fields: Vec<FieldView>,
    summary: Vec<(String, String)>,
}

/// The query of the form: the draft to continue.
#[derive(Debug, Default, Deserialize)]
pub struct Continue {
    aenderung: Option<i64>,
}

/// The path of the form for a new entity of `kind`.
pub fn new_path(kind: EntityKind) -> String {
    format!("/redaktion/inhalte/{}/neu", kind.segment())
}

fn page(ctx: &Ctx, form: &NewForm, values: &Values, f: FormState) -> Result<Response, WebError> {
    let path = new_path(form.kind);
    let heading_key = match form.kind {
        EntityKind::Goal => "new-goal-title",
        _ => "new-measure-title",
    };
    let mut l = ctx
        .titled(&path, heading_key)
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF)
        .crumb(ctx.t("changes-title"), super::CHANGES);
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let specs = new_specs(form.kind);
    let src = Source {
        specs: &specs,
        departments: &form.departments,
        except: None,
    };
    let mut fields = field_views(&l, &src, values, &f.errors, None);
    let chosen = values.get(AREA).map_or("", |s| s.trim());
    if let Some(area) = fields.iter_mut().find(|v| v.name == AREA) {
        area.control = "select";
        area.empty_option = false;
        area.options = form
            .areas
            .iter()
            .map(|(k, label)| Choice {
                value: k.clone(),
                label: label.clone(),
                selected: k == chosen,
            })
            .collect();
    }
    let summary = summary(&l, &f.errors);
    form_page(
        &NewPage {
            heading: l.t(heading_key),
            action: match form.change {
                Some(id) => format!("{path}?aenderung={id}"),
                None => path,
            },
            fields,
            summary,
            f,
            l,
        },
        refused,
    )
}

/// `GET /redaktion/inhalte/{art}/neu`.
pub async fn show_new(
    ctx: Ctx,
    viewer: Viewer,
    Path(art): Path<String>,
    Query(q): Query<Continue>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let kind = entity_kind(&art)?;
    let form = ctx.state.app.new_form(&actor, kind, q.aenderung).await?;
    let values = form.values.clone();
    page(&ctx, &form, &values, FormState::default())
}

/// `POST /redaktion/inhalte/{art}/neu`.
pub async fn save_new(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(art): Path<String>,
    Query(q): Query<Continue>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let kind = entity_kind(&art)?;
    let values = values_from_pairs(&new_specs(kind), &pairs);
    let app = &ctx.state.app;
    match app.save_new(&actor, kind, q.aenderung, &values).await {
        Ok(id) => Ok(ctx.see_other(&super::change_path(id))),
        Err(AppError::Invalid(errors)) => {
            let form = app.new_form(&actor, kind, None).await?;
            let form = NewForm {
                change: q.aenderung,
                ..form
            };
            page(&ctx, &form, &values, FormState::new(errors))
        }
        Err(err) => Err(err.into()),
    }
}
