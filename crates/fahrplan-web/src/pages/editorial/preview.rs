//! The preview of a change (`/redaktion/aenderungen/{id}/vorschau`): the entity's public page,
//! rendered by the public page's own builder and template from the view with the proposed
//! values in it, under a banner that says it is a preview. Never cached; search engines are
//! told to stay away.

use super::{change_path, guard};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::pages::render;
use crate::pages::strategy::{editions, items, process};
use crate::session::Viewer;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::editorial::Preview;

/// The path of change `id`'s preview.
pub fn preview_path(id: i64) -> String {
    format!("{}/vorschau", change_path(id))
}

/// `GET /redaktion/aenderungen/{id}/vorschau`: the public page as publishing will make it.
pub async fn show_preview(
    mut ctx: Ctx,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let preview = ctx.state.app.preview_change(&actor, id).await?;
    ctx.preview = Some((id, change_path(id)));
    match preview {
        Preview::Measure(v) => render(&items::measure_page(&ctx, *v)),
        Preview::Goal(v) => render(&items::goal_page(&ctx, *v)),
        Preview::Area(v) => render(&editions::area_page(&ctx, *v)),
        Preview::Page(p) => render(&process::content_page(&ctx, *p)),
        Preview::None => Err(AppError::NotFound.into()),
    }
}
