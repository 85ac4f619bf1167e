//! Tests of `reporting`: who may report for what a department owns.
use super::*;
use crate::PartialDate;

fn dept(code: &str, successor: Option<&str>) -> Department {
    Department {
        code: code.into(),
        name: code.into(),
        short_name: code.into(),
        cabinet: None,
        valid_from: PartialDate::parse("2019").unwrap(),
        valid_to: successor.map(|_| PartialDate::parse("2024-01-17").unwrap()),
        successor: successor.map(Into::into),
        note: None,
        updated: PartialDate::parse("2026-01-01").unwrap(),
    }
}

/// hmdse → hmdi → neu; hmkb stands alone.
fn cabinet() -> Vec<Department> {
    vec![
        dept("hmdse", Some("hmdi")),
        dept("hmdi", Some("neu")),
        dept("neu", None),
        dept("hmkb", None),
    ]
}

#[test]
fn an_editor_of_the_owner_may_report() {
    assert!(may_report(&["hmdi"], false, "hmdi", &cabinet()));
}

#[test]
fn an_editor_of_an_ended_owner_may_report_while_the_role_exists() {
    assert!(may_report(&["hmdse"], false, "hmdse", &cabinet()));
}

#[test]
fn an_editor_of_any_successor_in_the_chain_may_report() {
    let all = cabinet();
    assert!(may_report(&["hmdi"], false, "hmdse", &all));
    assert!(may_report(&["neu"], false, "hmdse", &all), "two steps on");
    assert!(may_report(&["hmkb", "neu"], false, "hmdi", &all));
}

#[test]
fn a_predecessor_never_reports_for_its_successor() {
    assert!(!may_report(&["hmdse"], false, "hmdi", &cabinet()));
}

#[test]
fn an_editor_of_another_department_or_of_none_is_refused() {
    let all = cabinet();
    assert!(!may_report(&["hmkb"], false, "hmdse", &all));
    assert!(!may_report(&[], false, "hmdse", &all));
    assert!(!may_report(&["hmkb"], false, "unbekannt", &all));
}

#[test]
fn an_admin_may_report_for_every_department() {
    assert!(may_report(&[], true, "hmkb", &cabinet()));
    assert!(may_report(&[], true, "unbekannt", &cabinet()));
}

#[test]
fn a_cycle_in_the_successors_ends_the_search() {
    let all = vec![dept("a", Some("b")), dept("b", Some("a")), dept("c", None)];
    assert!(may_report(&["b"], false, "a", &all));
    assert!(!may_report(&["c"], false, "a", &all));
}
