//! What an import may drop (DOMAIN.md, Archived; issue 13). Contributions name their process and
//! target by slug, so a content folder that leaves out a process, area, goal or measure they are
//! about would take its page off the site while they still point at it. Before the diff of
//! `content_diff.rs` runs, the stored content the folder leaves out is compared with what
//! refers to it:
//!
//! - Nothing refers to it: it is deleted, as before.
//! - Contributions refer to it, or archived content that stays needs it (an archived measure
//!   needs its area, its goals, its edition and its departments): it stays. With
//!   [`Removals::Archive`] it is archived on the given date; with [`Removals::Refuse`] the
//!   import is refused, naming it. What was archived before stays archived with its date, also
//!   when the folder leaves it out, since that changes nothing a reader sees.
//! - Editions and departments cannot be archived: one that archived content needs, or that
//!   contributions are about, refuses the import either way.
//!
//! Pure: the references are counted by the caller inside the import's transaction; nothing here
//! touches the database.

use crate::content_refs::{References, Referrers};
use fahrplan_domain::*;
use std::collections::{BTreeMap, HashSet};

/// What an import does with stored content the folder leaves out while something refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removals {
    /// Refuse the import and write nothing (the default).
    Refuse,
    /// Keep it, archived on this date (`import content --allow-removals`).
    Archive(PartialDate),
}

/// The kinds of stored content an import can drop while something refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContentKind {
    /// A department (`departments.toml`); never archived.
    Department,
    /// An edition (`editions/E/edition.toml`); never archived.
    Edition,
    /// An area, keyed `edition/slug`.
    Area,
    /// A goal.
    Goal,
    /// A measure.
    Measure,
    /// A participation process.
    Process,
}

impl ContentKind {
    /// The English word for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Department => "department",
            ContentKind::Edition => "edition",
            ContentKind::Area => "area",
            ContentKind::Goal => "goal",
            ContentKind::Measure => "measure",
            ContentKind::Process => "process",
        }
    }
}

/// Where an area, or a goal or measure, was stored: its area's edition, position and slug,
/// which name its file (`editions/E/areas/NN-slug.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaFile {
    /// Edition slug.
    pub edition: String,
    /// Position of the area in its edition.
    pub position: i64,
    /// Area slug.
    pub slug: String,
}

/// Stored content a folder leaves out although something refers to it: what refuses an import,
/// or what it archives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referenced {
    /// What it is.
    pub kind: ContentKind,
    /// Its slug or code; `edition/slug` for an area.
    pub key: String,
    /// The area file it was read from (areas, goals and measures).
    pub area: Option<AreaFile>,
    /// What refers to it.
    pub referrers: Referrers,
}

/// What the import keeps of the stored content the folder leaves out, and what it archives now.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Kept {
    /// The folder's content plus everything kept, archived: what the database will hold.
    pub(crate) set: Option<ContentSet>,
    /// What this import archives (it was current before): areas by key, then goals, measures
    /// and processes in content order.
    pub(crate) archived: Vec<Referenced>,
}

/// A stored goal or measure with where it sat.
struct Placed<'a, T> {
    edition: &'a str,
    area: &'a AreaDoc,
    item: &'a T,
}

/// Counts one more kept entity that needs area `edition/slug`, if that area is removed too.
fn need_area(area_refs: &mut BTreeMap<String, Referrers>, edition: &str, slug: &str) {
    if let Some(r) = area_refs.get_mut(&format!("{edition}/{slug}")) {
        r.archived += 1;
    }
}

/// Decides what of `old` that `new` leaves out stays (see the module comment). `Ok` holds the
/// content to write (`None`: `new` as it is) and what is archived now; `Err` every stored entity
/// the import would drop although something refers to it: editions, departments, then areas
/// (by key), goals, measures and processes in content order.
pub(crate) fn keep(
    old: Option<&ContentSet>,
    new: &ContentSet,
    refs: &References,
    removals: Removals,
) -> Result<Kept, Vec<Referenced>> {
    let Some(old) = old else {
        return Ok(Kept::default());
    };
    let new_areas: HashSet<String> = new
        .editions
        .iter()
        .flat_map(|e| {
            e.areas
                .iter()
                .map(move |a| format!("{}/{}", e.edition.slug, a.slug))
        })
        .collect();
    let new_goals: HashSet<&str> = new
        .editions
        .iter()
        .flat_map(|e| e.areas.iter().flat_map(|a| &a.goals))
        .map(|g| g.slug.as_str())
        .collect();
    let new_measures: HashSet<&str> = new
        .editions
        .iter()
        .flat_map(|e| e.areas.iter().flat_map(|a| &a.measures))
        .map(|m| m.slug.as_str())
        .collect();

    // What the folder leaves out.
    let mut areas: BTreeMap<String, (&str, &AreaDoc)> = BTreeMap::new();
    let mut goals: Vec<Placed<'_, Goal>> = Vec::new();
    let mut measures: Vec<Placed<'_, Measure>> = Vec::new();
    for e in &old.editions {
        let edition = e.edition.slug.as_str();
        for a in &e.areas {
            let key = format!("{edition}/{}", a.slug);
            if !new_areas.contains(&key) {
                areas.insert(key, (edition, a));
            }
            for g in &a.goals {
                if !new_goals.contains(g.slug.as_str()) {
                    goals.push(Placed {
                        edition,
                        area: a,
                        item: g,
                    });
                }
            }
            for m in &a.measures {
                if !new_measures.contains(m.slug.as_str()) {
                    measures.push(Placed {
                        edition,
                        area: a,
                        item: m,
                    });
                }
            }
        }
    }
    let processes: Vec<&Process> = old
        .processes
        .iter()
        .filter(|p| !new.processes.iter().any(|n| n.slug == p.slug))
        .collect();

    // What refers to each of them; whatever anything refers to stays.
    let measure_refs: Vec<Referrers> = measures
        .iter()
        .map(|m| refs.about("measure", &m.item.slug))
        .collect();
    let mut goal_refs: Vec<Referrers> = goals
        .iter()
        .map(|g| refs.about("goal", &g.item.slug))
        .collect();
    for (m, r) in measures.iter().zip(&measure_refs) {
        if r.any() {
            for (g, gr) in goals.iter().zip(goal_refs.iter_mut()) {
                if m.item.goals.contains(&g.item.slug) {
                    gr.archived += 1;
                }
            }
        }
    }
    let mut area_refs: BTreeMap<String, Referrers> = areas
        .keys()
        .map(|k| (k.clone(), refs.about("area", k)))
        .collect();
    for (g, r) in goals.iter().zip(&goal_refs) {
        if r.any() {
            need_area(&mut area_refs, g.edition, &g.area.slug);
        }
    }
    for (m, r) in measures.iter().zip(&measure_refs) {
        if r.any() {
            need_area(&mut area_refs, m.edition, &m.area.slug);
        }
    }
    // A kept area keeps its parent; parents sit a level or two up, so repeat until settled.
    let mut counted: HashSet<String> = HashSet::new();
    loop {
        let mut parents: Vec<(&str, &str)> = Vec::new();
        for (k, (e, a)) in &areas {
            if area_refs[k].any() && counted.insert(k.clone()) {
                parents.extend(a.parent.as_deref().map(|p| (*e, p)));
            }
        }
        if parents.is_empty() {
            break;
        }
        for (e, p) in parents {
            need_area(&mut area_refs, e, p);
        }
    }
    let process_refs: Vec<Referrers> = processes.iter().map(|p| refs.in_process(&p.slug)).collect();
    let kept_areas: Vec<&String> = areas.keys().filter(|k| area_refs[*k].any()).collect();

    // Editions and departments that kept content needs: they cannot be archived.
    let mut blocked: Vec<Referenced> = Vec::new();
    for e in &old.editions {
        let slug = e.edition.slug.as_str();
        if new.editions.iter().any(|n| n.edition.slug == slug) {
            continue;
        }
        let mut r = refs.about("edition", slug);
        let in_it = kept_areas
            .iter()
            .filter(|k| k.split_once('/').is_some_and(|(ed, _)| ed == slug))
            .count()
            + processes
                .iter()
                .zip(&process_refs)
                .filter(|(p, pr)| pr.any() && p.edition.as_deref() == Some(slug))
                .count();
        r.archived += in_it as i64;
        if r.any() {
            blocked.push(Referenced {
                kind: ContentKind::Edition,
                key: slug.to_owned(),
                area: None,
                referrers: r,
            });
        }
    }
    for d in &old.departments {
        if new.departments.iter().any(|n| n.code == d.code) {
            continue;
        }
        let names = |lead: &str, partners: &[String]| lead == d.code || partners.contains(&d.code);
        let needing = goals
            .iter()
            .zip(&goal_refs)
            .filter(|(g, r)| r.any() && names(&g.item.lead, &g.item.partners))
            .count()
            + measures
                .iter()
                .zip(&measure_refs)
                .filter(|(m, r)| r.any() && names(&m.item.lead, &m.item.partners))
                .count();
        if needing > 0 {
            blocked.push(Referenced {
                kind: ContentKind::Department,
                key: d.code.clone(),
                area: None,
                referrers: Referrers {
                    archived: needing as i64,
                    ..Referrers::default()
                },
            });
        }
    }

    // What stays and is current until now: archived now, or named when refusing.
    let file = |edition: &str, a: &AreaDoc| {
        Some(AreaFile {
            edition: edition.to_owned(),
            position: a.position,
            slug: a.slug.clone(),
        })
    };
    let mut now: Vec<Referenced> = Vec::new();
    for k in &kept_areas {
        let (e, a) = areas[k.as_str()];
        if a.archived.is_none() {
            now.push(Referenced {
                kind: ContentKind::Area,
                key: (*k).clone(),
                area: file(e, a),
                referrers: area_refs[k.as_str()],
            });
        }
    }
    for (g, r) in goals.iter().zip(&goal_refs) {
        if r.any() && g.item.archived.is_none() {
            now.push(Referenced {
                kind: ContentKind::Goal,
                key: g.item.slug.clone(),
                area: file(g.edition, g.area),
                referrers: *r,
            });
        }
    }
    for (m, r) in measures.iter().zip(&measure_refs) {
        if r.any() && m.item.archived.is_none() {
            now.push(Referenced {
                kind: ContentKind::Measure,
                key: m.item.slug.clone(),
                area: file(m.edition, m.area),
                referrers: *r,
            });
        }
    }
    for (p, r) in processes.iter().zip(&process_refs) {
        if r.any() && p.archived.is_none() {
            now.push(Referenced {
                kind: ContentKind::Process,
                key: p.slug.clone(),
                area: None,
                referrers: *r,
            });
        }
    }
    let (today, archived) = match removals {
        Removals::Archive(today) => (Some(today), now),
        Removals::Refuse => {
            blocked.extend(now);
            (None, Vec::new())
        }
    };
    if !blocked.is_empty() {
        return Err(blocked);
    }
    let nothing_kept = kept_areas.is_empty()
        && !goal_refs.iter().any(Referrers::any)
        && !measure_refs.iter().any(Referrers::any)
        && !process_refs.iter().any(Referrers::any);
    if nothing_kept {
        return Ok(Kept {
            set: None,
            archived,
        });
    }

    // The content to write: the folder's, and everything that stays, archived (what was
    // archived before keeps its date; refusing, nothing else stays).
    let mark = |on: Option<PartialDate>| on.or(today);
    let mut set = new.clone();
    for k in &kept_areas {
        let (e, a) = areas[k.as_str()];
        let mut doc = AreaDoc {
            archived: mark(a.archived),
            goals: Vec::new(),
            measures: Vec::new(),
            ..a.clone()
        };
        // A succession to an area that is gone would point nowhere.
        doc.successors
            .retain(|s| new_areas.contains(s) || (areas.contains_key(s) && area_refs[s].any()));
        if let Some(ed) = set.editions.iter_mut().find(|d| d.edition.slug == e) {
            let at = ed
                .areas
                .iter()
                .position(|x| x.position > doc.position)
                .unwrap_or(ed.areas.len());
            ed.areas.insert(at, doc);
        }
    }
    for (g, r) in goals.iter().zip(&goal_refs) {
        if r.any()
            && let Some(a) = find_area(&mut set, g.edition, &g.area.slug)
        {
            a.goals.push(Goal {
                archived: mark(g.item.archived),
                ..g.item.clone()
            });
        }
    }
    for (m, r) in measures.iter().zip(&measure_refs) {
        if r.any()
            && let Some(a) = find_area(&mut set, m.edition, &m.area.slug)
        {
            a.measures.push(Measure {
                archived: mark(m.item.archived),
                ..m.item.clone()
            });
        }
    }
    for (p, r) in processes.iter().zip(&process_refs) {
        if r.any() {
            let process = Process {
                archived: mark(p.archived),
                ..(*p).clone()
            };
            // Files are read in name order; a kept process takes its place among them.
            let at = set
                .processes
                .iter()
                .position(|x| x.slug > process.slug)
                .unwrap_or(set.processes.len());
            set.processes.insert(at, process);
        }
    }
    Ok(Kept {
        set: Some(set),
        archived,
    })
}

fn find_area<'s>(set: &'s mut ContentSet, edition: &str, slug: &str) -> Option<&'s mut AreaDoc> {
    set.editions
        .iter_mut()
        .find(|d| d.edition.slug == edition)
        .and_then(|d| d.areas.iter_mut().find(|a| a.slug == slug))
}

#[cfg(test)]
mod tests;
