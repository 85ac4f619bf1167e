use super::*;

fn p(period: &str, value: f64) -> Point {
    Point {
        period: Period::parse(period).unwrap(),
        value,
    }
}

const UP: Direction = Direction::HigherIsBetter;
const DOWN: Direction = Direction::LowerIsBetter;
/// A day after the end of 2026, so that figures for 2026 count.
const DAY: (i32, u8, u8) = (2027, 1, 15);

/// Gigabit households: 70 % at the end of 2022, 100 % by the end of 2030.
fn gigabit(observations: &[Point], as_of: (i32, u8, u8)) -> Progress {
    progress(
        UP,
        p("2022", 70.0),
        Some(p("2030", 100.0)),
        observations,
        as_of,
    )
}

#[test]
fn a_value_on_the_straight_line_is_on_track() {
    // Half-way in time (end of 2026 is 4 of 8 years) and half the way covered.
    let r = gigabit(&[p("2026", 85.0)], DAY);
    assert_eq!(r.trajectory, Trajectory::OnTrack);
    assert_eq!(r.basis, Basis::Compared);
    assert!((r.share.unwrap() - 0.5).abs() < 1e-9);
    assert!((r.expected.unwrap() - 0.5).abs() < 0.001);
}

#[test]
fn the_gap_to_the_straight_line_decides_between_on_track_at_risk_and_off_track() {
    // Expected: half the way (15 points). 4 % of the way behind is on track, 10 % at risk,
    // 30 % off track.
    let at = |v: f64| gigabit(&[p("2026", v)], DAY).trajectory;
    assert_eq!(at(85.0 - 0.04 * 30.0), Trajectory::OnTrack);
    assert_eq!(at(85.0 - 0.10 * 30.0), Trajectory::AtRisk);
    assert_eq!(at(85.0 - 0.30 * 30.0), Trajectory::OffTrack);
}

#[test]
fn no_observation_since_the_baseline_is_no_data() {
    let r = gigabit(&[], DAY);
    assert_eq!(
        (r.trajectory, r.basis),
        (Trajectory::NoData, Basis::NoObservation)
    );
    // A value for the baseline's own period shows no progress yet.
    let r = gigabit(&[p("2022", 70.0)], DAY);
    assert_eq!(r.basis, Basis::NoObservation);
    assert_eq!(r.latest, Some(p("2022", 70.0)));
}

#[test]
fn without_a_target_there_is_nothing_to_judge() {
    let r = progress(UP, p("2022", 70.0), None, &[p("2024", 80.0)], DAY);
    assert_eq!(
        (r.trajectory, r.basis),
        (Trajectory::NoData, Basis::NoTarget)
    );
    assert_eq!(r.latest, Some(p("2024", 80.0)));
}

#[test]
fn a_target_reached_early_is_on_track() {
    let r = gigabit(&[p("2024", 100.0)], DAY);
    assert_eq!(
        (r.trajectory, r.basis),
        (Trajectory::OnTrack, Basis::Reached)
    );
    assert!(r.share.unwrap() >= 1.0);
}

#[test]
fn lower_is_better_runs_the_same_way_down() {
    // Dead spots: 400 at the end of 2022, 0 by 2030; 200 at the end of 2026 is on the line.
    let down = |v: f64| {
        progress(
            DOWN,
            p("2022", 400.0),
            Some(p("2030", 0.0)),
            &[p("2026", v)],
            DAY,
        )
    };
    assert_eq!(down(200.0).trajectory, Trajectory::OnTrack);
    assert_eq!(down(300.0).trajectory, Trajectory::OffTrack);
    assert_eq!(down(0.0).basis, Basis::Reached);
    // Going up is moving away.
    assert!(down(450.0).share.unwrap() < 0.0);
    assert_eq!(down(450.0).trajectory, Trajectory::OffTrack);
}

#[test]
fn a_baseline_equal_to_the_target_means_holding_the_level() {
    let hold = |v: f64| {
        progress(
            UP,
            p("2022", 99.0),
            Some(p("2030", 99.0)),
            &[p("2025", v)],
            DAY,
        )
    };
    assert_eq!(
        (hold(99.5).trajectory, hold(99.5).basis),
        (Trajectory::OnTrack, Basis::Reached)
    );
    assert_eq!(
        (hold(98.0).trajectory, hold(98.0).basis),
        (Trajectory::OffTrack, Basis::NotHeld)
    );
    assert_eq!(hold(98.0).share, None);
}

#[test]
fn an_observation_after_the_target_date_that_misses_it_is_off_track() {
    let r = progress(
        UP,
        p("2019", 30.0),
        Some(p("2022", 100.0)),
        &[p("2023", 98.0)],
        DAY,
    );
    assert_eq!(
        (r.trajectory, r.basis),
        (Trajectory::OffTrack, Basis::Missed)
    );
    let r = progress(
        UP,
        p("2019", 30.0),
        Some(p("2022", 100.0)),
        &[p("2023", 100.0)],
        DAY,
    );
    assert_eq!(r.basis, Basis::Reached);
}

#[test]
fn a_passed_target_date_without_a_later_value_is_off_track() {
    // The last value (2021) was on the line, but the target was due at the end of 2022.
    let r = progress(
        UP,
        p("2019", 30.0),
        Some(p("2022", 100.0)),
        &[p("2021", 77.0)],
        DAY,
    );
    assert_eq!(
        (r.trajectory, r.basis),
        (Trajectory::OffTrack, Basis::Missed)
    );
    // Asked as of the end of 2021, it was on track.
    let r = progress(
        UP,
        p("2019", 30.0),
        Some(p("2022", 100.0)),
        &[p("2021", 77.0)],
        (2021, 12, 31),
    );
    assert_eq!(r.trajectory, Trajectory::OnTrack);
}

#[test]
fn later_observations_are_ignored_for_an_earlier_day() {
    let obs = [p("2023", 71.0), p("2025", 95.0)];
    let then = gigabit(&obs, (2024, 6, 30));
    assert_eq!(then.latest, Some(p("2023", 71.0)));
    // A year of eight gone, a thirtieth of the way covered: 9 % of the way behind.
    assert_eq!(then.trajectory, Trajectory::AtRisk);
    assert_eq!(gigabit(&obs, DAY).latest, Some(p("2025", 95.0)));
}

#[test]
fn a_target_that_points_the_wrong_way_or_lies_before_the_baseline_is_inconsistent() {
    let wrong_way = progress(
        UP,
        p("2022", 70.0),
        Some(p("2030", 50.0)),
        &[p("2024", 60.0)],
        DAY,
    );
    assert_eq!(
        (wrong_way.trajectory, wrong_way.basis),
        (Trajectory::NoData, Basis::Inconsistent)
    );
    let before = progress(
        UP,
        p("2022", 70.0),
        Some(p("2021", 100.0)),
        &[p("2024", 80.0)],
        DAY,
    );
    assert_eq!(before.basis, Basis::Inconsistent);
}

#[test]
fn the_latest_observation_is_the_one_of_the_latest_period_not_the_last_written() {
    let obs = [p("2025", 90.0), p("2023", 71.0)];
    assert_eq!(latest_by(&obs, DAY), Some(p("2025", 90.0)));
    // Two values for one period: the later one written is a correction and wins.
    let obs = [p("2025", 90.0), p("2025", 91.0)];
    assert_eq!(latest_by(&obs, DAY), Some(p("2025", 91.0)));
}

#[test]
fn the_straight_line_runs_from_baseline_to_target_and_stays_there() {
    let (b, t) = (p("2022", 70.0), p("2030", 100.0));
    let at = |s: &str| straight_line(b, t, Period::parse(s).unwrap());
    assert!((at("2026") - 85.0).abs() < 0.01);
    assert_eq!(at("2020"), 70.0);
    assert_eq!(at("2031"), 100.0);
}

#[test]
fn wire_values_match_the_contract() {
    let t: Vec<&str> = Trajectory::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(t, ["on_track", "at_risk", "off_track", "no_data"]);
    assert_eq!(Direction::parse("lower_is_better"), Some(DOWN));
}

/// A small deterministic generator (xorshift64*) for the property tests: no dependency, the
/// same cases on every run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A value between `lo` and `hi`, in steps of 0.25.
    fn value(&mut self, lo: f64, hi: f64) -> f64 {
        #[allow(clippy::cast_precision_loss, reason = "small numbers")]
        let steps = ((hi - lo) * 4.0) as u64 + 1;
        #[allow(clippy::cast_precision_loss, reason = "small numbers")]
        let v = lo + self.below(steps) as f64 / 4.0;
        v
    }

    fn period(&mut self, from: i32, years: u64) -> Period {
        let year = from + i32::try_from(self.below(years)).unwrap();
        let part = match self.below(4) {
            0 => period::Part::Year,
            1 => period::Part::Quarter(u8::try_from(1 + self.below(4)).unwrap()),
            2 => period::Part::Month(u8::try_from(1 + self.below(12)).unwrap()),
            _ => period::Part::Day(
                u8::try_from(1 + self.below(12)).unwrap(),
                u8::try_from(1 + self.below(28)).unwrap(),
            ),
        };
        Period { year, part }
    }
}

/// A random indicator: baseline, target (sometimes none or equal), observations and a day.
struct Case {
    baseline: Point,
    target: Option<Point>,
    observations: Vec<Point>,
    as_of: (i32, u8, u8),
}

fn case(g: &mut Gen) -> Case {
    let baseline = Point {
        period: g.period(2015, 6),
        value: g.value(0.0, 100.0),
    };
    let target = match g.below(10) {
        0 => None,
        1 => Some(Point {
            period: g.period(2026, 6),
            value: baseline.value,
        }),
        _ => Some(Point {
            period: g.period(2026, 6),
            value: g.value(baseline.value, 200.0),
        }),
    };
    let observations = (0..g.below(6))
        .map(|_| Point {
            period: g.period(2014, 20),
            value: g.value(0.0, 200.0),
        })
        .collect();
    let year = 2018 + i32::try_from(g.below(18)).unwrap();
    Case {
        baseline,
        target,
        observations,
        as_of: (year, 6, 30),
    }
}

fn run(c: &Case, direction: Direction) -> Progress {
    progress(direction, c.baseline, c.target, &c.observations, c.as_of)
}

/// How good a trajectory is, for comparisons: off track < at risk < on track.
fn rank(t: Trajectory) -> u8 {
    match t {
        Trajectory::OffTrack => 0,
        Trajectory::AtRisk => 1,
        Trajectory::OnTrack => 2,
        Trajectory::NoData => 3,
    }
}

const CASES: usize = 20_000;

#[test]
fn property_a_better_latest_value_never_makes_the_trajectory_worse() {
    let mut g = Gen(0x5EED_0001);
    for _ in 0..CASES {
        let mut c = case(&mut g);
        let before = run(&c, UP);
        let Some(latest) = before.latest else {
            continue;
        };
        for o in c
            .observations
            .iter_mut()
            .filter(|o| o.period == latest.period)
        {
            o.value += 1.0 + g.value(0.0, 20.0);
        }
        let after = run(&c, UP);
        if before.trajectory != Trajectory::NoData {
            assert!(
                rank(after.trajectory) >= rank(before.trajectory),
                "{before:?} → {after:?}"
            );
        }
    }
}

#[test]
fn property_lower_is_better_mirrors_higher_is_better() {
    let mut g = Gen(0x5EED_0002);
    let mirror = |p: Point| Point {
        value: -p.value,
        ..p
    };
    for _ in 0..CASES {
        let c = case(&mut g);
        let m = Case {
            baseline: mirror(c.baseline),
            target: c.target.map(mirror),
            observations: c.observations.iter().copied().map(mirror).collect(),
            as_of: c.as_of,
        };
        let (up, down) = (run(&c, UP), run(&m, DOWN));
        assert_eq!((up.trajectory, up.basis), (down.trajectory, down.basis));
        assert_eq!(up.share, down.share);
    }
}

#[test]
fn property_observations_after_the_day_change_nothing() {
    let mut g = Gen(0x5EED_0003);
    for _ in 0..CASES {
        let mut c = case(&mut g);
        let before = run(&c, UP);
        let later = Point {
            period: Period {
                year: c.as_of.0 + 1,
                part: period::Part::Year,
            },
            value: g.value(0.0, 300.0),
        };
        c.observations.push(later);
        assert_eq!(run(&c, UP), before);
    }
}

#[test]
fn property_reaching_the_target_is_always_on_track_and_judged_cases_have_a_latest_value() {
    let mut g = Gen(0x5EED_0004);
    for _ in 0..CASES {
        let c = case(&mut g);
        let r = run(&c, UP);
        if r.basis == Basis::Reached {
            assert_eq!(r.trajectory, Trajectory::OnTrack);
        }
        if r.trajectory != Trajectory::NoData {
            let latest = r.latest.expect("a judged case has a latest value");
            assert!(latest.period.day_number() > c.baseline.period.day_number());
            assert!(latest.period.last_day() <= c.as_of);
        }
        if let Some(e) = r.expected {
            assert!((0.0..=1.0).contains(&e));
        }
    }
}
