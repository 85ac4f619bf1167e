//! One error type rendered twice: an accessible HTML page for people, problem+json (RFC 9457)
//! for programs under `/api/`. Internal details are logged once here and never sent.

use crate::api::problem::{Problem, ProblemField, ProblemKind};
use crate::layout::Layout;
use crate::{Lang, WebState};
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use fahrplan_app::{AppError, FieldErrors};
use std::sync::Arc;

/// A failed request. The language of the page that shows it follows from the address, so the
/// error itself carries none.
#[derive(Debug)]
pub enum WebError {
    /// A use case's refusal or failure, shown by its kind.
    App(AppError),
    /// A request refused before any use case ran, for a reason of its own that the answer
    /// names (issue 13: each refusal says what it is).
    Refused(Refusal),
    /// Query parameters that could not be read (`detail` says why) or that a use case refused
    /// (`errors`): 400.
    Query {
        /// What could not be read, in English.
        detail: Option<String>,
        /// The parameters a use case refused, with their message ids.
        errors: FieldErrors,
    },
}

/// Why a request was refused before a use case ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It did not come from this site (Origin, Sec-Fetch-Site): 403.
    CrossSite,
    /// Its form token is missing, expired, forged or not the session's: 403.
    FormExpired,
    /// Its single-use form token was sent before: 409.
    FormUsed,
    /// The session still owes its second factor: 403.
    SecondFactorOwed,
    /// Its body did not arrive in time: 408.
    TooSlow,
}

impl Refusal {
    fn kind(self) -> ProblemKind {
        match self {
            Refusal::FormUsed => ProblemKind::Conflict,
            Refusal::TooSlow => ProblemKind::RequestTimeout,
            _ => ProblemKind::Forbidden,
        }
    }

    /// The message ids of the error page's heading and text.
    fn keys(self) -> (&'static str, &'static str) {
        match self {
            Refusal::CrossSite => ("error-cross-site-title", "error-cross-site-text"),
            Refusal::FormExpired => ("error-form-expired-title", "error-form-expired-text"),
            Refusal::FormUsed => ("error-form-used-title", "error-form-used-text"),
            Refusal::SecondFactorOwed => (
                "error-second-factor-owed-title",
                "error-second-factor-owed-text",
            ),
            Refusal::TooSlow => ("error-too-slow-title", "error-too-slow-text"),
        }
    }

    /// What the API's problem says, in English.
    fn detail(self) -> &'static str {
        match self {
            Refusal::CrossSite => "The request did not come from this site.",
            Refusal::FormExpired => {
                "The form token is missing, expired or not valid for this session."
            }
            Refusal::FormUsed => "This form was sent before; each form may be sent once.",
            Refusal::SecondFactorOwed => "The login still needs its second factor.",
            Refusal::TooSlow => "The request body did not arrive in time.",
        }
    }
}

/// What a rendering needs of an error: left on the bare error response for [`render_errors`].
#[derive(Debug, Clone)]
pub struct ErrorMarker(pub Arc<ErrorInfo>);

/// The kind of a failed request with what the client may be told about it.
#[derive(Debug)]
pub struct ErrorInfo {
    /// The kind of problem.
    pub kind: ProblemKind,
    /// What went wrong, in English, when the handler knows.
    pub detail: Option<String>,
    /// Refused parameters (400) or body fields (422), with their message ids.
    pub errors: FieldErrors,
    /// The error page's heading and text, when they are more specific than the status's.
    pub page: Option<(&'static str, &'static str)>,
}

impl WebError {
    /// The error of an API use case whose input came from query parameters: a refused field
    /// there is a 400 (CONTRACTS.md, search), not a 422 of a body.
    pub fn in_query(e: AppError) -> Self {
        match e {
            AppError::Invalid(errors) => WebError::Query {
                detail: None,
                errors,
            },
            other => WebError::App(other),
        }
    }

    fn info(&self) -> ErrorInfo {
        let kind = match self {
            WebError::Query { .. } => ProblemKind::BadRequest,
            WebError::Refused(r) => r.kind(),
            WebError::App(e) => match e {
                AppError::Unauthenticated => ProblemKind::Unauthenticated,
                AppError::Forbidden => ProblemKind::Forbidden,
                AppError::NotFound => ProblemKind::NotFound,
                AppError::Invalid(_) => ProblemKind::Invalid,
                AppError::Conflict => ProblemKind::Conflict,
                AppError::RateLimited { .. } => ProblemKind::RateLimited,
                AppError::Internal(_) => ProblemKind::Internal,
            },
        };
        let (detail, errors) = match self {
            WebError::Query { detail, errors } => (detail.clone(), errors.clone()),
            WebError::Refused(r) => (Some(r.detail().to_owned()), Vec::new()),
            WebError::App(AppError::Invalid(errors)) => (None, errors.clone()),
            WebError::App(_) => (None, Vec::new()),
        };
        let page = match self {
            WebError::Refused(r) => Some(r.keys()),
            _ => None,
        };
        ErrorInfo {
            kind,
            detail,
            errors,
            page,
        }
    }
}

/// An error with its chain of causes on one line, for the log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        // Logged once, here where the error is handled; the client learns only the kind.
        if let WebError::App(e @ AppError::Internal(_)) = &self {
            tracing::error!(error = %chain(e), "request failed");
        }
        let info = self.info();
        let mut res = info.kind.status().into_response();
        if let WebError::App(AppError::RateLimited { retry_after }) = self {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        res.extensions_mut().insert(ErrorMarker(Arc::new(info)));
        res
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError::App(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    heading: String,
    text: String,
}

fn keys(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => {
            ("error-not-found-title", "error-not-found-text")
        }
        StatusCode::FORBIDDEN => ("error-forbidden-title", "error-forbidden-text"),
        StatusCode::CONFLICT => ("error-conflict-title", "error-conflict-text"),
        StatusCode::REQUEST_TIMEOUT => ("error-too-slow-title", "error-too-slow-text"),
        StatusCode::UNAUTHORIZED => ("error-unauthenticated-title", "error-unauthenticated-text"),
        StatusCode::TOO_MANY_REQUESTS => ("error-rate-limited-title", "error-rate-limited-text"),
        s if s.is_client_error() => ("error-bad-request-title", "error-bad-request-text"),
        _ => ("error-internal-title", "error-internal-text"),
    }
}

/// Renders the error page for a status in a language; `page` names a more specific heading and
/// text than the status's own; `demonstration` shows the demonstration notice, as every page
/// of demonstration content does.
pub fn error_page(
    state: &WebState,
    lang: Lang,
    status: StatusCode,
    path: &str,
    page: Option<(&'static str, &'static str)>,
    demonstration: bool,
) -> Response {
    let (title_key, text_key) = page.unwrap_or_else(|| keys(status));
    let mut l = Layout::bare(state, lang, path).title_key(title_key);
    l.demonstration = demonstration;
    let heading = l.title.clone();
    let text = l.t(text_key);
    let body = ErrorPage { l, heading, text }
        .render()
        .unwrap_or_else(|_| "Fehler".to_owned());
    let mut res = (status, Html(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The problem+json body of a failed API request; field messages in English.
fn problem(state: &WebState, status: StatusCode, info: Option<&ErrorInfo>) -> Problem {
    let Some(info) = info else {
        return Problem::of(ProblemKind::of_status(status));
    };
    let mut p = Problem::of(info.kind);
    let in_query = info.kind == ProblemKind::BadRequest;
    p.errors = info
        .errors
        .iter()
        .map(|e| ProblemField {
            parameter: in_query.then(|| e.field.to_owned()),
            pointer: (!in_query).then(|| format!("#/{}", e.field)),
            code: e.code.to_owned(),
            detail: state.i18n.get(Lang::En, e.code, &[]),
        })
        .collect();
    p.detail = info.detail.clone().or_else(|| {
        let words: Vec<&str> = p.errors.iter().map(|e| e.detail.as_str()).collect();
        (!words.is_empty()).then(|| words.join(" "))
    });
    p
}

/// Headers of the handler's bare error response that the rendered error keeps (when to try
/// again, which methods are allowed, CORS).
fn keep_headers(from: &axum::http::HeaderMap, to: &mut axum::http::HeaderMap) {
    for (name, value) in from {
        if name == header::RETRY_AFTER
            || name == header::ALLOW
            || name.as_str().starts_with("access-control-")
        {
            to.insert(name.clone(), value.clone());
        }
    }
}

/// The longest path an error page repeats in its links.
const MAX_ECHOED_PATH: usize = 512;

/// Middleware: turns bare error responses (from `WebError`, unknown routes, rejected extractors)
/// into the accessible error page, or problem+json under `/api/`.
pub async fn render_errors(State(state): State<WebState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if matches!(path.as_str(), "/healthz" | "/readyz" | "/metrics") {
        return next.run(req).await;
    }
    let lang = Lang::of_path(&path);
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let marked = res.extensions().get::<ErrorMarker>().cloned();
    // Every 500 is logged once: a `WebError` did so where it was handled; anything else (a
    // layer's own failure) is logged here.
    if status.is_server_error() && marked.is_none() {
        tracing::error!(path = %path, status = status.as_u16(), "request failed outside a handler");
    }
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    // A handler that rendered its own HTML error (a form with its error summary) keeps it.
    if marked.is_none() && is_html {
        return res;
    }
    if path.starts_with("/api/") {
        let info = marked.as_ref().map(|ErrorMarker(i)| i.as_ref());
        let mut out = problem(&state, status, info).into_response();
        keep_headers(res.headers(), out.headers_mut());
        return out;
    }
    // The error page links to the same page in the other language; a path longer than any
    // of the site's own is not repeated there (a 60 KB path made a 243 KB page).
    let page_path = if path.len() > MAX_ECHOED_PATH {
        "/".to_owned()
    } else {
        path.strip_prefix("/en")
            .filter(|p| !p.is_empty())
            .unwrap_or(&path)
            .to_owned()
    };
    let specific = marked.as_ref().and_then(|ErrorMarker(i)| i.page);
    // When the database itself fails, the page goes without the notice rather than failing.
    let demonstration = state
        .app
        .content_meta()
        .await
        .ok()
        .flatten()
        .is_some_and(|m| m.demonstration);
    let mut out = error_page(&state, lang, status, &page_path, specific, demonstration);
    keep_headers(res.headers(), out.headers_mut());
    out
}
