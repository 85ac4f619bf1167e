//! The account page ("Mein Konto"): name, email, password, sessions, second factor, consent,
//! "Meine Daten" and deletion. Every form carries the session's CSRF token; a refused form
//! re-renders the whole page with its errors.

use super::forms::{
    FormState, check_full_session, check_session, form_page, second_factor_first, see_other,
};
use super::{datetime, in_lang, titled};
use crate::error::WebError;
use crate::layout::Layout;
use crate::session::{Viewer, clear_cookie};
use crate::{Lang, WebState};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use fahrplan_app::AppError;
use fahrplan_app::accounts::{Actor, SessionInfo};

/// One session row on the page.
pub struct SessionLine {
    id: String,
    started: String,
    last_seen: String,
    browser: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "konto.html")]
struct KontoPage {
    l: Layout,
    f: FormState,
    current_name: String,
    email: String,
    new_email: String,
    sessions: Vec<SessionLine>,
    has_totp: bool,
    consent: bool,
    notice: Option<&'static str>,
    roles: Vec<String>,
}

fn lines(sessions: Vec<SessionInfo>, lang: Lang) -> Vec<SessionLine> {
    sessions
        .into_iter()
        .map(|s| SessionLine {
            id: s.id,
            started: datetime(s.created_at, lang),
            last_seen: datetime(s.last_seen_at, lang),
            browser: s.user_agent,
            current: s.current,
        })
        .collect()
}

/// Query of the account page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct KontoQuery {
    #[serde(default)]
    hinweis: String,
}

fn notice_key(n: &str) -> Option<&'static str> {
    match n {
        "name" => Some("notice-name-saved"),
        "passwort" => Some("notice-password-changed"),
        "email" => Some("notice-email-sent"),
        "sitzung" => Some("notice-session-ended"),
        "verlaengert" => Some("notice-session-extended"),
        "einwilligung" => Some("notice-consent-saved"),
        _ => None,
    }
}

async fn page(
    state: &WebState,
    lang: Lang,
    actor: &Actor,
    f: FormState,
    name: Option<String>,
    new_email: String,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let mut l = titled(state, lang, "/konto", "account-title").await?;
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let sessions = state.app.my_sessions(actor).await.map_err(in_lang(lang))?;
    let consent = state.app.has_consent(actor).await.map_err(in_lang(lang))?;
    let email = state.app.my_email(actor).await.map_err(in_lang(lang))?;
    let roles = actor
        .roles
        .iter()
        .map(|(r, d)| {
            let label = match lang {
                Lang::De => r.label_de(),
                Lang::En => r.label_en(),
            };
            if d.is_empty() {
                label.to_owned()
            } else {
                format!("{label} ({d})")
            }
        })
        .collect();
    form_page(
        &KontoPage {
            l,
            f,
            current_name: name.unwrap_or_else(|| actor.display_name.clone()),
            email,
            new_email,
            sessions: lines(sessions, lang),
            has_totp: actor.has_totp,
            consent,
            notice,
            roles,
        },
        refused,
    )
}

/// `GET /konto`: staff who still owe the second factor are sent to give or set it up.
pub async fn show_account(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Query(q): Query<KontoQuery>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(see_other(lang, "/anmelden"));
    };
    if let Some(to) = second_factor_first(lang, &actor) {
        return Ok(to);
    }
    page(
        &state,
        lang,
        &actor,
        FormState::default(),
        None,
        String::new(),
        notice_key(&q.hinweis),
    )
    .await
}

/// Every form of the account page, as posted (each sends only its own fields).
#[derive(Debug, Default, serde::Deserialize)]
pub struct KontoForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    email_password: String,
    #[serde(default)]
    export_password: String,
    #[serde(default)]
    delete_password: String,
    #[serde(default)]
    session: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    back: String,
}

async fn outcome(
    state: &WebState,
    lang: Lang,
    actor: &Actor,
    form: KontoForm,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(see_other(lang, &format!("/konto?hinweis={done}"))),
        Err(AppError::Invalid(errors)) => {
            page(
                state,
                lang,
                actor,
                FormState::new(errors),
                Some(form.display_name).filter(|n| !n.is_empty()),
                form.new_email,
                None,
            )
            .await
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `POST /konto/name`.
pub async fn change_name(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    let r = state
        .app
        .change_display_name(&actor, &form.display_name)
        .await;
    outcome(&state, lang, &actor, form, r, "name").await
}

/// `POST /konto/passwort`: other sessions end.
pub async fn change_password(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    let r = state
        .app
        .change_password(&actor, &form.current_password, &form.new_password)
        .await;
    outcome(&state, lang, &actor, form, r, "passwort").await
}

/// `POST /konto/email`: a link to the new address.
pub async fn change_email(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    let r = state
        .app
        .request_email_change(&actor, &form.email_password, &form.new_email)
        .await;
    outcome(&state, lang, &actor, form, r, "email").await
}

/// `POST /konto/sitzungen`: ends one of the account's own sessions.
pub async fn end_session(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .revoke_session(&actor, &form.session)
        .await
        .map_err(in_lang(lang))?;
    Ok(see_other(lang, "/konto?hinweis=sitzung"))
}

/// `POST /konto/sitzung`: extends the session (the warning before it ends offers this).
pub async fn extend_session(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .extend_session(&actor)
        .await
        .map_err(in_lang(lang))?;
    let back = form.back.trim();
    // Only a path of this site, in plain visible ASCII (no other host, no header tricks).
    if back.starts_with('/')
        && !back.starts_with("//")
        && back.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
    {
        return Ok(axum::response::Redirect::to(back).into_response());
    }
    Ok(see_other(lang, "/konto?hinweis=verlaengert"))
}

/// `POST /konto/einwilligung`: gives or withdraws the consent.
pub async fn set_consent(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .set_consent(&actor, form.consent == "yes")
        .await
        .map_err(in_lang(lang))?;
    Ok(see_other(lang, "/konto?hinweis=einwilligung"))
}

/// `POST /konto/daten`: "Meine Daten" as a ZIP download, after the password.
pub async fn export(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    match state
        .app
        .export_my_data(&actor, &form.export_password)
        .await
    {
        Ok(x) => {
            let mut res = x.zip.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            );
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename=\"{}\"", x.file_name))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(res)
        }
        Err(e) => outcome(&state, lang, &actor, form, Err(e), "").await,
    }
}

/// `POST /konto/loeschen`: deletes the account and ends every session.
pub async fn delete(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<KontoForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    match state
        .app
        .delete_account(&actor, &form.delete_password)
        .await
    {
        Ok(()) => {
            let mut res = see_other(lang, "/anmelden?hinweis=geloescht");
            res.headers_mut().append(header::SET_COOKIE, clear_cookie());
            Ok(res)
        }
        Err(e) => outcome(&state, lang, &actor, form, Err(e), "").await,
    }
}
