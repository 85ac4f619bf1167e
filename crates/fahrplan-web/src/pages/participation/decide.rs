//! The moderators' own pages below `/redaktion` (issue 17): answering an author's objection
//! (restore or uphold, with an answer for the author), and warning, blocking and unblocking an
//! account. Moderators see the display name only, never an email address. Each page needs a
//! staff session with the second factor; the use cases check the moderator role.

use super::cards::{Card, moderation_card};
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, StaffSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::Actor;
use fahrplan_app::participation::{ModeratedAccount, Sanction};
use fahrplan_domain::paths;

/// Every moderators' form of this module, as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    outcome: String,
    /// The contribution the warning or block is about ('' for none).
    #[serde(default)]
    beitrag: String,
}

/// Query of the warn and block forms: the contribution they are about.
#[derive(Debug, Default, serde::Deserialize)]
pub struct AboutQuery {
    #[serde(default)]
    beitrag: String,
}

fn staff_layout(ctx: &Ctx, path: &str, title_key: &str) -> Layout {
    let l = ctx.layout(path, String::new()).title_key(title_key);
    let t = l.title.clone();
    l.crumb(ctx.t("staff-title"), paths::STAFF).crumb(t, "")
}

#[derive(Template)]
#[template(path = "staff/objection.html")]
struct ObjectionPage {
    l: Layout,
    f: FormState,
    cards: Vec<Card>,
    objection: String,
    action: String,
    outcome: String,
    answer: String,
}

async fn objection_page(
    ctx: &Ctx,
    actor: &Actor,
    id: i64,
    (f, outcome, answer): (FormState, String, String),
) -> Result<Response, WebError> {
    let o = ctx.state.app.objection(actor, id).await?;
    let path = paths::staff_objection(id);
    let mut l = staff_layout(ctx, &path, "objection-answer-title");
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    form_page(
        &ObjectionPage {
            l,
            f,
            cards: vec![moderation_card(&o.contribution, ctx.lang, &ctx.state.i18n)],
            objection: o.hiding.objection.unwrap_or_default(),
            action: path,
            outcome,
            answer,
        },
        refused,
    )
}

/// `GET /redaktion/widersprueche/{id}`: an objection waiting for an answer.
pub async fn show_objection(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let kept = (FormState::default(), String::new(), String::new());
    objection_page(&ctx, &actor, id, kept).await
}

/// `POST /redaktion/widersprueche/{id}`: restore or uphold, with an answer for the author.
pub async fn answer_objection(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    match app
        .answer_objection(&actor, id, &form.outcome, &form.answer)
        .await
    {
        Ok(()) => {
            let notice = paths::notice(paths::STAFF, "widerspruch");
            Ok(ctx.see_other(&format!("{notice}#widersprueche")))
        }
        Err(AppError::Invalid(errors)) => {
            let kept = (FormState::new(errors), form.outcome, form.answer);
            objection_page(&ctx, &actor, id, kept).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "staff/sanction.html")]
struct SanctionPage {
    l: Layout,
    f: FormState,
    account: ModeratedAccount,
    /// "warn" or "block".
    kind: &'static str,
    action: String,
    unblock: String,
    beitrag: String,
    reason: String,
    /// (kind label key, reason, date, lifted) of the account's earlier warnings and blocks.
    history: Vec<(&'static str, String, String, bool)>,
}

async fn sanction_page(
    ctx: &Ctx,
    actor: &Actor,
    (id, what): (i64, Sanction),
    (f, beitrag, reason): (FormState, String, String),
) -> Result<Response, WebError> {
    let account = ctx.state.app.account_for_moderation(actor, id).await?;
    let (path, title, kind) = match what {
        Sanction::Warning => (paths::staff_warn(id), "sanction-warn-title", "warn"),
        Sanction::Block => (paths::staff_block(id), "sanction-block-title", "block"),
    };
    let mut l = staff_layout(ctx, &path, title);
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let history = account
        .sanctions
        .iter()
        .map(|s| {
            (
                if s.kind == "block" {
                    "sanction-kind-block"
                } else {
                    "sanction-kind-warning"
                },
                s.reason.clone(),
                crate::pages::datetime(s.created_at, ctx.lang),
                s.lifted_at.is_some(),
            )
        })
        .collect();
    form_page(
        &SanctionPage {
            l,
            f,
            kind,
            action: path,
            unblock: paths::staff_unblock(id),
            beitrag,
            reason,
            history,
            account,
        },
        refused,
    )
}

fn about(beitrag: &str) -> Option<i64> {
    beitrag.trim().parse().ok()
}

/// `GET /redaktion/konten/{id}/verwarnen`.
pub async fn show_warn(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    Query(q): Query<AboutQuery>,
) -> Result<Response, WebError> {
    let kept = (FormState::default(), q.beitrag, String::new());
    sanction_page(&ctx, &actor, (id, Sanction::Warning), kept).await
}

/// `GET /redaktion/konten/{id}/sperren`.
pub async fn show_block(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    Query(q): Query<AboutQuery>,
) -> Result<Response, WebError> {
    let kept = (FormState::default(), q.beitrag, String::new());
    sanction_page(&ctx, &actor, (id, Sanction::Block), kept).await
}

async fn sanction(
    ctx: Ctx,
    actor: Actor,
    (id, what): (i64, Sanction),
    form: DecideForm,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let about_id = about(&form.beitrag);
    match app
        .sanction_account(&actor, id, what, &form.reason, about_id)
        .await
    {
        Ok(()) | Err(AppError::Conflict) => {
            let key = match what {
                Sanction::Warning => "verwarnt",
                Sanction::Block => "gesperrt",
            };
            Ok(ctx.see_other(&paths::notice(paths::STAFF, key)))
        }
        Err(AppError::Invalid(errors)) => {
            let kept = (FormState::new(errors), form.beitrag, form.reason);
            sanction_page(&ctx, &actor, (id, what), kept).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /redaktion/konten/{id}/verwarnen`: a warning with a reason the person sees.
pub async fn warn(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    sanction(ctx, actor, (id, Sanction::Warning), form).await
}

/// `POST /redaktion/konten/{id}/sperren`: a block with a reason the person sees.
pub async fn block(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    sanction(ctx, actor, (id, Sanction::Block), form).await
}

/// `POST /redaktion/konten/{id}/entsperren`: lifts the block.
pub async fn unblock(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    match ctx.state.app.lift_block(&actor, id).await {
        Ok(()) | Err(AppError::Conflict) => {
            Ok(ctx.see_other(&paths::notice(paths::STAFF, "entsperrt")))
        }
        Err(e) => Err(e.into()),
    }
}
