use super::*;

fn stems(text: &str) -> Vec<(usize, String)> {
    let mut t = GermanTokenizer::default();
    let mut s = t.token_stream(text);
    let mut out = Vec::new();
    while let Some(tok) = s.next() {
        out.push((tok.position, tok.text.clone()));
    }
    out
}

#[test]
fn inflected_forms_share_a_stem() {
    let mut t = GermanTokenizer::default();
    for (a, b) in [
        ("Nebentätigkeit", "Nebentätigkeiten"),
        ("Schule", "Schulen"),
        ("Gesetz", "Gesetzes"),
        ("Kommune", "Kommunen"),
        ("Förderung", "Foerderungen"),
    ] {
        assert_eq!(t.analyse(a).stem, t.analyse(b).stem, "{a} / {b}");
    }
}

#[test]
fn compound_parts_share_the_position_of_the_compound() {
    let s = stems("Der Breitbandausbau kommt");
    let at1: Vec<&str> = s
        .iter()
        .filter(|(p, _)| *p == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(at1.len() >= 3, "{s:?}");
    assert!(at1.contains(&"~ausbau"), "parts are marked: {s:?}");
    assert!(s.iter().any(|(p, _)| *p == 2), "{s:?}");
}

#[test]
fn a_hyphen_chain_is_also_one_word_at_its_first_position() {
    let mut t = GermanTokenizer::default();
    let s = stems("Start-ups und IT-Sicherheit");
    let startups = t.analyse("Startups").stem;
    assert!(s.contains(&(0, startups)), "{s:?}");
    assert!(s.contains(&(0, t.analyse("Start").stem)), "{s:?}");
    assert!(s.contains(&(3, t.analyse("ITSicherheit").stem)), "{s:?}");
    assert!(
        !s.iter().any(|(p, t)| *p == 1 && t.starts_with("upsund")),
        "{s:?}"
    );
}

#[test]
fn the_part_mark_is_one_byte() {
    assert_eq!(PART_MARK.to_string().as_bytes(), [PART_MARK_BYTE]);
}

#[test]
fn agent_nouns_keep_their_stem_apart_from_related_words() {
    let mut t = GermanTokenizer::default();
    assert_eq!(t.analyse("Schülerinnen").stem, t.analyse("Schüler").stem);
    assert_ne!(t.analyse("Schüler").stem, t.analyse("Schule").stem);
    assert_ne!(t.analyse("Bürger").stem, t.analyse("Burg").stem);
    assert_eq!(t.analyse("Lehrern").stem, "lehrer");
    // Snowball cuts "Sicherheit" down to the pronoun "sich".
    assert_eq!(t.analyse("Sicherheiten").stem, "sicherheit");
}

#[test]
fn a_loanword_plural_in_s_shares_the_stem_of_its_singular() {
    let mut t = GermanTokenizer::default();
    for (plural, singular) in [
        ("Startups", "Startup"),
        ("Apps", "App"),
        ("Handys", "Handy"),
    ] {
        assert_eq!(t.analyse(plural).stem, t.analyse(singular).stem, "{plural}");
    }
    // German plurals in -s keep going through the stemmer as before.
    assert_eq!(t.analyse("Netzes").stem, t.analyse("Netz").stem);
}

#[test]
fn a_schaft_noun_is_also_a_part_of_the_noun_it_is_made_from() {
    let mut t = GermanTokenizer::default();
    let burger = t.analyse("Bürger").stem;
    assert!(t.analyse("Bürgerschaft").parts.contains(&burger));
    assert!(
        t.analyse("Partnerschaften")
            .parts
            .contains(&t.analyse("Partner").stem)
    );
    // Not from short bases: "Wirt", "Land", "Mann".
    for word in ["Wirtschaft", "Landschaft", "Mannschaft"] {
        let a = t.analyse(word);
        assert!(
            !a.parts
                .iter()
                .any(|p| word.to_lowercase().starts_with(p.as_str()) && p.len() <= 6),
            "{word}: {:?}",
            a.parts
        );
    }
}

#[test]
fn long_words_are_kept_not_dropped() {
    let word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz";
    let s = stems(word);
    assert!(!s.is_empty());
    assert!(s[0].1.len() > 40, "{s:?}");
    let huge = "a".repeat(1000);
    assert_eq!(stems(&huge).len(), 1);
}

#[test]
fn umlaut_spellings_index_alike() {
    assert_eq!(
        stems("Straße Förderung Bürger"),
        stems("Strasse Foerderung Buerger")
    );
}

#[test]
fn a_participle_in_lower_case_also_stands_for_its_verb() {
    let mut t = GermanTokenizer::default();
    for (participle, verb) in [
        ("ausgestattet", "ausstatten"),
        ("gefördert", "Förderung"),
        ("umgesetzten", "Umsetzung"),
        ("ausgebaut", "Ausbau"),
        ("geschaffen", "schaffen"),
    ] {
        let want = t.analyse(verb).stem;
        let at_word: Vec<String> = stems(participle).into_iter().map(|(_, s)| s).collect();
        assert!(
            at_word.contains(&want),
            "{participle}: {at_word:?} lacks {want}"
        );
    }
    // Nouns are capitalised: "Gesetz" is not a form of "setzen", nor "Gebiet" of "bieten".
    for noun in ["Gesetz", "Gebiet", "Gesellschaft"] {
        assert_eq!(stems(noun).len(), 1 + t.analyse(noun).parts.len(), "{noun}");
    }
}
