//! What every form page shares: the field errors of a refused submission and the 422 answer
//! that re-renders a form. The token checks live in the extractors (`crate::extract`).

use crate::Lang;
use crate::error::WebError;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use fahrplan_app::FieldError;
use fahrplan_app::accounts::Actor;
use fahrplan_domain::paths;

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

/// Staff who still owe the second factor are sent to give it, or to set one up first.
pub fn second_factor_first(lang: Lang, actor: &Actor) -> Option<Response> {
    actor.needs_second_factor().then(|| {
        see_other(
            lang,
            if actor.has_totp {
                paths::SECOND_FACTOR
            } else {
                paths::ACCOUNT_SECOND_FACTOR
            },
        )
    })
}

pub use crate::extract::see_other;
