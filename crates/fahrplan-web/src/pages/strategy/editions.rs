//! The strategy: start page, editions and areas (the comparison of editions is in `compare`).

use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::participation::notes::{annotate_into, annotated_summary};
use crate::pages::{
    Link, MeasureItem, area_link, cached_for, dept_link, dept_today, goal_link, md, measure_items,
};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::Area;
use fahrplan_app::participation::TextNotes;
use fahrplan_app::strategy::AreaView;
use fahrplan_domain::{AreaKind, Edition, Fact, paths};

/// The texts of edition `slug` that take comments on paragraphs now.
async fn edition_notes(ctx: &Ctx, slug: &str) -> Result<Option<TextNotes>, WebError> {
    let entity = format!("edition:{slug}");
    Ok(ctx.state.app.text_notes(&entity, slug).await?)
}

#[derive(Template)]
#[template(path = "strategy/start.html")]
struct StartPage {
    l: Layout,
    edition: Edition,
    summary_html: Option<String>,
    vision_html: String,
    foundations: Vec<Link>,
    action_fields: Vec<Link>,
    origin: Option<fahrplan_domain::Process>,
    open: Vec<crate::pages::Link>,
}

/// `GET /`: vision, the areas in their 2 + 6 structure, the process and a search form.
pub async fn show_start(ctx: Ctx) -> Result<Response, WebError> {
    let v = match ctx.state.app.start_view().await {
        Ok(v) => v,
        // An empty portal (started with `--content none`) still has a start page.
        Err(fahrplan_app::AppError::NotFound) if ctx.meta.is_none() => {
            let l = ctx.layout(paths::START, ctx.state.config.site_name.clone());
            let text = l.t("start-empty");
            return crate::pages::render(&EmptyStart {
                heading: ctx.state.config.site_name.clone(),
                text,
                l,
            });
        }
        Err(e) => return Err(e.into()),
    };
    // A second use case: the edition's texts take comments on paragraphs while a phase allows it.
    let notes = edition_notes(&ctx, &v.edition.slug).await?;
    let mut l = ctx
        .layout(paths::START, ctx.state.config.site_name.clone())
        .stand(v.updated)
        .describe(&v.edition.summary);
    let summary_html = annotated_summary(&mut l, notes.as_ref(), &v.edition.summary);
    let mut vision_html = md(&v.edition.vision, 3);
    annotate_into(
        &mut l,
        notes.as_ref(),
        ("vision", 3),
        &v.edition.vision,
        &mut vision_html,
    );
    let pick = |k: AreaKind| {
        v.areas
            .iter()
            .filter(|a| a.doc.kind == k)
            .map(area_link)
            .collect::<Vec<_>>()
    };
    let mut foundations = pick(AreaKind::Foundation);
    let mut action_fields = pick(AreaKind::ActionField);
    if foundations.is_empty() && action_fields.is_empty() {
        // An edition without the 2 + 6 structure (another government's): show all top-level areas.
        foundations = Vec::new();
        action_fields = v
            .areas
            .iter()
            .filter(|a| a.doc.parent.is_none())
            .map(area_link)
            .collect();
    }
    let today = fahrplan_app::participation::today();
    let mut tags = v.tags();
    tags.comments_on(&format!("edition:{}", v.edition.slug));
    cached_for(
        tags,
        &StartPage {
            l,
            summary_html,
            vision_html,
            edition: v.edition,
            foundations,
            action_fields,
            origin: fahrplan_domain::origin_process(&v.processes, Some(&v.meta.default_edition))
                .cloned(),
            open: v
                .processes
                .iter()
                .filter(|p| p.open_phases(today).any(|ph| !ph.allows.is_empty()))
                .map(|p| crate::pages::Link {
                    title: p.title.clone(),
                    href: paths::process(&p.slug),
                    summary: p.summary.clone(),
                })
                .collect(),
        },
    )
}

#[derive(Template)]
#[template(path = "error.html")]
struct EmptyStart {
    l: Layout,
    heading: String,
    text: String,
}

/// A heading with the areas below it.
pub struct Group {
    title: String,
    href: String,
    items: Vec<Link>,
    /// Whether the title is content (an area's title) rather than an interface word.
    content: bool,
}

#[derive(Template)]
#[template(path = "strategy/edition.html")]
struct EditionPage {
    l: Layout,
    edition: Edition,
    status: String,
    summary_html: Option<String>,
    vision_html: String,
    groups: Vec<Group>,
    predecessor: Option<Link>,
    editions: Vec<Edition>,
}

fn groups_of(areas: &[Area], l: &Layout) -> Vec<Group> {
    let tops: Vec<&Area> = areas.iter().filter(|a| a.doc.parent.is_none()).collect();
    let has_children = areas.iter().any(|a| a.doc.parent.is_some());
    if !has_children {
        // Group top-level areas by kind: Grundlagen, then Handlungsfelder.
        let mut out: Vec<Group> = Vec::new();
        for a in tops {
            let title = match a.doc.kind {
                AreaKind::Foundation => l.t("start-foundations"),
                AreaKind::ActionField => l.t("start-action-fields"),
                k => l.kind(&k),
            };
            match out.last_mut() {
                Some(g) if g.title == title => g.items.push(area_link(a)),
                _ => out.push(Group {
                    title,
                    href: String::new(),
                    items: vec![area_link(a)],
                    content: false,
                }),
            }
        }
        return out;
    }
    tops.into_iter()
        .map(|t| Group {
            title: t.doc.title.clone(),
            href: area_link(t).href,
            items: areas
                .iter()
                .filter(|a| a.doc.parent.as_deref() == Some(t.doc.slug.as_str()))
                .map(area_link)
                .collect(),
            content: true,
        })
        .collect()
}

/// `GET /strategie/{edition}`: an edition's overview.
pub async fn show_edition(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let v = ctx.state.app.edition_view(&slug).await?;
    // A second use case: the edition's texts take comments on paragraphs while a phase allows it.
    let notes = edition_notes(&ctx, &slug).await?;
    let path = paths::edition(&slug);
    let mut l = ctx
        .layout(&path, v.edition.title.clone())
        .content_crumb(v.edition.short_title.clone(), "")
        .stand(v.updated)
        .describe(&v.edition.summary);
    let status = l.label(v.edition.status);
    let groups = groups_of(&v.areas, &l);
    let summary_html = annotated_summary(&mut l, notes.as_ref(), &v.edition.summary);
    let mut vision_html = md(&v.edition.vision, 3);
    annotate_into(
        &mut l,
        notes.as_ref(),
        ("vision", 3),
        &v.edition.vision,
        &mut vision_html,
    );
    let predecessor = v.edition.predecessor.as_ref().map(|p| Link {
        title: v
            .editions
            .iter()
            .find(|e| &e.slug == p)
            .map_or_else(|| p.clone(), |e| e.title.clone()),
        href: paths::edition(p),
        summary: String::new(),
    });
    let mut tags = v.tags();
    tags.comments_on(&format!("edition:{slug}"));
    cached_for(
        tags,
        &EditionPage {
            status,
            summary_html,
            vision_html,
            groups,
            predecessor,
            l,
            edition: v.edition,
            editions: v.editions,
        },
    )
}

/// A goal on an area page.
pub struct GoalItem {
    title: String,
    href: String,
    body_html: String,
    lead: Link,
    lead_today: Option<Link>,
    partners: Vec<Link>,
}

#[derive(Template)]
#[template(path = "strategy/area.html")]
pub(crate) struct AreaPage {
    l: Layout,
    edition: Edition,
    area: Area,
    parent: Option<Link>,
    children: Vec<Link>,
    summary_html: Option<String>,
    body_html: Option<String>,
    baseline_html: Option<String>,
    easy_html: Option<String>,
    facts: Vec<Fact>,
    goals: Vec<GoalItem>,
    measures: Vec<MeasureItem>,
    from: Vec<Link>,
    to: Vec<Link>,
    participate: Option<String>,
    withdrawn: Option<String>,
    pub(crate) shaped: Vec<crate::pages::participation::answers::ShapedLine>,
}

impl AreaPage {
    /// The heading of the section on earlier and later editions: an area of 2016 has no origin,
    /// only a continuation, and must not be headed "Herkunft".
    fn lineage_heading(&self) -> &'static str {
        match (self.from.is_empty(), self.to.is_empty()) {
            (false, true) => "area-origin",
            (true, false) => "area-continuation",
            _ => "area-origin-continuation",
        }
    }
}

/// `GET /strategie/{edition}/{area}`: summary, Ausgangslage, goals, measures and origin.
pub async fn show_area(
    ctx: Ctx,
    Path((edition, slug)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let v = ctx.state.app.area_view(&edition, &slug).await?;
    let entity = format!("area:{edition}/{slug}");
    let notes = ctx.state.app.text_notes(&entity, &edition).await?;
    let mut tags = v.tags();
    tags.comments_on(&entity);
    let (body, baseline) = (v.area.doc.body.clone(), v.area.doc.baseline.clone());
    let summary = v.area.doc.summary.clone();
    let mut page = area_page(&ctx, v);
    // While a phase takes comments on paragraphs, each paragraph gets its link (issue 17).
    page.summary_html = annotated_summary(&mut page.l, notes.as_ref(), &summary);
    for (field, text, html) in [
        ("body", &body, &mut page.body_html),
        ("baseline", &baseline, &mut page.baseline_html),
    ] {
        if let (Some(t), Some(h)) = (text, html) {
            annotate_into(&mut page.l, notes.as_ref(), (field, 3), t, h);
        }
    }
    page.shaped =
        crate::pages::participation::answers::shaped_lines(&ctx, &page.l, &entity).await?;
    cached_for(tags, &page)
}

/// The area page of `v` (also the preview of a change to the area).
pub(crate) fn area_page(ctx: &Ctx, v: AreaView) -> AreaPage {
    let (edition, slug) = (v.edition.slug.clone(), v.area.doc.slug.clone());
    let path = paths::area(&edition, &slug);
    let l = ctx
        .layout(&path, v.area.doc.title.clone())
        .content_crumb(v.edition.short_title.clone(), paths::edition(&edition))
        .content_crumb(v.area.doc.title.clone(), "")
        .stand(v.area.doc.updated)
        .describe(&v.area.doc.summary);
    let parent = v
        .area
        .doc
        .parent
        .as_ref()
        .and_then(|p| v.siblings.iter().find(|a| &a.doc.slug == p))
        .map(area_link);
    let children = v
        .siblings
        .iter()
        .filter(|a| a.doc.parent.as_deref() == Some(slug.as_str()))
        .map(area_link)
        .collect();
    let goals = v
        .goals
        .iter()
        .map(|g| GoalItem {
            title: g.goal.title.clone(),
            href: goal_link(g).href,
            body_html: md(&g.goal.body, 4),
            lead: dept_link(&v.departments, &g.goal.lead),
            lead_today: dept_today(&v.departments, &g.goal.lead),
            partners: g
                .goal
                .partners
                .iter()
                .map(|p| dept_link(&v.departments, p))
                .collect(),
        })
        .collect();
    let link = |e: &str, s: &str, t: &str| Link {
        title: t.to_owned(),
        href: paths::area(e, s),
        summary: e.to_owned(),
    };
    let from = v
        .successions
        .iter()
        .filter(|s| s.to_edition == edition && s.to_area == slug)
        .map(|s| link(&s.from_edition, &s.from_area, &s.from_title))
        .collect();
    let to = v
        .successions
        .iter()
        .filter(|s| s.from_edition == edition && s.from_area == slug)
        .map(|s| link(&s.to_edition, &s.to_area, &s.to_title))
        .collect();
    let participate = crate::pages::participate_href(
        v.open_process.as_deref(),
        &format!("area:{edition}/{slug}"),
    );
    AreaPage {
        shaped: Vec::new(),
        summary_html: None,
        withdrawn: crate::pages::withdrawn(&l, v.area.doc.archived, "archived-note"),
        participate,
        body_html: v.area.doc.body.as_deref().map(|b| md(b, 3)),
        baseline_html: v.area.doc.baseline.as_deref().map(|b| md(b, 3)),
        easy_html: v.area.doc.leichte_sprache.as_deref().map(|b| md(b, 3)),
        measures: measure_items(&v.measures, &v.departments),
        l,
        edition: v.edition,
        parent,
        children,
        facts: v.facts,
        goals,
        from,
        to,
        area: v.area,
    }
}
