//! Which addresses may become a link or be kept as one: the targets of links in Markdown (of
//! participants and of content files alike) and the page named in accessibility feedback. Only
//! web addresses and paths on this site pass; `javascript:`, `data:`, `vbscript:` and every
//! other scheme do not, whatever their case or the characters hidden in them.

/// Whether `s` is a path on this site: it starts with one `/` that neither a second `/` nor a
/// `\` follows (a browser reads `//host` and `/\host` as another host), and holds no control
/// character (a browser drops tabs and line breaks from an address, so `/⇥/host` is `//host`).
pub fn is_site_path(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !s.chars().any(char::is_control)
}

/// Whether `s` may be the target of a link: a web address (`http://` or `https://`, in any
/// case) without control characters, or a [path on this site](is_site_path).
pub fn is_safe_link(s: &str) -> bool {
    let web = (starts_with_ignoring_case(s, "https://") || starts_with_ignoring_case(s, "http://"))
        && !s.chars().any(char::is_control);
    web || is_site_path(s)
}

fn starts_with_ignoring_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_in_any_case_are_links() {
        for s in [
            "https://hessen.de",
            "http://hessen.de/a?b=c#d",
            "HTTPS://HESSEN.DE",
            "hTtP://x",
        ] {
            assert!(is_safe_link(s), "{s}");
        }
    }

    #[test]
    fn paths_on_this_site_are_links() {
        for s in ["/", "/strategie/2021", "/a\\b", "/suche?q=a b"] {
            assert!(is_site_path(s), "{s}");
            assert!(is_safe_link(s), "{s}");
        }
    }

    #[test]
    fn script_data_and_other_schemes_are_not_links_in_any_spelling() {
        for s in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:text/html,x",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "mailto:a@b.de",
            "ftp://host/",
            "https:/\\host",
            "http:\\\\host",
            "https",
            "http:",
            "",
            "strategie/2021",
            "#anker",
        ] {
            assert!(!is_safe_link(s), "{s:?}");
        }
    }

    #[test]
    fn another_host_in_disguise_is_not_a_site_path() {
        for s in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/a\u{7f}",
            "/a\u{85}",
            "",
            "a/b",
            " /a",
        ] {
            assert!(!is_site_path(s), "{s:?}");
            assert!(!is_safe_link(s), "{s:?}");
        }
    }

    #[test]
    fn a_web_address_with_a_control_character_is_not_a_link() {
        for s in [
            "https://a\u{0}b",
            "http://a\tb",
            "https://a\nb",
            "https://a\u{1b}b",
        ] {
            assert!(!is_safe_link(s), "{s:?}");
        }
    }

    #[test]
    fn a_prefix_check_never_slices_inside_a_character() {
        assert!(!is_safe_link("ä"));
        assert!(!is_safe_link("httpsä://x"));
        assert!(!starts_with_ignoring_case("ht", "http://"));
        assert!(starts_with_ignoring_case("HTTP://", "http://"));
    }
}
