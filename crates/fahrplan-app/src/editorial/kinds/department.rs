//! A department (`department:{code}`): its names, the end of its term and who took over its
//! tasks. Only admins edit it: a department is created and cut by a cabinet decision. The
//! successor must be another department and must not lead back to this one, since the chain
//! of successors decides who may report for a measure (`fahrplan_domain::successor_chain`).

use super::common::{f, get, h, values};
use crate::FieldError;
use crate::editorial::fields::{Checked, FieldKind as K, FieldSpec, Values, date_text};
use fahrplan_domain::{ContentSet, Department};

pub(super) static DEPARTMENT: &[FieldSpec] = &[
    f("name", "edit-field-name", K::Line(300), true),
    f("short_name", "edit-field-short-name", K::Line(150), true),
    h(
        f("valid_to", "edit-field-valid-to", K::Date, false),
        "edit-hint-valid-to",
    ),
    h(
        f("successor", "edit-field-successor", K::Department, false),
        "edit-hint-successor",
    ),
    h(
        f("note", "edit-field-note", K::Text(5_000, false), false),
        "edit-hint-markdown",
    ),
];

pub(super) fn find<'s>(set: &'s ContentSet, code: &str) -> Option<&'s Department> {
    set.departments.iter().find(|d| d.code == code)
}

pub(super) fn find_mut<'s>(set: &'s mut ContentSet, code: &str) -> Option<&'s mut Department> {
    set.departments.iter_mut().find(|d| d.code == code)
}

pub(super) fn department_values(d: &Department) -> Values {
    values(&[
        ("name", d.name.clone()),
        ("short_name", d.short_name.clone()),
        ("valid_to", date_text(&d.valid_to)),
        ("successor", d.successor.clone().unwrap_or_default()),
        ("note", d.note.clone().unwrap_or_default()),
    ])
}

/// Writes the checked values of a department form into `d`.
pub(crate) fn set_department(d: &mut Department, c: &Checked) {
    d.name = get(c, "name").text();
    d.short_name = get(c, "short_name").text();
    d.valid_to = get(c, "valid_to").date();
    d.successor = get(c, "successor").codes().into_iter().next();
    d.note = get(c, "note").opt();
}

/// The successor of `code` must be another department, and following successors from it must
/// not come back to `code`.
pub(super) fn check_successor(set: &ContentSet, code: &str, c: &Checked) -> Option<FieldError> {
    let next = get(c, "successor").codes().into_iter().next()?;
    let refuse = |code| {
        Some(FieldError {
            field: "successor",
            code,
        })
    };
    if next == code {
        return refuse("error-edit-successor-self");
    }
    let mut seen = vec![next.clone()];
    let mut at = find(set, &next).and_then(|d| d.successor.clone());
    while let Some(s) = at {
        if s == code {
            return refuse("error-edit-successor-cycle");
        }
        if seen.contains(&s) {
            break;
        }
        seen.push(s.clone());
        at = find(set, &s).and_then(|d| d.successor.clone());
    }
    None
}
