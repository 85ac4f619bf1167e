//! The Hessen-Suche for programs: `GET /api/v1/search` and `GET /api/v1/suggest`
//! (CONTRACTS.md, "Search API"). Search keeps its `limit`/`offset` paging, as the contract says.

use super::json::{ApiJson, ApiQuery};
use super::problem::{BadQuery, NotModified, RateLimited, ServerError};
use crate::WebState;
use crate::error::WebError;
use crate::session::ClientIp;
use axum::extract::State;
use fahrplan_app::accounts::Client;
use fahrplan_app::search::SearchRequest;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Query parameters of the search.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query, 1 to 500 characters. German words are found in their other forms, parts of
    /// compounds, with typos and with ae/oe/ue/ss for ä/ö/ü/ß; `"…"` finds a phrase.
    #[serde(default)]
    #[param(example = "Breitband")]
    q: String,
    /// Only hits of this type: `edition`, `area`, `goal`, `measure`, `department`, `page`,
    /// `indicator`, `process`, `contribution` or `document`.
    #[serde(default, rename = "type")]
    #[param(rename = "type", example = "measure")]
    kind: Option<String>,
    /// Only hits in this area (its slug).
    #[serde(default)]
    area: Option<String>,
    /// Hits per answer: 1 to 100 (a larger or smaller number is brought into that range).
    #[serde(default)]
    #[param(default = 10, minimum = 1, maximum = 100)]
    limit: Option<usize>,
    /// Hits to skip, at most 10,000.
    #[serde(default)]
    #[param(default = 0, minimum = 0, maximum = 10000)]
    offset: Option<usize>,
}

/// The hits of a search.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// All hits of the query, not only those in this answer.
    pub total: usize,
    /// Time the search took on the server, in milliseconds.
    pub took_ms: u64,
    /// The hits, best first.
    pub hits: Vec<SearchHit>,
}

/// One hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// The imported id for documents, the number for contributions, the slug otherwise.
    pub id: String,
    /// What the hit is (CONTRACTS.md, search hit `type`).
    #[serde(rename = "type")]
    #[schema(example = "measure")]
    pub kind: String,
    /// Its title.
    pub title: String,
    /// The path of its page on this site.
    #[schema(example = "/massnahmen/gigabitfaehige-netze")]
    pub url: String,
    /// HTML-escaped text around the matches, each match in `<mark>`.
    pub snippet: String,
}

/// The hits of a query in the Hessen-Suche, best first.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "The hits, best first", body = SearchResults),
        (status = 304, response = NotModified),
        (status = 400, response = BadQuery),
        (status = 429, response = RateLimited),
        (status = 500, response = ServerError),
    )
)]
pub async fn search(
    State(state): State<WebState>,
    ClientIp(ip): ClientIp,
    params: Result<ApiQuery<SearchParams>, WebError>,
) -> Result<ApiJson<SearchResults>, WebError> {
    let client = Client {
        ip: &ip,
        user_agent: None,
    };
    // Unreadable parameters are refused, but the request still counts against the client's
    // search limit, so a flood of them is limited like any other search; hence a second call.
    let ApiQuery(p) = match params {
        Ok(p) => p,
        Err(e) => {
            state.app.count_search(client)?;
            return Err(e);
        }
    };
    let started = std::time::Instant::now();
    let filters = [("type", p.kind), ("area", p.area)]
        .into_iter()
        .filter_map(|(dim, value)| Some((dim.to_owned(), value.filter(|v| !v.is_empty())?)))
        .collect();
    let req = SearchRequest {
        q: p.q,
        filters,
        limit: p.limit.unwrap_or(10).clamp(1, 100),
        offset: p.offset.unwrap_or(0).min(10_000),
        facets: false,
        prefix_last: false,
    };
    let results = state
        .app
        .search_for(client, req)
        .await
        .map_err(WebError::in_query)?;
    let hits: Vec<SearchHit> = results
        .hits
        .into_iter()
        .map(|h| SearchHit {
            id: h.id,
            kind: h.kind,
            title: h.title,
            url: h.url,
            snippet: h.snippet,
        })
        .collect();
    let basis = (results.total, &hits);
    let etag_basis = serde_json::to_value(basis).unwrap_or_default();
    Ok(ApiJson::new(SearchResults {
        total: results.total,
        took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        hits,
    })
    .etag_over(&etag_basis))
}

/// Query parameters of the suggestions.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What has been typed so far, 1 to 500 characters.
    #[serde(default)]
    #[param(example = "Digi")]
    q: String,
}

/// Completions of what has been typed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestions {
    /// Up to eight titles that complete it, best first.
    pub suggestions: Vec<String>,
}

/// Titles that complete what has been typed, for suggestions while typing.
#[utoipa::path(
    get,
    path = "/api/v1/suggest",
    tag = "search",
    params(SuggestParams),
    responses(
        (status = 200, description = "Completions, most likely first", body = Suggestions),
        (status = 304, response = NotModified),
        (status = 400, response = BadQuery),
        (status = 429, response = RateLimited),
        (status = 500, response = ServerError),
    )
)]
pub async fn suggest(
    State(state): State<WebState>,
    ClientIp(ip): ClientIp,
    ApiQuery(p): ApiQuery<SuggestParams>,
) -> Result<ApiJson<Suggestions>, WebError> {
    let client = Client {
        ip: &ip,
        user_agent: None,
    };
    let suggestions = state
        .app
        .suggest_for(client, &p.q)
        .await
        .map_err(WebError::in_query)?;
    Ok(ApiJson::new(Suggestions { suggestions }))
}
