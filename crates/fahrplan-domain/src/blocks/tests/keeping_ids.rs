use super::*;

const A: &str = "Das Land baut bis 2030 flächendeckend Glasfasernetze in allen Regionen aus.";
const B: &str =
    "Verwaltungsleistungen werden online angeboten, barrierefrei und in einfacher Sprache.";
const C: &str =
    "Schulen erhalten Breitbandanschlüsse und eine verlässliche Ausstattung mit Geräten.";
const D: &str = "Der Digitalrat begleitet die Umsetzung der Strategie und berichtet jährlich.";

fn next(previous: &[IdBlock], paragraphs: &[&str]) -> Vec<IdBlock> {
    assign_ids(
        previous,
        paragraphs.iter().map(|p| para(p)).collect(),
        counter(),
    )
}

#[test]
fn an_unchanged_text_keeps_every_id() {
    let v1 = version(&[A, B, C, D]);
    let v2 = next(&v1, &[A, B, C, D]);
    assert_eq!(v2, v1);
}

#[test]
fn a_typo_fix_keeps_the_id() {
    let v1 = version(&[A, B, C]);
    let fixed = B.replace("barrierefrei", "barierefrei");
    let v2 = next(&v1, &[A, &fixed, C]);
    assert_eq!(ids_of(&v2), ["p0", "p1", "p2"]);
    assert_eq!(v2[1].markdown, fixed);
}

#[test]
fn a_typo_fix_in_a_one_word_heading_keeps_the_id() {
    let v1 = vec![IdBlock::new(
        "h".into(),
        Block {
            kind: BlockKind::Heading(2),
            markdown: "## Ziehle".into(),
            tight: false,
        },
    )];
    let v2 = assign_ids(&v1, split_blocks("## Ziele"), counter());
    assert_eq!(ids_of(&v2), ["h"]);
    let v3 = assign_ids(&v1, split_blocks("## Finanzen"), counter());
    assert_eq!(ids_of(&v3), ["n1"]);
}

#[test]
fn a_paragraph_inserted_at_the_start_shifts_nothing() {
    let v1 = version(&[A, B, C]);
    let v2 = next(&v1, &[D, A, B, C]);
    assert_eq!(ids_of(&v2), ["n1", "p0", "p1", "p2"]);
}

#[test]
fn a_deleted_paragraphs_id_is_not_reused() {
    let v1 = version(&[A, B, C]);
    let v2 = next(&v1, &[A, C, D]);
    assert_eq!(ids_of(&v2), ["p0", "p2", "n1"]);
    // Not even for a paragraph written where the deleted one stood.
    let v3 = next(&v1, &[A, D, C]);
    assert_eq!(ids_of(&v3), ["p0", "n1", "p2"]);
}

#[test]
fn two_identical_paragraphs_keep_their_own_ids() {
    let v1 = version(&[A, B, A]);
    assert_eq!(ids_of(&next(&v1, &[A, B, A])), ["p0", "p1", "p2"]);
    // Removing the first copy keeps the second copy's id.
    assert_eq!(ids_of(&next(&v1, &[B, A])), ["p1", "p2"]);
}

#[test]
fn a_wholly_rewritten_paragraph_gets_a_fresh_id() {
    let v1 = version(&[A, B, C]);
    let v2 = next(&v1, &[A, D, C]);
    assert_eq!(ids_of(&v2), ["p0", "n1", "p2"]);
}

#[test]
fn swapping_two_paragraphs_keeps_both_ids() {
    let v1 = version(&[A, B, C]);
    assert_eq!(ids_of(&next(&v1, &[C, B, A])), ["p2", "p1", "p0"]);
    // Also when both were edited on the way.
    let a2 = A.replace("2030", "2028");
    let c2 = C.replace("verlässliche", "moderne");
    assert_eq!(ids_of(&next(&v1, &[&c2, B, &a2])), ["p2", "p1", "p0"]);
}

#[test]
fn splitting_a_paragraph_in_two_keeps_the_id_on_the_more_similar_half() {
    let long = "Das Land baut Glasfasernetze aus. Dazu fördert es Kommunen, die selbst bauen, \
                und berät sie bei Ausschreibungen, Verträgen und der Wahl der Technik.";
    let v1 = version(&[A, long, C]);
    let v2 = next(
        &v1,
        &[
            A,
            "Das Land baut Glasfasernetze aus.",
            "Dazu fördert es Kommunen, die selbst bauen, und berät sie bei Ausschreibungen, \
             Verträgen und der Wahl der Technik.",
            C,
        ],
    );
    assert_eq!(ids_of(&v2), ["p0", "n1", "p1", "p2"]);
    // With the larger half first, the id goes first.
    let v3 = next(
        &v1,
        &[
            A,
            "Dazu fördert das Land Kommunen, die selbst bauen, und berät sie bei \
             Ausschreibungen, Verträgen und der Wahl der Technik.",
            "Es baut Glasfasernetze aus.",
            C,
        ],
    );
    assert_eq!(ids_of(&v3), ["p0", "p1", "n1", "p2"]);
}

#[test]
fn of_two_similar_enough_halves_the_more_similar_one_keeps_the_id_not_the_first() {
    let first = "Das Land fördert den Ausbau der Netze in allen Landkreisen mit Mitteln.";
    let second = "Kommunen, die selbst bauen, erhalten Beratung zu Ausschreibungen, Verträgen \
                  und Technik sowie Geld.";
    let v1 = version(&[A, &format!("{first} {second}"), C]);
    // Both halves are similar enough on their own (11 and 13 of 24 words).
    assert!(similarity(&v1[1].markdown, first) >= SIMILAR);
    assert!(similarity(&v1[1].markdown, second) > similarity(&v1[1].markdown, first));
    let v2 = next(&v1, &[A, first, second, C]);
    assert_eq!(ids_of(&v2), ["p0", "n1", "p1", "p2"]);
}

#[test]
fn an_edited_paragraph_that_moved_keeps_its_id() {
    let v1 = version(&[A, B, C, D]);
    let b2 = B.replace("online", "digital");
    let v2 = next(&v1, &[A, C, D, &b2]);
    assert_eq!(ids_of(&v2), ["p0", "p2", "p3", "p1"]);
}

#[test]
fn fresh_ids_are_asked_for_in_the_order_of_the_blocks() {
    let v2 = next(&[], &[A, B]);
    assert_eq!(ids_of(&v2), ["n1", "n2"]);
}

#[test]
fn a_new_block_keeps_the_kind_and_text_it_was_given() {
    let v1 = version(&[A]);
    let v2 = assign_ids(&v1, split_blocks(&format!("## Titel\n\n{A}")), counter());
    assert_eq!(v2[0].kind, BlockKind::Heading(2));
    assert_eq!(v2[1], v1[0]);
}

#[test]
fn similarity_counts_words_not_markup_case_or_punctuation() {
    assert!((similarity("**Digitale** Schule!", "digitale schule") - 1.0).abs() < 1e-9);
    assert!((similarity("1. Punkt eins", "- Punkt eins") - 1.0).abs() < 1e-9);
    // Two of four words shared: 2·2 / (4 + 4).
    let s = similarity("eins zwei drei vier", "eins zwei fünf sechs");
    assert!((s - 0.5).abs() < 1e-9);
    assert!(similarity(A, D) < SIMILAR);
}

#[test]
fn initial_ids_are_deterministic_and_unique_within_the_text() {
    let md = format!("{A}\n\n{A}\n\n{B}\n\n{A}");
    let one = initial_ids("area:2021/netze:body", split_blocks(&md));
    let two = initial_ids("area:2021/netze:body", split_blocks(&md));
    assert_eq!(one, two);
    let ids = ids_of(&one);
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.len() == 9 && id.starts_with('b') && is_valid_id(id))
    );
    // Another owner, other ids.
    let other = initial_ids("area:2021/schule:body", split_blocks(&md));
    assert_ne!(ids_of(&other), ids);
}

#[test]
fn initial_ids_stay_unique_for_many_blocks() {
    let md: Vec<String> = (0..5_000).map(|i| format!("Absatz {}", i % 7)).collect();
    let blocks = initial_ids("x", split_blocks(&md.join("\n\n")));
    let mut ids = ids_of(&blocks);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 5_000);
}

#[test]
fn a_very_large_rewrite_keeps_ids_through_insertions_and_deletions() {
    // 600 edited blocks against 600 are more candidate pairs than the exhaustive search takes;
    // the stretch is then walked in step, looking a few blocks ahead.
    let mut g = Gen(0x5EED_1A26);
    let old: Vec<String> = (0..600).map(|_| g.words(12)).collect();
    let v1 = version(&old.iter().map(String::as_str).collect::<Vec<_>>());
    let mut new: Vec<String> = old.iter().map(|p| format!("{p} ergänzt")).collect();
    new[10] = g.words(12);
    new.remove(450);
    new.insert(300, g.words(12));
    let v2 = next(&v1, &new.iter().map(String::as_str).collect::<Vec<_>>());
    let expected: Vec<String> = (0..600)
        .filter(|&i| i != 450)
        .map(|i| {
            if i == 10 {
                "n1".to_owned()
            } else {
                format!("p{i}")
            }
        })
        .collect();
    let mut expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    expected.insert(300, "n2");
    assert_eq!(ids_of(&v2), expected);
}
