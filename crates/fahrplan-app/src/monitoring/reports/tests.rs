//! Tests of the checks of a report, without a database.
use super::*;
use fahrplan_domain::monitoring::{CountingRule, Direction, Figure};

fn indicator(unit: &str) -> Indicator {
    Indicator {
        slug: "x".into(),
        name: "X".into(),
        unit: unit.into(),
        direction: Direction::HigherIsBetter,
        area: "2021/a".into(),
        goals: Vec::new(),
        owner: "hmdi".into(),
        summary: String::new(),
        example: false,
        counting_rule: CountingRule {
            definition: "d".into(),
            denominator: String::new(),
            source: "s".into(),
        },
        baseline: Figure {
            value: 1.0,
            period: Period::parse("2020").unwrap(),
            source: "s".into(),
            source_url: None,
        },
        target: None,
        reference: None,
        observations: Vec::new(),
    }
}

fn regions() -> Vec<Region> {
    vec![
        Region {
            key: "06".into(),
            name: "Hessen".into(),
            level: RegionLevel::Land,
            kind: None,
            parent: None,
            grid: None,
        },
        Region {
            key: "06411".into(),
            name: "Darmstadt".into(),
            level: RegionLevel::Kreis,
            kind: None,
            parent: Some("064".into()),
            grid: None,
        },
    ]
}

fn report(period: &str, value: &str, region: &str, source: &str) -> ValueReport {
    ValueReport {
        period: period.into(),
        value: value.into(),
        region: region.into(),
        source: source.into(),
        ..ValueReport::default()
    }
}

fn fields(e: Vec<FieldError>) -> Vec<(&'static str, &'static str)> {
    e.into_iter().map(|e| (e.field, e.code)).collect()
}

#[test]
fn a_good_value_with_a_decimal_comma_is_read_and_the_lands_key_means_the_whole_land() {
    let o = checked_value(
        &report("2024", "71,5", "06", " BNetzA "),
        &indicator("%"),
        &regions(),
    )
    .unwrap();
    assert_eq!(o.value, 71.5);
    assert_eq!(o.region, None);
    assert_eq!(o.source, "BNetzA");
    let o = checked_value(
        &report("2024-Q2", "3", "06411", "s"),
        &indicator("Schulen"),
        &regions(),
    )
    .unwrap();
    assert_eq!(o.region.as_deref(), Some("06411"));
}

#[test]
fn each_bad_field_is_named_with_its_own_message_in_form_order() {
    let e = checked_value(
        &report("2024-13", "viel", "99", ""),
        &indicator("%"),
        &regions(),
    )
    .unwrap_err();
    assert_eq!(
        fields(e),
        [
            ("period", "error-report-period-invalid"),
            ("value", "error-report-value-invalid"),
            ("region", "error-report-region-unknown"),
            ("source", "error-report-source-required"),
        ]
    );
}

#[test]
fn a_share_stays_within_0_and_100_and_a_count_is_never_negative() {
    let share = |v: &str| checked_value(&report("2024", v, "", "s"), &indicator("%"), &regions());
    assert!(share("0").is_ok() && share("100").is_ok());
    assert_eq!(
        fields(share("100.1").unwrap_err()),
        [("value", "error-report-value-share")]
    );
    assert_eq!(
        fields(share("-1").unwrap_err()),
        [("value", "error-report-value-share")]
    );
    let count = |v: &str| {
        checked_value(
            &report("2024", v, "", "s"),
            &indicator("Schulen"),
            &regions(),
        )
    };
    assert!(count("2500").is_ok());
    assert_eq!(
        fields(count("-3").unwrap_err()),
        [("value", "error-report-value-negative")]
    );
    assert_eq!(
        fields(count("1.234,5").unwrap_err()),
        [("value", "error-report-value-invalid")]
    );
    assert_eq!(
        fields(count("inf").unwrap_err()),
        [("value", "error-report-value-invalid")]
    );
}

#[test]
fn a_period_still_to_come_and_a_source_address_that_is_no_web_address_are_refused() {
    let mut r = report("2999", "1", "", "s");
    r.source_url = "javascript:alert(1)".into();
    let e = checked_value(&r, &indicator("%"), &regions()).unwrap_err();
    assert_eq!(
        fields(e),
        [
            ("period", "error-report-period-future"),
            ("source_url", "error-report-source-url-invalid"),
        ]
    );
}

fn status(s: &str, on: &str) -> StatusReport {
    StatusReport {
        status: s.into(),
        on: on.into(),
        note: String::new(),
    }
}

#[test]
fn a_status_day_may_not_lie_in_the_future_or_before_the_last_entry() {
    let today = (2026, 12, 7);
    let last = Some(PartialDate::parse("2024-09").unwrap());
    assert!(checked_status(&status("done", "2026-12-07"), last, today).is_ok());
    assert!(
        checked_status(&status("done", "2024-09-01"), last, today).is_ok(),
        "a day within the last entry's month is not before it"
    );
    let code = |r: StatusReport| fields(checked_status(&r, last, today).unwrap_err());
    assert_eq!(
        code(status("done", "2026-12-08")),
        [("on", "error-report-date-future")]
    );
    assert_eq!(
        code(status("done", "2024-08-31")),
        [("on", "error-report-date-before-last")]
    );
    assert_eq!(
        code(status("done", "2025-02")),
        [("on", "error-report-date-invalid")]
    );
    assert_eq!(
        code(status("fertig", "")),
        [
            ("status", "error-report-status-unknown"),
            ("on", "error-report-date-invalid")
        ]
    );
}
