//! Server-rendered SVG charts for monitoring (issue 15): an indicator's line chart, stacked bars
//! of measure status per area and a tile map of Hessen's Kreise and kreisfreie Städte. Each chart
//! is one data structure drawn twice, as SVG and as the [`Table`] beside it (and its CSV), so the
//! two cannot disagree. Pure functions returning escaped markup: no I/O, no templates, no script,
//! and no `style` attribute or element (the Content-Security-Policy refuses them; presentation
//! attributes and classes carry the looks).
//!
//! What every chart keeps to (WCAG 2.2 AA): a `<title>` and a `<desc>` as its text alternative
//! (1.1.1), meaning carried by shape, pattern or words as well as colour (1.4.1), marks in at least
//! 3:1 contrast to white (1.4.11), and text at least 12 px tall when the chart is drawn at the
//! width a 320 px screen leaves it (1.4.10, [`NARROWEST_PX`]).

mod axes;
mod bars;
mod labels;
mod line;
mod regions;
mod table;
mod tiles;

pub use bars::{AreaCounts, ShownStatus, StatusBars};
pub use labels::ChartLabels;
pub use line::{LineChart, MIN_POINTS_FOR_LINE};
pub use regions::abbreviation;
pub use table::{Sorting, Table};
pub use tiles::{Column, Tile, TileMap};

use labels::{machine, round2};
use std::fmt::Write as _;

/// Narrowest width a chart is drawn at, in CSS pixels: a 320 px screen less the page's margins
/// (WCAG 1.4.10 Reflow).
pub const NARROWEST_PX: f64 = 288.0;
/// Smallest text in a chart drawn [`NARROWEST_PX`] wide, in CSS pixels.
pub const SMALLEST_TEXT_PX: f64 = 12.0;

/// The site's text colour (`--c-text`), for words and axes.
const INK: &str = "#1a1a1a";

/// Font size, in the user units of a chart `width` units wide, that is drawn at least
/// [`SMALLEST_TEXT_PX`] tall when the chart is [`NARROWEST_PX`] wide.
fn font_size(width: f64) -> f64 {
    (width * SMALLEST_TEXT_PX / NARROWEST_PX).ceil()
}

/// Width of a text in user units, estimated generously (0.6 em a character) so that labels
/// placed by it do not run into each other.
fn text_width(text: &str, font: f64) -> f64 {
    #[allow(clippy::cast_precision_loss, reason = "labels are short")]
    let n = text.chars().count() as f64;
    n * font * 0.6
}

/// A chart's caption: the key message, where the figures come from and the day they are as of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    /// The one sentence a reader should take away ("Der Ausbau liegt über dem Zielpfad.").
    pub message: String,
    /// Where the figures come from.
    pub source: String,
    /// The day the figures are as of, as the reader reads it ("30. Juni 2024").
    pub as_of: String,
}

impl Caption {
    /// The caption as a `<figcaption>`: the key message, then source and date.
    pub fn html(&self, labels: &ChartLabels) -> String {
        format!(
            "<figcaption><p class=\"chart-message\">{}</p><p class=\"chart-source\">{}: {}. {}: {}.</p></figcaption>",
            escape(&self.message),
            escape(&labels.source),
            escape(&self.source),
            escape(&labels.as_of),
            escape(&self.as_of),
        )
    }
}

/// Escapes a text for HTML and SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An id usable in `id` and `url(#…)` references: letters, digits, '-' and '_' only, starting
/// with a letter. The page gives each chart its own, so two charts on one page do not share the
/// ids of their titles and patterns.
fn dom_id(id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.starts_with(|c: char| c.is_ascii_alphabetic()) {
        clean
    } else {
        format!("chart{clean}")
    }
}

/// Gridline values from at or below `lo` to at or above `hi`, about `count` steps of 1, 2, 2.5
/// or 5 times a power of ten.
fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    #[allow(clippy::cast_precision_loss, reason = "a handful of steps")]
    let raw = (hi - lo) / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    #[allow(
        clippy::cast_possible_truncation,
        reason = "chart values are far below 2^63 steps"
    )]
    let (first, last) = (
        (lo / step + 1e-9).floor() as i64,
        (hi / step - 1e-9).ceil() as i64,
    );
    #[allow(clippy::cast_precision_loss, reason = "a handful of steps")]
    (first..=last.max(first + 1))
        .map(|i| round2(i as f64 * step))
        .collect()
}

/// Breaks a text into lines of at most `max` characters at spaces (a longer word stays whole).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The opening of a chart's `<svg>`: scales to the width of its container, named by its title
/// and described by its text alternative (WCAG 1.1.1).
fn svg_open(id: &str, kind: &str, size: (f64, f64), font: f64, title: &str, desc: &str) -> String {
    let (w, h) = size;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg chart-{kind}\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\" font-size=\"{font}\" fill=\"{INK}\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc),
    )
}

/// A chart in a `<figure>` with its caption.
fn figure(svg: &str, caption: &Caption, labels: &ChartLabels) -> String {
    format!(
        "<figure class=\"chart\">{svg}{}</figure>",
        caption.html(labels)
    )
}

/// One entry of a legend: a swatch drawn in a box `1.6 × font` wide and `font` tall from the
/// origin, and its words.
struct LegendItem {
    swatch: String,
    label: String,
}

/// Lays the legend out in rows across `width` from `top`; returns the markup and its height.
fn legend(items: &[LegendItem], top: f64, width: f64, font: f64) -> (String, f64) {
    let (swatch, row) = (font * 1.6, font * 1.6);
    let (mut x, mut y) = (0.0, top);
    let mut out = String::from("<g class=\"chart-legend\">");
    for item in items {
        let w = swatch + font * 0.4 + text_width(&item.label, font);
        if x > 0.0 && x + w > width {
            x = 0.0;
            y += row;
        }
        let _ = write!(
            out,
            "<g transform=\"translate({x} {y})\">{}<text x=\"{}\" y=\"{}\" dy=\"0.35em\">{}</text></g>",
            item.swatch,
            swatch + font * 0.4,
            font / 2.0,
            escape(&item.label),
        );
        x += w + font;
    }
    out.push_str("</g>");
    (out, y + row - top)
}

#[cfg(test)]
pub(crate) mod check {
    //! Helpers the chart tests share: reading marks and numbers back out of the markup, and
    //! the WCAG contrast formula.

    /// Hessen's 26 Kreise and kreisfreie Städte as tiles, at the places `regions.toml` gives
    /// them (its rows and columns count from 1, the map's from 0), with the value `value_of`
    /// gives each official key.
    pub fn hessen_tiles(value_of: impl Fn(&str) -> Option<f64>) -> Vec<super::Tile> {
        let text = include_str!("../../../../content/hessen/regions.toml");
        let file: fahrplan_domain::monitoring::RegionFile =
            toml::from_str(text).expect("regions.toml reads");
        file.region
            .into_iter()
            .filter_map(|r| {
                let [row, col] = r.grid?;
                Some(super::Tile {
                    value: value_of(&r.key),
                    key: r.key,
                    name: r.name,
                    grid: (row - 1, col - 1),
                })
            })
            .collect()
    }

    /// Every opening tag `<name …>` in the markup, up to its closing '>'.
    pub fn tags<'a>(markup: &'a str, name: &str) -> Vec<&'a str> {
        let open = format!("<{name}");
        let mut found = Vec::new();
        let mut rest = markup;
        while let Some(i) = rest.find(&open) {
            let tail = &rest[i..];
            let end = tail.find('>').map_or(tail.len(), |e| e + 1);
            if tail[open.len()..].starts_with([' ', '>', '/']) {
                found.push(&tail[..end]);
            }
            rest = &tail[end.min(tail.len())..];
        }
        found
    }

    /// The value of an attribute in an opening tag.
    pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag[start..].find('"')?;
        Some(&tag[start..start + len])
    }

    /// Every number a `data-value` attribute holds, sorted.
    pub fn data_values(svg: &str) -> Vec<f64> {
        let mut values: Vec<f64> = svg
            .split(" data-value=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect();
        values.sort_by(f64::total_cmp);
        values
    }

    /// A number as the German table writes it: "1.234,5", "−3".
    pub fn german_number(cell: &str) -> Option<f64> {
        cell.replace('.', "")
            .replace(',', ".")
            .replace('\u{2212}', "-")
            .parse()
            .ok()
    }

    /// WCAG 2.2 relative luminance of a colour written `#rrggbb` or `#rgb`.
    pub fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        let hex = if hex.len() == 3 {
            hex.chars().flat_map(|c| [c, c]).collect()
        } else {
            hex.to_owned()
        };
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// WCAG 2.2 contrast ratio of two colours.
    pub fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// Every colour the markup paints with in a `fill` or `stroke` attribute, except white.
    pub fn colours(markup: &str) -> Vec<String> {
        let mut found: Vec<String> = [" fill=\"#", " stroke=\"#"]
            .iter()
            .flat_map(|key| markup.split(key).skip(1))
            .map(|s| format!("#{}", s.split('"').next().unwrap()))
            .filter(|c| !matches!(c.as_str(), "#fff" | "#ffffff"))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// Asserts the markup carries no inline style, which the Content-Security-Policy refuses,
    /// and no script.
    pub fn assert_no_style(markup: &str) {
        assert!(!markup.contains("style="), "style attribute in {markup}");
        assert!(!markup.contains("<style"), "style element in {markup}");
        assert!(!markup.contains("<script"), "script in {markup}");
    }

    /// Asserts every text of the SVG is at least 12 px tall when the chart is drawn as wide as
    /// a 320 px screen leaves it, and that the chart scales to its container.
    pub fn assert_readable_when_narrow(svg: &str) {
        let root = tags(svg, "svg")[0];
        assert_eq!(attr(root, "width"), Some("100%"));
        let view: Vec<f64> = attr(root, "viewBox")
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        let scale = super::NARROWEST_PX / view[2];
        for part in svg.split(" font-size=\"").skip(1) {
            let size: f64 = part.split('"').next().unwrap().parse().unwrap();
            assert!(
                size * scale >= 12.0,
                "font-size {size} is {} px",
                size * scale
            );
        }
    }
}

#[cfg(test)]
mod tests;
