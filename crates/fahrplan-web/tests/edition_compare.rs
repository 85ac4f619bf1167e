//! Editions compared as data (issue 16): the comparison page names what became of each 2016
//! field in 2021 (continued, split, merged, regrouped, dropped, new) and the CSV holds the same
//! rows, every area of both editions exactly once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, setup};
use fahrplan_app::content::{default_content, parse_content};

/// The slugs of an edition's areas that do not only group others.
fn content_areas(edition: &str) -> Vec<String> {
    let set = parse_content(&default_content()).unwrap();
    let e = set
        .editions
        .iter()
        .find(|e| e.edition.slug == edition)
        .unwrap();
    e.areas
        .iter()
        .filter(|a| {
            !e.areas
                .iter()
                .any(|c| c.parent.as_deref() == Some(a.slug.as_str()))
        })
        .map(|a| a.slug.clone())
        .collect()
}

#[tokio::test]
async fn the_comparison_names_what_became_of_every_area_and_the_csv_holds_each_once() {
    let (app, _, _db) = setup().await;
    let (status, _, html) = get(&app, "/strategie/vergleich").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Was aus den Bereichen von 2016 in 2021 wurde"));
    assert!(html.contains("href=\"/strategie/vergleich.csv\""));
    let (status, h, csv) = get(&app, "/strategie/vergleich.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "from_edition;to_edition;change;change_label;from_areas;from_titles;to_areas;to_titles"
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| {
            l.split(';')
                .map(|c| c.trim_matches('"').to_owned())
                .collect()
        })
        .collect();
    assert!(!rows.is_empty());
    let mut from: Vec<String> = Vec::new();
    let mut to: Vec<String> = Vec::new();
    for r in &rows {
        assert_eq!((r[0].as_str(), r[1].as_str()), ("2016", "2021"));
        let (f, t): (Vec<&str>, Vec<&str>) = (
            r[4].split(", ").filter(|s| !s.is_empty()).collect(),
            r[6].split(", ").filter(|s| !s.is_empty()).collect(),
        );
        let expected = match (f.len(), t.len()) {
            (1, 0) => "dropped",
            (0, 1) => "added",
            (1, 1) => "continued",
            (1, _) => "split",
            (_, 1) => "merged",
            _ => "regrouped",
        };
        assert_eq!(r[2], expected, "{r:?}");
        from.extend(f.iter().map(|s| (*s).to_owned()));
        to.extend(t.iter().map(|s| (*s).to_owned()));
    }
    from.sort();
    to.sort();
    let (mut old, mut new) = (content_areas("2016"), content_areas("2021"));
    old.sort();
    new.sort();
    assert_eq!(from, old, "every 2016 area exactly once");
    assert_eq!(to, new, "every 2021 area exactly once");
}
