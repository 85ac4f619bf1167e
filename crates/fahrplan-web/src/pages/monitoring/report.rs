//! `/umsetzung/bericht` (today) and `/umsetzung/bericht/YYYY-MM-DD`: the Fortschrittsbericht,
//! every area of the default edition with every measure's status and every indicator's latest
//! value and trajectory as of that day, using only the history up to it. One page that prints
//! on A4 (print CSS in `static/fahrplan.css`). The date field is a GET form: `?tag=` answers
//! with a 303 to the path of the chosen day (which the page cache keeps), a bad or future date
//! re-renders today's report with the error and the input kept (never cached).

use super::overview::{AreaBlock, Count, area_blocks, day_date, status_bars, trajectory_counts};
use super::{chart_labels, shown_status_label};
use crate::charts::ShownStatus;
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::cached_for;
use crate::pages::forms::{FormState, form_page};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use fahrplan_app::monitoring::{Day, ReportView};
use fahrplan_app::{AppError, FieldError};
use fahrplan_domain::{PartialDate, paths};
use serde::Deserialize;

/// The query of the date form.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// The chosen day, `YYYY-MM-DD` (what `<input type="date">` sends) or `T.M.JJJJ`.
    tag: Option<String>,
}

/// Why a typed day is refused: the message id.
fn read_day(text: &str, today: Day) -> Result<Day, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("progress-report-error-empty");
    }
    let day = iso_day(text)
        .or_else(|| german_day(text))
        .ok_or("progress-report-error-invalid")?;
    if day > today {
        return Err("progress-report-error-future");
    }
    Ok(day)
}

/// A full day as `YYYY-MM-DD`, checked to exist.
fn iso_day(text: &str) -> Option<Day> {
    let d = PartialDate::parse(text).ok().filter(PartialDate::is_full)?;
    Some(d.first_day())
}

/// A full day as the German write it: `1.6.2021` or `01.06.2021`.
fn german_day(text: &str) -> Option<Day> {
    let mut parts = text.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |t: &str| (1..=2).contains(&t.len());
    if parts.next().is_some() || !short(d) || !short(m) || y.len() != 4 {
        return None;
    }
    iso_day(&format!("{y:0>4}-{m:0>2}-{d:0>2}"))
}

/// A measure as the report lists it.
#[derive(Debug, Clone)]
pub struct ReportMeasure {
    /// Title.
    pub title: String,
    /// Its page.
    pub href: String,
    /// Wire value of the status shown (badge class).
    pub wire: &'static str,
    /// The status in words.
    pub label: String,
    /// Since when, as the history dates it.
    pub since: Option<String>,
    /// The lead department's short name.
    pub lead: String,
}

/// An area of the report: the overview's block and its measures.
#[derive(Debug, Clone)]
pub struct ReportArea {
    /// Counts and indicators as of the day.
    pub block: AreaBlock,
    /// Its measures with their status as of the day.
    pub measures: Vec<ReportMeasure>,
}

/// The areas of the report as of `day`: status entries dated after the day do not count
/// (an entry counts from the first day of its date), so a measure without an earlier entry is
/// planned; indicators use only the periods that ended by the day.
fn report_areas(l: &Layout, v: &ReportView, day: Day) -> Vec<ReportArea> {
    let o = &v.overview;
    area_blocks(l, o, day)
        .into_iter()
        .zip(&o.areas)
        .map(|(block, a)| ReportArea {
            measures: o
                .measures
                .iter()
                .filter(|m| m.area == a.doc.slug)
                .map(|m| {
                    let history: Vec<_> = m
                        .measure
                        .status
                        .iter()
                        .filter(|s| s.on.first_day() <= day)
                        .cloned()
                        .collect();
                    let standing =
                        fahrplan_domain::standing(&history, m.measure.planned_end.as_ref(), day);
                    let shown = ShownStatus::of(&standing);
                    ReportMeasure {
                        title: m.measure.title.clone(),
                        href: paths::measure(&m.measure.slug),
                        wire: shown.wire(),
                        label: shown_status_label(l, shown.wire()),
                        since: standing.confirmed_on.map(|d| l.date(&d)),
                        lead: o
                            .departments
                            .get(&m.measure.lead)
                            .map_or_else(|| m.measure.lead.clone(), |d| d.short_name.clone()),
                    }
                })
                .collect(),
            block,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "monitoring/report.html")]
struct ReportPage {
    l: Layout,
    edition: String,
    day: String,
    past: bool,
    today_href: String,
    value: String,
    max: String,
    f: FormState,
    bars: String,
    table: String,
    trajectories: Vec<Count>,
    areas: Vec<ReportArea>,
}

fn iso(day: Day) -> String {
    format!("{:04}-{:02}-{:02}", day.0, day.1, day.2)
}

/// The report as of `day`, with the date form holding `value` and `errors`.
fn report_page(
    ctx: &Ctx,
    v: &ReportView,
    path: &str,
    value: String,
    errors: Vec<FieldError>,
) -> ReportPage {
    let today = fahrplan_app::participation::today();
    let day = v.day;
    let past = day != today;
    let mut l = ctx.layout(path, String::new());
    let date = l.date(&day_date(day));
    l.title = if past {
        l.t1("progress-report-title-on", "date", &date)
    } else {
        l.t("progress-report-title")
    };
    l.has_errors = !errors.is_empty();
    let mut l = l.crumb(ctx.t("umsetzung-title"), paths::UMSETZUNG);
    if past {
        l = l.crumb(ctx.t("progress-report-title"), paths::REPORT);
    }
    let title = l.title.clone();
    let l = l.crumb(title, "").stand(day_date(day));
    let labels = chart_labels(l.lang);
    let bars = status_bars(&l, &v.overview, day, "berichtsstand");
    ReportPage {
        edition: v.overview.edition.title.clone(),
        day: date,
        past,
        today_href: paths::REPORT.to_owned(),
        value,
        max: iso(today),
        f: FormState::new(errors),
        table: bars.table(&labels).html(),
        bars: bars.figure(&labels),
        trajectories: trajectory_counts(&l, &v.overview, day),
        areas: report_areas(&l, v, day),
        l,
    }
}

/// `GET /umsetzung/bericht`: today's report; with `?tag=` the date form's answer, a 303 to the
/// chosen day's path, or today's report with the error (422, not cached).
pub async fn show_report(
    ctx: Ctx,
    query: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let today = fahrplan_app::participation::today();
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let (value, errors) = match query.tag {
        None => (iso(today), Vec::new()),
        Some(text) => match read_day(&text, today) {
            Ok(day) => return Ok(ctx.see_other(&paths::report_on(day))),
            Err(code) => (text, vec![FieldError { field: "tag", code }]),
        },
    };
    let v = ctx.state.app.report_view(today).await?;
    let refused = !errors.is_empty();
    let page = report_page(&ctx, &v, paths::REPORT, value, errors);
    if refused {
        form_page(&page, true)
    } else {
        cached_for(v.tags(), &page)
    }
}

/// `GET /umsetzung/bericht/{YYYY-MM-DD}`: the report as of that day; a day that is not a
/// date or lies in the future has no report (404).
pub async fn show_report_on(ctx: Ctx, Path(text): Path<String>) -> Result<Response, WebError> {
    let today = fahrplan_app::participation::today();
    let day = iso_day(&text)
        .filter(|d| *d <= today && iso(*d) == text)
        .ok_or(AppError::NotFound)?;
    let v = ctx.state.app.report_view(day).await?;
    let page = report_page(&ctx, &v, &paths::report_on(day), iso(day), Vec::new());
    cached_for(v.tags(), &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Day = (2026, 12, 7);

    #[test]
    fn a_day_reads_in_iso_or_german_form_and_must_exist() {
        assert_eq!(read_day("2021-06-01", TODAY), Ok((2021, 6, 1)));
        assert_eq!(read_day(" 1.6.2021 ", TODAY), Ok((2021, 6, 1)));
        assert_eq!(read_day("01.06.2021", TODAY), Ok((2021, 6, 1)));
        assert_eq!(
            read_day("2021-02-30", TODAY),
            Err("progress-report-error-invalid")
        );
        assert_eq!(
            read_day("30.2.2021", TODAY),
            Err("progress-report-error-invalid")
        );
        assert_eq!(
            read_day("2021-06", TODAY),
            Err("progress-report-error-invalid")
        );
        assert_eq!(
            read_day("gestern", TODAY),
            Err("progress-report-error-invalid")
        );
        assert_eq!(
            read_day("1.6.21.1", TODAY),
            Err("progress-report-error-invalid")
        );
        assert_eq!(
            read_day("1.6.21", TODAY),
            Err("progress-report-error-invalid")
        );
        assert_eq!(read_day("", TODAY), Err("progress-report-error-empty"));
    }

    #[test]
    fn today_is_fine_and_tomorrow_is_the_future() {
        assert_eq!(read_day("2026-12-07", TODAY), Ok(TODAY));
        assert_eq!(
            read_day("2026-12-08", TODAY),
            Err("progress-report-error-future")
        );
        assert_eq!(read_day("1990-01-01", TODAY), Ok((1990, 1, 1)));
    }
}
