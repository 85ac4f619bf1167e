//! Tests of the status bars (compiled under `#[cfg(test)]` only).

use super::super::check::{
    assert_no_style, assert_readable_when_narrow, attr, colours, contrast, tags,
};
use super::*;
use fahrplan_domain::PartialDate;

fn area(name: &str, counts: [u32; 6]) -> AreaCounts {
    AreaCounts {
        area: name.into(),
        counts,
    }
}

fn bars() -> StatusBars {
    StatusBars {
        id: "stand".into(),
        title: "Stand der Maßnahmen nach Handlungsfeld".into(),
        areas: vec![
            area("Digitale Infrastruktur", [3, 12, 7, 2, 1, 4]),
            area(
                "Digitale Verwaltung und Teilhabe aller Bürgerinnen und Bürger",
                [0, 20, 1, 0, 0, 0],
            ),
            area("Ohne Maßnahmen", [0; 6]),
        ],
        caption: Caption {
            message: "Die meisten Maßnahmen sind in Umsetzung.".into(),
            source: "Digitalressort".into(),
            as_of: "30. Juni 2024".into(),
        },
    }
}

fn de() -> ChartLabels {
    ChartLabels::german()
}

/// What the chart draws for a row and status: the sum of its marks' `data-value`s.
fn drawn(svg: &str, row: usize, status: &str) -> u32 {
    ["rect", "text"]
        .iter()
        .flat_map(|t| tags(svg, t))
        .filter(|t| attr(t, "data-row") == Some(&row.to_string()))
        .filter(|t| attr(t, "data-status") == Some(status))
        .map(|t| attr(t, "data-value").unwrap().parse::<u32>().unwrap())
        .sum()
}

#[test]
fn the_table_holds_exactly_the_numbers_the_chart_draws() {
    let b = bars();
    let svg = b.svg(&de());
    let table = b.table(&de());
    assert_eq!(table.rows.len(), 3);
    for (row, cells) in table.rows.iter().enumerate() {
        assert_eq!(cells[0], b.areas[row].area);
        for (col, s) in ShownStatus::ALL.iter().enumerate() {
            let cell: u32 = cells[col + 1].parse().unwrap();
            assert_eq!(drawn(&svg, row, s.wire()), cell, "row {row}, {}", s.wire());
        }
        assert_eq!(drawn(&svg, row, "total"), cells[7].parse::<u32>().unwrap());
    }
    let segments = tags(&svg, "rect")
        .into_iter()
        .filter(|t| attr(t, "data-status").is_some())
        .count();
    assert_eq!(
        segments,
        6 + 2,
        "a segment for every count above zero, none for zeros"
    );
}

#[test]
fn every_status_has_its_own_pattern_and_fill_defined_once() {
    let svg = bars().svg(&de());
    let patterns = tags(&svg, "pattern");
    assert_eq!(patterns.len(), 6);
    let mut bodies = Vec::new();
    for s in ShownStatus::ALL {
        let id = format!("stand-{}", s.wire());
        let open = patterns
            .iter()
            .find(|p| attr(p, "id") == Some(id.as_str()))
            .unwrap_or_else(|| panic!("no pattern {id}"));
        let start = svg.find(open).unwrap() + open.len();
        let body = &svg[start..start + svg[start..].find("</pattern>").unwrap()];
        bodies.push(body.replace(s.fill(), ""));
        assert!(body.contains(s.fill()));
        assert!(
            svg.matches(&format!("fill=\"url(#{id})\"")).count() >= 1,
            "the legend shows {id}"
        );
    }
    let mut marks = bodies.clone();
    marks.sort();
    marks.dedup();
    assert_eq!(
        marks.len(),
        6,
        "the marks of the patterns differ: {bodies:?}"
    );
    let mut fills: Vec<_> = ShownStatus::ALL.iter().map(|s| s.fill()).collect();
    fills.dedup();
    assert_eq!(fills.len(), 6);
}

#[test]
fn the_legend_names_every_status_in_words() {
    let svg = bars().svg(&de());
    for label in de().statuses {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
}

#[test]
fn every_segment_has_its_count_written_in_or_below_it() {
    let b = bars();
    let svg = b.svg(&de());
    let texts: Vec<&str> = svg
        .split("dy=\"0.35em\" text-anchor=\"middle\">")
        .skip(1)
        .collect();
    let mut written: Vec<u32> = texts
        .iter()
        .map(|t| t.split('<').next().unwrap().parse().unwrap())
        .collect();
    written.sort_unstable();
    let mut counts: Vec<u32> = b
        .areas
        .iter()
        .flat_map(|a| a.counts)
        .filter(|n| *n > 0)
        .collect();
    counts.sort_unstable();
    assert_eq!(written, counts);
}

#[test]
fn every_colour_of_a_mark_has_3_to_1_contrast_against_white() {
    for c in colours(&bars().svg(&de())) {
        assert!(contrast(&c, "#ffffff") >= 3.0, "{c}");
    }
}

#[test]
fn hostile_area_names_and_titles_are_escaped() {
    let mut b = bars();
    b.title = "<script>alert(1)</script>".into();
    b.areas[0].area = "<img src=x onerror=alert(1)>".into();
    b.id = "a\"><script>".into();
    let out = b.figure(&de()) + &b.table(&de()).html();
    assert!(!out.contains("<script"));
    assert!(!out.contains("<img"));
    assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn no_style_attribute_or_element_anywhere() {
    let b = bars();
    assert_no_style(&(b.figure(&de()) + &b.table(&de()).html()));
}

#[test]
fn text_stays_at_least_12px_on_a_320px_screen() {
    assert_readable_when_narrow(&bars().svg(&de()));
}

#[test]
fn the_description_sums_each_status_over_the_areas() {
    let svg = bars().svg(&de());
    assert!(svg.contains(
        "Die meisten Maßnahmen sind in Umsetzung. geplant: 3, in Umsetzung: 32, umgesetzt: 8, verzögert: 2, eingestellt: 1, Stand nicht aktuell: 4. Summe: 50."
    ));
}

#[test]
fn a_measure_past_its_planned_end_counts_as_out_of_date() {
    let end = PartialDate::parse("2023").unwrap();
    let late = fahrplan_domain::standing(&[], Some(&end), (2024, 1, 1));
    assert_eq!(ShownStatus::of(&late), ShownStatus::OutOfDate);
    assert_eq!(ShownStatus::of(&late).wire(), late.shown());
    let mut a = AreaCounts::new("x");
    a.add(ShownStatus::of(&late));
    a.add(ShownStatus::Done);
    assert_eq!((a.count(ShownStatus::OutOfDate), a.total()), (1, 2));
}
