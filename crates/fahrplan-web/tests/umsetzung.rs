//! The implementation overview and the indicator pages through the real router: every area with
//! its indicators, charts whose tables hold exactly the charts' numbers, the counting rule beside
//! the figures, the CSV convention, the note on too few values, and a new value that empties only
//! the indicator's cached pages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, setup, setup_on};
use fahrplan_app::content::{default_content, parse_content};
use fahrplan_testkit::TestDb;
use fahrplan_web::OutboxFollower;

/// The `data-value` numbers of the first SVG in `html`, sorted.
fn chart_values(html: &str) -> Vec<f64> {
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    let mut v: Vec<f64> = svg
        .split(" data-value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect();
    v.sort_by(f64::total_cmp);
    v
}

/// The cells of the body rows of the first `<table class="chart-table…">` in `html`: the text of
/// each `<th>` and `<td>`.
fn chart_table(html: &str) -> Vec<Vec<String>> {
    let start = html.find("<table class=\"chart-table").unwrap();
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("</t")
                .filter_map(|cell| {
                    let text: String = cell
                        .rsplit_once('>')
                        .map(|(_, t)| t.to_owned())
                        .unwrap_or_default();
                    (!text.trim().is_empty()).then_some(text)
                })
                .collect()
        })
        .collect()
}

fn german_number(cell: &str) -> Option<f64> {
    let t = cell
        .trim()
        .trim_end_matches('%')
        .trim()
        .replace('\u{a0}', "");
    t.replace('.', "")
        .replace(',', ".")
        .replace('\u{2212}', "-")
        .parse()
        .ok()
}

#[tokio::test]
async fn the_overview_shows_every_2021_area_with_its_indicators_and_links_them() {
    let (app, _, _db) = setup().await;
    let (status, _, body) = get(&app, "/umsetzung").await;
    assert_eq!(status, StatusCode::OK);
    let set = parse_content(&default_content()).unwrap();
    let e = set
        .editions
        .iter()
        .find(|e| e.edition.slug == "2021")
        .unwrap();
    for a in &e.areas {
        assert!(
            body.contains(&format!("id=\"bereich-{}\"", a.slug)),
            "{}",
            a.slug
        );
    }
    for i in set
        .indicators
        .iter()
        .filter(|i| i.area.starts_with("2021/"))
    {
        assert!(
            body.contains(&format!("href=\"/umsetzung/indikatoren/{}\"", i.slug)),
            "{} not linked",
            i.slug
        );
    }
    assert!(body.contains("Beispieldaten – keine amtlichen Zahlen"));
    let (status, _, en) = get(&app, "/en/umsetzung").await;
    assert_eq!(status, StatusCode::OK);
    assert!(en.contains("Implementing the strategy"));
}

#[tokio::test]
async fn the_status_chart_of_the_overview_and_its_table_hold_the_same_numbers() {
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/umsetzung").await;
    let drawn = chart_values(&body);
    let mut listed: Vec<f64> = Vec::new();
    for row in chart_table(&body) {
        // Area, six statuses, total: the chart draws the non-zero statuses and the total.
        let numbers: Vec<f64> = row
            .iter()
            .skip(1)
            .filter_map(|c| german_number(c))
            .collect();
        assert_eq!(numbers.len(), 7, "{row:?}");
        listed.extend(numbers[..6].iter().filter(|n| **n > 0.0));
        listed.push(numbers[6]);
    }
    listed.sort_by(f64::total_cmp);
    assert!(!drawn.is_empty());
    assert_eq!(drawn, listed);
}

#[tokio::test]
async fn an_indicator_page_shows_the_counting_rule_the_formula_and_a_table_with_the_charts_numbers()
{
    let (app, _, _db) = setup().await;
    let set = parse_content(&default_content()).unwrap();
    let i = set
        .indicators
        .iter()
        .find(|i| i.slug == "schulen-gigabit")
        .unwrap();
    let (status, _, body) = get(&app, "/umsetzung/indikatoren/schulen-gigabit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Zählweise"));
    let definition = i.counting_rule.definition.replace('"', "&quot;");
    assert!(body.contains(&definition) || body.contains(&i.counting_rule.definition));
    assert!(body.contains("So wird die Einschätzung berechnet"));
    let drawn = chart_values(&body);
    let mut listed: Vec<f64> = chart_table(&body)
        .iter()
        .filter_map(|row| row.last().and_then(|c| german_number(c)))
        .collect();
    listed.sort_by(f64::total_cmp);
    assert_eq!(drawn, listed);
    // Baseline, every Land value, target and reference: nothing more, nothing less.
    let expected = 1
        + i.observations.iter().filter(|o| o.region.is_none()).count()
        + usize::from(i.target.is_some())
        + usize::from(i.reference.is_some());
    assert_eq!(listed.len(), expected);
}

#[tokio::test]
async fn an_indicator_with_fewer_than_three_values_says_so_instead_of_drawing_a_line() {
    let (app, _, _db) = setup().await;
    let set = parse_content(&default_content()).unwrap();
    let land = |slug: &str| {
        set.indicators
            .iter()
            .find(|i| i.slug == slug)
            .unwrap()
            .observations
            .iter()
            .filter(|o| o.region.is_none())
            .count()
    };
    assert!(land("haushalte-gigabit") < 3);
    let (_, _, few) = get(&app, "/umsetzung/indikatoren/haushalte-gigabit").await;
    assert!(few.contains("Für eine Entwicklung braucht es mindestens drei"));
    assert!(land("schulen-gigabit") >= 3);
    let (_, _, enough) = get(&app, "/umsetzung/indikatoren/schulen-gigabit").await;
    assert!(!enough.contains("Für eine Entwicklung braucht es mindestens drei"));
}

#[tokio::test]
async fn the_csv_of_an_indicator_keeps_the_convention_and_marks_example_data_in_every_row() {
    let (app, _, _db) = setup().await;
    let (status, headers, body) =
        get(&app, "/umsetzung/indikatoren/schulen-gigabit/werte.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(body.starts_with('\u{feff}'));
    let lines: Vec<&str> = body.trim_end().split("\r\n").collect();
    assert!(lines[0].starts_with("\u{feff}indicator;kind;kind_label;period;"));
    assert!(lines.iter().any(|l| l.contains(";baseline;Ausgangswert;")));
    assert!(lines.iter().any(|l| l.contains(";target;Ziel;")));

    let (_, _, example) = get(
        &app,
        "/umsetzung/indikatoren/beispiel-glasfaser-kreise/werte.csv",
    )
    .await;
    let rows: Vec<&str> = example.trim_end().split("\r\n").skip(1).collect();
    assert!(rows.len() > 100);
    for r in rows {
        assert!(r.contains("Beispieldaten – keine amtlichen Zahlen"), "{r}");
    }
    let (_, _, page) = get(&app, "/umsetzung/indikatoren/beispiel-glasfaser-kreise").await;
    assert!(page.contains("Beispieldaten – keine amtlichen Zahlen."));
}

#[tokio::test]
async fn an_unknown_indicator_is_a_404_page() {
    let (app, _, _db) = setup().await;
    let (status, _, body) = get(&app, "/umsetzung/indikatoren/gibt-es-nicht").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("<h1"));
    let (status, _, _) = get(&app, "/umsetzung/indikatoren/gibt-es-nicht/werte.csv").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_new_value_empties_the_indicators_cached_pages_and_keeps_another_indicators_page() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |app| app).await;
        let mut follower = OutboxFollower::start(&state).await;
        let page = "/umsetzung/indikatoren/schulen-gigabit";
        let other = "/umsetzung/indikatoren/haushalte-5g";
        for path in [page, other, "/umsetzung"] {
            assert_eq!(get(&app, path).await.0, StatusCode::OK);
            assert!(state.cache.contains(path), "{path} cached");
        }
        let csv = "indicator,period,value,source\nschulen-gigabit,2031,99.5,Testquelle\n";
        state.app.import_observations(csv, None).await.unwrap();
        assert!(follower.step(&state).await > 0, "{}", db.backend);
        assert!(!state.cache.contains(page), "{}", db.backend);
        assert!(!state.cache.contains("/umsetzung"));
        assert!(
            state.cache.contains(other),
            "another indicator stays cached"
        );
        let (_, _, body) = get(&app, page).await;
        assert!(body.contains("99,5"), "{}", db.backend);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn every_umsetzung_page_and_download_answers_on_both_databases() {
    for db in TestDb::all().await {
        let (app, _state) = setup_on(&db, |app| app).await;
        for path in [
            "/umsetzung",
            "/en/umsetzung",
            "/umsetzung/massnahmen-status.csv",
            "/umsetzung/indikatoren/schulen-gigabit",
            "/umsetzung/indikatoren/schulen-gigabit/werte.csv",
            "/umsetzung/regionen",
            "/umsetzung/regionen/beispiel-glasfaser-kreise",
            "/umsetzung/regionen/beispiel-glasfaser-kreise/werte.csv",
            "/umsetzung/ressorts/hmdi",
            "/umsetzung/bericht",
            "/umsetzung/bericht/2023-12-31",
            "/en/umsetzung/bericht/2023-12-31",
            "/massnahmen/schulportal-hessen",
        ] {
            let (status, _, body) = get(&app, path).await;
            assert_eq!(status, StatusCode::OK, "{path} on {}", db.backend);
            assert!(!body.is_empty(), "{path}");
        }
        let (status, _, _) = get(&app, "/umsetzung/regionen/haushalte-gigabit").await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "no regional values: {}",
            db.backend
        );
        db.cleanup().await;
    }
}
