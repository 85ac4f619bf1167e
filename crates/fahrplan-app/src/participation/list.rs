//! The list of participation processes (`/mitmachen`): each current process with the phase a
//! reader should know about today, the dates it spans and how many contributions it holds.
//! Reads only; what a viewer may do inside a process is worked out on its own page.

use super::views::today;
use crate::{App, AppResult};
use fahrplan_domain::{PartialDate, Phase, Process};
use std::collections::HashMap;

/// One process in the list.
#[derive(Debug, Clone)]
pub struct ProcessSummary {
    /// The process with its phases.
    pub process: Process,
    /// Whether a phase open today takes contributions.
    pub open: bool,
    /// The phase to name: the open one that takes contributions, else any open one, else the
    /// next to come, else the last (none for a process without phases).
    pub phase: Option<Phase>,
    /// First day of the first phase and the end of the last (`None`: open-ended); `None`
    /// for a process without phases.
    pub span: Option<(PartialDate, Option<PartialDate>)>,
    /// Top-level contributions written on this site.
    pub contributions: i64,
}

/// The phase a reader should see first, as [`ProcessSummary::phase`] describes it.
pub fn phase_to_name(p: &Process, today: (i32, u8, u8)) -> Option<&Phase> {
    let mut open = p.open_phases(today).peekable();
    let first_open = open.peek().copied();
    open.find(|ph| !ph.allows.is_empty())
        .or(first_open)
        .or_else(|| {
            p.phases
                .iter()
                .filter(|ph| ph.start.first_day() > today)
                .min_by_key(|ph| ph.start)
        })
        .or_else(|| p.phases.last())
}

/// From the start of the first phase to the latest end; open-ended when any phase has no end.
pub fn span(p: &Process) -> Option<(PartialDate, Option<PartialDate>)> {
    let start = p.phases.iter().map(|ph| ph.start).min()?;
    let end = p
        .phases
        .iter()
        .map(|ph| ph.end)
        .try_fold(None::<PartialDate>, |latest, end| {
            end.map(|e| Some(latest.map_or(e, |l| l.max(e))))
        })
        .flatten();
    Some((start, end))
}

impl App {
    /// The current processes, each with its phase, dates and contribution count (two queries
    /// for the processes, one for the counts).
    pub async fn process_list(&self) -> AppResult<Vec<ProcessSummary>> {
        let today = today();
        let counts: HashMap<String, i64> = self
            .store
            .contribution_counts()
            .await?
            .into_iter()
            .collect();
        Ok(self
            .processes()
            .await?
            .into_iter()
            .map(|p| {
                let open = p.open_phases(today).any(|ph| !ph.allows.is_empty());
                ProcessSummary {
                    open,
                    phase: phase_to_name(&p, today).cloned(),
                    span: span(&p),
                    contributions: counts.get(&p.slug).copied().unwrap_or(0),
                    process: p,
                }
            })
            .collect())
    }
}
