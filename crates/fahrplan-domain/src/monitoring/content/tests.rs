use super::*;
use crate::validate::tests::small;

const INDICATOR: &str = r#"
slug = "haushalte-gigabit"
name = "Haushalte mit Gigabit-Anschluss"
unit = "%"
direction = "higher_is_better"
area = "2021/netze"
goals = ["glasfaser"]
owner = "dig"
summary = "Wie viele Haushalte einen Anschluss mit einem Gigabit pro Sekunde haben."

[counting_rule]
definition = "Haushalte, an deren Adresse ein Gigabit pro Sekunde buchbar ist"
denominator = "alle Haushalte in Hessen"
source = "Breitbandatlas des Bundes"

[baseline]
value = 70.0
period = "2023-06"
source = "Fortschrittsbericht 2023"

[target]
value = 100.0
period = "2030"
source = "Gigabitstrategie"

[reference]
label = "EU-Ziel Digitale Dekade 2030"
value = 100.0
period = "2030"
source = "Beschluss (EU) 2022/2481"

[[observation]]
period = "2023-06"
value = 70.0
source = "Fortschrittsbericht 2023"

[[observation]]
period = "2024-Q4"
value = 75.5
region = "06"
source = "Breitbandatlas"
note = "rund"
"#;

const REGIONS: &str = r#"
[[region]]
key = "06"
name = "Hessen"
level = "land"

[[region]]
key = "064"
name = "Regierungsbezirk Darmstadt"
level = "regierungsbezirk"
parent = "06"

[[region]]
key = "06411"
name = "Darmstadt"
level = "kreis"
kind = "kreisfreie_stadt"
parent = "064"
grid = [6, 3]

[[region]]
key = "06432"
name = "Darmstadt-Dieburg"
level = "kreis"
kind = "landkreis"
parent = "064"
grid = [6, 4]
"#;

fn parsed() -> (Indicator, Vec<Region>) {
    let i: Indicator = toml::from_str(INDICATOR).unwrap();
    let r: RegionFile = toml::from_str(REGIONS).unwrap();
    (i, r.region)
}

fn reasons(i: &Indicator, regions: &[Region]) -> Vec<String> {
    check(std::slice::from_ref(i), regions, &small())
        .into_iter()
        .map(|p| p.reason)
        .collect()
}

#[test]
fn an_indicator_and_regions_read_from_their_files_have_no_problems() {
    let (i, regions) = parsed();
    assert_eq!(i.observations.len(), 2);
    assert_eq!(i.observations[1].period.to_string(), "2024-Q4");
    assert_eq!(i.target.as_ref().unwrap().point().value, 100.0);
    assert_eq!(regions[2].kind, Some(KreisKind::KreisfreieStadt));
    assert_eq!(reasons(&i, &regions), Vec::<String>::new());
}

#[test]
fn a_bad_period_or_an_unknown_field_is_refused_when_reading() {
    let bad = INDICATOR.replace("period = \"2024-Q4\"", "period = \"2024-Q5\"");
    assert!(toml::from_str::<Indicator>(&bad).is_err());
    let extra = INDICATOR.replace("summary =", "colour = \"rot\"\nsummary =");
    assert!(toml::from_str::<Indicator>(&extra).is_err());
}

#[test]
fn references_to_areas_goals_departments_and_regions_must_resolve() {
    let (mut i, regions) = parsed();
    i.area = "2021/fehlt".into();
    i.owner = "nobody".into();
    i.observations[1].region = Some("06999".into());
    let r = reasons(&i, &regions);
    assert!(r.iter().any(|x| x.contains("unknown area")), "{r:?}");
    assert!(r.iter().any(|x| x.contains("unknown department")), "{r:?}");
    assert!(r.iter().any(|x| x.contains("unknown region")), "{r:?}");
    let (mut i, _) = parsed();
    i.goals = vec!["fremd".into()];
    assert!(reasons(&i, &regions)[0].contains("unknown goal"));
}

#[test]
fn a_target_before_the_baseline_or_on_the_wrong_side_is_refused() {
    let (mut i, regions) = parsed();
    i.target.as_mut().unwrap().period = Period::parse("2022").unwrap();
    assert!(reasons(&i, &regions)[0].contains("after the baseline"));
    let (mut i, _) = parsed();
    i.direction = Direction::LowerIsBetter;
    assert!(reasons(&i, &regions)[0].contains("wrong side"));
}

#[test]
fn percentages_stay_between_0_and_100_and_observations_in_period_order() {
    let (mut i, regions) = parsed();
    i.observations[1].value = 101.0;
    assert!(reasons(&i, &regions)[0].contains("percentage"));
    let (mut i, _) = parsed();
    i.observations.swap(0, 1);
    // Different regions (none and "06") keep their own order; the same region must not go back.
    assert!(reasons(&i, &regions).is_empty());
    i.observations[0].region = None;
    assert!(reasons(&i, &regions)[0].contains("period order"));
}

#[test]
fn region_keys_parents_kinds_and_tiles_must_fit_their_level() {
    let (i, mut regions) = parsed();
    regions[3].grid = Some([6, 3]);
    regions[2].parent = Some("06".into());
    regions[1].key = "64".into();
    regions[0].kind = Some(KreisKind::Landkreis);
    let r = reasons(&i, &regions);
    for want in ["two tiles", "no regierungsbezirk", "has 3 digits", "`kind`"] {
        assert!(r.iter().any(|x| x.contains(want)), "{want}: {r:?}");
    }
}

#[test]
fn a_duplicate_or_invalid_slug_is_refused() {
    let (i, regions) = parsed();
    let mut j = i.clone();
    j.slug = "Haushalte Gigabit".into();
    let r: Vec<String> = check(&[i.clone(), i, j], &regions, &small())
        .into_iter()
        .map(|p| p.reason)
        .collect();
    assert!(r.iter().any(|x| x.contains("duplicate indicator")), "{r:?}");
    assert!(r.iter().any(|x| x.contains("invalid slug")), "{r:?}");
}
