//! The measure page's progress (issue 15): the status timeline with the current entry marked in
//! words, the milestones as a table with "überfällig" where one is overdue, the latest
//! independent assessment beside the self-reported status, and the notice that no status report
//! came within the reporting cadence, in German and under `/en/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::StatusCode;
use common::{get, setup};
use fahrplan_app::content::{content_files, default_content, parse_content};
use fahrplan_domain::{Assessment, AssessmentRating, Milestone, PartialDate, StatusChange};
use fahrplan_web::{WebConfig, WebState, router};

/// A measure of the default content that was last reported in 2019, still in progress.
const MEASURE: &str = "breitband-gigabitfoerderung-2019-2024";

fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

/// Imports the default content with example milestones, assessments and a later status entry
/// on [`MEASURE`].
async fn with_examples(state: &WebState) {
    let mut set = parse_content(&default_content()).unwrap();
    let m = set
        .editions
        .iter_mut()
        .flat_map(|e| e.areas.iter_mut())
        .flat_map(|a| a.measures.iter_mut())
        .find(|m| m.slug == MEASURE)
        .unwrap();
    m.status.push(StatusChange {
        on: d("2022-03"),
        status: fahrplan_domain::MeasureStatus::Delayed,
        note: Some("Bescheide verzögert".into()),
    });
    m.milestones = vec![
        Milestone {
            title: "Förderaufruf veröffentlicht".into(),
            due: d("2019-12"),
            done: Some(d("2020-02-14")),
        },
        Milestone {
            title: "Alle Bescheide erteilt".into(),
            due: d("2024"),
            done: None,
        },
        Milestone {
            title: "Ausbau abgeschlossen".into(),
            due: d("2099"),
            done: None,
        },
    ];
    m.assessment = vec![
        Assessment {
            on: d("2021"),
            by: "Beirat (Beispiel)".into(),
            rating: AssessmentRating::OnTrack,
            note: None,
            source_url: None,
        },
        Assessment {
            on: d("2023-05"),
            by: "Prüfstelle (Beispiel)".into(),
            rating: AssessmentRating::AtRisk,
            note: Some("Mittel fließen langsam ab".into()),
            source_url: Some("https://example.org/pruefbericht".into()),
        },
    ];
    state
        .app
        .import_content(&content_files(&set).unwrap())
        .await
        .unwrap();
}

/// The part of `page` from `start` to the next `end`.
fn part<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = &page[page
        .find(start)
        .unwrap_or_else(|| panic!("{start} in page"))..];
    &from[..from.find(end).unwrap()]
}

#[tokio::test]
async fn the_measure_page_shows_timeline_milestones_assessment_and_the_overdue_notice() {
    let (app, state, _db) = setup().await;
    with_examples(&state).await;
    let (status, _, page) = get(&app, &format!("/massnahmen/{MEASURE}")).await;
    assert_eq!(status, StatusCode::OK);

    let timeline = part(&page, "<h2 id=\"verlauf\">", "</ol>");
    let entries: Vec<&str> = timeline.split("<li").skip(1).collect();
    assert_eq!(entries.len(), 2, "{timeline}");
    assert!(entries[0].contains("2019") && entries[0].contains("in Umsetzung"));
    assert!(!entries[0].contains("aktueller Stand"), "{}", entries[0]);
    assert!(entries[1].contains("März 2022") && entries[1].contains("verzögert"));
    assert!(entries[1].contains("(aktueller Stand)"), "{}", entries[1]);
    assert!(entries[1].contains("<span lang=\"de\">Bescheide verzögert</span>"));

    let table = part(&page, "<h2 id=\"meilensteine\">", "</table>");
    assert!(table.contains("<caption id=\"meilensteine-titel\">"));
    assert!(table.contains("<th scope=\"col\">Fällig</th>"));
    let rows: Vec<&str> = table.split("<tr><th scope=\"row\"").skip(1).collect();
    assert_eq!(rows.len(), 3, "{table}");
    assert!(
        rows[0].contains("Förderaufruf veröffentlicht") && rows[0].contains("14. Februar 2020")
    );
    assert!(rows[0].contains(">erreicht<"), "{}", rows[0]);
    assert!(rows[1].contains("Alle Bescheide erteilt") && rows[1].contains("noch nicht"));
    assert!(
        rows[1].contains("<strong class=\"overdue\">überfällig</strong>"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains(">offen<") && !rows[2].contains("überfällig"),
        "{}",
        rows[2]
    );

    let pair = part(&page, "<div class=\"standing-pair\">", "</div>");
    let standing = part(pair, "<p class=\"standing\">", "</p>");
    assert!(standing.contains("Angabe des Ressorts:"), "{standing}");
    assert!(
        standing.contains("Stand nicht aktuell"),
        "the record stays the department's"
    );
    let assessment = part(pair, "<p class=\"assessment\">", "</p>");
    assert!(
        assessment.contains("Unabhängige Bewertung:"),
        "{assessment}"
    );
    assert!(assessment.contains(">gefährdet</span>"), "{assessment}");
    assert!(assessment.contains("Prüfstelle (Beispiel)") && assessment.contains("Mai 2023"));
    assert!(assessment.contains("Mittel fließen langsam ab"));
    assert!(assessment.contains("href=\"https://example.org/pruefbericht\""));
    let earlier = part(&page, "<h2 id=\"bewertungen\">", "</ol>");
    assert!(earlier.contains("im Plan") && earlier.contains("Beirat (Beispiel)"));

    let notice = part(&page, "<p class=\"notice overdue\"", "</p>");
    assert!(
        notice.contains("Überfällig: kein Statusbericht seit März 2022."),
        "{notice}"
    );
    assert!(notice.contains("mindestens alle 180 Tage"), "{notice}");

    let (_, _, en) = get(&app, &format!("/en/massnahmen/{MEASURE}")).await;
    assert!(en.contains("Overdue: no status report since March 2022."));
    assert!(en.contains("(current status)"));
    assert!(en.contains("<th scope=\"col\">Milestone</th>"));
    assert!(en.contains("<strong class=\"overdue\">overdue</strong>"));
    assert!(en.contains("Independent assessment:") && en.contains(">at risk</span>"));
    assert!(en.contains("Reported by the department:"));
}

#[tokio::test]
async fn within_the_reporting_cadence_no_notice_shows_and_a_measure_without_milestones_has_no_table()
 {
    let (_, state, _db) = setup().await;
    with_examples(&state).await;
    let patient = router(WebState::new(
        state.app.clone(),
        WebConfig {
            reporting_cadence_days: 100_000,
            ..(*state.config).clone()
        },
    ));
    let (_, _, page) = get(&patient, &format!("/massnahmen/{MEASURE}")).await;
    assert!(!page.contains("Überfällig"), "a cadence of 100,000 days");
    assert!(page.contains("<h2 id=\"meilensteine\">"));
    let (_, _, other) = get(&patient, "/massnahmen/schulportal-hessen").await;
    assert!(!other.contains("<h2 id=\"meilensteine\">"));
    assert!(!other.contains("<p class=\"assessment\">"));
}
