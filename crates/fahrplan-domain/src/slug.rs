//! Slugs and codes: the stable, URL-safe names of content items.

/// Whether `s` is a valid slug: 1–80 characters of `a-z`, `0-9` and single inner hyphens.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A slug made from a title: lower case, umlauts and ß spelled out (`ä` → `ae`), every other
/// run of characters outside `a-z` and `0-9` one hyphen, at most 80 characters cut at a
/// hyphen. Empty when the title has no letter or digit it can keep.
pub fn slug_from_title(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let spelled = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            _ => "",
        };
        if !spelled.is_empty() {
            out.push_str(spelled);
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut s = out.trim_end_matches('-').to_owned();
    while s.len() > 80 {
        match s[..80].rfind('-') {
            Some(i) => s.truncate(i),
            None => s.truncate(80),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_becomes_a_valid_slug() {
        assert_eq!(
            slug_from_title("Glasfaser für Schulen – Ausbau 2030!"),
            "glasfaser-fuer-schulen-ausbau-2030"
        );
        assert_eq!(slug_from_title("Straße"), "strasse");
        assert_eq!(slug_from_title("–"), "");
        let long = slug_from_title(&"wort ".repeat(40));
        assert!(is_valid_slug(&long) && long.len() <= 80);
    }

    #[test]
    fn lowercase_ascii_with_hyphens_is_a_slug() {
        assert!(is_valid_slug("wirtschaft-und-arbeit-4-0"));
        assert!(is_valid_slug("2021"));
    }

    #[test]
    fn umlauts_spaces_and_edge_hyphens_are_not() {
        for s in ["", "Größe", "a b", "-a", "a-", "a--b", "A"] {
            assert!(!is_valid_slug(s), "{s}");
        }
    }

    #[test]
    fn a_slug_may_have_up_to_80_characters() {
        assert!(is_valid_slug(&"a".repeat(80)));
        assert!(!is_valid_slug(&"a".repeat(81)));
    }
}
