//! An edition (`edition:{slug}`): its titles, dates and texts. Only admins edit it: an edition
//! is what the cabinet adopted. Its areas are edited one by one (`area:{edition}/{slug}`).

use super::common::{f, get, h, values};
use crate::editorial::fields::{Checked, FieldKind as K, FieldSpec, Values, date_text};
use fahrplan_domain::{ContentSet, Edition};

pub(super) static EDITION: &[FieldSpec] = &[
    f("title", "edit-field-title", K::Line(300), true),
    f("short_title", "edit-field-short-title", K::Line(100), true),
    h(
        f("adopted_on", "edit-field-adopted-on", K::Date, false),
        "edit-hint-date",
    ),
    h(
        f("horizon_year", "edit-field-horizon-year", K::Count, false),
        "edit-hint-year",
    ),
    f("summary", "edit-field-summary", K::Text(2_000, false), true),
    h(
        f("vision", "edit-field-vision", K::Text(50_000, false), true),
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
];

pub(super) fn find<'s>(set: &'s ContentSet, slug: &str) -> Option<&'s Edition> {
    set.editions
        .iter()
        .map(|d| &d.edition)
        .find(|e| e.slug == slug)
}

pub(super) fn find_mut<'s>(set: &'s mut ContentSet, slug: &str) -> Option<&'s mut Edition> {
    set.editions
        .iter_mut()
        .map(|d| &mut d.edition)
        .find(|e| e.slug == slug)
}

pub(super) fn edition_values(e: &Edition) -> Values {
    values(&[
        ("title", e.title.clone()),
        ("short_title", e.short_title.clone()),
        ("adopted_on", date_text(&e.adopted_on)),
        (
            "horizon_year",
            e.horizon_year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        ("summary", e.summary.clone()),
        ("vision", e.vision.clone()),
        (
            "leichte_sprache",
            e.leichte_sprache.clone().unwrap_or_default(),
        ),
    ])
}

/// Writes the checked values of an edition form into `e`.
pub(crate) fn set_edition(e: &mut Edition, c: &Checked) {
    e.title = get(c, "title").text();
    e.short_title = get(c, "short_title").text();
    e.adopted_on = get(c, "adopted_on").date();
    e.horizon_year = get(c, "horizon_year").euros();
    e.summary = get(c, "summary").text();
    e.vision = get(c, "vision").text();
    e.leichte_sprache = get(c, "leichte_sprache").opt();
}
