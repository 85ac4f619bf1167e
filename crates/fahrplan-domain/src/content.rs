//! The content of a strategy as it is written in files (docs/CONTENT-FORMAT.md) and stored.
//! The same types serve import, export and the read views of the store.

use crate::{Allowance, AreaKind, EditionStatus, MeasureStatus, PartialDate, PhaseKind};
use serde::{Deserialize, Serialize};

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
    /// Public source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Id in a controlling database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Status history, oldest first.
    pub status: Vec<StatusChange>,
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
    /// When it was last revised.
    pub updated: PartialDate,
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
    /// The phases open on `today`.
    pub fn open_phases(&self, today: (i32, u8, u8)) -> impl Iterator<Item = &Phase> {
        self.phases.iter().filter(move |p| p.is_open_on(today))
    }

    /// Whether a phase open on `today` allows `what`.
    pub fn allows_on(&self, today: (i32, u8, u8), what: Allowance) -> bool {
        self.open_phases(today).any(|p| p.allows(what))
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
mod tests {
    use super::*;

    fn dept(code: &str, successor: Option<&str>) -> Department {
        Department {
            code: code.into(),
            name: code.into(),
            short_name: code.into(),
            cabinet: None,
            valid_from: PartialDate::parse("2019").unwrap(),
            valid_to: None,
            successor: successor.map(Into::into),
            note: None,
            updated: PartialDate::parse("2026-01-01").unwrap(),
        }
    }

    fn phase(start: &str, end: Option<&str>) -> Phase {
        Phase {
            title: "p".into(),
            kind: PhaseKind::OnlineParticipation,
            start: PartialDate::parse(start).unwrap(),
            end: end.map(|e| PartialDate::parse(e).unwrap()),
            body: String::new(),
            participants: None,
            allows: vec![Allowance::Comments],
        }
    }

    #[test]
    fn a_phase_is_open_from_its_first_day_to_its_last_day_included() {
        let p = phase("2020-07-31", Some("2020-12"));
        assert!(!p.is_open_on((2020, 7, 30)));
        assert!(p.is_open_on((2020, 7, 31)));
        assert!(p.is_open_on((2020, 12, 31)));
        assert!(!p.is_open_on((2021, 1, 1)));
        let open_ended = phase("2026", None);
        assert!(open_ended.is_open_on((2099, 1, 1)));
        assert!(!open_ended.is_open_on((2025, 12, 31)));
        assert!(phase("2024-02", Some("2024-02")).is_open_on((2024, 2, 29)));
        assert!(p.allows(Allowance::Comments));
        assert!(!p.allows(Allowance::Proposals));
    }

    #[test]
    fn successor_chain_follows_renames_to_today() {
        let all = [dept("a", Some("b")), dept("b", Some("c")), dept("c", None)];
        let find = |c: &str| all.iter().find(|d| d.code == c);
        let codes: Vec<_> = successor_chain("a", find)
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["b", "c"]);
        assert!(successor_chain("c", find).is_empty());
    }

    #[test]
    fn successor_chain_stops_at_a_cycle_or_an_unknown_code() {
        let all = [
            dept("a", Some("b")),
            dept("b", Some("a")),
            dept("x", Some("gone")),
        ];
        let find = |c: &str| all.iter().find(|d| d.code == c);
        assert_eq!(successor_chain("a", find).len(), 1);
        assert!(successor_chain("x", find).is_empty());
    }

    fn titled(title: &str, start: &str, end: Option<&str>, allows: Vec<Allowance>) -> Phase {
        Phase {
            title: title.into(),
            allows,
            ..phase(start, end)
        }
    }

    fn process(slug: &str, edition: Option<&str>, phases: Vec<Phase>) -> Process {
        Process {
            slug: slug.into(),
            title: slug.into(),
            edition: edition.map(Into::into),
            summary: String::new(),
            body: String::new(),
            participants: None,
            written_statements: None,
            updated: PartialDate::parse("2026-01-01").unwrap(),
            phases,
        }
    }

    fn open_titles(p: &Process, today: (i32, u8, u8)) -> Vec<&str> {
        p.open_phases(today).map(|ph| ph.title.as_str()).collect()
    }

    #[test]
    fn a_phase_is_open_on_its_first_and_its_last_day_and_closed_around_them() {
        let p = phase("2024-02-29", Some("2024-03-01"));
        assert!(!p.is_open_on((2024, 2, 28)));
        assert!(p.is_open_on((2024, 2, 29)));
        assert!(p.is_open_on((2024, 3, 1)));
        assert!(!p.is_open_on((2024, 3, 2)));
    }

    #[test]
    fn a_phase_ending_in_a_year_is_open_until_new_years_eve() {
        let p = phase("2021-11", Some("2021"));
        assert!(!p.is_open_on((2021, 10, 31)));
        assert!(p.is_open_on((2021, 11, 1)));
        assert!(p.is_open_on((2021, 12, 31)));
        assert!(!p.is_open_on((2022, 1, 1)));
    }

    #[test]
    fn open_phases_are_those_whose_window_holds_the_day_in_their_order() {
        let p = process(
            "entstehung",
            None,
            vec![
                titled(
                    "online",
                    "2020-07-31",
                    Some("2020-12"),
                    vec![Allowance::Comments],
                ),
                titled("werkstatt", "2020-12-01", Some("2020-12-01"), vec![]),
                titled("auswertung", "2021", None, vec![Allowance::Proposals]),
            ],
        );
        assert_eq!(open_titles(&p, (2020, 7, 30)), Vec::<&str>::new());
        assert_eq!(open_titles(&p, (2020, 7, 31)), ["online"]);
        assert_eq!(open_titles(&p, (2020, 12, 1)), ["online", "werkstatt"]);
        assert_eq!(open_titles(&p, (2020, 12, 31)), ["online"]);
        assert_eq!(open_titles(&p, (2021, 1, 1)), ["auswertung"]);
    }

    #[test]
    fn a_process_allows_only_what_a_phase_open_that_day_allows() {
        let p = process(
            "entstehung",
            None,
            vec![
                titled(
                    "online",
                    "2020-07",
                    Some("2020-08"),
                    vec![Allowance::Comments],
                ),
                titled("vorschlaege", "2020-09", None, vec![Allowance::Proposals]),
            ],
        );
        assert!(p.allows_on((2020, 8, 31), Allowance::Comments));
        assert!(!p.allows_on((2020, 8, 31), Allowance::Proposals));
        assert!(p.allows_on((2020, 9, 1), Allowance::Proposals));
        assert!(!p.allows_on((2020, 9, 1), Allowance::Comments));
        assert!(!p.allows_on((2020, 6, 30), Allowance::Comments));
    }

    fn measure(history: &[(&str, MeasureStatus)]) -> Measure {
        Measure {
            slug: "m".into(),
            title: "m".into(),
            body: String::new(),
            lead: "dig".into(),
            partners: vec![],
            goals: vec!["g".into()],
            start: None,
            planned_end: None,
            actual_end: None,
            budget_planned_eur: None,
            budget_spent_eur: None,
            budget_source: None,
            source_url: None,
            external_id: None,
            status: history
                .iter()
                .map(|(on, status)| StatusChange {
                    on: PartialDate::parse(on).unwrap(),
                    status: *status,
                    note: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_current_status_is_the_last_entry_of_the_history() {
        let m = measure(&[
            ("2019-11", MeasureStatus::Planned),
            ("2020-03", MeasureStatus::InProgress),
            ("2022", MeasureStatus::Delayed),
            ("2024-06-30", MeasureStatus::Done),
        ]);
        assert_eq!(m.current_status(), Some(MeasureStatus::Done));
        let started = measure(&[
            ("2019-11", MeasureStatus::Planned),
            ("2020-03", MeasureStatus::InProgress),
        ]);
        assert_eq!(started.current_status(), Some(MeasureStatus::InProgress));
    }

    #[test]
    fn a_measure_without_history_has_no_current_status() {
        assert_eq!(measure(&[]).current_status(), None);
    }

    #[test]
    fn the_origin_of_an_edition_is_its_first_process_that_invites_nobody() {
        let invitation = |slug| {
            process(
                slug,
                Some("2021"),
                vec![titled("online", "2020", None, vec![Allowance::Comments])],
            )
        };
        let record = |slug, edition| {
            process(
                slug,
                edition,
                vec![titled("beschluss", "2021", None, vec![])],
            )
        };
        let all = [
            record("entstehung-2016", Some("2016")),
            invitation("beteiligung-2021"),
            record("entstehung-2021", Some("2021")),
            record("zweite-2021", Some("2021")),
            record("allgemein", None),
        ];
        let origin = |edition| origin_process(&all, edition).map(|p| p.slug.as_str());
        assert_eq!(origin(Some("2021")), Some("entstehung-2021"));
        assert_eq!(origin(Some("2016")), Some("entstehung-2016"));
        assert_eq!(origin(None), Some("allgemein"));
    }

    #[test]
    fn without_a_record_the_origin_is_the_first_process_about_the_edition_else_the_first() {
        let invitation = |slug, edition| {
            process(
                slug,
                edition,
                vec![titled("online", "2020", None, vec![Allowance::Comments])],
            )
        };
        let all = [
            invitation("beteiligung-2016", Some("2016")),
            invitation("beteiligung-2021", Some("2021")),
            invitation("zweite-2021", Some("2021")),
        ];
        let origin = |edition| origin_process(&all, edition).map(|p| p.slug.as_str());
        assert_eq!(origin(Some("2021")), Some("beteiligung-2021"));
        assert_eq!(origin(Some("2030")), Some("beteiligung-2016"));
        assert_eq!(origin_process(&[], Some("2021")), None);
    }
}
