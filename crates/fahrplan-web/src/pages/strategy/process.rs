//! The process that wrote the strategy, and free content pages such as the ethics council.

use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::participation::notes::{annotate_into, annotated_summary};
use crate::pages::{cached_for, md};
use askama::Template;
use axum::response::{IntoResponse, Response};
use fahrplan_app::AppError;
use fahrplan_domain::{Page, Process, paths};

/// A phase as shown on the timeline.
pub struct PhaseItem {
    title: String,
    when: String,
    kind: String,
    participants: Option<i64>,
    body_html: String,
}

#[derive(Template)]
#[template(path = "strategy/process.html")]
struct ProcessPage {
    l: Layout,
    p: Process,
    body_html: String,
    phases: Vec<PhaseItem>,
}

/// `GET /entstehung`: the participation process that wrote the default edition, as a timeline.
pub async fn show_process(ctx: Ctx) -> Result<Response, WebError> {
    let processes = ctx.state.app.processes().await?;
    let default = ctx.meta.as_ref().map(|m| m.default_edition.clone());
    let p = fahrplan_domain::origin_process(&processes, default.as_deref())
        .cloned()
        .ok_or(AppError::NotFound)?;
    let l = ctx
        .layout(paths::ORIGIN, p.title.clone())
        .content_crumb(p.title.clone(), "")
        .stand(p.updated)
        .describe(&p.summary);
    let phases = p
        .phases
        .iter()
        .map(|ph| PhaseItem {
            title: ph.title.clone(),
            when: match &ph.end {
                Some(end) if end != &ph.start => format!("{} – {}", l.date(&ph.start), l.date(end)),
                _ => l.date(&ph.start),
            },
            kind: l.label(ph.kind),
            participants: ph.participants,
            body_html: md(&ph.body, 4),
        })
        .collect();
    cached_for(
        fahrplan_app::Tags::of_processes(&processes),
        &ProcessPage {
            body_html: md(&p.body, 2),
            phases,
            p,
            l,
        },
    )
}

/// The permanent redirect (308) from `/mitmachen/{slug}` to `/entstehung` when `slug` is the
/// process that `/entstehung` shows, so that one process has one address; `None` for any other.
pub async fn origin_redirect(ctx: &Ctx, slug: &str) -> Result<Option<Response>, WebError> {
    let processes = ctx.state.app.processes().await?;
    let default = ctx.meta.as_ref().map(|m| m.default_edition.as_str());
    let is_origin =
        fahrplan_domain::origin_process(&processes, default).is_some_and(|p| p.slug == slug);
    Ok(is_origin.then(|| {
        axum::response::Redirect::permanent(&format!("{}{}", ctx.lang.prefix(), paths::ORIGIN))
            .into_response()
    }))
}

#[derive(Template)]
#[template(path = "page.html")]
pub(crate) struct ContentPage {
    l: Layout,
    p: Page,
    summary_html: Option<String>,
    body_html: String,
    easy_html: Option<String>,
}

/// `GET /rat-fuer-digitalethik`: the ethics council page from the content.
pub async fn show_council(ctx: Ctx) -> Result<Response, WebError> {
    show_page(ctx, "rat-fuer-digitalethik").await
}

async fn show_page(ctx: Ctx, slug: &str) -> Result<Response, WebError> {
    let p = ctx.state.app.page_view(slug).await?;
    // A second use case: the page's texts take comments on paragraphs while the default
    // edition's process allows annotations (issue 17).
    let notes = ctx.state.app.page_text_notes(slug).await?;
    let mut tags = fahrplan_app::Tags::of_page(&p);
    tags.comments_on(&format!("page:{slug}"));
    let (summary, body) = (p.summary.clone(), p.body.clone());
    let mut page = content_page(&ctx, p);
    page.summary_html = annotated_summary(&mut page.l, notes.as_ref(), &summary);
    annotate_into(
        &mut page.l,
        notes.as_ref(),
        ("body", 2),
        &body,
        &mut page.body_html,
    );
    cached_for(tags, &page)
}

/// The content page `p` (also the preview of a change to it).
pub(crate) fn content_page(ctx: &Ctx, p: Page) -> ContentPage {
    let l = ctx
        .layout(&paths::page(&p.slug), p.title.clone())
        .content_crumb(p.title.clone(), "")
        .stand(p.updated)
        .describe(&p.summary);
    ContentPage {
        summary_html: None,
        body_html: md(&p.body, 2),
        easy_html: p.leichte_sprache.as_deref().map(|s| md(s, 3)),
        p,
        l,
    }
}
