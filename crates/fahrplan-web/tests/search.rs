//! The search over HTTP: the API's contract and its 400 problems, the result page with facets,
//! and the pages of imported documents.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, setup};

#[tokio::test]
async fn the_search_api_answers_in_the_shape_of_the_contract() {
    let (app, _, _db) = setup().await;
    let (status, headers, body) = get(&app, "/api/v1/search?q=Breitband&limit=2").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 2, "{body}");
    assert!(v["took_ms"].is_u64());
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for h in hits {
        let keys: Vec<&str> = h.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "snippet", "title", "type", "url"], "{h}");
        assert!(h["url"].as_str().unwrap().starts_with('/'));
    }
    let (_, _, body) = get(&app, "/api/v1/search?q=Breitband&type=measure").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["type"] == "measure"),
        "{body}"
    );
    let (status, _, body) = get(&app, "/api/v1/suggest?q=Digi").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(!v["suggestions"].as_array().unwrap().is_empty(), "{body}");
}

#[tokio::test]
async fn bad_search_requests_are_400_problems_never_500() {
    let (app, _, _db) = setup().await;
    let long = "a".repeat(501);
    for path in [
        "/api/v1/search?q=".to_owned(),
        "/api/v1/search".to_owned(),
        "/api/v1/search?q=%20%20".to_owned(),
        format!("/api/v1/search?q={long}"),
        "/api/v1/search?q=x&limit=zehn".to_owned(),
        "/api/v1/suggest?q=".to_owned(),
    ] {
        let (status, headers, body) = get(&app, &path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/problem+json",
            "{path}"
        );
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], 400);
        assert!(v["detail"].is_string(), "{body}");
    }
    // Unbalanced quotes and markup are read as text.
    let (status, _, body) = get(&app, "/api/v1/search?q=%22Breitband%20%3Cb%3E").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn the_search_page_lists_hits_with_facets_that_filter() {
    let (app, _, _db) = setup().await;
    let (status, _, body) = get(&app, "/suche?q=Breitband").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<title>„Breitband“ – Hessen-Suche"), "{body}");
    assert!(body.contains("class=\"hits\""));
    assert!(body.contains("Treffer für „Breitband“"));
    assert!(body.contains("aria-label=\"Treffer eingrenzen\""));
    assert!(body.contains("typ=measure"));
    let (_, _, filtered) = get(&app, "/suche?q=Breitband&typ=measure").await;
    assert!(
        filtered.contains("Filter entfernen: Maßnahme"),
        "{filtered}"
    );
    assert!(!filtered.contains("<p class=\"hit-type\">Bereich</p>"));
    let (_, _, none) = get(&app, "/suche?q=Zzyzxqwv").await;
    assert!(
        none.contains("Keine Treffer") || none.contains("0 Treffer"),
        "{none}"
    );
    // Without a filter set, the advice does not speak of removing one.
    assert!(none.contains("allgemeineres Wort."), "{none}");
    assert!(!none.contains("entfernen Sie Filter"), "{none}");
    let (_, _, none_filtered) = get(&app, "/suche?q=Zzyzxqwv&typ=measure").await;
    assert!(
        none_filtered.contains("oder entfernen Sie Filter"),
        "{none_filtered}"
    );
    let (_, _, markup) = get(&app, "/suche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!markup.contains("<script>alert"), "query is escaped");
    let (_, _, en) = get(&app, "/en/suche?q=Breitband").await;
    assert!(en.contains("results for “Breitband”"), "{en}");
}

#[tokio::test]
async fn an_imported_document_has_its_own_page() {
    let (app, state, _db) = setup().await;
    let doc = fahrplan_app::search::import::parse_line(
        r###"{"id":"ozg 2017","title":"Onlinezugangsgesetz","body":"## § 1\n\nBund und Länder <b>bieten</b> an.","url":"https://example.org/ozg"}"###,
    )
    .unwrap();
    state.app.import_documents(&[doc]).await.unwrap();
    while state.app.sync_search().await.unwrap() > 0 {}
    let (_, _, body) = get(&app, "/api/v1/search?q=Onlinezugangsgesetz").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"][0]["id"], "ozg 2017", "{body}");
    assert_eq!(v["hits"][0]["type"], "document");
    let url = v["hits"][0]["url"].as_str().unwrap().to_owned();
    assert_eq!(url, "/dokumente/ozg%202017");
    let (status, _, page) = get(&app, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1 lang=\"de\">Onlinezugangsgesetz</h1>"));
    assert!(
        page.contains("&lt;b&gt;bieten&lt;/b&gt;"),
        "markup in documents is escaped"
    );
    assert!(page.contains("href=\"https://example.org/ozg\""));
    let (status, _, _) = get(&app, "/dokumente/gibt-es-nicht").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_query_of_quotes_only_is_an_empty_query_not_an_error() {
    let (app, _, _db) = setup().await;
    for q in ["%22", "%22%22", "%22%22%22"] {
        let (status, _, page) = get(&app, &format!("/suche?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        assert!(
            page.contains("Bitte geben Sie einen Suchbegriff ein."),
            "{q}"
        );
        let (status, _, body) = get(&app, &format!("/api/v1/suggest?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
        assert_eq!(body, r#"{"suggestions":[]}"#);
        let (status, _, _) = get(&app, &format!("/api/v1/search?q={q}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "the API keeps its 400");
    }
}

#[tokio::test]
async fn a_page_number_that_is_none_shows_the_first_page_and_keeps_the_query() {
    let (app, _, _db) = setup().await;
    for seite in ["-1", "abc", "99999999999999999999999", ""] {
        let (status, _, page) = get(&app, &format!("/suche?q=Breitband&seite={seite}")).await;
        assert_eq!(status, StatusCode::OK, "{seite}");
        assert!(page.contains("Treffer für „Breitband“"), "{seite}: {page}");
        assert!(page.contains("class=\"hits\""), "{seite}");
    }
}

#[tokio::test]
async fn an_unknown_filter_value_is_ignored_with_a_note() {
    let (app, _, _db) = setup().await;
    for (param, value) in [
        ("typ", "x"),
        ("bereich", "gibt-es-nicht"),
        ("status", "fertig"),
        ("ressort", "XX"),
    ] {
        let (status, _, page) = get(&app, &format!("/suche?q=Breitband&{param}={value}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(&format!("Den Filter „{param}={value}“ gibt es nicht")),
            "{param}={value}: {page}"
        );
        assert!(!page.contains("search-type-"), "no raw message id");
        assert!(page.contains("class=\"hits\""), "the search still runs");
        assert!(!page.contains("Filter entfernen"), "not listed as active");
    }
}

#[tokio::test]
async fn a_long_document_is_read_in_pages_and_a_huge_one_is_no_500() {
    let (app, state, _db) = setup().await;
    let paragraph = "Ein Absatz über die Verwaltung, der lang genug ist, um zu zählen. ".repeat(20);
    let long = vec![paragraph; 1_000].join("\n\n");
    let huge = "Wort ".repeat(6_000_000);
    for (id, body) in [("lang", long.clone()), ("riesig", huge)] {
        let line = serde_json::json!({"id": id, "title": format!("Dokument {id}"), "body": "x"});
        let mut doc = fahrplan_app::search::import::parse_line(&line.to_string()).unwrap();
        // Stored directly, as an import from before the size limit could have.
        doc.body = body;
        state.app.import_documents(&[doc]).await.unwrap();
    }
    let (status, _, first) = get(&app, "/dokumente/lang").await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.len() < 400_000, "{} bytes", first.len());
    let pages = long.len().div_ceil(100_000);
    assert!(
        first.contains(&format!("Seite 1 von {pages}")),
        "page count shown"
    );
    assert!(first.contains("href=\"/dokumente/lang?seite=2\" rel=\"next\""));
    let (status, _, second) = get(&app, "/dokumente/lang?seite=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        second.contains(&format!("<title>Dokument lang – Seite 2 von {pages}")),
        "{}",
        &second[..400]
    );
    let (status, _, _) = get(&app, &format!("/dokumente/lang?seite={}", pages + 1)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&app, "/dokumente/lang?seite=abc").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a page number that is none is page 1"
    );
    let (status, _, page) = get(&app, "/dokumente/riesig").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "30 MB of text answer a page, not a 500"
    );
    assert!(page.len() < 400_000, "{} bytes", page.len());
}

#[tokio::test]
async fn a_department_is_found_by_its_short_name_without_it_in_the_snippet() {
    let (app, _, _db) = setup().await;
    let (status, _, body) = get(&app, "/api/v1/search?q=Innenministerium&type=department").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{body}");
    for h in hits {
        let snippet = h["snippet"].as_str().unwrap();
        assert!(
            !snippet.starts_with("Innenministerium") && !snippet.starts_with("<mark>"),
            "the short name is not run into the text: {h}"
        );
    }
}

#[tokio::test]
async fn a_hit_whose_planned_end_has_passed_says_stand_nicht_aktuell_as_its_page_does() {
    let (app, _, _db) = setup().await;
    let (status, _, body) = get(&app, "/suche?q=Breitband&typ=measure").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The shipped measure ran until 2024 and was last reported "in Umsetzung".
    let hit = body
        .split("<li class=\"hit\">")
        .find(|h| h.contains("/massnahmen/breitband-gigabitfoerderung-2019-2024"))
        .and_then(|h| h.split("</li>").next())
        .expect("the measure is a hit");
    assert!(hit.contains("Stand nicht aktuell"), "{hit}");
    assert!(!hit.contains("in Umsetzung"), "{hit}");
    let (_, _, page) = get(&app, "/massnahmen/breitband-gigabitfoerderung-2019-2024").await;
    assert!(
        page.contains("Stand nicht aktuell"),
        "the page says the same"
    );
}

#[tokio::test]
async fn the_status_filter_counts_a_measure_past_its_planned_end_as_its_hit_shows_it() {
    let (app, _, _db) = setup().await;
    let overdue = "/massnahmen/breitband-gigabitfoerderung-2019-2024\"";
    let (_, _, body) = get(&app, "/suche?q=Breitband").await;
    assert!(
        body.contains("status=out_of_date"),
        "a filter for it: {body}"
    );
    let (status, _, stale) = get(&app, "/suche?q=Breitband&status=out_of_date").await;
    assert_eq!(status, StatusCode::OK);
    assert!(stale.contains(overdue), "listed as out of date");
    let (_, _, current) = get(&app, "/suche?q=Breitband&status=in_progress").await;
    assert!(
        !current.contains(overdue),
        "not counted as in progress any more"
    );
}
