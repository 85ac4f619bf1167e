//! The history of an entity (`…/versionen`): every published version with who wrote and who
//! published it, and a form (GET, no JavaScript) that picks two versions and leads to their
//! diff at `…/versionen/{a}/{b}`: fields before and after, and each text as blocks with the
//! words added and removed marked by `<ins>`/`<del>` and a text label for screen readers.

use super::changes::{field_label, text_views};
use super::{entity_of, guard};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Viewer;
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use std::collections::HashMap;

/// One version in the list.
pub struct VersionLine {
    version: i64,
    when: String,
    origin: String,
    author: String,
    reviewer: String,
}

#[derive(Template)]
#[template(path = "editorial/versions.html")]
struct VersionsPage {
    l: Layout,
    title: String,
    action: String,
    edit: String,
    versions: Vec<VersionLine>,
}

#[derive(Template)]
#[template(path = "editorial/diff.html")]
struct DiffPage {
    l: Layout,
    title: String,
    from: i64,
    to: i64,
    back: String,
    fields: Vec<(String, String, String)>,
    texts: Vec<super::changes::TextView>,
}

/// The two versions picked in the form.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Pick {
    #[serde(default)]
    von: String,
    #[serde(default)]
    bis: String,
}

/// `GET …/versionen` (with `?von=&bis=`: a redirect to the diff).
pub async fn show_versions(
    ctx: Ctx,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
    Query(pick): Query<Pick>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let e = entity_of(&p)?;
    let path = e.history_path();
    if let (Ok(a), Ok(b)) = (
        pick.von.trim().parse::<i64>(),
        pick.bis.trim().parse::<i64>(),
    ) {
        return Ok(ctx.see_other(&format!("{path}/{a}/{b}")));
    }
    let (title, versions) = ctx.state.app.entity_versions(&actor, &e).await?;
    let l = ctx
        .layout(&path, String::new())
        .title_key("versions-title")
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF)
        .crumb(ctx.t("changes-title"), super::CHANGES);
    let versions = versions
        .into_iter()
        .map(|v| VersionLine {
            version: v.version,
            when: crate::pages::datetime(v.created_at, l.lang),
            origin: l.t(if v.origin == "editorial" {
                "version-origin-editorial"
            } else {
                "version-origin-content"
            }),
            author: v.author.unwrap_or_default(),
            reviewer: v.reviewer.unwrap_or_default(),
        })
        .collect();
    render(&VersionsPage {
        title,
        action: path,
        edit: e.edit_path(),
        versions,
        l,
    })
}

/// `GET …/versionen/{a}/{b}`.
pub async fn show_diff(
    ctx: Ctx,
    viewer: Viewer,
    Path(p): Path<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let e = entity_of(&p)?;
    let num = |k: &str| p.get(k).and_then(|v| v.parse::<i64>().ok());
    let (Some(a), Some(b)) = (num("a"), num("b")) else {
        return Err(fahrplan_app::AppError::NotFound.into());
    };
    let d = ctx.state.app.version_diff(&actor, &e, a, b).await?;
    let back = e.history_path();
    let l = ctx
        .layout(&format!("{back}/{a}/{b}"), String::new())
        .title_key("diff-title")
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF)
        .crumb(ctx.t("versions-title"), back.clone());
    let fields = d
        .fields
        .iter()
        .map(|c| (field_label(&l, &c.label), c.before.clone(), c.after.clone()))
        .collect();
    let texts = text_views(&l, &d.texts);
    render(&DiffPage {
        title: d.title,
        from: d.from.version,
        to: d.to.version,
        back,
        fields,
        texts,
        l,
    })
}
