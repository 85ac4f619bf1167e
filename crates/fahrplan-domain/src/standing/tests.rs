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
