use super::*;

#[test]
fn text_is_composed_to_nfc() {
    // "Größe" typed with combining diaeresis (o + U+0308) and the sharp s as it is.
    let decomposed = "Gro\u{308}\u{df}e";
    assert_eq!(clean(decomposed, Shape::Line).unwrap(), "Größe");
    assert_eq!(clean(decomposed, Shape::Lines).unwrap(), "Größe");
    // Compatibility characters stay: NFC, not NFKC (the ligature "ﬁ" is not "fi").
    assert_eq!(clean("\u{FB01}x", Shape::Line).unwrap(), "\u{FB01}x");
}

#[test]
fn whitespace_is_trimmed_at_both_ends_only() {
    assert_eq!(clean(" \u{3000}a  b\u{a0} ", Shape::Line).unwrap(), "a  b");
    assert_eq!(clean("\n\n a\n\nb \n", Shape::Lines).unwrap(), "a\n\nb");
}

#[test]
fn line_breaks_become_newlines_in_several_lines() {
    assert_eq!(clean("a\r\nb\rc\nd", Shape::Lines).unwrap(), "a\nb\nc\nd");
    assert_eq!(clean("a\r\n\r\nb", Shape::Lines).unwrap(), "a\n\nb");
}

#[test]
fn newline_and_tab_are_kept_in_several_lines() {
    assert_eq!(clean("a\tb\nc", Shape::Lines).unwrap(), "a\tb\nc");
}

#[test]
fn one_line_refuses_newline_tab_and_carriage_return() {
    for s in ["a\nb", "a\tb", "a\rb", "a\r\nb"] {
        assert_eq!(clean(s, Shape::Line), Err(TextError::Control), "{s:?}");
    }
}

#[test]
fn every_other_control_character_is_refused_in_both_shapes() {
    // NUL, backspace, escape (of an ANSI sequence), vertical tab, form feed, DEL and C1 controls.
    for s in [
        "a\u{0}b",
        "a\u{8}b",
        "\u{1b}[31mrot\u{1b}[0m",
        "a\u{b}b",
        "a\u{c}b",
        "a\u{7f}b",
        "a\u{80}b",
        "a\u{9b}31mb",
        "a\u{9f}b",
        "ab\u{0}",
    ] {
        assert_eq!(clean(s, Shape::Line), Err(TextError::Control), "{s:?}");
        assert_eq!(clean(s, Shape::Lines), Err(TextError::Control), "{s:?}");
    }
}

#[test]
fn a_control_character_is_reported_before_a_blank_text() {
    assert_eq!(clean("\u{0}", Shape::Lines), Err(TextError::Control));
    assert_eq!(clean("\u{200B}\u{7}", Shape::Line), Err(TextError::Control));
}

#[test]
fn a_text_without_visible_characters_is_blank() {
    for s in [
        "",
        "   ",
        "\u{200B}\u{200B}\u{200B}",
        "\u{200C}\u{200D}",
        "\u{2060}\u{FEFF}",
        "\u{202E}\u{2066}",
        "\u{AD}",
        "\u{301}\u{301}",
        "\u{3164}\u{3164}",
        "\u{2800}",
        " \u{200B} ",
    ] {
        assert_eq!(clean(s, Shape::Line), Err(TextError::Blank), "{s:?}");
        assert_eq!(clean(s, Shape::Lines), Err(TextError::Blank), "{s:?}");
    }
    assert_eq!(
        clean("\n\t\u{200B}\r\n", Shape::Lines),
        Err(TextError::Blank)
    );
}

#[test]
fn a_text_with_one_visible_character_is_kept_with_its_invisible_ones() {
    assert_eq!(
        clean("\u{200B}a\u{200B}", Shape::Line).unwrap(),
        "\u{200B}a\u{200B}"
    );
    // An emoji sequence keeps its zero-width joiner.
    assert_eq!(clean("👩\u{200D}💻", Shape::Line).unwrap(), "👩\u{200D}💻");
    assert_eq!(clean(".", Shape::Line).unwrap(), ".");
}

#[test]
fn whitespace_format_characters_and_marks_are_invisible() {
    for c in [
        ' ',
        '\t',
        '\n',
        '\u{a0}',
        '\u{1680}',
        '\u{2000}',
        '\u{200A}',
        '\u{2028}',
        '\u{2029}',
        '\u{202F}',
        '\u{205F}',
        '\u{3000}',
        '\u{85}', // White_Space
        '\u{0}',
        '\u{1b}',
        '\u{7f}',
        '\u{9f}', // Cc
        '\u{AD}',
        '\u{61C}',
        '\u{180E}',
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{200E}',
        '\u{200F}',
        '\u{202A}',
        '\u{202E}',
        '\u{2060}',
        '\u{2064}',
        '\u{2066}',
        '\u{2069}',
        '\u{206F}',
        '\u{FEFF}',
        '\u{E0001}',
        '\u{E0041}', // Cf
        '\u{300}',
        '\u{34F}',
        '\u{FE0F}',
        '\u{E0100}', // Mn
        '\u{903}',   // Mc
        '\u{20DD}',  // Me
        '\u{115F}',
        '\u{1160}',
        '\u{3164}',
        '\u{FFA0}',
        '\u{2800}', // fillers and blank
        '\u{2065}',
        '\u{FFF0}',
        '\u{FFF8}',
        '\u{E0000}',
        '\u{E0FFF}', // unassigned ignorables
    ] {
        assert!(is_invisible(c), "U+{:04X}", u32::from(c));
    }
}

#[test]
fn letters_digits_punctuation_symbols_and_their_neighbours_of_the_ranges_are_visible() {
    for c in [
        'a',
        'Z',
        'ß',
        'ü',
        '5',
        '.',
        '-',
        '€',
        '👩',
        'ا',
        'ㄱ',
        '가',
        '\u{E000}', // private use
        '\u{115E}',
        '\u{1161}',
        '\u{3163}',
        '\u{3165}',
        '\u{FF9F}',
        '\u{FFA1}',
        '\u{27FF}',
        '\u{2801}',
        '\u{FFEE}',
        '\u{FFFC}',
        '\u{FFFD}',
        '\u{FFEF}',
        '\u{DFFFF}',
        '\u{E1000}',
        '\u{F0000}',
    ] {
        assert!(!is_invisible(c), "U+{:04X}", u32::from(c));
    }
}

#[test]
fn has_visible_looks_at_every_character() {
    assert!(!has_visible(""));
    assert!(!has_visible("\u{200B} "));
    assert!(has_visible("\u{200B} x"));
    assert!(has_visible("x\u{200B}"));
}

#[test]
fn bidi_controls_are_the_embeddings_overrides_isolates_and_marks() {
    for c in [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{61C}',
    ] {
        assert!(is_bidi_control(c), "U+{:04X}", u32::from(c));
    }
    for c in [
        '\u{2029}', '\u{202F}', '\u{2065}', '\u{206A}', '\u{200D}', '\u{2010}', '\u{61B}',
        '\u{61D}', 'a', 'ا',
    ] {
        assert!(!is_bidi_control(c), "U+{:04X}", u32::from(c));
    }
}
