//! Tests of `validate`, kept beside it so the rules stay short to read.
use super::*;
use crate::content::*;
use crate::{AreaKind, AssessmentRating, EditionStatus, MeasureStatus, PartialDate};

fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

/// A small consistent content set: department `dig`, edition 2021 with area `netze`, goal
/// `glasfaser` and measure `foerderung` (also used by the monitoring tests).
pub(crate) fn small() -> ContentSet {
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
                archived: None,
                facts: vec![],
                goals: vec![Goal {
                    slug: "glasfaser".into(),
                    title: "Glasfaser".into(),
                    body: "b".into(),
                    lead: "dig".into(),
                    partners: vec![],
                    archived: None,
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
                    source: None,
                    source_url: None,
                    external_id: None,
                    archived: None,
                    milestones: vec![],
                    assessment: vec![],
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
        indicators: vec![],
        regions: vec![],
        block_refs: BlockRefs::new(),
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
        outcome: None,
        owner: None,
        updated: d("2026-01-01"),
        archived: None,
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

mod areas_and_below;

fn small_measure(set: &mut ContentSet) -> &mut Measure {
    &mut set.editions[0].areas[0].measures[0]
}

fn netze() -> Location {
    Location::Area("2021".into(), "netze".into())
}

#[test]
fn milestones_and_assessments_that_are_complete_and_in_order_have_no_problems() {
    let mut set = small();
    let m = small_measure(&mut set);
    m.start = Some(d("2020-03"));
    m.milestones = vec![Milestone {
        title: "Aufruf".into(),
        due: d("2020"),
        done: Some(d("2020-03")),
    }];
    m.assessment = vec![
        Assessment {
            on: d("2022"),
            by: "Rechnungshof".into(),
            rating: AssessmentRating::OnTrack,
            note: None,
            source_url: None,
        },
        Assessment {
            on: d("2022-05"),
            by: "Beirat".into(),
            rating: AssessmentRating::NotAssessable,
            note: None,
            source_url: None,
        },
    ];
    assert_eq!(validate(&set), vec![]);
}

#[test]
fn a_milestone_without_a_title_and_an_assessment_without_its_author_are_reported() {
    let mut set = small();
    let m = small_measure(&mut set);
    m.milestones = vec![Milestone {
        title: "  ".into(),
        due: d("2022"),
        done: None,
    }];
    m.assessment = vec![Assessment {
        on: d("2023"),
        by: "".into(),
        rating: AssessmentRating::AtRisk,
        note: None,
        source_url: None,
    }];
    assert_eq!(
        validate(&set),
        vec![
            problem(netze(), ContentError::Empty("milestone title"), "milestone"),
            problem(netze(), ContentError::Empty("assessment by"), "assessment"),
        ]
    );
}

#[test]
fn a_milestone_due_or_done_before_the_measure_starts_is_reported() {
    let mut set = small();
    let m = small_measure(&mut set);
    m.start = Some(d("2021-05"));
    m.milestones = vec![
        Milestone {
            title: "früh".into(),
            due: d("2021-04"),
            done: Some(d("2020")),
        },
        Milestone {
            title: "im Startmonat".into(),
            due: d("2021"),
            done: Some(d("2021-05-01")),
        },
    ];
    let before = |date: &str| {
        problem(
            netze(),
            ContentError::BeforeStart {
                title: "früh".into(),
                date: d(date),
                start: d("2021-05"),
            },
            date,
        )
    };
    assert_eq!(validate(&set), vec![before("2021-04"), before("2020")]);
}

#[test]
fn assessments_listed_newest_first_are_reported() {
    let mut set = small();
    let assessment = |on: &str| Assessment {
        on: d(on),
        by: "Rechnungshof".into(),
        rating: AssessmentRating::OffTrack,
        note: None,
        source_url: None,
    };
    small_measure(&mut set).assessment = vec![assessment("2024-02"), assessment("2023")];
    assert_eq!(
        validate(&set),
        vec![problem(
            netze(),
            ContentError::OutOfOrder {
                on: d("2023"),
                after: d("2024-02"),
            },
            "2023",
        )]
    );
}
