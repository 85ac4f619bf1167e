//! Shared helpers of the HTTP test files: the real router over a SQLite test database with the
//! default content loaded and indexed, and small request helpers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    dead_code,
    reason = "helpers of integration tests fail the test on error; not every file uses every helper"
)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fahrplan_app::App;
use fahrplan_app::content::default_content;
use fahrplan_store::Store;
use fahrplan_testkit::TestDb;
use fahrplan_web::{Operator, WebConfig, WebState, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub async fn setup() -> (Router, WebState, TestDb) {
    let db = TestDb::sqlite();
    let (router, state) = setup_on(&db, |app| app).await;
    (router, state, db)
}

/// The router over `db` (either backend) with the default content; `tweak` configures the app
/// (accounts, rate limits) before the web state is built.
pub async fn setup_on(db: &TestDb, tweak: impl FnOnce(App) -> App) -> (Router, WebState) {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let app = tweak(App::new(store).unwrap());
    app.import_content(&default_content()).await.unwrap();
    while app.sync_search().await.unwrap() > 0 {}
    let state = WebState::new(
        app,
        WebConfig {
            site_name: "Digitales Hessen".into(),
            base_url: "http://127.0.0.1:8080".into(),
            base_url_set: true,
            hsts: false,
            operator: Operator {
                authority: "Testbehörde".into(),
                ..Default::default()
            },
            form_secret: b"0123456789abcdef0123456789abcdef".to_vec(),
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            reporting_cadence_days: 180,
        },
    );
    (router(state.clone()), state)
}

pub async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body =
        String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    (status, headers, body)
}

pub async fn get(app: &Router, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

pub async fn post_form(
    app: &Router,
    path: &str,
    body: &str,
    origin: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:8080");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    send(app, req.body(Body::from(body.to_owned())).unwrap()).await
}
