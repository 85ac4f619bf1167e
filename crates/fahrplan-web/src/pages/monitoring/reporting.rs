//! The reporting forms of departments (issue 15): a value of an indicator
//! (`/umsetzung/indikatoren/{slug}/wert-melden`) and the status of a measure
//! (`/massnahmen/{slug}/status-melden`). Anonymous readers are sent to the login, a session that
//! owes its second factor to give it, and everyone outside the rule of
//! `fahrplan_domain::reporting` gets 403 on both GET and POST (the use case decides). A good
//! report answers 303 to the indicator or measure page; a refused one re-renders the form with
//! the input kept and an error summary. No JavaScript is needed.

use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page, second_factor_first};
use crate::session::Viewer;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::monitoring::{StatusReport, StatusReportForm, ValueReport, ValueReportForm};
use fahrplan_domain::monitoring::{ObservationOrigin, RegionLevel};
use fahrplan_domain::{MeasureStatus, paths};

/// One choice of a select: its value, its words, whether it is chosen.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What the reader sees.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "monitoring/report_value.html")]
struct ValuePage {
    l: Layout,
    f: FormState,
    action: String,
    back: String,
    name: String,
    unit: String,
    regions: Vec<Choice>,
    input: ValueReport,
}

#[derive(Template)]
#[template(path = "monitoring/report_status.html")]
struct StatusPage {
    l: Layout,
    f: FormState,
    action: String,
    back: String,
    title: String,
    current: String,
    last: Option<String>,
    statuses: Vec<Choice>,
    today: String,
    input: StatusReport,
}

fn value_page(
    ctx: &Ctx,
    slug: &str,
    v: ValueReportForm,
    f: FormState,
    input: ValueReport,
) -> Result<Response, WebError> {
    let path = paths::report_value(slug);
    let i = v.indicator;
    let mut l = ctx
        .layout(&path, String::new())
        .title_key("report-value-title");
    let t = l.title.clone();
    l = l
        .crumb(ctx.t("umsetzung-title"), paths::UMSETZUNG)
        .content_crumb(i.name.clone(), paths::indicator(slug))
        .crumb(t, "");
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let chosen = input.region.trim();
    let regions = v
        .regions
        .iter()
        .map(|r| {
            let land = r.level == RegionLevel::Land;
            Choice {
                // The Land's own key means the whole Land, as in the CSV import.
                value: if land { String::new() } else { r.key.clone() },
                label: if land {
                    l.t("report-region-land")
                } else {
                    format!("{} ({})", r.name, r.key)
                },
                selected: if land {
                    chosen.is_empty() || chosen == r.key
                } else {
                    chosen == r.key
                },
            }
        })
        .collect();
    form_page(
        &ValuePage {
            action: path,
            back: paths::indicator(slug),
            name: i.name,
            unit: i.unit,
            regions,
            input,
            f,
            l,
        },
        refused,
    )
}

fn status_page(
    ctx: &Ctx,
    slug: &str,
    v: StatusReportForm,
    f: FormState,
    input: StatusReport,
) -> Result<Response, WebError> {
    let path = paths::report_status(slug);
    let m = v.measure.measure;
    let mut l = ctx
        .layout(&path, String::new())
        .title_key("report-status-title");
    let t = l.title.clone();
    l = l
        .content_crumb(m.title.clone(), paths::measure(slug))
        .crumb(t, "");
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let current = m
        .current_status()
        .map_or_else(|| l.t("report-status-none"), |s| l.status(&s));
    let last = m.status.last().map(|s| l.date(&s.on));
    let chosen = if input.status.is_empty() {
        m.current_status().map(|s| s.as_str()).unwrap_or_default()
    } else {
        input.status.as_str()
    };
    let statuses = MeasureStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: l.status(s),
            selected: s.as_str() == chosen,
        })
        .collect();
    let (y, mo, d) = v.today;
    form_page(
        &StatusPage {
            action: path,
            back: paths::measure(slug),
            title: m.title,
            current,
            last,
            statuses,
            today: format!("{y:04}-{mo:02}-{d:02}"),
            input,
            f,
            l,
        },
        refused,
    )
}

/// `GET /umsetzung/indikatoren/{slug}/wert-melden`.
pub async fn show_report_value(
    ctx: Ctx,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(ctx.see_other(paths::LOGIN));
    };
    if let Some(to) = second_factor_first(ctx.lang, &actor) {
        return Ok(to);
    }
    let v = ctx.state.app.value_report_form(&actor, &slug).await?;
    value_page(&ctx, &slug, v, FormState::default(), ValueReport::default())
}

/// `POST /umsetzung/indikatoren/{slug}/wert-melden`.
pub async fn report_value(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<ValueReport>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    match app
        .report_observation(&actor, &slug, &input, ObservationOrigin::Form)
        .await
    {
        Ok(_) => Ok(ctx.see_other(&paths::indicator(&slug))),
        Err(AppError::Invalid(errors)) => {
            // The refused form needs the indicator and its regions again.
            let v = app.value_report_form(&actor, &slug).await?;
            value_page(&ctx, &slug, v, FormState::new(errors), input)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /massnahmen/{slug}/status-melden`.
pub async fn show_report_status(
    ctx: Ctx,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(ctx.see_other(paths::LOGIN));
    };
    if let Some(to) = second_factor_first(ctx.lang, &actor) {
        return Ok(to);
    }
    let v = ctx.state.app.status_report_form(&actor, &slug).await?;
    status_page(
        &ctx,
        &slug,
        v,
        FormState::default(),
        StatusReport::default(),
    )
}

/// `POST /massnahmen/{slug}/status-melden`.
pub async fn report_status(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<StatusReport>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    match app.report_status(&actor, &slug, &input).await {
        Ok(()) => Ok(ctx.see_other(&format!("{}#verlauf", paths::measure(&slug)))),
        Err(AppError::Invalid(errors)) => {
            // The refused form needs the measure and its history again.
            let v = app.status_report_form(&actor, &slug).await?;
            status_page(&ctx, &slug, v, FormState::new(errors), input)
        }
        Err(e) => Err(e.into()),
    }
}
