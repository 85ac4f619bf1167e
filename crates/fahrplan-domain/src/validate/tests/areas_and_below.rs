//! The rules for areas and what hangs below them (goals, measures, facts, processes).
use super::*;

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

fn archive_area(set: &mut ContentSet, i: usize) -> &mut AreaDoc {
    let a = &mut set.editions[0].areas[i];
    a.archived = Some(d("2026-12-06"));
    a
}

#[test]
fn an_archived_area_whose_goals_measures_and_children_are_archived_has_no_problems() {
    let mut set = rich();
    for i in [0, 1] {
        let a = archive_area(&mut set, i);
        a.goals[0].archived = Some(d("2026-12-06"));
        a.measures[0].archived = Some(d("2026-12-06"));
    }
    assert_eq!(validate(&set), vec![]);
}

#[test]
fn archived_items_in_a_current_area_have_no_problems() {
    let mut set = rich();
    let a = &mut set.editions[0].areas[1];
    a.archived = Some(d("2026-12-06"));
    a.goals[0].archived = Some(d("2026-12-06"));
    a.measures[0].archived = Some(d("2026-12-06"));
    set.editions[0].areas[0].measures[0].archived = Some(d("2026-12"));
    assert_eq!(validate(&set), vec![]);
}

#[test]
fn a_current_goal_and_measure_in_an_archived_area_are_reported() {
    let mut set = rich();
    let a = archive_area(&mut set, 1);
    a.goals[0].archived = None;
    a.measures[0].archived = None;
    assert_eq!(
        validate(&set),
        vec![
            problem(
                area_2021("mobilfunk"),
                ContentError::CurrentInArchived {
                    what: "goal",
                    slug: "funkloecher".into()
                },
                "funkloecher"
            ),
            problem(
                area_2021("mobilfunk"),
                ContentError::CurrentInArchived {
                    what: "measure",
                    slug: "masten".into()
                },
                "masten"
            ),
        ]
    );
}

#[test]
fn a_current_child_of_an_archived_area_is_reported_at_its_parent_line() {
    let mut set = rich();
    let a = archive_area(&mut set, 0);
    a.goals[0].archived = Some(d("2026-12-06"));
    a.measures[0].archived = Some(d("2026-12-06"));
    assert_eq!(
        validate(&set),
        vec![problem(
            area_2021("mobilfunk"),
            ContentError::CurrentInArchived {
                what: "area",
                slug: "mobilfunk".into()
            },
            "netze"
        )]
    );
}

#[test]
fn the_error_of_a_current_item_in_an_archived_area_names_it() {
    let e = ContentError::CurrentInArchived {
        what: "measure",
        slug: "masten".into(),
    };
    assert_eq!(
        e.to_string(),
        "measure \"masten\" is current, but its area is archived: archive it too"
    );
}
