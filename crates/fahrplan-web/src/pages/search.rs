//! The search page. The German search engine comes with its own issue; until then the page
//! keeps the query and points to the overviews.

use super::render;
use crate::error::WebError;
use crate::layout::Layout;
use crate::{Lang, WebState};
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;

/// Query parameters of the search page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    l: Layout,
    query: String,
}

/// `GET /suche?q=`: the search form with the query kept.
pub async fn show_search(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let query: String = params
        .map(|Query(p)| p.q)
        .unwrap_or_default()
        .chars()
        .take(500)
        .collect();
    let query = query.trim().to_owned();
    let mut l = super::titled(&state, lang, "/suche", "search-title").await?;
    if !query.is_empty() {
        // Each result page has its own title (WCAG 2.4.2): the query comes first.
        l.title = l.t2("search-title-query", "query", &query, "site", &l.title);
    }
    render(&SearchPage { l, query })
}
