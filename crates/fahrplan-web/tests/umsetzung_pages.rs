//! The regional view, a department's implementation page and the Fortschrittsbericht through
//! the real router, with the default content: the map's table and CSV hold exactly the map's
//! numbers, sorting is a path, the example marker is everywhere, a department shows what its
//! predecessors led, and the report for a past day uses only the history up to it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, setup, setup_on};
use fahrplan_testkit::TestDb;
use std::collections::BTreeMap;

const EXAMPLE: &str = "beispiel-glasfaser-kreise";
const MAP: &str = "/umsetzung/regionen/beispiel-glasfaser-kreise";
const MARK: &str = "Beispieldaten – keine amtlichen Zahlen";

/// The text between `start` and the next `end` after it, for every `start`.
fn between<'a>(hay: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    hay.split(start)
        .skip(1)
        .map(|s| s.split(end).next().unwrap())
        .collect()
}

/// A number as the German table writes it: "1.234,5".
fn german(cell: &str) -> f64 {
    cell.replace('.', "").replace(',', ".").parse().unwrap()
}

/// The tiles of the map: official key → the value it draws, `None` for a hatched tile.
fn drawn(body: &str) -> BTreeMap<String, Option<f64>> {
    let svg = between(body, "<svg", "</svg>")[0];
    between(svg, "<rect ", ">")
        .into_iter()
        .filter(|tag| tag.contains("data-key=\""))
        .map(|tag| {
            let key = between(tag, "data-key=\"", "\"")[0].to_owned();
            let value = between(tag, "data-value=\"", "\"")
                .first()
                .map(|v| v.parse().unwrap());
            (key, value)
        })
        .collect()
}

/// The rows of the map's table in their order: (key, name, value cell).
fn table_rows(body: &str) -> Vec<(String, String, String)> {
    let table = between(body, "<table class=\"chart-table", "</table>")[0];
    let tbody = between(table, "<tbody>", "</tbody>")[0];
    between(tbody, "<tr>", "</tr>")
        .into_iter()
        .map(|row| {
            let key = between(row, "<th scope=\"row\">", "</th>")[0].to_owned();
            let cells: Vec<String> = between(row, "<td", "</td>")
                .into_iter()
                .map(|c| c.split_once('>').unwrap().1.to_owned())
                .collect();
            (key, cells[0].clone(), cells[1].clone())
        })
        .collect()
}

/// One CSV line split into its fields (RFC 4180: quoted fields, doubled quotes).
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (';', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    out.push(field);
    out
}

/// The CSV's rows as maps from column name to value.
fn csv_rows(body: &str) -> Vec<BTreeMap<String, String>> {
    let body = body.strip_prefix('\u{feff}').expect("a byte order mark");
    let mut lines = body.split("\r\n").filter(|l| !l.is_empty());
    let head = fields(lines.next().unwrap());
    lines
        .map(|l| head.iter().cloned().zip(fields(l)).collect())
        .collect()
}

#[tokio::test]
async fn the_regional_list_links_every_indicator_with_values_per_region() {
    let (app, state, _db) = setup().await;
    let (status, _, body) = get(&app, "/umsetzung/regionen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("href=\"{MAP}\"")), "{body}");
    assert!(body.contains(MARK), "the example is marked in the list");
    assert!(
        !body.contains("href=\"/umsetzung/regionen/schulen-gigabit\""),
        "an indicator without regional values is not listed"
    );
    assert!(state.cache.contains("/umsetzung/regionen"));
    let (status, _, body) = get(&app, "/en/umsetzung/regionen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("href=\"/en{MAP}\"")));
}

#[tokio::test]
async fn the_regional_page_shows_all_26_kreise_and_its_table_and_csv_hold_exactly_the_maps_numbers()
{
    let (app, state, _db) = setup().await;
    let (status, _, body) = get(&app, MAP).await;
    assert_eq!(status, StatusCode::OK);
    assert!(state.cache.contains(MAP), "the page cache keeps it");
    let map = drawn(&body);
    assert_eq!(map.len(), 26, "{map:?}");
    assert!(
        map.values().all(Option::is_some),
        "the example has every Kreis"
    );
    let rows = table_rows(&body);
    assert_eq!(rows.len(), 26);
    let listed: BTreeMap<String, Option<f64>> = rows
        .iter()
        .map(|(k, _, v)| (k.clone(), Some(german(v))))
        .collect();
    assert_eq!(listed, map, "the table holds exactly the map's numbers");
    assert!(body.contains("Frankfurt am Main") && body.contains("Werra-Meißner-Kreis"));

    let (status, headers, csv) = get(&app, &format!("{MAP}/werte.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 26);
    let in_csv: BTreeMap<String, Option<f64>> = rows
        .iter()
        .map(|r| (r["region"].clone(), Some(r["value"].parse().unwrap())))
        .collect();
    assert_eq!(in_csv, map, "the CSV holds exactly the map's numbers");
    let frankfurt = rows.iter().find(|r| r["region"] == "06412").unwrap();
    assert_eq!(frankfurt["region_kind"], "kreisfreie_stadt");
    assert_eq!(frankfurt["region_kind_label"], "kreisfreie Stadt");
    assert_eq!(frankfurt["period"], "2024", "the latest period with values");
    assert_eq!(frankfurt["indicator"], EXAMPLE);
}

#[tokio::test]
async fn sorted_paths_sort_the_table_and_unknown_ones_are_404_pages() {
    let (app, state, _db) = setup().await;
    let (_, _, by_name) = get(&app, MAP).await;
    let names: Vec<String> = table_rows(&by_name).into_iter().map(|r| r.1).collect();
    assert_eq!(names[0], "Bergstraße", "by name unless chosen otherwise");
    for column in ["schluessel", "name", "wert"] {
        assert!(
            by_name.contains(&format!("<a href=\"{MAP}/sortiert/{column}\">")),
            "{column}"
        );
    }
    assert!(!by_name.contains("sortierung="), "no query strings");

    let path = format!("{MAP}/sortiert/wert");
    let (status, _, body) = get(&app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(state.cache.contains(&path), "a sorted page is cached too");
    let values: Vec<f64> = table_rows(&body).iter().map(|r| german(&r.2)).collect();
    assert_eq!(values.len(), 26);
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert!(body.contains("aria-sort=\"descending\""));

    let (_, _, body) = get(&app, &format!("{MAP}/sortiert/schluessel")).await;
    let keys: Vec<String> = table_rows(&body).into_iter().map(|r| r.0).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");

    let (_, _, english) = get(&app, &format!("/en{MAP}/sortiert/name")).await;
    assert!(english.contains(&format!("<a href=\"/en{MAP}/sortiert/wert\">")));

    for missing in [
        format!("{MAP}/sortiert/farbe"),
        format!("{MAP}/sortiert/wert;drop"),
        "/umsetzung/regionen/gibt-es-nicht".to_owned(),
        "/umsetzung/regionen/gibt-es-nicht/werte.csv".to_owned(),
        "/umsetzung/regionen/schulen-gigabit".to_owned(),
        "/umsetzung/regionen/gibt-es-nicht/sortiert/wert".to_owned(),
    ] {
        let (status, _, body) = get(&app, &missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert!(body.contains("<h1"), "{missing} is the 404 page");
    }
}

#[tokio::test]
async fn the_example_marker_is_on_the_page_in_the_table_caption_and_in_every_csv_row() {
    let (app, _, _db) = setup().await;
    for path in [MAP.to_owned(), format!("/en{MAP}")] {
        let (_, _, body) = get(&app, &path).await;
        assert!(
            body.contains(&format!("<strong>{MARK}.</strong>")),
            "{path}: the page says so"
        );
        let caption = between(&body, "<caption>", "</caption>");
        assert!(
            caption.iter().any(|c| c.contains(MARK)),
            "{path}: the table caption says so: {caption:?}"
        );
        let figcaption = between(&body, "<figcaption>", "</figcaption>")[0];
        assert!(figcaption.contains(MARK), "{path}: the map's caption too");
    }
    let (_, _, csv) = get(&app, &format!("{MAP}/werte.csv")).await;
    let rows = csv_rows(&csv);
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r["example"] == MARK),
        "every row says so"
    );
}

#[tokio::test]
async fn the_department_page_lists_the_measures_of_a_predecessor_department() {
    let (app, state, _db) = setup().await;
    let path = "/umsetzung/ressorts/hmdi";
    let (status, _, body) = get(&app, path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(state.cache.contains(path));
    assert!(
        body.contains("href=\"/massnahmen/glasfaserpakt-hessen\""),
        "a measure the Digitalressort der Staatskanzlei led"
    );
    assert!(
        body.contains("href=\"/umsetzung/ressorts/hmdse\""),
        "the predecessor is named"
    );
    assert!(
        body.contains("href=\"/umsetzung/indikatoren/haushalte-gigabit\""),
        "an indicator it owns"
    );
    assert!(body.contains("<svg"), "the status chart");
    assert!(body.contains("chart-table"), "with its table");
    assert!(body.contains("Eingeplant:") || body.contains("keine Haushaltsmittel"));

    let (_, _, department) = get(&app, "/ressorts/hmdi").await;
    assert!(
        department.contains("href=\"/umsetzung/ressorts/hmdi\""),
        "the department page links it"
    );
    let (status, _, english) = get(&app, "/en/umsetzung/ressorts/hmdi").await;
    assert_eq!(status, StatusCode::OK);
    assert!(english.contains("href=\"/en/massnahmen/glasfaserpakt-hessen\""));
    let (status, _, _) = get(&app, "/umsetzung/ressorts/gibt-es-nicht").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The latest values the report lists: the cells of the column "Letzter Wert".
fn latest_cells(body: &str) -> Vec<&str> {
    between(body, "<td data-label=\"Letzter Wert\">", "</td>")
}

/// The status shown for a measure in the report.
fn status_of<'a>(body: &'a str, slug: &str) -> &'a str {
    let row = between(body, &format!("href=\"/massnahmen/{slug}\""), "</tr>")[0];
    between(row, "class=\"status status-", "\"")[0]
}

#[tokio::test]
async fn the_report_for_a_past_day_ignores_later_history_on_both_databases() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |app| app).await;
        let backend = db.backend;
        let (status, _, today) = get(&app, "/umsetzung/bericht").await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let path = "/umsetzung/bericht/2021-06-01";
        let (status, _, past) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(state.cache.contains(path), "the path variant is cached");

        // Measures: done in 2023 today, not yet on 1 June 2021; one first reported in May 2022
        // was planned then.
        assert!(today.contains("class=\"status status-done\""), "{backend}");
        assert!(!past.contains("class=\"status status-done\""), "{backend}");
        assert_eq!(status_of(&today, "glasfaserpakt-hessen"), "in_progress");
        assert_eq!(status_of(&past, "glasfaserpakt-hessen"), "planned");
        assert_eq!(
            status_of(&past, "mobilfunkfoerderprogramm-300-standorte"),
            "in_progress",
            "reported in November 2020, delayed only in 2024"
        );

        // Indicators: no value of a period that ended after the day.
        let later = |cell: &&str| (2022..=2030).any(|y| cell.contains(&y.to_string()));
        assert!(latest_cells(&today).iter().any(later), "{backend}");
        let cells = latest_cells(&past);
        assert!(!cells.is_empty());
        for cell in &cells {
            assert!(
                !later(cell) && !cell.contains("(2021)"),
                "{backend}: {cell}"
            );
        }
        assert!(past.contains("1. Juni 2021"), "{backend}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_report_prints_every_area_on_its_own_page() {
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/umsetzung/bericht").await;
    assert_eq!(
        body.matches("class=\"report-area\"").count(),
        8,
        "every area"
    );
    assert!(body.contains("<form method=\"get\" action=\"/umsetzung/bericht\""));
    assert!(body.contains("type=\"date\" value=\""));
    let css = include_str!("../static/fahrplan.css");
    for rule in [
        "@page { size: A4;",
        ".report-area { break-before: page; }",
        "a[href^=\"http\"]::after { content: \" (\" attr(href) \")\"",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

#[tokio::test]
async fn the_date_form_leads_to_the_path_of_the_chosen_day() {
    let (app, state, _db) = setup().await;
    for (asked, to) in [
        (
            "/umsetzung/bericht?tag=2021-06-01",
            "/umsetzung/bericht/2021-06-01",
        ),
        (
            "/umsetzung/bericht?tag=1.6.2021",
            "/umsetzung/bericht/2021-06-01",
        ),
        (
            "/en/umsetzung/bericht?tag=2023-12-31",
            "/en/umsetzung/bericht/2023-12-31",
        ),
    ] {
        let (status, headers, _) = get(&app, asked).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{asked}");
        assert_eq!(headers[header::LOCATION], to, "{asked}");
    }
    assert!(!state.cache.contains("/umsetzung/bericht?tag=2021-06-01"));
}

#[tokio::test]
async fn a_bad_or_future_date_shows_todays_report_with_the_error_and_the_input_kept() {
    let (app, state, _db) = setup().await;
    for (tag, words) in [
        ("2021-02-30", "im Format JJJJ-MM-TT"),
        ("gestern", "im Format JJJJ-MM-TT"),
        ("2999-01-01", "in der Zukunft"),
        ("", "Bitte geben Sie einen Tag ein."),
    ] {
        let (status, headers, body) = get(&app, &format!("/umsetzung/bericht?tag={tag}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{tag}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(
            body.contains("<title>Fehler: Fortschrittsbericht"),
            "{tag}: {}",
            between(&body, "<title>", "</title>")[0]
        );
        assert!(body.contains("class=\"error-summary\""), "{tag}");
        assert!(body.contains(words), "{tag}");
        assert!(
            body.contains(&format!("value=\"{tag}\"")),
            "{tag}: the input is kept"
        );
        assert!(body.contains("aria-invalid=\"true\""));
        assert!(
            body.contains("class=\"report-area\""),
            "today's report below"
        );
    }
    let (_, _, english) = get(&app, "/en/umsetzung/bericht?tag=2021-13-01").await;
    assert!(english.contains("<title>Error: ") || english.contains("<title>Fehler: "));
    assert!(english.contains("as YYYY-MM-DD"));
    let (status, _, today) = get(&app, "/umsetzung/bericht").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !today.contains("error-summary"),
        "the error page was not cached"
    );
    assert!(state.cache.contains("/umsetzung/bericht"));
}

#[tokio::test]
async fn a_report_path_that_is_no_day_up_to_today_is_a_404_page() {
    let (app, _, _db) = setup().await;
    for path in [
        "/umsetzung/bericht/2021-6-1",
        "/umsetzung/bericht/2021-02-30",
        "/umsetzung/bericht/heute",
        "/umsetzung/bericht/2999-01-01",
        "/umsetzung/bericht/2021-06",
    ] {
        let (status, _, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("<h1"), "{path}");
    }
    let (status, _, body) = get(&app, "/umsetzung/bericht/1990-01-01").await;
    assert_eq!(status, StatusCode::OK, "a day before every status is fine");
    assert!(!body.contains("class=\"status status-in_progress\""));
}
