//! Participation pages: the list of processes (`/mitmachen`), a process with its contributions
//! and the form to write one (`/mitmachen/{process}`), and one contribution with its replies.
//! These pages change with every contribution, so they are rendered for each request and never
//! cached; anonymous readers see everything but the forms and get no cookie.

pub(crate) mod answers;
pub(crate) mod cards;
mod consideration;
mod moderation;
pub(crate) mod notes;
mod write;

pub use answers::{create_answer, show_answer, show_stop, stop};
pub use consideration::{consideration_csv, show_consideration, show_results};
mod decide;
mod figures;

pub use decide::{answer_objection, block, show_block, show_objection, show_warn, unblock, warn};
pub use figures::show_figures;
pub use moderation::{
    dismiss_reports, hide_contribution, object_to_hiding, report_contribution,
    restore_contribution, show_hide, show_object, show_report,
};
pub use notes::{create_annotation, show_annotate};
pub use write::{
    cast_support, create_contribution, create_reply, show_edit, show_withdraw, similar_json,
    update_contribution, withdraw_contribution, withdraw_support,
};

use super::forms::FormState;
use super::{md, render};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::session::Viewer;
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use cards::{Card, TargetGroup, cards, target_options};
use fahrplan_app::participation::{
    Abilities, ContributionInput, ListQuery, Order, ParticipationView, ProcessSummary,
};
use fahrplan_domain::paths::{self, ContributionAction};
use fahrplan_domain::{PartialDate, Process};

/// One process in the list.
pub struct ProcessLine {
    href: String,
    title: String,
    summary: String,
    /// Whether it takes contributions today.
    open: bool,
    /// Title and kind of the phase to name, with its dates.
    phase: Option<(String, String, String)>,
    /// Dates of the whole process.
    when: Option<String>,
    contributions: i64,
    participants: Option<i64>,
}

#[derive(Template)]
#[template(path = "participation/participation.html")]
struct ListPage {
    l: Layout,
    open: Vec<ProcessLine>,
    closed: Vec<ProcessLine>,
}

/// `GET /mitmachen`: open processes first, then the closed ones, each with its phase, dates
/// and counts.
pub async fn list_processes(ctx: Ctx) -> Result<Response, WebError> {
    let l = ctx.titled(paths::PARTICIPATION, "participation-title");
    let summaries = ctx.state.app.process_list().await?;
    // The process that wrote the default edition has its page at `/entstehung`.
    let default = ctx.meta.as_ref().map(|m| m.default_edition.as_str());
    let processes: Vec<_> = summaries.iter().map(|s| s.process.clone()).collect();
    let origin = fahrplan_domain::origin_process(&processes, default).map(|p| p.slug.clone());
    let (open, closed): (Vec<_>, Vec<_>) = summaries.into_iter().partition(|s| s.open);
    let line = |s: ProcessSummary| {
        let phase = s.phase.map(|ph| {
            (
                ph.title,
                l.label(ph.kind),
                when(&l, &ph.start, ph.end.as_ref()),
            )
        });
        // A process of one phase spans that phase's dates; they are not said twice.
        let span = s
            .span
            .map(|(start, end)| when(&l, &start, end.as_ref()))
            .filter(|w| phase.as_ref().is_none_or(|(_, _, p)| p != w));
        ProcessLine {
            href: if origin.as_deref() == Some(s.process.slug.as_str()) {
                paths::ORIGIN.to_owned()
            } else {
                paths::process(&s.process.slug)
            },
            title: s.process.title,
            summary: s.process.summary,
            open: s.open,
            phase,
            when: span,
            contributions: s.contributions,
            participants: s.process.participants,
        }
    };
    let open = open.into_iter().map(line).collect();
    let closed = closed.into_iter().map(line).collect();
    render(&ListPage { l, open, closed })
}

/// The dates of a phase or process: "start – end", one date when both are the same, and
/// "from start, without a fixed end" when it has no end.
fn when(l: &Layout, start: &PartialDate, end: Option<&PartialDate>) -> String {
    match end {
        Some(end) if end != start => format!("{} – {}", l.date(start), l.date(end)),
        Some(_) => l.date(start),
        None => l.t1("phase-open-ended", "start", l.date(start)),
    }
}

/// Query of a process or contribution page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    /// Preselected target (`measure:slug`), from a link on a measure, goal or area page.
    #[serde(default)]
    bezug: String,
    /// Notice after a successful change.
    #[serde(default)]
    hinweis: String,
    /// Page of the list, from 1.
    #[serde(default)]
    seite: Option<String>,
    /// "unterstuetzt" for most supported first; newest first otherwise.
    #[serde(default)]
    sortierung: String,
    /// Only contributions about this target (`measure:slug`).
    #[serde(default)]
    zu: String,
}

impl PageQuery {
    /// The list the reader asked for; anything unreadable falls back to the first page.
    pub fn list(&self) -> ListQuery {
        ListQuery {
            order: if self.sortierung == "unterstuetzt" {
                Order::MostSupported
            } else {
                Order::Newest
            },
            page: self
                .seite
                .as_deref()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1),
            target: self.zu.clone(),
        }
    }
}

/// A link of the page navigation.
pub struct PageLink {
    label: String,
    href: String,
    current: bool,
}

fn notice_key(n: &str) -> Option<&'static str> {
    match n {
        "gesendet" => Some("notice-contribution-posted"),
        "geaendert" => Some("notice-contribution-edited"),
        "zurueckgezogen" => Some("notice-contribution-withdrawn"),
        "unterstuetzt" => Some("notice-support-cast"),
        "unterstuetzung-zurueck" => Some("notice-support-withdrawn"),
        "ausgeblendet" => Some("notice-contribution-hidden"),
        "eingeblendet" => Some("notice-contribution-restored"),
        "gemeldet" => Some("notice-contribution-reported"),
        "beantwortet" => Some("notice-contribution-answered"),
        "widersprochen" => Some("notice-objection-sent"),
        _ => None,
    }
}

/// A phase in the list on a process page.
pub struct PhaseLine {
    title: String,
    when: String,
    kind: String,
    open: bool,
    allows: String,
}

fn phase_lines(v: &ParticipationView, l: &Layout) -> Vec<PhaseLine> {
    let today = fahrplan_app::participation::today();
    let p = &v.process;
    p.phases
        .iter()
        .map(|ph| PhaseLine {
            title: ph.title.clone(),
            when: when(l, &ph.start, ph.end.as_ref()),
            kind: l.label(ph.kind),
            // A withdrawn process has no open phase, whatever its dates say.
            open: p.archived.is_none() && ph.is_open_on(today),
            allows: v
                .phase_allows(ph)
                .into_iter()
                .map(|a| l.label(a))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "participation/participate.html")]
struct ProcessPage {
    l: Layout,
    p: Process,
    /// Until when contributions are taken: `None` when closed.
    until: Option<String>,
    withdrawn: Option<String>,
    action: String,
    summary_html: Option<String>,
    body_html: String,
    open: bool,
    phases: Vec<PhaseLine>,
    can: Abilities,
    f: FormState,
    input: ContributionInput,
    targets: Vec<TargetGroup>,
    cards: Vec<Card>,
    notice: Option<&'static str>,
    total: i64,
    sort_supported: bool,
    filter: Option<(String, String)>,
    filter_value: String,
    all_href: String,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    /// The reason of a block in force on the viewer's account.
    blocked: Option<String>,
    /// The process's public moderation figures.
    figures_href: String,
    consideration_href: String,
    results_href: String,
}

/// Renders a process page, with a refused form's errors and input when given.
pub(crate) async fn process_page(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    (f, input): (FormState, ContributionInput),
    (notice, list): (Option<&'static str>, ListQuery),
) -> Result<Response, WebError> {
    let (state, lang) = (&ctx.state, ctx.lang);
    let v = state
        .app
        .participation_view(slug, viewer.0.as_ref(), &list)
        .await?;
    let base = paths::process(slug);
    let mut l = ctx
        .layout(
            &base,
            state.i18n.get(
                lang,
                "participation-page-title",
                &[("title", v.process.title.as_str())],
            ),
        )
        .crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .content_crumb(v.process.title.clone(), "")
        .stand(v.process.updated)
        .describe(&v.process.summary);
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    // A second use case: the process's own texts take comments on paragraphs while it allows
    // annotations (issue 17).
    let own = state.app.process_text_notes(slug).await?;
    let summary_html = notes::annotated_summary(&mut l, own.as_ref(), &v.process.summary);
    let mut body_html = md(&v.process.body, 2);
    notes::annotate_into(
        &mut l,
        own.as_ref(),
        ("body", 2),
        &v.process.body,
        &mut body_html,
    );
    let can = v.can;
    let sort_supported = list.order == Order::MostSupported;
    let filter_value = v
        .filter
        .as_ref()
        .map(|(k, key, _)| format!("{}:{key}", k.as_str()))
        .unwrap_or_default();
    let href_for = |page: i64| {
        let mut q = Vec::new();
        if sort_supported {
            q.push("sortierung=unterstuetzt".to_owned());
        }
        if !filter_value.is_empty() {
            q.push(format!("zu={filter_value}"));
        }
        if page > 1 {
            q.push(format!("seite={page}"));
        }
        if q.is_empty() {
            format!("{base}#beitraege")
        } else {
            format!("{base}?{}#beitraege", q.join("&"))
        }
    };
    // The first, the last and two on either side of the current page; the rest are skipped,
    // so a process with thousands of contributions does not make a thousand links.
    let pages = (1..=v.pages)
        .filter(|n| *n == 1 || *n == v.pages || (n - v.page).abs() <= 2)
        .map(|n| PageLink {
            label: n.to_string(),
            href: href_for(n),
            current: n == v.page,
        })
        .collect();
    let prev = (v.page > 1).then(|| href_for(v.page - 1));
    let next = (v.page < v.pages).then(|| href_for(v.page + 1));
    let filter = v
        .filter
        .as_ref()
        .map(|(k, _, title)| (l.label(*k), title.clone()));
    let page = ProcessPage {
        blocked: v.blocked.clone(),
        figures_href: paths::process_moderation(slug),
        consideration_href: paths::consideration(slug),
        results_href: paths::process_results(slug),
        withdrawn: super::withdrawn(&l, v.process.archived, "archived-process-note"),
        total: v.total,
        sort_supported,
        filter,
        all_href: format!("{base}#beitraege"),
        filter_value: filter_value.clone(),
        pages,
        prev,
        next,
        phases: phase_lines(&v, &l),
        until: v.open_until().map(|end| match end {
            Some(d) => l.date(&d),
            None => l.t("process-no-fixed-end"),
        }),
        summary_html,
        body_html,
        open: !v.allows.is_empty(),
        action: base,
        targets: target_options(&v, &input.target, lang, &state.i18n),
        cards: cards(&v.threads, &v.process.slug, lang, &can, false, &state.i18n),
        can,
        f,
        input,
        notice,
        p: v.process,
        l,
    };
    super::forms::form_page(&page, refused)
}

/// `GET /mitmachen/{process}`.
pub async fn show_participation(
    ctx: Ctx,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let list = q.list();
    let input = ContributionInput {
        target: q.bezug,
        ..ContributionInput::default()
    };
    // A second use case: the process that `/entstehung` tells of has its page there (issue 14).
    if let Some(moved) = crate::pages::strategy::process::origin_redirect(&ctx, &slug).await? {
        return Ok(moved);
    }
    let form = (FormState::default(), input);
    process_page(&ctx, &viewer, &slug, form, (notice_key(&q.hinweis), list)).await
}

#[derive(Template)]
#[template(path = "participation/contribution.html")]
struct ThreadPage {
    l: Layout,
    process_href: String,
    reply_action: String,
    process_title: String,
    can: Abilities,
    f: FormState,
    reply: String,
    cards: Vec<Card>,
    root_visible: bool,
    notice: Option<&'static str>,
    withdrawn: Option<String>,
    answers: answers::AnswersBlock,
    /// The reason of a block in force on the viewer's account.
    blocked: Option<String>,
}

/// Renders a thread page, with a refused reply's errors and text when given.
pub(crate) async fn thread_page(
    ctx: &Ctx,
    viewer: &Viewer,
    (slug, id): (&str, i64),
    (f, reply): (FormState, String),
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let (state, lang) = (&ctx.state, ctx.lang);
    let (v, thread) = state
        .app
        .contribution_view(slug, id, viewer.0.as_ref())
        .await?;
    let root = &thread.root;
    let title = cards::heading(root, lang, &state.i18n);
    let l = ctx
        .layout(&paths::contribution(slug, root.id), title.clone())
        .crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .content_crumb(v.process.title.clone(), paths::process(slug));
    // A proposal's title is written by a participant (in German); other threads are named by
    // kind and author in the reader's language.
    let mut l = if cards::titled(root) {
        l.content_crumb(title, "")
    } else {
        l.crumb(title, "")
    };
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let can = v.can;
    let root_visible = root.state == fahrplan_domain::ContributionState::Visible;
    let answers = answers::answers_block(ctx, &l, viewer.0.as_ref(), slug, root.id).await?;
    let page = ThreadPage {
        answers,
        blocked: v.blocked.clone(),
        withdrawn: super::withdrawn(&l, v.process.archived, "archived-process-note"),
        reply_action: paths::contribution_action(slug, root.id, ContributionAction::Reply),
        root_visible,
        cards: cards(
            std::slice::from_ref(&thread),
            slug,
            lang,
            &can,
            true,
            &state.i18n,
        ),
        process_href: paths::process(slug),
        process_title: v.process.title,
        can,
        f,
        reply,
        notice,
        l,
    };
    super::forms::form_page(&page, refused)
}

/// `GET /mitmachen/{process}/beitraege/{id}`: a reply's address shows its whole thread.
pub async fn show_contribution(
    ctx: Ctx,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let form = (FormState::default(), String::new());
    thread_page(&ctx, &viewer, (&slug, id), form, notice_key(&q.hinweis)).await
}
