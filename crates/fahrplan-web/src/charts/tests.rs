//! Tests of the shared pieces of the charts (compiled under `#[cfg(test)]` only).

use super::check::assert_no_style;
use super::*;
use fahrplan_domain::monitoring::period::Period;

fn table(sorting: Option<Sorting>) -> Table {
    Table {
        caption: "Breitband <2024>".into(),
        head: vec!["Schlüssel".into(), "Name".into(), "Wert (%)".into()],
        rows: vec![
            vec!["06411".into(), "Darmstadt".into(), "71,5".into()],
            vec![
                "06412".into(),
                "Frankfurt am Main".into(),
                "keine Daten".into(),
            ],
        ],
        sorting,
    }
}

#[test]
fn numbers_read_as_german_readers_write_them() {
    let de = ChartLabels::german();
    assert_eq!(de.number(71.5), "71,5");
    assert_eq!(de.number(12.0), "12");
    assert_eq!(de.number(0.1 + 0.2), "0,3");
    assert_eq!(de.number(1234.0), "1.234");
    assert_eq!(de.number(1_234_567.891), "1.234.567,89");
    assert_eq!(de.number(-3.0), "\u{2212}3");
    assert_eq!(de.number(-0.001), "0");
}

#[test]
fn english_numbers_use_a_decimal_point_and_english_periods() {
    let en = ChartLabels::english();
    assert_eq!(en.number(1234.5), "1,234.5");
    let p = |s: &str| (en.period)(&Period::parse(s).unwrap());
    assert_eq!(p("2023-Q2"), "Q2 2023");
    assert_eq!(p("2023-06"), "June 2023");
    assert_eq!(p("2023-06-30"), "30 June 2023");
    assert_eq!(p("2023"), "2023");
}

#[test]
fn escaping_turns_markup_into_text() {
    assert_eq!(
        escape("<script>alert('x') & \"y\"</script>"),
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
    );
}

#[test]
fn a_chart_id_keeps_only_characters_safe_in_ids_and_starts_with_a_letter() {
    assert_eq!(dom_id("Breitband-2024_a"), "Breitband-2024_a");
    let odd = dom_id("1 \"><script>");
    assert!(odd.starts_with(|c: char| c.is_ascii_alphabetic()), "{odd}");
    assert!(
        odd.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );
}

#[test]
fn gridlines_are_round_numbers_that_cover_every_value() {
    assert_eq!(ticks(0.0, 71.5, 4), vec![0.0, 20.0, 40.0, 60.0, 80.0]);
    let t = ticks(-3.0, 10.0, 4);
    assert!(t[0] <= -3.0 && *t.last().unwrap() >= 10.0, "{t:?}");
    assert!(t.windows(2).all(|w| w[1] > w[0]));
    assert_eq!(
        ticks(0.0, 0.0, 4).len(),
        5,
        "an empty range still gets an axis"
    );
}

#[test]
fn a_table_heads_its_columns_and_rows_and_stacks_on_phones() {
    let html = table(None).html();
    assert!(html.contains("<caption>Breitband &lt;2024&gt;</caption>"));
    assert!(html.contains("aria-label=\"Breitband &lt;2024&gt;\""));
    assert_eq!(
        check::tags(&html, "th").len(),
        5,
        "3 column and 2 row heads"
    );
    assert!(html.contains("<th scope=\"row\">06411</th>"));
    assert!(html.contains("<td data-label=\"Wert (%)\">71,5</td>"));
    assert!(html.contains("class=\"chart-table stacking\""));
    assert!(!html.contains("<a href="), "no sort links");
    assert_no_style(&html);
}

#[test]
fn a_sortable_table_links_each_head_and_marks_the_sorted_column() {
    let sorting = Sorting {
        base: "/umsetzung/regionen/breitband/sortiert/".into(),
        keys: vec!["schluessel", "name", "wert"],
        by: 2,
        descending: true,
    };
    let html = table(Some(sorting)).html();
    for key in ["schluessel", "name", "wert"] {
        assert!(
            html.contains(&format!(
                "<a href=\"/umsetzung/regionen/breitband/sortiert/{key}\">"
            )),
            "{key}"
        );
    }
    let heads = check::tags(&html, "th");
    let sorted: Vec<_> = heads.iter().filter(|t| t.contains("aria-sort")).collect();
    assert_eq!(sorted.len(), 1);
    assert_eq!(check::attr(sorted[0], "aria-sort"), Some("descending"));
    assert!(
        !html.contains("stacking"),
        "its head links must stay visible"
    );
    assert!(
        !html.contains('?'),
        "sorting is a path segment, which the page cache keeps"
    );
}

#[test]
fn the_contrast_formula_matches_wcag_examples() {
    assert!((check::contrast("#000", "#fff") - 21.0).abs() < 1e-9);
    assert!((check::contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
}
