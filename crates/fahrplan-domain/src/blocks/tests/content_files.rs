use super::*;

const TEXT: &str = "## Ausgangslage\n\nHessen hat viele ländliche Regionen mit schwacher Versorgung.\n\n\
- Glasfaser für alle Haushalte\n- Mobilfunk entlang der Verkehrswege\n\nDer Ausbau wird jährlich überprüft.";

/// A version of [`TEXT`] with ids `i0`, `i1`, … and the refs a content file would list.
fn exported() -> (Vec<IdBlock>, Vec<String>) {
    let blocks: Vec<IdBlock> = split_blocks(TEXT)
        .into_iter()
        .enumerate()
        .map(|(i, b)| IdBlock::new(format!("i{i}"), b))
        .collect();
    let refs = block_refs(&blocks);
    (blocks, refs)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn refs_are_the_id_and_a_fingerprint_of_the_text() {
    let (blocks, refs) = exported();
    assert_eq!(refs.len(), 5);
    assert_eq!(refs[0], format!("i0:{}", fingerprint("## Ausgangslage")));
    assert_eq!(fingerprint(&blocks[0].markdown).len(), 8);
    assert_ne!(fingerprint("a"), fingerprint("b"));
}

#[test]
fn an_unedited_file_gets_every_listed_id_back() {
    let (blocks, refs) = exported();
    assert_eq!(attach_ids("o", TEXT, &refs).unwrap(), blocks);
}

#[test]
fn bare_ids_of_the_right_count_are_attached_by_position() {
    let ids = strings(&["a", "b", "c", "d", "e"]);
    let blocks = attach_ids("o", TEXT, &ids).unwrap();
    assert_eq!(ids_of(&blocks), ["a", "b", "c", "d", "e"]);
}

#[test]
fn ids_of_the_right_count_stay_on_paragraphs_edited_in_place() {
    let (_, refs) = exported();
    let edited = TEXT
        .replace("jährlich", "halbjährlich")
        .replace("Glasfaser", "Gigabit");
    let blocks = attach_ids("o", &edited, &refs).unwrap();
    assert_eq!(ids_of(&blocks), ["i0", "i1", "i2", "i3", "i4"]);
}

#[test]
fn a_paragraph_inserted_by_hand_leaves_the_other_ids_in_place() {
    let (_, refs) = exported();
    let edited = TEXT.replace(
        "## Ausgangslage\n\n",
        "## Ausgangslage\n\nEin neuer Absatz, von Hand geschrieben.\n\n",
    );
    let blocks = attach_ids("o", &edited, &refs).unwrap();
    let ids = ids_of(&blocks);
    assert_eq!(ids[0], "i0");
    assert_eq!(&ids[2..], ["i1", "i2", "i3", "i4"]);
    assert!(ids[1].starts_with('b') && is_valid_id(ids[1]), "{ids:?}");
    // The new id is the same on every machine.
    assert_eq!(attach_ids("o", &edited, &refs).unwrap(), blocks);
}

#[test]
fn a_paragraph_deleted_by_hand_takes_its_id_along() {
    let (_, refs) = exported();
    let edited = TEXT.replace("- Mobilfunk entlang der Verkehrswege\n", "");
    let blocks = attach_ids("o", &edited, &refs).unwrap();
    assert_eq!(ids_of(&blocks), ["i0", "i1", "i2", "i4"]);
}

#[test]
fn paragraphs_swapped_by_hand_keep_their_ids() {
    let (_, refs) = exported();
    let edited = TEXT.replace(
        "- Glasfaser für alle Haushalte\n- Mobilfunk entlang der Verkehrswege",
        "- Mobilfunk entlang der Verkehrswege\n- Glasfaser für alle Haushalte",
    );
    let blocks = attach_ids("o", &edited, &refs).unwrap();
    assert_eq!(ids_of(&blocks), ["i0", "i1", "i3", "i2", "i4"]);
}

#[test]
fn where_ids_and_edited_blocks_do_not_pair_up_no_id_is_guessed() {
    let (_, refs) = exported();
    // The paragraph is rewritten and a second one added next to it: which of the two is the
    // old one cannot be told from the file, so neither gets its id.
    let edited = TEXT.replace(
        "Hessen hat viele ländliche Regionen mit schwacher Versorgung.",
        "Viele Regionen sind unterversorgt.\n\nDas betrifft vor allem Dörfer.",
    );
    let blocks = attach_ids("o", &edited, &refs).unwrap();
    let ids = ids_of(&blocks);
    assert_eq!(ids[0], "i0");
    assert!(!ids.contains(&"i1"), "{ids:?}");
    assert_eq!(&ids[3..], ["i2", "i3", "i4"]);
}

#[test]
fn bare_ids_of_another_count_give_new_ids_that_differ_from_the_listed_ones() {
    let ids = strings(&["a", "b"]);
    let blocks = attach_ids("o", TEXT, &ids).unwrap();
    let got = ids_of(&blocks);
    assert_eq!(got.len(), 5);
    assert!(got.iter().all(|id| !["a", "b"].contains(id)), "{got:?}");
    assert_eq!(blocks, initial_ids("o", split_blocks(TEXT)));
    // A file from before block ids lists none, and gets the initial ids.
    assert_eq!(
        attach_ids("o", TEXT, &[]).unwrap(),
        initial_ids("o", split_blocks(TEXT))
    );
}

#[test]
fn malformed_or_repeated_ids_are_refused() {
    for (bad, position) in [
        ("-a", 1),
        ("", 1),
        ("Gross", 1),
        ("a_b", 1),
        ("b:xyz", 1),
        ("b:ABCDEF12", 1),
        (&"x".repeat(33) as &str, 1),
    ] {
        let ids = strings(&["ok", bad]);
        assert_eq!(
            attach_ids("o", TEXT, &ids),
            Err(BlockIdError::Malformed { position }),
            "{bad:?}"
        );
    }
    let ids = strings(&["a", "b:0011aabb", "a:0011aabb"]);
    assert_eq!(
        attach_ids("o", TEXT, &ids),
        Err(BlockIdError::Duplicate { id: "a".into() })
    );
}

#[test]
fn valid_ids_are_short_lower_case_and_may_hold_hyphens() {
    for good in ["a", "b1f2a3c4d", "0", "abschnitt-2", &"x".repeat(32)] {
        assert!(is_valid_id(good), "{good}");
    }
    for bad in ["", "-a", "A", "ä", "a b", "a_b", &"x".repeat(33)] {
        assert!(!is_valid_id(bad), "{bad}");
    }
}
