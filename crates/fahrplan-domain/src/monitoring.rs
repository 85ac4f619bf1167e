//! Monitoring: indicators measure a goal, observations are their dated values, and the progress
//! toward a target is derived from them, never stored (docs/DOMAIN.md, "Progress and trajectory").

mod content;
pub mod import;
pub mod period;

pub use content::*;
pub use period::{Period, PeriodError};

use crate::enums::{UnknownWireValue, wire_enum};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// Which way an indicator should move (CONTRACTS.md).
    Direction {
        /// More is better (coverage, services online).
        HigherIsBetter = "higher_is_better";
        /// Less is better (dead spots, processing days).
        LowerIsBetter = "lower_is_better";
    }
}

wire_enum! {
    /// Whether an indicator is on its way to the target (CONTRACTS.md), worst last but one.
    Trajectory {
        /// The target is reached, or the latest value is no more than `ON_TRACK_GAP` of the way
        /// behind the straight line from baseline to target.
        OnTrack = "on_track";
        /// Behind the straight line by more than `ON_TRACK_GAP` and at most `AT_RISK_GAP`.
        AtRisk = "at_risk";
        /// Further behind, moving away from the target, or the target date has passed without
        /// the target reached.
        OffTrack = "off_track";
        /// Nothing to judge: no target, no value since the baseline, or inconsistent figures.
        NoData = "no_data";
    }
}

wire_enum! {
    /// How an observation reached the database (CONTRACTS.md).
    ObservationOrigin {
        /// With the content files (`indicators/<slug>.toml`).
        Content = "content";
        /// Typed into the form of an indicator page.
        Form = "form";
        /// From a CSV file (`fahrplan import observations`).
        Csv = "csv";
        /// Through the API.
        Api = "api";
    }
}

/// Share of the way from baseline to target that the latest value may lag behind the straight
/// line and still count as on track.
pub const ON_TRACK_GAP: f64 = 0.05;
/// Share of the way it may lag behind and count as at risk rather than off track.
pub const AT_RISK_GAP: f64 = 0.20;

/// A value at a period: a baseline, a target or an observation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The period the value is for (it stands for its last day).
    pub period: Period,
    /// The value, in the indicator's unit.
    pub value: f64,
}

/// Why the trajectory is what it is: each case has its own sentence on the indicator page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// No target is set.
    NoTarget,
    /// No observation after the baseline's period (up to the day asked about).
    NoObservation,
    /// The target's period does not lie after the baseline's, or the target points the other
    /// way than the indicator's direction.
    Inconsistent,
    /// The latest value reaches the target (or, with baseline equal to target, holds it).
    Reached,
    /// The target's period has passed and the latest value does not reach it.
    Missed,
    /// Baseline and target are equal and the latest value is worse than both.
    NotHeld,
    /// The latest value compared with the straight line from baseline to target.
    Compared,
}

/// The progress of an indicator on a day: derived from its baseline, target and observations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// On track, at risk, off track or no data.
    pub trajectory: Trajectory,
    /// Why.
    pub basis: Basis,
    /// The latest observation up to that day, if any.
    pub latest: Option<Point>,
    /// Share of the way from baseline to target the latest value has covered (0 at the
    /// baseline, 1 at the target, below 0 when it moved away); `None` without a target, a
    /// latest value, or a way to cover (baseline equal to target).
    pub share: Option<f64>,
    /// Share of the way the straight line expects by the latest value's period (0 to 1).
    pub expected: Option<f64>,
}

/// Whether `value` is at least as good as `than` in `direction`.
fn at_least_as_good(direction: Direction, value: f64, than: f64) -> bool {
    match direction {
        Direction::HigherIsBetter => value >= than,
        Direction::LowerIsBetter => value <= than,
    }
}

/// The latest observation whose period has ended by `as_of` (a later duplicate period wins).
pub fn latest_by(observations: &[Point], as_of: (i32, u8, u8)) -> Option<Point> {
    observations
        .iter()
        .filter(|o| o.period.last_day() <= as_of)
        .fold(None, |best: Option<Point>, o| match best {
            Some(b) if b.period.day_number() > o.period.day_number() => Some(b),
            _ => Some(*o),
        })
}

/// The progress of an indicator as of `as_of` (the report's day, or today): observations of
/// later periods are ignored. See docs/DOMAIN.md for the formula and the edge cases.
pub fn progress(
    direction: Direction,
    baseline: Point,
    target: Option<Point>,
    observations: &[Point],
    as_of: (i32, u8, u8),
) -> Progress {
    let latest = latest_by(observations, as_of);
    let none = |basis| Progress {
        trajectory: Trajectory::NoData,
        basis,
        latest,
        share: None,
        expected: None,
    };
    let Some(target) = target else {
        return none(Basis::NoTarget);
    };
    let (b_day, t_day) = (baseline.period.day_number(), target.period.day_number());
    let way = target.value - baseline.value;
    let points_back = match direction {
        Direction::HigherIsBetter => way < 0.0,
        Direction::LowerIsBetter => way > 0.0,
    };
    if t_day <= b_day || points_back || !way.is_finite() {
        return none(Basis::Inconsistent);
    }
    let Some(latest) = latest.filter(|l| l.period.day_number() > b_day) else {
        return none(Basis::NoObservation);
    };
    let l_day = latest.period.day_number();
    #[allow(clippy::cast_precision_loss, reason = "day numbers are far below 2^52")]
    let expected = ((l_day - b_day) as f64 / (t_day - b_day) as f64).clamp(0.0, 1.0);
    let reached = at_least_as_good(direction, latest.value, target.value);
    let deadline_passed = as_of > target.period.last_day();
    let judged = |trajectory, basis, share| Progress {
        trajectory,
        basis,
        latest: Some(latest),
        share,
        expected: Some(expected),
    };
    if way == 0.0 {
        // Baseline equal to target: the aim is to hold the level.
        return if reached {
            judged(Trajectory::OnTrack, Basis::Reached, None)
        } else {
            judged(Trajectory::OffTrack, Basis::NotHeld, None)
        };
    }
    let share = (latest.value - baseline.value) / way;
    if reached {
        return judged(Trajectory::OnTrack, Basis::Reached, Some(share));
    }
    if deadline_passed || l_day >= t_day {
        return judged(Trajectory::OffTrack, Basis::Missed, Some(share));
    }
    let gap = expected - share;
    let trajectory = if gap <= ON_TRACK_GAP {
        Trajectory::OnTrack
    } else if gap <= AT_RISK_GAP {
        Trajectory::AtRisk
    } else {
        Trajectory::OffTrack
    };
    judged(trajectory, Basis::Compared, Some(share))
}

/// The value the straight line from baseline to target gives for the end of `period` (for the
/// chart's trajectory line): the baseline before it, the target after it.
pub fn straight_line(baseline: Point, target: Point, period: Period) -> f64 {
    let (b, t, p) = (
        baseline.period.day_number(),
        target.period.day_number(),
        period.day_number(),
    );
    if t <= b {
        return target.value;
    }
    #[allow(clippy::cast_precision_loss, reason = "day numbers are far below 2^52")]
    let f = ((p - b) as f64 / (t - b) as f64).clamp(0.0, 1.0);
    baseline.value + f * (target.value - baseline.value)
}

#[cfg(test)]
mod tests;
