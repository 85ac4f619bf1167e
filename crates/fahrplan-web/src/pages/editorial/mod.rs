//! The editorial pages (issue 16): editing forms, the changes with their review, and the
//! version history with diffs. Only staff with the second factor given reach them; which
//! entity a person may touch, the use cases decide (403 otherwise, nothing changed).

pub mod audit;
pub mod changes;
pub mod create;
pub mod edit;
pub mod edit_fields;
pub mod feedback;
pub mod history;
pub mod preview;

use crate::error::WebError;
use crate::extract::Ctx;
use crate::pages::forms::second_factor_first;
use crate::session::Viewer;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::Actor;
use fahrplan_app::editorial::{EntityKind, EntityRef};
use fahrplan_domain::paths;
use std::collections::HashMap;

/// The list of changes.
pub const CHANGES: &str = "/redaktion/aenderungen";

/// The page of change `id`.
pub fn change_path(id: i64) -> String {
    format!("{CHANGES}/{id}")
}

/// The person, or where to send them first: the login, or the second factor.
pub(crate) fn guard(ctx: &Ctx, viewer: Viewer) -> Result<Actor, Box<Response>> {
    let Some(actor) = viewer.0 else {
        return Err(Box::new(ctx.see_other(paths::LOGIN)));
    };
    if let Some(to) = second_factor_first(ctx.lang, &actor) {
        return Err(Box::new(to));
    }
    Ok(actor)
}

/// The kind of a path segment (`massnahme`, `ziel`, …).
pub(crate) fn entity_kind(art: &str) -> Result<EntityKind, WebError> {
    EntityKind::from_segment(art).ok_or_else(|| AppError::NotFound.into())
}

/// The entity of a path: `art` and `key`, or for areas and phases `art`, `key` (the edition,
/// the process) and `sub` (the area, the phase's number).
pub(crate) fn entity_of(p: &HashMap<String, String>) -> Result<EntityRef, WebError> {
    let kind = p
        .get("art")
        .and_then(|a| EntityKind::from_segment(a))
        .ok_or(AppError::NotFound)?;
    let key = match (kind, p.get("key"), p.get("sub")) {
        (k, Some(e), Some(s)) if k.nested() => format!("{e}/{s}"),
        (k, _, _) if k.nested() => return Err(AppError::NotFound.into()),
        (_, Some(k), None) => k.clone(),
        _ => return Err(AppError::NotFound.into()),
    };
    EntityRef::parse(&format!("{}:{key}", kind.as_str())).ok_or_else(|| AppError::NotFound.into())
}
