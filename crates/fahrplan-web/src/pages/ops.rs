//! Operations endpoints: `/healthz` (alive) and `/readyz` (database reachable).

use crate::WebState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

fn plain(status: StatusCode, body: &'static str) -> Response {
    let mut res = (status, body).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /healthz`: the process answers.
pub async fn show_health() -> Response {
    plain(StatusCode::OK, "ok\n")
}

/// `GET /readyz`: 200 when the database answers, 503 otherwise.
pub async fn show_ready(State(state): State<WebState>) -> Response {
    match state.app.store().ping().await {
        Ok(()) => plain(StatusCode::OK, "ready\n"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            plain(StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}
