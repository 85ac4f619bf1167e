//! Tests of `standing`, with fixed dates.
use super::*;

fn history(entries: &[(&str, MeasureStatus)]) -> Vec<StatusChange> {
    entries
        .iter()
        .map(|(on, status)| StatusChange {
            on: PartialDate::parse(on).unwrap(),
            status: *status,
            note: None,
        })
        .collect()
}

fn date(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

#[test]
fn a_measure_in_progress_before_its_planned_end_is_current() {
    let h = history(&[("2021-03", MeasureStatus::InProgress)]);
    let s = standing(&h, Some(&date("2025-12-31")), (2025, 12, 31));
    assert_eq!(s.status, MeasureStatus::InProgress);
    assert!(!s.out_of_date);
    assert_eq!(s.shown(), "in_progress");
}

#[test]
fn a_measure_in_progress_after_its_planned_end_is_out_of_date() {
    let h = history(&[
        ("2020", MeasureStatus::Planned),
        ("2021-03", MeasureStatus::InProgress),
    ]);
    let s = standing(&h, Some(&date("2025-12-31")), (2026, 1, 1));
    assert!(s.out_of_date);
    assert_eq!(s.status, MeasureStatus::InProgress, "the record is kept");
    assert_eq!(s.shown(), "out_of_date");
    assert_eq!(s.confirmed_on, Some(date("2021-03")));
}

#[test]
fn a_planned_end_known_to_the_year_or_month_passes_after_its_last_day() {
    let h = history(&[("2021", MeasureStatus::Delayed)]);
    assert!(!standing(&h, Some(&date("2024")), (2024, 12, 31)).out_of_date);
    assert!(standing(&h, Some(&date("2024")), (2025, 1, 1)).out_of_date);
    assert!(!standing(&h, Some(&date("2024-02")), (2024, 2, 29)).out_of_date);
    assert!(standing(&h, Some(&date("2024-02")), (2024, 3, 1)).out_of_date);
}

#[test]
fn done_and_stopped_are_final_and_never_out_of_date() {
    for last in [MeasureStatus::Done, MeasureStatus::Stopped] {
        let h = history(&[("2021", MeasureStatus::InProgress), ("2022", last)]);
        let s = standing(&h, Some(&date("2021-06")), (2030, 1, 1));
        assert!(!s.out_of_date, "{last}");
        assert_eq!(s.shown(), last.as_str());
    }
    for open in [
        MeasureStatus::Planned,
        MeasureStatus::InProgress,
        MeasureStatus::Delayed,
    ] {
        assert!(!is_final(open), "{open}");
    }
}

#[test]
fn without_a_planned_end_nothing_is_out_of_date() {
    let h = history(&[("2016", MeasureStatus::InProgress)]);
    assert!(!standing(&h, None, (2099, 1, 1)).out_of_date);
}

#[test]
fn the_latest_entry_confirms_the_status_and_an_empty_history_reads_as_planned() {
    let h = history(&[
        ("2019-11", MeasureStatus::Planned),
        ("2023-05-02", MeasureStatus::InProgress),
    ]);
    assert_eq!(
        standing(&h, None, (2024, 1, 1)).confirmed_on,
        Some(date("2023-05-02"))
    );
    let empty = standing(&[], Some(&date("2020")), (2026, 1, 1));
    assert_eq!(empty.status, MeasureStatus::Planned);
    assert_eq!(empty.confirmed_on, None);
    assert!(empty.out_of_date);
}

fn measure_with(entries: &[(&str, MeasureStatus)], start: Option<&str>) -> crate::Measure {
    crate::Measure {
        slug: "m".into(),
        title: "m".into(),
        body: String::new(),
        lead: "dig".into(),
        partners: vec![],
        goals: vec!["g".into()],
        start: start.map(date),
        planned_end: None,
        actual_end: None,
        budget_planned_eur: None,
        budget_spent_eur: None,
        budget_source: None,
        source: None,
        source_url: None,
        external_id: None,
        archived: None,
        status: history(entries),
        milestones: vec![],
        assessment: vec![],
    }
}

#[test]
fn the_status_on_a_day_is_the_latest_entry_begun_by_then() {
    let m = measure_with(
        &[
            ("2019-11", MeasureStatus::Planned),
            ("2021-05", MeasureStatus::InProgress),
            ("2023-06-15", MeasureStatus::Delayed),
        ],
        None,
    );
    let on = |day| status_on(&m, day).map(|s| s.status);
    assert_eq!(on((2019, 10, 31)), None, "before the first entry");
    assert_eq!(on((2019, 11, 1)), Some(MeasureStatus::Planned));
    assert_eq!(on((2021, 4, 30)), Some(MeasureStatus::Planned));
    assert_eq!(
        on((2021, 5, 1)),
        Some(MeasureStatus::InProgress),
        "from the month's first day"
    );
    assert_eq!(on((2023, 6, 14)), Some(MeasureStatus::InProgress));
    assert_eq!(on((2023, 6, 15)), Some(MeasureStatus::Delayed));
    assert_eq!(on((2030, 1, 1)), Some(MeasureStatus::Delayed));
}

#[test]
fn the_status_on_a_day_ignores_every_later_entry() {
    let m = measure_with(
        &[
            ("2020", MeasureStatus::InProgress),
            ("2024", MeasureStatus::Done),
        ],
        None,
    );
    assert_eq!(
        status_on(&m, (2023, 12, 31)).map(|s| s.on),
        Some(date("2020"))
    );
    assert_eq!(
        status_on(&m, (2024, 1, 1)).map(|s| s.on),
        Some(date("2024"))
    );
    assert_eq!(status_on(&measure_with(&[], None), (2030, 1, 1)), None);
}

#[test]
fn a_measure_is_overdue_only_after_more_than_the_cadence_without_a_report() {
    let m = measure_with(&[("2026-01-01", MeasureStatus::InProgress)], None);
    // 2026-01-01 + 180 days = 2026-06-30.
    assert_eq!(
        overdue_report(&m, (2026, 6, 30), 180),
        None,
        "exactly the cadence"
    );
    assert_eq!(
        overdue_report(&m, (2026, 7, 1), 180),
        Some(Overdue {
            since: date("2026-01-01"),
            days: 181
        })
    );
    assert_eq!(
        overdue_report(&m, (2025, 12, 1), 180),
        None,
        "a report dated later"
    );
    assert_eq!(overdue_report(&m, (2026, 1, 2), 0).map(|o| o.days), Some(1));
    assert_eq!(overdue_report(&m, (2026, 1, 1), 0), None);
}

#[test]
fn a_report_known_to_the_month_or_year_counts_from_its_last_day() {
    let year = measure_with(&[("2025", MeasureStatus::InProgress)], None);
    assert_eq!(overdue_report(&year, (2026, 1, 30), 30), None);
    assert_eq!(
        overdue_report(&year, (2026, 1, 31), 30).map(|o| o.days),
        Some(31)
    );
    let month = measure_with(&[("2024-02", MeasureStatus::Delayed)], None);
    assert_eq!(overdue_report(&month, (2024, 3, 30), 30), None);
    assert_eq!(
        overdue_report(&month, (2024, 3, 31), 30).map(|o| o.days),
        Some(31)
    );
}

#[test]
fn the_latest_entry_counts_not_the_first() {
    let m = measure_with(
        &[
            ("2019", MeasureStatus::Planned),
            ("2026-11-01", MeasureStatus::InProgress),
        ],
        None,
    );
    assert_eq!(overdue_report(&m, (2026, 12, 7), 180), None);
}

#[test]
fn without_a_status_entry_the_start_counts_and_without_either_nothing_is_overdue() {
    let started = measure_with(&[], Some("2020-03"));
    assert_eq!(
        overdue_report(&started, (2026, 12, 7), 180).map(|o| o.since),
        Some(date("2020-03"))
    );
    assert_eq!(
        overdue_report(&measure_with(&[], None), (2026, 12, 7), 180),
        None
    );
    let reported = measure_with(&[("2026-10", MeasureStatus::Planned)], Some("2019"));
    assert_eq!(
        overdue_report(&reported, (2026, 12, 7), 180),
        None,
        "the report wins"
    );
}

#[test]
fn done_stopped_and_archived_measures_are_never_overdue() {
    for last in [MeasureStatus::Done, MeasureStatus::Stopped] {
        let m = measure_with(&[("2019", MeasureStatus::InProgress), ("2020", last)], None);
        assert_eq!(overdue_report(&m, (2026, 12, 7), 180), None, "{last}");
    }
    for open in [
        MeasureStatus::Planned,
        MeasureStatus::InProgress,
        MeasureStatus::Delayed,
    ] {
        let m = measure_with(&[("2020", open)], None);
        assert!(overdue_report(&m, (2026, 12, 7), 180).is_some(), "{open}");
    }
    let mut archived = measure_with(&[("2020", MeasureStatus::InProgress)], None);
    archived.archived = Some(date("2026-12-06"));
    assert_eq!(overdue_report(&archived, (2026, 12, 7), 180), None);
}
