//! The tile map: one square per region at a place in a grid that suggests the state's shape (a
//! map without borders that stays legible at 320 px), shaded in value classes and labelled with
//! a short name and the value; regions without a value are hatched and say so. Its table is
//! sortable by links, without script. It draws what it is given; it does not fetch regions.

use super::regions::{short_labels, sort_key};
use super::{
    Caption, ChartLabels, INK, LegendItem, Sorting, Table, escape, figure, font_size, legend,
    machine, svg_open, wrap,
};
use std::fmt::Write as _;

/// Sequential classes from light to dark blue. The lightest keeps 3:1 against the white page
/// (WCAG 1.4.11); words on it are dark, on the others white, at least 4.5:1 (WCAG 1.4.3).
const PALETTE: [&str; 5] = ["#6688bb", "#4a74ad", "#35609c", "#234b83", "#13325e"];
const ON_PALETTE: [&str; 5] = [INK, "#fff", "#fff", "#fff", "#fff"];
/// The hatching of regions without a value.
const NO_DATA: &str = "#4a4f57";
const TILE: f64 = 88.0;
const GAP: f64 = 4.0;

/// One region of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    /// The official key (Kreisschlüssel, "06411").
    pub key: String,
    /// The region's name.
    pub name: String,
    /// Its place in the grid: (row, column), from the top left.
    pub grid: (u8, u8),
    /// Its value, if there is one (a value that is not finite counts as none).
    pub value: Option<f64>,
}

impl Tile {
    fn shown(&self) -> Option<f64> {
        self.value.filter(|v| v.is_finite())
    }
}

/// One value per region as a tile map.
#[derive(Debug, Clone, PartialEq)]
pub struct TileMap {
    /// Unique on the page: the ids of the chart's title, description and pattern start with it.
    pub id: String,
    /// What the map shows.
    pub title: String,
    /// The unit of the values ("%"), or empty.
    pub unit: String,
    /// One tile per region; no two share a place.
    pub tiles: Vec<Tile>,
    /// Key message, source and date.
    pub caption: Caption,
}

/// A column the map's table can be sorted by, named by a path segment (`…/sortiert/wert`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    /// The official key, ascending.
    Key,
    /// The name in German alphabetical order (DIN 5007-1: ä as a, ß as ss).
    #[default]
    Name,
    /// The value, largest first; regions without a value last.
    Value,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Self; 3] = [Self::Key, Self::Name, Self::Value];

    /// The path segment that sorts by this column.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Key => "schluessel",
            Self::Name => "name",
            Self::Value => "wert",
        }
    }

    /// Reads a path segment.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.segment() == s)
    }
}

/// Class breaks for the values: four or five classes of equal width, the width 1, 2, 2.5 or 5
/// times a power of ten where that gives four or five, else 3, 4, 6 or 8, else 1.5 or 7.5
/// times one (these always do). One value gives one class.
fn breaks(values: &[f64]) -> Vec<f64> {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.is_empty() || hi <= lo {
        return values.first().map(|v| vec![*v, *v]).unwrap_or_default();
    }
    const NICE: [&[f64]; 3] = [&[1.0, 2.0, 2.5, 5.0], &[3.0, 4.0, 6.0, 8.0], &[1.5, 7.5]];
    let magnitude = 10f64.powf(((hi - lo) / 5.0).log10().floor());
    // (how nice the width is, classes, width, first break in widths)
    let mut candidates: Vec<(usize, i64, f64, f64)> = Vec::new();
    for (rank, multiples) in NICE.iter().enumerate() {
        for power in [0.1, 1.0, 10.0] {
            for m in *multiples {
                let step = m * power * magnitude;
                let (first, last) = ((lo / step + 1e-9).floor(), (hi / step - 1e-9).ceil());
                #[allow(clippy::cast_possible_truncation, reason = "a few hundred at most")]
                let classes = ((last - first).round() as i64).max(1);
                candidates.push((rank, classes, step, first));
            }
        }
    }
    let fitting = candidates
        .iter()
        .filter(|c| (4..=5).contains(&c.1))
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.total_cmp(&b.2)));
    let fewer = || {
        candidates
            .iter()
            .filter(|c| c.1 <= 5)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)))
    };
    let Some(&(_, classes, step, first)) = fitting.or_else(fewer) else {
        return vec![lo, hi];
    };
    #[allow(clippy::cast_precision_loss, reason = "at most six breaks")]
    (0..=classes)
        .map(|i| super::round2((first + i as f64) * step))
        .collect()
}

/// The class of a value: the last break at or below it (the top break closes the last class).
fn class_of(breaks: &[f64], value: f64) -> usize {
    let classes = breaks.len().saturating_sub(1).max(1);
    breaks
        .iter()
        .take(classes)
        .rposition(|b| *b <= value)
        .unwrap_or(0)
}

/// The palette entry of class `i` of `n`: spread over the palette so the classes differ most.
fn shade(i: usize, n: usize) -> usize {
    if n <= 1 {
        2
    } else {
        i * (PALETTE.len() - 1) / (n - 1)
    }
}

impl TileMap {
    /// The text alternative: the key message, the highest and lowest value and where values
    /// are missing (WCAG 1.1.1).
    fn description(&self, labels: &ChartLabels) -> String {
        let valued: Vec<(&Tile, f64)> = self
            .tiles
            .iter()
            .filter_map(|t| Some((t, t.shown()?)))
            .collect();
        let pick = |better: fn(f64, f64) -> bool| {
            valued
                .iter()
                .copied()
                .reduce(|a, b| if better(b.1, a.1) { b } else { a })
        };
        let mut out = self.caption.message.clone();
        if let (Some(hi), Some(lo)) = (pick(|a, b| a > b), pick(|a, b| a < b)) {
            let _ = write!(
                out,
                " {}: {} ({}), {}: {} ({}).",
                labels.highest,
                labels.with_unit(hi.1, &self.unit),
                hi.0.name,
                labels.lowest,
                labels.with_unit(lo.1, &self.unit),
                lo.0.name
            );
        }
        let missing: Vec<&str> = self
            .tiles
            .iter()
            .filter(|t| t.shown().is_none())
            .map(|t| t.name.as_str())
            .collect();
        if !missing.is_empty() {
            let _ = write!(out, " {}: {}.", labels.no_data, missing.join(", "));
        }
        out
    }

    /// The map as SVG that scales to its container's width.
    pub fn svg(&self, labels: &ChartLabels) -> String {
        let id = super::dom_id(&self.id);
        let rows = self.tiles.iter().map(|t| t.grid.0 + 1).max().unwrap_or(0);
        let cols = self.tiles.iter().map(|t| t.grid.1 + 1).max().unwrap_or(0);
        let width = (f64::from(cols) * (TILE + GAP) - GAP).max(360.0);
        let font = font_size(width);
        let values: Vec<f64> = self.tiles.iter().filter_map(Tile::shown).collect();
        let breaks = breaks(&values);
        let classes = breaks.len().saturating_sub(1).max(1);
        let mut out = format!(
            "<defs><pattern id=\"{id}-nodata\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#fff\"/><path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6\" stroke=\"{NO_DATA}\" stroke-width=\"1.5\"/></pattern></defs>"
        );
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "small, positive"
        )]
        let per_line = ((TILE - 8.0) / (font * 0.6)).floor() as usize;
        for (tile, short) in self.tiles.iter().zip(short_labels(&self.tiles)) {
            let (x, y) = (
                f64::from(tile.grid.1) * (TILE + GAP),
                f64::from(tile.grid.0) * (TILE + GAP),
            );
            let (fill, ink, value_attr, lines, shown) = match tile.shown() {
                Some(v) => {
                    let c = shade(class_of(&breaks, v), classes);
                    let value = format!(" data-value=\"{}\"", machine(v));
                    (
                        PALETTE[c].to_owned(),
                        ON_PALETTE[c],
                        value,
                        vec![labels.number(v)],
                        labels.with_unit(v, &self.unit),
                    )
                }
                None => (
                    format!("url(#{id}-nodata)"),
                    INK,
                    String::new(),
                    wrap(&labels.no_data, per_line),
                    labels.no_data.clone(),
                ),
            };
            let stroke = if tile.shown().is_some() {
                String::new()
            } else {
                format!(" stroke=\"{NO_DATA}\" stroke-width=\"2\"")
            };
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{stroke} data-key=\"{}\"{value_attr}><title>{} ({}): {}</title></rect>",
                x + 1.0,
                y + 1.0,
                TILE - 2.0,
                TILE - 2.0,
                escape(&tile.key),
                escape(&tile.name),
                escape(&tile.key),
                escape(&shown),
            );
            let line_height = font * 1.15;
            #[allow(clippy::cast_precision_loss, reason = "three lines at most")]
            let block = (lines.len() + 1) as f64 * line_height;
            let first = y + (TILE - block) / 2.0 + line_height / 2.0;
            if tile.shown().is_none() {
                // Words on hatching are hard to read: they get a white ground.
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
                    x + 6.0,
                    first - line_height / 2.0 - 3.0,
                    TILE - 12.0,
                    block + 6.0
                );
            }
            for (i, line) in std::iter::once(short).chain(lines).enumerate() {
                let weight = if i == 0 { " font-weight=\"700\"" } else { "" };
                #[allow(clippy::cast_precision_loss, reason = "three lines at most")]
                let ly = first + i as f64 * line_height;
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{ly}\" dy=\"0.35em\" text-anchor=\"middle\" fill=\"{ink}\"{weight}>{}</text>",
                    x + TILE / 2.0,
                    escape(&line)
                );
            }
        }
        let top = f64::from(rows) * (TILE + GAP) + font * 0.6;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\" font-weight=\"700\">{}</text>",
            top + font,
            escape(&labels.value_head(&self.unit))
        );
        let swatch = |fill: &str, extra: &str| {
            format!(
                "<rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{extra}/>",
                font * 1.6 - 2.0,
                font - 2.0
            )
        };
        let mut items: Vec<LegendItem> = (0..classes)
            .filter(|_| !values.is_empty())
            .map(|i| LegendItem {
                swatch: swatch(PALETTE[shade(i, classes)], ""),
                label: self.class_label(&breaks, i, labels),
            })
            .collect();
        if values.len() < self.tiles.len() {
            items.push(LegendItem {
                swatch: swatch(
                    &format!("url(#{id}-nodata)"),
                    &format!(" stroke=\"{NO_DATA}\" stroke-width=\"2\""),
                ),
                label: labels.no_data.clone(),
            });
        }
        let (legend_svg, legend_height) = legend(&items, top + font * 1.6, width, font);
        out.push_str(&legend_svg);
        let size = (width, (top + font * 1.6 + legend_height).ceil());
        let open = svg_open(
            &id,
            "tiles",
            size,
            font,
            &self.title,
            &self.description(labels),
        );
        format!("{open}{out}</svg>")
    }

    /// The words of class `i` in the legend: "25 bis unter 50", the last "75 bis 100".
    fn class_label(&self, breaks: &[f64], i: usize, labels: &ChartLabels) -> String {
        let (from, to) = (breaks[i], breaks[i + 1]);
        if from == to {
            labels.number(from)
        } else if i + 2 < breaks.len() {
            format!(
                "{} {} {}",
                labels.number(from),
                labels.up_to_below,
                labels.number(to)
            )
        } else {
            format!(
                "{} {} {}",
                labels.number(from),
                labels.up_to,
                labels.number(to)
            )
        }
    }

    /// The same values as a table sorted by `sort`: key, name, value; each head links to the
    /// table sorted by its column, at `base` followed by the column's segment.
    pub fn table(&self, labels: &ChartLabels, sort: Column, base: &str) -> Table {
        let mut tiles: Vec<&Tile> = self.tiles.iter().collect();
        let by_name = |a: &&Tile, b: &&Tile| sort_key(&a.name).cmp(&sort_key(&b.name));
        match sort {
            Column::Key => tiles.sort_by(|a, b| a.key.cmp(&b.key)),
            Column::Name => tiles.sort_by(|a, b| by_name(a, b).then(a.key.cmp(&b.key))),
            Column::Value => tiles.sort_by(|a, b| match (a.shown(), b.shown()) {
                (Some(x), Some(y)) => y.total_cmp(&x).then(by_name(a, b)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => by_name(a, b),
            }),
        }
        let value = |t: &Tile| {
            t.shown()
                .map_or_else(|| labels.no_data.clone(), |v| labels.number(v))
        };
        Table {
            caption: self.title.clone(),
            head: vec![
                labels.region_key.clone(),
                labels.region_name.clone(),
                labels.value_head(&self.unit),
            ],
            rows: tiles
                .iter()
                .map(|t| vec![t.key.clone(), t.name.clone(), value(t)])
                .collect(),
            sorting: Some(Sorting {
                base: base.to_owned(),
                keys: Column::ALL.iter().map(|c| c.segment()).collect(),
                by: Column::ALL.iter().position(|c| *c == sort).unwrap_or(0),
                descending: sort == Column::Value,
            }),
        }
    }

    /// The map in a `<figure>` with its caption.
    pub fn figure(&self, labels: &ChartLabels) -> String {
        figure(&self.svg(labels), &self.caption, labels)
    }
}

#[cfg(test)]
mod tests;
