//! The Hessen-Suche page (`/suche`) and the page of an imported document (`/dokumente/{id}`).
//! The search for programs is in `crate::api::search`.

use super::{md, render};
use crate::error::WebError;
use crate::extract::Ctx;
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use fahrplan_app::accounts::Client;
use fahrplan_app::search::{Hit, SearchRequest};
use std::collections::HashMap;

/// Hits per page.
const PER_PAGE: usize = 10;
/// Facet dimensions with the query parameter that filters by them.
const FILTERS: [(&str, &str); 5] = [
    ("type", "typ"),
    ("edition", "ausgabe"),
    ("area", "bereich"),
    ("status", "status"),
    ("department", "ressort"),
];

/// Query parameters of the search page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    typ: String,
    #[serde(default)]
    ausgabe: String,
    #[serde(default)]
    bereich: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    ressort: String,
    /// Read leniently: a page number that is not one (`-1`, `abc`, past 64 bits) is page 1,
    /// and the query stays.
    #[serde(default)]
    seite: Option<String>,
}

impl PageParams {
    fn filter(&self, dim: &str) -> &str {
        match dim {
            "type" => &self.typ,
            "edition" => &self.ausgabe,
            "area" => &self.bereich,
            "status" => &self.status,
            _ => &self.ressort,
        }
    }
}

/// One facet value as a link that adds (or removes) the filter.
struct FacetLink {
    label: String,
    count: u64,
    href: String,
    active: bool,
}

/// One facet dimension.
struct FacetGroup {
    title: String,
    links: Vec<FacetLink>,
    /// Whether the labels are names from the (German) content: editions, areas and departments.
    content: bool,
}

/// One page link of the pagination.
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// Up to seven page links around `current` of `last`, and the links to the page before and
/// after.
fn page_links(
    current: usize,
    last: usize,
    href: impl Fn(usize) -> String,
) -> (Vec<PageLink>, Option<String>, Option<String>) {
    let first_shown = current.saturating_sub(3).max(1);
    let pages = (first_shown..=(first_shown + 6).min(last))
        .map(|n| PageLink {
            number: n,
            href: href(n),
            current: n == current,
        })
        .collect();
    let previous = (current > 1).then(|| href(current - 1));
    let next = (current < last).then(|| href(current + 1));
    (pages, previous, next)
}

/// A page number from the address, read leniently: anything that is not one is page 1.
fn page_number(raw: Option<&str>) -> usize {
    raw.and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1)
}

#[derive(Template)]
#[template(path = "search/search.html")]
struct SearchPage {
    l: crate::layout::Layout,
    query: String,
    total: usize,
    hits: Vec<HitView>,
    groups: Vec<FacetGroup>,
    did_you_mean: Option<(String, String)>,
    blank: bool,
    ignored: Vec<String>,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    active_filters: Vec<(String, String)>,
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The page's own link with the query, the given filters and a page number.
fn link(l: &crate::layout::Layout, q: &str, filters: &[(String, String)], page: usize) -> String {
    let mut out = format!("{}?q={}", l.href("/suche"), encode(q));
    for (param, value) in filters {
        out.push_str(&format!("&{param}={}", encode(value)));
    }
    if page > 1 {
        out.push_str(&format!("&seite={page}"));
    }
    out
}

fn label(
    l: &crate::layout::Layout,
    labels: &HashMap<(String, String), String>,
    dim: &str,
    value: &str,
) -> String {
    match dim {
        "type" => l.t(&format!("search-type-{value}")),
        "status" => l.t(&format!("status-{value}")),
        _ => labels
            .get(&(dim.to_owned(), value.to_owned()))
            .cloned()
            .unwrap_or_else(|| value.to_owned()),
    }
}

/// One hit with the line above its title.
struct HitView {
    /// Type, then edition, status and lead department where the hit has them; each with
    /// whether it is content (German on every page) rather than an interface word.
    meta: Vec<(String, bool)>,
    hit: Hit,
}

/// What a hit is and where it belongs: "Maßnahme · Strategie 2021 · in Umsetzung ·
/// Digitalministerium" (the first department of a hit is the one that leads it).
fn hit_meta(
    l: &crate::layout::Layout,
    labels: &HashMap<(String, String), String>,
    h: &Hit,
) -> Vec<(String, bool)> {
    let mut out = vec![(label(l, labels, "type", &h.kind), false)];
    for dim in ["edition", "status", "department"] {
        if dim == "status" {
            // As on the measure's page: "Stand nicht aktuell" once the planned end has passed.
            let today = fahrplan_app::participation::today();
            if let Some(shown) = fahrplan_app::search::shown_status(&h.facets, today) {
                out.push((label(l, labels, dim, shown), false));
            }
        } else if let Some((_, value)) = h.facets.iter().find(|(d, _)| d == dim) {
            out.push((label(l, labels, dim, value), true));
        }
    }
    out
}

/// `GET /suche?q=&typ=&ausgabe=&bereich=&status=&ressort=&seite=`: results, facets and pages.
pub async fn show_search(
    ctx: Ctx,
    crate::session::ClientIp(ip): crate::session::ClientIp,
    params: Result<Query<PageParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let p = params.map(|Query(p)| p).unwrap_or_default();
    let query: String =
        p.q.trim()
            .chars()
            .take(fahrplan_app::search::MAX_QUERY_CHARS)
            .collect();
    let mut l = ctx.titled("/suche", "search-title");
    let active: Vec<(String, String)> = FILTERS
        .iter()
        .filter(|(dim, _)| !p.filter(dim).is_empty())
        .map(|(dim, param)| ((*param).to_owned(), p.filter(dim).to_owned()))
        .collect();
    let mut page = SearchPage {
        l: l.clone(),
        query: query.clone(),
        total: 0,
        hits: Vec::new(),
        groups: Vec::new(),
        did_you_mean: None,
        blank: query.is_empty(),
        ignored: Vec::new(),
        pages: Vec::new(),
        previous: None,
        next: None,
        active_filters: Vec::new(),
    };
    if query.is_empty() {
        return render(&page);
    }
    let search_title = l.title.clone();
    let current = page_number(p.seite.as_deref()).min(1000);
    let req = SearchRequest {
        q: query.clone(),
        filters: FILTERS
            .iter()
            .filter(|(dim, _)| !p.filter(dim).is_empty())
            .map(|(dim, _)| ((*dim).to_owned(), p.filter(dim).to_owned()))
            .collect(),
        limit: PER_PAGE,
        offset: (current - 1) * PER_PAGE,
        facets: true,
        prefix_last: false,
    };
    let client = Client {
        ip: &ip,
        user_agent: None,
    };
    let Some(found) = ctx.state.app.search_page(client, req).await? else {
        page.blank = true;
        return render(&page);
    };
    let (results, labels) = (found.results, found.labels);
    page.ignored = found
        .ignored
        .iter()
        .filter_map(|(dim, value)| {
            let (_, param) = FILTERS.iter().find(|(d, _)| d == dim)?;
            Some(format!("{param}={value}"))
        })
        .collect();
    let active: Vec<(String, String)> = active
        .into_iter()
        .filter(|(param, value)| {
            !found
                .ignored
                .iter()
                .any(|(dim, v)| v == value && FILTERS.iter().any(|(d, p)| d == dim && p == param))
        })
        .collect();
    for (dim, param) in FILTERS {
        let Some(values) = results.facets.get(dim) else {
            continue;
        };
        let chosen = p.filter(dim);
        let mut links: Vec<FacetLink> = values
            .iter()
            .map(|(value, count)| {
                let is_active = chosen == value;
                let mut filters: Vec<(String, String)> =
                    active.iter().filter(|(k, _)| k != param).cloned().collect();
                if !is_active {
                    filters.push((param.to_owned(), value.clone()));
                }
                FacetLink {
                    label: label(&l, &labels, dim, value),
                    count: *count,
                    href: link(&l, &query, &filters, 1),
                    active: is_active,
                }
            })
            .collect();
        links.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        page.groups.push(FacetGroup {
            title: l.t(&format!("search-facet-{dim}")),
            links,
            content: ["edition", "area", "department"].contains(&dim),
        });
    }
    let last = results.total.div_ceil(PER_PAGE).max(1);
    (page.pages, page.previous, page.next) =
        page_links(current, last, |n| link(&l, &query, &active, n));
    page.did_you_mean = results.did_you_mean.map(|s| (link(&l, &s, &[], 1), s));
    page.active_filters = active
        .iter()
        .filter_map(|(param, value)| {
            let (dim, _) = FILTERS.iter().find(|(_, p)| p == param)?;
            let rest: Vec<(String, String)> =
                active.iter().filter(|(k, _)| k != param).cloned().collect();
            Some((label(&l, &labels, dim, value), link(&l, &query, &rest, 1)))
        })
        .collect();
    // Every result page has its own title (WCAG 2.4.2): query, filters and page number.
    let shown: Vec<&str> = page
        .active_filters
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    l.title = if shown.is_empty() {
        l.t2("search-title-query", "query", &query, "site", &search_title)
    } else {
        let what = l.t2(
            "search-title-filtered",
            "query",
            &query,
            "filters",
            shown.join(", "),
        );
        format!("{what} – {search_title}")
    };
    if current > 1 {
        l.title = format!("{} – {}", l.title, l.t1("search-page", "number", current));
    }
    page.hits = results
        .hits
        .into_iter()
        .map(|h| HitView {
            meta: hit_meta(&l, &labels, &h),
            hit: h,
        })
        .collect();
    page.total = results.total;
    page.l = l;
    render(&page)
}

#[derive(Template)]
#[template(path = "search/document.html")]
struct DocumentPage {
    l: crate::layout::Layout,
    doc: fahrplan_app::search::import::Document,
    body_html: String,
    page: usize,
    last: usize,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
}

/// Query parameters of a document page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DocumentParams {
    #[serde(default)]
    seite: Option<String>,
}

/// `GET /dokumente/{id}?seite=`: a page of an imported document (long ones come in pages).
pub async fn show_document(
    ctx: Ctx,
    Path(id): Path<String>,
    params: Result<Query<DocumentParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let p = params.map(|Query(p)| p).unwrap_or_default();
    let v = ctx
        .state
        .app
        .document_page(&id, page_number(p.seite.as_deref()))
        .await?;
    let path = fahrplan_app::search::document_path(&v.doc.id);
    let mut l = ctx
        .layout(&path, v.doc.title.clone())
        .crumb(v.doc.title.clone(), "");
    if v.pages > 1 {
        let of = l.t2("document-page-of", "page", v.page, "pages", v.pages);
        l.title = format!("{} – {of}", l.title);
    }
    let own = l.href(&path);
    let (pages, previous, next) = page_links(v.page, v.pages, |n| {
        if n == 1 {
            own.clone()
        } else {
            format!("{own}?seite={n}")
        }
    });
    super::cached(&DocumentPage {
        body_html: md(&v.doc.body, 2),
        doc: v.doc,
        page: v.page,
        last: v.pages,
        pages,
        previous,
        next,
        l,
    })
}
