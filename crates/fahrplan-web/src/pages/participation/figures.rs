//! The public moderation figures of a process (`/mitmachen/{process}/moderation`): how many
//! contributions were reported, hidden by moderators or by reports, restored, objected to and
//! with what outcome, and how many warnings and blocks concerned the process. Counts only, no
//! names. Rendered for each request like every participation page.

use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_domain::paths;

#[derive(Template)]
#[template(path = "participation/figures.html")]
struct FiguresPage {
    l: Layout,
    process_title: String,
    process_href: String,
    /// (message key of the row, count).
    rows: Vec<(&'static str, i64)>,
}

/// `GET /mitmachen/{process}/moderation`.
pub async fn show_figures(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (process, f) = ctx.state.app.moderation_figures(&slug).await?;
    let path = paths::process_moderation(&slug);
    let title = ctx.state.i18n.get(
        ctx.lang,
        "moderation-figures-title",
        &[("title", process.title.as_str())],
    );
    let l = ctx
        .layout(&path, title)
        .crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .content_crumb(process.title.clone(), paths::process(&slug))
        .crumb(ctx.t("moderation-figures-crumb"), "");
    let rows = vec![
        ("moderation-figures-reported", f.reported),
        (
            "moderation-figures-hidden-moderators",
            f.hidden_by_moderators,
        ),
        ("moderation-figures-hidden-reports", f.hidden_by_reports),
        ("moderation-figures-restored", f.restored),
        ("moderation-figures-objections", f.objections),
        (
            "moderation-figures-objections-restored",
            f.objections_restored,
        ),
        ("moderation-figures-objections-upheld", f.objections_upheld),
        ("moderation-figures-warnings", f.warnings),
        ("moderation-figures-blocks", f.blocks),
    ];
    super::super::render(&FiguresPage {
        l,
        process_title: process.title,
        process_href: paths::process(&slug),
        rows,
    })
}
