//! The page cache drops only the pages that show what changed: a re-import in which one
//! measure changed renders that measure's page and its area anew and keeps another area's page,
//! on SQLite and (when configured) PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, setup_on};
use fahrplan_app::content::{content_files, default_content, parse_content};
use fahrplan_domain::{MeasureStatus, PartialDate, StatusChange};
use fahrplan_testkit::TestDb;
use fahrplan_web::OutboxFollower;

const AREA: &str = "/strategie/2021/digitale-bildung";
const MEASURE: &str = "schulportal-hessen";
const OTHER_AREA: &str = "/strategie/2021/digitale-verwaltung";

#[tokio::test]
async fn a_changed_measure_drops_its_page_and_its_area_and_another_area_stays_cached() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |app| app).await;
        let mut follower = OutboxFollower::start(&state).await;
        let measure_page = format!("/massnahmen/{MEASURE}");
        for path in [AREA, OTHER_AREA, measure_page.as_str(), "/"] {
            assert_eq!(get(&app, path).await.0, StatusCode::OK, "{path}");
            assert!(state.cache.contains(path), "{path} cached");
        }
        let (_, other_headers, _) = get(&app, OTHER_AREA).await;

        let mut set = parse_content(&default_content()).unwrap();
        let m = set
            .editions
            .iter_mut()
            .flat_map(|e| e.areas.iter_mut())
            .flat_map(|a| a.measures.iter_mut())
            .find(|m| m.slug == MEASURE)
            .unwrap();
        m.title = "Schulportal Hessen für alle Schulen".into();
        m.status.push(StatusChange {
            on: PartialDate::parse("2026-11").unwrap(),
            status: MeasureStatus::Done,
            note: Some("An allen Schulen eingeführt".into()),
        });
        state
            .app
            .import_content(&content_files(&set).unwrap())
            .await
            .unwrap();
        assert!(follower.step(&state).await > 0, "{}", db.backend);

        assert!(!state.cache.contains(AREA), "{}", db.backend);
        assert!(!state.cache.contains(&measure_page));
        assert!(state.cache.contains(OTHER_AREA), "the other area stays");
        assert!(
            state.cache.contains("/"),
            "the start page lists no measures"
        );
        let (_, headers, _) = get(&app, OTHER_AREA).await;
        assert_eq!(headers[header::ETAG], other_headers[header::ETAG]);
        let (_, _, area) = get(&app, AREA).await;
        assert!(area.contains("Schulportal Hessen für alle Schulen"));
        let (_, _, page) = get(&app, &measure_page).await;
        assert!(page.contains("Schulportal Hessen für alle Schulen"));
        assert!(page.contains("An allen Schulen eingeführt"));
        state.app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_row_the_cache_cannot_map_empties_it_and_a_step_without_rows_keeps_it() {
    let db = TestDb::sqlite();
    let (app, state) = setup_on(&db, |app| app).await;
    let mut follower = OutboxFollower::start(&state).await;
    get(&app, AREA).await;
    get(&app, OTHER_AREA).await;
    assert_eq!(follower.step(&state).await, 0);
    assert_eq!(state.cache.len(), 2, "nothing changed, nothing dropped");

    state.app.request_reindex().await.unwrap();
    assert_eq!(follower.step(&state).await, 1);
    assert!(state.cache.is_empty());
}
