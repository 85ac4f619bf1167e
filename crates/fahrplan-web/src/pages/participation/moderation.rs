//! Reporting and moderating: the report form for anyone logged in, the author's objection to a
//! hiding, the moderators' hide page, restore, and dismissing reports from the list on
//! /redaktion. The extractors check the session and its CSRF token, the use cases who may do
//! what to which contribution; a refused reason re-renders its page with the text kept.

use super::write::{ParticipationForm, form_layout, to_thread};
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession, StaffSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::Actor;
use fahrplan_app::participation::Intent;
use fahrplan_domain::paths::{self, ContributionAction};

#[derive(Template)]
#[template(path = "participation/moderate.html")]
struct ReasonPage {
    l: Layout,
    f: FormState,
    cards: Vec<super::cards::Card>,
    action: String,
    back: String,
    reason: String,
    /// "report", "hide" or "object": which form the page holds.
    kind: &'static str,
    /// The reason of a block in force on the viewer's account (reports are refused).
    blocked: Option<String>,
}

/// The page of a hide or report form for contribution `id`, with a refused reason's errors and
/// text when given.
async fn reason_page(
    ctx: &Ctx,
    actor: &Actor,
    (slug, id, intent): (&str, i64, Intent),
    (f, reason): (FormState, String),
) -> Result<Response, WebError> {
    let (v, c) = ctx
        .state
        .app
        .contribution_for(actor, (slug, id), intent)
        .await?;
    let (action, title, kind) = match intent {
        Intent::Report => (ContributionAction::Report, "report-title", "report"),
        Intent::Object => (ContributionAction::Object, "objection-title", "object"),
        _ => (ContributionAction::Hide, "moderation-hide", "hide"),
    };
    let path = paths::contribution_action(slug, id, action);
    let mut l = form_layout(ctx, &path, title, (slug, &v.process.title));
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let card = super::cards::card(&c, slug, ctx.lang, &v.can, &ctx.state.i18n);
    form_page(
        &ReasonPage {
            l,
            f,
            cards: vec![card],
            action: path,
            back: paths::contribution_in_thread(slug, id, id),
            reason,
            kind,
            blocked: if intent == Intent::Report {
                v.blocked
            } else {
                None
            },
        },
        refused,
    )
}

/// `GET /mitmachen/{process}/beitraege/{id}/ausblenden`: moderators only.
pub async fn show_hide(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let what = (slug.as_str(), id, Intent::Hide);
    reason_page(&ctx, &actor, what, Default::default()).await
}

/// `POST /mitmachen/{process}/beitraege/{id}/ausblenden`: moderators, with a public reason.
pub async fn hide_contribution(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    match app.hide_contribution(&actor, &slug, id, &form.reason).await {
        Ok(()) => Ok(to_thread(ctx.lang, &slug, id, "ausgeblendet", id)),
        Err(AppError::Invalid(errors)) => {
            // The refused reason is shown with the contribution, so that is read as well.
            let what = (slug.as_str(), id, Intent::Hide);
            let kept = (FormState::new(errors), form.reason);
            reason_page(&ctx, &actor, what, kept).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/einblenden`: moderators.
pub async fn restore_contribution(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    app.restore_contribution(&actor, &slug, id).await?;
    Ok(to_thread(ctx.lang, &slug, id, "eingeblendet", id))
}

/// `GET /mitmachen/{process}/beitraege/{id}/melden`: anyone logged in, for somebody else's.
pub async fn show_report(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let what = (slug.as_str(), id, Intent::Report);
    reason_page(&ctx, &actor, what, Default::default()).await
}

/// `POST /mitmachen/{process}/beitraege/{id}/melden`. A second report by the same person
/// changes nothing and gets the same thanks.
pub async fn report_contribution(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let sent = match fahrplan_app::spam::honeypot(&form.website) {
        Ok(()) => app.flag_contribution(&actor, &slug, id, &form.reason).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(()) | Err(AppError::Conflict) => Ok(to_thread(ctx.lang, &slug, id, "gemeldet", id)),
        Err(AppError::Invalid(errors)) => {
            // The refused reason is shown with the contribution, so that is read as well.
            let what = (slug.as_str(), id, Intent::Report);
            let kept = (FormState::new(errors), form.reason);
            reason_page(&ctx, &actor, what, kept).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /mitmachen/{process}/beitraege/{id}/widersprechen`: the author of a hidden contribution.
pub async fn show_object(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let what = (slug.as_str(), id, Intent::Object);
    reason_page(&ctx, &actor, what, Default::default()).await
}

/// `POST /mitmachen/{process}/beitraege/{id}/widersprechen`: once per hiding, with a reason.
pub async fn object_to_hiding(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    match app.object_to_hiding(&actor, &slug, id, &form.reason).await {
        Ok(()) => Ok(to_thread(ctx.lang, &slug, id, "widersprochen", id)),
        Err(AppError::Invalid(errors)) => {
            let what = (slug.as_str(), id, Intent::Object);
            let kept = (FormState::new(errors), form.reason);
            reason_page(&ctx, &actor, what, kept).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /redaktion/meldungen/{id}/zurueckweisen`: a moderator closes the reports of a
/// contribution without hiding it.
pub async fn dismiss_reports(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    ctx.state.app.dismiss_flags(&actor, id).await?;
    let notice = paths::notice(paths::STAFF, "meldungen");
    Ok(ctx.see_other(&format!("{notice}#meldungen")))
}
