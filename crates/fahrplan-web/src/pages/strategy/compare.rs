//! The comparison of editions: where each area of one edition continues in the next, as a page
//! and as CSV.

use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::{Link, area_link, cached_for};
use askama::Template;
use axum::response::Response;
use fahrplan_domain::paths;

/// A row of the comparison table.
pub struct CompareRow {
    group: String,
    from: Link,
    to: Vec<Link>,
}

/// One group of areas and what became of it between two editions.
pub struct ShiftRow {
    label: String,
    from: Vec<Link>,
    to: Vec<Link>,
}

#[derive(Template)]
#[template(path = "strategy/compare.html")]
struct ComparePage {
    l: Layout,
    rows: Vec<CompareRow>,
    /// Per pair of editions (earlier, later): what became of the areas.
    shifts: Vec<(String, String, Vec<ShiftRow>)>,
}

fn shift_label(l: &Layout, s: fahrplan_domain::AreaShift) -> String {
    l.t(match s {
        fahrplan_domain::AreaShift::Continued => "shift-continued",
        fahrplan_domain::AreaShift::Split => "shift-split",
        fahrplan_domain::AreaShift::Merged => "shift-merged",
        fahrplan_domain::AreaShift::Regrouped => "shift-regrouped",
        fahrplan_domain::AreaShift::Dropped => "shift-dropped",
        fahrplan_domain::AreaShift::Added => "shift-added",
    })
}

fn shift_links(
    v: &fahrplan_app::strategy::CompareView,
    edition: &str,
    slugs: &[String],
) -> Vec<Link> {
    slugs
        .iter()
        .filter_map(|s| {
            v.areas
                .iter()
                .find(|a| a.edition == edition && &a.doc.slug == s)
        })
        .map(area_link)
        .collect()
}

/// `GET /strategie/vergleich.csv`: every pair of editions as data, one row per group of areas:
/// `from_edition;to_edition;change;change_label;from_areas;from_titles;to_areas;to_titles`
/// (several areas joined by `, `).
pub async fn comparison_csv(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.compare_view().await?;
    let l = ctx.titled(paths::COMPARISON, "compare-title");
    let mut w = fahrplan_domain::csv::CsvWriter::new(&[
        "from_edition",
        "to_edition",
        "change",
        "change_label",
        "from_areas",
        "from_titles",
        "to_areas",
        "to_titles",
    ]);
    let titles = |links: Vec<Link>| {
        links
            .into_iter()
            .map(|k| k.title)
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (before, after, changes) in v.changes() {
        for c in changes {
            w.row(&[
                before.clone(),
                after.clone(),
                c.shift.as_str().to_owned(),
                shift_label(&l, c.shift),
                c.from.join(", "),
                titles(shift_links(&v, &before, &c.from)),
                c.to.join(", "),
                titles(shift_links(&v, &after, &c.to)),
            ]);
        }
    }
    Ok(crate::pages::monitoring::overview::csv_response(
        w.finish(),
        "vergleich.csv",
    ))
}

/// `GET /strategie/vergleich`: where each 2016 field continues in 2021.
pub async fn show_comparison(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.compare_view().await?;
    let l = ctx.titled(paths::COMPARISON, "compare-title");
    let l = match v.areas.iter().map(|a| a.doc.updated).max() {
        Some(d) => l.stand(d),
        None => l,
    };
    let rows = v
        .areas
        .iter()
        .filter_map(|a| {
            let to: Vec<Link> = v
                .successions
                .iter()
                .filter(|s| s.from_edition == a.edition && s.from_area == a.doc.slug)
                .map(|s| Link {
                    title: s.to_title.clone(),
                    href: paths::area(&s.to_edition, &s.to_area),
                    summary: String::new(),
                })
                .collect();
            if to.is_empty() {
                return None;
            }
            let group = a
                .doc
                .parent
                .as_ref()
                .and_then(|p| {
                    v.areas
                        .iter()
                        .find(|x| x.edition == a.edition && &x.doc.slug == p)
                })
                .map(|p| p.doc.title.clone())
                .unwrap_or_default();
            Some(CompareRow {
                group,
                from: area_link(a),
                to,
            })
        })
        .collect();
    let shifts = v
        .changes()
        .into_iter()
        .map(|(before, after, changes)| {
            let rows = changes
                .into_iter()
                .map(|c| ShiftRow {
                    label: shift_label(&l, c.shift),
                    from: shift_links(&v, &before, &c.from),
                    to: shift_links(&v, &after, &c.to),
                })
                .collect();
            (before, after, rows)
        })
        .collect();
    cached_for(v.tags(), &ComparePage { l, rows, shifts })
}
