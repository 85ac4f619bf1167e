//! Operations endpoints: `/healthz` (alive), `/readyz` (database reachable and the search
//! index caught up with the outbox) and `/metrics` (Prometheus text: the signed head of the
//! audit log, for anchoring it outside the node). None sets a cookie or may be cached, and none
//! ever shows a secret.

use crate::WebState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fahrplan_app::audit::SignedHead;

fn plain(status: StatusCode, body: impl Into<String>) -> Response {
    let mut res = (status, body.into()).into_response();
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

/// The content type of the Prometheus text exposition format.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// `GET /metrics`: the signed head of the audit log this node keeps, in Prometheus text format
/// (0 and no info line before its first append). The signature is an HMAC of the public
/// sequence number and hash, safe to publish; the key never leaves the node.
pub async fn show_metrics(State(state): State<WebState>) -> Response {
    match state.app.audit_head().await {
        Ok(head) => {
            let mut res = plain(StatusCode::OK, render_metrics(head.as_ref()));
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(PROMETHEUS_TEXT),
            );
            res
        }
        Err(e) => {
            let cause = std::error::Error::source(&e).map(ToString::to_string);
            tracing::error!(error = %e, cause, "metrics: cannot read the audit head");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "audit head unreadable\n")
        }
    }
}

/// The metrics text. The label values are digits and hexadecimal characters (the head is
/// checked when read), so they need no escaping.
fn render_metrics(head: Option<&SignedHead>) -> String {
    let mut out = String::from(
        "# HELP fahrplan_audit_head_seq Sequence number of the newest audit log entry this node has signed.\n\
         # TYPE fahrplan_audit_head_seq gauge\n",
    );
    out.push_str(&format!(
        "fahrplan_audit_head_seq {}\n",
        head.map_or(0, |h| h.seq)
    ));
    if let Some(h) = head {
        out.push_str(
            "# HELP fahrplan_audit_head_info The signed head of the audit log: sequence number, hash and HMAC signature.\n\
             # TYPE fahrplan_audit_head_info gauge\n",
        );
        out.push_str(&format!(
            "fahrplan_audit_head_info{{seq=\"{}\",hash=\"{}\",signature=\"{}\"}} 1\n",
            h.seq, h.hash, h.signature
        ));
    }
    out
}
