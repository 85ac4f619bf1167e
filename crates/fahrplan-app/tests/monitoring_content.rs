//! The shipped monitoring content (`content/hessen/indicators`, `content/hessen/regions.toml`)
//! loads with the default content and keeps the rules of `monitoring::check`: areas, goals,
//! departments and regions it names exist, targets lie after baselines and on the right side.

#![allow(clippy::unwrap_used, reason = "tests")]

use fahrplan_app::content::{default_content, parse_content};
use fahrplan_domain::monitoring::{Indicator, RegionLevel, check};

#[test]
fn the_shipped_indicators_cover_every_2021_area_with_twelve_or_more_from_public_sources() {
    let set = parse_content(&default_content()).unwrap();
    let problems = check(&set.indicators, &set.regions, &set);
    assert!(problems.is_empty(), "{problems:#?}");
    let real: Vec<&Indicator> = set.indicators.iter().filter(|i| !i.example).collect();
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
    assert!(
        set.indicators
            .iter()
            .filter(|i| i.example)
            .all(|i| i.name.starts_with("Beispieldaten"))
    );
}

#[test]
fn the_shipped_regions_are_the_land_three_regierungsbezirke_and_twenty_six_kreise_with_tiles() {
    let set = parse_content(&default_content()).unwrap();
    let count = |l: RegionLevel| set.regions.iter().filter(|r| r.level == l).count();
    assert_eq!(count(RegionLevel::Land), 1);
    assert_eq!(count(RegionLevel::Regierungsbezirk), 3);
    assert_eq!(count(RegionLevel::Kreis), 26);
    assert_eq!(set.regions.iter().filter(|r| r.grid.is_some()).count(), 26);
}
