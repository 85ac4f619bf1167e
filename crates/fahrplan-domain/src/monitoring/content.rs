//! Indicators and regions as the content files give them (docs/CONTENT-FORMAT.md,
//! `indicators/<slug>.toml` and `regions.toml`), and the rules they must keep.

use super::{Direction, Period, Point};
use crate::content::ContentSet;
use crate::slug::is_valid_slug;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// An indicator: what is counted, how, from where to where, and what has been observed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Unique across the content.
    pub slug: String,
    /// What it measures, as a heading ("Haushalte mit Gigabit-Anschluss").
    pub name: String,
    /// "%" or a plural noun ("Schulen", "Leistungen").
    pub unit: String,
    /// Which way is better.
    pub direction: Direction,
    /// The area it belongs to, as `edition/slug`.
    pub area: String,
    /// Goals of that area it measures.
    #[serde(default)]
    pub goals: Vec<String>,
    /// The department that owns it (enters its figures).
    pub owner: String,
    /// One or two sentences: what it shows.
    #[serde(default)]
    pub summary: String,
    /// Invented figures that show how the pages look ("Beispieldaten – keine amtlichen Zahlen").
    #[serde(default)]
    pub example: bool,
    /// How it is counted: shown next to every figure.
    pub counting_rule: CountingRule,
    /// Where the strategy starts from.
    pub baseline: Figure,
    /// The strategy's own target, when a public source sets one.
    #[serde(default)]
    pub target: Option<Figure>,
    /// A target set elsewhere for the same thing (EU Digital Decade 2030), drawn as a line.
    #[serde(default)]
    pub reference: Option<Reference>,
    /// The observed values, oldest first.
    #[serde(default, rename = "observation")]
    pub observations: Vec<Observation>,
}

/// The Zählweise of an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountingRule {
    /// What exactly is counted.
    pub definition: String,
    /// Of what total (empty for plain counts).
    #[serde(default)]
    pub denominator: String,
    /// Who measures it.
    pub source: String,
}

/// A baseline or a target: a value for a period, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The value in the indicator's unit.
    pub value: f64,
    /// The period it is for.
    pub period: Period,
    /// Publisher and title (or kind) of the source.
    pub source: String,
    /// Public address of the source.
    #[serde(default)]
    pub source_url: Option<String>,
}

impl Figure {
    /// The value at its period.
    pub fn point(&self) -> Point {
        Point {
            period: self.period,
            value: self.value,
        }
    }
}

/// A target set by someone else for the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// What it is ("EU-Ziel Digitale Dekade 2030").
    pub label: String,
    /// The value.
    pub value: f64,
    /// By when.
    pub period: Period,
    /// Where it is set.
    pub source: String,
    /// Public address of the source.
    #[serde(default)]
    pub source_url: Option<String>,
}

/// One observed value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The period it is for.
    pub period: Period,
    /// The value.
    pub value: f64,
    /// Official key of the region (`06`, `064`, `06411`); none for the whole Land.
    #[serde(default)]
    pub region: Option<String>,
    /// Publisher and title (or kind) of the source.
    pub source: String,
    /// Public address of the source.
    #[serde(default)]
    pub source_url: Option<String>,
    /// A remark ("rund", a change of yardstick).
    #[serde(default)]
    pub note: Option<String>,
}

crate::enums::wire_enum! {
    /// The level of a region (DOMAIN.md, Region).
    RegionLevel {
        /// The Land (06).
        Land = "land";
        /// A Regierungsbezirk (064, 065, 066).
        Regierungsbezirk = "regierungsbezirk";
        /// A Landkreis or kreisfreie Stadt (five digits).
        Kreis = "kreis";
    }
}

crate::enums::wire_enum! {
    /// What kind of Kreis a region of level `kreis` is.
    KreisKind {
        /// A Landkreis.
        Landkreis = "landkreis";
        /// A kreisfreie Stadt.
        KreisfreieStadt = "kreisfreie_stadt";
    }
}

use crate::enums::UnknownWireValue;

/// A region with its official key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Official key: 2 digits for a Land, 3 for a Regierungsbezirk, 5 for a Kreis.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its level.
    pub level: RegionLevel,
    /// Landkreis or kreisfreie Stadt (level `kreis` only).
    #[serde(default)]
    pub kind: Option<KreisKind>,
    /// Key of the region it lies in (none for the Land).
    #[serde(default)]
    pub parent: Option<String>,
    /// Row and column of its tile in the tile map (level `kreis`), row 1 at the top.
    #[serde(default)]
    pub grid: Option<[u8; 2]>,
}

/// The file `regions.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    /// Every region.
    #[serde(default)]
    pub region: Vec<Region>,
}

/// A broken rule of indicators and regions, with the offending text (to find its line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitoringProblem {
    /// The indicator's slug, or `None` for `regions.toml`.
    pub indicator: Option<String>,
    /// What is wrong, in a sentence.
    pub reason: String,
    /// The offending value as written.
    pub needle: String,
}

/// Checks indicators and regions against each other and against the content set: unique and
/// valid slugs and keys, areas, goals and departments that exist, regions that fit their level
/// and parent, tiles that do not overlap, a target that lies after the baseline and on the side
/// the direction says, percentages between 0 and 100, observations in period order per region.
pub fn check(
    indicators: &[Indicator],
    regions: &[Region],
    set: &ContentSet,
) -> Vec<MonitoringProblem> {
    let mut out = Vec::new();
    check_regions(regions, &mut out);
    let keys: HashSet<&str> = regions.iter().map(|r| r.key.as_str()).collect();
    let mut slugs = HashSet::new();
    for i in indicators {
        let mut bad = |reason: String, needle: &str| {
            out.push(MonitoringProblem {
                indicator: Some(i.slug.clone()),
                reason,
                needle: needle.to_owned(),
            });
        };
        if !is_valid_slug(&i.slug) {
            bad(
                format!("invalid slug {:?}: use a-z, 0-9 and single hyphens", i.slug),
                &i.slug,
            );
        }
        if !slugs.insert(i.slug.as_str()) {
            bad(format!("duplicate indicator {:?}", i.slug), &i.slug);
        }
        for (what, text) in [
            ("name", &i.name),
            ("unit", &i.unit),
            ("counting_rule.definition", &i.counting_rule.definition),
            ("counting_rule.source", &i.counting_rule.source),
            ("baseline.source", &i.baseline.source),
        ] {
            if text.trim().is_empty() {
                bad(format!("empty {what}"), "");
            }
        }
        let area = set.editions.iter().find_map(|e| {
            e.areas
                .iter()
                .find(|a| format!("{}/{}", e.edition.slug, a.slug) == i.area)
        });
        match area {
            None => bad(format!("unknown area {:?}", i.area), &i.area),
            Some(a) => {
                for g in &i.goals {
                    if !a.goals.iter().any(|x| &x.slug == g) {
                        bad(
                            format!(
                                "unknown goal {g:?} (goals must belong to the indicator's area)"
                            ),
                            g,
                        );
                    }
                }
            }
        }
        if !set.departments.iter().any(|d| d.code == i.owner) {
            bad(format!("unknown department code {:?}", i.owner), &i.owner);
        }
        let percent = i.unit == "%";
        let mut values = vec![("baseline", i.baseline.value)];
        if let Some(t) = &i.target {
            values.push(("target", t.value));
            if t.period.day_number() <= i.baseline.period.day_number() {
                bad(
                    "the target's period must end after the baseline's".to_owned(),
                    &t.period.to_string(),
                );
            }
            let back = match i.direction {
                Direction::HigherIsBetter => t.value < i.baseline.value,
                Direction::LowerIsBetter => t.value > i.baseline.value,
            };
            if back {
                bad(
                    format!(
                        "the target lies on the wrong side of the baseline for {}",
                        i.direction
                    ),
                    &i.direction.to_string(),
                );
            }
        }
        let mut last: HashMap<Option<&str>, i64> = HashMap::new();
        for o in &i.observations {
            values.push(("observation", o.value));
            if let Some(k) = &o.region
                && !keys.contains(k.as_str())
            {
                bad(format!("unknown region {k:?}"), k);
            }
            if o.source.trim().is_empty() {
                bad(
                    "an observation without a source".to_owned(),
                    &o.period.to_string(),
                );
            }
            let day = o.period.day_number();
            let prev = last.insert(o.region.as_deref(), day);
            if prev.is_some_and(|p| p > day) {
                bad(
                    "observations must be in period order (oldest first)".to_owned(),
                    &o.period.to_string(),
                );
            }
        }
        for (what, v) in values {
            if !v.is_finite() || (percent && !(0.0..=100.0).contains(&v)) {
                bad(
                    format!("{what} value {v} is not a percentage between 0 and 100"),
                    &v.to_string(),
                );
            }
        }
    }
    out
}

fn check_regions(regions: &[Region], out: &mut Vec<MonitoringProblem>) {
    let mut bad = |reason: String, needle: &str| {
        out.push(MonitoringProblem {
            indicator: None,
            reason,
            needle: needle.to_owned(),
        });
    };
    let by_key: HashMap<&str, &Region> = regions.iter().map(|r| (r.key.as_str(), r)).collect();
    if by_key.len() != regions.len() {
        bad("duplicate region key".to_owned(), "");
    }
    let mut tiles = HashSet::new();
    for r in regions {
        let digits = match r.level {
            RegionLevel::Land => 2,
            RegionLevel::Regierungsbezirk => 3,
            RegionLevel::Kreis => 5,
        };
        if r.key.len() != digits || !r.key.bytes().all(|b| b.is_ascii_digit()) {
            bad(format!("a {} key has {digits} digits", r.level), &r.key);
        }
        let parent_level = match r.level {
            RegionLevel::Land => None,
            RegionLevel::Regierungsbezirk => Some(RegionLevel::Land),
            RegionLevel::Kreis => Some(RegionLevel::Regierungsbezirk),
        };
        match (&r.parent, parent_level) {
            (None, None) => {}
            (Some(p), Some(level)) => match by_key.get(p.as_str()) {
                Some(parent) if parent.level == level && r.key.starts_with(p.as_str()) => {}
                _ => bad(
                    format!("parent {p:?} is no {level} whose key begins {:?}", r.key),
                    p,
                ),
            },
            (Some(p), None) => bad("the Land has no parent".to_owned(), p),
            (None, Some(level)) => bad(format!("a {} needs a parent {level}", r.level), &r.key),
        }
        let kreis = r.level == RegionLevel::Kreis;
        if kreis != r.kind.is_some() {
            bad(
                "`kind` is given for regions of level kreis, and only for them".to_owned(),
                &r.key,
            );
        }
        if kreis != r.grid.is_some() {
            bad(
                "`grid` is given for regions of level kreis, and only for them".to_owned(),
                &r.key,
            );
        }
        if let Some(g) = r.grid
            && !tiles.insert(g)
        {
            bad(
                format!("two tiles at row {}, column {}", g[0], g[1]),
                &r.key,
            );
        }
    }
}

#[cfg(test)]
mod tests;
