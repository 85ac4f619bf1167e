//! Forgotten password: asking for a link (the same answer for known and unknown addresses)
//! and setting a new password with it.

use super::account::{Notice, message};
use super::forms::{FormState, check_anon, form_page, see_other};
use super::{in_lang, titled};
use crate::error::WebError;
use crate::layout::Layout;
use crate::session::ClientIp;
use crate::{Lang, WebState, token};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::ratelimit::Bucket;

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    l: Layout,
    f: FormState,
    token: String,
    email: String,
}

/// The reset request as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    email: String,
}

/// `GET /passwort-vergessen`.
pub async fn show_forgot(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = titled(&state, lang, "/passwort-vergessen", "forgot-title").await?;
    form_page(
        &ForgotPage {
            l,
            f: FormState::default(),
            token: token::issue(&state.config.form_secret, "forgot"),
            email: String::new(),
        },
        false,
    )
}

/// `POST /passwort-vergessen`: the same answer for known and unknown addresses.
pub async fn forgot(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    ClientIp(ip): ClientIp,
    Form(form): Form<ForgotForm>,
) -> Result<Response, WebError> {
    check_anon(&state, lang, "forgot", &form.token)?;
    state.app.limit(Bucket::Reset, &ip).map_err(in_lang(lang))?;
    match state.app.request_password_reset(&form.email).await {
        Ok(()) => Ok(see_other(lang, "/passwort-vergessen/gesendet")),
        Err(AppError::Invalid(errors)) => {
            let mut l = titled(&state, lang, "/passwort-vergessen", "forgot-title").await?;
            l.has_errors = true;
            form_page(
                &ForgotPage {
                    l,
                    f: FormState::new(errors),
                    token: token::issue(&state.config.form_secret, "forgot"),
                    email: form.email,
                },
                true,
            )
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `GET /passwort-vergessen/gesendet`.
pub async fn show_forgot_sent(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = titled(
        &state,
        lang,
        "/passwort-vergessen/gesendet",
        "forgot-sent-title",
    )
    .await?;
    message(&state, l, "forgot-sent-text", None, false)
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    l: Layout,
    f: FormState,
    token: String,
}

/// The new password as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

/// `GET /passwort-neu?token=`.
pub async fn show_reset(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    Query(q): Query<Notice>,
) -> Result<Response, WebError> {
    let l = titled(&state, lang, "/passwort-neu", "reset-title").await?;
    form_page(
        &ResetPage {
            l,
            f: FormState::default(),
            token: q.token,
        },
        false,
    )
}

/// `POST /passwort-neu`: the link works once; all sessions end.
pub async fn reset(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    Form(form): Form<ResetForm>,
) -> Result<Response, WebError> {
    match state.app.reset_password(&form.token, &form.password).await {
        Ok(()) => Ok(see_other(lang, "/anmelden?hinweis=passwort")),
        Err(AppError::Invalid(errors)) => {
            let mut l = titled(&state, lang, "/passwort-neu", "reset-title").await?;
            l.has_errors = true;
            form_page(
                &ResetPage {
                    l,
                    f: FormState::new(errors),
                    token: form.token,
                },
                true,
            )
        }
        Err(e) => Err(WebError(e, lang)),
    }
}
