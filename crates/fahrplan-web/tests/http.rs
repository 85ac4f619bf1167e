//! HTTP behaviour through the real router (in-process): pages, 404s, headers, caching and the
//! feedback form with its protections.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{get, post_form, setup};
use fahrplan_app::content::default_content;
use http_body_util::BodyExt;
use tower::ServiceExt;

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[tokio::test]
async fn every_sample_page_answers_with_one_h1_a_title_landmarks_and_stand() {
    let (app, _, _db) = setup().await;
    for path in [
        "/",
        "/strategie/2021",
        "/strategie/2016",
        "/strategie/vergleich",
        "/strategie/2021/digitale-infrastruktur",
        "/strategie/2016/gestaltungsbereich",
        "/ressorts",
        "/ressorts/hmdse",
        "/entstehung",
        "/rat-fuer-digitalethik",
        "/leichte-sprache",
        "/en/strategie/2021/smart-region",
    ] {
        let (status, _, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(count(&body, "<h1"), 1, "{path} must have one h1");
        assert!(body.contains("<main id=\"inhalt\""), "{path}");
        assert!(
            body.contains("<header") && body.contains("<footer") && body.contains("<nav"),
            "{path}"
        );
        assert!(body.contains("href=\"#inhalt\""), "{path} skip link");
        assert!(body.contains("rel=\"canonical\""), "{path}");
        assert!(
            body.contains("Stand:") || body.contains("Last changed:"),
            "{path} shows when it changed"
        );
        assert!(
            body.contains("kein offizielles Angebot") || body.contains("not an official"),
            "{path} demo notice"
        );
    }
}

#[tokio::test]
async fn titles_differ_between_pages() {
    let (app, _, _db) = setup().await;
    let mut titles = std::collections::HashSet::new();
    for path in [
        "/",
        "/strategie/2021",
        "/strategie/2021/digitale-bildung",
        "/impressum",
        "/barrierefreiheit",
        "/ressorts",
    ] {
        let (_, _, body) = get(&app, path).await;
        let t = body
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap()
            .to_owned();
        assert!(titles.insert(t.clone()), "duplicate title {t}");
    }
}

#[tokio::test]
async fn the_start_page_shows_two_foundations_and_six_action_fields() {
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/").await;
    let foundations = body
        .split("id=\"grundlagen\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    let fields = body
        .split("id=\"handlungsfelder\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(count(foundations, "<li class=\"card"), 2);
    assert_eq!(count(fields, "<li class=\"card"), 6);
    assert!(body.contains("Digitale Spielregeln") && body.contains("Wirtschaft und Arbeit 4.0"));
    assert!(body.contains("action=\"/suche\""));
}

#[tokio::test]
async fn an_area_page_shows_goals_measures_with_status_and_its_2016_origin() {
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/strategie/2021/digitale-verwaltung").await;
    assert!(body.contains("id=\"ziele\"") && body.contains("id=\"massnahmen\""));
    assert!(body.contains("class=\"status status-"));
    assert!(
        body.contains("/strategie/2016/verwaltung"),
        "links back to the 2016 field"
    );
    assert!(body.contains("<caption>"), "facts table has a caption");
}

#[tokio::test]
async fn unknown_slugs_are_404_pages_not_500() {
    let (app, _, _db) = setup().await;
    for path in [
        "/strategie/2021/gibt-es-nicht",
        "/massnahmen/nope",
        "/ziele/nope",
        "/ressorts/nope",
        "/strategie/1999",
        "/en/massnahmen/nope",
        "/irgendwas",
    ] {
        let (status, headers, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(
            body.contains("<h1>") && body.contains("<main"),
            "{path} is an accessible page"
        );
        assert!(
            body.contains("class=\"demo-banner\""),
            "{path}: the demonstration notice is on error pages too"
        );
    }
    let (_, _, body) = get(&app, "/en/massnahmen/nope").await;
    assert!(body.contains("Page not found") && body.contains("lang=\"en\""));
}

#[tokio::test]
async fn a_very_long_path_gets_a_short_404() {
    let (app, _, _db) = setup().await;
    let long = format!("/{}", "a".repeat(60_000));
    for path in [long.clone(), format!("/en{long}")] {
        let (status, _, body) = get(&app, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.len() < 20_000, "{} bytes", body.len());
        assert!(!body.contains(&"a".repeat(600)), "the path is not repeated");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_no_cookie() {
    let (app, _, _db) = setup().await;
    for path in [
        "/",
        "/barrierefreiheit",
        "/nope",
        "/static/fahrplan.css",
        "/sitemap.xml",
    ] {
        let (_, h, _) = get(&app, path).await;
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(h.contains_key(header::REFERRER_POLICY));
        assert!(!h.contains_key(header::SET_COOKIE), "{path} sets a cookie");
        assert!(
            !h.contains_key(header::STRICT_TRANSPORT_SECURITY),
            "no HSTS over plain http"
        );
    }
}

#[tokio::test]
async fn cached_pages_answer_304_to_their_etag_and_come_compressed() {
    let (app, _, _db) = setup().await;
    let (_, h, body) = get(&app, "/strategie/2021").await;
    let etag = h[header::ETAG].to_str().unwrap().to_owned();
    let res = app
        .clone()
        .oneshot(
            Request::get("/strategie/2021")
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let res = app
        .clone()
        .oneshot(
            Request::get("/strategie/2021")
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let gz = res.into_body().collect().await.unwrap().to_bytes();
    assert!(gz.len() < body.len() / 2);
    let res = app
        .clone()
        .oneshot(
            Request::get("/strategie/2021")
                .header(header::ACCEPT_ENCODING, "gzip, br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn a_head_request_does_not_leave_an_empty_page_in_the_cache() {
    let (app, _, _db) = setup().await;
    let res = app
        .clone()
        .oneshot(
            Request::head("/strategie/2021")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, _, body) = get(&app, "/strategie/2021").await;
    assert!(body.contains("<h1"), "GET after HEAD got: {body:?}");
}

#[tokio::test]
async fn query_strings_do_not_grow_the_cache() {
    let (app, state, _db) = setup().await;
    for i in 0..5 {
        assert_eq!(
            get(&app, &format!("/strategie/2021?x={i}")).await.0,
            StatusCode::OK
        );
    }
    assert!(state.cache.is_empty());
    get(&app, "/strategie/2021").await;
    assert_eq!(state.cache.len(), 1);
}

#[tokio::test]
async fn a_content_change_in_the_outbox_drops_the_pages_that_show_it() {
    let (app, state, _db) = setup().await;
    get(&app, "/").await;
    assert!(state.cache.contains("/"));
    let watcher = tokio::spawn(fahrplan_web::watch_outbox(
        state.clone(),
        std::time::Duration::from_millis(20),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    let mut files = default_content();
    let key = "editions/2021/edition.toml".to_owned();
    let text = files.0[&key].replacen("summary = \"", "summary = \"Neu: ", 1);
    files.0.insert(key, text);
    state.app.import_content(&files).await.unwrap();
    let mut dropped = false;
    for _ in 0..500 {
        if !state.cache.contains("/") {
            dropped = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    watcher.abort();
    assert!(
        dropped,
        "the start page is still cached after its edition changed"
    );
}

fn token_of(body: &str) -> String {
    body.split("name=\"token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn empty_feedback_re_renders_the_form_with_errors_and_keeps_the_input() {
    let (app, state, _db) = setup().await;
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    let token = token_of(&page);
    let body = format!("token={token}&message=&name=Erika&email=kaputt&page_url=%2Fstrategie");
    let (status, _, html) = post_form(
        &app,
        "/barrierefreiheit",
        &body,
        Some("http://127.0.0.1:8080"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<title>Fehler: "),
        "title starts with Fehler:"
    );
    assert!(html.contains("class=\"error-summary\""));
    assert!(html.contains("href=\"#message\"") && html.contains("href=\"#email\""));
    assert_eq!(count(&html, "aria-invalid=\"true\""), 2);
    assert!(
        html.contains("value=\"Erika\"") && html.contains("value=\"kaputt\""),
        "input kept"
    );
    assert!(
        state.app.store().feedback().await.unwrap().is_empty(),
        "nothing stored"
    );
}

#[tokio::test]
async fn valid_feedback_is_stored_and_redirects_with_303() {
    let (app, state, _db) = setup().await;
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    let body = format!(
        "token={}&message=Der+Kontrast+ist+zu+schwach&email=erika%40example.org",
        token_of(&page)
    );
    let (status, h, _) = post_form(
        &app,
        "/barrierefreiheit",
        &body,
        Some("http://127.0.0.1:8080"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/barrierefreiheit/danke");
    let stored = state.app.store().feedback().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].email.as_deref(), Some("erika@example.org"));
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    assert!(
        !page.contains("erika@example.org"),
        "emails are never shown"
    );
}

#[tokio::test]
async fn cross_site_posts_and_bad_tokens_are_refused_with_403() {
    let (app, state, _db) = setup().await;
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    let good = format!("token={}&message=Hallo", token_of(&page));
    let (status, _, _) = post_form(
        &app,
        "/barrierefreiheit",
        &good,
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, html) =
        post_form(&app, "/barrierefreiheit", "token=1.abc&message=Hallo", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("<h1>Anfrage abgelehnt</h1>"),
        "without Origin or Sec-Fetch-Site the request is named cross-site"
    );
    let (status, _, html) = post_form(
        &app,
        "/barrierefreiheit",
        "token=1.abc&message=Hallo",
        Some("http://127.0.0.1:8080"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("<h1>Formular abgelaufen</h1>"),
        "a forged token is named as such"
    );
    assert!(state.app.store().feedback().await.unwrap().is_empty());
}

#[tokio::test]
async fn feedback_naming_a_script_address_as_its_page_is_refused_with_the_input_kept() {
    let (app, state, _db) = setup().await;
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    let body = format!(
        "token={}&message=Kontrast&page_url=javascript%3Aalert%2833%29",
        token_of(&page)
    );
    let (status, _, html) = post_form(
        &app,
        "/barrierefreiheit",
        &body,
        Some("http://127.0.0.1:8080"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("href=\"#page_url\""),
        "the summary links to the field"
    );
    assert!(html.contains("id=\"page_url-error\""));
    assert_eq!(count(&html, "aria-invalid=\"true\""), 1);
    assert!(
        html.contains("value=\"javascript:alert(33)\""),
        "the input is kept for correcting"
    );
    assert!(state.app.store().feedback().await.unwrap().is_empty());
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    let body = format!(
        "token={}&message=Kontrast&page_url=%2Fstrategie%2F2021",
        token_of(&page)
    );
    let (status, _, _) = post_form(
        &app,
        "/barrierefreiheit",
        &body,
        Some("http://127.0.0.1:8080"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = state.app.store().feedback().await.unwrap();
    assert_eq!(stored[0].page_url.as_deref(), Some("/strategie/2021"));
}

#[tokio::test]
async fn sitemap_and_robots_list_the_public_pages() {
    let (app, _, _db) = setup().await;
    let (_, h, xml) = get(&app, "/sitemap.xml").await;
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    assert!(xml.contains("<loc>http://127.0.0.1:8080/strategie/2021/smart-region</loc>"));
    assert!(xml.contains("/massnahmen/"));
    let (_, _, robots) = get(&app, "/robots.txt").await;
    assert!(robots.contains("Sitemap: http://127.0.0.1:8080/sitemap.xml"));
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let (app, state, _db) = setup().await;
    assert_eq!(get(&app, "/healthz").await.0, StatusCode::OK);
    assert_eq!(get(&app, "/readyz").await.0, StatusCode::OK);
    state.app.store().close().await;
    assert_eq!(
        get(&app, "/readyz").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn content_markup_is_escaped() {
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/suche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(body.contains("alert(1)"), "the query is shown, escaped");
}
