//! Helpers every kind's read and write functions share.

use crate::editorial::fields::{Checked, FieldKind, FieldSpec, Parsed, Values};

/// Form values from name–text pairs.
pub(super) fn values(pairs: &[(&str, String)]) -> Values {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// The checked value of field `name` (an empty text when the form has no such field).
pub(super) fn get(c: &Checked, name: &str) -> Parsed {
    c.get(name).cloned().unwrap_or(Parsed::Text(None))
}

/// A number as the form shows it: with a decimal comma, as German readers type it.
pub(super) fn number_text(n: f64) -> String {
    n.to_string().replace('.', ",")
}

/// A field without a hint.
pub(super) const fn f(
    name: &'static str,
    label: &'static str,
    kind: FieldKind,
    required: bool,
) -> FieldSpec {
    FieldSpec {
        name,
        label,
        hint: "",
        kind,
        required,
    }
}

/// `spec` with the hint `hint` (a message id).
pub(super) const fn h(spec: FieldSpec, hint: &'static str) -> FieldSpec {
    FieldSpec { hint, ..spec }
}
