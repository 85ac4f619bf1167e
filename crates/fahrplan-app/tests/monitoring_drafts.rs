//! The monitoring drafts (`content/drafts/hessen-monitoring`) read as the domain types and keep
//! the rules of `monitoring::check` against the shipped content: areas, goals, departments and
//! regions they name exist, targets lie after baselines and on the right side, and so on.

#![allow(clippy::unwrap_used, reason = "tests")]

use fahrplan_app::content::{default_content, parse_content};
use fahrplan_domain::monitoring::{Indicator, RegionFile, check};
use std::path::Path;

#[test]
fn the_draft_indicators_and_regions_keep_every_rule_against_the_shipped_content() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/drafts/hessen-monitoring");
    let mut indicators: Vec<Indicator> = Vec::new();
    for e in std::fs::read_dir(dir.join("indicators")).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        indicators
            .push(toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    }
    let regions: RegionFile =
        toml::from_str(&std::fs::read_to_string(dir.join("regions.toml")).unwrap()).unwrap();
    let set = parse_content(&default_content()).unwrap();
    let problems = check(&indicators, &regions.region, &set);
    assert!(problems.is_empty(), "{problems:#?}");
    // At least one indicator per 2021 area, 12 or more from public sources.
    let real: Vec<&Indicator> = indicators.iter().filter(|i| !i.example).collect();
    assert!(real.len() >= 12, "{}", real.len());
    let edition = set
        .editions
        .iter()
        .find(|e| e.edition.slug == "2021")
        .unwrap();
    for area in &edition.areas {
        let key = format!("2021/{}", area.slug);
        assert!(real.iter().any(|i| i.area == key), "no indicator for {key}");
    }
    let kreise = regions.region.iter().filter(|r| r.grid.is_some()).count();
    assert_eq!(kreise, 26);
}
