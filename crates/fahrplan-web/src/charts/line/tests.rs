//! Tests of the line chart (compiled under `#[cfg(test)]` only).

use super::super::check::{
    assert_no_style, assert_readable_when_narrow, attr, colours, contrast, data_values,
    german_number, tags,
};
use super::*;

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn point(period: &str, value: f64) -> Point {
    Point {
        period: p(period),
        value,
    }
}

fn chart(series: &[(&str, f64)]) -> LineChart {
    LineChart {
        id: "gigabit".into(),
        title: "Haushalte mit Gigabit-Anschluss".into(),
        unit: "%".into(),
        series: series.iter().map(|(s, v)| (p(s), *v)).collect(),
        baseline: point("2019", 30.0),
        target: Some(point("2025", 90.0)),
        reference: Some(("EU-Ziel".into(), point("2030", 100.0))),
        caption: Caption {
            message: "Der Ausbau liegt über dem Zielpfad.".into(),
            source: "Breitbandatlas".into(),
            as_of: "30. Juni 2024".into(),
        },
    }
}

fn full() -> LineChart {
    chart(&[
        ("2020", 41.0),
        ("2021", 52.5),
        ("2022", 63.0),
        ("2023", 71.5),
    ])
}

/// The circles of observations (the legend has one more, without a value).
fn observed(svg: &str) -> Vec<&str> {
    tags(svg, "circle")
        .into_iter()
        .filter(|c| attr(c, "data-value").is_some())
        .collect()
}

fn de() -> ChartLabels {
    ChartLabels::german()
}

#[test]
fn the_table_holds_exactly_the_numbers_the_chart_draws() {
    let c = full();
    let svg = c.svg(&de());
    let table = c.table(&de());
    let mut from_table: Vec<f64> = table
        .rows
        .iter()
        .map(|r| german_number(&r[2]).unwrap())
        .collect();
    from_table.sort_by(f64::total_cmp);
    assert_eq!(data_values(&svg), from_table);
    assert_eq!(from_table, vec![30.0, 41.0, 52.5, 63.0, 71.5, 90.0, 100.0]);
    let kinds: Vec<&str> = table.rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "Ausgangswert",
            "Messwert",
            "Messwert",
            "Messwert",
            "Messwert",
            "Ziel",
            "Referenz: EU-Ziel"
        ]
    );
    assert_eq!(table.rows[0][0], "2019");
    assert_eq!(table.head[2], "Wert (%)");
}

#[test]
fn every_observation_is_a_circle_with_its_period_and_value_as_tooltip() {
    let svg = full().svg(&de());
    let circles = observed(&svg);
    assert_eq!(circles.len(), 4);
    assert!(svg.contains("<title>Messwert, 2023: 71,5 %</title>"));
    assert!(
        circles
            .iter()
            .all(|c| attr(c, "data-kind") == Some("Observed"))
    );
}

#[test]
fn a_higher_value_is_drawn_higher_and_a_later_period_further_right() {
    let svg = full().svg(&de());
    let circles = observed(&svg);
    let at = |c: &&str, a: &str| attr(c, a).unwrap().parse::<f64>().unwrap();
    for pair in circles.windows(2) {
        assert!(at(&pair[1], "cx") > at(&pair[0], "cx"));
        assert!(
            at(&pair[1], "cy") < at(&pair[0], "cy"),
            "values rise, so y falls"
        );
    }
}

#[test]
fn fewer_than_three_observations_are_drawn_as_points_without_a_line() {
    let two = chart(&[("2020", 41.0), ("2021", 52.5)]);
    assert!(!two.draws_line());
    let svg = two.svg(&de());
    assert!(!svg.contains("<polyline"));
    assert!(!svg.contains("<path"));
    assert_eq!(
        tags(&svg, "circle").len(),
        2 + 1,
        "two points and the legend's"
    );
    let three = chart(&[("2020", 41.0), ("2021", 52.5), ("2022", 63.0)]);
    assert!(three.draws_line());
    assert_eq!(tags(&three.svg(&de()), "polyline").len(), 1);
}

#[test]
fn baseline_and_target_have_their_own_shapes_and_words() {
    let svg = full().svg(&de());
    let baseline: Vec<_> = tags(&svg, "rect")
        .into_iter()
        .filter(|t| attr(t, "data-kind") == Some("Baseline"))
        .collect();
    assert_eq!(baseline.len(), 1);
    let target: Vec<_> = tags(&svg, "polygon")
        .into_iter()
        .filter(|t| attr(t, "data-kind") == Some("Target"))
        .collect();
    assert_eq!(target.len(), 1);
    assert!(svg.contains(">Ausgangswert</text>"));
    assert!(svg.contains(">Ziel</text>"));
    assert!(
        svg.contains(">Zielpfad</text>"),
        "the legend names the dashed line"
    );
}

#[test]
fn the_trajectory_is_dashed_and_the_reference_dotted_and_labelled() {
    let svg = full().svg(&de());
    let lines = tags(&svg, "line");
    let dash = |d: &str| {
        lines
            .iter()
            .filter(|l| attr(l, "stroke-dasharray") == Some(d) && attr(l, "x1") != Some("0"))
            .count()
    };
    assert_eq!(dash("10 6"), 1, "one straight path from baseline to target");
    let reference: Vec<_> = lines
        .iter()
        .filter(|l| attr(l, "data-kind") == Some("Reference"))
        .collect();
    assert_eq!(reference.len(), 1);
    assert_eq!(
        attr(reference[0], "y1"),
        attr(reference[0], "y2"),
        "horizontal"
    );
    assert_eq!(attr(reference[0], "stroke-dasharray"), Some("1 6"));
    assert!(svg.contains(">EU-Ziel</text>"));
}

#[test]
fn the_value_axis_starts_at_zero_or_at_a_negative_minimum() {
    let svg = full().svg(&de());
    assert!(svg.contains("text-anchor=\"end\">0</text>"));
    assert!(svg.contains("text-anchor=\"end\">100</text>"));
    let mut below = chart(&[("2020", -12.0), ("2021", 5.0), ("2022", 8.0)]);
    below.reference = None;
    let svg = below.svg(&de());
    assert!(
        svg.contains("text-anchor=\"end\">\u{2212}50</text>"),
        "{svg}"
    );
}

#[test]
fn the_chart_is_named_by_its_title_and_described_by_message_and_latest_value() {
    let svg = full().svg(&de());
    let root = tags(&svg, "svg")[0];
    assert_eq!(attr(root, "role"), Some("img"));
    assert_eq!(
        attr(root, "aria-labelledby"),
        Some("gigabit-title gigabit-desc")
    );
    assert!(svg.contains("<title id=\"gigabit-title\">Haushalte mit Gigabit-Anschluss</title>"));
    assert!(svg.contains(
        "<desc id=\"gigabit-desc\">Der Ausbau liegt über dem Zielpfad. Letzter Wert (2023): 71,5 %.</desc>"
    ));
}

#[test]
fn hostile_texts_are_escaped_in_chart_table_and_caption() {
    let mut c = full();
    c.title = "<script>alert(1)</script>".into();
    c.unit = "<b>%</b>".into();
    c.reference = Some(("<img src=x onerror=alert(1)>".into(), point("2030", 100.0)));
    c.caption.message = "\"><script>x</script>".into();
    c.id = "\"><script>".into();
    let out = c.figure(&de()) + &c.table(&de()).html();
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img"));
    assert!(!out.contains("<b>"));
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn no_style_attribute_or_element_anywhere() {
    let c = full();
    assert_no_style(&(c.figure(&de()) + &c.table(&de()).html()));
}

#[test]
fn text_stays_at_least_12px_on_a_320px_screen() {
    assert_readable_when_narrow(&full().svg(&de()));
}

#[test]
fn every_colour_of_a_mark_has_3_to_1_contrast_against_white() {
    let svg = full().svg(&de());
    let used = colours(&svg);
    assert!(used.len() >= 5, "{used:?}");
    for c in used {
        assert!(contrast(&c, "#ffffff") >= 3.0, "{c}");
    }
}

#[test]
fn values_that_are_not_finite_are_left_out_of_chart_and_table_alike() {
    let c = chart(&[("2020", 41.0), ("2021", f64::NAN), ("2022", f64::INFINITY)]);
    assert_eq!(tags(&c.svg(&de()), "circle").len(), 1 + 1);
    assert_eq!(c.table(&de()).rows.len(), 1 + 1 + 1 + 1);
    assert!(!c.draws_line());
}

#[test]
fn without_target_or_reference_only_observations_and_baseline_are_drawn() {
    let mut c = full();
    c.target = None;
    c.reference = None;
    let svg = c.svg(&de());
    assert!(!svg.contains("stroke-dasharray=\"10 6\""));
    assert!(!svg.contains(">Ziel</text>"));
    assert_eq!(data_values(&svg).len(), 5);
}

#[test]
fn english_labels_and_numbers_for_the_english_pages() {
    let en = ChartLabels::english();
    let c = full();
    let t = c.table(&en);
    assert_eq!(t.rows[0][1], "Baseline");
    assert_eq!(t.rows[4][2], "71.5");
    assert!(c.svg(&en).contains("Latest value (2023): 71.5 %."));
}

#[test]
fn quarters_span_their_own_axis_labels() {
    let mut c = chart(&[("2024-Q1", 40.0), ("2024-Q2", 45.0), ("2024-Q3", 50.0)]);
    c.baseline = point("2023-Q4", 35.0);
    c.target = Some(point("2024-Q4", 55.0));
    let svg = c.svg(&de());
    assert!(
        svg.contains(">2023</text>") && svg.contains(">2024</text>"),
        "{svg}"
    );
}
