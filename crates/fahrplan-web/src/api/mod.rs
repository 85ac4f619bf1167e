//! The JSON API under `/api/v1/` (docs/API.md): one module per resource, each handler with its
//! `#[utoipa::path]`, so that `/api/v1/openapi.json` (OpenAPI 3.1) is generated from the same
//! routes that serve the requests. Every answer is JSON with an `ETag`, every failure
//! problem+json (RFC 9457, [`problem`]), and GETs may be read from any origin (CORS).
//! Handlers here parse, call one use case and shape the answer, like the pages.

pub mod cursor;
pub mod indicators;
pub mod json;
pub mod measures;
pub mod observations;
pub mod participation;
pub mod problem;
pub mod search;

use crate::WebState;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use json::{ApiJson, Freshness};
use std::sync::LazyLock;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// What the API description says about the API as a whole.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "fahrplan API",
        version = "1",
        description = "The strategy, its implementation and the Hessen-Suche as data. \
            Lists come a page at a time with an opaque `next_cursor`; every answer carries an \
            `ETag` (send it back in `If-None-Match` for a 304); every failure is problem+json \
            (RFC 9457) with a stable `type`. See docs/API.md.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    tags(
        (name = "search", description = "The Hessen-Suche"),
        (name = "strategy", description = "Editions, areas, goals and measures"),
        (name = "monitoring", description = "Indicators, their values and the regions"),
        (name = "participation", description = "Processes, contributions and their answers"),
    ),
    components(
        schemas(problem::Problem, problem::ProblemField),
        responses(
            problem::NotModified,
            problem::BadQuery,
            problem::NotFound,
            problem::RateLimited,
            problem::ServerError
        )
    )
)]
struct ApiDoc;

/// The API's routes with their description, built from the same handlers.
fn parts() -> (Router<WebState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(search::search))
        .routes(routes!(search::suggest))
        .routes(routes!(measures::list_measures))
        .routes(routes!(measures::show_measure))
        .routes(routes!(indicators::list_indicators))
        .routes(routes!(indicators::show_indicator))
        .routes(routes!(observations::create_observation))
        .routes(routes!(indicators::list_regions))
        .routes(routes!(participation::list_processes))
        .routes(routes!(participation::show_process))
        .routes(routes!(participation::list_contributions))
        .routes(routes!(participation::show_contribution))
        .split_for_parts()
}

/// The API description (OpenAPI 3.1) of every endpoint.
pub fn openapi() -> utoipa::openapi::OpenApi {
    parts().1
}

static DESCRIPTION: LazyLock<serde_json::Value> =
    LazyLock::new(|| serde_json::to_value(openapi()).unwrap_or_default());

/// `GET /api/v1/openapi.json`: the API description.
async fn show_openapi() -> ApiJson<&'static serde_json::Value> {
    ApiJson::new(&*DESCRIPTION).freshness(Freshness::Release)
}

/// The API's routes, to merge into the site's router.
pub fn router() -> Router<WebState> {
    parts()
        .0
        .route("/api/v1/openapi.json", axum::routing::get(show_openapi))
}

/// Headers that let a script on any origin read the API's answers: the API is public and
/// reads need no credentials, so `*` exposes nothing a plain request would not.
fn allow_any_origin(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Retry-After"),
    );
}

/// Whether `If-None-Match` names the answer's entity tag (weak comparison, RFC 9110 13.1.2).
fn matches(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        return false;
    };
    let ours = etag.to_str().unwrap_or_default().trim_start_matches("W/");
    list.split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == ours)
}

/// Middleware for everything under `/api/`: answers CORS preflights, adds the CORS headers,
/// and turns a 200 whose `ETag` the client already holds into a 304 without a body.
pub async fn api_layer(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    if req.method() == Method::OPTIONS {
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        allow_any_origin(h);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("If-None-Match"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        return res;
    }
    let conditional = (req.method() == Method::GET || req.method() == Method::HEAD)
        .then(|| req.headers().get(header::IF_NONE_MATCH).cloned())
        .flatten();
    let mut res = next.run(req).await;
    allow_any_origin(res.headers_mut());
    let unchanged = res.status() == StatusCode::OK
        && conditional
            .as_ref()
            .zip(res.headers().get(header::ETAG))
            .is_some_and(|(sent, etag)| matches(sent, etag));
    if unchanged {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        for name in [
            header::ETAG,
            header::CACHE_CONTROL,
            header::VARY,
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
        ] {
            if let Some(v) = res.headers().get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        return not_modified;
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_is_compared_weakly_and_as_a_list() {
        let etag = HeaderValue::from_static("\"abc\"");
        for sent in ["\"abc\"", "W/\"abc\"", "\"x\", \"abc\"", "*"] {
            assert!(matches(&HeaderValue::from_static(sent), &etag), "{sent}");
        }
        for sent in ["\"abd\"", "abc", ""] {
            assert!(!matches(&HeaderValue::from_static(sent), &etag), "{sent}");
        }
    }
}
