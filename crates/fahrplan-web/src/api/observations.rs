//! The API's first write (issue 15): `POST /api/v1/indicators/{slug}/observations`, a
//! department's value of an indicator as JSON. Until machine tokens come (issue 18) it is
//! authenticated as the site's own scripts would use it: the session cookie, the session's CSRF
//! token in the `X-CSRF-Token` header (the same token every form of a logged-in page carries),
//! and the same-site check of every state-changing request (`session::sessions`). The API's
//! CORS preflight allows only `GET` and `HEAD`, so another origin cannot send it. The rule of
//! who may report and every field check are the use case's (`App::report_observation`).

use super::problem::{Problem, ServerError};
use crate::error::{Refusal, WebError};
use crate::session::csrf_ok;
use crate::{WebState, extract::FullSession};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fahrplan_app::monitoring::{ReportOutcome, ValueReport};
use fahrplan_app::{AppError, FieldError};
use fahrplan_domain::monitoring::ObservationOrigin;
use fahrplan_domain::paths;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The header that carries the session's CSRF token on API writes.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// A logged-in person with the second factor given (401, 403 otherwise) whose request carries
/// the session's CSRF token in [`CSRF_HEADER`] (403 otherwise).
#[derive(Debug, Clone)]
pub struct ApiSession(pub fahrplan_app::accounts::Actor);

impl FromRequestParts<WebState> for ApiSession {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, WebError> {
        let FullSession(actor) = FullSession::from_request_parts(parts, state).await?;
        let sent = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !csrf_ok(&state.config.form_secret, &actor, sent) {
            tracing::warn!(
                account = actor.account_id,
                "API write without its CSRF token"
            );
            return Err(WebError::Refused(Refusal::FormExpired));
        }
        Ok(ApiSession(actor))
    }
}

/// A value to report, as JSON.
#[derive(Debug, ToSchema)]
#[allow(
    dead_code,
    reason = "read only by the OpenAPI derive; the body is read field by field"
)]
pub struct NewObservation {
    /// `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`; a period that has begun.
    #[schema(example = "2025-06")]
    period: String,
    /// The value in the indicator's unit: a share from 0 to 100, a count not below 0.
    #[schema(example = 91.5)]
    value: f64,
    /// Official key of a region (`064`, `06411`); `null`, left out or `06` for the whole Land.
    region: Option<String>,
    /// Publisher and title of the source (at most 300 characters).
    #[schema(example = "Breitbandatlas des Bundes, Stand Juni 2025")]
    source: String,
    /// Public web address of the source.
    source_url: Option<String>,
    /// A remark (at most 500 characters).
    note: Option<String>,
}

/// What a report did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObservationResult {
    /// `added` (201), `corrected` (200: another value for the same period and region, the
    /// earlier one kept) or `unchanged` (200: the same value again, nothing written).
    #[schema(example = "added")]
    pub outcome: String,
    /// The indicator's slug.
    pub indicator: String,
    /// The indicator in the API, with the value among its observations.
    pub url: String,
}

fn field_error(field: &'static str, code: &'static str) -> FieldError {
    FieldError { field, code }
}

/// A text field of the body: a string, or empty when left out or `null`; `None` for another
/// JSON type.
fn text(body: &Value, name: &str) -> Option<String> {
    match body.get(name) {
        Some(Value::String(s)) => Some(s.clone()),
        None | Some(Value::Null) => Some(String::new()),
        Some(_) => None,
    }
}

/// The body's fields as the use case reads them, in form order. A field of the wrong JSON type
/// is refused here with the code its bad value would get.
fn read_body(body: &Value) -> Result<ValueReport, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut field = |name: &'static str, code: &'static str, v: Option<String>| {
        v.unwrap_or_else(|| {
            errors.push(field_error(name, code));
            String::new()
        })
    };
    let period = field(
        "period",
        "error-report-period-invalid",
        text(body, "period"),
    );
    let value = match body.get("value") {
        Some(Value::Number(n)) => Some(n.to_string()),
        None | Some(Value::Null) => Some(String::new()),
        Some(_) => None,
    };
    let value = field("value", "error-report-value-invalid", value);
    let region = field(
        "region",
        "error-report-region-unknown",
        text(body, "region"),
    );
    let source = field(
        "source",
        "error-report-source-required",
        text(body, "source"),
    );
    let source_url = field(
        "source_url",
        "error-report-source-url-invalid",
        text(body, "source_url"),
    );
    let note = field("note", "error-report-note-invalid", text(body, "note"));
    if errors.is_empty() {
        Ok(ValueReport {
            period,
            value,
            region,
            source,
            source_url,
            note,
        })
    } else {
        Err(errors)
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let media = v.split(';').next().unwrap_or_default().trim();
            media.eq_ignore_ascii_case("application/json")
        })
}

/// Reports a value of an indicator: the department that owns it, a department that took over
/// its tasks, or an admin.
#[utoipa::path(
    post,
    path = "/api/v1/indicators/{slug}/observations",
    tag = "monitoring",
    params(
        ("slug" = String, Path, description = "The indicator's slug"),
        ("X-CSRF-Token" = String, Header, description = "The session's CSRF token, as every form of a logged-in page carries it"),
    ),
    request_body(content = NewObservation, content_type = "application/json"),
    responses(
        (status = 201, description = "A new value for its period and region", body = ObservationResult),
        (status = 200, description = "A correction, or the same value again", body = ObservationResult),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to report for this indicator, the second factor owed, the CSRF token missing or wrong, or another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such indicator", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields that fail validation, each named by its pointer", body = Problem, content_type = "application/problem+json"),
        (status = 500, response = ServerError),
    )
)]
pub async fn create_observation(
    State(state): State<WebState>,
    ApiSession(actor): ApiSession,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    if !is_json(&headers) {
        return Ok(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response());
    }
    let json: Value = serde_json::from_slice(&body).map_err(|e| WebError::Query {
        detail: Some(format!("The body is not JSON: {e}.")),
        errors: Vec::new(),
    })?;
    let app = &state.app;
    let report = match read_body(&json) {
        Ok(r) => r,
        Err(errors) => {
            // A body of the wrong shape is refused only after the rule: someone outside it
            // learns nothing about the fields (the use case checks the rule first, too).
            app.value_report_form(&actor, &slug).await?;
            return Err(WebError::App(AppError::Invalid(errors)));
        }
    };
    let outcome = app
        .report_observation(&actor, &slug, &report, ObservationOrigin::Api)
        .await?;
    let status = if outcome == ReportOutcome::Added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let url = format!("/api/v1/indicators/{}", slug_segment(&slug));
    let result = ObservationResult {
        outcome: outcome.as_str().to_owned(),
        indicator: slug,
        url: url.clone(),
    };
    let mut res = (status, axum::Json(result)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&url) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// The slug as it stands in the indicator's page address, so the API address encodes it alike.
fn slug_segment(slug: &str) -> String {
    paths::indicator(slug)
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}
