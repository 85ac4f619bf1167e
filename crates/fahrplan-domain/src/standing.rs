//! How a measure's status reads on a given day: the recorded status, when it was last confirmed,
//! and whether it is out of date because the planned end has passed without a final status.
//! A pure derivation from the history, the planned end and the day; it never changes the
//! recorded status (the API's `status` keeps its wire values) and does no I/O (the caller
//! passes today's date, in Europe/Berlin like phase windows). Also here: the status as it
//! stood on a past day, and whether a measure is overdue for a status report.

use crate::monitoring::period::{Part, Period};
use crate::{Archived, Measure, MeasureStatus, PartialDate, StatusChange};

/// What a reader is told about a measure's status on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The recorded status: the last entry of the history (`Planned` before any entry).
    pub status: MeasureStatus,
    /// When the status was last confirmed: the date of the latest history entry.
    pub confirmed_on: Option<PartialDate>,
    /// Whether the planned end has passed while the status is not final (done or stopped):
    /// the recorded status can no longer be taken as today's ("Stand nicht aktuell").
    pub out_of_date: bool,
}

impl Standing {
    /// The wire value of the state shown to readers: the recorded status, or `out_of_date`.
    pub fn shown(&self) -> &'static str {
        if self.out_of_date {
            "out_of_date"
        } else {
            self.status.as_str()
        }
    }
}

/// Whether a status ends a measure's history: nothing further is expected after it.
pub fn is_final(s: MeasureStatus) -> bool {
    matches!(s, MeasureStatus::Done | MeasureStatus::Stopped)
}

/// The standing of a measure with `history` (oldest first) and `planned_end` on `today`
/// (year, month, day). A planned end known only to the month or year passes after its last day.
pub fn standing(
    history: &[StatusChange],
    planned_end: Option<&PartialDate>,
    today: (i32, u8, u8),
) -> Standing {
    let last = history.last();
    let status = last.map_or(MeasureStatus::Planned, |s| s.status);
    let passed = planned_end.is_some_and(|end| end.last_day() < today);
    Standing {
        status,
        confirmed_on: last.map(|s| s.on),
        out_of_date: passed && !is_final(status),
    }
}

impl crate::Measure {
    /// This measure's [`Standing`] on `today`.
    pub fn standing_on(&self, today: (i32, u8, u8)) -> Standing {
        standing(&self.status, self.planned_end.as_ref(), today)
    }
}

/// The status entry that was current on `day` (year, month, day): the latest entry whose date's
/// first day is on or before `day`, so a report for a past date uses only the history before
/// it. An entry known only to the month or year counts from its first day ("2021-05" from
/// 1 May 2021). `None` before the first entry.
pub fn status_on(measure: &Measure, day: (i32, u8, u8)) -> Option<&StatusChange> {
    measure.status.iter().rfind(|s| s.on.first_day() <= day)
}

/// A measure whose department has not reported its status within the reporting cadence
/// ("überfällig").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overdue {
    /// The date of the last status report, or of the start when there is none: what the
    /// page names as "kein Statusbericht seit …".
    pub since: PartialDate,
    /// Whole days from the last day of `since` to today, more than the cadence.
    pub days: i64,
}

/// Days since 1970-01-01 of a day (year, month, day).
fn day_number(day: (i32, u8, u8)) -> i64 {
    let (year, month, d) = day;
    Period {
        year,
        part: Part::Day(month, d),
    }
    .day_number()
}

/// Whether `measure` is overdue for a status report on `today`: it is current (not archived),
/// its status is not final (done or stopped), and its last status entry (or its start when it
/// has none) lies more than `cadence_days` before `today`. A date known only to the month or
/// year counts from its last day, so a report of "2024" is not taken as older than it may be.
/// `None` when it is not overdue, or has neither a status entry nor a start to count from.
pub fn overdue_report(
    measure: &Measure,
    today: (i32, u8, u8),
    cadence_days: u32,
) -> Option<Overdue> {
    if !measure.is_current() || measure.current_status().is_some_and(is_final) {
        return None;
    }
    let since = measure.status.last().map(|s| s.on).or(measure.start)?;
    let days = day_number(today) - day_number(since.last_day());
    (days > i64::from(cadence_days)).then_some(Overdue { since, days })
}

#[cfg(test)]
mod tests;
