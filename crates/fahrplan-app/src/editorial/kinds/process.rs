//! A participation process (`process:{slug}`) and each of its phases (`phase:{slug}/{n}`,
//! 1-based). Only admins edit them. A phase is part of its process: a published phase change
//! is a new version of the process, so the phase form's version check and its history are
//! the process's.

use super::common::{f, get, h, values};
use crate::editorial::fields::{Checked, FieldKind as K, FieldSpec, Values, date_text};
use fahrplan_domain::{Allowance, ContentSet, Phase, Process};

/// The wire values a phase may allow, in the order the form offers them.
pub(super) static ALLOWANCES: &[&str] = &[
    "proposals",
    "comments",
    "annotations",
    "supports",
    "statements",
];

pub(super) static PROCESS: &[FieldSpec] = &[
    f("title", "edit-field-title", K::Line(300), true),
    f("summary", "edit-field-summary", K::Text(2_000, false), true),
    h(
        f("body", "edit-field-body", K::Text(50_000, false), true),
        "edit-hint-markdown",
    ),
    h(
        f(
            "outcome",
            "edit-field-outcome",
            K::Text(2_000, false),
            false,
        ),
        "edit-hint-outcome",
    ),
    f("participants", "edit-field-participants", K::Count, false),
    f(
        "written_statements",
        "edit-field-written-statements",
        K::Count,
        false,
    ),
];

pub(super) static PHASE: &[FieldSpec] = &[
    f("title", "edit-field-title", K::Line(300), true),
    h(
        f("start", "edit-field-phase-start", K::Date, true),
        "edit-hint-date",
    ),
    h(
        f("end", "edit-field-phase-end", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f("body", "edit-field-body", K::Text(20_000, false), false),
        "edit-hint-markdown",
    ),
    f("participants", "edit-field-participants", K::Count, false),
    f("allows", "edit-field-allows", K::Choices(ALLOWANCES), false),
];

fn count(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

pub(super) fn find<'s>(set: &'s ContentSet, slug: &str) -> Option<&'s Process> {
    set.processes.iter().find(|p| p.slug == slug)
}

pub(super) fn find_mut<'s>(set: &'s mut ContentSet, slug: &str) -> Option<&'s mut Process> {
    set.processes.iter_mut().find(|p| p.slug == slug)
}

/// Process slug and 0-based index of a phase key `{slug}/{n}`.
pub(super) fn phase_key(key: &str) -> Option<(&str, usize)> {
    let (slug, n) = key.split_once('/')?;
    let n: usize = n.parse().ok()?;
    Some((slug, n.checked_sub(1)?))
}

pub(super) fn find_phase<'s>(set: &'s ContentSet, key: &str) -> Option<(&'s Process, &'s Phase)> {
    let (slug, i) = phase_key(key)?;
    let p = find(set, slug)?;
    Some((p, p.phases.get(i)?))
}

pub(super) fn phase_mut<'s>(set: &'s mut ContentSet, key: &str) -> Option<&'s mut Phase> {
    let (slug, i) = phase_key(key)?;
    find_mut(set, slug)?.phases.get_mut(i)
}

pub(super) fn process_values(p: &Process) -> Values {
    values(&[
        ("title", p.title.clone()),
        ("summary", p.summary.clone()),
        ("body", p.body.clone()),
        ("outcome", p.outcome.clone().unwrap_or_default()),
        ("participants", count(p.participants)),
        ("written_statements", count(p.written_statements)),
    ])
}

/// Writes the checked values of a process form into `p`.
pub(crate) fn set_process(p: &mut Process, c: &Checked) {
    p.title = get(c, "title").text();
    p.summary = get(c, "summary").text();
    p.body = get(c, "body").text();
    p.outcome = get(c, "outcome").opt();
    p.participants = get(c, "participants").euros();
    p.written_statements = get(c, "written_statements").euros();
}

pub(super) fn phase_values(p: &Phase) -> Values {
    let allows: Vec<&str> = p.allows.iter().map(|a| a.as_str()).collect();
    values(&[
        ("title", p.title.clone()),
        ("start", date_text(&Some(p.start))),
        ("end", date_text(&p.end)),
        ("body", p.body.clone()),
        ("participants", count(p.participants)),
        ("allows", allows.join(",")),
    ])
}

/// Writes the checked values of a phase form into `p`.
pub(crate) fn set_phase(p: &mut Phase, c: &Checked) {
    p.title = get(c, "title").text();
    if let Some(start) = get(c, "start").date() {
        p.start = start;
    }
    p.end = get(c, "end").date();
    p.body = get(c, "body").text();
    p.participants = get(c, "participants").euros();
    p.allows = get(c, "allows")
        .codes()
        .iter()
        .filter_map(|a| a.parse::<Allowance>().ok())
        .collect();
}

/// A phase must not end before it starts.
pub(super) fn check_phase(c: &Checked) -> Option<crate::FieldError> {
    let (Some(start), Some(end)) = (get(c, "start").date(), get(c, "end").date()) else {
        return None;
    };
    (end.last_day() < start.first_day()).then_some(crate::FieldError {
        field: "end",
        code: "error-edit-phase-end",
    })
}
