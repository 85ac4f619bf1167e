//! Each kind's form values read from its content, and checked values written back into it.
//! The preview applies the same functions to the public page's view, so it shows what
//! publishing will show.

use super::common::{get, values};
use crate::editorial::facts;
use crate::editorial::fields::{Checked, Values, date_text, euros_text};
use fahrplan_domain::{AreaDoc, Goal, Measure, Page};

fn lead(c: &Checked) -> String {
    get(c, "lead")
        .codes()
        .into_iter()
        .next()
        .unwrap_or_default()
}

pub(super) fn measure_values(m: &Measure) -> Values {
    values(&[
        ("title", m.title.clone()),
        ("body", m.body.clone()),
        ("lead", m.lead.clone()),
        ("partners", m.partners.join(",")),
        ("start", date_text(&m.start)),
        ("planned_end", date_text(&m.planned_end)),
        ("actual_end", date_text(&m.actual_end)),
        ("budget_planned_eur", euros_text(m.budget_planned_eur)),
        ("budget_spent_eur", euros_text(m.budget_spent_eur)),
        ("budget_source", m.budget_source.clone().unwrap_or_default()),
        ("source", m.source.clone().unwrap_or_default()),
        ("source_url", m.source_url.clone().unwrap_or_default()),
    ])
}

/// Writes the checked values of a measure form into `m`.
pub(crate) fn set_measure(m: &mut Measure, c: &Checked) {
    m.title = get(c, "title").text();
    m.body = get(c, "body").text();
    m.lead = lead(c);
    m.partners = get(c, "partners").codes();
    m.start = get(c, "start").date();
    m.planned_end = get(c, "planned_end").date();
    m.actual_end = get(c, "actual_end").date();
    m.budget_planned_eur = get(c, "budget_planned_eur").euros();
    m.budget_spent_eur = get(c, "budget_spent_eur").euros();
    m.budget_source = get(c, "budget_source").opt();
    m.source = get(c, "source").opt();
    m.source_url = get(c, "source_url").opt();
}

pub(super) fn goal_values(g: &Goal) -> Values {
    values(&[
        ("title", g.title.clone()),
        ("body", g.body.clone()),
        ("lead", g.lead.clone()),
        ("partners", g.partners.join(",")),
    ])
}

/// Writes the checked values of a goal form into `g`.
pub(crate) fn set_goal(g: &mut Goal, c: &Checked) {
    g.title = get(c, "title").text();
    g.body = get(c, "body").text();
    g.lead = lead(c);
    g.partners = get(c, "partners").codes();
}

pub(super) fn area_values(a: &AreaDoc) -> Values {
    let mut v = values(&[
        ("title", a.title.clone()),
        ("summary", a.summary.clone()),
        ("body", a.body.clone().unwrap_or_default()),
        ("baseline", a.baseline.clone().unwrap_or_default()),
        (
            "leichte_sprache",
            a.leichte_sprache.clone().unwrap_or_default(),
        ),
    ]);
    v.extend(facts::values("fact", &a.facts));
    v
}

/// Writes the checked values of an area form into `a`.
pub(crate) fn set_area(a: &mut AreaDoc, c: &Checked) {
    a.title = get(c, "title").text();
    a.summary = get(c, "summary").text();
    a.body = get(c, "body").opt();
    a.baseline = get(c, "baseline").opt();
    a.leichte_sprache = get(c, "leichte_sprache").opt();
    a.facts = get(c, "fact").facts();
}

pub(super) fn page_values(p: &Page) -> Values {
    let mut v = values(&[
        ("title", p.title.clone()),
        ("summary", p.summary.clone()),
        ("body", p.body.clone()),
        (
            "leichte_sprache",
            p.leichte_sprache.clone().unwrap_or_default(),
        ),
    ]);
    v.extend(facts::values("fact", &p.facts));
    v
}

/// Writes the checked values of a page form into `p`.
pub(crate) fn set_page(p: &mut Page, c: &Checked) {
    p.title = get(c, "title").text();
    p.summary = get(c, "summary").text();
    p.body = get(c, "body").text();
    p.leichte_sprache = get(c, "leichte_sprache").opt();
    p.facts = get(c, "fact").facts();
}
