//! The facts of an Ausgangslage as numbered rows of a form (`fact-1-label`, `fact-1-value`, …):
//! how published facts become rows, how a post's rows are read back, and the rule for each
//! row. A row left entirely empty is dropped (that is how a fact is removed, and how the empty
//! rows for new facts stay unused); a partly filled row gets an error on each field it lacks,
//! so the error summary can name row and field. Works without JavaScript: the form always
//! offers two empty rows more than it holds.

use super::fields::{Values, date_text};
use crate::{FieldError, FieldErrors};
use fahrplan_domain::{Fact, PartialDate, link};
use std::sync::LazyLock;

/// The parts of a row, in form order.
pub const PARTS: [&str; 5] = ["label", "value", "as_of", "source", "source_url"];

/// The most rows a form may post.
pub const MAX_ROWS: usize = 60;

/// Field names `fact-{row}-{part}` for rows 1 to [`MAX_ROWS`], made once, so an error can
/// name its field as the form does (`FieldError::field` is a `&'static str`).
static NAMES: LazyLock<Vec<[&'static str; 5]>> = LazyLock::new(|| {
    (1..=MAX_ROWS)
        .map(|row| PARTS.map(|p| &*Box::leak(format!("fact-{row}-{p}").into_boxed_str())))
        .collect()
});

/// The form field of part `part` (index into [`PARTS`]) of row `row` (1-based).
pub fn field(row: usize, part: usize) -> Option<&'static str> {
    NAMES
        .get(row.checked_sub(1)?)
        .and_then(|r| r.get(part).copied())
}

/// Row and part of a field name `{prefix}-{row}-{part}`.
pub fn parse_name(prefix: &str, name: &str) -> Option<(usize, usize)> {
    let rest = name.strip_prefix(prefix)?.strip_prefix('-')?;
    let (row, part) = rest.split_once('-')?;
    let row: usize = row.parse().ok()?;
    let part = PARTS.iter().position(|p| *p == part)?;
    (1..=MAX_ROWS).contains(&row).then_some((row, part))
}

/// The rows of published facts as form values.
pub fn values(prefix: &str, facts: &[Fact]) -> Values {
    let mut v = Values::new();
    for (i, f) in facts.iter().enumerate() {
        let texts = [
            f.label.clone(),
            f.value.clone(),
            date_text(&Some(f.as_of)),
            f.source.clone(),
            f.source_url.clone().unwrap_or_default(),
        ];
        for (p, t) in PARTS.iter().zip(texts) {
            v.insert(format!("{prefix}-{}-{p}", i + 1), t);
        }
    }
    v
}

/// The row values of a post (other names ignored).
pub fn values_from_pairs(prefix: &str, pairs: &[(String, String)]) -> Values {
    pairs
        .iter()
        .filter(|(k, _)| parse_name(prefix, k).is_some())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The highest row number the values hold (0 for none).
pub fn rows(prefix: &str, values: &Values) -> usize {
    values
        .keys()
        .filter_map(|k| parse_name(prefix, k))
        .map(|(r, _)| r)
        .max()
        .unwrap_or(0)
}

/// The facts of the rows that are not empty, in row order, or an error per missing or bad
/// field of a partly filled row.
pub fn check(prefix: &str, values: &Values) -> Result<Vec<Fact>, FieldErrors> {
    let mut facts = Vec::new();
    let mut errors = Vec::new();
    for row in 1..=rows(prefix, values) {
        let raw: Vec<String> = PARTS
            .iter()
            .map(|p| {
                values
                    .get(&format!("{prefix}-{row}-{p}"))
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default()
            })
            .collect();
        if raw.iter().all(String::is_empty) {
            continue;
        }
        let as_of = PartialDate::parse(&raw[2]).ok();
        let url = &raw[4];
        let url_ok = url.is_empty()
            || (link::is_safe_link(url)
                && (url.starts_with("https://") || url.starts_with("http://")));
        let line_error = |part: usize, missing: &'static str| {
            if raw[part].is_empty() {
                Some(missing)
            } else if raw[part].chars().count() > 300 {
                Some("error-edit-line-too-long")
            } else if raw[part].chars().any(char::is_control) {
                Some("error-edit-control")
            } else {
                None
            }
        };
        let codes = [
            line_error(0, "error-edit-fact-label"),
            line_error(1, "error-edit-fact-value"),
            as_of.is_none().then_some("error-edit-fact-as-of"),
            line_error(3, "error-edit-fact-source"),
            (!url_ok).then_some("error-edit-url"),
        ];
        for (part, code) in codes.iter().enumerate() {
            if let (Some(code), Some(field)) = (code, field(row, part)) {
                errors.push(FieldError { field, code });
            }
        }
        if let (Some(as_of), true) = (as_of, codes.iter().all(Option::is_none)) {
            facts.push(Fact {
                label: raw[0].clone(),
                value: raw[1].clone(),
                as_of,
                source: raw[3].clone(),
                source_url: (!url.is_empty()).then(|| url.clone()),
            });
        }
    }
    if errors.is_empty() {
        Ok(facts)
    } else {
        Err(errors)
    }
}

/// The facts as one readable text, a line per fact, for the review's table.
pub fn shown(prefix: &str, values: &Values) -> String {
    let mut lines = Vec::new();
    for row in 1..=rows(prefix, values) {
        let get = |p: &str| {
            values
                .get(&format!("{prefix}-{row}-{p}"))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        let parts: Vec<String> = PARTS.iter().map(|p| get(p)).collect();
        if parts.iter().all(String::is_empty) {
            continue;
        }
        lines.push(line(&parts[0], &parts[1], &parts[2], &parts[3], &parts[4]));
    }
    lines.join("\n")
}

/// One fact as a line: "label: value (Stand as_of; source, url)".
pub fn line(label: &str, value: &str, as_of: &str, source: &str, url: &str) -> String {
    let mut s = format!("{label}: {value} (Stand {as_of}; {source}");
    if !url.is_empty() {
        s.push_str(", ");
        s.push_str(url);
    }
    s.push(')');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, x)| ((*k).to_owned(), (*x).to_owned()))
            .collect()
    }

    #[test]
    fn an_empty_row_is_dropped_and_a_full_one_kept() {
        let values = v(&[
            ("fact-1-label", "Schulen"),
            ("fact-1-value", "12"),
            ("fact-1-as_of", "2024"),
            ("fact-1-source", "HSL"),
            ("fact-2-label", ""),
            ("fact-3-label", " "),
        ]);
        let facts = check("fact", &values).unwrap();
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].label, "Schulen");
    }

    #[test]
    fn a_partly_filled_row_names_each_missing_field() {
        let values = v(&[("fact-2-label", "Schulen")]);
        let errors = check("fact", &values).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["fact-2-value", "fact-2-as_of", "fact-2-source"]);
    }
}
