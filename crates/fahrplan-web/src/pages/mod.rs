//! Page handlers, one module per part of the site. Each handler parses the request, calls one
//! use case and renders a template.

pub mod account;
pub mod editorial;
pub mod forms;
pub mod legal;
pub mod monitoring;
pub mod ops;
pub mod participation;
pub mod search;
pub mod seo;
pub mod staff;
pub mod strategy;

use crate::Lang;
use crate::cache::Cacheable;
use crate::error::WebError;
use crate::markdown;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use fahrplan_app::AppError;
use fahrplan_app::{Area, GoalInArea, MeasureInArea};
use fahrplan_domain::{Department, paths};
use std::collections::HashMap;

/// A titled link with an optional short text, the building block of lists and cards.
#[derive(Debug, Clone, Default)]
pub struct Link {
    /// Visible title.
    pub title: String,
    /// Path without language prefix.
    pub href: String,
    /// Short text.
    pub summary: String,
}

/// Renders a template as a cacheable HTML response.
pub fn cached<T: Template>(page: &T) -> Result<Response, WebError> {
    let mut res = render(page)?;
    res.extensions_mut().insert(Cacheable);
    Ok(res)
}

/// Renders a template as a cacheable HTML response that shows only the entities in `tags`
/// (from the read view), so the cache keeps it while anything else changes.
pub fn cached_for<T: Template>(tags: fahrplan_app::Tags, page: &T) -> Result<Response, WebError> {
    let mut res = cached(page)?;
    res.extensions_mut().insert(crate::cache::CacheTags(tags));
    Ok(res)
}

/// Renders a template as an HTML response that must not be cached (forms with tokens).
pub fn render<T: Template>(page: &T) -> Result<Response, WebError> {
    let body = page.render().map_err(AppError::internal)?;
    Ok(Html(body).into_response())
}

/// Unix seconds as a date and time in Europe/Berlin, German or English style.
pub fn datetime(ts: i64, lang: Lang) -> String {
    jiff::Timestamp::from_second(ts)
        .ok()
        .and_then(|t| t.in_tz("Europe/Berlin").ok())
        .map(|z| match lang {
            Lang::De => z.strftime("%d.%m.%Y, %H:%M Uhr").to_string(),
            Lang::En => z.strftime("%Y-%m-%d %H:%M").to_string(),
        })
        .unwrap_or_default()
}

/// The address of the open process's form with `target` (`measure:slug`) chosen and the list
/// narrowed to it, when a process is open for it.
pub fn participate_href(open: Option<&str>, target: &str) -> Option<String> {
    // The form has the target chosen, and the list shows what others wrote about it.
    open.map(|p| paths::participate(p, target))
}

/// The note of an archived page ("Zurückgezogen am …", message `key` with `$date`), `None`
/// while it is current (DOMAIN.md, Archived).
pub fn withdrawn(
    l: &crate::layout::Layout,
    on: Option<fahrplan_domain::PartialDate>,
    key: &str,
) -> Option<String> {
    on.map(|d| l.t1(key, "date", l.date(&d)))
}

/// Markdown as HTML with headings starting at `top`.
pub fn md(src: &str, top: usize) -> String {
    markdown::render(src, top)
}

/// Link to an area page.
pub fn area_link(a: &Area) -> Link {
    Link {
        title: a.doc.title.clone(),
        href: paths::area(&a.edition, &a.doc.slug),
        summary: a.doc.summary.clone(),
    }
}

/// Link to a department page, named by its short name where there is one.
pub fn dept_link(all: &HashMap<String, Department>, code: &str) -> Link {
    let title = all
        .get(code)
        .map_or_else(|| code.to_owned(), |d| d.name.clone());
    Link {
        title,
        href: paths::department(code),
        summary: String::new(),
    }
}

/// Link to the department that holds the tasks of `code` today, following the successor chain
/// across cabinet changes; `None` when `code` itself is still in office.
pub fn dept_today(all: &HashMap<String, Department>, code: &str) -> Option<Link> {
    fahrplan_domain::successor_chain(code, |c| all.get(c))
        .last()
        .map(|d| dept_link(all, &d.code))
}

/// Link to a goal page.
pub fn goal_link(g: &GoalInArea) -> Link {
    Link {
        title: g.goal.title.clone(),
        href: paths::goal(&g.goal.slug),
        summary: String::new(),
    }
}

/// A measure as a list item.
#[derive(Debug, Clone)]
pub struct MeasureItem {
    /// Title.
    pub title: String,
    /// Path.
    pub href: String,
    /// How the status reads today (out of date once the planned end has passed).
    pub standing: fahrplan_domain::Standing,
    /// Lead department.
    pub lead: Link,
    /// First sentences of the body.
    pub summary: String,
    /// Area it belongs to.
    pub area: Link,
    /// Role of a department (on department pages).
    pub role: String,
}

/// First sentence or so of a Markdown text, as plain text.
pub fn teaser(src: &str) -> String {
    let text = markdown::plain(src);
    let mut out = String::new();
    for part in text.split_inclusive(". ") {
        out.push_str(part);
        if out.chars().count() > 140 {
            break;
        }
    }
    if out.chars().count() > 320 {
        out = out.chars().take(300).collect::<String>() + "…";
    }
    out.trim().to_owned()
}

/// Builds list items for measures.
pub fn measure_items(
    ms: &[MeasureInArea],
    depts: &HashMap<String, Department>,
) -> Vec<MeasureItem> {
    let today = fahrplan_app::participation::today();
    ms.iter()
        .map(|m| MeasureItem {
            title: m.measure.title.clone(),
            href: paths::measure(&m.measure.slug),
            standing: m.measure.standing_on(today),
            lead: dept_link(depts, &m.measure.lead),
            summary: teaser(&m.measure.body),
            area: Link {
                title: m.area.clone(),
                href: paths::area(&m.edition, &m.area),
                summary: String::new(),
            },
            role: String::new(),
        })
        .collect()
}
