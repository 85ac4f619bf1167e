//! The strategy: start page, editions, areas and the comparison of editions.

use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::{
    Link, MeasureItem, area_link, cached_for, dept_link, dept_today, goal_link, md, measure_items,
};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::Area;
use fahrplan_app::strategy::AreaView;
use fahrplan_domain::{AreaKind, Edition, Fact, paths};

#[derive(Template)]
#[template(path = "strategy/start.html")]
struct StartPage {
    l: Layout,
    edition: Edition,
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
    let l = ctx
        .layout(paths::START, ctx.state.config.site_name.clone())
        .stand(v.updated)
        .describe(&v.edition.summary);
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
    cached_for(
        v.tags(),
        &StartPage {
            l,
            vision_html: md(&v.edition.vision, 3),
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
    let path = paths::edition(&slug);
    let l = ctx
        .layout(&path, v.edition.title.clone())
        .content_crumb(v.edition.short_title.clone(), "")
        .stand(v.updated)
        .describe(&v.edition.summary);
    let status = l.label(v.edition.status);
    let groups = groups_of(&v.areas, &l);
    let predecessor = v.edition.predecessor.as_ref().map(|p| Link {
        title: v
            .editions
            .iter()
            .find(|e| &e.slug == p)
            .map_or_else(|| p.clone(), |e| e.title.clone()),
        href: paths::edition(p),
        summary: String::new(),
    });
    cached_for(
        v.tags(),
        &EditionPage {
            status,
            vision_html: md(&v.edition.vision, 3),
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
    let tags = v.tags();
    let (body, baseline) = (v.area.doc.body.clone(), v.area.doc.baseline.clone());
    let mut page = area_page(&ctx, v);
    // While a phase takes comments on paragraphs, each paragraph gets its link (issue 17).
    if let Some(n) = &notes {
        use crate::pages::participation::notes::annotated_html;
        if let Some(b) = &body
            && let Some(h) = annotated_html(&page.l, n, "body", 3, b)
        {
            page.body_html = Some(h);
        }
        if let Some(b) = &baseline
            && let Some(h) = annotated_html(&page.l, n, "baseline", 3, b)
        {
            page.baseline_html = Some(h);
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

/// A row of the comparison table.
pub struct CompareRow {
    group: String,
    from: Link,
    to: Vec<Link>,
}

/// One group of areas and what became of it between two editions.
pub struct ShiftRow {
    label: String,
    from: Vec<Link>,
    to: Vec<Link>,
}

#[derive(Template)]
#[template(path = "strategy/compare.html")]
struct ComparePage {
    l: Layout,
    rows: Vec<CompareRow>,
    /// Per pair of editions (earlier, later): what became of the areas.
    shifts: Vec<(String, String, Vec<ShiftRow>)>,
}

fn shift_label(l: &Layout, s: fahrplan_domain::AreaShift) -> String {
    l.t(match s {
        fahrplan_domain::AreaShift::Continued => "shift-continued",
        fahrplan_domain::AreaShift::Split => "shift-split",
        fahrplan_domain::AreaShift::Merged => "shift-merged",
        fahrplan_domain::AreaShift::Regrouped => "shift-regrouped",
        fahrplan_domain::AreaShift::Dropped => "shift-dropped",
        fahrplan_domain::AreaShift::Added => "shift-added",
    })
}

fn shift_links(
    v: &fahrplan_app::strategy::CompareView,
    edition: &str,
    slugs: &[String],
) -> Vec<Link> {
    slugs
        .iter()
        .filter_map(|s| {
            v.areas
                .iter()
                .find(|a| a.edition == edition && &a.doc.slug == s)
        })
        .map(area_link)
        .collect()
}

/// `GET /strategie/vergleich.csv`: every pair of editions as data, one row per group of areas:
/// `from_edition;to_edition;change;change_label;from_areas;from_titles;to_areas;to_titles`
/// (several areas joined by `, `).
pub async fn comparison_csv(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.compare_view().await?;
    let l = ctx.titled(paths::COMPARISON, "compare-title");
    let mut w = fahrplan_domain::csv::CsvWriter::new(&[
        "from_edition",
        "to_edition",
        "change",
        "change_label",
        "from_areas",
        "from_titles",
        "to_areas",
        "to_titles",
    ]);
    let titles = |links: Vec<Link>| {
        links
            .into_iter()
            .map(|k| k.title)
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (before, after, changes) in v.changes() {
        for c in changes {
            w.row(&[
                before.clone(),
                after.clone(),
                c.shift.as_str().to_owned(),
                shift_label(&l, c.shift),
                c.from.join(", "),
                titles(shift_links(&v, &before, &c.from)),
                c.to.join(", "),
                titles(shift_links(&v, &after, &c.to)),
            ]);
        }
    }
    Ok(crate::pages::monitoring::overview::csv_response(
        w.finish(),
        "vergleich.csv",
    ))
}

/// `GET /strategie/vergleich`: where each 2016 field continues in 2021.
pub async fn show_comparison(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.compare_view().await?;
    let l = ctx.titled(paths::COMPARISON, "compare-title");
    let l = match v.areas.iter().map(|a| a.doc.updated).max() {
        Some(d) => l.stand(d),
        None => l,
    };
    let rows = v
        .areas
        .iter()
        .filter_map(|a| {
            let to: Vec<Link> = v
                .successions
                .iter()
                .filter(|s| s.from_edition == a.edition && s.from_area == a.doc.slug)
                .map(|s| Link {
                    title: s.to_title.clone(),
                    href: paths::area(&s.to_edition, &s.to_area),
                    summary: String::new(),
                })
                .collect();
            if to.is_empty() {
                return None;
            }
            let group = a
                .doc
                .parent
                .as_ref()
                .and_then(|p| {
                    v.areas
                        .iter()
                        .find(|x| x.edition == a.edition && &x.doc.slug == p)
                })
                .map(|p| p.doc.title.clone())
                .unwrap_or_default();
            Some(CompareRow {
                group,
                from: area_link(a),
                to,
            })
        })
        .collect();
    let shifts = v
        .changes()
        .into_iter()
        .map(|(before, after, changes)| {
            let rows = changes
                .into_iter()
                .map(|c| ShiftRow {
                    label: shift_label(&l, c.shift),
                    from: shift_links(&v, &before, &c.from),
                    to: shift_links(&v, &after, &c.to),
                })
                .collect();
            (before, after, rows)
        })
        .collect();
    cached_for(v.tags(), &ComparePage { l, rows, shifts })
}
