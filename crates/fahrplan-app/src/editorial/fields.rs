//! The fields of the editing forms (issue 16, "Editing"): what each kind of entity offers, and
//! the one check every field goes through. A form arrives as name–value pairs; each field is
//! cleaned and parsed by its kind, and every refusal names the field and its message.

use crate::text::{self, Messages};
use crate::{FieldError, FieldErrors};
use fahrplan_domain::monitoring::Period;
use fahrplan_domain::text::Shape;
use fahrplan_domain::{Department, Fact, PartialDate, link};
use std::collections::BTreeMap;

/// What a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of at most this many characters.
    Line(usize),
    /// Markdown of at most this many characters; `true` for a Leichte-Sprache text.
    Text(usize, bool),
    /// A date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// Whole euros, not below 0.
    Euros,
    /// A web address.
    Url,
    /// One department code.
    Department,
    /// Any number of department codes.
    Departments,
    /// A whole number, not below 0.
    Count,
    /// A number with a decimal point or comma.
    Number,
    /// A period `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`.
    Period,
    /// Any of these wire values, as check boxes labelled `{label}-{value}`.
    Choices(&'static [&'static str]),
    /// A list of facts (label, value, as of, source, address), as numbered rows.
    Facts,
}

/// One field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Name in the form and in the proposal.
    pub name: &'static str,
    /// Message id of its label.
    pub label: &'static str,
    /// Message id of its hint ("" for none).
    pub hint: &'static str,
    /// What it takes.
    pub kind: FieldKind,
    /// Whether it must be filled.
    pub required: bool,
}

/// A field's value after checking.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A text; `None` when left empty.
    Text(Option<String>),
    /// A date; `None` when left empty.
    Date(Option<PartialDate>),
    /// Euros; `None` when left empty.
    Euros(Option<i64>),
    /// Department codes (one for [`FieldKind::Department`]) or chosen wire values.
    Codes(Vec<String>),
    /// A number; `None` when left empty.
    Number(Option<f64>),
    /// A period; `None` when left empty.
    Period(Option<Period>),
    /// The facts of the rows that are not empty, in row order.
    Facts(Vec<Fact>),
}

impl Parsed {
    /// The text, or "".
    pub fn text(&self) -> String {
        match self {
            Parsed::Text(t) => t.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// The text, if any.
    pub fn opt(&self) -> Option<String> {
        match self {
            Parsed::Text(t) => t.clone(),
            _ => None,
        }
    }

    /// The date, if any.
    pub fn date(&self) -> Option<PartialDate> {
        match self {
            Parsed::Date(d) => *d,
            _ => None,
        }
    }

    /// The euros, if any.
    pub fn euros(&self) -> Option<i64> {
        match self {
            Parsed::Euros(e) => *e,
            _ => None,
        }
    }

    /// The number, if any.
    pub fn number(&self) -> Option<f64> {
        match self {
            Parsed::Number(n) => *n,
            _ => None,
        }
    }

    /// The period, if any.
    pub fn period(&self) -> Option<Period> {
        match self {
            Parsed::Period(p) => *p,
            _ => None,
        }
    }

    /// The facts.
    pub fn facts(&self) -> Vec<Fact> {
        match self {
            Parsed::Facts(f) => f.clone(),
            _ => Vec::new(),
        }
    }

    /// The codes.
    pub fn codes(&self) -> Vec<String> {
        match self {
            Parsed::Codes(c) => c.clone(),
            _ => Vec::new(),
        }
    }
}

/// The values of a form as typed: field name → text (department lists joined by `,`).
pub type Values = BTreeMap<String, String>;

/// Checked values by field name.
pub type Checked = BTreeMap<&'static str, Parsed>;

fn messages(spec: &FieldSpec) -> Messages {
    match spec.kind {
        FieldKind::Text(..) => Messages {
            required: "error-edit-text-required",
            too_long: "error-edit-text-too-long",
            control: "error-edit-control",
        },
        _ => Messages {
            required: "error-edit-line-required",
            too_long: "error-edit-line-too-long",
            control: "error-edit-control",
        },
    }
}

fn err(field: &'static str, code: &'static str) -> FieldError {
    FieldError { field, code }
}

pub(super) fn check_one(
    spec: &FieldSpec,
    raw: &str,
    departments: &[Department],
) -> Result<Parsed, FieldError> {
    let name = spec.name;
    let m = messages(spec);
    let blank = raw.trim().is_empty();
    let many = matches!(
        spec.kind,
        FieldKind::Departments | FieldKind::Choices(_) | FieldKind::Facts
    );
    if blank && spec.required && !many {
        return Err(err(name, m.required));
    }
    let known = |c: &str| departments.iter().any(|d| d.code == c);
    Ok(match spec.kind {
        FieldKind::Line(max) | FieldKind::Text(max, _) => {
            let shape = if matches!(spec.kind, FieldKind::Line(_)) {
                Shape::Line
            } else {
                Shape::Lines
            };
            if spec.required {
                Parsed::Text(Some(text::required(raw, shape, name, max, m)?))
            } else {
                Parsed::Text(text::optional(
                    raw,
                    shape,
                    name,
                    max,
                    (m.too_long, m.control),
                )?)
            }
        }
        FieldKind::Url => {
            let t = text::optional(
                raw,
                Shape::Line,
                name,
                2000,
                ("error-edit-url", "error-edit-url"),
            )?;
            if let Some(u) = &t
                && !(link::is_safe_link(u)
                    && (u.starts_with("https://") || u.starts_with("http://")))
            {
                return Err(err(name, "error-edit-url"));
            }
            Parsed::Text(t)
        }
        FieldKind::Date if blank => Parsed::Date(None),
        FieldKind::Date => Parsed::Date(Some(
            PartialDate::parse(raw.trim()).map_err(|_| err(name, "error-edit-date"))?,
        )),
        FieldKind::Euros if blank => Parsed::Euros(None),
        FieldKind::Euros => {
            let digits: String = raw
                .chars()
                .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
                .collect();
            match digits.parse::<i64>() {
                Ok(n) if n >= 0 => Parsed::Euros(Some(n)),
                _ => return Err(err(name, "error-edit-euros")),
            }
        }
        FieldKind::Count if blank => Parsed::Euros(None),
        FieldKind::Count => match raw.trim().parse::<i64>() {
            Ok(n) if n >= 0 => Parsed::Euros(Some(n)),
            _ => return Err(err(name, "error-edit-count")),
        },
        FieldKind::Number if blank => Parsed::Number(None),
        FieldKind::Number => Parsed::Number(Some(
            crate::monitoring::number(raw).ok_or_else(|| err(name, "error-edit-number"))?,
        )),
        FieldKind::Period if blank => Parsed::Period(None),
        FieldKind::Period => Parsed::Period(Some(
            Period::parse(raw.trim()).map_err(|_| err(name, "error-edit-period"))?,
        )),
        FieldKind::Choices(allowed) => {
            let mut codes: Vec<String> = Vec::new();
            for c in raw.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                if !allowed.contains(&c) {
                    return Err(err(name, "error-edit-choice"));
                }
                if !codes.iter().any(|x| x == c) {
                    codes.push(c.to_owned());
                }
            }
            Parsed::Codes(codes)
        }
        // Rows are checked by `check`, which sees every row's values.
        FieldKind::Facts => Parsed::Facts(Vec::new()),
        FieldKind::Department if blank => Parsed::Codes(Vec::new()),
        FieldKind::Department => {
            let c = raw.trim();
            if !known(c) {
                return Err(err(name, "error-edit-department"));
            }
            Parsed::Codes(vec![c.to_owned()])
        }
        FieldKind::Departments => {
            let mut codes: Vec<String> = Vec::new();
            for c in raw.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                if !known(c) {
                    return Err(err(name, "error-edit-department"));
                }
                if !codes.iter().any(|x| x == c) {
                    codes.push(c.to_owned());
                }
            }
            Parsed::Codes(codes)
        }
    })
}

/// Checks every field of `specs` in `values` (a missing field counts as empty); all errors in
/// form order, or the checked values.
pub fn check(
    specs: &[FieldSpec],
    values: &Values,
    departments: &[Department],
) -> Result<Checked, FieldErrors> {
    let mut out = Checked::new();
    let mut errors = Vec::new();
    for spec in specs {
        if spec.kind == FieldKind::Facts {
            match super::facts::check(spec.name, values) {
                Ok(f) => {
                    out.insert(spec.name, Parsed::Facts(f));
                }
                Err(e) => errors.extend(e),
            }
            continue;
        }
        let raw = values.get(spec.name).map_or("", String::as_str);
        match check_one(spec, raw, departments) {
            Ok(p) => {
                out.insert(spec.name, p);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The values of a form post: known fields only, repeated fields (department boxes) joined
/// by `,`.
pub fn values_from_pairs(specs: &[FieldSpec], pairs: &[(String, String)]) -> Values {
    let mut v = Values::new();
    for spec in specs {
        if spec.kind == FieldKind::Facts {
            v.extend(super::facts::values_from_pairs(spec.name, pairs));
            continue;
        }
        let mut parts = pairs
            .iter()
            .filter(|(k, _)| k == spec.name)
            .map(|(_, x)| x.as_str());
        let joined = if matches!(spec.kind, FieldKind::Departments | FieldKind::Choices(_)) {
            parts.collect::<Vec<_>>().join(",")
        } else {
            parts.next().unwrap_or_default().to_owned()
        };
        v.insert(spec.name.to_owned(), joined);
    }
    v
}

/// A date as the form shows it.
pub(crate) fn date_text(d: &Option<PartialDate>) -> String {
    d.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Euros as the form shows them.
pub(crate) fn euros_text(e: Option<i64>) -> String {
    e.map(|n| n.to_string()).unwrap_or_default()
}
