//! The content of a strategy as it is written in files (docs/CONTENT-FORMAT.md) and stored.
//! The same types serve import, export and the read views of the store.

use crate::{AreaKind, AssessmentRating, EditionStatus, MeasureStatus, PartialDate};
use serde::{Deserialize, Serialize};

mod process;
pub use process::{Phase, Process, origin_process};

mod compare;
pub use compare::{AreaShift, EditionChange, compare_editions};

/// Everything a strategy folder holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContentSet {
    /// Site-level facts (`content.toml`).
    pub meta: ContentMeta,
    /// All departments of every cabinet.
    pub departments: Vec<Department>,
    /// Editions with their areas.
    pub editions: Vec<EditionDoc>,
    /// Participation processes.
    pub processes: Vec<Process>,
    /// Free content pages.
    pub pages: Vec<Page>,
    /// Indicators with the observations the content brings (`indicators/<slug>.toml`).
    pub indicators: Vec<crate::monitoring::Indicator>,
    /// Regions with their official keys (`regions.toml`).
    pub regions: Vec<crate::monitoring::Region>,
    /// The block ids of the long texts (`blocks.toml`): entity key (`measure:{slug}`, …) →
    /// text field → `id:fingerprint` per block (`crate::blocks::block_refs`). Empty for a
    /// folder without it; the store then gives ids by `crate::blocks::initial_ids`.
    pub block_refs: BlockRefs,
}

/// Block ids by entity and text field.
pub type BlockRefs =
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>>;

/// `blocks.toml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlocksFile {
    /// Entity key → text field → block refs.
    #[serde(default)]
    pub blocks: BlockRefs,
}

/// `content.toml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentMeta {
    /// Name of the strategy content, shown in the header.
    pub name: String,
    /// Slug of the edition shown on the start page.
    pub default_edition: String,
    /// Whether this content is a demonstration built from public facts.
    #[serde(default)]
    pub demonstration: bool,
}

/// `departments.toml`: the list of departments.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentFile {
    /// The departments.
    #[serde(default)]
    pub department: Vec<Department>,
}

/// A department (Ressort) with its validity period and successor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Stable code used in URLs.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Label of the cabinet it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cabinet: Option<String>,
    /// First day of existence.
    pub valid_from: PartialDate,
    /// Last day of existence, if it has ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<PartialDate>,
    /// Code of the department that took over its tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// Markdown note on what moved where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the entry was last revised.
    pub updated: PartialDate,
}

impl Department {
    /// Whether it is in office on `today` (year, month, day): begun, and not ended before it.
    /// A date known only to the month or year counts from its first and to its last day.
    pub fn in_office_on(&self, today: (i32, u8, u8)) -> bool {
        self.valid_from.first_day() <= today
            && self.valid_to.is_none_or(|to| to.last_day() >= today)
    }
}

/// The departments that took over the tasks of `code`, in order, ending with the one that holds
/// them today. Ministries are renamed and re-cut between cabinets; a measure keeps the department
/// that adopted it, and this chain says who owns it now. Stops at an unknown code or a cycle.
pub fn successor_chain<'a>(
    code: &str,
    find: impl Fn(&str) -> Option<&'a Department>,
) -> Vec<&'a Department> {
    let mut chain: Vec<&'a Department> = Vec::new();
    let mut next = find(code).and_then(|d| d.successor.as_deref());
    while let Some(c) = next {
        match find(c) {
            Some(d) if d.code != code && !chain.iter().any(|s| s.code == d.code) => {
                chain.push(d);
                next = d.successor.as_deref();
            }
            _ => break,
        }
    }
    chain
}

/// An edition with its areas, as held in one edition folder.
#[derive(Debug, Clone, PartialEq)]
pub struct EditionDoc {
    /// `edition.toml`.
    pub edition: Edition,
    /// One entry per area file, ordered by position.
    pub areas: Vec<AreaDoc>,
}

/// An edition of the strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Slug, usually the year.
    pub slug: String,
    /// Full title.
    pub title: String,
    /// Short title.
    pub short_title: String,
    /// Life-cycle state.
    pub status: EditionStatus,
    /// When it was adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted_on: Option<PartialDate>,
    /// The year the vision looks to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_year: Option<i64>,
    /// Slug of the edition it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<String>,
    /// Plain-text summary.
    pub summary: String,
    /// Markdown vision.
    pub vision: String,
    /// Markdown in Leichte Sprache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leichte_sprache: Option<String>,
    /// When it was last revised.
    pub updated: PartialDate,
}

/// An area file: the area with its facts, goals and measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDoc {
    /// Slug, unique within the edition.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Kind of area.
    pub kind: AreaKind,
    /// Slug of the parent area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Position within the edition.
    pub position: i64,
    /// Plain-text summary.
    pub summary: String,
    /// Markdown body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Markdown starting position (Ausgangslage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Markdown in Leichte Sprache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leichte_sprache: Option<String>,
    /// Areas of later editions, as `edition/slug`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<String>,
    /// When it was last revised.
    pub updated: PartialDate,
    /// When it was withdrawn from the current strategy (`None`: current). See [`Archived`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<PartialDate>,
    /// Figures of the starting position.
    #[serde(default, rename = "fact", skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// Goals.
    #[serde(default, rename = "goal", skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// Measures.
    #[serde(default, rename = "measure", skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
}

/// A sourced figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// What is counted.
    pub label: String,
    /// The figure as written, with unit.
    pub value: String,
    /// The date the figure refers to.
    pub as_of: PartialDate,
    /// Who published it.
    pub source: String,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}

/// A cross-departmental goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Slug, unique across the content.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Code of the lead department.
    pub lead: String,
    /// Codes of partner departments.
    #[serde(default)]
    pub partners: Vec<String>,
    /// When it was withdrawn from the current strategy (`None`: current). See [`Archived`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<PartialDate>,
}

/// A measure with its status history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Slug, unique across the content.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Code of the lead department.
    pub lead: String,
    /// Codes of partner departments.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Slugs of the goals it serves.
    pub goals: Vec<String>,
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// Planned end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_end: Option<PartialDate>,
    /// Actual end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_end: Option<PartialDate>,
    /// Planned budget in euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_planned_eur: Option<i64>,
    /// Spent budget in euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_spent_eur: Option<i64>,
    /// Where the budget figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_source: Option<String>,
    /// Title of the public source, shown as the link text of `source_url` (a bare address
    /// tells a reader nothing about what they will open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Public source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Id in a controlling database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// When it was withdrawn from the current strategy (`None`: current). See [`Archived`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<PartialDate>,
    /// Status history, oldest first.
    pub status: Vec<StatusChange>,
    /// Milestones in the order the file lists them (`[[measure.milestone]]`).
    #[serde(default, rename = "milestone", skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Independent assessments, oldest first (`[[measure.assessment]]`): history like the
    /// status, shown beside the self-reported status and never in its place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment: Vec<Assessment>,
}

impl Measure {
    /// The current status: the latest entry of the history.
    pub fn current_status(&self) -> Option<MeasureStatus> {
        self.status.last().map(|s| s.status)
    }
}

/// One entry of a measure's status history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// When the status changed.
    pub on: PartialDate,
    /// The new status.
    pub status: MeasureStatus,
    /// Short note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A dated step of a measure: what is due by when, and when it was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// What is to be reached.
    pub title: String,
    /// By when.
    pub due: PartialDate,
    /// When it was reached (`None`: not yet, or not known to be).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<PartialDate>,
}

impl Milestone {
    /// Whether the milestone is overdue on `today` (year, month, day): not done, and its due
    /// date's last day lies before `today` ("2024" is due until 31 December 2024).
    pub fn is_overdue_on(&self, today: (i32, u8, u8)) -> bool {
        self.done.is_none() && self.due.last_day() < today
    }
}

/// A judgement of a measure's progress by someone other than the department that reports its
/// status (a court of audit, an advisory council, an evaluation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// When it was made or published.
    pub on: PartialDate,
    /// Who assessed: an institution, e.g. "Hessischer Rechnungshof".
    pub by: String,
    /// The judgement.
    pub rating: AssessmentRating,
    /// Short note: what the judgement rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}

/// Content that can be withdrawn from the current strategy while something still refers to it
/// (DOMAIN.md, Archived): an area, goal, measure or process. Its page stays and says so; lists
/// of current content leave it out.
pub trait Archived {
    /// When it was withdrawn, `None` while it is current.
    fn archived_on(&self) -> Option<PartialDate>;

    /// Whether it is part of the current content (not archived).
    fn is_current(&self) -> bool {
        self.archived_on().is_none()
    }
}

impl Archived for AreaDoc {
    fn archived_on(&self) -> Option<PartialDate> {
        self.archived
    }
}

impl Archived for Goal {
    fn archived_on(&self) -> Option<PartialDate> {
        self.archived
    }
}

impl Archived for Measure {
    fn archived_on(&self) -> Option<PartialDate> {
        self.archived
    }
}

impl Archived for Process {
    fn archived_on(&self) -> Option<PartialDate> {
        self.archived
    }
}

/// A free content page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Plain-text summary.
    pub summary: String,
    /// Markdown body.
    pub body: String,
    /// Markdown in Leichte Sprache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leichte_sprache: Option<String>,
    /// When it was last revised.
    pub updated: PartialDate,
    /// Sourced figures.
    #[serde(default, rename = "fact", skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
}

#[cfg(test)]
mod tests;
