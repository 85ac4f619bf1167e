//! Stacked horizontal bars of measure status per area: one bar per area, one segment per status
//! as readers see it on that day (`Standing::shown`, so "Stand nicht aktuell" has its own). Every
//! status has its own fill and its own pattern, and every segment its count in words, so none is
//! told by colour alone (WCAG 1.4.1). Counting the measures is the caller's work.

use super::{
    Caption, ChartLabels, INK, LegendItem, Table, escape, figure, font_size, legend, svg_open,
    text_width, wrap,
};
use fahrplan_domain::{MeasureStatus, Standing};
use std::fmt::Write as _;

const WIDTH: f64 = 480.0;

/// A measure's status as readers see it on a day: the recorded one, or out of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShownStatus {
    /// Not started yet.
    Planned,
    /// Being carried out.
    InProgress,
    /// Carried out.
    Done,
    /// Behind its schedule.
    Delayed,
    /// Given up.
    Stopped,
    /// The planned end has passed without a final status.
    OutOfDate,
}

impl ShownStatus {
    /// Every status, in the order of the segments, the legend and the table's columns.
    pub const ALL: [Self; 6] = [
        Self::Planned,
        Self::InProgress,
        Self::Done,
        Self::Delayed,
        Self::Stopped,
        Self::OutOfDate,
    ];

    /// The wire value, as `Standing::shown` gives it.
    pub fn wire(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Delayed => "delayed",
            Self::Stopped => "stopped",
            Self::OutOfDate => "out_of_date",
        }
    }

    /// The status a measure with this standing is shown with.
    pub fn of(standing: &Standing) -> Self {
        if standing.out_of_date {
            return Self::OutOfDate;
        }
        match standing.status {
            MeasureStatus::Planned => Self::Planned,
            MeasureStatus::InProgress => Self::InProgress,
            MeasureStatus::Done => Self::Done,
            MeasureStatus::Delayed => Self::Delayed,
            MeasureStatus::Stopped => Self::Stopped,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The fill: the colours of the site's status badges, out of date in a purple of its own
    /// so that no two segments share one; each at least 3:1 against white (WCAG 1.4.11).
    fn fill(self) -> &'static str {
        match self {
            Self::Planned => "#4a4f57",
            Self::InProgress => "#1b3f73",
            Self::Done => "#1d6b35",
            Self::Delayed => "#8a4b00",
            Self::Stopped => "#b00020",
            Self::OutOfDate => "#6a3d9a",
        }
    }

    /// White marks over the fill on an 8 × 8 tile: dots, rising or falling hatching, lines
    /// across or upright, or cross-hatching.
    fn marks(self) -> &'static str {
        match self {
            Self::Planned => {
                "<circle cx=\"2\" cy=\"2\" r=\"1.6\" fill=\"#fff\"/><circle cx=\"6\" cy=\"6\" r=\"1.6\" fill=\"#fff\"/>"
            }
            Self::InProgress => {
                "<path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
            }
            Self::Done => "<path d=\"M0 4H8\" stroke=\"#fff\" stroke-width=\"2\"/>",
            Self::Delayed => {
                "<path d=\"M-2 6L2 10M0 0L8 8M6 -2L10 2\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
            }
            Self::Stopped => {
                "<path d=\"M-2 2L2 -2M0 8L8 0M6 10L10 6M-2 6L2 10M0 0L8 8M6 -2L10 2\" stroke=\"#fff\" stroke-width=\"1.2\"/>"
            }
            Self::OutOfDate => "<path d=\"M4 0V8\" stroke=\"#fff\" stroke-width=\"2\"/>",
        }
    }

    /// The pattern of this status in a chart with the id `id`: fill and marks.
    fn pattern(self, id: &str) -> String {
        format!(
            "<pattern id=\"{id}-{}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"{}\"/>{}</pattern>",
            self.wire(),
            self.fill(),
            self.marks()
        )
    }
}

/// How many measures of one area are shown with each status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaCounts {
    /// The area's name.
    pub area: String,
    /// The counts in the order of [`ShownStatus::ALL`].
    pub counts: [u32; 6],
}

impl AreaCounts {
    /// An area without measures yet.
    pub fn new(area: impl Into<String>) -> Self {
        Self {
            area: area.into(),
            counts: [0; 6],
        }
    }

    /// Counts one more measure with `status`.
    pub fn add(&mut self, status: ShownStatus) {
        self.counts[status.index()] += 1;
    }

    /// The number of measures shown with `status`.
    pub fn count(&self, status: ShownStatus) -> u32 {
        self.counts[status.index()]
    }

    /// The number of measures of the area.
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

/// Measure status per area as stacked bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusBars {
    /// Unique on the page: the ids of the chart's title, description and patterns start with it.
    pub id: String,
    /// What the chart shows ("Stand der Maßnahmen nach Handlungsfeld").
    pub title: String,
    /// One bar each, top to bottom.
    pub areas: Vec<AreaCounts>,
    /// Key message, source and date.
    pub caption: Caption,
}

/// A count written on a white label, so it reads the same on every fill and pattern.
fn count_label(cx: f64, top: f64, text: &str, font: f64) -> String {
    let (w, h) = (text_width(text, font) + font * 0.6, font * 1.2);
    format!(
        "<rect x=\"{}\" y=\"{top}\" width=\"{w}\" height=\"{h}\" rx=\"4\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"1\"/><text x=\"{cx}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"middle\">{text}</text>",
        cx - w / 2.0,
        top + h / 2.0
    )
}

impl StatusBars {
    /// The text alternative: the key message and the count of each status over all areas.
    fn description(&self, labels: &ChartLabels) -> String {
        let parts: Vec<String> = ShownStatus::ALL
            .iter()
            .zip(&labels.statuses)
            .map(|(s, label)| (label, self.areas.iter().map(|a| a.count(*s)).sum::<u32>()))
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| format!("{label}: {n}"))
            .collect();
        let total: u32 = self.areas.iter().map(AreaCounts::total).sum();
        let counts = if parts.is_empty() {
            String::new()
        } else {
            format!(" {}.", parts.join(", "))
        };
        format!(
            "{}{counts} {}: {total}.",
            self.caption.message, labels.total
        )
    }

    /// The chart as SVG that scales to its container's width. Bars share one scale, so their
    /// lengths compare; the total stands at the end of each bar.
    pub fn svg(&self, labels: &ChartLabels) -> String {
        let id = super::dom_id(&self.id);
        let font = font_size(WIDTH);
        let most = self
            .areas
            .iter()
            .map(AreaCounts::total)
            .max()
            .unwrap_or(0)
            .max(1);
        let reserve = text_width(&most.to_string(), font) + font * 0.6;
        let (bar_width, bar_height) = (WIDTH - reserve - 2.0, font * 1.6);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "small, positive"
        )]
        let per_line = (WIDTH / (font * 0.6)).floor() as usize;
        let mut out = String::from("<defs>");
        for s in ShownStatus::ALL {
            out.push_str(&s.pattern(&id));
        }
        out.push_str("</defs>");
        let mut y = 0.0;
        for (row, area) in self.areas.iter().enumerate() {
            for line in wrap(&area.area, per_line) {
                y += font * 1.2;
                let _ = write!(
                    out,
                    "<text x=\"0\" y=\"{y}\" font-weight=\"700\">{}</text>",
                    escape(&line)
                );
            }
            y += font * 0.4;
            let (top, mut x) = (y, 1.0);
            let mut below: Vec<(f64, String)> = Vec::new();
            for (s, label) in ShownStatus::ALL.iter().zip(&labels.statuses) {
                let n = area.count(*s);
                if n == 0 {
                    continue;
                }
                let w = f64::from(n) / f64::from(most) * bar_width;
                let _ = write!(
                    out,
                    "<rect x=\"{x}\" y=\"{top}\" width=\"{w}\" height=\"{bar_height}\" fill=\"url(#{id}-{wire})\" stroke=\"{fill}\" stroke-width=\"1.5\" data-row=\"{row}\" data-status=\"{wire}\" data-value=\"{n}\"><title>{}: {} {n}</title></rect>",
                    escape(&area.area),
                    escape(label),
                    wire = s.wire(),
                    fill = s.fill(),
                );
                let text = n.to_string();
                if w >= text_width(&text, font) + font * 0.6 + 4.0 {
                    out.push_str(&count_label(x + w / 2.0, top + font * 0.2, &text, font));
                } else {
                    below.push((x + w / 2.0, text));
                }
                x += w;
            }
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" dy=\"0.35em\" font-weight=\"700\" data-row=\"{row}\" data-status=\"total\" data-value=\"{total}\">{total}</text>",
                x + font * 0.3,
                top + bar_height / 2.0,
                total = area.total(),
            );
            y = top + bar_height;
            // Counts too wide for their segment stand below it, joined to it by a short line,
            // pushed right just far enough not to cover each other.
            let mut free = f64::NEG_INFINITY;
            for (cx, text) in &below {
                let w = text_width(text, font) + font * 0.6;
                let left = (cx - w / 2.0).max(free + 4.0).max(0.0);
                let _ = write!(
                    out,
                    "<line x1=\"{cx}\" x2=\"{}\" y1=\"{y}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"1\"/>",
                    left + w / 2.0,
                    y + font * 0.5
                );
                out.push_str(&count_label(left + w / 2.0, y + font * 0.5, text, font));
                free = left + w;
            }
            if !below.is_empty() {
                y += font * 1.8;
            }
            y += font * 0.8;
        }
        let swatch = |s: ShownStatus| {
            format!(
                "<rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" fill=\"url(#{id}-{})\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                font * 1.6 - 2.0,
                font - 2.0,
                s.wire(),
                s.fill()
            )
        };
        let items: Vec<LegendItem> = ShownStatus::ALL
            .iter()
            .zip(&labels.statuses)
            .map(|(s, label)| LegendItem {
                swatch: swatch(*s),
                label: label.clone(),
            })
            .collect();
        let (legend_svg, legend_height) = legend(&items, y + font * 0.4, WIDTH, font);
        out.push_str(&legend_svg);
        let size = (WIDTH, (y + font * 0.4 + legend_height).ceil());
        let open = svg_open(
            &id,
            "bars",
            size,
            font,
            &self.title,
            &self.description(labels),
        );
        format!("{open}{out}</svg>")
    }

    /// The same counts as a table: one row per area, one column per status, and the total.
    pub fn table(&self, labels: &ChartLabels) -> Table {
        let mut head = vec![labels.area.clone()];
        head.extend(labels.statuses.iter().cloned());
        head.push(labels.total.clone());
        let rows = self
            .areas
            .iter()
            .map(|a| {
                let mut row = vec![a.area.clone()];
                row.extend(a.counts.iter().map(u32::to_string));
                row.push(a.total().to_string());
                row
            })
            .collect();
        Table {
            caption: self.title.clone(),
            head,
            rows,
            sorting: None,
        }
    }

    /// The chart in a `<figure>` with its caption.
    pub fn figure(&self, labels: &ChartLabels) -> String {
        figure(&self.svg(labels), &self.caption, labels)
    }
}

#[cfg(test)]
mod tests;
