//! Tests of the import plan, kept beside it.
use super::*;

fn entry(on: &str, status: MeasureStatus, note: &str) -> StatusChange {
    StatusChange {
        on: PartialDate::parse(on).unwrap(),
        status,
        note: Some(note.to_owned()),
    }
}

#[test]
fn only_entries_the_history_lacks_are_appended_in_file_order() {
    let a = entry("2021", MeasureStatus::Planned, "a");
    let b = entry("2022", MeasureStatus::InProgress, "b");
    let c = entry("2023", MeasureStatus::Done, "c");
    let stored = [a.clone(), b.clone()];
    assert!(to_append(&stored, &[a.clone(), b.clone()]).is_empty());
    assert!(
        to_append(&stored, std::slice::from_ref(&a)).is_empty(),
        "a lacking entry stays"
    );
    assert_eq!(
        to_append(&stored, &[c.clone(), a.clone(), b.clone()]),
        vec![&c]
    );
    assert_eq!(to_append(&[], &[a.clone(), b.clone()]), vec![&a, &b]);
}

#[test]
fn a_repeated_entry_is_appended_once_per_missing_copy() {
    let a = entry("2021", MeasureStatus::Planned, "a");
    assert_eq!(
        to_append(std::slice::from_ref(&a), &[a.clone(), a.clone()]),
        vec![&a]
    );
}

#[test]
fn an_unchanged_set_plans_nothing_and_a_fresh_one_announces_its_meta() {
    let set = ContentSet {
        meta: ContentMeta {
            name: "Test".into(),
            default_edition: "2021".into(),
            demonstration: false,
        },
        ..ContentSet::default()
    };
    let same = plan(Some(&set), &set);
    assert!(same.ops.is_empty() && same.changes.is_empty());
    let fresh = plan(None, &set);
    assert_eq!(fresh.ops, vec![Op::Meta(&set.meta)]);
    assert_eq!(
        fresh.changes.into_iter().collect::<Vec<_>>(),
        vec![(TOPIC_META, "content".to_owned())]
    );
}

fn with_measure(m: Measure) -> ContentSet {
    ContentSet {
        meta: ContentMeta {
            name: "Test".into(),
            default_edition: "2021".into(),
            demonstration: false,
        },
        editions: vec![EditionDoc {
            edition: Edition {
                slug: "2021".into(),
                title: "S".into(),
                short_title: "S".into(),
                status: EditionStatus::Adopted,
                adopted_on: None,
                horizon_year: None,
                predecessor: None,
                summary: String::new(),
                vision: String::new(),
                leichte_sprache: None,
                updated: PartialDate::parse("2026").unwrap(),
            },
            areas: vec![AreaDoc {
                slug: "netze".into(),
                title: "Netze".into(),
                kind: AreaKind::Foundation,
                parent: None,
                position: 1,
                summary: String::new(),
                body: None,
                baseline: None,
                leichte_sprache: None,
                successors: vec![],
                updated: PartialDate::parse("2026").unwrap(),
                archived: None,
                facts: vec![],
                goals: vec![],
                measures: vec![m],
            }],
        }],
        ..ContentSet::default()
    }
}

fn plain_measure() -> Measure {
    Measure {
        slug: "m".into(),
        title: "M".into(),
        body: String::new(),
        lead: "dig".into(),
        partners: vec![],
        goals: vec![],
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
        status: vec![entry("2021", MeasureStatus::InProgress, "a")],
        milestones: vec![],
        assessment: vec![],
    }
}

fn rated(on: &str) -> Assessment {
    Assessment {
        on: PartialDate::parse(on).unwrap(),
        by: "Rechnungshof".into(),
        rating: AssessmentRating::AtRisk,
        note: None,
        source_url: None,
    }
}

#[test]
fn a_changed_milestone_list_is_replaced_and_announces_only_the_measure() {
    let old = with_measure(plain_measure());
    let mut m = plain_measure();
    m.milestones = vec![Milestone {
        title: "Aufruf".into(),
        due: PartialDate::parse("2022").unwrap(),
        done: None,
    }];
    let new = with_measure(m);
    let p = plan(Some(&old), &new);
    let milestones = &new.editions[0].areas[0].measures[0].milestones;
    assert_eq!(p.ops, vec![Op::MeasureMilestones("m", milestones)]);
    assert_eq!(
        p.changes.into_iter().collect::<Vec<_>>(),
        vec![(TOPIC_MEASURE, "m".to_owned())]
    );
}

#[test]
fn assessments_the_database_lacks_are_appended_after_the_stored_ones() {
    let mut stored = plain_measure();
    stored.assessment = vec![rated("2022"), rated("2023")];
    let old = with_measure(stored);
    let mut m = plain_measure();
    m.assessment = vec![rated("2023"), rated("2024")];
    let new = with_measure(m);
    let p = plan(Some(&old), &new);
    let newest = &new.editions[0].areas[0].measures[0].assessment[1];
    assert_eq!(p.ops, vec![Op::AppendAssessments("m", 2, vec![newest])]);
    assert_eq!(
        p.changes.into_iter().collect::<Vec<_>>(),
        vec![(TOPIC_MEASURE, "m".to_owned())]
    );
    let mut fewer = plain_measure();
    fewer.assessment = vec![rated("2022")];
    assert!(
        plan(Some(&old), &with_measure(fewer)).ops.is_empty(),
        "a stored assessment the file lacks stays"
    );
}
