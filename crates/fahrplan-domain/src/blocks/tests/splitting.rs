use super::*;

fn kinds(blocks: &[Block]) -> Vec<BlockKind> {
    blocks.iter().map(|b| b.kind).collect()
}

/// Joins blocks from `split_blocks` with made-up ids.
fn rejoin(markdown: &str) -> String {
    join_blocks(&initial_ids("t", split_blocks(markdown)))
}

#[test]
fn paragraphs_become_one_block_each_trimmed() {
    let blocks = split_blocks("\n\n  Erster Absatz\nzweite Zeile.  \n\n\nZweiter Absatz.\n");
    assert_eq!(
        texts(&blocks),
        ["Erster Absatz\nzweite Zeile.", "Zweiter Absatz."]
    );
    assert_eq!(kinds(&blocks), [BlockKind::Paragraph, BlockKind::Paragraph]);
}

#[test]
fn atx_and_setext_headings_carry_their_level() {
    let blocks = split_blocks("# Digitale Verwaltung\n\nÜberblick\n---------\n\n### Ziele ###\n");
    assert_eq!(
        kinds(&blocks),
        [
            BlockKind::Heading(1),
            BlockKind::Heading(2),
            BlockKind::Heading(3)
        ]
    );
    assert_eq!(
        texts(&blocks),
        [
            "# Digitale Verwaltung",
            "Überblick\n---------",
            "### Ziele ###"
        ]
    );
}

#[test]
fn a_bullet_list_gives_one_block_per_item_and_a_nested_list_stays_in_its_item() {
    let md = "- Glasfaser\n- Mobilfunk\n  - 5G\n  - LTE\n- Rechenzentren\n";
    let blocks = split_blocks(md);
    assert_eq!(
        texts(&blocks),
        [
            "- Glasfaser",
            "- Mobilfunk\n  - 5G\n  - LTE",
            "- Rechenzentren"
        ]
    );
    assert!(blocks.iter().all(|b| b.kind == BlockKind::ListItem));
    assert_eq!(
        blocks.iter().map(|b| b.tight).collect::<Vec<_>>(),
        [false, true, true]
    );
}

#[test]
fn an_ordered_list_gives_one_block_per_item_with_its_number() {
    let blocks = split_blocks("Schritte:\n\n1. Antrag stellen\n2. Bescheid abwarten\n");
    assert_eq!(
        texts(&blocks),
        ["Schritte:", "1. Antrag stellen", "2. Bescheid abwarten"]
    );
    assert_eq!(blocks[1].kind, BlockKind::ListItem);
    assert!(!blocks[1].tight, "the first item does not follow an item");
    assert!(blocks[2].tight);
}

#[test]
fn items_of_a_loose_list_are_not_tight() {
    let blocks = split_blocks("- eins\n\n- zwei\n\n\n- drei\n");
    assert_eq!(texts(&blocks), ["- eins", "- zwei", "- drei"]);
    assert!(blocks.iter().all(|b| !b.tight));
}

#[test]
fn quotes_tables_and_code_fences_with_blank_lines_are_one_block_each() {
    let md = "> Ein Zitat\n> über zwei Zeilen\n\n| Jahr | Wert |\n|---|---|\n| 2021 | 10 |\n\n```rust\nfn a() {}\n\n\nfn b() {}\n```\n";
    let blocks = split_blocks(md);
    assert_eq!(
        kinds(&blocks),
        [BlockKind::Quote, BlockKind::Table, BlockKind::Code]
    );
    assert_eq!(blocks[2].markdown, "```rust\nfn a() {}\n\n\nfn b() {}\n```");
}

#[test]
fn an_indented_code_block_keeps_its_indentation() {
    let blocks = split_blocks("Beispiel:\n\n    let x = 1;\n    let y = 2;\n");
    assert_eq!(blocks[1].kind, BlockKind::Code);
    assert_eq!(blocks[1].markdown, "    let x = 1;\n    let y = 2;");
}

#[test]
fn html_lines_rules_and_link_definitions_are_other_blocks() {
    let md = "<div>\nRoh\n</div>\n\n***\n\n[amt]: https://example.org/amt\n\nSiehe [Amt][amt].\n";
    let blocks = split_blocks(md);
    assert_eq!(
        kinds(&blocks),
        [
            BlockKind::Other,
            BlockKind::Other,
            BlockKind::Other,
            BlockKind::Paragraph
        ]
    );
    assert_eq!(
        texts(&blocks),
        [
            "<div>\nRoh\n</div>",
            "***",
            "[amt]: https://example.org/amt",
            "Siehe [Amt][amt]."
        ]
    );
}

#[test]
fn an_empty_or_blank_text_has_no_blocks() {
    assert!(split_blocks("").is_empty());
    assert!(split_blocks(" \n\n\t\n").is_empty());
}

/// Texts whose blocks, joined again, must render exactly like the original.
const ROUND_TRIP: &[&str] = &[
    "# Titel\nAbsatz direkt darunter.\n\n## Unterpunkt\n\nText mit *Betonung*.",
    "- a\n- b\n  - b1\n  - b2\n- c\n\nDanach ein Absatz.",
    "1. eins\n\n2. zwei\n\n3. drei\n",
    "- Minus\n* Stern\n+ Plus\n\n1. Punkt\n1) Klammer",
    "Absatz\n- Liste direkt nach dem Absatz\n- zweiter Punkt",
    "- Punkt mit\n\n  zwei Absätzen\n- zweiter Punkt",
    "> Zitat\nmit fauler Fortsetzung\n\n> zweites Zitat",
    "| A | B |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |",
    "```\ncode\n\n\nmehr code\n```\n\n    eingerückt\n\n    noch mehr",
    "<!-- Kommentar -->\n\n<p>Roh</p>\n\nText\n\n---\n\nEnde ~~alt~~ neu.",
    "Siehe [Gesetz][g] und [hier][].\n\n[g]: https://example.org/g\n[hier]: /seite",
    "Setext\n======\n\nZweite\n------\nText",
    "  - eingerückte Liste\n  - zweiter\n\n   Eingerückter Absatz",
];

#[test]
fn joining_the_blocks_again_renders_the_same_html() {
    for md in ROUND_TRIP {
        assert_eq!(html(&rejoin(md)), html(md), "for {md:?}");
    }
}

#[test]
fn splitting_joined_blocks_gives_the_same_blocks() {
    for md in ROUND_TRIP {
        let once = split_blocks(md);
        assert_eq!(split_blocks(&rejoin(md)), once, "for {md:?}");
    }
}

#[test]
fn a_block_with_an_id_serialises_with_its_kind_in_snake_case() {
    let blocks = initial_ids("t", split_blocks("## Ziele\n\n- eins\n- zwei"));
    let json = serde_json::to_value(&blocks).unwrap();
    assert_eq!(json[0]["kind"], serde_json::json!({"heading": 2}));
    assert_eq!(json[1]["kind"], "list_item");
    assert!(json[1].get("tight").is_none(), "false is left out");
    assert_eq!(json[2]["tight"], true);
    let back: Vec<IdBlock> = serde_json::from_value(json).unwrap();
    assert_eq!(back, blocks);
}
