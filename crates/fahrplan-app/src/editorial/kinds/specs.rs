//! The fields each kind's form offers, in order.

use super::common::{f, h};
use crate::editorial::fields::{FieldKind as K, FieldSpec};

const TITLE: FieldSpec = f("title", "edit-field-title", K::Line(300), true);
const BODY: FieldSpec = h(
    f("body", "edit-field-body", K::Text(50_000, false), true),
    "edit-hint-markdown",
);
const FACTS: FieldSpec = h(
    f("fact", "edit-field-facts", K::Facts, false),
    "edit-hint-facts",
);
const LEAD: FieldSpec = f("lead", "edit-field-lead", K::Department, true);
const PARTNERS: FieldSpec = f("partners", "edit-field-partners", K::Departments, false);

pub(super) static MEASURE: &[FieldSpec] = &[
    TITLE,
    BODY,
    LEAD,
    PARTNERS,
    h(
        f("start", "edit-field-start", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f("planned_end", "edit-field-planned-end", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f("actual_end", "edit-field-actual-end", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f(
            "budget_planned_eur",
            "edit-field-budget-planned",
            K::Euros,
            false,
        ),
        "edit-hint-euros",
    ),
    h(
        f(
            "budget_spent_eur",
            "edit-field-budget-spent",
            K::Euros,
            false,
        ),
        "edit-hint-euros",
    ),
    f(
        "budget_source",
        "edit-field-budget-source",
        K::Line(300),
        false,
    ),
    f("source", "edit-field-source", K::Line(300), false),
    f("source_url", "edit-field-source-url", K::Url, false),
];

pub(super) static GOAL: &[FieldSpec] = &[TITLE, BODY, LEAD, PARTNERS];

pub(super) static AREA: &[FieldSpec] = &[
    TITLE,
    h(
        f("summary", "edit-field-summary", K::Text(2_000, false), true),
        "edit-hint-markdown",
    ),
    h(
        f("body", "edit-field-body", K::Text(50_000, false), false),
        "edit-hint-markdown",
    ),
    h(
        f(
            "baseline",
            "edit-field-baseline",
            K::Text(50_000, false),
            false,
        ),
        "edit-hint-markdown",
    ),
    h(
        f(
            "leichte_sprache",
            "edit-field-leichte-sprache",
            K::Text(20_000, true),
            false,
        ),
        "edit-hint-leichte-sprache",
    ),
    FACTS,
];

pub(super) static PAGE: &[FieldSpec] = &[
    TITLE,
    h(
        f("summary", "edit-field-summary", K::Text(2_000, false), true),
        "edit-hint-markdown",
    ),
    BODY,
    h(
        f(
            "leichte_sprache",
            "edit-field-leichte-sprache",
            K::Text(20_000, true),
            false,
        ),
        "edit-hint-leichte-sprache",
    ),
    FACTS,
];
