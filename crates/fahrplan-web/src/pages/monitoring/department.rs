//! `/umsetzung/ressorts/{code}`: what a department leads, with the measures of the departments
//! it took over from: status counts per area as a bar chart with its table, budget planned and
//! spent, the measures with their status, and the indicators it owns with their latest value
//! and trajectory.

use super::overview::{Count, IndicatorLine, day_date, indicator_line};
use super::{chart_labels, shown_status_label};
use crate::charts::{AreaCounts, Caption, ShownStatus, StatusBars};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::{Link, cached_for};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::monitoring::DepartmentUmsetzungView;
use fahrplan_domain::{Standing, paths};

/// A measure on the department's page.
#[derive(Debug, Clone)]
pub struct MeasureLine {
    /// Title and address.
    pub link: Link,
    /// How its status reads today.
    pub standing: Standing,
    /// Its area.
    pub area: Link,
    /// The earlier department that led it, when not this one.
    pub led_by: Option<Link>,
}

#[derive(Template)]
#[template(path = "monitoring/department.html")]
struct DepartmentUmsetzungPage {
    l: Layout,
    name: String,
    department_href: String,
    predecessors: Vec<Link>,
    counts: Vec<Count>,
    total: u32,
    bars: Option<String>,
    table: Option<String>,
    planned: Option<String>,
    spent: Option<String>,
    with_budget: usize,
    measures: Vec<MeasureLine>,
    indicators: Vec<IndicatorLine>,
}

/// The status counts per area of the department's measures on `day`, areas in content order.
fn counts_per_area(v: &DepartmentUmsetzungView, day: (i32, u8, u8)) -> Vec<AreaCounts> {
    v.areas
        .iter()
        .filter_map(|a| {
            let mut c = AreaCounts::new(a.doc.title.clone());
            for m in v
                .measures
                .iter()
                .filter(|m| m.edition == a.edition && m.area == a.doc.slug)
            {
                c.add(ShownStatus::of(&m.measure.standing_on(day)));
            }
            (c.total() > 0).then_some(c)
        })
        .collect()
}

/// `GET /umsetzung/ressorts/{code}`.
pub async fn show_department_umsetzung(
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let v = ctx.state.app.department_umsetzung_view(&code).await?;
    let tags = v.tags();
    let d = &v.department;
    let l = ctx
        .layout(
            &paths::department_umsetzung(&d.code),
            ctx.state.i18n.get(
                ctx.lang,
                "dept-umsetzung-title",
                &[("department", &d.short_name)],
            ),
        )
        .crumb(ctx.t("umsetzung-title"), paths::UMSETZUNG)
        .content_crumb(d.short_name.clone(), "");
    let labels = chart_labels(l.lang);
    let day = fahrplan_app::participation::today();
    let per_area = counts_per_area(&v, day);
    let total: u32 = per_area.iter().map(AreaCounts::total).sum();
    let counts = ShownStatus::ALL
        .iter()
        .map(|s| Count {
            label: shown_status_label(&l, s.wire()),
            wire: s.wire(),
            count: per_area.iter().map(|c| c.count(*s)).sum(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let done: u32 = per_area.iter().map(|c| c.count(ShownStatus::Done)).sum();
    let going: u32 = per_area
        .iter()
        .map(|c| c.count(ShownStatus::InProgress))
        .sum();
    let bars = (!per_area.is_empty()).then(|| StatusBars {
        id: format!("status-{}", d.code),
        title: l.t1("dept-umsetzung-bars-title", "department", &d.short_name),
        areas: per_area,
        caption: Caption {
            message: l.t2(
                "umsetzung-bars-message",
                "done",
                format!("{done}/{total}"),
                "going",
                going,
            ),
            source: l.t("umsetzung-bars-source"),
            as_of: l.date(&day_date(day)),
        },
    });
    let planned: Vec<i64> = v
        .measures
        .iter()
        .filter_map(|m| m.measure.budget_planned_eur)
        .collect();
    let spent: Vec<i64> = v
        .measures
        .iter()
        .filter_map(|m| m.measure.budget_spent_eur)
        .collect();
    let sum = |xs: &[i64]| (!xs.is_empty()).then(|| l.euro(&xs.iter().sum::<i64>()));
    let area_of = |e: &str, s: &str| Link {
        title: v
            .areas
            .iter()
            .find(|a| a.edition == e && a.doc.slug == s)
            .map_or_else(|| s.to_owned(), |a| a.doc.title.clone()),
        href: paths::area(e, s),
        summary: String::new(),
    };
    let measures = v
        .measures
        .iter()
        .map(|m| MeasureLine {
            link: Link {
                title: m.measure.title.clone(),
                href: paths::measure(&m.measure.slug),
                summary: String::new(),
            },
            standing: m.measure.standing_on(day),
            area: area_of(&m.edition, &m.area),
            led_by: v
                .predecessors
                .iter()
                .find(|p| p.code == m.measure.lead)
                .map(|p| Link {
                    title: p.name.clone(),
                    href: paths::department(&p.code),
                    summary: String::new(),
                }),
        })
        .collect();
    let page = DepartmentUmsetzungPage {
        name: d.name.clone(),
        department_href: paths::department(&d.code),
        predecessors: v
            .predecessors
            .iter()
            .map(|p| Link {
                title: p.name.clone(),
                href: paths::department_umsetzung(&p.code),
                summary: p.cabinet.clone().unwrap_or_default(),
            })
            .collect(),
        counts,
        total,
        table: bars.as_ref().map(|b| b.table(&labels).html()),
        bars: bars.as_ref().map(|b| b.figure(&labels)),
        with_budget: planned.len(),
        planned: sum(&planned),
        spent: sum(&spent),
        measures,
        indicators: v
            .indicators
            .iter()
            .map(|i| indicator_line(&l, &labels, i, day))
            .collect(),
        l,
    };
    cached_for(tags, &page)
}
