//! What of the strategy is searchable, as search documents.

use fahrplan_domain::content::{Archived, AreaDoc, ContentSet, Process, origin_process};
use fahrplan_domain::paths;
use fahrplan_search::{SearchDoc, Weight, markdown_headings};
use fahrplan_store::Document;

/// Kinds that come from the strategy content (replaced as a whole when the content changes).
pub const CONTENT_KINDS: [&str; 8] = [
    "edition",
    "area",
    "goal",
    "measure",
    "department",
    "page",
    "process",
    "indicator",
];

fn doc(kind: &str, id: String, title: &str, body: String, url: String) -> SearchDoc {
    SearchDoc {
        kind: kind.to_owned(),
        id,
        title: title.to_owned(),
        headings: markdown_headings(&body),
        body,
        url,
        facets: Vec::new(),
        ..SearchDoc::default()
    }
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Every public thing of the strategy content. Archived areas, goals, measures and processes
/// stay findable: their pages answer and say they were withdrawn, and whoever wrote or read
/// about them finds them again (issue 13).
///
/// A measure's `status` facet is the status its hit shows on `today`: the recorded one, or
/// [`super::OUT_OF_DATE`] once its planned end has passed without a final status, so the
/// search page's status filter counts what the hits say.
pub fn content_docs(set: &ContentSet, today: (i32, u8, u8)) -> Vec<SearchDoc> {
    let mut out = Vec::new();
    for e in &set.editions {
        let ed = &e.edition;
        // A superseded edition stays searchable, after the current one at equal relevance.
        let edition_weight = if ed.slug == set.meta.default_edition {
            Weight::CURRENT
        } else {
            Weight::SUPERSEDED
        };
        let weight = |archived: bool| {
            if archived {
                Weight::ARCHIVED.min(edition_weight)
            } else {
                edition_weight
            }
        };
        let edition_facet = ("edition".to_owned(), ed.slug.clone());
        let url = paths::edition(&ed.slug);
        out.push(doc(
            "edition",
            ed.slug.clone(),
            &ed.title,
            join(&[&ed.summary, &ed.vision]),
            url,
        ));
        for a in &e.areas {
            let area_facet = ("area".to_owned(), a.slug.clone());
            let mut d = doc(
                "area",
                format!("{}/{}", ed.slug, a.slug),
                &a.title,
                join(&[
                    &a.summary,
                    a.body.as_deref().unwrap_or(""),
                    a.baseline.as_deref().unwrap_or(""),
                ]),
                paths::area(&ed.slug, &a.slug),
            );
            d.facets.push(area_facet.clone());
            d.facets.push(edition_facet.clone());
            d.extra = area_extra(a);
            d.weight = weight(!a.is_current());
            out.push(d);
            for g in &a.goals {
                let mut d = doc(
                    "goal",
                    g.slug.clone(),
                    &g.title,
                    g.body.clone(),
                    paths::goal(&g.slug),
                );
                d.facets.push(area_facet.clone());
                d.facets.push(edition_facet.clone());
                for dep in std::iter::once(&g.lead).chain(&g.partners) {
                    d.facets.push(("department".to_owned(), dep.clone()));
                }
                d.weight = weight(!a.is_current() || !g.is_current());
                out.push(d);
            }
            for m in &a.measures {
                let notes: Vec<&str> = m.status.iter().filter_map(|s| s.note.as_deref()).collect();
                let mut d = doc(
                    "measure",
                    m.slug.clone(),
                    &m.title,
                    join(&[&m.body, &notes.join("\n")]),
                    paths::measure(&m.slug),
                );
                d.facets.push(area_facet.clone());
                d.facets.push(edition_facet.clone());
                d.weight = weight(!a.is_current() || !m.is_current());
                if let Some(s) = m.status.last() {
                    d.facets
                        .push(("status".to_owned(), s.status.as_str().to_owned()));
                }
                if let Some(end) = &m.planned_end {
                    let (y, mo, day) = end.last_day();
                    d.facets
                        .push((super::ENDS.to_owned(), format!("{y:04}-{mo:02}-{day:02}")));
                }
                if let Some(shown) = super::shown_status(&d.facets, today)
                    && let Some(status) = d.facets.iter_mut().find(|(dim, _)| dim == "status")
                {
                    shown.clone_into(&mut status.1);
                }
                for dep in std::iter::once(&m.lead).chain(&m.partners) {
                    d.facets.push(("department".to_owned(), dep.clone()));
                }
                out.push(d);
            }
        }
    }
    for dep in &set.departments {
        // The short name is a second title ("Innenministerium"), not the start of the text:
        // in the body the snippet would run it into the note's first sentence.
        let mut d = doc(
            "department",
            dep.code.clone(),
            &dep.name,
            dep.note.clone().unwrap_or_default(),
            paths::department(&dep.code),
        );
        d.headings.insert(0, dep.short_name.clone());
        d.facets.push(("department".to_owned(), dep.code.clone()));
        out.push(d);
    }
    // The legal pages' texts describe the site, not the strategy: a search for "Datenschutz"
    // is about the strategy's data protection, and the footer links to those pages anyway.
    for p in set.pages.iter().filter(|p| !paths::is_legal_page(&p.slug)) {
        out.push(doc(
            "page",
            p.slug.clone(),
            &p.title,
            join(&[&p.summary, &p.body]),
            paths::page(&p.slug),
        ));
    }
    for i in &set.indicators {
        out.push(indicator_doc(set, i));
    }
    // The process that wrote the default edition has its own address; every other process,
    // archived ones included, is found at its participation page, which stays.
    let current: Vec<Process> = set
        .processes
        .iter()
        .filter(|p| p.is_current())
        .cloned()
        .collect();
    let origin = origin_process(&current, Some(&set.meta.default_edition)).map(|p| &p.slug);
    for p in &set.processes {
        let phases: Vec<String> = p
            .phases
            .iter()
            .map(|ph| format!("## {}\n\n{}", ph.title, ph.body))
            .collect();
        out.push(doc(
            "process",
            p.slug.clone(),
            &p.title,
            join(&[&p.summary, &p.body, &phases.join("\n\n")]),
            if origin == Some(&p.slug) {
                paths::ORIGIN.to_owned()
            } else {
                paths::process(&p.slug)
            },
        ));
    }
    out
}

/// An indicator: its name, what it shows and how it is counted, in its area and edition, with
/// its owner as department facet. Example data says so in its text.
fn indicator_doc(set: &ContentSet, i: &fahrplan_domain::monitoring::Indicator) -> SearchDoc {
    let rule = &i.counting_rule;
    let mut d = doc(
        "indicator",
        i.slug.clone(),
        &i.name,
        join(&[
            &i.summary,
            &rule.definition,
            &rule.denominator,
            &rule.source,
        ]),
        paths::indicator(&i.slug),
    );
    let (edition, area) = i.area.split_once('/').unwrap_or((i.area.as_str(), ""));
    d.facets.push(("area".to_owned(), area.to_owned()));
    d.facets.push(("edition".to_owned(), edition.to_owned()));
    d.facets.push(("department".to_owned(), i.owner.clone()));
    if edition != set.meta.default_edition {
        d.weight = Weight::SUPERSEDED;
    }
    d
}

/// What an area is about beyond its text: the labels and figures of its facts and its
/// Leichte Sprache summary (searched with a low boost, never shown as a snippet).
fn area_extra(a: &AreaDoc) -> String {
    let facts: Vec<String> = a
        .facts
        .iter()
        .map(|f| format!("{} {}", f.label, f.value))
        .collect();
    join(&[
        &facts.join("\n"),
        a.leichte_sprache.as_deref().unwrap_or(""),
    ])
}

/// An imported document as a search document (its type is always "document"; it links to the
/// portal's own page of the document, which names the original address).
pub fn document_doc(d: Document) -> SearchDoc {
    let url = paths::document(&d.id);
    doc("document", d.id, &d.title, d.body, url)
}

/// A visible contribution as a search document: a proposal by its title, anything else by its
/// kind and first words. The author's name is not indexed, so nobody is found by pseudonym.
pub fn contribution_doc(c: &fahrplan_store::ContributionRow) -> SearchDoc {
    let kind = fahrplan_domain::index_names::contribution_kind(c.kind);
    let title = if c.title.is_empty() {
        let words: String = plain_start(&c.body, 60);
        format!("{kind}: {words}")
    } else {
        c.title.clone()
    };
    let root = c.parent.unwrap_or(c.id);
    let mut d = doc(
        "contribution",
        c.id.to_string(),
        &title,
        c.body.clone(),
        paths::contribution_in_thread(&c.process, root, c.id),
    );
    d.headings.clear();
    if c.target_kind == fahrplan_domain::TargetKind::Area
        && let Some((_, area)) = c.target.split_once('/')
    {
        d.facets.push(("area".to_owned(), area.to_owned()));
    }
    d
}

/// The first characters of a text up to a word end, with "…" when cut.
fn plain_start(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}
