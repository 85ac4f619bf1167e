//! Reading observations from CSV (`fahrplan import observations FILE.csv`): every row checked,
//! every bad row reported with its line and reason, and nothing returned unless all rows are good.
//!
//! Header row: `indicator,period,value,region,source,note` in any order (`region` and `note` may
//! be left out). The separator is `;` when the header holds one, otherwise `,`. Fields are quoted
//! by RFC 4180. A decimal comma is read only in a `;` file or inside quotes (in a `,` file an
//! unquoted comma separates fields). `period` is `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`;
//! `region` an official key of 2, 3 or 5 digits (`06`, `064`, `06411`).

use super::Period;
use crate::csv::{Record, records};
use std::collections::{HashMap, HashSet};

/// One observation as a file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationRow {
    /// Line of the file.
    pub line: usize,
    /// Slug of the indicator.
    pub indicator: String,
    /// The period.
    pub period: Period,
    /// The value.
    pub value: f64,
    /// Official key of the region; none for the whole Land.
    pub region: Option<String>,
    /// Where the figure comes from.
    pub source: String,
    /// A remark.
    pub note: Option<String>,
}

/// A bad row (or header) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line of the file.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

const REQUIRED: [&str; 4] = ["indicator", "period", "value", "source"];
const OPTIONAL: [&str; 2] = ["region", "note"];

/// Reads a value: a decimal point, or (where `comma` allows it) a decimal comma; no thousands
/// separators.
fn value(text: &str, comma: bool) -> Result<f64, String> {
    let t = text.trim();
    let normal = if t.contains(',') {
        if !comma {
            return Err(format!(
                "{t:?}: a decimal comma only in a ';' file or in quotes"
            ));
        }
        if t.contains('.') {
            return Err(format!(
                "{t:?}: write the number without thousands separators"
            ));
        }
        t.replace(',', ".")
    } else {
        t.to_owned()
    };
    let ok = !normal.is_empty()
        && normal
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.');
    match normal.parse::<f64>() {
        Ok(v) if ok && v.is_finite() => Ok(v),
        _ => Err(format!("{t:?} is not a number")),
    }
}

/// Whether a text is an official key of a Land, Regierungsbezirk or Kreis.
fn is_key(k: &str) -> bool {
    matches!(k.len(), 2 | 3 | 5) && k.bytes().all(|b| b.is_ascii_digit())
}

/// Reads every row of an observations file.
pub fn read_observations(text: &str) -> Result<Vec<ObservationRow>, Vec<RowError>> {
    let (rows, errors) = read_rows(text);
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Reads an observations file into the rows that parse and the errors of those that do not (a
/// bad header or file gives no rows), so that the rows that parse can be checked further and
/// every problem reported at once.
pub fn read_rows(text: &str) -> (Vec<ObservationRow>, Vec<RowError>) {
    match read_all(text) {
        Ok(pair) => pair,
        Err(errors) => (Vec::new(), errors),
    }
}

type Read = (Vec<ObservationRow>, Vec<RowError>);

fn read_all(text: &str) -> Result<Read, Vec<RowError>> {
    let text = text.strip_prefix(crate::csv::BOM).unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let separator = if first_line.contains(';') { ';' } else { ',' };
    let recs = records(text, separator).map_err(|e| {
        vec![RowError {
            line: e.line,
            reason: e.reason,
        }]
    })?;
    let Some((header, rows)) = recs.split_first() else {
        return Err(vec![RowError {
            line: 1,
            reason: "the file is empty: it needs the header row indicator,period,value,region,source,note".to_owned(),
        }]);
    };
    let mut errors = Vec::new();
    let mut column: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.fields.iter().enumerate() {
        let name = name.trim();
        match REQUIRED.iter().chain(&OPTIONAL).find(|c| **c == name) {
            Some(c) if column.insert(c, i).is_some() => errors.push(RowError {
                line: header.line,
                reason: format!("column {c:?} twice in the header"),
            }),
            Some(_) => {}
            None => errors.push(RowError {
                line: header.line,
                reason: format!("unknown column {name:?} (known: indicator, period, value, region, source, note)"),
            }),
        }
    }
    for c in REQUIRED {
        if !column.contains_key(c) {
            errors.push(RowError {
                line: header.line,
                reason: format!("the header lacks the column {c:?}"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // A decimal comma inside quotes: the record reader has unquoted the field, so whether it
    // was quoted is read from the raw line.
    let raw_lines: Vec<&str> = text.lines().collect();
    let mut seen: HashMap<(String, String, Option<String>), usize> = HashMap::new();
    let mut out = Vec::new();
    for r in rows {
        match row(r, &column, header.fields.len(), separator, &raw_lines) {
            Ok(o) => {
                let id = (o.indicator.clone(), o.period.to_string(), o.region.clone());
                if let Some(first) = seen.insert(id, o.line) {
                    errors.push(RowError {
                        line: o.line,
                        reason: format!("the same indicator, period and region as line {first}"),
                    });
                }
                out.push(o);
            }
            Err(reason) => errors.push(RowError {
                line: r.line,
                reason,
            }),
        }
    }
    Ok((out, errors))
}

fn row(
    r: &Record,
    column: &HashMap<&str, usize>,
    width: usize,
    separator: char,
    raw_lines: &[&str],
) -> Result<ObservationRow, String> {
    if r.fields.len() != width {
        return Err(format!(
            "{} fields where the header has {width}{}",
            r.fields.len(),
            if separator == ',' {
                " (a decimal comma in a ',' file must be in quotes)"
            } else {
                ""
            }
        ));
    }
    let get = |c: &str| {
        column
            .get(c)
            .map(|&i| r.fields[i].trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let indicator = get("indicator").ok_or("no indicator")?;
    let period_text = get("period").ok_or("no period")?;
    let period = Period::parse(&period_text)
        .map_err(|_| format!("period {period_text:?}: use YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"))?;
    let value_text = get("value").ok_or("no value")?;
    let quoted = raw_lines
        .get(r.line - 1)
        .is_some_and(|l| l.contains(&format!("\"{value_text}\"")));
    let value = value(&value_text, separator == ';' || quoted)?;
    let region = get("region");
    if let Some(k) = &region
        && !is_key(k)
    {
        return Err(format!("region {k:?} is no official key (06, 064, 06411)"));
    }
    let source = get("source").ok_or("no source: every figure needs one")?;
    Ok(ObservationRow {
        line: r.line,
        indicator,
        period,
        value,
        region,
        source,
        note: get("note"),
    })
}

/// The rows that name an indicator or a region the site does not know.
pub fn unknown_references(
    rows: &[ObservationRow],
    indicators: &HashSet<&str>,
    regions: &HashSet<&str>,
) -> Vec<RowError> {
    let mut out = Vec::new();
    for o in rows {
        if !indicators.contains(o.indicator.as_str()) {
            out.push(RowError {
                line: o.line,
                reason: format!("unknown indicator {:?}", o.indicator),
            });
        }
        if let Some(k) = &o.region
            && !regions.contains(k.as_str())
        {
            out.push(RowError {
                line: o.line,
                reason: format!("unknown region {k:?}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
