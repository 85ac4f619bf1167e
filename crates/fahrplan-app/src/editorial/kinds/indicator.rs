//! An indicator (`indicator:{slug}`): what it is called, how it is counted, where it starts
//! and where it should go. Editors of the department that owns it (or of one that succeeded
//! it) edit it, as they report its values. Observations are not part of the form: they are
//! reports that publish at once (`crate::monitoring`).

use super::common::{f, get, h, number_text, values};
use crate::editorial::fields::{Checked, FieldKind as K, FieldSpec, Values};
use fahrplan_domain::ContentSet;
use fahrplan_domain::monitoring::{Figure, Indicator};

pub(super) static INDICATOR: &[FieldSpec] = &[
    f("name", "edit-field-name", K::Line(300), true),
    h(
        f("unit", "edit-field-unit", K::Line(50), true),
        "edit-hint-unit",
    ),
    h(
        f(
            "summary",
            "edit-field-summary",
            K::Text(2_000, false),
            false,
        ),
        "edit-hint-markdown",
    ),
    f(
        "rule_definition",
        "edit-field-rule-definition",
        K::Text(2_000, false),
        true,
    ),
    f(
        "rule_denominator",
        "edit-field-rule-denominator",
        K::Line(300),
        false,
    ),
    f("rule_source", "edit-field-rule-source", K::Line(300), true),
    h(
        f(
            "baseline_value",
            "edit-field-baseline-value",
            K::Number,
            true,
        ),
        "edit-hint-number",
    ),
    h(
        f(
            "baseline_period",
            "edit-field-baseline-period",
            K::Period,
            true,
        ),
        "edit-hint-period",
    ),
    f(
        "baseline_source",
        "edit-field-baseline-source",
        K::Line(300),
        true,
    ),
    f(
        "baseline_source_url",
        "edit-field-baseline-source-url",
        K::Url,
        false,
    ),
    h(
        f("target_value", "edit-field-target-value", K::Number, false),
        "edit-hint-target",
    ),
    h(
        f(
            "target_period",
            "edit-field-target-period",
            K::Period,
            false,
        ),
        "edit-hint-period",
    ),
    f(
        "target_source",
        "edit-field-target-source",
        K::Line(300),
        false,
    ),
    f(
        "target_source_url",
        "edit-field-target-source-url",
        K::Url,
        false,
    ),
];

pub(super) fn find<'s>(set: &'s ContentSet, slug: &str) -> Option<&'s Indicator> {
    set.indicators.iter().find(|i| i.slug == slug)
}

pub(super) fn find_mut<'s>(set: &'s mut ContentSet, slug: &str) -> Option<&'s mut Indicator> {
    set.indicators.iter_mut().find(|i| i.slug == slug)
}

fn figure_values(prefix: &str, f: Option<&Figure>) -> Vec<(String, String)> {
    let get = |x: fn(&Figure) -> String| f.map(x).unwrap_or_default();
    vec![
        (format!("{prefix}_value"), get(|f| number_text(f.value))),
        (format!("{prefix}_period"), get(|f| f.period.to_string())),
        (format!("{prefix}_source"), get(|f| f.source.clone())),
        (
            format!("{prefix}_source_url"),
            get(|f| f.source_url.clone().unwrap_or_default()),
        ),
    ]
}

pub(super) fn indicator_values(i: &Indicator) -> Values {
    let mut v = values(&[
        ("name", i.name.clone()),
        ("unit", i.unit.clone()),
        ("summary", i.summary.clone()),
        ("rule_definition", i.counting_rule.definition.clone()),
        ("rule_denominator", i.counting_rule.denominator.clone()),
        ("rule_source", i.counting_rule.source.clone()),
    ]);
    v.extend(figure_values("baseline", Some(&i.baseline)));
    v.extend(figure_values("target", i.target.as_ref()));
    v
}

fn figure(c: &Checked, prefix: &str) -> Option<Figure> {
    Some(Figure {
        value: get(c, &format!("{prefix}_value")).number()?,
        period: get(c, &format!("{prefix}_period")).period()?,
        source: get(c, &format!("{prefix}_source")).text(),
        source_url: get(c, &format!("{prefix}_source_url")).opt(),
    })
}

/// Writes the checked values of an indicator form into `i`.
pub(crate) fn set_indicator(i: &mut Indicator, c: &Checked) {
    i.name = get(c, "name").text();
    i.unit = get(c, "unit").text();
    i.summary = get(c, "summary").text();
    i.counting_rule.definition = get(c, "rule_definition").text();
    i.counting_rule.denominator = get(c, "rule_denominator").text();
    i.counting_rule.source = get(c, "rule_source").text();
    if let Some(b) = figure(c, "baseline") {
        i.baseline = b;
    }
    i.target = figure(c, "target");
}

/// A target is all of value, period and source, or nothing.
pub(super) fn check_target(c: &Checked) -> Vec<crate::FieldError> {
    let filled = [
        ("target_value", get(c, "target_value").number().is_some()),
        ("target_period", get(c, "target_period").period().is_some()),
        ("target_source", get(c, "target_source").opt().is_some()),
    ];
    let any = filled.iter().any(|(_, f)| *f) || get(c, "target_source_url").opt().is_some();
    if !any {
        return Vec::new();
    }
    filled
        .iter()
        .filter(|(_, f)| !f)
        .map(|(field, _)| crate::FieldError {
            field,
            code: "error-edit-target-incomplete",
        })
        .collect()
}
