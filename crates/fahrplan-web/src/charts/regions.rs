//! The regions of the tile map: the short labels the tiles carry and the order names sort in.
//! Where the tiles lie comes with the regions from the content (`regions.toml`); the drawing is
//! in `tiles`.

use super::Tile;

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
    use super::super::check::hessen_tiles;
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_tile_of_hessen_gets_a_label_of_its_own() {
        let tiles = hessen_tiles(|_| None);
        assert_eq!(tiles.len(), 26);
        let shorts: HashSet<_> = short_labels(&tiles).into_iter().collect();
        assert_eq!(shorts.len(), 26, "{shorts:?}");
    }

    #[test]
    fn short_labels_are_derived_from_the_names_and_unique_on_the_map() {
        assert_eq!(abbreviation("Main-Kinzig-Kreis"), "MKK");
        assert_eq!(abbreviation("Frankfurt am Main"), "FM");
        assert_eq!(abbreviation("Fulda"), "Ful");
        assert_eq!(abbreviation("Darmstadt, Wissenschaftsstadt"), "Dar");
        let pair =
            [("06611", "Kassel, Stadt"), ("06633", "Landkreis Kassel")].map(|(key, name)| Tile {
                key: key.into(),
                name: name.into(),
                grid: (0, 0),
                value: None,
            });
        assert_eq!(short_labels(&pair), ["Kas St", "Kas Lk"]);
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
