//! Cross-reference checks of a content set: every reference points at something that exists,
//! slugs are valid and unique, and every measure has a goal and a status.

use crate::content::ContentSet;
use crate::slug::is_valid_slug;
use std::collections::HashSet;

/// Which item of a content set a problem was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `content.toml`.
    Meta,
    /// `departments.toml`.
    Departments,
    /// An `edition.toml`.
    Edition(String),
    /// An area file: edition slug and area slug.
    Area(String, String),
    /// A process file.
    Process(String),
    /// A page file.
    Page(String),
}

/// A content rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// A department code that is not in `departments.toml`.
    #[error("unknown department code {0:?}")]
    UnknownDepartment(String),
    /// A goal slug that is not a goal of the same area.
    #[error("unknown goal {0:?} (goals must belong to the measure's area)")]
    UnknownGoal(String),
    /// An area reference that does not resolve.
    #[error("unknown area {0:?}")]
    UnknownArea(String),
    /// An edition slug that does not resolve.
    #[error("unknown edition {0:?}")]
    UnknownEdition(String),
    /// The same slug twice where it must be unique.
    #[error("duplicate {what} {slug:?}")]
    Duplicate {
        /// What kind of item.
        what: &'static str,
        /// The repeated slug.
        slug: String,
    },
    /// A slug with characters outside `a-z0-9-`.
    #[error("invalid slug {0:?}: use a-z, 0-9 and single hyphens")]
    InvalidSlug(String),
    /// A measure without status history.
    #[error("measure {0:?} has no status entry")]
    NoStatus(String),
    /// A measure without goals.
    #[error("measure {0:?} serves no goal")]
    NoGoal(String),
    /// A required text that is empty.
    #[error("empty {0}")]
    Empty(&'static str),
}

/// A broken rule and where it was found; `needle` is the offending text, to find its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// What.
    pub error: ContentError,
    /// The offending value as written in the file.
    pub needle: String,
}

/// Checks all cross-references of a content set and returns every problem found.
pub fn validate(set: &ContentSet) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |location: Location, error: ContentError, needle: &str| {
        out.push(Problem {
            location,
            error,
            needle: needle.to_owned(),
        })
    };

    let mut codes = HashSet::new();
    for d in &set.departments {
        if !is_valid_slug(&d.code) {
            push(
                Location::Departments,
                ContentError::InvalidSlug(d.code.clone()),
                &d.code,
            );
        }
        if !codes.insert(d.code.as_str()) {
            push(
                Location::Departments,
                ContentError::Duplicate {
                    what: "department",
                    slug: d.code.clone(),
                },
                &d.code,
            );
        }
    }
    for d in &set.departments {
        if let Some(s) = &d.successor
            && !codes.contains(s.as_str())
        {
            push(
                Location::Departments,
                ContentError::UnknownDepartment(s.clone()),
                s,
            );
        }
    }

    let editions: HashSet<&str> = set
        .editions
        .iter()
        .map(|e| e.edition.slug.as_str())
        .collect();
    if !editions.contains(set.meta.default_edition.as_str()) {
        push(
            Location::Meta,
            ContentError::UnknownEdition(set.meta.default_edition.clone()),
            &set.meta.default_edition,
        );
    }
    let all_areas: HashSet<String> = set
        .editions
        .iter()
        .flat_map(|e| {
            e.areas
                .iter()
                .map(move |a| format!("{}/{}", e.edition.slug, a.slug))
        })
        .collect();

    let mut edition_slugs = HashSet::new();
    let mut goal_slugs = HashSet::new();
    let mut measure_slugs = HashSet::new();
    for doc in &set.editions {
        let e = &doc.edition;
        let loc = || Location::Edition(e.slug.clone());
        if !is_valid_slug(&e.slug) {
            push(loc(), ContentError::InvalidSlug(e.slug.clone()), &e.slug);
        }
        if !edition_slugs.insert(e.slug.as_str()) {
            push(
                loc(),
                ContentError::Duplicate {
                    what: "edition",
                    slug: e.slug.clone(),
                },
                &e.slug,
            );
        }
        if e.title.trim().is_empty() {
            push(loc(), ContentError::Empty("title"), "title");
        }
        if let Some(p) = &e.predecessor
            && !editions.contains(p.as_str())
        {
            push(loc(), ContentError::UnknownEdition(p.clone()), p);
        }
        let area_slugs: HashSet<&str> = doc.areas.iter().map(|a| a.slug.as_str()).collect();
        let mut seen_areas = HashSet::new();
        for a in &doc.areas {
            let loc = || Location::Area(e.slug.clone(), a.slug.clone());
            if !is_valid_slug(&a.slug) {
                push(loc(), ContentError::InvalidSlug(a.slug.clone()), &a.slug);
            }
            if !seen_areas.insert(a.slug.as_str()) {
                push(
                    loc(),
                    ContentError::Duplicate {
                        what: "area",
                        slug: a.slug.clone(),
                    },
                    &a.slug,
                );
            }
            if a.title.trim().is_empty() {
                push(loc(), ContentError::Empty("title"), "title");
            }
            if let Some(p) = &a.parent
                && (!area_slugs.contains(p.as_str()) || p == &a.slug)
            {
                push(loc(), ContentError::UnknownArea(p.clone()), p);
            }
            for s in &a.successors {
                if !all_areas.contains(s) {
                    push(loc(), ContentError::UnknownArea(s.clone()), s);
                }
            }
            let own_goals: HashSet<&str> = a.goals.iter().map(|g| g.slug.as_str()).collect();
            for g in &a.goals {
                if !is_valid_slug(&g.slug) {
                    push(loc(), ContentError::InvalidSlug(g.slug.clone()), &g.slug);
                }
                if !goal_slugs.insert(g.slug.as_str()) {
                    push(
                        loc(),
                        ContentError::Duplicate {
                            what: "goal",
                            slug: g.slug.clone(),
                        },
                        &g.slug,
                    );
                }
                for code in std::iter::once(&g.lead).chain(&g.partners) {
                    if !codes.contains(code.as_str()) {
                        push(loc(), ContentError::UnknownDepartment(code.clone()), code);
                    }
                }
            }
            for m in &a.measures {
                if !is_valid_slug(&m.slug) {
                    push(loc(), ContentError::InvalidSlug(m.slug.clone()), &m.slug);
                }
                if !measure_slugs.insert(m.slug.as_str()) {
                    push(
                        loc(),
                        ContentError::Duplicate {
                            what: "measure",
                            slug: m.slug.clone(),
                        },
                        &m.slug,
                    );
                }
                for code in std::iter::once(&m.lead).chain(&m.partners) {
                    if !codes.contains(code.as_str()) {
                        push(loc(), ContentError::UnknownDepartment(code.clone()), code);
                    }
                }
                if m.goals.is_empty() {
                    push(loc(), ContentError::NoGoal(m.slug.clone()), &m.slug);
                }
                for g in &m.goals {
                    if !own_goals.contains(g.as_str()) {
                        push(loc(), ContentError::UnknownGoal(g.clone()), g);
                    }
                }
                if m.status.is_empty() {
                    push(loc(), ContentError::NoStatus(m.slug.clone()), &m.slug);
                }
            }
        }
    }

    let mut process_slugs = HashSet::new();
    for p in &set.processes {
        let loc = || Location::Process(p.slug.clone());
        if !is_valid_slug(&p.slug) {
            push(loc(), ContentError::InvalidSlug(p.slug.clone()), &p.slug);
        }
        if !process_slugs.insert(p.slug.as_str()) {
            push(
                loc(),
                ContentError::Duplicate {
                    what: "process",
                    slug: p.slug.clone(),
                },
                &p.slug,
            );
        }
        if let Some(e) = &p.edition
            && !editions.contains(e.as_str())
        {
            push(loc(), ContentError::UnknownEdition(e.clone()), e);
        }
    }
    let mut page_slugs = HashSet::new();
    for p in &set.pages {
        let loc = || Location::Page(p.slug.clone());
        if !is_valid_slug(&p.slug) {
            push(loc(), ContentError::InvalidSlug(p.slug.clone()), &p.slug);
        }
        if !page_slugs.insert(p.slug.as_str()) {
            push(
                loc(),
                ContentError::Duplicate {
                    what: "page",
                    slug: p.slug.clone(),
                },
                &p.slug,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::*;
    use crate::{AreaKind, EditionStatus, MeasureStatus, PartialDate};

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn small() -> ContentSet {
        ContentSet {
            meta: ContentMeta {
                name: "T".into(),
                default_edition: "2021".into(),
                demonstration: true,
            },
            departments: vec![Department {
                code: "dig".into(),
                name: "Digitalministerium".into(),
                short_name: "Digital".into(),
                cabinet: None,
                valid_from: d("2019"),
                valid_to: None,
                successor: None,
                note: None,
                updated: d("2026-01-01"),
            }],
            editions: vec![EditionDoc {
                edition: Edition {
                    slug: "2021".into(),
                    title: "Strategie".into(),
                    short_title: "S".into(),
                    status: EditionStatus::Adopted,
                    adopted_on: None,
                    horizon_year: None,
                    predecessor: None,
                    summary: "s".into(),
                    vision: "v".into(),
                    leichte_sprache: None,
                    updated: d("2026-01-01"),
                },
                areas: vec![AreaDoc {
                    slug: "netze".into(),
                    title: "Netze".into(),
                    kind: AreaKind::Foundation,
                    parent: None,
                    position: 1,
                    summary: "s".into(),
                    body: None,
                    baseline: None,
                    leichte_sprache: None,
                    successors: vec![],
                    updated: d("2026-01-01"),
                    facts: vec![],
                    goals: vec![Goal {
                        slug: "glasfaser".into(),
                        title: "Glasfaser".into(),
                        body: "b".into(),
                        lead: "dig".into(),
                        partners: vec![],
                    }],
                    measures: vec![Measure {
                        slug: "foerderung".into(),
                        title: "Förderung".into(),
                        body: "b".into(),
                        lead: "dig".into(),
                        partners: vec![],
                        goals: vec!["glasfaser".into()],
                        start: None,
                        planned_end: None,
                        actual_end: None,
                        budget_planned_eur: None,
                        budget_spent_eur: None,
                        budget_source: None,
                        source_url: None,
                        external_id: None,
                        status: vec![StatusChange {
                            on: d("2020"),
                            status: MeasureStatus::Planned,
                            note: None,
                        }],
                    }],
                }],
            }],
            processes: vec![],
            pages: vec![],
        }
    }

    #[test]
    fn consistent_content_has_no_problems() {
        assert_eq!(validate(&small()), vec![]);
    }

    #[test]
    fn unknown_department_is_reported_with_its_code() {
        let mut set = small();
        set.editions[0].areas[0].measures[0]
            .partners
            .push("nope".into());
        let problems = validate(&set);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].error,
            ContentError::UnknownDepartment("nope".into())
        );
        assert_eq!(
            problems[0].location,
            Location::Area("2021".into(), "netze".into())
        );
    }

    #[test]
    fn measure_goal_from_nowhere_and_missing_status_are_reported() {
        let mut set = small();
        let m = &mut set.editions[0].areas[0].measures[0];
        m.goals = vec!["anderswo".into()];
        m.status.clear();
        let errors: Vec<_> = validate(&set).into_iter().map(|p| p.error).collect();
        assert!(errors.contains(&ContentError::UnknownGoal("anderswo".into())));
        assert!(errors.contains(&ContentError::NoStatus("foerderung".into())));
    }

    #[test]
    fn duplicate_goal_slugs_are_reported() {
        let mut set = small();
        let g = set.editions[0].areas[0].goals[0].clone();
        set.editions[0].areas[0].goals.push(g);
        assert!(
            validate(&set)
                .iter()
                .any(|p| matches!(p.error, ContentError::Duplicate { what: "goal", .. }))
        );
    }

    #[test]
    fn default_edition_must_exist() {
        let mut set = small();
        set.meta.default_edition = "2030".into();
        assert_eq!(
            validate(&set)[0].error,
            ContentError::UnknownEdition("2030".into())
        );
    }

    /// A content set that uses every kind of reference once, each pointing at something that
    /// exists: a department with a successor, an edition with a predecessor, a child area, an area
    /// with a successor in a later edition, partners, a process about an edition, and a page.
    fn rich() -> ContentSet {
        let mut set = small();
        let mut old = set.departments[0].clone();
        old.code = "hmwevl".into();
        old.successor = Some("dig".into());
        set.departments.push(old);

        let mut earlier = set.editions[0].clone();
        earlier.edition.slug = "2016".into();
        earlier.areas[0].slug = "infrastruktur".into();
        earlier.areas[0].successors = vec!["2021/netze".into()];
        earlier.areas[0].goals[0].slug = "breitband".into();
        earlier.areas[0].measures[0].slug = "breitband-foerderung".into();
        earlier.areas[0].measures[0].goals = vec!["breitband".into()];
        set.editions[0].edition.predecessor = Some("2016".into());

        let mut child = set.editions[0].areas[0].clone();
        child.slug = "mobilfunk".into();
        child.parent = Some("netze".into());
        child.goals[0].slug = "funkloecher".into();
        child.goals[0].partners = vec!["hmwevl".into()];
        child.measures[0].slug = "masten".into();
        child.measures[0].partners = vec!["hmwevl".into()];
        child.measures[0].goals = vec!["funkloecher".into()];
        set.editions[0].areas.push(child);
        set.editions.push(earlier);

        set.processes.push(Process {
            slug: "entstehung-2021".into(),
            title: "Entstehung".into(),
            edition: Some("2021".into()),
            summary: "s".into(),
            body: "b".into(),
            participants: None,
            written_statements: None,
            updated: d("2026-01-01"),
            phases: vec![],
        });
        set.pages.push(Page {
            slug: "impressum".into(),
            title: "Impressum".into(),
            summary: "s".into(),
            body: "b".into(),
            leichte_sprache: None,
            updated: d("2026-01-01"),
            facts: vec![],
        });
        set
    }

    fn problem(location: Location, error: ContentError, needle: &str) -> Problem {
        Problem {
            location,
            error,
            needle: needle.into(),
        }
    }

    fn area_2021(slug: &str) -> Location {
        Location::Area("2021".into(), slug.into())
    }

    #[test]
    fn content_using_every_kind_of_reference_correctly_has_no_problems() {
        assert_eq!(validate(&rich()), vec![]);
    }

    #[test]
    fn a_department_code_that_is_not_a_slug_is_reported() {
        let mut set = rich();
        let mut bad = set.departments[0].clone();
        bad.code = "HMWEVL".into();
        set.departments.push(bad);
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Departments,
                ContentError::InvalidSlug("HMWEVL".into()),
                "HMWEVL"
            )]
        );
    }

    #[test]
    fn a_department_listed_twice_is_reported_once() {
        let mut set = rich();
        let twice = set.departments[0].clone();
        set.departments.push(twice);
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Departments,
                ContentError::Duplicate {
                    what: "department",
                    slug: "dig".into()
                },
                "dig"
            )]
        );
    }

    #[test]
    fn a_successor_that_is_no_department_is_reported() {
        let mut set = rich();
        set.departments[1].successor = Some("gone".into());
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Departments,
                ContentError::UnknownDepartment("gone".into()),
                "gone"
            )]
        );
    }

    #[test]
    fn an_edition_slug_that_is_not_a_slug_is_reported() {
        let mut set = rich();
        set.editions[1].edition.slug = "Alt 2016".into();
        set.editions[0].edition.predecessor = None;
        set.editions[1].areas[0].successors.clear();
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Edition("Alt 2016".into()),
                ContentError::InvalidSlug("Alt 2016".into()),
                "Alt 2016"
            )]
        );
    }

    #[test]
    fn two_editions_with_one_slug_are_reported() {
        let mut set = small();
        let mut twice = set.editions[0].clone();
        twice.areas.clear();
        set.editions.push(twice);
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Edition("2021".into()),
                ContentError::Duplicate {
                    what: "edition",
                    slug: "2021".into()
                },
                "2021"
            )]
        );
    }

    #[test]
    fn an_edition_titled_only_with_spaces_is_reported() {
        let mut set = rich();
        set.editions[0].edition.title = "  ".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Edition("2021".into()),
                ContentError::Empty("title"),
                "title"
            )]
        );
    }

    #[test]
    fn a_predecessor_that_is_no_edition_is_reported() {
        let mut set = rich();
        set.editions[0].edition.predecessor = Some("2011".into());
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Edition("2021".into()),
                ContentError::UnknownEdition("2011".into()),
                "2011"
            )]
        );
    }

    #[test]
    fn an_area_slug_that_is_not_a_slug_is_reported() {
        let mut set = rich();
        set.editions[0].areas[1].slug = "mobil_funk".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobil_funk"),
                ContentError::InvalidSlug("mobil_funk".into()),
                "mobil_funk"
            )]
        );
    }

    #[test]
    fn two_areas_of_one_edition_with_one_slug_are_reported() {
        let mut set = rich();
        let area = &mut set.editions[0].areas[1];
        area.slug = "netze".into();
        area.parent = None;
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("netze"),
                ContentError::Duplicate {
                    what: "area",
                    slug: "netze".into()
                },
                "netze"
            )]
        );
    }

    #[test]
    fn areas_of_different_editions_may_share_a_slug() {
        let mut set = rich();
        set.editions[1].areas[0].slug = "netze".into();
        set.editions[1].areas[0].successors = vec!["2021/mobilfunk".into()];
        assert_eq!(validate(&set), vec![]);
    }

    #[test]
    fn an_area_titled_only_with_spaces_is_reported() {
        let mut set = rich();
        set.editions[0].areas[1].title = "\t".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::Empty("title"),
                "title"
            )]
        );
    }

    #[test]
    fn a_parent_that_is_no_area_of_the_edition_is_reported() {
        let mut set = rich();
        // "infrastruktur" exists, but in the 2016 edition.
        set.editions[0].areas[1].parent = Some("infrastruktur".into());
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::UnknownArea("infrastruktur".into()),
                "infrastruktur"
            )]
        );
    }

    #[test]
    fn an_area_that_is_its_own_parent_is_reported() {
        let mut set = rich();
        set.editions[0].areas[1].parent = Some("mobilfunk".into());
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::UnknownArea("mobilfunk".into()),
                "mobilfunk"
            )]
        );
    }

    #[test]
    fn an_area_successor_that_does_not_resolve_is_reported() {
        let mut set = rich();
        // The area exists, but not in the edition named.
        set.editions[1].areas[0].successors = vec!["2016/netze".into()];
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Area("2016".into(), "infrastruktur".into()),
                ContentError::UnknownArea("2016/netze".into()),
                "2016/netze"
            )]
        );
    }

    #[test]
    fn a_goal_slug_that_is_not_a_slug_is_reported() {
        let mut set = rich();
        let area = &mut set.editions[0].areas[1];
        area.goals[0].slug = "funklöcher".into();
        area.measures[0].goals = vec!["funklöcher".into()];
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::InvalidSlug("funklöcher".into()),
                "funklöcher"
            )]
        );
    }

    #[test]
    fn goal_slugs_must_be_unique_across_areas_and_editions() {
        let mut set = rich();
        set.editions[1].areas[0].goals[0].slug = "glasfaser".into();
        set.editions[1].areas[0].measures[0].goals = vec!["glasfaser".into()];
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Area("2016".into(), "infrastruktur".into()),
                ContentError::Duplicate {
                    what: "goal",
                    slug: "glasfaser".into()
                },
                "glasfaser"
            )]
        );
    }

    #[test]
    fn an_unknown_lead_or_partner_of_a_goal_is_reported() {
        let mut set = rich();
        let goal = &mut set.editions[0].areas[1].goals[0];
        goal.lead = "hmx".into();
        goal.partners = vec!["dig".into(), "hmy".into()];
        assert_eq!(
            validate(&set),
            vec![
                problem(
                    area_2021("mobilfunk"),
                    ContentError::UnknownDepartment("hmx".into()),
                    "hmx"
                ),
                problem(
                    area_2021("mobilfunk"),
                    ContentError::UnknownDepartment("hmy".into()),
                    "hmy"
                ),
            ]
        );
    }

    #[test]
    fn a_measure_slug_that_is_not_a_slug_is_reported() {
        let mut set = rich();
        set.editions[0].areas[1].measures[0].slug = "-masten".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::InvalidSlug("-masten".into()),
                "-masten"
            )]
        );
    }

    #[test]
    fn measure_slugs_must_be_unique_across_areas() {
        let mut set = rich();
        set.editions[0].areas[1].measures[0].slug = "foerderung".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::Duplicate {
                    what: "measure",
                    slug: "foerderung".into()
                },
                "foerderung"
            )]
        );
    }

    #[test]
    fn an_unknown_lead_of_a_measure_is_reported() {
        let mut set = rich();
        set.editions[0].areas[1].measures[0].lead = "hmx".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::UnknownDepartment("hmx".into()),
                "hmx"
            )]
        );
    }

    #[test]
    fn a_measure_without_goals_is_reported() {
        let mut set = rich();
        set.editions[0].areas[1].measures[0].goals.clear();
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::NoGoal("masten".into()),
                "masten"
            )]
        );
    }

    #[test]
    fn a_measure_may_not_serve_a_goal_of_another_area() {
        let mut set = rich();
        // "glasfaser" is a goal, but of the area "netze".
        set.editions[0].areas[1].measures[0]
            .goals
            .push("glasfaser".into());
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::UnknownGoal("glasfaser".into()),
                "glasfaser"
            )]
        );
    }

    #[test]
    fn a_measure_without_status_history_is_reported() {
        let mut set = rich();
        set.editions[0].areas[1].measures[0].status.clear();
        assert_eq!(
            validate(&set),
            vec![problem(
                area_2021("mobilfunk"),
                ContentError::NoStatus("masten".into()),
                "masten"
            )]
        );
    }

    #[test]
    fn a_process_slug_that_is_not_a_slug_is_reported() {
        let mut set = rich();
        set.processes[0].slug = "entstehung 2021".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Process("entstehung 2021".into()),
                ContentError::InvalidSlug("entstehung 2021".into()),
                "entstehung 2021"
            )]
        );
    }

    #[test]
    fn two_processes_with_one_slug_are_reported() {
        let mut set = rich();
        let twice = set.processes[0].clone();
        set.processes.push(twice);
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Process("entstehung-2021".into()),
                ContentError::Duplicate {
                    what: "process",
                    slug: "entstehung-2021".into()
                },
                "entstehung-2021"
            )]
        );
    }

    #[test]
    fn a_process_about_an_unknown_edition_is_reported() {
        let mut set = rich();
        set.processes[0].edition = Some("2030".into());
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Process("entstehung-2021".into()),
                ContentError::UnknownEdition("2030".into()),
                "2030"
            )]
        );
    }

    #[test]
    fn a_page_slug_that_is_not_a_slug_is_reported() {
        let mut set = rich();
        set.pages[0].slug = "Impressum".into();
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Page("Impressum".into()),
                ContentError::InvalidSlug("Impressum".into()),
                "Impressum"
            )]
        );
    }

    #[test]
    fn two_pages_with_one_slug_are_reported() {
        let mut set = rich();
        let twice = set.pages[0].clone();
        set.pages.push(twice);
        assert_eq!(
            validate(&set),
            vec![problem(
                Location::Page("impressum".into()),
                ContentError::Duplicate {
                    what: "page",
                    slug: "impressum".into()
                },
                "impressum"
            )]
        );
    }
}
