//! The line chart of an indicator: its observed values over time, the baseline and the target as
//! their own shapes, the straight path between them as a dashed line and a reference (an EU
//! target, say) as a dotted one. It draws; judging progress is the domain's `progress`.

use super::axes::Frame;
use super::{
    Caption, ChartLabels, INK, LegendItem, Table, escape, figure, font_size, legend, machine,
    svg_open,
};
use fahrplan_domain::monitoring::Point;
use fahrplan_domain::monitoring::period::Period;
use std::fmt::Write as _;

/// Observations a line needs: with fewer, the chart shows points only and the page says so
/// (docs/DOMAIN.md, "Too few observations for a line").
pub const MIN_POINTS_FOR_LINE: usize = 3;

const WIDTH: f64 = 480.0;
const PLOT_HEIGHT: f64 = 220.0;
/// Colours of the marks, each at least 3:1 against white (WCAG 1.4.11).
const OBSERVED: &str = "#1b3f73";
const TARGET: &str = "#1d6b35";
const PATH: &str = "#4a4f57";
const REFERENCE: &str = "#8a4b00";
/// White around words drawn over lines keeps them legible.
const HALO: &str = "paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"4\"";

/// An indicator's values over time with its baseline, target and reference line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Unique on the page: the ids of the chart's title and description start with it.
    pub id: String,
    /// What the chart shows ("Haushalte mit Gigabit-Anschluss").
    pub title: String,
    /// The unit of the values ("%"), or empty.
    pub unit: String,
    /// The observed values (a value that is not finite is left out of chart and table alike).
    pub series: Vec<(Period, f64)>,
    /// The value the target is measured from.
    pub baseline: Point,
    /// The value to reach, if one is set.
    pub target: Option<Point>,
    /// A reference line with its label ("EU-Ziel"), drawn across the whole chart.
    pub reference: Option<(String, Point)>,
    /// Key message, source and date.
    pub caption: Caption,
}

/// What a mark stands for: it picks the shape in the chart and the words in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Baseline,
    Observed,
    Target,
    Reference,
}

/// One value the chart draws and the table lists.
struct Mark {
    kind: Kind,
    period: Period,
    value: f64,
}

/// The baseline's shape: a hollow square (the observations are filled circles).
fn square(cx: f64, cy: f64) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"3\"",
        cx - 7.0,
        cy - 7.0
    )
}

/// The target's shape: a diamond.
fn diamond(cx: f64, cy: f64) -> String {
    let (t, r, b, l) = (cy - 10.0, cx + 10.0, cy + 10.0, cx - 10.0);
    format!("<polygon points=\"{cx},{t} {r},{cy} {cx},{b} {l},{cy}\" fill=\"{TARGET}\"")
}

/// A horizontal line of a legend swatch.
fn swatch_line(w: f64, y: f64, colour: &str, width: u8, dash: &str) -> String {
    format!(
        "<line x1=\"0\" x2=\"{w}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-dasharray=\"{dash}\" stroke-linecap=\"round\"/>"
    )
}

impl LineChart {
    /// The observations with a finite value, oldest first.
    fn observations(&self) -> Vec<(Period, f64)> {
        let mut obs: Vec<_> = self
            .series
            .iter()
            .copied()
            .filter(|o| o.1.is_finite())
            .collect();
        obs.sort_by_key(|(p, _)| p.day_number());
        obs
    }

    /// Whether the observations are joined by a line ([`MIN_POINTS_FOR_LINE`] or more); without
    /// one the page says that there are too few for a trend.
    pub fn draws_line(&self) -> bool {
        self.observations().len() >= MIN_POINTS_FOR_LINE
    }

    /// Every value drawn, in time order: the one list both `svg` and `table` are made from.
    fn marks(&self) -> Vec<Mark> {
        let mark = |kind, p: Point| Mark {
            kind,
            period: p.period,
            value: p.value,
        };
        let mut marks = vec![mark(Kind::Baseline, self.baseline)];
        marks.extend(
            self.observations()
                .into_iter()
                .map(|(period, value)| mark(Kind::Observed, Point { period, value })),
        );
        marks.extend(self.target.map(|t| mark(Kind::Target, t)));
        marks.extend(self.reference.as_ref().map(|r| mark(Kind::Reference, r.1)));
        marks.retain(|m| m.value.is_finite());
        marks.sort_by_key(|m| m.period.day_number());
        marks
    }

    /// What a mark is called in the table, its tooltip and beside its shape.
    fn kind_label(&self, kind: Kind, labels: &ChartLabels) -> String {
        match (kind, &self.reference) {
            (Kind::Baseline, _) => labels.baseline.clone(),
            (Kind::Observed, _) => labels.observed.clone(),
            (Kind::Target, _) => labels.target.clone(),
            (Kind::Reference, Some((name, _))) => format!("{}: {name}", labels.reference),
            (Kind::Reference, None) => labels.reference.clone(),
        }
    }

    /// The text alternative: the key message and the latest value (WCAG 1.1.1).
    fn description(&self, labels: &ChartLabels) -> String {
        let latest = match self.observations().last() {
            Some((p, v)) => format!(
                " ({}): {}",
                (labels.period)(p),
                labels.with_unit(*v, &self.unit)
            ),
            None => format!(": {}", labels.no_data),
        };
        format!("{} {}{latest}.", self.caption.message, labels.latest)
    }

    /// The chart as SVG that scales to its container's width.
    pub fn svg(&self, labels: &ChartLabels) -> String {
        let font = font_size(WIDTH);
        let marks = self.marks();
        // The reference's period names its line but does not stretch the time axis.
        let timed: Vec<Period> = marks
            .iter()
            .filter(|m| m.kind != Kind::Reference)
            .map(|m| m.period)
            .collect();
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        let (f, mut out) = Frame::new(&values, &timed, (WIDTH, PLOT_HEIGHT), font, labels);
        out.push_str(&f.time_axis(&timed, font, labels));
        let at = |m: &Mark| (f.x(m.period.day_number()), f.y(m.value));
        let note = |m: &Mark| {
            format!(
                "data-kind=\"{:?}\" data-period=\"{}\" data-value=\"{}\"><title>{}, {}: {}</title>",
                m.kind,
                m.period,
                machine(m.value),
                escape(&self.kind_label(m.kind, labels)),
                escape(&(labels.period)(&m.period)),
                escape(&labels.with_unit(m.value, &self.unit)),
            )
        };
        let base = marks.iter().find(|m| m.kind == Kind::Baseline);
        let goal = marks.iter().find(|m| m.kind == Kind::Target);
        if let (Some(b), Some(t)) = (base, goal)
            && t.period.day_number() > b.period.day_number()
        {
            let ((x1, y1), (x2, y2)) = (at(b), at(t));
            let _ = write!(
                out,
                "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{PATH}\" stroke-width=\"2\" stroke-dasharray=\"10 6\"/>"
            );
        }
        for m in marks.iter().filter(|m| m.kind == Kind::Reference) {
            let (y, name) = (f.y(m.value), self.reference.as_ref().map(|r| r.0.as_str()));
            // Its words stand at the right end, above the line, or below it when the target,
            // also at the right, lies above (so the two labels do not meet).
            let under = goal.is_some_and(|t| t.value >= m.value);
            let _ = write!(
                out,
                "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{REFERENCE}\" stroke-width=\"3\" stroke-dasharray=\"1 6\" stroke-linecap=\"round\" {}</line><text x=\"{}\" y=\"{}\" text-anchor=\"end\" {HALO}>{}</text>",
                f.left,
                f.right,
                note(m),
                f.right,
                if under {
                    y + font * 1.1
                } else {
                    y - font * 0.4
                },
                escape(name.unwrap_or_default()),
            );
        }
        let observed: Vec<&Mark> = marks.iter().filter(|m| m.kind == Kind::Observed).collect();
        if self.draws_line() {
            let points: Vec<String> = observed
                .iter()
                .map(|m| format!("{},{}", at(m).0, at(m).1))
                .collect();
            let _ = write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{OBSERVED}\" stroke-width=\"3\" stroke-linejoin=\"round\"/>",
                points.join(" ")
            );
        }
        for m in &observed {
            let (cx, cy) = at(m);
            let _ = write!(
                out,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"6\" fill=\"{OBSERVED}\" stroke=\"#fff\" stroke-width=\"2\" {}</circle>",
                note(m)
            );
        }
        for m in [base, goal].into_iter().flatten() {
            let (cx, cy) = at(m);
            let (shape, tag) = match m.kind {
                Kind::Baseline => (square(cx, cy), "rect"),
                _ => (diamond(cx, cy), "polygon"),
            };
            // Words beside the shape name it, so it is not told by colour alone (WCAG 1.4.1):
            // above the baseline, before the target, opening towards the middle of the chart.
            let left_half = cx < (f.left + f.right) / 2.0;
            let (x, y, anchor) = match (m.kind, left_half) {
                (Kind::Baseline, true) => (cx - 7.0, cy - 14.0, "start"),
                (Kind::Baseline, false) => (cx + 7.0, cy - 14.0, "end"),
                (_, true) => (cx + 16.0, cy + font * 0.35, "start"),
                (_, false) => (cx - 16.0, cy + font * 0.35, "end"),
            };
            let _ = write!(
                out,
                "{shape} {}</{tag}><text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" font-weight=\"700\" {HALO}>{}</text>",
                note(m),
                escape(&self.kind_label(m.kind, labels)),
            );
        }
        let top = f.bottom + font * 2.4;
        let (legend_svg, legend_height) =
            legend(&self.legend_items(labels, font), top, WIDTH, font);
        out.push_str(&legend_svg);
        let (id, desc) = (super::dom_id(&self.id), self.description(labels));
        let size = (WIDTH, (top + legend_height).ceil());
        let open = svg_open(&id, "line", size, font, &self.title, &desc);
        format!("{open}{out}</svg>")
    }

    /// The legend: one entry for each kind of mark the chart draws, with its shape.
    fn legend_items(&self, labels: &ChartLabels, font: f64) -> Vec<LegendItem> {
        let (w, mid) = (font * 1.6, font / 2.0);
        let marks = self.marks();
        let has = |k: Kind| marks.iter().any(|m| m.kind == k);
        let observed_line = if self.draws_line() {
            swatch_line(w, mid, OBSERVED, 3, "none")
        } else {
            String::new()
        };
        let circle = format!(
            "<circle cx=\"{}\" cy=\"{mid}\" r=\"6\" fill=\"{OBSERVED}\"/>",
            w / 2.0
        );
        let item = |swatch: String, label: &str| LegendItem {
            swatch,
            label: label.to_owned(),
        };
        let mut items = vec![
            item(observed_line + &circle, &labels.observed),
            item(square(w / 2.0, mid) + "/>", &labels.baseline),
        ];
        if has(Kind::Target) {
            items.push(item(diamond(w / 2.0, mid) + "/>", &labels.target));
        }
        if self
            .target
            .is_some_and(|t| t.period.day_number() > self.baseline.period.day_number())
            && has(Kind::Target)
            && has(Kind::Baseline)
        {
            items.push(item(
                swatch_line(w, mid, PATH, 2, "10 6"),
                &labels.trajectory,
            ));
        }
        if let Some((name, p)) = self.reference.as_ref().filter(|_| has(Kind::Reference)) {
            let label = format!("{name} ({})", (labels.period)(&p.period));
            items.push(item(swatch_line(w, mid, REFERENCE, 3, "1 6"), &label));
        }
        items
    }

    /// The same values as a table: period, what the value is, value.
    pub fn table(&self, labels: &ChartLabels) -> Table {
        let row = |m: &Mark| {
            vec![
                (labels.period)(&m.period),
                self.kind_label(m.kind, labels),
                labels.number(m.value),
            ]
        };
        Table {
            caption: self.title.clone(),
            head: vec![
                labels.period_head.clone(),
                labels.kind.clone(),
                labels.value_head(&self.unit),
            ],
            rows: self.marks().iter().map(row).collect(),
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
