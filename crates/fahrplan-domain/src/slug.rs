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

#[cfg(test)]
mod tests {
    use super::*;

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
