//! Tests of what an import keeps of the content a folder leaves out, kept beside the rules.
use super::*;

mod rules;

fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

const TODAY: &str = "2026-12-06";

fn goal(slug: &str, lead: &str) -> Goal {
    Goal {
        slug: slug.into(),
        title: slug.into(),
        body: String::new(),
        lead: lead.into(),
        partners: vec![],
        archived: None,
    }
}

fn measure(slug: &str, goals: &[&str], lead: &str, partners: &[&str]) -> Measure {
    Measure {
        slug: slug.into(),
        title: slug.into(),
        body: String::new(),
        lead: lead.into(),
        partners: partners.iter().map(|p| (*p).into()).collect(),
        goals: goals.iter().map(|g| (*g).into()).collect(),
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
            on: d("2021"),
            status: MeasureStatus::Planned,
            note: None,
        }],
    }
}

fn area(slug: &str, position: i64, goals: Vec<Goal>, measures: Vec<Measure>) -> AreaDoc {
    AreaDoc {
        slug: slug.into(),
        title: slug.into(),
        kind: AreaKind::ActionField,
        parent: None,
        position,
        summary: String::new(),
        body: None,
        baseline: None,
        leichte_sprache: None,
        successors: vec![],
        updated: d("2026-01-01"),
        archived: None,
        facts: vec![],
        goals,
        measures,
    }
}

fn process(slug: &str, edition: Option<&str>) -> Process {
    Process {
        slug: slug.into(),
        title: slug.into(),
        edition: edition.map(Into::into),
        summary: String::new(),
        body: String::new(),
        participants: None,
        written_statements: None,
        outcome: None,
        owner: None,
        updated: d("2026-01-01"),
        archived: None,
        phases: vec![],
    }
}

fn department(code: &str) -> Department {
    Department {
        code: code.into(),
        name: code.into(),
        short_name: code.into(),
        cabinet: None,
        valid_from: d("2019"),
        valid_to: None,
        successor: None,
        note: None,
        updated: d("2026-01-01"),
    }
}

fn edition(slug: &str, areas: Vec<AreaDoc>) -> EditionDoc {
    EditionDoc {
        edition: Edition {
            slug: slug.into(),
            title: slug.into(),
            short_title: slug.into(),
            status: EditionStatus::Adopted,
            adopted_on: None,
            horizon_year: None,
            predecessor: None,
            summary: String::new(),
            vision: String::new(),
            leichte_sprache: None,
            updated: d("2026-01-01"),
        },
        areas,
    }
}

/// Two editions; 2021 has area `a1` (goals g1, g2; measures m1 for g1 led by `dig` with
/// partner `wirt`, m2 for g2) and `a2` (goal g3, measure m3), and two processes.
fn stored() -> ContentSet {
    let mut a1 = area(
        "a1",
        1,
        vec![goal("g1", "dig"), goal("g2", "dig")],
        vec![
            measure("m1", &["g1"], "dig", &["wirt"]),
            measure("m2", &["g2"], "dig", &[]),
        ],
    );
    a1.successors = vec![];
    let a2 = area(
        "a2",
        2,
        vec![goal("g3", "dig")],
        vec![measure("m3", &["g3"], "dig", &[])],
    );
    let mut old = area("feld", 1, vec![], vec![]);
    old.successors = vec!["2021/a1".into(), "2021/a2".into()];
    ContentSet {
        meta: ContentMeta {
            name: "T".into(),
            default_edition: "2021".into(),
            demonstration: false,
        },
        departments: vec![department("dig"), department("wirt")],
        editions: vec![edition("2016", vec![old]), edition("2021", vec![a1, a2])],
        processes: vec![
            process("entstehung", Some("2021")),
            process("umsetzung", Some("2021")),
        ],
        pages: vec![],
        indicators: vec![],
        regions: vec![],
        block_refs: BlockRefs::new(),
    }
}

fn refs(list: &[(&str, &str, &str, i64, i64)]) -> References {
    let mut r = References::default();
    for (kind, target, process, n, supports) in list {
        r.add(kind, target, process, *n, *supports);
    }
    r
}

fn archive() -> Removals {
    Removals::Archive(d(TODAY))
}

fn referrers(contributions: i64, supports: i64, archived: i64) -> Referrers {
    Referrers {
        contributions,
        supports,
        archived,
    }
}

fn file(edition: &str, position: i64, slug: &str) -> Option<AreaFile> {
    Some(AreaFile {
        edition: edition.into(),
        position,
        slug: slug.into(),
    })
}

fn without_process(slug: &str) -> ContentSet {
    let mut set = stored();
    set.processes.retain(|p| p.slug != slug);
    set
}

fn without_area(edition: &str, slug: &str) -> ContentSet {
    let mut set = stored();
    for e in set
        .editions
        .iter_mut()
        .filter(|e| e.edition.slug == edition)
    {
        e.areas.retain(|a| a.slug != slug);
    }
    for e in &mut set.editions {
        for a in &mut e.areas {
            a.successors.retain(|s| s != &format!("{edition}/{slug}"));
        }
    }
    set
}

fn area_of<'s>(set: &'s ContentSet, edition: &str, slug: &str) -> &'s AreaDoc {
    set.editions
        .iter()
        .find(|e| e.edition.slug == edition)
        .and_then(|e| e.areas.iter().find(|a| a.slug == slug))
        .unwrap()
}

#[test]
fn a_first_import_keeps_nothing() {
    let r = refs(&[("process", "", "gone", 3, 0)]);
    assert_eq!(
        keep(None, &stored(), &r, Removals::Refuse),
        Ok(Kept::default())
    );
}

#[test]
fn content_nothing_refers_to_is_left_to_the_diff_to_delete() {
    let old = stored();
    // Contributions about what stays do not keep anything else.
    let r = refs(&[
        ("process", "", "entstehung", 2, 1),
        ("measure", "m1", "entstehung", 1, 0),
    ]);
    for removals in [Removals::Refuse, archive()] {
        assert_eq!(
            keep(Some(&old), &without_process("umsetzung"), &r, removals),
            Ok(Kept::default())
        );
    }
}

#[test]
fn a_removed_process_with_contributions_refuses_the_import_naming_them() {
    let old = stored();
    let r = refs(&[
        ("process", "", "umsetzung", 4, 5),
        ("measure", "m1", "umsetzung", 3, 7),
        ("process", "", "entstehung", 9, 9),
    ]);
    assert_eq!(
        keep(
            Some(&old),
            &without_process("umsetzung"),
            &r,
            Removals::Refuse
        ),
        Err(vec![Referenced {
            kind: ContentKind::Process,
            key: "umsetzung".into(),
            area: None,
            referrers: referrers(7, 12, 0),
        }])
    );
}

#[test]
fn archiving_keeps_a_removed_process_dated_today_in_its_place_by_slug() {
    let old = stored();
    let r = refs(&[("process", "", "entstehung", 1, 0)]);
    let kept = keep(Some(&old), &without_process("entstehung"), &r, archive()).unwrap();
    assert_eq!(
        kept.archived,
        vec![Referenced {
            kind: ContentKind::Process,
            key: "entstehung".into(),
            area: None,
            referrers: referrers(1, 0, 0),
        }]
    );
    let set = kept.set.unwrap();
    let slugs: Vec<&str> = set.processes.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["entstehung", "umsetzung"]);
    assert_eq!(set.processes[0].archived, Some(d(TODAY)));
    assert_eq!(set.processes[1].archived, None);
    assert_eq!(
        Process {
            archived: None,
            ..set.processes[0].clone()
        },
        old.processes[0],
        "kept as stored"
    );
}

#[test]
fn a_kept_measure_keeps_its_area_and_goal_archived_and_the_rest_of_the_file_goes() {
    let old = stored();
    let r = refs(&[("measure", "m1", "umsetzung", 2, 0)]);
    let new = without_area("2021", "a1");
    let refused = keep(Some(&old), &new, &r, Removals::Refuse).unwrap_err();
    assert_eq!(
        refused,
        vec![
            Referenced {
                kind: ContentKind::Area,
                key: "2021/a1".into(),
                area: file("2021", 1, "a1"),
                referrers: referrers(0, 0, 2),
            },
            Referenced {
                kind: ContentKind::Goal,
                key: "g1".into(),
                area: file("2021", 1, "a1"),
                referrers: referrers(0, 0, 1),
            },
            Referenced {
                kind: ContentKind::Measure,
                key: "m1".into(),
                area: file("2021", 1, "a1"),
                referrers: referrers(2, 0, 0),
            },
        ]
    );

    let kept = keep(Some(&old), &new, &r, archive()).unwrap();
    assert_eq!(kept.archived, refused);
    let set = kept.set.unwrap();
    let a1 = area_of(&set, "2021", "a1");
    assert_eq!(a1.archived, Some(d(TODAY)));
    let goals: Vec<(&str, Option<PartialDate>)> = a1
        .goals
        .iter()
        .map(|g| (g.slug.as_str(), g.archived))
        .collect();
    assert_eq!(goals, [("g1", Some(d(TODAY)))]);
    let measures: Vec<(&str, Option<PartialDate>)> = a1
        .measures
        .iter()
        .map(|m| (m.slug.as_str(), m.archived))
        .collect();
    assert_eq!(measures, [("m1", Some(d(TODAY)))]);
    let areas: Vec<&str> = set.editions[1]
        .areas
        .iter()
        .map(|a| a.slug.as_str())
        .collect();
    assert_eq!(areas, ["a1", "a2"], "in the order of their positions");
}

#[test]
fn a_measure_left_out_of_a_current_area_is_archived_in_it() {
    let old = stored();
    let mut new = stored();
    new.editions[1].areas[1].measures.clear();
    let r = refs(&[("measure", "m3", "umsetzung", 1, 4)]);
    let kept = keep(Some(&old), &new, &r, archive()).unwrap();
    assert_eq!(
        kept.archived,
        vec![Referenced {
            kind: ContentKind::Measure,
            key: "m3".into(),
            area: file("2021", 2, "a2"),
            referrers: referrers(1, 4, 0),
        }]
    );
    let set = kept.set.unwrap();
    let a2 = area_of(&set, "2021", "a2");
    assert_eq!(a2.archived, None, "the area stays current");
    assert_eq!(a2.measures.len(), 1);
    assert_eq!(a2.measures[0].archived, Some(d(TODAY)));
    assert_eq!(a2.goals, old.editions[1].areas[1].goals);
}

#[test]
fn contributions_about_an_area_goal_or_edition_keep_them() {
    let old = stored();
    let new = without_area("2021", "a2");
    let about_area = refs(&[("area", "2021/a2", "umsetzung", 1, 0)]);
    let kept = keep(Some(&old), &new, &about_area, archive()).unwrap();
    let keys: Vec<&str> = kept.archived.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, ["2021/a2"]);
    let a2 = area_of(kept.set.as_ref().unwrap(), "2021", "a2");
    assert!(a2.goals.is_empty() && a2.measures.is_empty());

    let about_goal = refs(&[("goal", "g3", "umsetzung", 1, 0)]);
    let kept = keep(Some(&old), &new, &about_goal, archive()).unwrap();
    let keys: Vec<&str> = kept.archived.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, ["2021/a2", "g3"]);

    let mut no_2016 = stored();
    no_2016.editions.remove(0);
    let about_edition = refs(&[("edition", "2016", "umsetzung", 2, 1)]);
    for removals in [Removals::Refuse, archive()] {
        assert_eq!(
            keep(Some(&old), &no_2016, &about_edition, removals),
            Err(vec![Referenced {
                kind: ContentKind::Edition,
                key: "2016".into(),
                area: None,
                referrers: referrers(2, 1, 0),
            }])
        );
    }
}
