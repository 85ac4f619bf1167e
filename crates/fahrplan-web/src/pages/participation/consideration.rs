//! The Abwägungstabelle of a process (`/mitmachen/{process}/abwaegung`, filtered by area and
//! answer state, sortable, a hundred lines a page), the same as CSV streamed a slice at a time
//! (`…/abwaegung.csv`), and the process's figures with a bar chart and its table
//! (`…/ergebnisse`). Answers change these pages, so they are never cached.

use super::answers::{AnswerLine, answer_line};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::render;
use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use fahrplan_app::participation::{
    ConsiderationOrder, ConsiderationQuery, ConsiderationRow, ConsiderationView, excerpt,
};
use fahrplan_domain::csv::{BOM, field};
use fahrplan_domain::{AnswerState, TargetKind, paths};

/// The table's query: `bereich` (EDITION/SLUG), `stand` (wire value or `offen`),
/// `sortierung` (`nummer`, `unterstuetzung`, `stand`), `seite`.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct TableQuery {
    #[serde(default)]
    bereich: String,
    #[serde(default)]
    stand: String,
    #[serde(default)]
    sortierung: String,
    #[serde(default)]
    seite: Option<String>,
}

impl TableQuery {
    fn query(&self) -> ConsiderationQuery {
        ConsiderationQuery {
            area: Some(self.bereich.clone()).filter(|a| !a.is_empty()),
            state: match self.stand.as_str() {
                "offen" => Some(None),
                s => AnswerState::parse(s).map(Some),
            },
            order: match self.sortierung.as_str() {
                "unterstuetzung" => ConsiderationOrder::Supports,
                "stand" => ConsiderationOrder::State,
                _ => ConsiderationOrder::Number,
            },
            page: self
                .seite
                .as_deref()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1),
        }
    }

    /// The query string of this table on page `page` ('' when all is default).
    fn href(&self, base: &str, page: i64) -> String {
        let mut q = Vec::new();
        for (k, v) in [
            ("bereich", &self.bereich),
            ("stand", &self.stand),
            ("sortierung", &self.sortierung),
        ] {
            if !v.is_empty() {
                q.push(format!(
                    "{k}={}",
                    url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                ));
            }
        }
        if page > 1 {
            q.push(format!("seite={page}"));
        }
        if q.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", q.join("&"))
        }
    }
}

/// One line of the table as shown.
pub struct Line {
    number: i64,
    href: String,
    target: String,
    kind: String,
    text: String,
    supports: i64,
    answer: Option<AnswerLine>,
}

#[derive(Template)]
#[template(path = "participation/consideration.html")]
struct TablePage {
    l: Layout,
    process_href: String,
    results_href: String,
    csv_href: String,
    lines: Vec<Line>,
    total: i64,
    areas: Vec<(String, String)>,
    states: Vec<(String, String)>,
    sorts: Vec<(&'static str, String)>,
    q: TableQuery,
    prev: Option<String>,
    next: Option<String>,
    page_of: String,
}

fn target_title(v: &ConsiderationView, l: &Layout, r: &ConsiderationRow) -> String {
    if r.target_kind == TargetKind::Process {
        return l.t("consideration-whole-process");
    }
    let title = v
        .targets
        .iter()
        .find(|(k, key, _)| *k == r.target_kind && *key == r.target)
        .map_or_else(|| r.target.clone(), |(_, _, t)| t.clone());
    format!("{}: {title}", l.label(r.target_kind))
}

/// `GET /mitmachen/{process}/abwaegung`.
pub async fn show_consideration(
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<TableQuery>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let v = app.consideration(&slug, &q.query()).await?;
    let base = paths::consideration(&slug);
    let l = ctx
        .layout(
            &base,
            ctx.state.i18n.get(
                ctx.lang,
                "consideration-title",
                &[("title", v.process.title.as_str())],
            ),
        )
        .crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .content_crumb(v.process.title.clone(), paths::process(&slug))
        .crumb(ctx.t("consideration-crumb"), "");
    let titles = app.link_titles(&slug).await?;
    let lines = v
        .rows
        .iter()
        .map(|r| Line {
            number: r.id,
            href: paths::contribution(&slug, r.id),
            target: target_title(&v, &l, r),
            kind: l.label(r.kind),
            text: if r.title.is_empty() {
                excerpt(&r.body, 200)
            } else {
                r.title.clone()
            },
            supports: r.supports,
            answer: r
                .answer
                .as_ref()
                .map(|a| answer_line(&l, a, &titles, &v.departments)),
        })
        .collect();
    let states = std::iter::once(("offen".to_owned(), l.t("answer-none-short")))
        .chain(
            AnswerState::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), l.label(*s))),
        )
        .collect();
    let page = TablePage {
        process_href: paths::process(&slug),
        results_href: paths::process_results(&slug),
        csv_href: q.href(&paths::consideration_csv(&slug), 1),
        prev: (v.page > 1).then(|| q.href(&base, v.page - 1)),
        next: (v.page < v.pages).then(|| q.href(&base, v.page + 1)),
        page_of: l.t2("consideration-page-of", "page", v.page, "pages", v.pages),
        lines,
        total: v.total,
        areas: v.areas.clone(),
        states,
        sorts: vec![
            ("nummer", l.t("consideration-sort-number")),
            ("unterstuetzung", l.t("consideration-sort-supports")),
            ("stand", l.t("consideration-sort-state")),
        ],
        q,
        l,
    };
    render(&page)
}

/// The CSV header (CONTRACTS.md, "CSV files").
const HEADER: [&str; 14] = [
    "id",
    "created_at",
    "kind",
    "kind_label",
    "target_kind",
    "target",
    "target_title",
    "title",
    "text",
    "supports",
    "answer_state",
    "answer_state_label",
    "reasoning",
    "changes",
];

/// Rows read per slice of the CSV.
const SLICE: i64 = 500;

fn csv_line(fields: &[String]) -> String {
    let mut out = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(";");
    out.push_str("\r\n");
    out
}

/// `GET /mitmachen/{process}/abwaegung.csv`: the filtered table, streamed in slices of 500
/// lines, so the whole file is never held in memory.
pub async fn consideration_csv(
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<TableQuery>,
) -> Result<Response, WebError> {
    let app = ctx.state.app.clone();
    let (v, filter) = app.consideration_frame(&slug, &q.query()).await?;
    let i18n = ctx.state.i18n.clone();
    let de = crate::Lang::De;
    let label_of = move |s: AnswerState| i18n.label(de, s).to_owned();
    let i18n = ctx.state.i18n.clone();
    let kind_of = move |k: fahrplan_domain::ContributionKind| i18n.label(de, k).to_owned();
    let head = format!(
        "{BOM}{}",
        csv_line(&HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>())
    );
    let file = v.process.slug.clone();
    let v = std::sync::Arc::new(v);
    let state = (Some(head), 0_i64, false);
    let stream = futures_util::stream::unfold(state, move |(head, after, done)| {
        let (app, slug, filter, v) = (app.clone(), slug.clone(), filter.clone(), v.clone());
        let (label_of, kind_of) = (label_of.clone(), kind_of.clone());
        async move {
            if let Some(h) = head {
                return Some((Ok::<_, std::io::Error>(h), (None, after, false)));
            }
            if done {
                return None;
            }
            let rows = match app.consideration_slice(&slug, &filter, after, SLICE).await {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = %e, "Abwägungstabelle CSV cut short");
                    return Some((
                        Err(std::io::Error::other("read failed")),
                        (None, after, true),
                    ));
                }
            };
            let last = rows.last().map_or(after, |r| r.id);
            let finished = (rows.len() as i64) < SLICE;
            let mut chunk = String::new();
            for r in &rows {
                let title = v
                    .targets
                    .iter()
                    .find(|(k, key, _)| *k == r.target_kind && *key == r.target)
                    .map(|(_, _, t)| t.clone())
                    .unwrap_or_default();
                let (state, label, reasoning, changes) = match &r.answer {
                    Some(a) => (
                        a.state.as_str().to_owned(),
                        label_of(a.state),
                        a.reasoning.clone(),
                        a.links
                            .iter()
                            .map(|k| match k.version {
                                Some(n) => format!("{}@{n}", k.entity),
                                None => k.entity.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    None => Default::default(),
                };
                let when = jiff::Timestamp::from_second(r.created_at)
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                chunk.push_str(&csv_line(&[
                    r.id.to_string(),
                    when,
                    r.kind.as_str().to_owned(),
                    kind_of(r.kind),
                    r.target_kind.as_str().to_owned(),
                    r.target.clone(),
                    title,
                    r.title.clone(),
                    r.body.clone(),
                    r.supports.to_string(),
                    state,
                    label,
                    reasoning,
                    changes,
                ]));
            }
            if chunk.is_empty() && finished {
                return None;
            }
            Some((Ok(chunk), (None, last, finished)))
        }
    });
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // The process slug is checked content (a-z, 0-9, hyphens), safe in a header.
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"abwaegung-{file}.csv\""))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// One bar of the figures' chart.
pub struct Bar {
    label: String,
    count: i64,
    /// Bar width in the SVG's units (of 300).
    width: i64,
    y: i64,
    text_y: i64,
    class: &'static str,
}

#[derive(Template)]
#[template(path = "participation/results.html")]
struct ResultsPage {
    l: Layout,
    process_href: String,
    table_href: String,
    csv_href: String,
    contributions: i64,
    answered: i64,
    adopted: i64,
    bars: Vec<Bar>,
    height: i64,
    chart_label: String,
}

/// `GET /mitmachen/{process}/ergebnisse`: how many contributions, answered, adopted, as a bar
/// chart with its table.
pub async fn show_results(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (process, counts) = ctx.state.app.answer_summary(&slug).await?;
    let l = ctx
        .layout(
            &paths::process_results(&slug),
            ctx.state.i18n.get(
                ctx.lang,
                "results-title",
                &[("title", process.title.as_str())],
            ),
        )
        .crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .content_crumb(process.title.clone(), paths::process(&slug))
        .crumb(ctx.t("results-crumb"), "");
    let count = |s: AnswerState| {
        counts
            .by_state
            .iter()
            .find(|(k, _)| *k == s)
            .map_or(0, |(_, n)| *n)
    };
    let rows: Vec<(String, i64, &'static str)> = std::iter::once((
        l.t("answer-none-short"),
        counts.contributions - counts.answered,
        "none",
    ))
    .chain(
        AnswerState::ALL
            .iter()
            .map(|s| (l.label(*s), count(*s), s.as_str())),
    )
    .collect();
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, n, class))| Bar {
            width: n * 300 / max,
            y: i as i64 * 36,
            text_y: i as i64 * 36 + 19,
            label,
            count: n,
            class,
        })
        .collect();
    let adopted = count(AnswerState::Adopted) + count(AnswerState::PartiallyAdopted);
    let page = ResultsPage {
        process_href: paths::process(&slug),
        table_href: paths::consideration(&slug),
        csv_href: paths::consideration_csv(&slug),
        height: bars.len() as i64 * 36,
        chart_label: l.t2(
            "results-chart-label",
            "answered",
            counts.answered,
            "total",
            counts.contributions,
        ),
        contributions: counts.contributions,
        answered: counts.answered,
        adopted,
        bars,
        l,
    };
    render(&page)
}
