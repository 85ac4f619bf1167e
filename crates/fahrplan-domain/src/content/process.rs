//! Participation processes and their dated phases, as content files give them
//! (`processes/<slug>.toml`).

use crate::{Allowance, PartialDate, PhaseKind};
use serde::{Deserialize, Serialize};

/// A participation process with its phases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Slug of the edition it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// Plain-text summary.
    pub summary: String,
    /// Markdown body.
    pub body: String,
    /// Approximate number of participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<i64>,
    /// Number of written statements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_statements: Option<i64>,
    /// Plain text: what happens with the contributions (who reads them, whether they are
    /// forwarded or answered); the page of an open process says it beside the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Code of the department that owns the process: its editors answer the contributions about
    /// the strategy, an edition, an area or a text (issue 17). `None`: only admins answer those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it was last revised.
    pub updated: PartialDate,
    /// When it was withdrawn (`None`: current); an archived process takes no contributions.
    /// See [`Archived`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<PartialDate>,
    /// Phases in order.
    #[serde(default, rename = "phase")]
    pub phases: Vec<Phase>,
}

/// A dated phase of a process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PhaseKind,
    /// Start.
    pub start: PartialDate,
    /// End.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Markdown body.
    #[serde(default)]
    pub body: String,
    /// Number of participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<i64>,
    /// What people may do while the phase is open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<Allowance>,
}

impl Phase {
    /// Whether the phase is open on `today` (year, month, day in Europe/Berlin): from the first
    /// day of its start to the last day of its end, both included; without an end it stays open.
    pub fn is_open_on(&self, today: (i32, u8, u8)) -> bool {
        self.start.first_day() <= today && self.end.is_none_or(|e| today <= e.last_day())
    }

    /// Whether the phase allows `what`.
    pub fn allows(&self, what: Allowance) -> bool {
        self.allows.contains(&what)
    }
}

/// The process that tells how `edition` was written: the first one about it whose phases let
/// nobody take part (a record, not an invitation), else the first about it, else the first.
pub fn origin_process<'a>(processes: &'a [Process], edition: Option<&str>) -> Option<&'a Process> {
    let about = |p: &&Process| p.edition.as_deref() == edition;
    processes
        .iter()
        .filter(about)
        .find(|p| p.phases.iter().all(|ph| ph.allows.is_empty()))
        .or_else(|| processes.iter().find(about))
        .or(processes.first())
}

impl Process {
    /// The phases open on `today`; none once the process is archived, since a withdrawn process
    /// takes no contributions (DOMAIN.md, Archived).
    pub fn open_phases(&self, today: (i32, u8, u8)) -> impl Iterator<Item = &Phase> {
        let current = self.archived.is_none();
        self.phases
            .iter()
            .filter(move |p| current && p.is_open_on(today))
    }

    /// Whether a phase open on `today` allows `what`.
    pub fn allows_on(&self, today: (i32, u8, u8), what: Allowance) -> bool {
        self.open_phases(today).any(|p| p.allows(what))
    }
}
