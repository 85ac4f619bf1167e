//! `/umsetzung`: per area of the default edition the measures by status, budget planned and
//! spent, and the indicators with their latest value and trajectory; one bar chart of measure
//! status per area with its table and CSV.

use super::{TrajectoryCell, chart_labels, figure, shown_status_label, trajectory_cell};
use crate::charts::{AreaCounts, Caption, ChartLabels, ShownStatus, StatusBars};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::cached_for;
use askama::Template;
use axum::response::{IntoResponse, Response};
use fahrplan_app::monitoring::{Day, UmsetzungView, land_progress};
use fahrplan_domain::csv::CsvWriter;
use fahrplan_domain::monitoring::{Indicator, Trajectory};
use fahrplan_domain::{PartialDate, paths};

/// An indicator as a row of the overview and the report.
#[derive(Debug, Clone)]
pub struct IndicatorLine {
    /// Name.
    pub name: String,
    /// Its page.
    pub href: String,
    /// Latest value with unit and period, or a dash.
    pub latest: String,
    /// Target with unit and period, or a dash.
    pub target: String,
    /// Trajectory.
    pub trajectory: TrajectoryCell,
    /// Invented example figures.
    pub example: bool,
}

/// An indicator as a row, as of `day`.
pub fn indicator_line(l: &Layout, labels: &ChartLabels, i: &Indicator, day: Day) -> IndicatorLine {
    let p = land_progress(i, day);
    let period = |pt: fahrplan_domain::monitoring::Point| (labels.period)(&pt.period);
    let latest = p.latest.map_or_else(
        || "–".to_owned(),
        |pt| format!("{} ({})", figure(labels, pt.value, &i.unit), period(pt)),
    );
    let target = i.target.as_ref().map_or_else(
        || "–".to_owned(),
        |t| {
            format!(
                "{} ({})",
                figure(labels, t.value, &i.unit),
                period(t.point())
            )
        },
    );
    IndicatorLine {
        name: i.name.clone(),
        href: paths::indicator(&i.slug),
        latest,
        target,
        trajectory: trajectory_cell(l, p.trajectory),
        example: i.example,
    }
}

/// A measure status with its count.
#[derive(Debug, Clone)]
pub struct Count {
    /// Words.
    pub label: String,
    /// Wire value (badge class).
    pub wire: &'static str,
    /// How many.
    pub count: u32,
}

/// One area of the overview.
#[derive(Debug, Clone)]
pub struct AreaBlock {
    /// Title.
    pub title: String,
    /// Fragment id.
    pub id: String,
    /// The area page.
    pub href: String,
    /// Measures in total.
    pub measures: u32,
    /// Non-zero status counts.
    pub counts: Vec<Count>,
    /// Sum of planned budgets, where given.
    pub planned: Option<String>,
    /// Sum of spent budgets, where given.
    pub spent: Option<String>,
    /// How many measures give a planned budget.
    pub with_budget: usize,
    /// Its indicators.
    pub indicators: Vec<IndicatorLine>,
}

/// The status counts per area as of `day`, the one structure the chart, its table and its CSV
/// are drawn from.
pub fn area_counts(v: &UmsetzungView, day: Day) -> Vec<(String, String, AreaCounts)> {
    v.areas
        .iter()
        .map(|a| {
            let mut c = AreaCounts::new(a.doc.title.clone());
            for m in v.measures.iter().filter(|m| m.area == a.doc.slug) {
                let history: Vec<_> = m
                    .measure
                    .status
                    .iter()
                    .filter(|s| s.on.first_day() <= day)
                    .cloned()
                    .collect();
                let standing =
                    fahrplan_domain::standing(&history, m.measure.planned_end.as_ref(), day);
                c.add(ShownStatus::of(&standing));
            }
            (a.doc.slug.clone(), a.edition.clone(), c)
        })
        .collect()
}

/// The bar chart of measure status per area.
pub fn status_bars(l: &Layout, v: &UmsetzungView, day: Day, id: &str) -> StatusBars {
    let counts = area_counts(v, day);
    let total: u32 = counts.iter().map(|(_, _, c)| c.total()).sum();
    let done: u32 = counts
        .iter()
        .map(|(_, _, c)| c.count(ShownStatus::Done))
        .sum();
    StatusBars {
        id: id.to_owned(),
        title: l.t("umsetzung-bars-title"),
        areas: counts.into_iter().map(|(_, _, c)| c).collect(),
        caption: Caption {
            message: l.t2("umsetzung-bars-message", "done", done, "total", total),
            source: l.t("umsetzung-bars-source"),
            as_of: l.date(&day_date(day)),
        },
    }
}

/// A day as a full partial date.
pub fn day_date(day: Day) -> PartialDate {
    PartialDate {
        year: day.0,
        month: Some(day.1),
        day: Some(day.2),
    }
}

/// The areas of the overview as of `day`.
pub fn area_blocks(l: &Layout, v: &UmsetzungView, day: Day) -> Vec<AreaBlock> {
    let labels = chart_labels(l.lang);
    let counts = area_counts(v, day);
    v.areas
        .iter()
        .zip(counts)
        .map(|(a, (_, _, c))| {
            let ms: Vec<_> = v.measures.iter().filter(|m| m.area == a.doc.slug).collect();
            let planned: Vec<i64> = ms
                .iter()
                .filter_map(|m| m.measure.budget_planned_eur)
                .collect();
            let spent: Vec<i64> = ms
                .iter()
                .filter_map(|m| m.measure.budget_spent_eur)
                .collect();
            let sum = |xs: &[i64]| (!xs.is_empty()).then(|| l.euro(&xs.iter().sum::<i64>()));
            let key = a.key();
            AreaBlock {
                title: a.doc.title.clone(),
                id: format!("bereich-{}", a.doc.slug),
                href: paths::area(&a.edition, &a.doc.slug),
                measures: c.total(),
                counts: ShownStatus::ALL
                    .iter()
                    .map(|s| Count {
                        label: shown_status_label(l, s.wire()),
                        wire: s.wire(),
                        count: c.count(*s),
                    })
                    .filter(|x| x.count > 0)
                    .collect(),
                with_budget: planned.len(),
                planned: sum(&planned),
                spent: sum(&spent),
                indicators: v
                    .indicators
                    .iter()
                    .filter(|i| i.area == key)
                    .map(|i| indicator_line(l, &labels, i, day))
                    .collect(),
            }
        })
        .collect()
}

/// How many indicators have each trajectory, worst last.
pub fn trajectory_counts(l: &Layout, v: &UmsetzungView, day: Day) -> Vec<Count> {
    Trajectory::ALL
        .iter()
        .map(|t| Count {
            label: l.label(*t),
            wire: t.as_str(),
            count: u32::try_from(
                v.indicators
                    .iter()
                    .filter(|i| land_progress(i, day).trajectory == *t)
                    .count(),
            )
            .unwrap_or(u32::MAX),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "monitoring/overview.html")]
struct OverviewPage {
    l: Layout,
    intro: String,
    bars: String,
    table: String,
    csv: String,
    trajectories: Vec<Count>,
    areas: Vec<AreaBlock>,
}

/// `GET /umsetzung`.
pub async fn show_overview(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.umsetzung_view().await?;
    let day = fahrplan_app::participation::today();
    let l = ctx.titled(paths::UMSETZUNG, "umsetzung-title");
    let labels = chart_labels(l.lang);
    let bars = status_bars(&l, &v, day, "statusbalken");
    let page = OverviewPage {
        intro: l.t1("umsetzung-intro", "edition", &v.edition.title),
        table: bars.table(&labels).html(),
        bars: bars.figure(&labels),
        csv: format!("{}/massnahmen-status.csv", paths::UMSETZUNG),
        trajectories: trajectory_counts(&l, &v, day),
        areas: area_blocks(&l, &v, day),
        l,
    };
    cached_for(v.tags(), &page)
}

/// `GET /umsetzung/massnahmen-status.csv`: the numbers of the status chart.
pub async fn status_csv(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.umsetzung_view().await?;
    let day = fahrplan_app::participation::today();
    let l = ctx.titled(paths::UMSETZUNG, "umsetzung-title");
    let mut w = CsvWriter::new(&[
        "edition",
        "area",
        "area_title",
        "status",
        "status_label",
        "measures",
        "as_of",
    ]);
    let as_of = format!("{:04}-{:02}-{:02}", day.0, day.1, day.2);
    for (slug, edition, c) in area_counts(&v, day) {
        for s in ShownStatus::ALL {
            w.row(&[
                edition.clone(),
                slug.clone(),
                c.area.clone(),
                s.wire().to_owned(),
                shown_status_label(&l, s.wire()),
                c.count(s).to_string(),
                as_of.clone(),
            ]);
        }
    }
    Ok(csv_response(w.finish(), "massnahmen-status.csv"))
}

/// A CSV download. It is not kept in the page cache, which keeps no `Content-Disposition`.
pub fn csv_response(body: String, name: &str) -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}
