//! Cross-reference checks of a content set: every reference points at something that exists,
//! slugs are valid and unique, and every measure has a goal and a status.

use crate::PartialDate;
use crate::content::{ContentSet, Measure};
use crate::slug::is_valid_slug;
use std::collections::HashSet;

/// Which item of a content set a problem was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `content.toml`.
    Meta,
    /// `departments.toml`.
    Departments,
    /// An `edition.toml`.
    Edition(String),
    /// An area file: edition slug and area slug.
    Area(String, String),
    /// A process file.
    Process(String),
    /// A page file.
    Page(String),
}

/// A content rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// A department code that is not in `departments.toml`.
    #[error("unknown department code {0:?}")]
    UnknownDepartment(String),
    /// A goal slug that is not a goal of the same area.
    #[error("unknown goal {0:?} (goals must belong to the measure's area)")]
    UnknownGoal(String),
    /// An area reference that does not resolve.
    #[error("unknown area {0:?}")]
    UnknownArea(String),
    /// An edition slug that does not resolve.
    #[error("unknown edition {0:?}")]
    UnknownEdition(String),
    /// The same slug twice where it must be unique.
    #[error("duplicate {what} {slug:?}")]
    Duplicate {
        /// What kind of item.
        what: &'static str,
        /// The repeated slug.
        slug: String,
    },
    /// A slug with characters outside `a-z0-9-`.
    #[error("invalid slug {0:?}: use a-z, 0-9 and single hyphens")]
    InvalidSlug(String),
    /// A measure without status history.
    #[error("measure {0:?} has no status entry")]
    NoStatus(String),
    /// A measure without goals.
    #[error("measure {0:?} serves no goal")]
    NoGoal(String),
    /// A required text that is empty.
    #[error("empty {0}")]
    Empty(&'static str),
    /// A milestone due or done entirely before its measure starts.
    #[error("milestone {title:?} is dated {date} but the measure starts {start}")]
    BeforeStart {
        /// The milestone's title.
        title: String,
        /// Its due or done date.
        date: PartialDate,
        /// The measure's start.
        start: PartialDate,
    },
    /// An assessment listed after a later one: the history must be oldest first.
    #[error("assessment of {on} is listed after one of {after}: list assessments oldest first")]
    OutOfOrder {
        /// Its date.
        on: PartialDate,
        /// The date of the entry before it.
        after: PartialDate,
    },
    /// A current area, goal or measure inside an archived area: it would be listed nowhere.
    #[error("{what} {slug:?} is current, but its area is archived: archive it too")]
    CurrentInArchived {
        /// What kind of item.
        what: &'static str,
        /// Its slug.
        slug: String,
    },
}

/// A broken rule and where it was found; `needle` is the offending text, to find its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// What.
    pub error: ContentError,
    /// The offending value as written in the file.
    pub needle: String,
}

/// Checks all cross-references of a content set and returns every problem found.
pub fn validate(set: &ContentSet) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |location: Location, error: ContentError, needle: &str| {
        out.push(Problem {
            location,
            error,
            needle: needle.to_owned(),
        })
    };

    let mut codes = HashSet::new();
    for d in &set.departments {
        if !is_valid_slug(&d.code) {
            push(
                Location::Departments,
                ContentError::InvalidSlug(d.code.clone()),
                &d.code,
            );
        }
        if !codes.insert(d.code.as_str()) {
            push(
                Location::Departments,
                ContentError::Duplicate {
                    what: "department",
                    slug: d.code.clone(),
                },
                &d.code,
            );
        }
    }
    for d in &set.departments {
        if let Some(s) = &d.successor
            && !codes.contains(s.as_str())
        {
            push(
                Location::Departments,
                ContentError::UnknownDepartment(s.clone()),
                s,
            );
        }
    }

    let editions: HashSet<&str> = set
        .editions
        .iter()
        .map(|e| e.edition.slug.as_str())
        .collect();
    if !editions.contains(set.meta.default_edition.as_str()) {
        push(
            Location::Meta,
            ContentError::UnknownEdition(set.meta.default_edition.clone()),
            &set.meta.default_edition,
        );
    }
    let all_areas: HashSet<String> = set
        .editions
        .iter()
        .flat_map(|e| {
            e.areas
                .iter()
                .map(move |a| format!("{}/{}", e.edition.slug, a.slug))
        })
        .collect();

    let mut edition_slugs = HashSet::new();
    let mut goal_slugs = HashSet::new();
    let mut measure_slugs = HashSet::new();
    for doc in &set.editions {
        let e = &doc.edition;
        let loc = || Location::Edition(e.slug.clone());
        if !is_valid_slug(&e.slug) {
            push(loc(), ContentError::InvalidSlug(e.slug.clone()), &e.slug);
        }
        if !edition_slugs.insert(e.slug.as_str()) {
            push(
                loc(),
                ContentError::Duplicate {
                    what: "edition",
                    slug: e.slug.clone(),
                },
                &e.slug,
            );
        }
        if e.title.trim().is_empty() {
            push(loc(), ContentError::Empty("title"), "title");
        }
        if let Some(p) = &e.predecessor
            && !editions.contains(p.as_str())
        {
            push(loc(), ContentError::UnknownEdition(p.clone()), p);
        }
        let area_slugs: HashSet<&str> = doc.areas.iter().map(|a| a.slug.as_str()).collect();
        let archived_areas: HashSet<&str> = doc
            .areas
            .iter()
            .filter(|a| a.archived.is_some())
            .map(|a| a.slug.as_str())
            .collect();
        let mut seen_areas = HashSet::new();
        for a in &doc.areas {
            let loc = || Location::Area(e.slug.clone(), a.slug.clone());
            if !is_valid_slug(&a.slug) {
                push(loc(), ContentError::InvalidSlug(a.slug.clone()), &a.slug);
            }
            if !seen_areas.insert(a.slug.as_str()) {
                push(
                    loc(),
                    ContentError::Duplicate {
                        what: "area",
                        slug: a.slug.clone(),
                    },
                    &a.slug,
                );
            }
            if a.title.trim().is_empty() {
                push(loc(), ContentError::Empty("title"), "title");
            }
            if let Some(p) = &a.parent
                && (!area_slugs.contains(p.as_str()) || p == &a.slug)
            {
                push(loc(), ContentError::UnknownArea(p.clone()), p);
            }
            if let Some(p) = &a.parent
                && a.archived.is_none()
                && archived_areas.contains(p.as_str())
            {
                let slug = a.slug.clone();
                push(
                    loc(),
                    ContentError::CurrentInArchived { what: "area", slug },
                    p,
                );
            }
            let in_archived = |what: &'static str, slug: &str, archived: bool| {
                (a.archived.is_some() && !archived).then(|| ContentError::CurrentInArchived {
                    what,
                    slug: slug.to_owned(),
                })
            };
            for s in &a.successors {
                if !all_areas.contains(s) {
                    push(loc(), ContentError::UnknownArea(s.clone()), s);
                }
            }
            let own_goals: HashSet<&str> = a.goals.iter().map(|g| g.slug.as_str()).collect();
            for g in &a.goals {
                if !is_valid_slug(&g.slug) {
                    push(loc(), ContentError::InvalidSlug(g.slug.clone()), &g.slug);
                }
                if let Some(e) = in_archived("goal", &g.slug, g.archived.is_some()) {
                    push(loc(), e, &g.slug);
                }
                if !goal_slugs.insert(g.slug.as_str()) {
                    push(
                        loc(),
                        ContentError::Duplicate {
                            what: "goal",
                            slug: g.slug.clone(),
                        },
                        &g.slug,
                    );
                }
                for code in std::iter::once(&g.lead).chain(&g.partners) {
                    if !codes.contains(code.as_str()) {
                        push(loc(), ContentError::UnknownDepartment(code.clone()), code);
                    }
                }
            }
            for m in &a.measures {
                if !is_valid_slug(&m.slug) {
                    push(loc(), ContentError::InvalidSlug(m.slug.clone()), &m.slug);
                }
                if let Some(e) = in_archived("measure", &m.slug, m.archived.is_some()) {
                    push(loc(), e, &m.slug);
                }
                if !measure_slugs.insert(m.slug.as_str()) {
                    push(
                        loc(),
                        ContentError::Duplicate {
                            what: "measure",
                            slug: m.slug.clone(),
                        },
                        &m.slug,
                    );
                }
                for code in std::iter::once(&m.lead).chain(&m.partners) {
                    if !codes.contains(code.as_str()) {
                        push(loc(), ContentError::UnknownDepartment(code.clone()), code);
                    }
                }
                if m.goals.is_empty() {
                    push(loc(), ContentError::NoGoal(m.slug.clone()), &m.slug);
                }
                for g in &m.goals {
                    if !own_goals.contains(g.as_str()) {
                        push(loc(), ContentError::UnknownGoal(g.clone()), g);
                    }
                }
                if m.status.is_empty() {
                    push(loc(), ContentError::NoStatus(m.slug.clone()), &m.slug);
                }
                for (error, needle) in milestone_and_assessment_problems(m) {
                    push(loc(), error, &needle);
                }
            }
        }
    }

    let mut process_slugs = HashSet::new();
    for p in &set.processes {
        let loc = || Location::Process(p.slug.clone());
        if !is_valid_slug(&p.slug) {
            push(loc(), ContentError::InvalidSlug(p.slug.clone()), &p.slug);
        }
        if !process_slugs.insert(p.slug.as_str()) {
            push(
                loc(),
                ContentError::Duplicate {
                    what: "process",
                    slug: p.slug.clone(),
                },
                &p.slug,
            );
        }
        if let Some(e) = &p.edition
            && !editions.contains(e.as_str())
        {
            push(loc(), ContentError::UnknownEdition(e.clone()), e);
        }
        if let Some(o) = &p.owner
            && !codes.contains(o.as_str())
        {
            push(loc(), ContentError::UnknownDepartment(o.clone()), o);
        }
    }
    let mut page_slugs = HashSet::new();
    for p in &set.pages {
        let loc = || Location::Page(p.slug.clone());
        if !is_valid_slug(&p.slug) {
            push(loc(), ContentError::InvalidSlug(p.slug.clone()), &p.slug);
        }
        if !page_slugs.insert(p.slug.as_str()) {
            push(
                loc(),
                ContentError::Duplicate {
                    what: "page",
                    slug: p.slug.clone(),
                },
                &p.slug,
            );
        }
    }
    out
}

/// What is wrong with a measure's milestones and assessments, each with the text to find its
/// line: a milestone needs a title and cannot be due or done entirely before the measure
/// starts; an assessment needs to say who made it, and the assessments are listed oldest first.
fn milestone_and_assessment_problems(m: &Measure) -> Vec<(ContentError, String)> {
    let mut out = Vec::new();
    for ms in &m.milestones {
        if ms.title.trim().is_empty() {
            out.push((
                ContentError::Empty("milestone title"),
                "milestone".to_owned(),
            ));
        }
        if let Some(start) = m.start {
            for date in std::iter::once(ms.due).chain(ms.done) {
                if date.last_day() < start.first_day() {
                    let title = ms.title.clone();
                    out.push((
                        ContentError::BeforeStart { title, date, start },
                        date.to_string(),
                    ));
                }
            }
        }
    }
    let mut before: Option<PartialDate> = None;
    for a in &m.assessment {
        if a.by.trim().is_empty() {
            out.push((
                ContentError::Empty("assessment by"),
                "assessment".to_owned(),
            ));
        }
        if let Some(after) = before
            && a.on.first_day() < after.first_day()
        {
            out.push((
                ContentError::OutOfOrder { on: a.on, after },
                a.on.to_string(),
            ));
        }
        before = Some(a.on);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
