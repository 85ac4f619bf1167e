use super::*;

fn kinds(markdown: &str, leichte_sprache: bool) -> Vec<WarningKind> {
    writing_warnings(markdown, leichte_sprache)
        .into_iter()
        .map(|w| w.kind)
        .collect()
}

const GOOD: &str = "# Digitales Hessen\n\nDas Land baut schnelles Internet aus.\n\n\
## Ziele\n\n- Glasfaser für alle\n- Ämter online\n\n### Schulen\n\n\
![Kinder lernen am Tablet](/bilder/schule.png)\n\n\
Mehr dazu steht im [Bericht zur Gigabitstrategie](https://example.org/bericht).\n\n\
## Geld\n\nDas Land gibt z. B. Geld für Kabel. Die Städte helfen.";

#[test]
fn a_good_text_has_no_warning_even_in_leichte_sprache() {
    assert_eq!(writing_warnings(GOOD, false), []);
    assert_eq!(writing_warnings(GOOD, true), []);
}

#[test]
fn a_skipped_heading_level_is_warned_about_at_its_block() {
    let md = "## Ziele\n\nText.\n\n#### Details\n\nMehr Text.";
    let warnings = writing_warnings(md, false);
    assert_eq!(
        warnings,
        [Warning {
            kind: WarningKind::SkippedHeadingLevel { from: 2, to: 4 },
            block: 2,
            excerpt: "#### Details".into(),
        }]
    );
    // One level deeper, or any level back up, is fine; the first heading may start anywhere.
    assert_eq!(kinds("### A\n\n#### B\n\n# C\n\n## D", false), []);
}

#[test]
fn an_empty_heading_is_warned_about() {
    assert_eq!(
        kinds("# Titel\n\n##\n\nText", false),
        [WarningKind::EmptyHeading]
    );
    // Markup or punctuation alone says nothing either.
    assert_eq!(kinds("## **  **", false), [WarningKind::EmptyHeading]);
    assert_eq!(kinds("## …", false), [WarningKind::EmptyHeading]);
    assert_eq!(kinds("## 2030", false), []);
    assert_eq!(kinds("## ![Logo](/logo.png)", false), []);
}

#[test]
fn an_image_without_alternative_text_is_warned_about() {
    let warnings = writing_warnings("Text.\n\nSiehe ![](/karte.png) und ![ ](/b.png).", false);
    assert_eq!(
        warnings
            .iter()
            .map(|w| (&w.kind, w.block, w.excerpt.as_str()))
            .collect::<Vec<_>>(),
        [
            (&WarningKind::ImageWithoutAlt, 1, "![](/karte.png)"),
            (&WarningKind::ImageWithoutAlt, 1, "![ ](/b.png)")
        ]
    );
    assert_eq!(kinds("![Karte der Funklöcher](/karte.png)", false), []);
}

#[test]
fn vague_link_texts_are_warned_about_whatever_their_case_and_punctuation() {
    for text in [
        "hier",
        "HIER!",
        " Mehr … ",
        "Klicken Sie hier.",
        "click here",
        "Weiter",
        "Link",
        "more",
        "here",
    ] {
        let md = format!("Den Bericht finden Sie [{text}](https://example.org/b).");
        assert_eq!(
            kinds(&md, false),
            [WarningKind::VagueLinkText(text.trim().to_owned())],
            "{text:?}"
        );
    }
    for text in [
        "Bericht 2024",
        "hier den Bericht lesen",
        "Weitere Maßnahmen",
    ] {
        let md = format!("Siehe [{text}](https://example.org/b).");
        assert_eq!(kinds(&md, false), [], "{text:?}");
    }
}

#[test]
fn long_sentences_are_warned_about_only_in_leichte_sprache() {
    let long = "Das Land Hessen baut in den nächsten Jahren in allen Städten und Dörfern \
                schnelles Internet für alle Menschen aus.";
    let md = format!("Kurz.\n\n{long}");
    assert_eq!(kinds(&md, false), []);
    let warnings = writing_warnings(&md, true);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].kind, WarningKind::LongSentence { words: 19 });
    assert_eq!(warnings[0].block, 1);
    assert!(warnings[0].excerpt.chars().count() <= 80);
    assert!(warnings[0].excerpt.starts_with("Das Land Hessen baut"));
    assert!(warnings[0].excerpt.ends_with('…'));
}

#[test]
fn fifteen_words_are_still_fine() {
    let fifteen = "Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn.";
    assert_eq!(kinds(fifteen, true), []);
    let sixteen = fifteen.replace("fünfzehn.", "fünfzehn sechzehn.");
    assert_eq!(
        kinds(&sixteen, true),
        [WarningKind::LongSentence { words: 16 }]
    );
}

#[test]
fn abbreviations_ordinals_and_numbers_do_not_end_a_sentence() {
    // Each of these is one sentence of 16 words.
    for s in [
        "Das Land gibt z. B. Geld für neue Kabel in allen kleinen Dörfern und auch Städten.",
        "Nach Nr. 5 der Richtlinie gibt es Geld für neue Kabel in allen kleinen Dörfern dort.",
        "Ab dem 3. Oktober gibt es Geld für neue Kabel in allen kleinen Dörfern und Städten.",
        "Das Land gibt 1.000 Euro für neue Kabel in allen kleinen Dörfern und auch allen Städten.",
        "Das Land gibt ca. zehn Euro für neue Kabel in allen kleinen Dörfern und auch Städten.",
    ] {
        assert_eq!(
            kinds(s, true),
            [WarningKind::LongSentence { words: 16 }],
            "{s}"
        );
    }
}

#[test]
fn full_stops_question_and_exclamation_marks_end_sentences() {
    let md = "Das Land baut Netze aus. Die Städte helfen mit! Wer bezahlt das? \
              Der Bund gibt Geld dazu. Die Länder geben auch etwas.";
    assert_eq!(kinds(md, true), []);
}

#[test]
fn headings_and_list_items_count_as_sentences_of_their_own() {
    let md = "## Das Land baut Netze aus\n\n- Glasfaser für die Dörfer\n- Mobilfunk für die Straßen\n\
              - Geld für die Schulen\n- Hilfe für die Ämter";
    assert_eq!(kinds(md, true), []);
    let long_item = "- Glasfaser für alle Dörfer und Städte und Gemeinden und Kreise und Schulen und Ämter im Land";
    assert_eq!(
        kinds(long_item, true),
        [WarningKind::LongSentence { words: 16 }]
    );
}

#[test]
fn code_is_not_read_as_sentences() {
    let code = format!("```\n{}\n```", "wort ".repeat(30));
    assert_eq!(kinds(&code, true), []);
}

#[test]
fn warnings_name_the_block_they_are_in() {
    let md = "# A\n\n### B\n\n- eins\n- [hier](/x)\n\n![](/y.png)";
    let blocks: Vec<usize> = writing_warnings(md, false)
        .iter()
        .map(|w| w.block)
        .collect();
    assert_eq!(blocks, [1, 3, 4]);
    assert_eq!(split_blocks(md).len(), 5);
}
