//! One error type rendered twice: an accessible HTML page for people, problem+json (RFC 9457)
//! for programs under `/api/`. Internal details are logged once here and never sent.

use crate::layout::Layout;
use crate::{Lang, WebState};
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use fahrplan_app::AppError;

/// A failed request. The language of the page that shows it follows from the address, so the
/// error itself carries none.
#[derive(Debug)]
pub struct WebError(pub AppError);

/// Marker left on an error response for the rendering middleware.
#[derive(Debug, Clone, Copy)]
pub struct ErrorMarker;

impl WebError {
    fn status(&self) -> StatusCode {
        match self.0 {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self.0 {
            tracing::error!(%detail, "request failed");
        }
        let mut res = self.status().into_response();
        if let AppError::RateLimited { retry_after } = self.0 {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        res.extensions_mut().insert(ErrorMarker);
        res
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError(e)
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
        StatusCode::UNAUTHORIZED => ("error-unauthenticated-title", "error-unauthenticated-text"),
        StatusCode::TOO_MANY_REQUESTS => ("error-rate-limited-title", "error-rate-limited-text"),
        s if s.is_client_error() => ("error-bad-request-title", "error-bad-request-text"),
        _ => ("error-internal-title", "error-internal-text"),
    }
}

/// Renders the error page for a status in a language.
pub fn error_page(state: &WebState, lang: Lang, status: StatusCode, path: &str) -> Response {
    let (title_key, text_key) = keys(status);
    let l = Layout::bare(state, lang, path).title_key(title_key);
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

fn problem(status: StatusCode) -> Response {
    let (kind, title) = match status {
        StatusCode::NOT_FOUND => ("not-found", "Not found"),
        StatusCode::FORBIDDEN => ("forbidden", "Forbidden"),
        StatusCode::TOO_MANY_REQUESTS => ("rate-limited", "Too many requests"),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid", "Invalid input"),
        s if s.is_client_error() => ("bad-request", "Bad request"),
        _ => ("internal", "Internal error"),
    };
    let body = serde_json::json!({
        "type": format!("/api/v1/problems/{kind}"),
        "title": title,
        "status": status.as_u16(),
    });
    let mut res = (status, body.to_string()).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    res
}

/// Middleware: turns bare error responses (from `WebError`, unknown routes, rejected extractors)
/// into the accessible error page, or problem+json under `/api/`.
pub async fn render_errors(State(state): State<WebState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/healthz" || path == "/readyz" {
        return next.run(req).await;
    }
    let lang = Lang::of_path(&path);
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let marked = res.extensions().get::<ErrorMarker>().copied();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    // A handler that rendered its own HTML error (a form with its error summary) keeps it.
    if marked.is_none() && is_html {
        return res;
    }
    let retry = res.headers().get(header::RETRY_AFTER).cloned();
    if path.starts_with("/api/") {
        let is_problem = res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes() == b"application/problem+json");
        // A handler that wrote its own problem (with a detail) keeps it.
        if marked.is_none() && is_problem {
            return res;
        }
        let mut out = problem(status);
        if let Some(r) = retry {
            out.headers_mut().insert(header::RETRY_AFTER, r);
        }
        return out;
    }
    let page_path = path
        .strip_prefix("/en")
        .filter(|p| !p.is_empty())
        .unwrap_or(&path)
        .to_owned();
    let mut out = error_page(&state, lang, status, &page_path);
    if let Some(r) = retry {
        out.headers_mut().insert(header::RETRY_AFTER, r);
    }
    out
}
