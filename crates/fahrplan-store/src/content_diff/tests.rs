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
