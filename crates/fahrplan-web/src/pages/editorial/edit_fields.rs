//! The fields of an editing form as the template shows them: one control per field, the
//! department and choice lists, and the facts of an Ausgangslage as numbered fieldsets (the
//! rows it holds plus two empty ones, so a fact can be added without JavaScript). Also the
//! error summary, whose entries for a fact's row name the row and the field.

use crate::layout::Layout;
use crate::pages::monitoring::reporting::Choice;
use fahrplan_app::FieldError;
use fahrplan_app::editorial::{FieldKind, FieldSpec, Values, facts};
use fahrplan_domain::Department;

/// One input of a fact's row.
pub struct PartView {
    /// Its name and id (`fact-2-label`).
    pub name: &'static str,
    /// Its label.
    pub label: String,
    /// What was typed or is published.
    pub value: String,
    /// The message id of its error, if any.
    pub error: Option<&'static str>,
}

/// One fact's row: its legend ("Fakt 2") and inputs.
pub struct RowView {
    /// The legend.
    pub legend: String,
    /// The inputs, in order.
    pub parts: Vec<PartView>,
}

/// One field as the form shows it.
pub struct FieldView {
    pub(super) name: &'static str,
    pub(super) label: String,
    pub(super) hint: String,
    /// `line`, `text`, `select`, `checks` or `facts`.
    pub(super) control: &'static str,
    pub(super) value: String,
    pub(super) rows: usize,
    pub(super) options: Vec<Choice>,
    /// Whether a select offers "none" first (an optional department).
    pub(super) empty_option: bool,
    /// The rows of a facts field.
    pub(super) facts: Vec<RowView>,
    /// What is published now, shown beside the input after a conflict.
    pub(super) published: Option<String>,
}

const PART_LABELS: [&str; 5] = [
    "edit-fact-label",
    "edit-fact-value",
    "edit-fact-as-of",
    "edit-fact-source",
    "edit-fact-source-url",
];

fn fact_rows(l: &Layout, name: &str, values: &Values, errors: &[FieldError]) -> Vec<RowView> {
    let rows = (facts::rows(name, values) + 2).min(facts::MAX_ROWS);
    (1..=rows)
        .map(|row| RowView {
            legend: l.t1("edit-fact-legend", "number", row),
            parts: (0..facts::PARTS.len())
                .filter_map(|part| {
                    let field = facts::field(row, part)?;
                    Some(PartView {
                        name: field,
                        label: l.t(PART_LABELS[part]),
                        value: values.get(field).cloned().unwrap_or_default(),
                        error: errors.iter().find(|e| e.field == field).map(|e| e.code),
                    })
                })
                .collect(),
        })
        .collect()
}

/// What a form's fields are built from: the fields, the departments to choose from, and a
/// department's own code (it cannot be its own successor).
pub struct Source<'a> {
    /// The fields in order.
    pub specs: &'a [FieldSpec],
    /// Departments to choose from.
    pub departments: &'a [Department],
    /// A department that is left out of the lists.
    pub except: Option<&'a str>,
}

/// The view of every field of the form.
pub fn field_views(
    l: &Layout,
    src: &Source<'_>,
    values: &Values,
    errors: &[FieldError],
    published: Option<&Values>,
) -> Vec<FieldView> {
    src.specs
        .iter()
        .map(|s| field_view(l, src, s, values, errors, published))
        .collect()
}

fn field_view(
    l: &Layout,
    src: &Source<'_>,
    s: &FieldSpec,
    values: &Values,
    errors: &[FieldError],
    published: Option<&Values>,
) -> FieldView {
    let value = values.get(s.name).cloned().unwrap_or_default();
    let chosen: Vec<&str> = value.split(',').map(str::trim).collect();
    let options = match s.kind {
        FieldKind::Department | FieldKind::Departments => src
            .departments
            .iter()
            .filter(|d| src.except != Some(d.code.as_str()))
            .map(|d| Choice {
                value: d.code.clone(),
                label: format!("{} ({})", d.name, d.short_name),
                selected: chosen.contains(&d.code.as_str()),
            })
            .collect(),
        FieldKind::Choices(all) => all
            .iter()
            .map(|v| Choice {
                value: (*v).to_owned(),
                label: l.t(&format!("edit-choice-{}-{v}", s.name)),
                selected: chosen.contains(v),
            })
            .collect(),
        _ => Vec::new(),
    };
    let (control, rows) = match s.kind {
        FieldKind::Text(max, _) => ("text", if max > 5_000 { 16 } else { 5 }),
        FieldKind::Department => ("select", 0),
        FieldKind::Departments | FieldKind::Choices(_) => ("checks", 0),
        FieldKind::Facts => ("facts", 0),
        _ => ("line", 0),
    };
    let facts = if s.kind == FieldKind::Facts {
        fact_rows(l, s.name, values, errors)
    } else {
        Vec::new()
    };
    FieldView {
        name: s.name,
        label: l.t(s.label),
        hint: if s.hint.is_empty() {
            String::new()
        } else {
            l.t(s.hint)
        },
        control,
        value,
        rows,
        options,
        empty_option: s.kind == FieldKind::Department && !s.required,
        facts,
        published: published.map(|p| {
            if s.kind == FieldKind::Facts {
                facts::shown(s.name, p)
            } else {
                p.get(s.name).cloned().unwrap_or_default()
            }
        }),
    }
}

/// The error summary's entries: the anchor and the text; a fact's entry names row and field.
pub fn summary(l: &Layout, errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| {
            let text = match facts::parse_name("fact", e.field) {
                Some((row, part)) => format!(
                    "{}, {}: {}",
                    l.t1("edit-fact-legend", "number", row),
                    l.t(PART_LABELS[part]),
                    l.t(e.code)
                ),
                None => l.t(e.code),
            };
            (e.field.to_owned(), text)
        })
        .collect()
}
