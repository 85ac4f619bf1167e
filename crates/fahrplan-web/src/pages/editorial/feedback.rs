//! The feedback of the accessibility statement for admins (`/redaktion/rueckmeldungen`):
//! every message with its state and answer deadline (§ 6 HVBIT, six weeks), urgent ones marked
//! in words and not only by colour, and a button to mark it answered or open again.

use super::guard;
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Viewer;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::feedback_inbox::FeedbackItem;

/// The inbox.
pub const FEEDBACK: &str = "/redaktion/rueckmeldungen";

/// One message as the table shows it.
pub struct FeedbackLine {
    id: i64,
    received: String,
    due: String,
    deadline: String,
    urgent: bool,
    answered: bool,
    page: String,
    message: String,
    name: String,
    email: String,
    action: String,
}

#[derive(Template)]
#[template(path = "editorial/feedback.html")]
struct FeedbackPage {
    l: Layout,
    items: Vec<FeedbackLine>,
    open: usize,
}

fn line(l: &Layout, f: FeedbackItem) -> FeedbackLine {
    let m = f.message;
    let answered = m.state == "answered";
    let deadline = if answered {
        l.t("feedback-answered")
    } else if f.days_left < 0 {
        l.t1("feedback-overdue", "days", -f.days_left)
    } else {
        l.t1("feedback-days-left", "days", f.days_left)
    };
    let received = m
        .created_at
        .parse::<jiff::Timestamp>()
        .map(|t| crate::pages::datetime(t.as_second(), l.lang))
        .unwrap_or_default();
    FeedbackLine {
        id: m.id,
        received,
        due: f.due,
        deadline,
        urgent: f.urgent,
        answered,
        page: m.page_url.unwrap_or_default(),
        message: m.message,
        name: m.name.unwrap_or_default(),
        email: m.email.unwrap_or_default(),
        action: format!(
            "{FEEDBACK}/{}/{}",
            m.id,
            if answered { "offen" } else { "beantwortet" }
        ),
    }
}

/// `GET /redaktion/rueckmeldungen`.
pub async fn show_feedback(ctx: Ctx, viewer: Viewer) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let items = ctx.state.app.feedback_inbox(&actor).await?;
    let l = ctx
        .titled(FEEDBACK, "feedback-inbox-title")
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF);
    let items: Vec<FeedbackLine> = items.into_iter().map(|f| line(&l, f)).collect();
    let open = items.iter().filter(|i| !i.answered).count();
    render(&FeedbackPage { l, items, open })
}

/// An empty form: the button alone.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Empty {}

/// `POST /redaktion/rueckmeldungen/{id}/beantwortet`.
pub async fn mark_answered(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    ctx.state.app.mark_feedback(&actor, id, true).await?;
    Ok(ctx.see_other(&format!("{FEEDBACK}#rueckmeldung-{id}")))
}

/// `POST /redaktion/rueckmeldungen/{id}/offen`.
pub async fn mark_open(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    ctx.state.app.mark_feedback(&actor, id, false).await?;
    Ok(ctx.see_other(&format!("{FEEDBACK}#rueckmeldung-{id}")))
}
