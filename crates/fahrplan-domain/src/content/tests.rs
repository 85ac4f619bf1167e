//! Tests of `content`, kept beside it so the rules stay short to read.
use super::*;
use crate::{Allowance, PhaseKind};

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
        outcome: None,
        owner: None,
        updated: PartialDate::parse("2026-01-01").unwrap(),
        archived: None,
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
        source: None,
        source_url: None,
        external_id: None,
        archived: None,
        milestones: vec![],
        assessment: vec![],
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

#[test]
fn an_archived_process_has_no_open_phase_and_allows_nothing() {
    let mut p = process(
        "umsetzung",
        Some("2021"),
        vec![titled(
            "online",
            "2026-01-01",
            None,
            vec![Allowance::Proposals, Allowance::Supports],
        )],
    );
    let day = (2026, 12, 6);
    assert_eq!(open_titles(&p, day), vec!["online"]);
    assert!(p.allows_on(day, Allowance::Proposals));
    p.archived = Some(PartialDate::parse("2026-12-06").unwrap());
    assert!(open_titles(&p, day).is_empty());
    assert!(!p.allows_on(day, Allowance::Proposals));
    assert!(!p.allows_on(day, Allowance::Supports));
}

#[test]
fn archived_content_is_not_current_and_says_since_when() {
    let on = PartialDate::parse("2026-12-06").unwrap();
    let mut m = measure(&[("2020", MeasureStatus::Planned)]);
    assert!(m.is_current());
    assert_eq!(m.archived_on(), None);
    m.archived = Some(on);
    assert!(!m.is_current());
    assert_eq!(m.archived_on(), Some(on));
    let mut p = process("p", None, Vec::new());
    assert!(p.is_current());
    p.archived = Some(on);
    assert!(!p.is_current());
    assert_eq!(p.archived_on(), Some(on));
}

#[test]
fn archived_areas_and_goals_say_since_when() {
    let on = PartialDate::parse("2026-12").unwrap();
    let mut g = Goal {
        slug: "g".into(),
        title: "g".into(),
        body: String::new(),
        lead: "dig".into(),
        partners: vec![],
        archived: None,
    };
    assert!(g.is_current());
    g.archived = Some(on);
    assert_eq!((g.is_current(), g.archived_on()), (false, Some(on)));
    let mut a = AreaDoc {
        slug: "a".into(),
        title: "a".into(),
        kind: AreaKind::Field,
        parent: None,
        position: 1,
        summary: String::new(),
        body: None,
        baseline: None,
        leichte_sprache: None,
        successors: vec![],
        updated: on,
        archived: None,
        facts: vec![],
        goals: vec![g],
        measures: vec![],
    };
    assert_eq!((a.is_current(), a.archived_on()), (true, None));
    a.archived = Some(on);
    assert_eq!((a.is_current(), a.archived_on()), (false, Some(on)));
}

#[test]
fn a_department_is_in_office_from_its_first_to_its_last_day() {
    let mut d = dept("hmdse", Some("hmdi"));
    d.valid_from = PartialDate::parse("2019-01-18").unwrap();
    d.valid_to = Some(PartialDate::parse("2024-01-17").unwrap());
    assert!(!d.in_office_on((2019, 1, 17)));
    assert!(d.in_office_on((2019, 1, 18)));
    assert!(d.in_office_on((2024, 1, 17)));
    assert!(!d.in_office_on((2024, 1, 18)));
    d.valid_to = None;
    assert!(d.in_office_on((2099, 12, 31)));
    d.valid_to = Some(PartialDate::parse("2024").unwrap());
    assert!(d.in_office_on((2024, 12, 31)));
    assert!(!d.in_office_on((2025, 1, 1)));
}

fn milestone(due: &str, done: Option<&str>) -> Milestone {
    Milestone {
        title: "Förderaufruf veröffentlicht".into(),
        due: PartialDate::parse(due).unwrap(),
        done: done.map(|d| PartialDate::parse(d).unwrap()),
    }
}

#[test]
fn a_milestone_is_overdue_after_its_due_dates_last_day_until_it_is_done() {
    assert!(!milestone("2024", None).is_overdue_on((2024, 12, 31)));
    assert!(milestone("2024", None).is_overdue_on((2025, 1, 1)));
    assert!(!milestone("2024-02", None).is_overdue_on((2024, 2, 29)));
    assert!(milestone("2024-02", None).is_overdue_on((2024, 3, 1)));
    assert!(!milestone("2024-02-10", None).is_overdue_on((2024, 2, 10)));
    assert!(milestone("2024-02-10", None).is_overdue_on((2024, 2, 11)));
    assert!(
        !milestone("2024", Some("2025-03")).is_overdue_on((2030, 1, 1)),
        "done late"
    );
}

#[test]
fn milestones_and_assessments_are_read_from_and_written_to_toml() {
    let text = r#"
slug = "m"
title = "M"
body = ""
lead = "dig"
goals = ["g"]

[[status]]
on = "2021"
status = "in_progress"

[[milestone]]
title = "Förderrichtlinie in Kraft"
due = "2021-06"
done = "2021-07-15"

[[milestone]]
title = "Erste Bescheide"
due = "2022"

[[assessment]]
on = "2023-05"
by = "Hessischer Rechnungshof"
rating = "at_risk"
note = "Mittelabfluss gering"
source_url = "https://example.org/bericht"
"#;
    let m: Measure = toml::from_str(text).unwrap();
    assert_eq!(
        m.milestones,
        vec![
            Milestone {
                title: "Förderrichtlinie in Kraft".into(),
                due: PartialDate::parse("2021-06").unwrap(),
                done: Some(PartialDate::parse("2021-07-15").unwrap()),
            },
            Milestone {
                title: "Erste Bescheide".into(),
                due: PartialDate::parse("2022").unwrap(),
                done: None,
            },
        ]
    );
    assert_eq!(m.assessment.len(), 1);
    assert_eq!(m.assessment[0].rating, AssessmentRating::AtRisk);
    assert_eq!(m.assessment[0].by, "Hessischer Rechnungshof");
    let again: Measure = toml::from_str(&toml::to_string(&m).unwrap()).unwrap();
    assert_eq!(again, m);
}

#[test]
fn a_measure_without_milestones_or_assessments_is_written_without_those_keys() {
    let m = measure(&[("2021", MeasureStatus::InProgress)]);
    let text = toml::to_string(&m).unwrap();
    assert!(!text.contains("milestone"), "{text}");
    assert!(!text.contains("assessment"), "{text}");
}

#[test]
fn an_unknown_assessment_rating_is_refused() {
    let text = r#"
slug = "m"
title = "M"
body = ""
lead = "dig"
goals = ["g"]
status = []

[[assessment]]
on = "2023"
by = "Rechnungshof"
rating = "good"
"#;
    assert!(toml::from_str::<Measure>(text).is_err());
}
