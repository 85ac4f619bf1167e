use super::*;

#[test]
fn a_written_file_starts_with_a_bom_and_separates_by_semicolon() {
    let mut w = CsvWriter::new(&["slug", "status", "status_label"]);
    w.row(&["a", "in_progress", "in Umsetzung"]);
    let s = w.finish();
    assert_eq!(
        s,
        "\u{feff}slug;status;status_label\r\na;in_progress;in Umsetzung\r\n"
    );
}

#[test]
fn fields_with_separators_quotes_or_line_breaks_are_quoted() {
    assert_eq!(field("Wirtschaft; Arbeit"), "\"Wirtschaft; Arbeit\"");
    assert_eq!(field("der \"Pakt\""), "\"der \"\"Pakt\"\"\"");
    assert_eq!(field("zwei\nZeilen"), "\"zwei\nZeilen\"");
    assert_eq!(field(" Rand"), "\" Rand\"");
    assert_eq!(field("schlicht"), "schlicht");
}

#[test]
fn a_field_that_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe() {
    for (v, want) in [
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
        ("+1", "'+1"),
        ("-5 Punkte", "'-5 Punkte"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
    ] {
        assert_eq!(field(v), want);
    }
}

#[test]
fn a_plain_negative_number_stays_a_number() {
    assert_eq!(field("-3.25"), "-3.25");
    assert_eq!(field(&number(-12.0)), "-12");
}

#[test]
fn numbers_use_a_decimal_point_without_needless_zeros() {
    assert_eq!(number(71.5), "71.5");
    assert_eq!(number(100.0), "100");
    assert_eq!(number(-3.25), "-3.25");
    assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
}

#[test]
fn rows_are_padded_or_cut_to_the_header() {
    let mut w = CsvWriter::new(&["a", "b"]);
    w.row(&["1"]);
    w.row(&["1", "2", "3"]);
    assert!(w.finish().ends_with("a;b\r\n1;\r\n1;2\r\n"));
}

#[test]
fn what_is_written_reads_back_field_for_field() {
    let rows = [
        vec!["indicator", "note"],
        vec!["x", "ein; zwei"],
        vec!["y", "mit \"Zitat\"\nund Zeile"],
    ];
    let mut w = CsvWriter::new(&rows[0]);
    for r in &rows[1..] {
        w.row(r);
    }
    let back = records(&w.finish(), ';').unwrap();
    let fields: Vec<Vec<String>> = back.iter().map(|r| r.fields.clone()).collect();
    let want: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
        .collect();
    assert_eq!(fields, want);
    assert_eq!(back.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn reading_keeps_line_numbers_across_quoted_line_breaks_and_skips_empty_lines() {
    let text = "a,b\n\n\"1\n2\",x\n3,y\n";
    let r = records(text, ',').unwrap();
    assert_eq!(r.len(), 3);
    assert_eq!((r[1].line, r[2].line), (3, 5));
    assert_eq!(r[1].fields, ["1\n2", "x"]);
}

#[test]
fn a_broken_quote_is_reported_with_its_line() {
    assert_eq!(records("a,b\n1,x\"y\n", ',').unwrap_err().line, 2);
    assert_eq!(records("a,b\n\"1,x\n", ',').unwrap_err().line, 2);
    assert_eq!(records("a\n\"x\"y\n", ',').unwrap_err().line, 2);
}
