//! What the measure page shows of a measure's progress besides its text: the status timeline,
//! the milestones, the independent assessment beside the self-reported status, and the notice
//! that a status report is overdue. Plain rows for the template, worded in the reader's
//! language; the rules (which status is current, what is overdue) are the domain's.

use crate::layout::Layout;
use fahrplan_domain::{Assessment, Measure, MeasureStatus, overdue_report, status_on};

/// One entry of the status timeline.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    /// The date in words.
    pub on: String,
    /// The status reported then.
    pub status: MeasureStatus,
    /// The note of the report (German content).
    pub note: Option<String>,
    /// Whether this entry is the status in force today (marked in words on the page).
    pub current: bool,
}

/// One row of the milestone table.
#[derive(Debug, Clone)]
pub struct MilestoneRow {
    /// Title (German content).
    pub title: String,
    /// Due date in words.
    pub due: String,
    /// When it was reached, in words.
    pub done: Option<String>,
    /// Its state in words: reached, open or overdue.
    pub state: String,
    /// Whether it is overdue (for the emphasis beside the words).
    pub overdue: bool,
}

/// An independent assessment, worded.
#[derive(Debug, Clone)]
pub struct AssessmentItem {
    /// Date in words.
    pub on: String,
    /// Who assessed (German content).
    pub by: String,
    /// Wire value of the rating, for the class name.
    pub rating: &'static str,
    /// The rating in words.
    pub rating_label: String,
    /// Note (German content).
    pub note: Option<String>,
    /// Where it was published.
    pub source_url: Option<String>,
}

/// Everything of a measure's progress the page shows.
#[derive(Debug, Clone)]
pub struct Progress {
    /// Every status change, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The milestones in content order.
    pub milestones: Vec<MilestoneRow>,
    /// The latest independent assessment, shown beside the self-reported status.
    pub assessment: Option<AssessmentItem>,
    /// The earlier assessments, oldest first.
    pub earlier_assessments: Vec<AssessmentItem>,
    /// "Überfällig: kein Statusbericht seit …", when the reporting cadence is exceeded.
    pub overdue: Option<String>,
    /// The cadence in words, beside the overdue notice.
    pub cadence: String,
}

fn assessment_item(l: &Layout, a: &Assessment) -> AssessmentItem {
    AssessmentItem {
        on: l.date(&a.on),
        by: a.by.clone(),
        rating: a.rating.as_str(),
        rating_label: l.label(a.rating),
        note: a.note.clone(),
        source_url: a.source_url.clone(),
    }
}

/// The progress of `m` on `today` (Europe/Berlin), with `cadence_days` as the reporting cadence.
pub fn progress(l: &Layout, m: &Measure, today: (i32, u8, u8), cadence_days: u32) -> Progress {
    let current = status_on(m, today);
    let timeline = m
        .status
        .iter()
        .map(|s| TimelineEntry {
            on: l.date(&s.on),
            status: s.status,
            note: s.note.clone(),
            current: current.is_some_and(|c| std::ptr::eq(c, s)),
        })
        .collect();
    let milestones = m
        .milestones
        .iter()
        .map(|ms| {
            let overdue = ms.is_overdue_on(today);
            let state = match (ms.done.is_some(), overdue) {
                (true, _) => "milestone-done",
                (false, true) => "milestone-overdue",
                (false, false) => "milestone-open",
            };
            MilestoneRow {
                title: ms.title.clone(),
                due: l.date(&ms.due),
                done: ms.done.as_ref().map(|d| l.date(d)),
                state: l.t(state),
                overdue,
            }
        })
        .collect();
    let mut assessments: Vec<AssessmentItem> =
        m.assessment.iter().map(|a| assessment_item(l, a)).collect();
    let assessment = assessments.pop();
    Progress {
        timeline,
        milestones,
        assessment,
        earlier_assessments: assessments,
        overdue: overdue_report(m, today, cadence_days)
            .map(|o| l.t1("measure-overdue", "date", l.date(&o.since))),
        cadence: l.t1("measure-overdue-cadence", "days", cadence_days),
    }
}
