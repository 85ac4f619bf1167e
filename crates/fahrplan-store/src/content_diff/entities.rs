//! What the plan compares: the entities of a content set by key and place, the scalar part of
//! each (without its child lists), and the small list rules (changed members, history to append).

use fahrplan_domain::*;

/// Elements in exactly one of the two lists.
pub(super) fn changed<'x>(
    old: &'x [String],
    new: &'x [String],
) -> impl Iterator<Item = &'x String> {
    let old_only = old.iter().filter(move |o| !new.contains(o));
    let new_only = new.iter().filter(move |n| !old.contains(n));
    old_only.chain(new_only)
}

pub(super) fn with_lead(lead: &str, partners: &[String]) -> Vec<String> {
    std::iter::once(lead.to_owned())
        .chain(partners.iter().cloned())
        .collect()
}

/// History entries (status, assessments) of `new` that `stored` does not hold yet (each stored
/// entry matches one).
pub(super) fn to_append<'a, T: PartialEq>(stored: &[T], new: &'a [T]) -> Vec<&'a T> {
    let mut used = vec![false; stored.len()];
    new.iter()
        .filter(
            |n| match (0..stored.len()).find(|&i| !used[i] && stored[i] == **n) {
                Some(i) => {
                    used[i] = true;
                    false
                }
                None => true,
            },
        )
        .collect()
}

pub(super) fn area_scalars(a: &AreaDoc) -> AreaDoc {
    AreaDoc {
        successors: Vec::new(),
        facts: Vec::new(),
        goals: Vec::new(),
        measures: Vec::new(),
        ..a.clone()
    }
}

pub(super) fn goal_scalars(g: &Goal) -> Goal {
    Goal {
        partners: Vec::new(),
        ..g.clone()
    }
}

pub(super) fn measure_scalars(m: &Measure) -> Measure {
    Measure {
        partners: Vec::new(),
        goals: Vec::new(),
        milestones: Vec::new(),
        assessment: Vec::new(),
        status: Vec::new(),
        ..m.clone()
    }
}

pub(super) fn process_scalars(p: &Process) -> Process {
    Process {
        phases: Vec::new(),
        ..p.clone()
    }
}

pub(super) fn page_scalars(p: &Page) -> Page {
    Page {
        facts: Vec::new(),
        ..p.clone()
    }
}

/// Where a goal or measure sits: edition, area, position.
pub(super) type Place<'a> = (&'a str, &'a str, usize);

/// What an empty database holds.
pub(super) static EMPTY: ContentSet = ContentSet {
    meta: ContentMeta {
        name: String::new(),
        default_edition: String::new(),
        demonstration: false,
    },
    departments: Vec::new(),
    editions: Vec::new(),
    processes: Vec::new(),
    indicators: Vec::new(),
    regions: Vec::new(),
    pages: Vec::new(),
    block_refs: std::collections::BTreeMap::new(),
};

/// Areas in content order with their key and edition.
pub(super) fn areas_of(set: &ContentSet) -> Vec<(String, &str, &AreaDoc)> {
    set.editions
        .iter()
        .flat_map(|e| e.areas.iter().map(move |a| (e.edition.slug.as_str(), a)))
        .map(|(e, a)| (format!("{e}/{}", a.slug), e, a))
        .collect()
}

/// Goals in content order with where they sit.
pub(super) fn goals_of(set: &ContentSet) -> Vec<(&str, Place<'_>, &Goal)> {
    set.editions
        .iter()
        .flat_map(|e| e.areas.iter().map(move |a| (e.edition.slug.as_str(), a)))
        .flat_map(|(e, a)| {
            a.goals
                .iter()
                .enumerate()
                .map(move |(j, g)| (g.slug.as_str(), (e, a.slug.as_str(), j), g))
        })
        .collect()
}

/// Measures in content order with where they sit.
pub(super) fn measures_of(set: &ContentSet) -> Vec<(&str, Place<'_>, &Measure)> {
    set.editions
        .iter()
        .flat_map(|e| e.areas.iter().map(move |a| (e.edition.slug.as_str(), a)))
        .flat_map(|(e, a)| {
            a.measures
                .iter()
                .enumerate()
                .map(move |(j, m)| (m.slug.as_str(), (e, a.slug.as_str(), j), m))
        })
        .collect()
}
