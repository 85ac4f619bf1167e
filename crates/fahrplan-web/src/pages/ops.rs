//! Operations endpoints: `/healthz` (alive) and `/readyz` (database reachable and the search
//! index caught up with the outbox).

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

/// `GET /readyz`: 200 when the database answers and the search index has applied every outbox
/// row, 503 otherwise (a load balancer sends no traffic to a node still catching up).
pub async fn show_ready(State(state): State<WebState>) -> Response {
    match state.app.store().outbox_head().await {
        Ok(head) if state.app.search_applied_seq() >= head => plain(StatusCode::OK, "ready\n"),
        Ok(_) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "search index catching up\n",
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            plain(StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}
