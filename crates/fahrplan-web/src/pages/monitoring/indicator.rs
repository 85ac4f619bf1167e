//! `/umsetzung/indikatoren/{slug}`: an indicator with its counting rule next to its figures, the
//! trajectory and the formula it rests on in plain words, the line chart with its table and CSV,
//! and the corrections its history holds.

use super::overview::csv_response;
use super::{EXAMPLE_MARK, TrajectoryCell, basis_sentence, chart_labels, figure, trajectory_cell};
use crate::charts::{Caption, ChartLabels, LineChart, MIN_POINTS_FOR_LINE};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::{Link, cached_for, goal_link};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::monitoring::{IndicatorView, land_progress};
use fahrplan_domain::csv::{CsvWriter, number};
use fahrplan_domain::monitoring::{AT_RISK_GAP, Indicator, ON_TRACK_GAP, Point};
use fahrplan_domain::paths;

/// A figure with its period and source.
#[derive(Debug, Clone)]
pub struct FigureLine {
    /// What it is ("Ausgangswert").
    pub label: String,
    /// Value with unit and period.
    pub value: String,
    /// Source.
    pub source: String,
    /// Source address.
    pub source_url: Option<String>,
}

/// A corrected value.
#[derive(Debug, Clone)]
pub struct CorrectionLine {
    /// Period.
    pub period: String,
    /// Region name or the Land.
    pub region: String,
    /// The earlier value.
    pub before: String,
    /// The value that replaced it.
    pub after: String,
    /// When the correction was recorded.
    pub recorded: String,
}

#[derive(Template)]
#[template(path = "monitoring/indicator.html")]
struct IndicatorPage {
    l: Layout,
    i: Indicator,
    direction: String,
    figures: Vec<FigureLine>,
    trajectory: TrajectoryCell,
    basis: String,
    formula: String,
    thresholds: String,
    few: Option<String>,
    chart: String,
    table: String,
    csv: String,
    regional: Option<String>,
    owner: Link,
    owner_today: Option<Link>,
    area: Link,
    goals: Vec<Link>,
    corrections: Vec<CorrectionLine>,
}

fn point_text(labels: &ChartLabels, p: Point, unit: &str) -> String {
    format!(
        "{} ({})",
        figure(labels, p.value, unit),
        (labels.period)(&p.period)
    )
}

/// The line chart of the whole-Land values: the one structure the SVG, the table and the CSV
/// come from.
pub fn line_chart(l: &Layout, i: &Indicator) -> LineChart {
    let labels = chart_labels(l.lang);
    let day = fahrplan_app::participation::today();
    let p = land_progress(i, day);
    let series: Vec<_> = i
        .observations
        .iter()
        .filter(|o| o.region.is_none())
        .map(|o| (o.period, o.value))
        .collect();
    let source = i
        .observations
        .iter()
        .rev()
        .find(|o| o.region.is_none())
        .map_or_else(|| i.baseline.source.clone(), |o| o.source.clone());
    let as_of = p.latest.map_or_else(
        || (labels.period)(&i.baseline.period),
        |pt| (labels.period)(&pt.period),
    );
    let mut message = format!("{}: {}", l.t("indicator-trajectory"), l.label(p.trajectory));
    if i.example {
        message = format!("{EXAMPLE_MARK}. {message}");
    }
    LineChart {
        id: format!("verlauf-{}", i.slug),
        title: i.name.clone(),
        unit: i.unit.clone(),
        series,
        baseline: i.baseline.point(),
        target: i.target.as_ref().map(|t| t.point()),
        reference: i.reference.as_ref().map(|r| {
            (
                r.label.clone(),
                Point {
                    period: r.period,
                    value: r.value,
                },
            )
        }),
        caption: Caption {
            message,
            source,
            as_of,
        },
    }
}

/// `GET /umsetzung/indikatoren/{slug}`.
pub async fn show_indicator(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let v: IndicatorView = ctx.state.app.indicator_view(&slug).await?;
    let tags = v.tags();
    let i = v.record.indicator.clone();
    let l = ctx
        .layout(&paths::indicator(&slug), i.name.clone())
        .crumb(ctx.t("umsetzung-title"), paths::UMSETZUNG)
        .content_crumb(i.name.clone(), "");
    let labels = chart_labels(l.lang);
    let day = fahrplan_app::participation::today();
    let p = land_progress(&i, day);
    let mut figures = vec![FigureLine {
        label: l.t("indicator-baseline"),
        value: point_text(&labels, i.baseline.point(), &i.unit),
        source: i.baseline.source.clone(),
        source_url: i.baseline.source_url.clone(),
    }];
    if let Some(t) = &i.target {
        figures.push(FigureLine {
            label: l.t("indicator-target"),
            value: point_text(&labels, t.point(), &i.unit),
            source: t.source.clone(),
            source_url: t.source_url.clone(),
        });
    }
    if let Some(pt) = p.latest {
        let obs = i
            .observations
            .iter()
            .find(|o| o.region.is_none() && o.period == pt.period);
        figures.push(FigureLine {
            label: l.t("indicator-latest"),
            value: point_text(&labels, pt, &i.unit),
            source: obs.map(|o| o.source.clone()).unwrap_or_default(),
            source_url: obs.and_then(|o| o.source_url.clone()),
        });
    }
    if let Some(r) = &i.reference {
        figures.push(FigureLine {
            label: r.label.clone(),
            value: point_text(
                &labels,
                Point {
                    period: r.period,
                    value: r.value,
                },
                &i.unit,
            ),
            source: r.source.clone(),
            source_url: r.source_url.clone(),
        });
    }
    let land_points = i.observations.iter().filter(|o| o.region.is_none()).count();
    let few =
        (land_points < MIN_POINTS_FOR_LINE).then(|| l.t1("indicator-few", "count", land_points));
    let chart = line_chart(&l, &i);
    let regions = &v.regions;
    let region_name = |k: &Option<String>| match k {
        None => l.t("indicator-whole-land"),
        Some(k) => regions
            .iter()
            .find(|r| &r.key == k)
            .map_or_else(|| k.clone(), |r| r.name.clone()),
    };
    let corrections = v
        .record
        .corrections()
        .map(|(old, new)| CorrectionLine {
            period: (labels.period)(&old.observation.period),
            region: region_name(&old.observation.region),
            before: figure(&labels, old.observation.value, &i.unit),
            after: figure(&labels, new.observation.value, &i.unit),
            recorded: new.recorded_at.get(..10).unwrap_or("").to_owned(),
        })
        .collect();
    let regional = v.record.regional.then(|| paths::regional(&i.slug));
    let page = IndicatorPage {
        direction: l.label(i.direction),
        trajectory: trajectory_cell(&l, p.trajectory),
        basis: basis_sentence(&l, &p),
        formula: l.t("indicator-formula"),
        thresholds: l.t2(
            "indicator-thresholds",
            "on",
            labels.number(ON_TRACK_GAP * 100.0),
            "risk",
            labels.number(AT_RISK_GAP * 100.0),
        ),
        few,
        table: chart.table(&labels).html(),
        chart: chart.figure(&labels),
        csv: paths::indicator_csv(&i.slug),
        regional,
        owner: Link {
            title: v.owner.name.clone(),
            href: paths::department(&v.owner.code),
            summary: String::new(),
        },
        owner_today: v.owner_today.as_ref().map(|d| Link {
            title: d.name.clone(),
            href: paths::department_umsetzung(&d.code),
            summary: String::new(),
        }),
        area: Link {
            title: v.area.doc.title.clone(),
            href: paths::area(&v.area.edition, &v.area.doc.slug),
            summary: String::new(),
        },
        goals: v.goals.iter().map(goal_link).collect(),
        corrections,
        figures,
        i,
        l,
    };
    cached_for(tags, &page)
}

/// `GET /umsetzung/indikatoren/{slug}/werte.csv`: the numbers of the chart (baseline, target,
/// reference and every current value, regional ones included), with the counting rule.
pub async fn indicator_csv(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let v = ctx.state.app.indicator_data(&slug).await?;
    let i = &v.record.indicator;
    let note = if i.example { EXAMPLE_MARK } else { "" };
    let mut w = CsvWriter::new(&[
        "indicator",
        "kind",
        "kind_label",
        "period",
        "region",
        "region_name",
        "value",
        "unit",
        "source",
        "source_url",
        "note",
        "counting_rule",
        "example",
    ]);
    let rule = &i.counting_rule.definition;
    let region_name = |k: &Option<String>| {
        k.as_ref().map_or_else(String::new, |k| {
            v.regions
                .iter()
                .find(|r| &r.key == k)
                .map_or_else(String::new, |r| r.name.clone())
        })
    };
    let mut row = |kind: &str,
                   label: &str,
                   period: String,
                   region: &Option<String>,
                   value: f64,
                   source: &str,
                   url: &Option<String>,
                   remark: &str| {
        let remark = [remark, note]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("; ");
        w.row(&[
            i.slug.clone(),
            kind.to_owned(),
            label.to_owned(),
            period,
            region.clone().unwrap_or_default(),
            region_name(region),
            number(value),
            i.unit.clone(),
            source.to_owned(),
            url.clone().unwrap_or_default(),
            remark,
            rule.clone(),
            note.to_owned(),
        ]);
    };
    let b = &i.baseline;
    row(
        "baseline",
        "Ausgangswert",
        b.period.to_string(),
        &None,
        b.value,
        &b.source,
        &b.source_url,
        "",
    );
    for o in &i.observations {
        row(
            "observation",
            "Messwert",
            o.period.to_string(),
            &o.region,
            o.value,
            &o.source,
            &o.source_url,
            o.note.as_deref().unwrap_or(""),
        );
    }
    if let Some(t) = &i.target {
        row(
            "target",
            "Ziel",
            t.period.to_string(),
            &None,
            t.value,
            &t.source,
            &t.source_url,
            "",
        );
    }
    if let Some(r) = &i.reference {
        row(
            "reference",
            "Referenz",
            r.period.to_string(),
            &None,
            r.value,
            &r.source,
            &r.source_url,
            &r.label,
        );
    }
    Ok(csv_response(w.finish(), &format!("{}.csv", i.slug)))
}
