//! Umsetzung (issue 15): the overview of the strategy's implementation, each indicator with its
//! chart, table and CSV, the regional view, a department's share and the Fortschrittsbericht.
//! Choices are path segments, so the page cache serves every page to anonymous readers.

pub mod department;
pub mod indicator;
pub mod overview;
pub mod regions;
pub mod report;
pub mod reporting;

use crate::Lang;
use crate::charts::ChartLabels;
use crate::layout::Layout;
use fahrplan_domain::MeasureStatus;
use fahrplan_domain::monitoring::{Basis, Progress, Trajectory};

/// The marker "Beispieldaten – keine amtlichen Zahlen" stands on every page, table and CSV
/// of an example indicator; it is a fixed German phrase, the same in both languages.
pub const EXAMPLE_MARK: &str = "Beispieldaten – keine amtlichen Zahlen";

/// The chart words of the page's language.
pub fn chart_labels(lang: Lang) -> ChartLabels {
    match lang {
        Lang::De => ChartLabels::german(),
        Lang::En => ChartLabels::english(),
    }
}

/// A value with its unit as the reader writes it: "88,1 %", "1.234 Schulen".
pub fn figure(labels: &ChartLabels, value: f64, unit: &str) -> String {
    let n = labels.number(value);
    if unit.is_empty() {
        n
    } else {
        format!("{n}\u{a0}{unit}")
    }
}

/// A share of the way as a whole percentage: "72 %".
pub fn percent(labels: &ChartLabels, share: f64) -> String {
    format!("{}\u{a0}%", labels.number((share * 100.0).round()))
}

/// An indicator's trajectory as the overview and the report list it.
#[derive(Debug, Clone)]
pub struct TrajectoryCell {
    /// Wire value, for the class that draws its symbol.
    pub wire: &'static str,
    /// The words ("im Plan").
    pub label: String,
}

/// The trajectory in words, with its wire value.
pub fn trajectory_cell(l: &Layout, t: Trajectory) -> TrajectoryCell {
    TrajectoryCell {
        wire: t.as_str(),
        label: l.label(t),
    }
}

/// The sentence that says why the trajectory is what it is, with the numbers it rests on.
pub fn basis_sentence(l: &Layout, p: &Progress) -> String {
    let labels = chart_labels(l.lang);
    match p.basis {
        Basis::NoTarget => l.t("basis-no-target"),
        Basis::NoObservation => l.t("basis-no-observation"),
        Basis::Inconsistent => l.t("basis-inconsistent"),
        Basis::Reached => l.t("basis-reached"),
        Basis::Missed => l.t("basis-missed"),
        Basis::NotHeld => l.t("basis-not-held"),
        Basis::Compared => {
            let latest = p
                .latest
                .map(|pt| (labels.period)(&pt.period))
                .unwrap_or_default();
            let msg = l.t2(
                "basis-compared",
                "expected",
                percent(&labels, p.expected.unwrap_or(0.0)),
                "share",
                percent(&labels, p.share.unwrap_or(0.0)),
            );
            format!("{msg} ({latest})")
        }
    }
}

/// The label of a status wire value shown on pages ("Stand nicht aktuell" included).
pub fn shown_status_label(l: &Layout, wire: &str) -> String {
    match wire.parse::<MeasureStatus>() {
        Ok(s) => l.status(&s),
        Err(_) => l.t("status-out_of_date"),
    }
}
