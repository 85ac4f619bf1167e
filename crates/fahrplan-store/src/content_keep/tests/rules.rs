//! What an import refuses even when archiving, what stays archived from before, and how
//! references add up.
use super::*;

#[test]
fn an_edition_that_kept_content_needs_refuses_also_when_archiving() {
    let old = stored();
    let mut new = stored();
    new.editions.remove(1);
    new.processes.clear();
    new.meta.default_edition = "2016".into();
    let r = refs(&[
        ("measure", "m2", "umsetzung", 1, 0),
        ("process", "", "umsetzung", 1, 0),
    ]);
    let refused = keep(Some(&old), &new, &r, archive()).unwrap_err();
    assert_eq!(
        refused,
        vec![Referenced {
            kind: ContentKind::Edition,
            key: "2021".into(),
            area: None,
            // The area of m2 and the process about the edition.
            referrers: referrers(0, 0, 2),
        }]
    );
    let refused = keep(Some(&old), &new, &r, Removals::Refuse).unwrap_err();
    let kinds: Vec<ContentKind> = refused.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            ContentKind::Edition,
            ContentKind::Area,
            ContentKind::Goal,
            ContentKind::Measure,
            ContentKind::Process
        ]
    );
}

#[test]
fn a_department_that_kept_content_names_refuses_also_when_archiving() {
    let old = stored();
    let mut new = without_area("2021", "a1");
    new.departments.retain(|d| d.code != "wirt");
    let r = refs(&[("measure", "m1", "umsetzung", 1, 0)]);
    assert_eq!(
        keep(Some(&old), &new, &r, archive()),
        Err(vec![Referenced {
            kind: ContentKind::Department,
            key: "wirt".into(),
            area: None,
            referrers: referrers(0, 0, 1),
        }])
    );
    // Goals name departments too: g1 (kept for m1) and m1 are both led by `dig`.
    let mut new = without_area("2021", "a1");
    new.departments.retain(|d| d.code != "dig");
    let refused = keep(Some(&old), &new, &r, archive()).unwrap_err();
    assert_eq!(refused[0].key, "dig");
    assert_eq!(refused[0].referrers, referrers(0, 0, 2));
}

#[test]
fn content_archived_before_stays_with_its_date_and_refuses_nothing() {
    let mut old = stored();
    old.processes[1].archived = Some(d("2026-01-15"));
    let r = refs(&[("process", "", "umsetzung", 3, 0)]);
    for removals in [Removals::Refuse, archive()] {
        let kept = keep(Some(&old), &without_process("umsetzung"), &r, removals).unwrap();
        assert!(kept.archived.is_empty(), "nothing archived now");
        let set = kept.set.unwrap();
        assert_eq!(set.processes, old.processes, "kept with its own date");
    }
}

#[test]
fn content_archived_before_that_nothing_refers_to_goes() {
    let mut old = stored();
    old.processes[1].archived = Some(d("2026-01-15"));
    let r = refs(&[]);
    assert_eq!(
        keep(
            Some(&old),
            &without_process("umsetzung"),
            &r,
            Removals::Refuse
        ),
        Ok(Kept::default())
    );
}

#[test]
fn a_kept_area_keeps_its_removed_parent_and_successions_only_to_what_stays() {
    let mut old = stored();
    let mut group = area("gruppe", 1, vec![], vec![]);
    group.kind = AreaKind::Group;
    let field = &mut old.editions[0].areas[0];
    field.parent = Some("gruppe".into());
    field.position = 2;
    old.editions[0].areas.insert(0, group);
    let mut new = old.clone();
    new.editions[0].areas.clear();
    new.editions[1].areas.retain(|a| a.slug != "a2");
    let r = refs(&[("area", "2016/feld", "umsetzung", 1, 0)]);
    let kept = keep(Some(&old), &new, &r, archive()).unwrap();
    let keys: Vec<(&str, Referrers)> = kept
        .archived
        .iter()
        .map(|k| (k.key.as_str(), k.referrers))
        .collect();
    assert_eq!(
        keys,
        [
            ("2016/feld", referrers(1, 0, 0)),
            ("2016/gruppe", referrers(0, 0, 1))
        ]
    );
    let set = kept.set.unwrap();
    let feld = area_of(&set, "2016", "feld");
    assert_eq!(feld.successors, ["2021/a1"], "a2 is gone");
    assert_eq!(area_of(&set, "2016", "gruppe").archived, Some(d(TODAY)));
}

#[test]
fn references_add_up_by_target_and_by_process() {
    let r = refs(&[
        ("measure", "m1", "p", 2, 1),
        ("measure", "m1", "q", 3, 4),
        ("process", "", "p", 1, 0),
    ]);
    assert_eq!(r.about("measure", "m1"), referrers(5, 5, 0));
    assert_eq!(r.about("goal", "m1"), referrers(0, 0, 0));
    assert_eq!(r.in_process("p"), referrers(3, 1, 0));
    assert_eq!(r.in_process("q"), referrers(3, 4, 0));
    assert_eq!(r.in_process("r"), Referrers::default());
}

#[test]
fn each_kind_has_its_word_for_messages() {
    let kinds = [
        (ContentKind::Department, "department"),
        (ContentKind::Edition, "edition"),
        (ContentKind::Area, "area"),
        (ContentKind::Goal, "goal"),
        (ContentKind::Measure, "measure"),
        (ContentKind::Process, "process"),
    ];
    for (k, word) in kinds {
        assert_eq!(k.as_str(), word);
    }
}
