//! What every form page shares: the field errors of a refused submission, the anonymous form
//! token, the session's CSRF token, and the 422 answer that re-renders a form.

use crate::error::WebError;
use crate::session::{Viewer, csrf_ok};
use crate::{Lang, WebState, token};
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use fahrplan_app::accounts::Actor;
use fahrplan_app::{AppError, FieldError};

/// Errors of a refused submission, by field.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    /// Invalid fields in form order.
    pub errors: Vec<FieldError>,
}

impl FormState {
    /// From the errors of a use case.
    pub fn new(errors: Vec<FieldError>) -> Self {
        Self { errors }
    }

    /// The message id for a field, if it is invalid.
    pub fn error_for(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code)
    }

    /// The `aria-describedby` value of a field: its hint and its error message.
    pub fn describedby(&self, field: &str, has_hint: bool) -> Option<String> {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{field}-hint"));
        }
        if self.error_for(field).is_some() {
            ids.push(format!("{field}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Renders a form page; with errors as 422, never cached.
pub fn form_page<T: Template>(page: &T, refused: bool) -> Result<Response, WebError> {
    let mut res = super::render(page)?;
    if refused {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Checks the signed token of an anonymous form (403 when missing, forged or expired).
pub fn check_anon(state: &WebState, lang: Lang, form: &str, sent: &str) -> Result<(), WebError> {
    if token::verify(&state.config.form_secret, form, sent) {
        Ok(())
    } else {
        tracing::warn!(form, "form token missing, expired or forged");
        Err(WebError(AppError::Forbidden, lang))
    }
}

/// The logged-in actor whose form carries the session's CSRF token; 403 otherwise (401 page
/// when not logged in at all).
pub fn check_session(
    state: &WebState,
    lang: Lang,
    viewer: &Viewer,
    sent: &str,
) -> Result<Actor, WebError> {
    let Some(actor) = viewer.0.clone() else {
        return Err(WebError(AppError::Unauthenticated, lang));
    };
    if csrf_ok(&state.config.form_secret, &actor, sent) {
        Ok(actor)
    } else {
        tracing::warn!(account = actor.account_id, "CSRF token missing or wrong");
        Err(WebError(AppError::Forbidden, lang))
    }
}

/// Like [`check_session`], for a complete session: whoever still owes the second factor may
/// give it, set one up, extend or end the session, and nothing else (403).
pub fn check_full_session(
    state: &WebState,
    lang: Lang,
    viewer: &Viewer,
    sent: &str,
) -> Result<Actor, WebError> {
    let actor = check_session(state, lang, viewer, sent)?;
    if actor.needs_second_factor() {
        tracing::warn!(
            account = actor.account_id,
            "change refused: second factor not given"
        );
        return Err(WebError(AppError::Forbidden, lang));
    }
    Ok(actor)
}

/// Staff who still owe the second factor are sent to give it, or to set one up first.
pub fn second_factor_first(lang: Lang, actor: &Actor) -> Option<Response> {
    actor.needs_second_factor().then(|| {
        see_other(
            lang,
            if actor.has_totp {
                "/anmelden/zweiter-faktor"
            } else {
                "/konto/zwei-faktor"
            },
        )
    })
}

/// Post/Redirect/Get to a path in the reader's language.
pub fn see_other(lang: Lang, path: &str) -> Response {
    Redirect::to(&format!("{}{path}", lang.prefix())).into_response()
}
