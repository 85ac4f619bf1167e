//! Archived content over HTTP (issue 13): a process or measure an import archived instead of
//! dropping still answers 200 and says, in German and English, that it was withdrawn and when;
//! it leaves the lists of current content, its contributions stay reachable, and the page
//! cache drops the pages that showed it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::StatusCode;
use common::{get, setup_on};
use fahrplan_app::accounts::NewUser;
use fahrplan_app::content::{Removals, content_files, default_content, parse_content};
use fahrplan_domain::{ContributionKind, PartialDate, TargetKind};
use fahrplan_store::NewContribution;
use fahrplan_testkit::TestDb;
use fahrplan_web::{OutboxFollower, WebState};

const PROCESS: &str = "umsetzung-begleiten";
const MEASURE: &str = "schulportal-hessen";

/// A proposal about the measure in the open process, written straight to the store.
async fn proposal(state: &WebState) -> i64 {
    let author = state
        .app
        .create_user(&NewUser {
            email: "anna@example.org".into(),
            display_name: "Anna".into(),
            role: "participant".into(),
            departments: vec![],
            password: "Wanderweg am Edersee 7".into(),
        })
        .await
        .unwrap();
    state
        .app
        .store()
        .add_contribution(&NewContribution {
            process: PROCESS.into(),
            target_kind: TargetKind::Measure,
            target: MEASURE.into(),
            kind: ContributionKind::Proposal,
            author,
            author_role: None,
            parent: None,
            title: "Schulportal für Eltern".into(),
            body: "Auch Eltern sollten Zugang haben.".into(),
            created_at: 1_765_000_000,
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn an_archived_process_answers_with_its_withdrawal_date_and_keeps_its_contributions() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |app| app).await;
        let id = proposal(&state).await;
        let mut follower = OutboxFollower::start(&state).await;
        let measure_page = format!("/massnahmen/{MEASURE}");
        let (_, _, before) = get(&app, &measure_page).await;
        assert!(
            before.contains(&format!("/mitmachen/{PROCESS}?")),
            "invites to write"
        );
        assert!(state.cache.contains(&measure_page));
        let mut files = default_content();
        files.0.remove(&format!("processes/{PROCESS}.toml"));

        state
            .app
            .import_content_with(&files, Removals::Archive)
            .await
            .unwrap();
        assert!(follower.step(&state).await > 0);

        assert!(!state.cache.contains(&measure_page), "{}", db.backend);
        let (_, _, measure) = get(&app, &measure_page).await;
        assert!(
            !measure.contains(&format!("/mitmachen/{PROCESS}?")),
            "no invitation"
        );
        let (y, m, d) = fahrplan_app::participation::today();
        let today = PartialDate {
            year: y,
            month: Some(m),
            day: Some(d),
        };
        let path = format!("/mitmachen/{PROCESS}");
        let (status, _, de) = get(&app, &path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            de.contains(&format!("Zurückgezogen am {}", today.german())),
            "{de}"
        );
        assert!(de.contains("Schulportal für Eltern"));
        let (status, _, en) = get(&app, &format!("/en{path}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(en.contains(&format!("Withdrawn on {}", today.english())));
        let (status, _, thread) = get(&app, &format!("{path}/beitraege/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(thread.contains("Zurückgezogen am"));
        assert!(
            thread.contains(&format!("href=\"/massnahmen/{MEASURE}\"")),
            "the contribution keeps the link to what it is about"
        );
        let (_, _, list) = get(&app, "/mitmachen").await;
        assert!(!list.contains(&format!("href=\"{path}\"")), "not listed");
        let (_, _, start) = get(&app, "/").await;
        assert!(!start.contains(&format!("href=\"{path}\"")));
        state.app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_archived_measure_page_says_when_it_was_withdrawn_and_leaves_its_area() {
    let db = TestDb::sqlite();
    let (app, state) = setup_on(&db, |app| app).await;
    let mut follower = OutboxFollower::start(&state).await;
    let mut set = parse_content(&default_content()).unwrap();
    let area = set
        .editions
        .iter_mut()
        .flat_map(|e| {
            let slug = e.edition.slug.clone();
            e.areas.iter_mut().map(move |a| (slug.clone(), a))
        })
        .find(|(_, a)| a.measures.iter().any(|m| m.slug == MEASURE))
        .map(|(e, a)| {
            for m in a.measures.iter_mut().filter(|m| m.slug == MEASURE) {
                m.archived = Some(PartialDate::parse("2026-12-06").unwrap());
            }
            format!("/strategie/{e}/{}", a.slug)
        })
        .unwrap();
    let link = format!("href=\"/massnahmen/{MEASURE}\"");
    let (_, _, before) = get(&app, &area).await;
    assert!(before.contains(&link));
    get(&app, "/api/v1/measures?limit=100").await;

    state
        .app
        .import_content(&content_files(&set).unwrap())
        .await
        .unwrap();
    assert!(follower.step(&state).await > 0);

    let (status, _, de) = get(&app, &format!("/massnahmen/{MEASURE}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(de.contains("Zurückgezogen am 6. Dezember 2026"), "{de}");
    let (_, _, en) = get(&app, &format!("/en/massnahmen/{MEASURE}")).await;
    assert!(en.contains("Withdrawn on 6 December 2026"));
    let (_, _, after) = get(&app, &area).await;
    assert!(!after.contains(&link), "the area lists current measures");
    let (_, _, one) = get(&app, &format!("/api/v1/measures/{MEASURE}")).await;
    assert!(one.contains("\"archived\":\"2026-12-06\""), "{one}");
    let (_, _, list) = get(&app, "/api/v1/measures?limit=100").await;
    assert!(!list.contains(&format!("\"slug\":\"{MEASURE}\"")));
    assert!(list.contains("\"archived\":null"));
    let (_, _, sitemap) = get(&app, "/sitemap.xml").await;
    assert!(!sitemap.contains(&format!("/massnahmen/{MEASURE}<")));
}
