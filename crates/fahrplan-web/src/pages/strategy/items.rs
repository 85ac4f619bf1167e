//! Goal and measure pages.

use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::participation::answers::{ShapedLine, shaped_lines};
use crate::pages::{
    Link, MeasureItem, area_link, cached_for, dept_link, dept_today, goal_link, md, measure_items,
};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::strategy::{GoalView, MeasureView};
use fahrplan_domain::{Measure, Standing, paths};

#[derive(Template)]
#[template(path = "strategy/goal.html")]
pub(crate) struct GoalPage {
    l: Layout,
    title: String,
    withdrawn: Option<String>,
    body_html: String,
    area: Link,
    lead: Link,
    lead_today: Option<Link>,
    partners: Vec<Link>,
    measures: Vec<MeasureItem>,
    participate: Option<String>,
    pub(crate) shaped: Vec<ShapedLine>,
}

/// `GET /ziele/{slug}`: a goal, its departments and the measures serving it.
pub async fn show_goal(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let v = ctx.state.app.goal_view(&slug).await?;
    let notes = (ctx.state.app)
        .text_notes(&format!("goal:{slug}"), &v.edition.slug)
        .await?;
    let mut tags = v.tags();
    tags.comments_on(&format!("goal:{slug}"));
    let body = v.goal.goal.body.clone();
    let mut page = goal_page(&ctx, v);
    let html = &mut page.body_html;
    crate::pages::participation::notes::annotate_into(
        &mut page.l,
        notes.as_ref(),
        ("body", 2),
        &body,
        html,
    );
    page.shaped = shaped_lines(&ctx, &page.l, &format!("goal:{slug}")).await?;
    cached_for(tags, &page)
}

/// The goal page of `v` (also the preview of a change to the goal).
pub(crate) fn goal_page(ctx: &Ctx, v: GoalView) -> GoalPage {
    let slug = v.goal.goal.slug.clone();
    let area = area_link(&v.area);
    let l = ctx
        .layout(&paths::goal(&slug), v.goal.goal.title.clone())
        .content_crumb(
            v.edition.short_title.clone(),
            paths::edition(&v.edition.slug),
        )
        .content_crumb(area.title.clone(), area.href.clone())
        .content_crumb(v.goal.goal.title.clone(), "")
        .stand(v.area.doc.updated)
        .describe(&crate::pages::teaser(&v.goal.goal.body));
    let participate = crate::pages::participate_href(
        v.open_process.as_deref(),
        &format!("goal:{}", v.goal.goal.slug),
    );
    GoalPage {
        withdrawn: crate::pages::withdrawn(&l, v.goal.goal.archived, "archived-note"),
        participate,
        title: v.goal.goal.title.clone(),
        body_html: md(&v.goal.goal.body, 2),
        lead: dept_link(&v.departments, &v.goal.goal.lead),
        lead_today: dept_today(&v.departments, &v.goal.goal.lead),
        partners: v
            .goal
            .goal
            .partners
            .iter()
            .map(|p| dept_link(&v.departments, p))
            .collect(),
        measures: measure_items(&v.measures, &v.departments),
        shaped: Vec::new(),
        area,
        l,
    }
}

#[derive(Template)]
#[template(path = "strategy/measure.html")]
pub(crate) struct MeasurePage {
    l: Layout,
    title: String,
    withdrawn: Option<String>,
    standing: Standing,
    out_of_date_note: String,
    body_html: String,
    area: Link,
    lead: Link,
    lead_today: Option<Link>,
    partners: Vec<Link>,
    goals: Vec<Link>,
    measure: Measure,
    progress: super::progress::Progress,
    participate: Option<String>,
    pub(crate) shaped: Vec<ShapedLine>,
}

/// `GET /massnahmen/{slug}`: a measure with its key data, its status timeline, milestones and
/// independent assessment, and whether a status report is overdue.
pub async fn show_measure(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let v = ctx.state.app.measure_view(&slug).await?;
    let notes = (ctx.state.app)
        .text_notes(&format!("measure:{slug}"), &v.edition.slug)
        .await?;
    let mut tags = v.tags();
    tags.comments_on(&format!("measure:{slug}"));
    let body = v.measure.measure.body.clone();
    let mut page = measure_page(&ctx, v);
    let html = &mut page.body_html;
    crate::pages::participation::notes::annotate_into(
        &mut page.l,
        notes.as_ref(),
        ("body", 2),
        &body,
        html,
    );
    page.shaped = shaped_lines(&ctx, &page.l, &format!("measure:{slug}")).await?;
    cached_for(tags, &page)
}

/// The measure page of `v` (also the preview of a change to the measure).
pub(crate) fn measure_page(ctx: &Ctx, v: MeasureView) -> MeasurePage {
    let m = v.measure.measure;
    let slug = m.slug.clone();
    let area = area_link(&v.area);
    let l = ctx
        .layout(&paths::measure(&slug), m.title.clone())
        .content_crumb(
            v.edition.short_title.clone(),
            paths::edition(&v.edition.slug),
        )
        .content_crumb(area.title.clone(), area.href.clone())
        .content_crumb(m.title.clone(), "")
        .stand(v.area.doc.updated)
        .describe(&crate::pages::teaser(&m.body));
    let today = fahrplan_app::participation::today();
    let standing = m.standing_on(today);
    let progress =
        super::progress::progress(&l, &m, today, ctx.state.config.reporting_cadence_days);
    let out_of_date_note = match &m.planned_end {
        Some(end) if standing.out_of_date => l.t2(
            "measure-out-of-date-note",
            "end",
            l.date(end),
            "status",
            l.status(&standing.status),
        ),
        _ => String::new(),
    };
    let participate =
        crate::pages::participate_href(v.open_process.as_deref(), &format!("measure:{slug}"));
    MeasurePage {
        withdrawn: crate::pages::withdrawn(&l, m.archived, "archived-note"),
        participate,
        title: m.title.clone(),
        standing,
        out_of_date_note,
        body_html: md(&m.body, 2),
        lead: dept_link(&v.departments, &m.lead),
        // Follow the successor chain so readers see who owns the measure after a cabinet change.
        lead_today: dept_today(&v.departments, &m.lead),
        partners: m
            .partners
            .iter()
            .map(|p| dept_link(&v.departments, p))
            .collect(),
        goals: v.goals.iter().map(goal_link).collect(),
        area,
        progress,
        measure: m,
        shaped: Vec::new(),
        l,
    }
}
