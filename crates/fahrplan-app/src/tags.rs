//! What each read view shows, as tags `topic:entity` in the words of the outbox (the topics and
//! keys `replace_content` writes: `measure:SLUG`, `area:EDITION/SLUG`, `department:CODE`…), and
//! `topic:*` for a view that lists every entity of a kind. The web page cache keeps a rendered
//! page until an outbox row names one of its tags. A view lists every entity whose change would
//! change the page built from it; when in doubt it lists the whole kind, since a tag too many
//! costs one render and a tag too few serves a stale page.

use crate::strategy::*;
use fahrplan_domain::{Page, Process};
use fahrplan_store::{
    Area, GoalInArea, MeasureInArea, TOPIC_AREA, TOPIC_DEPARTMENT, TOPIC_EDITION, TOPIC_GOAL,
    TOPIC_MEASURE, TOPIC_META, TOPIC_PAGE, TOPIC_PROCESS,
};
use std::collections::BTreeSet;

pub use fahrplan_store::{ANNOTATIONS_TOPIC, CONTENT_TOPICS, CONTRIBUTIONS_TOPIC};

/// The entities a page shows, as `topic:entity` or `topic:*` tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags(BTreeSet<String>);

/// The entity part of a tag that stands for every entity of its kind.
pub const ALL: &str = "*";

impl Tags {
    /// No tags yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `topic:entity`.
    pub fn add(&mut self, topic: &str, entity: &str) -> &mut Self {
        self.0.insert(format!("{topic}:{entity}"));
        self
    }

    /// Adds `topic:*`: the page lists every entity of that kind.
    pub fn all(&mut self, topic: &str) -> &mut Self {
        self.add(topic, ALL)
    }

    /// Adds `annotation:{entity}`: the page shows texts of `entity` with their comment counts,
    /// so a comment on one of them drops it (and a comment on another entity's text does not,
    /// even when the page names that entity).
    pub fn comments_on(&mut self, entity: &str) -> &mut Self {
        self.add(ANNOTATIONS_TOPIC, entity)
    }

    /// Whether the tag `topic:entity` is present.
    pub fn contains(&self, topic: &str, entity: &str) -> bool {
        self.0.contains(&format!("{topic}:{entity}"))
    }

    /// The tags, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    fn area(&mut self, a: &Area) -> &mut Self {
        self.add(TOPIC_AREA, &a.key())
    }

    fn area_of(&mut self, edition: &str, slug: &str) -> &mut Self {
        self.add(TOPIC_AREA, &format!("{edition}/{slug}"))
    }

    fn goal(&mut self, g: &GoalInArea) -> &mut Self {
        self.add(TOPIC_GOAL, &g.goal.slug);
        self.add(TOPIC_DEPARTMENT, &g.goal.lead);
        for p in &g.goal.partners {
            self.add(TOPIC_DEPARTMENT, p);
        }
        self
    }

    fn measure(&mut self, m: &MeasureInArea) -> &mut Self {
        self.add(TOPIC_MEASURE, &m.measure.slug);
        self.add(TOPIC_DEPARTMENT, &m.measure.lead);
        for p in &m.measure.partners {
            self.add(TOPIC_DEPARTMENT, p);
        }
        self
    }

    /// A page about one content page.
    pub fn of_page(p: &Page) -> Tags {
        let mut t = Tags::new();
        t.add(TOPIC_PAGE, &p.slug);
        t
    }

    /// A page built from the list of processes (it picks one of them).
    pub fn of_processes(_: &[Process]) -> Tags {
        let mut t = Tags::new();
        t.all(TOPIC_PROCESS);
        t
    }
}

impl StartView {
    /// The edition, its areas and every process (the start page picks the open ones).
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.add(TOPIC_META, "content")
            .add(TOPIC_EDITION, &self.edition.slug)
            .all(TOPIC_PROCESS);
        for a in &self.areas {
            t.area(a);
        }
        t
    }
}

impl EditionView {
    /// The edition, its areas and every edition (the navigation between them).
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.all(TOPIC_EDITION);
        for a in &self.areas {
            t.area(a);
        }
        t
    }
}

impl AreaView {
    /// The area, its edition, its parent and children, the areas it succeeds or that succeed
    /// it, its goals and measures with their departments, and every process (the page links to
    /// the open one).
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.add(TOPIC_EDITION, &self.edition.slug)
            .area(&self.area)
            .all(TOPIC_PROCESS);
        for a in &self.siblings {
            let related = Some(&a.doc.slug) == self.area.doc.parent.as_ref()
                || a.doc.parent.as_ref() == Some(&self.area.doc.slug);
            if related {
                t.area(a);
            }
        }
        for s in &self.successions {
            t.area_of(&s.from_edition, &s.from_area)
                .area_of(&s.to_edition, &s.to_area);
        }
        for g in &self.goals {
            t.goal(g);
        }
        for m in &self.measures {
            t.measure(m);
        }
        t
    }
}

impl GoalView {
    /// The goal, its area and edition, the measures serving it, their departments, and every
    /// process (the page links to the open one).
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.add(TOPIC_EDITION, &self.edition.slug)
            .area(&self.area)
            .goal(&self.goal)
            .all(TOPIC_PROCESS);
        for m in &self.measures {
            t.measure(m);
        }
        t
    }
}

impl MeasureView {
    /// The measure, its area and edition, its goals, every department (the page follows the
    /// lead's chain of successors) and every process (the page links to the open one).
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.add(TOPIC_EDITION, &self.edition.slug)
            .area(&self.area)
            .measure(&self.measure)
            .all(TOPIC_DEPARTMENT)
            .all(TOPIC_PROCESS);
        for g in &self.goals {
            t.goal(g);
        }
        t
    }
}

impl DepartmentView {
    /// Every department (predecessors and successors), and the goals and measures it leads or
    /// takes part in with their areas.
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.all(TOPIC_DEPARTMENT);
        for g in &self.goals {
            t.goal(g).area_of(&g.edition, &g.area);
        }
        for m in &self.measures {
            t.measure(m).area_of(&m.edition, &m.area);
        }
        t
    }
}

impl DepartmentsView {
    /// Every department.
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.all(TOPIC_DEPARTMENT);
        t
    }
}

impl CompareView {
    /// Every edition and every area.
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.all(TOPIC_EDITION).all(TOPIC_AREA);
        t
    }
}

impl EasyView {
    /// The default edition and its areas.
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        t.add(TOPIC_META, "content")
            .add(TOPIC_EDITION, &self.edition.slug);
        for a in &self.areas {
            t.area(a);
        }
        t
    }
}

impl SitemapView {
    /// Every kind it lists.
    pub fn tags(&self) -> Tags {
        let mut t = Tags::new();
        for topic in [
            TOPIC_EDITION,
            TOPIC_AREA,
            TOPIC_GOAL,
            TOPIC_MEASURE,
            TOPIC_DEPARTMENT,
            TOPIC_PROCESS,
            TOPIC_PAGE,
        ] {
            t.all(topic);
        }
        t
    }
}
