//! The JSON API layer: the description generated from the handlers and locked by a snapshot,
//! the list shape with cursors, conditional GETs, CORS, and problem+json for every failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{get, send, setup};
use serde_json::Value;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn the_api_description_is_openapi_3_1_and_matches_its_snapshot() {
    let (app, _, _db) = setup().await;
    let (status, headers, body) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let doc = json(&body);
    assert_eq!(doc["openapi"], "3.1.0");
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn every_described_path_is_served_and_every_failure_it_names_is_a_problem() {
    let (app, _, _db) = setup().await;
    let doc = fahrplan_web::api::openapi();
    let paths: Vec<&String> = doc.paths.paths.keys().collect();
    assert!(paths.len() >= 4, "{paths:?}");
    let (_, _, list) = get(&app, "/api/v1/measures?limit=1").await;
    let slug = json(&list)["items"][0]["slug"].as_str().unwrap().to_owned();
    let (_, _, list) = get(&app, "/api/v1/indicators?limit=1").await;
    let indicator = json(&list)["items"][0]["slug"].as_str().unwrap().to_owned();
    for (path, item) in &doc.paths.paths {
        let real = if path.starts_with("/api/v1/indicators/") {
            path.replace("{slug}", &indicator)
        } else if path.starts_with("/api/v1/processes/") {
            path.replace("{slug}", "umsetzung-begleiten")
        } else if path.starts_with("/api/v1/contributions/") {
            // No contribution is stored: a 404 problem, but served by the route.
            let (status, h, _) = get(&app, &path.replace("{id}", "1")).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert_eq!(h[header::CONTENT_TYPE], "application/problem+json");
            continue;
        } else {
            path.replace("{slug}", &slug)
        };
        // A write answers an anonymous caller 401: served, and not for everyone.
        let (status, _, body) = if item.get.is_some() {
            get(&app, &format!("{real}?q=Breitband")).await
        } else {
            let req = Request::post(&real)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            send(&app, req).await
        };
        assert_ne!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
    }
    let _ = paths;
    let schemas = serde_json::to_value(&doc).unwrap();
    for (path, item) in schemas["paths"].as_object().unwrap() {
        let operations = item.as_object().unwrap().values();
        for (code, response) in operations.flat_map(|op| op["responses"].as_object().unwrap()) {
            let response = match response["$ref"].as_str() {
                Some(r) => schemas.pointer(r.trim_start_matches('#')).unwrap(),
                None => response,
            };
            if code.starts_with('4') || code.starts_with('5') {
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{path} {code} is described as problem+json"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_list_walked_by_its_cursors_holds_each_measure_once() {
    let (app, _, _db) = setup().await;
    let (_, _, all) = get(&app, "/api/v1/measures?limit=100").await;
    let all = json(&all);
    let expected: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["slug"].as_str().unwrap().to_owned())
        .collect();
    assert!(expected.len() > 7, "the default content has measures");
    assert!(all["next_cursor"].is_null());
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(expected, sorted, "a stable order: by slug");
    let mut walked = Vec::new();
    let mut path = "/api/v1/measures?limit=3".to_owned();
    loop {
        let (status, _, body) = get(&app, &path).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let page = json(&body);
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        walked.extend(items.iter().map(|m| m["slug"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/measures?limit=3&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(walked, expected);
    let first = &all["items"][0];
    for key in [
        "slug",
        "title",
        "url",
        "edition",
        "area",
        "lead",
        "status_history",
        "body",
    ] {
        assert!(!first[key].is_null(), "{key} in {first}");
    }
    assert!(first["url"].as_str().unwrap().starts_with("/massnahmen/"));
}

#[tokio::test]
async fn a_measure_names_its_source_by_title_beside_the_address_in_list_and_item() {
    let (app, _, _db) = setup().await;
    let (_, _, list) = get(&app, "/api/v1/measures?limit=100").await;
    let list = json(&list);
    let items = list["items"].as_array().unwrap();
    let linked: Vec<&Value> = items
        .iter()
        .filter(|m| m["source_url"].is_string())
        .collect();
    assert!(!linked.is_empty(), "the default content links sources");
    for m in &linked {
        let title = m["source"].as_str().unwrap_or_default();
        assert!(
            !title.is_empty() && !title.contains("://"),
            "{}: source {title:?}",
            m["slug"]
        );
    }
    let slug = linked[0]["slug"].as_str().unwrap();
    let (_, _, one) = get(&app, &format!("/api/v1/measures/{slug}")).await;
    let one = json(&one);
    assert_eq!(one["source"], linked[0]["source"]);
    assert_eq!(one["source_url"], linked[0]["source_url"]);
    assert!(
        items.iter().all(|m| m.get("source").is_some()),
        "the field is always there, null without a source"
    );
}

#[tokio::test]
async fn list_filters_narrow_the_measures() {
    let (app, _, _db) = setup().await;
    let (_, _, all) = get(&app, "/api/v1/measures?limit=100").await;
    let all = json(&all)["items"].as_array().unwrap().clone();
    let status = all[0]["status"].as_str().unwrap().to_owned();
    let (_, _, body) = get(&app, &format!("/api/v1/measures?limit=100&status={status}")).await;
    let same = json(&body)["items"].as_array().unwrap().clone();
    assert!(!same.is_empty());
    assert!(
        same.iter().all(|m| m["status"] == status.as_str()),
        "{body}"
    );
    assert_eq!(
        same.len(),
        all.iter()
            .filter(|m| m["status"] == status.as_str())
            .count()
    );
    let edition = all[0]["edition"].as_str().unwrap();
    let area = all[0]["area"].as_str().unwrap();
    let (_, _, body) = get(
        &app,
        &format!("/api/v1/measures?limit=100&edition={edition}&area={area}"),
    )
    .await;
    let in_area = json(&body)["items"].as_array().unwrap().clone();
    assert!(!in_area.is_empty() && in_area.len() < all.len(), "{body}");
    assert!(
        in_area
            .iter()
            .all(|m| m["area"] == area && m["edition"] == edition)
    );
    let lead = all[0]["lead"].as_str().unwrap();
    let (_, _, body) = get(
        &app,
        &format!("/api/v1/measures?limit=100&department={lead}"),
    )
    .await;
    let led = json(&body)["items"].as_array().unwrap().clone();
    assert!(led.iter().any(|m| m["slug"] == all[0]["slug"]), "{body}");
    assert!(
        led.iter()
            .all(|m| m["lead"] == lead
                || m["partners"].as_array().unwrap().iter().any(|p| p == lead))
    );
    let slug = all[0]["slug"].as_str().unwrap();
    let (status, _, one) = get(&app, &format!("/api/v1/measures/{slug}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&one), all[0]);
}

#[tokio::test]
async fn bad_list_parameters_are_400_problems_that_name_the_parameter() {
    let (app, _, _db) = setup().await;
    for (query, parameter) in [
        ("limit=0", Some("limit")),
        ("limit=101", Some("limit")),
        ("cursor=bm90LWEtY3Vyc29y", Some("cursor")),
        ("cursor=%21%21", Some("cursor")),
        ("limit=zehn", None),
        ("status=fertig", None),
    ] {
        let (status, headers, body) = get(&app, &format!("/api/v1/measures?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        let p = json(&body);
        assert_eq!(p["type"], "/api/v1/problems/bad-request", "{body}");
        assert_eq!(p["title"], "Bad request");
        assert_eq!(p["status"], 400);
        assert!(
            p["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{body}"
        );
        if let Some(name) = parameter {
            assert_eq!(p["errors"][0]["parameter"], name, "{body}");
            assert!(p["errors"][0]["code"].is_string());
        }
    }
    let (_, _, body) = get(&app, "/api/v1/measures?status=fertig").await;
    assert!(
        json(&body)["detail"].as_str().unwrap().contains("status"),
        "{body}"
    );
}

#[tokio::test]
async fn an_unchanged_answer_is_a_304_without_a_body() {
    let (app, _, _db) = setup().await;
    for path in [
        "/api/v1/measures",
        "/api/v1/search?q=Breitband",
        "/api/v1/suggest?q=Digi",
        "/api/v1/openapi.json",
    ] {
        let (status, headers, _) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let etag = headers[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.len() > 10, "{path}: {etag}");
        assert!(headers.contains_key(header::CACHE_CONTROL), "{path}");
        let req = Request::get(path)
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap();
        let (status, again, body) = send(&app, req).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(body.is_empty());
        assert_eq!(again[header::ETAG], etag.as_str());
        let req = Request::get(path)
            .header(header::IF_NONE_MATCH, "\"something-else\"")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, req).await.0, StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn any_origin_may_read_the_api_and_ask_before_it_sends() {
    let (app, _, _db) = setup().await;
    let (_, headers, _) = get(&app, "/api/v1/measures").await;
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(headers.get(header::SET_COOKIE).is_none());
    let (_, headers, _) = get(&app, "/api/v1/measures?limit=0").await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "*",
        "problems are readable too"
    );
    let req = Request::options("/api/v1/measures")
        .header(header::ORIGIN, "https://example.org")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "if-none-match")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(
        headers[header::ACCESS_CONTROL_ALLOW_METHODS]
            .to_str()
            .unwrap()
            .contains("GET")
    );
    assert!(
        headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("if-none-match")
    );
    // Pages are not opened to other origins.
    let (_, headers, _) = get(&app, "/").await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn framework_refusals_are_problems_with_their_own_status_and_title() {
    let (app, _, _db) = setup().await;
    // Sent as a person's own request would be, so that the same-site check lets it through
    // to the router.
    let req = Request::post("/api/v1/search?q=x")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let (status, headers, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
    assert!(headers.contains_key(header::ALLOW), "405 names the methods");
    let p = json(&body);
    assert_eq!(p["type"], "/api/v1/problems/method-not-allowed");
    assert_eq!(p["title"], "Method not allowed");
    for path in ["/api/v1/gibt-es-nicht", "/api/v1/measures/gibt-es-nicht"] {
        let (status, headers, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(json(&body)["type"], "/api/v1/problems/not-found");
    }
}

#[tokio::test]
async fn an_internal_failure_is_a_500_problem_that_keeps_its_cause_to_itself() {
    use sqlx::Connection;
    let (app, _, db) = setup().await;
    let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
    sqlx::query("PRAGMA ignore_check_constraints = ON")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("UPDATE measure_status_changes SET status = 'geheimer_wert'")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let (status, headers, body) = get(&app, "/api/v1/measures").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
    let p = json(&body);
    assert_eq!(p["type"], "/api/v1/problems/internal");
    assert!(p.get("detail").is_none(), "{body}");
    assert!(
        !body.contains("geheimer_wert") && !body.contains("MeasureStatus"),
        "{body}"
    );
}
