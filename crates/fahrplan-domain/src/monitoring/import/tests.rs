use super::*;

fn reasons(text: &str) -> Vec<(usize, String)> {
    read_observations(text)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.line, e.reason))
        .collect()
}

#[test]
fn a_comma_file_and_a_semicolon_file_read_alike() {
    let comma = "indicator,period,value,region,source,note\nhaushalte-gigabit,2024-Q4,75.5,06,Breitbandatlas,rund\n";
    let semi = "\u{feff}indicator;period;value;region;source;note\r\nhaushalte-gigabit;2024-Q4;75,5;06;Breitbandatlas;rund\r\n";
    let a = read_observations(comma).unwrap();
    let b = read_observations(semi).unwrap();
    assert_eq!(a, b);
    assert_eq!(a[0].value, 75.5);
    assert_eq!(a[0].period.to_string(), "2024-Q4");
    assert_eq!((a[0].line, a[0].region.as_deref()), (2, Some("06")));
}

#[test]
fn columns_may_come_in_any_order_and_region_and_note_may_be_left_out() {
    let rows = read_observations("source,value,period,indicator\nAtlas,12,2023,x\n").unwrap();
    assert_eq!(rows[0].indicator, "x");
    assert_eq!((rows[0].region.clone(), rows[0].note.clone()), (None, None));
}

#[test]
fn a_decimal_comma_counts_only_in_a_semicolon_file_or_in_quotes() {
    let quoted =
        read_observations("indicator,period,value,source\nx,2023,\"71,5\",Atlas\n").unwrap();
    assert_eq!(quoted[0].value, 71.5);
    let r = reasons("indicator,period,value,source\nx,2023,71,5,Atlas\n");
    assert_eq!(r[0].0, 2);
    assert!(r[0].1.contains("must be in quotes"), "{r:?}");
    let r = reasons("indicator;period;value;source\nx;2023;1.071,5;Atlas\n");
    assert!(r[0].1.contains("thousands"), "{r:?}");
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_reason() {
    let text = "indicator,period,value,region,source\n\
                x,2023-13,1,,Atlas\n\
                x,2023,viel,,Atlas\n\
                x,2023,1,6411,Atlas\n\
                x,2024,1,,\n\
                ,2024,1,,Atlas\n\
                x,2025,1,06411,Atlas\n";
    let r = reasons(text);
    let lines: Vec<usize> = r.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6], "{r:?}");
    assert!(r[0].1.contains("period"));
    assert!(r[1].1.contains("not a number"));
    assert!(r[2].1.contains("official key"));
    assert!(r[3].1.contains("source"));
    assert!(r[4].1.contains("indicator"));
}

#[test]
fn a_bad_header_is_reported_before_any_row() {
    let r = reasons("indicator,period,wert,source\nx,2023,1,Atlas\n");
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r.iter().all(|(line, _)| *line == 1));
    assert!(r[0].1.contains("unknown column \"wert\""));
    assert!(r[1].1.contains("lacks the column \"value\""));
    assert!(reasons("")[0].1.contains("empty"));
}

#[test]
fn the_same_indicator_period_and_region_twice_in_one_file_is_refused() {
    let r = reasons(
        "indicator,period,value,region,source\nx,2023,1,06411,A\nx,2023,2,06411,A\nx,2023,2,06412,A\n",
    );
    assert_eq!(
        r,
        [(
            3,
            "the same indicator, period and region as line 2".to_owned()
        )]
    );
}

#[test]
fn unknown_indicators_and_regions_are_named_with_their_line() {
    let rows =
        read_observations("indicator,period,value,region,source\nx,2023,1,06999,A\ny,2023,1,,A\n")
            .unwrap();
    let known_i: HashSet<&str> = ["x"].into();
    let known_r: HashSet<&str> = ["06", "06411"].into();
    let r = unknown_references(&rows, &known_i, &known_r);
    assert_eq!(r.len(), 2);
    assert_eq!((r[0].line, r[1].line), (2, 3));
    assert!(r[0].reason.contains("06999") && r[1].reason.contains("\"y\""));
}
