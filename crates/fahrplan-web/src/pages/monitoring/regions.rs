//! `/umsetzung/regionen`: the indicators that have values per region; and
//! `/umsetzung/regionen/{indicator}` (sorted: `…/sortiert/{column}`): the tile map of Hessen's
//! 26 Kreise and kreisfreie Städte with the latest period's values, the same values as a
//! sortable table and as CSV. The sort order is a path segment, so the page cache keeps it.

use super::overview::csv_response;
use super::{EXAMPLE_MARK, chart_labels};
use crate::Lang;
use crate::charts::{Caption, Column, Tile, TileMap};
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::{Link, cached_for};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::monitoring::Day;
use fahrplan_domain::csv::{CsvWriter, number};
use fahrplan_domain::monitoring::{Indicator, Observation, Period, Region, RegionLevel};
use fahrplan_domain::paths;

/// A Kreis or kreisfreie Stadt with its value for the map's period.
#[derive(Debug, Clone)]
pub struct RegionValue<'a> {
    /// The region.
    pub region: &'a Region,
    /// Its place on the map, from the top left, counting from 0.
    pub grid: (u8, u8),
    /// Its observation for the period, if there is one.
    pub observation: Option<&'a Observation>,
}

/// The values the map, its table and its CSV are drawn from: the latest period with regional
/// values whose end has passed by `day`, and every Kreis with its value for that period.
pub fn regional_values<'a>(
    i: &'a Indicator,
    regions: &'a [Region],
    day: Day,
) -> (Option<Period>, Vec<RegionValue<'a>>) {
    let latest = i
        .observations
        .iter()
        .filter(|o| o.region.is_some() && o.period.last_day() <= day)
        .map(|o| o.period)
        .max_by_key(Period::day_number);
    let values = regions
        .iter()
        .filter(|r| r.level == RegionLevel::Kreis)
        .filter_map(|r| {
            let [row, col] = r.grid?;
            Some(RegionValue {
                region: r,
                grid: (row.saturating_sub(1), col.saturating_sub(1)),
                // The current values hold one per period and region; a correction replaced
                // its original there.
                observation: latest.and_then(|p| {
                    i.observations
                        .iter()
                        .rev()
                        .find(|o| o.period == p && o.region.as_deref() == Some(r.key.as_str()))
                }),
            })
        })
        .collect();
    (latest, values)
}

/// The tile map of `values`, for the period `latest`.
pub fn tile_map(
    l: &Layout,
    i: &Indicator,
    latest: Option<Period>,
    values: &[RegionValue<'_>],
) -> TileMap {
    let labels = chart_labels(l.lang);
    let valued = values.iter().filter(|v| v.observation.is_some()).count();
    let period = latest.map_or_else(|| "–".to_owned(), |p| (labels.period)(&p));
    let mut message = l.t2("regional-map-message", "period", &period, "count", valued);
    if i.example {
        message = format!("{EXAMPLE_MARK}. {message}");
    }
    let mut sources: Vec<&str> = values
        .iter()
        .filter_map(|v| v.observation.map(|o| o.source.as_str()))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let mut title = l.t1("regional-map-title", "indicator", &i.name);
    if i.example {
        title = format!("{title} ({EXAMPLE_MARK})");
    }
    TileMap {
        id: format!("karte-{}", i.slug),
        title,
        unit: i.unit.clone(),
        tiles: values
            .iter()
            .map(|v| Tile {
                key: v.region.key.clone(),
                name: v.region.name.clone(),
                grid: v.grid,
                value: v.observation.map(|o| o.value),
            })
            .collect(),
        caption: Caption {
            message,
            source: if sources.is_empty() {
                "–".to_owned()
            } else {
                sources.join("; ")
            },
            as_of: period,
        },
    }
}

/// An indicator in the list of the regional view.
#[derive(Debug, Clone)]
pub struct RegionalItem {
    /// Name and the address of its map.
    pub link: Link,
    /// Invented example figures.
    pub example: bool,
}

#[derive(Template)]
#[template(path = "monitoring/regions.html")]
struct RegionsPage {
    l: Layout,
    items: Vec<RegionalItem>,
}

/// `GET /umsetzung/regionen`.
pub async fn list_regional(ctx: Ctx) -> Result<Response, WebError> {
    let v = ctx.state.app.regions_view(None).await?;
    let l = ctx
        .layout(paths::REGIONS, String::new())
        .title_key("regional-title")
        .crumb(ctx.t("umsetzung-title"), paths::UMSETZUNG);
    let l = l.clone().crumb(l.title, "");
    let items = v
        .indicators
        .iter()
        .map(|i| RegionalItem {
            link: Link {
                title: i.name.clone(),
                href: paths::regional(&i.slug),
                summary: i.summary.clone(),
            },
            example: i.example,
        })
        .collect();
    cached_for(v.tags(), &RegionsPage { l, items })
}

#[derive(Template)]
#[template(path = "monitoring/regional.html")]
struct RegionalPage {
    l: Layout,
    i: Indicator,
    period: Option<String>,
    sorted_by: String,
    figure: String,
    table: String,
    csv: String,
    indicator_href: String,
}

/// `GET /umsetzung/regionen/{indicator}`: the table sorted by name.
pub async fn show_regional(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    regional_page(ctx, slug, Column::default(), None).await
}

/// `GET /umsetzung/regionen/{indicator}/sortiert/{column}`: an unknown column is a 404.
pub async fn show_regional_sorted(
    ctx: Ctx,
    Path((slug, column)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let sort = Column::parse(&column).ok_or(AppError::NotFound)?;
    regional_page(ctx, slug, sort, Some(column)).await
}

async fn regional_page(
    ctx: Ctx,
    slug: String,
    sort: Column,
    segment: Option<String>,
) -> Result<Response, WebError> {
    let v = ctx.state.app.regions_view(Some(&slug)).await?;
    let tags = v.tags();
    let i = v.chosen.ok_or(AppError::NotFound)?.indicator;
    let sorted = segment.is_some();
    let path = segment.map_or_else(
        || paths::regional(&i.slug),
        |c| paths::regional_sorted(&i.slug, &c),
    );
    // Each sorted variant is a page of its own, with a title of its own.
    let mut title = ctx
        .state
        .i18n
        .get(ctx.lang, "regional-map-title", &[("indicator", &i.name)]);
    if sorted {
        let column = ctx.t(match sort {
            Column::Key => "regional-column-key",
            Column::Name => "regional-column-name",
            Column::Value => "regional-column-value",
        });
        title = ctx.state.i18n.get(
            ctx.lang,
            "regional-title-sorted",
            &[("title", &title), ("column", &column)],
        );
    }
    let l = ctx
        .layout(&path, title)
        .crumb(ctx.t("umsetzung-title"), paths::UMSETZUNG)
        .crumb(ctx.t("regional-title"), paths::REGIONS)
        .content_crumb(i.name.clone(), "");
    let labels = chart_labels(l.lang);
    let day = fahrplan_app::participation::today();
    let (latest, values) = regional_values(&i, &v.regions, day);
    let map = tile_map(&l, &i, latest, &values);
    let table = map
        .table(&labels, sort, &l.href(paths::regional_sort_base(&i.slug)))
        .html();
    let sorted_by = l.t(match sort {
        Column::Key => "regional-sorted-key",
        Column::Name => "regional-sorted-name",
        Column::Value => "regional-sorted-value",
    });
    let page = RegionalPage {
        period: latest.map(|p| (labels.period)(&p)),
        sorted_by,
        figure: map.figure(&labels),
        table,
        csv: paths::regional_csv(&i.slug),
        indicator_href: paths::indicator(&i.slug),
        i,
        l,
    };
    cached_for(tags, &page)
}

/// `GET /umsetzung/regionen/{indicator}/werte.csv`: the numbers of the map, one row per Kreis
/// and kreisfreie Stadt (an empty value where there is none), in the order of the keys.
pub async fn regional_csv(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let v = ctx.state.app.regions_view(Some(&slug)).await?;
    let i = v.chosen.ok_or(AppError::NotFound)?.indicator;
    let day = fahrplan_app::participation::today();
    let (latest, mut values) = regional_values(&i, &v.regions, day);
    values.sort_by(|a, b| a.region.key.cmp(&b.region.key));
    let mark = if i.example { EXAMPLE_MARK } else { "" };
    let mut w = CsvWriter::new(&[
        "indicator",
        "period",
        "region",
        "region_name",
        "region_kind",
        "region_kind_label",
        "value",
        "unit",
        "source",
        "note",
        "example",
    ]);
    for r in &values {
        let kind = r.region.kind;
        w.row(&[
            i.slug.clone(),
            latest.map(|p| p.to_string()).unwrap_or_default(),
            r.region.key.clone(),
            r.region.name.clone(),
            kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            kind.map(|k| ctx.state.i18n.label(Lang::De, k))
                .unwrap_or_default(),
            r.observation.map(|o| number(o.value)).unwrap_or_default(),
            i.unit.clone(),
            r.observation.map(|o| o.source.clone()).unwrap_or_default(),
            r.observation
                .and_then(|o| o.note.clone())
                .unwrap_or_default(),
            mark.to_owned(),
        ]);
    }
    Ok(csv_response(w.finish(), &format!("{}-kreise.csv", i.slug)))
}
