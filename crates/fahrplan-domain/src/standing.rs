//! How a measure's status reads on a given day: the recorded status, when it was last confirmed,
//! and whether it is out of date because the planned end has passed without a final status.
//! A pure derivation from the history, the planned end and the day; it never changes the
//! recorded status (the API's `status` keeps its wire values) and does no I/O (the caller
//! passes today's date, in Europe/Berlin like phase windows).

use crate::{MeasureStatus, PartialDate, StatusChange};

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

#[cfg(test)]
mod tests;
