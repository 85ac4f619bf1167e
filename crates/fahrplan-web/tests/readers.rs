//! Issue 14, "written for readers, not for operators": legal pages that speak to the reader
//! when operator data is missing, the accessibility statement with its date, method and
//! Durchsetzungsverfahren, the open process with its end date, the process list with phase,
//! dates and counts, and sources shown by their title.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::{get, setup};
use fahrplan_app::content::default_content;
use fahrplan_web::{Operator, WebConfig, WebState, router};

/// The router of `state` with `operator` instead of the test operator.
fn with_operator(state: &WebState, operator: Operator) -> Router {
    let config = WebConfig {
        operator,
        ..(*state.config).clone()
    };
    router(WebState::new(state.app.clone(), config))
}

fn full_operator() -> Operator {
    Operator {
        authority: "Hessisches Testministerium".into(),
        address: "Teststraße 1, 65185 Wiesbaden".into(),
        representative: "die Ministerin".into(),
        email: "poststelle@test.example".into(),
        phone: "0611 0000".into(),
        data_protection_officer: "Datenschutzbeauftragte, dsb@test.example".into(),
        supervisory_authority: "Der Hessische Beauftragte für Datenschutz".into(),
        accessibility_statement_date: "2026-11-28".parse().ok(),
    }
}

/// Words that speak to the operator or about the software instead of to the reader.
const OPERATOR_SPEAK: [&str; 6] = [
    "Konfiguration",
    "configuration",
    "Betreiber tragen",
    "mit der Software",
    "by the software",
    "Ombudsstelle",
];

#[tokio::test]
async fn legal_pages_show_neutral_texts_and_no_operator_speak_when_operator_settings_are_missing() {
    let (_, state, _db) = setup().await;
    let app = with_operator(&state, Operator::default());
    for (path, neutral) in [
        (
            "/impressum",
            "Die Angaben zur verantwortlichen Stelle dieser Website liegen derzeit nicht vor.",
        ),
        (
            "/datenschutz",
            "Die Angaben zur verantwortlichen Stelle liegen derzeit nicht vor.",
        ),
        (
            "/datenschutz",
            "Die Kontaktdaten der oder des Datenschutzbeauftragten liegen derzeit nicht vor.",
        ),
        (
            "/barrierefreiheit",
            "Das Datum dieser Erklärung liegt derzeit nicht vor.",
        ),
        (
            "/en/impressum",
            "The details of the body responsible for this website are not available at present.",
        ),
        (
            "/en/barrierefreiheit",
            "The date of this statement is not available at present.",
        ),
    ] {
        let (status, _, page) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains(neutral), "{path} lacks {neutral:?}");
        for words in OPERATOR_SPEAK {
            assert!(!page.contains(words), "{path} says {words:?}");
        }
    }
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    assert!(!page.contains("mailto:"), "no empty e-mail link");
}

#[tokio::test]
async fn legal_pages_show_the_operator_data_once_it_is_given() {
    let (_, state, _db) = setup().await;
    let app = with_operator(&state, full_operator());
    for path in ["/impressum", "/datenschutz", "/barrierefreiheit"] {
        let (_, _, page) = get(&app, path).await;
        assert!(!page.contains("derzeit nicht vor"), "{path}");
    }
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    assert!(
        page.contains("Diese Erklärung wurde am 28. November 2026 erstellt"),
        "the statement carries its date"
    );
    assert!(page.contains("href=\"mailto:poststelle@test.example\""));
    let (_, _, page) = get(&app, "/datenschutz").await;
    assert!(page.contains("Datenschutzbeauftragte, dsb@test.example"));
}

#[tokio::test]
async fn the_accessibility_statement_names_its_method_and_the_enforcement_procedure_of_hessen() {
    let (app, _, _db) = setup().await;
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    for words in [
        "Selbstbewertung",
        "axe-core",
        "WCAG 2.2",
        "Tastatur",
        "HTML-Validierung",
        "1280",
        "320",
        "<h2 id=\"durchsetzungsverfahren\">Durchsetzungsverfahren</h2>",
        "§ 6 HVBIT",
        "sechs Wochen",
        "Durchsetzungs- und Überwachungsstelle",
        "Landeskompetenzzentrum Barrierefreie IT (LBIT), Regierungspräsidium Gießen",
        "href=\"https://lbit.hessen.de/Durchsetzungs-und-Ueberwachungsstelle/Durchsetzungsverfahren-beantragen\"",
    ] {
        assert!(page.contains(words), "the statement lacks {words:?}");
    }
    assert!(!page.contains("Schlichtung"), "not the federal procedure");
}

#[tokio::test]
async fn the_open_process_says_until_when_and_what_happens_with_contributions() {
    let (app, state, _db) = setup().await;
    let (_, _, page) = get(&app, "/mitmachen/umsetzung-begleiten").await;
    assert!(page.contains("Auf einen Blick"), "{page}");
    assert!(
        page.contains("<dt>Beiträge möglich bis</dt><dd>31. Dezember 2027</dd>"),
        "the end date of the open phase"
    );
    assert!(
        page.contains("nicht an die Landesregierung"),
        "honest outcome"
    );
    assert!(!page.contains("ohne festes Ende"));

    // The same phase without an end reads "ohne festes Ende", on the page and in the list.
    let mut files = default_content();
    let text = files
        .0
        .get_mut("processes/umsetzung-begleiten.toml")
        .unwrap();
    assert!(text.contains("end = \"2027-12-31\"\n"));
    *text = text.replace("end = \"2027-12-31\"\n", "");
    state.app.import_content(&files).await.unwrap();
    let (_, _, page) = get(&app, "/mitmachen/umsetzung-begleiten").await;
    assert!(
        page.contains("<dt>Beiträge möglich bis</dt><dd>ohne festes Ende</dd>"),
        "{page}"
    );
    assert!(page.contains("ab 29. November 2026, ohne festes Ende"));
    let (_, _, list) = get(&app, "/mitmachen").await;
    assert!(list.contains("ab 29. November 2026, ohne festes Ende"));
}

#[tokio::test]
async fn the_process_list_shows_each_process_with_its_phase_dates_and_counts() {
    let (app, _, _db) = setup().await;
    let (status, _, page) = get(&app, "/mitmachen").await;
    assert_eq!(status, StatusCode::OK);
    let open = page
        .split("Offene Verfahren")
        .nth(1)
        .unwrap()
        .split("Abgeschlossene Verfahren")
        .next()
        .unwrap();
    assert!(open.contains("Umsetzung begleiten"));
    assert!(
        open.contains(
            "<span lang=\"de\">Beiträge zur Umsetzung</span> (Online-Beteiligung), 29. November 2026 – 31. Dezember 2027"
        ),
        "{open}"
    );
    assert!(open.contains("<dt>Beiträge auf dieser Website</dt><dd>0</dd>"));
    assert!(
        !open.contains("<dt>Zeitraum</dt>"),
        "one phase: its dates are said once"
    );
    let closed = page.split("Abgeschlossene Verfahren").nth(1).unwrap();
    assert!(closed.contains("So ist die Strategie 2021 entstanden"));
    assert!(closed.contains("<dt>Zeitraum</dt><dd>Januar 2019 – Mai 2021</dd>"));
    assert!(closed.contains("rund 700"));
}

#[tokio::test]
async fn a_measure_names_its_source_by_title_not_by_address() {
    let (app, _, _db) = setup().await;
    let (_, _, page) = get(&app, "/massnahmen/glasfaserpakt-hessen").await;
    assert!(
        page.contains("rel=\"noopener noreferrer\" lang=\"de\">Golem.de, „Glasfaserpakt: Hessen bekommt 530.000 Anschlüsse in 12 Monaten“ (Mai 2022)</a>"),
        "the title is the link text"
    );
    assert!(
        !page.contains(">https://www.golem.de"),
        "no bare address as link text"
    );
}
