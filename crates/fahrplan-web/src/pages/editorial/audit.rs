//! The audit log for admins (`/redaktion/protokoll`): a GET form filters by person, kind of
//! object and days (no JavaScript); each entry shows when, who, what and its details; "Ältere
//! Einträge" pages back. A day that is not a date comes back as a field error (422) above the
//! whole log.

use super::guard;
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use crate::pages::monitoring::reporting::Choice;
use crate::session::Viewer;
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::audit_log::{AuditQuery, AuditView};

/// The log.
pub const AUDIT: &str = "/redaktion/protokoll";

/// One entry as listed.
pub struct AuditEntry {
    seq: i64,
    when: String,
    who: String,
    action: String,
    entity: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "editorial/audit.html")]
struct AuditPage {
    l: Layout,
    f: FormState,
    q: AuditQuery,
    people: Vec<Choice>,
    kinds: Vec<Choice>,
    entries: Vec<AuditEntry>,
    older: Option<String>,
}

fn page(ctx: &Ctx, v: AuditView, q: AuditQuery, f: FormState) -> Result<Response, WebError> {
    let mut l = ctx
        .titled(AUDIT, "audit-title")
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF);
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let people = v
        .people
        .iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name.clone(),
            selected: q.person.trim() == id.to_string(),
        })
        .collect();
    let kinds = v
        .kinds
        .iter()
        .map(|k| Choice {
            value: k.clone(),
            label: k.clone(),
            selected: q.art.trim() == k,
        })
        .collect();
    let cli = l.t("audit-command-line");
    let entries = v
        .lines
        .into_iter()
        .map(|e| AuditEntry {
            seq: e.seq,
            when: crate::pages::datetime(e.at, l.lang),
            who: e
                .actor
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| cli.clone()),
            action: e.action,
            entity: e.entity,
            detail: e.detail,
        })
        .collect();
    let older = v.next.map(|seq| {
        let keep = [
            ("person", &q.person),
            ("art", &q.art),
            ("von", &q.von),
            ("bis", &q.bis),
        ];
        let mut query: Vec<String> = keep
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", url_part(v.trim())))
            .collect();
        query.push(format!("vor={seq}"));
        format!("{AUDIT}?{}", query.join("&"))
    });
    form_page(
        &AuditPage {
            l,
            f,
            q,
            people,
            kinds,
            entries,
            older,
        },
        refused,
    )
}

/// A query value with everything but letters, digits and `-` percent-encoded.
fn url_part(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /redaktion/protokoll?person=&art=&von=&bis=&vor=`.
pub async fn show_audit(
    ctx: Ctx,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let app = &ctx.state.app;
    match app.audit_view(&actor, &q).await {
        Ok(v) => page(&ctx, v, q, FormState::default()),
        Err(AppError::Invalid(errors)) => {
            let mut v = app.audit_view_unfiltered(&actor).await?;
            v.lines.clear();
            v.next = None;
            page(&ctx, v, q, FormState::new(errors))
        }
        Err(e) => Err(e.into()),
    }
}
