//! The axes of a chart over time: value gridlines with their labels from 0 (or a lower
//! negative value) to a rounded maximum, and the time axis by the day a period stands for.
//! Knows nothing of what is drawn between them.

use super::{ChartLabels, INK, escape, text_width, ticks};
use fahrplan_domain::monitoring::period::{Part, Period};
use std::fmt::Write as _;

/// Gridlines: 3.2:1 against white (WCAG 1.4.11), lighter than the marks.
const GRID: &str = "#8a9099";

/// Where the plot lies in the chart and the ranges its axes span.
pub(super) struct Frame {
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
    width: f64,
    height: f64,
    pad: f64,
    values: (f64, f64),
    days: (i64, i64),
}

impl Frame {
    /// The frame for `values` over `periods` in a chart of `size` (width, plot height), and
    /// the markup of its value gridlines. The plot starts 1.5 lines below the top, leaving
    /// room for the words over its highest marks.
    pub fn new(
        values: &[f64],
        periods: &[Period],
        size: (f64, f64),
        font: f64,
        labels: &ChartLabels,
    ) -> (Self, String) {
        let min = values.iter().copied().fold(0.0, f64::min);
        let max = values.iter().copied().fold(min, f64::max);
        let grid = ticks(min, max, 4);
        let range = (grid[0], grid[grid.len() - 1]);
        let grid: Vec<(f64, String)> = grid.into_iter().map(|v| (v, labels.number(v))).collect();
        let widest = grid
            .iter()
            .map(|g| text_width(&g.1, font))
            .fold(0.0, f64::max);
        let days = periods.iter().map(Period::day_number);
        let (d0, d1) = (days.clone().min().unwrap_or(0), days.max().unwrap_or(0));
        let frame = Frame {
            left: widest + font * 0.5,
            right: size.0 - font * 0.5,
            bottom: font * 1.5 + size.1,
            width: size.0,
            height: size.1,
            pad: font * 0.8,
            values: range,
            days: if d1 > d0 {
                (d0, d1)
            } else {
                (d0 - 183, d0 + 183)
            },
        };
        let mut out = String::new();
        for (v, label) in &grid {
            let (y, stroke) = (frame.y(*v), if *v == 0.0 { INK } else { GRID });
            let _ = write!(
                out,
                "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{y}\" dy=\"0.35em\" text-anchor=\"end\">{label}</text>",
                frame.left,
                frame.right,
                frame.left - font * 0.3
            );
        }
        (frame, out)
    }

    /// Where a day lies across the plot; the ends keep a margin so marks there stay whole.
    pub fn x(&self, day: i64) -> f64 {
        let (d0, d1) = self.days;
        #[allow(clippy::cast_precision_loss, reason = "day numbers are far below 2^52")]
        let share = (day - d0) as f64 / (d1 - d0) as f64;
        self.left + self.pad + share * (self.right - self.left - 2.0 * self.pad)
    }

    /// Where a value lies up the plot.
    pub fn y(&self, value: f64) -> f64 {
        let (lo, hi) = self.values;
        self.bottom - (value - lo) / (hi - lo) * self.height
    }

    /// The time axis: year ends, thinned to what fits (the last always kept), or the
    /// `periods` themselves when the axis spans fewer than two year ends.
    pub fn time_axis(&self, periods: &[Period], font: f64, labels: &ChartLabels) -> String {
        let (d0, d1) = self.days;
        // Roughly the year of a day: the range around it is wide enough to catch every year end.
        let year = |d: i64| 1970 + i32::try_from(d.div_euclid(365)).unwrap_or(0);
        let mut ticks: Vec<(i64, String)> = (year(d0) - 1..=year(d1) + 1)
            .map(|year| {
                let end = Period {
                    year,
                    part: Part::Year,
                };
                (end.day_number(), year.to_string())
            })
            .filter(|(d, _)| (d0..=d1).contains(d))
            .collect();
        if ticks.len() < 2 {
            ticks = periods
                .iter()
                .map(|p| (p.day_number(), (labels.period)(p)))
                .collect();
            ticks.sort_by_key(|t| t.0);
            ticks.dedup_by_key(|t| t.0);
        }
        let widest = ticks
            .iter()
            .map(|t| text_width(&t.1, font))
            .fold(0.0, f64::max);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "small, positive"
        )]
        let fit = (((self.right - self.left) / (widest + font)).floor() as usize).max(1);
        let (step, last) = (ticks.len().div_ceil(fit), ticks.len().saturating_sub(1));
        let mut out = String::new();
        for (i, (d, label)) in ticks.iter().enumerate() {
            if (last - i) % step != 0 {
                continue;
            }
            let (x, w) = (self.x(*d), text_width(label, font));
            let anchor = match (x - w / 2.0 < 0.0, x + w / 2.0 > self.width) {
                (true, _) => "start",
                (_, true) => "end",
                _ => "middle",
            };
            let _ = write!(
                out,
                "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"1\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                self.bottom,
                self.bottom + font * 0.4,
                self.bottom + font * 1.4,
                escape(label)
            );
        }
        out
    }
}
