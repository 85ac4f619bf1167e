//! The regions of the tile map: Hessen's Kreise and kreisfreie Städte with their places in the
//! grid, the short labels the tiles carry and the order names sort in. Data and text only; the
//! drawing is in `tiles`.

use super::Tile;

/// Hessen's 21 Landkreise and 5 kreisfreie Städte: official key (Kreisschlüssel), name and
/// place in the grid as (row, column), north at the top.
pub const HESSEN: [(&str, &str, (u8, u8)); 26] = [
    ("06633", "Landkreis Kassel", (0, 2)),
    ("06611", "Kassel, Stadt", (0, 3)),
    ("06635", "Waldeck-Frankenberg", (1, 1)),
    ("06634", "Schwalm-Eder-Kreis", (1, 2)),
    ("06636", "Werra-Meißner-Kreis", (1, 3)),
    ("06532", "Lahn-Dill-Kreis", (2, 0)),
    ("06534", "Marburg-Biedenkopf", (2, 1)),
    ("06535", "Vogelsbergkreis", (2, 2)),
    ("06632", "Hersfeld-Rotenburg", (2, 3)),
    ("06533", "Limburg-Weilburg", (3, 0)),
    ("06531", "Gießen", (3, 1)),
    ("06440", "Wetteraukreis", (3, 2)),
    ("06631", "Fulda", (3, 3)),
    ("06439", "Rheingau-Taunus-Kreis", (4, 0)),
    ("06434", "Hochtaunuskreis", (4, 1)),
    ("06412", "Frankfurt am Main", (4, 2)),
    ("06435", "Main-Kinzig-Kreis", (4, 3)),
    ("06414", "Wiesbaden", (5, 0)),
    ("06436", "Main-Taunus-Kreis", (5, 1)),
    ("06413", "Offenbach am Main", (5, 2)),
    ("06438", "Landkreis Offenbach", (5, 3)),
    ("06433", "Groß-Gerau", (6, 1)),
    ("06411", "Darmstadt", (6, 2)),
    ("06432", "Darmstadt-Dieburg", (6, 3)),
    ("06431", "Bergstraße", (7, 2)),
    ("06437", "Odenwaldkreis", (7, 3)),
];

/// The tiles of [`HESSEN`] with the value `value_of` gives for each official key.
pub fn hessen_tiles(value_of: impl Fn(&str) -> Option<f64>) -> Vec<Tile> {
    HESSEN
        .iter()
        .map(|(key, name, grid)| Tile {
            key: (*key).to_owned(),
            name: (*name).to_owned(),
            grid: *grid,
            value: value_of(key),
        })
        .collect()
}

/// A name folded for sorting the way German readers expect (DIN 5007-1).
pub(super) fn sort_key(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .flat_map(|c| match c {
            'ä' => vec!['a'],
            'ö' => vec!['o'],
            'ü' => vec!['u'],
            'ß' => vec!['s', 's'],
            c => vec![c],
        })
        .collect()
}

/// A short label for a region: the initials of a name in several capitalised parts
/// ("Main-Kinzig-Kreis" → "MKK", "Frankfurt am Main" → "FM"), else its first three letters
/// ("Fulda" → "Ful"). The words "Landkreis", "Kreis" and "Stadt" on their own and anything after
/// a comma are left out.
pub fn abbreviation(name: &str) -> String {
    let head = name.split([',', '(']).next().unwrap_or(name);
    let parts: Vec<&str> = head
        .split_whitespace()
        .filter(|w| !matches!(*w, "Landkreis" | "Kreis" | "Stadt"))
        .flat_map(|w| w.split('-'))
        .filter(|w| w.starts_with(char::is_uppercase))
        .collect();
    match parts.as_slice() {
        [] => name.trim().chars().take(3).collect(),
        [one] => one.chars().take(3).collect(),
        many => many.iter().filter_map(|w| w.chars().next()).collect(),
    }
}

/// What sets a district apart from the city of the same name: "Lk" or "St".
fn marker(name: &str) -> Option<&'static str> {
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).collect();
    if words.iter().any(|w| matches!(*w, "Landkreis" | "Kreis")) {
        Some("Lk")
    } else if words.contains(&"Stadt") || (name.contains(',') && name.ends_with("stadt")) {
        Some("St")
    } else {
        None
    }
}

/// The short labels of all tiles, unique on the map: clashing ones get their "Lk" or "St",
/// and a number if that is not enough.
pub(super) fn short_labels(tiles: &[Tile]) -> Vec<String> {
    let clashes = |all: &[String], i: usize| all.iter().filter(|l| **l == all[i]).count() > 1;
    let plain: Vec<String> = tiles.iter().map(|t| abbreviation(&t.name)).collect();
    let marked: Vec<String> = tiles
        .iter()
        .enumerate()
        .map(|(i, t)| match marker(&t.name) {
            Some(m) if clashes(&plain, i) => format!("{} {m}", plain[i]),
            _ => plain[i].clone(),
        })
        .collect();
    let mut labels = marked.clone();
    for (i, label) in labels.iter_mut().enumerate() {
        if clashes(&marked, i) {
            let n = marked[..i].iter().filter(|l| **l == marked[i]).count() + 1;
            *label = format!("{label} {n}");
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn hessen_has_its_26_kreise_and_cities_each_at_a_place_of_its_own() {
        let keys: HashSet<_> = HESSEN.iter().map(|r| r.0).collect();
        let places: HashSet<_> = HESSEN.iter().map(|r| r.2).collect();
        assert_eq!((keys.len(), places.len()), (26, 26));
        assert!(
            HESSEN
                .iter()
                .all(|r| r.0.len() == 5 && r.0.starts_with("06"))
        );
        let cities = HESSEN.iter().filter(|r| r.0[3..].starts_with('1')).count();
        assert_eq!(
            cities, 5,
            "five kreisfreie Städte: keys 064 11–14 and 066 11"
        );
        let shorts: HashSet<_> = short_labels(&hessen_tiles(|_| None)).into_iter().collect();
        assert_eq!(shorts.len(), 26, "{shorts:?}");
    }

    #[test]
    fn short_labels_are_derived_from_the_names_and_unique_on_the_map() {
        assert_eq!(abbreviation("Main-Kinzig-Kreis"), "MKK");
        assert_eq!(abbreviation("Frankfurt am Main"), "FM");
        assert_eq!(abbreviation("Fulda"), "Ful");
        assert_eq!(abbreviation("Darmstadt, Wissenschaftsstadt"), "Dar");
        let labels = short_labels(&hessen_tiles(|_| None));
        assert!(labels.contains(&"Kas St".to_owned()) && labels.contains(&"Kas Lk".to_owned()));
        let twins = [("1", "Kassel"), ("2", "Kassel")].map(|(key, name)| Tile {
            key: key.into(),
            name: name.into(),
            grid: (0, 0),
            value: None,
        });
        assert_eq!(short_labels(&twins), ["Kas 1", "Kas 2"]);
    }

    #[test]
    fn names_sort_as_german_readers_expect() {
        let mut names = ["Groß-Gerau", "Gießen", "Offenbach am Main", "Odenwaldkreis"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            ["Gießen", "Groß-Gerau", "Odenwaldkreis", "Offenbach am Main"]
        );
    }
}
