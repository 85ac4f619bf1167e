//! The forms of participation: write, reply, edit, withdraw, support, and the moderators' hide
//! and restore. Each checks the session's CSRF token, calls one use case and answers with a
//! 303 to the changed contribution; refused input re-renders its page with the text kept.

use super::{process_page, thread_page};
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
use fahrplan_app::participation::ContributionInput;

/// Every participation form, as posted (each sends only its own fields).
#[derive(Debug, Default, serde::Deserialize)]
pub struct ParticipationForm {
    #[serde(default)]
    pub(super) csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    pub(super) reason: String,
    /// Where a support button sends the reader back: "beitrag" (thread) or the process page.
    #[serde(default)]
    zurueck: String,
}

/// The actor behind a form about contribution `id`, reached under process `slug`: a complete
/// session with its CSRF token (403), and a contribution of that process (404).
pub(super) async fn actor_for(
    state: &WebState,
    lang: Lang,
    viewer: &Viewer,
    csrf: &str,
    (slug, id): (&str, i64),
) -> Result<fahrplan_app::accounts::Actor, WebError> {
    let actor = check_full_session(state, lang, viewer, csrf)?;
    state
        .app
        .contribution_in(slug, id)
        .await
        .map_err(in_lang(lang))?;
    Ok(actor)
}

pub(super) fn to_thread(lang: Lang, slug: &str, id: i64, notice: &str, anchor: i64) -> Response {
    see_other(
        lang,
        &format!("/mitmachen/{slug}/beitraege/{id}?hinweis={notice}#beitrag-{anchor}"),
    )
}

/// `POST /mitmachen/{process}`: a new proposal, comment or statement.
pub async fn create_contribution(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    let input = ContributionInput {
        kind: form.kind,
        target: form.target,
        title: form.title,
        body: form.body,
    };
    match state
        .app
        .post_contribution(&actor, &slug, None, &input)
        .await
    {
        Ok(id) => Ok(to_thread(lang, &slug, id, "gesendet", id)),
        Err(AppError::Invalid(errors)) => {
            process_page(
                &state,
                lang,
                &viewer,
                &slug,
                FormState::new(errors),
                input,
                (None, fahrplan_app::participation::ListQuery::default()),
            )
            .await
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/antworten`: a reply in the thread.
pub async fn create_reply(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    let input = ContributionInput {
        body: form.body,
        ..ContributionInput::default()
    };
    match state
        .app
        .post_contribution(&actor, &slug, Some(id), &input)
        .await
    {
        Ok(reply) => Ok(to_thread(lang, &slug, id, "gesendet", reply)),
        Err(AppError::Invalid(errors)) => {
            thread_page(
                &state,
                lang,
                &viewer,
                (&slug, id),
                FormState::new(errors),
                input.body,
                None,
            )
            .await
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

#[derive(Template)]
#[template(path = "contribution_edit.html")]
struct EditPage {
    l: Layout,
    f: FormState,
    action: String,
    back: String,
    proposal: bool,
    title: String,
    body: String,
}

async fn edit_page(
    state: &WebState,
    lang: Lang,
    (slug, id): (&str, i64),
    f: FormState,
    (proposal, title, body): (bool, String, String),
) -> Result<Response, WebError> {
    let meta = meta(state, lang).await?;
    let path = format!("/mitmachen/{slug}/beitraege/{id}/bearbeiten");
    let mut l = Layout::new(state, lang, meta.as_ref(), &path, String::new())
        .title_key("contribution-edit-title");
    let t = l.title.clone();
    l = l
        .crumb(
            state.i18n.get(lang, "participation-title", &[]),
            "/mitmachen",
        )
        .crumb(t, "");
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    form_page(
        &EditPage {
            l,
            f,
            action: path,
            back: format!("/mitmachen/{slug}/beitraege/{id}#beitrag-{id}"),
            proposal,
            title,
            body,
        },
        refused,
    )
}

/// `GET /mitmachen/{process}/beitraege/{id}/bearbeiten`: only the author, while the phase is open.
pub async fn show_edit(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0.as_ref().filter(|a| !a.needs_second_factor()) else {
        return Err(WebError(AppError::Unauthenticated, lang));
    };
    let (kind, title, body) = state
        .app
        .contribution_to_edit(actor, &slug, id)
        .await
        .map_err(in_lang(lang))?;
    let proposal = kind == fahrplan_domain::ContributionKind::Proposal;
    edit_page(
        &state,
        lang,
        (&slug, id),
        FormState::default(),
        (proposal, title, body),
    )
    .await
}

/// `POST /mitmachen/{process}/beitraege/{id}/bearbeiten`.
pub async fn update_contribution(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    let (kind, _, _) = state
        .app
        .contribution_to_edit(&actor, &slug, id)
        .await
        .map_err(in_lang(lang))?;
    match state
        .app
        .edit_contribution(&actor, id, &form.title, &form.body)
        .await
    {
        Ok(()) => Ok(to_thread(lang, &slug, id, "geaendert", id)),
        Err(AppError::Invalid(errors)) => {
            let proposal = kind == fahrplan_domain::ContributionKind::Proposal;
            let kept = (proposal, form.title, form.body);
            edit_page(&state, lang, (&slug, id), FormState::new(errors), kept).await
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

#[derive(Template)]
#[template(path = "withdraw.html")]
struct WithdrawPage {
    l: Layout,
    cards: Vec<super::cards::Card>,
    action: String,
    back: String,
}

/// `GET /mitmachen/{process}/beitraege/{id}/zurueckziehen`: the author confirms, since a
/// withdrawal cannot be undone (WCAG 3.3.4).
pub async fn show_withdraw(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0.as_ref().filter(|a| !a.needs_second_factor()) else {
        return Err(WebError(AppError::Unauthenticated, lang));
    };
    let (v, thread) = state
        .app
        .contribution_view(id, Some(actor))
        .await
        .map_err(in_lang(lang))?;
    if v.process.slug != slug {
        return Err(WebError(AppError::NotFound, lang));
    }
    let can = super::abilities(&v, &viewer);
    let cards: Vec<_> = super::cards::cards(
        std::slice::from_ref(&thread),
        &slug,
        lang,
        &can,
        true,
        &state.i18n,
    )
    .into_iter()
    .filter(|c| c.id == id)
    .collect();
    match cards.first() {
        Some(c) if c.mine && c.state == "visible" => {}
        Some(c) if c.mine => return Err(WebError(AppError::Conflict, lang)),
        _ => return Err(WebError(AppError::Forbidden, lang)),
    }
    let meta = meta(&state, lang).await?;
    let path = format!("/mitmachen/{slug}/beitraege/{id}/zurueckziehen");
    let mut l = Layout::new(&state, lang, meta.as_ref(), &path, String::new())
        .title_key("contribution-withdraw-title");
    let t = l.title.clone();
    l = l
        .crumb(
            state.i18n.get(lang, "participation-title", &[]),
            "/mitmachen",
        )
        .crumb(v.process.title.clone(), format!("/mitmachen/{slug}"))
        .crumb(t, "");
    form_page(
        &WithdrawPage {
            l,
            cards,
            action: path,
            back: format!("/mitmachen/{slug}/beitraege/{id}#beitrag-{id}"),
        },
        false,
    )
}

/// `POST /mitmachen/{process}/beitraege/{id}/zurueckziehen`: only the author.
pub async fn withdraw_contribution(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = actor_for(&state, lang, &viewer, &form.csrf, (&slug, id)).await?;
    state
        .app
        .withdraw_contribution(&actor, id)
        .await
        .map_err(in_lang(lang))?;
    Ok(to_thread(lang, &slug, id, "zurueckgezogen", id))
}

fn back(lang: Lang, slug: &str, id: i64, form: &ParticipationForm, notice: &str) -> Response {
    if form.zurueck == "beitrag" {
        to_thread(lang, slug, id, notice, id)
    } else {
        see_other(
            lang,
            &format!("/mitmachen/{slug}?hinweis={notice}#beitrag-{id}"),
        )
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/unterstuetzen`. A second click changes nothing
/// and lands on the same page (the use case answers `Conflict`, the API would say 409).
pub async fn cast_support(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = actor_for(&state, lang, &viewer, &form.csrf, (&slug, id)).await?;
    match state.app.cast_support(&actor, id).await {
        Ok(()) | Err(AppError::Conflict) => Ok(back(lang, &slug, id, &form, "unterstuetzt")),
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/unterstuetzung-zuruecknehmen`.
pub async fn withdraw_support(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ParticipationForm>,
) -> Result<Response, WebError> {
    let actor = actor_for(&state, lang, &viewer, &form.csrf, (&slug, id)).await?;
    match state.app.withdraw_support(&actor, id).await {
        Ok(()) | Err(AppError::NotFound) => {
            Ok(back(lang, &slug, id, &form, "unterstuetzung-zurueck"))
        }
        Err(e) => Err(WebError(e, lang)),
    }
}
