//! Tests of the tile map (compiled under `#[cfg(test)]` only).

use super::super::check::{
    assert_no_style, assert_readable_when_narrow, attr, contrast, german_number, hessen_tiles,
    luminance, tags,
};
use super::*;
use std::collections::{BTreeMap, HashSet};

/// Values for every region but Fulda and Gießen, from 20 (Darmstadt, the lowest key) up by 2.5
/// in the order of the keys.
fn map() -> TileMap {
    let keys: Vec<String> = hessen_tiles(|_| None).into_iter().map(|t| t.key).collect();
    let values: BTreeMap<&str, f64> = keys
        .iter()
        .enumerate()
        .filter(|(_, key)| !matches!(key.as_str(), "06631" | "06531"))
        .map(|(i, key)| {
            #[allow(clippy::cast_precision_loss)]
            let v = 20.0 + i as f64 * 2.5;
            (key.as_str(), v)
        })
        .collect();
    TileMap {
        id: "glasfaser".into(),
        title: "Glasfaseranschlüsse nach Kreis".into(),
        unit: "%".into(),
        tiles: hessen_tiles(|key| values.get(key).copied()),
        caption: Caption {
            message: "Der Süden ist besser versorgt.".into(),
            source: "Breitbandatlas".into(),
            as_of: "30. Juni 2024".into(),
        },
    }
}

/// Where the table's sorted variants are, language prefix included.
const BASE: &str = "/en/umsetzung/regionen/glasfaser/sortiert";

fn de() -> ChartLabels {
    ChartLabels::german()
}

/// The region tiles of the SVG: the rects with a `data-key`.
fn tiles_of(svg: &str) -> Vec<&str> {
    tags(svg, "rect")
        .into_iter()
        .filter(|t| attr(t, "data-key").is_some())
        .collect()
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name).unwrap().parse().unwrap()
}

#[test]
fn the_table_holds_exactly_the_numbers_the_chart_draws() {
    let m = map();
    let svg = m.svg(&de());
    let drawn: BTreeMap<String, Option<f64>> = tiles_of(&svg)
        .iter()
        .map(|t| {
            let value = attr(t, "data-value").map(|v| v.parse().unwrap());
            (attr(t, "data-key").unwrap().to_owned(), value)
        })
        .collect();
    let table = m.table(&de(), Column::Key, BASE);
    let listed: BTreeMap<String, Option<f64>> = table
        .rows
        .iter()
        .map(|r| {
            let value = (r[2] != "keine Daten").then(|| german_number(&r[2]).unwrap());
            (r[0].clone(), value)
        })
        .collect();
    assert_eq!(drawn, listed);
    assert_eq!(drawn.values().filter(|v| v.is_none()).count(), 2);
}

#[test]
fn one_tile_per_region_and_no_two_overlap() {
    let svg = map().svg(&de());
    let tiles = tiles_of(&svg);
    assert_eq!(tiles.len(), 26);
    let keys: HashSet<_> = tiles.iter().map(|t| attr(t, "data-key").unwrap()).collect();
    assert_eq!(keys.len(), 26);
    let boxes: Vec<(f64, f64, f64, f64)> = tiles
        .iter()
        .map(|t| (num(t, "x"), num(t, "y"), num(t, "width"), num(t, "height")))
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn the_palette_keeps_3_to_1_against_white_and_its_words_4_5_to_1() {
    for (fill, ink) in PALETTE.iter().zip(ON_PALETTE) {
        assert!(contrast(fill, "#ffffff") >= 3.0, "{fill} against white");
        assert!(contrast(fill, ink) >= 4.5, "{ink} on {fill}");
    }
    assert!(
        PALETTE
            .windows(2)
            .all(|w| luminance(w[0]) > luminance(w[1])),
        "light to dark"
    );
    assert!(contrast(NO_DATA, "#ffffff") >= 3.0);
}

#[test]
fn every_tile_is_shaded_in_its_value_class_and_the_legend_shows_each_class() {
    let m = map();
    let svg = m.svg(&de());
    let values: Vec<f64> = m.tiles.iter().filter_map(|t| t.value).collect();
    let b = breaks(&values);
    assert!((4..=5).contains(&(b.len() - 1)), "{b:?}");
    assert!(b[0] <= 20.0 && *b.last().unwrap() >= 82.5);
    for t in tiles_of(&svg) {
        let Some(v) = attr(t, "data-value").map(|v| v.parse::<f64>().unwrap()) else {
            continue;
        };
        let class = b
            .windows(2)
            .position(|w| w[0] <= v && (v < w[1] || w[1] == b[b.len() - 1]))
            .unwrap();
        assert_eq!(
            attr(t, "fill"),
            Some(PALETTE[shade(class, b.len() - 1)]),
            "{t}"
        );
    }
    assert_eq!(b, vec![20.0, 40.0, 60.0, 80.0, 100.0]);
    assert!(svg.contains(">20 bis unter 40</text>"));
    assert!(
        svg.contains(">80 bis 100</text>"),
        "the last class is closed"
    );
    assert!(svg.contains(">Wert (%)</text>"));
}

#[test]
fn breaks_give_four_or_five_classes_of_round_width() {
    let ranges = [
        (20.0, 80.0),
        (11.0, 40.0),
        (0.0, 100.0),
        (3.2, 9.7),
        (-5.0, 5.0),
        (0.5, 0.9),
        (1200.0, 98_000.0),
    ];
    for (lo, hi) in ranges {
        let b = breaks(&[lo, hi]);
        assert!((4..=5).contains(&(b.len() - 1)), "{lo}–{hi}: {b:?}");
        assert!(b[0] <= lo && *b.last().unwrap() >= hi, "{lo}–{hi}: {b:?}");
    }
    assert_eq!(breaks(&[20.0, 80.0]), vec![0.0, 25.0, 50.0, 75.0, 100.0]);
    assert_eq!(breaks(&[11.0, 40.0]), vec![8.0, 16.0, 24.0, 32.0, 40.0]);
    assert_eq!(breaks(&[7.0, 7.0]), vec![7.0, 7.0], "one value, one class");
    assert!(breaks(&[]).is_empty());
}

#[test]
fn regions_without_a_value_are_hatched_and_say_no_data() {
    let svg = map().svg(&de());
    let fulda = tiles_of(&svg)
        .into_iter()
        .find(|t| attr(t, "data-key") == Some("06631"))
        .unwrap();
    assert_eq!(attr(fulda, "fill"), Some("url(#glasfaser-nodata)"));
    assert!(attr(fulda, "data-value").is_none());
    assert_eq!(tags(&svg, "pattern").len(), 1);
    assert!(svg.contains("<title>Fulda (06631): keine Daten</title>"));
    assert!(svg.contains(">keine</text>") && svg.contains(">Daten</text>"));
    assert!(
        svg.contains(">keine Daten</text>"),
        "the legend explains the hatching"
    );
}

#[test]
fn the_table_sorts_by_the_chosen_column_and_marks_it() {
    let m = map();
    let by_value = m.table(&de(), Column::Value, BASE);
    let values: Vec<&str> = by_value.rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(values[0], "82,5");
    assert_eq!(&values[24..], ["keine Daten", "keine Daten"]);
    let html = by_value.html();
    assert!(
        html.contains("<th scope=\"col\" aria-sort=\"descending\"><a href=\"/en/umsetzung/regionen/glasfaser/sortiert/wert\">")
    );
    let by_name = m.table(&de(), Column::Name, BASE);
    let names: Vec<&str> = by_name.rows.iter().map(|r| r[1].as_str()).collect();
    let giessen = names.iter().position(|n| *n == "Gießen").unwrap();
    let gross_gerau = names.iter().position(|n| *n == "Groß-Gerau").unwrap();
    assert!(
        giessen < gross_gerau,
        "ß sorts as ss: Giessen before Gross-Gerau"
    );
    assert_eq!(names[0], "Bergstraße");
    assert!(by_name.html().contains(
        "aria-sort=\"ascending\"><a href=\"/en/umsetzung/regionen/glasfaser/sortiert/name\">"
    ));
    let by_key = m.table(&de(), Column::Key, BASE);
    assert!(by_key.rows.windows(2).all(|w| w[0][0] < w[1][0]));
}

#[test]
fn sort_columns_read_back_from_their_path_segment() {
    for c in Column::ALL {
        assert_eq!(Column::parse(c.segment()), Some(c));
    }
    assert_eq!(Column::parse("wert;drop"), None);
    assert_eq!(Column::default(), Column::Name);
}

#[test]
fn the_description_names_highest_lowest_and_missing_regions() {
    let svg = map().svg(&de());
    assert!(svg.contains(
        "Der Süden ist besser versorgt. höchster Wert: 82,5 % (Werra-Meißner-Kreis), niedrigster Wert: 20 % (Darmstadt). keine Daten: Gießen, Fulda.</desc>"
    ), "{svg}");
}

#[test]
fn hostile_names_and_titles_are_escaped() {
    let mut m = map();
    m.title = "<script>alert(1)</script>".into();
    m.tiles[0].name = "<img src=x onerror=alert(1)>".into();
    m.tiles[1].key = "\"><script>".into();
    let out = m.figure(&de()) + &m.table(&de(), Column::Name, BASE).html();
    assert!(!out.contains("<script"));
    assert!(!out.contains("<img"));
    assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn no_style_attribute_or_element_anywhere() {
    let m = map();
    assert_no_style(&(m.figure(&de()) + &m.table(&de(), Column::Value, BASE).html()));
}

#[test]
fn text_stays_at_least_12px_on_a_320px_screen() {
    assert_readable_when_narrow(&map().svg(&de()));
}
