//! Reporting and moderating: the report form for anyone logged in, the moderators' hide page,
//! restore, and dismissing reports from the list on /redaktion. Each form checks the session's
//! CSRF token and calls one use case; a refused reason re-renders its page with the text kept.

use super::write::{ParticipationForm, actor_for, to_thread};
use crate::error::WebError;
use crate::layout::Layout;
use crate::pages::forms::{FormState, check_full_session, form_page, see_other};
use crate::pages::{in_lang, meta};
use crate::session::Viewer;
use crate::{Lang, WebState};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use fahrplan_app::AppError;

/// Which of the two one-contribution forms a page shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// A moderator hides the contribution with a public reason.
    Hide,
    /// Somebody reports it to the moderators.
    Report,
}

#[derive(Template)]
#[template(path = "moderate.html")]
struct ReasonPage {
    l: Layout,
    f: FormState,
    cards: Vec<super::cards::Card>,
    action: String,
    back: String,
    reason: String,
    report: bool,
}

async fn reason_page(
    state: &WebState,
    lang: Lang,
    viewer: &Viewer,
    (slug, id, purpose): (&str, i64, Purpose),
    f: FormState,
    reason: String,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0.as_ref().filter(|a| !a.needs_second_factor()) else {
        return Err(WebError(AppError::Unauthenticated, lang));
    };
    if purpose == Purpose::Hide {
        actor
            .require(fahrplan_domain::Role::Moderator)
            .map_err(in_lang(lang))?;
    }
    let (v, thread) = state
        .app
        .contribution_view(id, Some(actor))
        .await
        .map_err(in_lang(lang))?;
    if v.process.slug != slug {
        return Err(WebError(AppError::NotFound, lang));
    }
    let can = super::abilities(&v, viewer);
    let cards: Vec<_> = super::cards::cards(
        std::slice::from_ref(&thread),
        slug,
        lang,
        &can,
        true,
        &state.i18n,
    )
    .into_iter()
    .filter(|c| c.id == id)
    .collect();
    if purpose == Purpose::Report && cards.first().is_some_and(|c| c.mine) {
        return Err(WebError(AppError::Forbidden, lang));
    }
    let (verb, title) = match purpose {
        Purpose::Hide => ("ausblenden", "moderation-hide"),
        Purpose::Report => ("melden", "report-title"),
    };
    let meta = meta(state, lang).await?;
    let path = format!("/mitmachen/{slug}/beitraege/{id}/{verb}");
    let mut l = Layout::new(state, lang, meta.as_ref(), &path, String::new()).title_key(title);
    let t = l.title.clone();
    l = l
        .crumb(
            state.i18n.get(lang, "participation-title", &[]),
            "/mitmachen",
        )
        .crumb(v.process.title.clone(), format!("/mitmachen/{slug}"))
        .crumb(t, "");
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    form_page(
        &ReasonPage {
            l,
            f,
            cards,
            action: path,
            back: format!("/mitmachen/{slug}/beitraege/{id}#beitrag-{id}"),
            reason,
            report: purpose == Purpose::Report,
        },
        refused,
    )
}

/// `GET /mitmachen/{process}/beitraege/{id}/ausblenden`: moderators only.
pub async fn show_hide(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let what = (slug.as_str(), id, Purpose::Hide);
    reason_page(
        &state,
        lang,
        &viewer,
        what,
        FormState::default(),
        String::new(),
    )
    .await
}

/// `POST /mitmachen/{process}/beitraege/{id}/ausblenden`: moderators, with a public reason.
pub async fn hide_contribution(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = actor_for(&state, lang, &viewer, &form.csrf, (&slug, id)).await?;
    match state.app.hide_contribution(&actor, id, &form.reason).await {
        Ok(()) => Ok(to_thread(lang, &slug, id, "ausgeblendet", id)),
        Err(AppError::Invalid(errors)) => {
            let what = (slug.as_str(), id, Purpose::Hide);
            reason_page(
                &state,
                lang,
                &viewer,
                what,
                FormState::new(errors),
                form.reason,
            )
            .await
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/einblenden`: moderators.
pub async fn restore_contribution(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = actor_for(&state, lang, &viewer, &form.csrf, (&slug, id)).await?;
    state
        .app
        .restore_contribution(&actor, id)
        .await
        .map_err(in_lang(lang))?;
    Ok(to_thread(lang, &slug, id, "eingeblendet", id))
}

/// `GET /mitmachen/{process}/beitraege/{id}/melden`: anyone logged in, for somebody else's.
pub async fn show_report(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let what = (slug.as_str(), id, Purpose::Report);
    reason_page(
        &state,
        lang,
        &viewer,
        what,
        FormState::default(),
        String::new(),
    )
    .await
}

/// `POST /mitmachen/{process}/beitraege/{id}/melden`. A second report by the same person
/// changes nothing and gets the same thanks.
pub async fn report_contribution(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = actor_for(&state, lang, &viewer, &form.csrf, (&slug, id)).await?;
    match state.app.flag_contribution(&actor, id, &form.reason).await {
        Ok(()) | Err(AppError::Conflict) => Ok(to_thread(lang, &slug, id, "gemeldet", id)),
        Err(AppError::Invalid(errors)) => {
            let what = (slug.as_str(), id, Purpose::Report);
            reason_page(
                &state,
                lang,
                &viewer,
                what,
                FormState::new(errors),
                form.reason,
            )
            .await
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `POST /redaktion/meldungen/{id}/zurueckweisen`: a moderator closes the reports of a
/// contribution without hiding it.
pub async fn dismiss_reports(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .dismiss_flags(&actor, id)
        .await
        .map_err(in_lang(lang))?;
    Ok(see_other(lang, "/redaktion?hinweis=meldungen#meldungen"))
}
