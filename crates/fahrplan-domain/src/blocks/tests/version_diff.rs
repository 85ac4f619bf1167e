use super::*;

fn block(id: &str, text: &str) -> IdBlock {
    IdBlock::new(id.to_owned(), para(text))
}

/// A short form of a change for comparisons: its kind and id.
fn shape(changes: &[BlockChange]) -> Vec<String> {
    changes
        .iter()
        .map(|c| match c {
            BlockChange::Kept(b) => format!("kept {}", b.id),
            BlockChange::Changed { id, .. } => format!("changed {id}"),
            BlockChange::Moved { id, words, .. } => {
                format!(
                    "moved {id}{}",
                    if words.is_some() { " changed" } else { "" }
                )
            }
            BlockChange::Added(b) => format!("added {}", b.id),
            BlockChange::Removed(b) => format!("removed {}", b.id),
        })
        .collect()
}

#[test]
fn equal_versions_keep_every_block() {
    let v = vec![block("a", "Eins."), block("b", "Zwei.")];
    assert_eq!(shape(&block_diff(&v, &v)), ["kept a", "kept b"]);
}

#[test]
fn a_changed_block_carries_its_word_diff() {
    let old = vec![block("a", "Die Förderung läuft bis 2025.")];
    let new = vec![block("a", "Die Förderung läuft bis 2027.")];
    let changes = block_diff(&old, &new);
    let [BlockChange::Changed { id, words, .. }] = changes.as_slice() else {
        panic!("{changes:?}");
    };
    assert_eq!(id, "a");
    assert_eq!(
        words,
        &[
            DiffRun::Same("Die Förderung läuft bis ".into()),
            DiffRun::Removed("2025.".into()),
            DiffRun::Added("2027.".into()),
        ]
    );
}

#[test]
fn added_blocks_stand_in_the_new_order_and_removed_ones_where_they_were() {
    let old = vec![
        block("a", "A"),
        block("b", "B"),
        block("c", "C"),
        block("d", "D"),
    ];
    let new = vec![
        block("n", "N"),
        block("a", "A"),
        block("d", "D"),
        block("m", "M"),
    ];
    assert_eq!(
        shape(&block_diff(&old, &new)),
        [
            "added n",
            "kept a",
            "removed b",
            "removed c",
            "kept d",
            "added m"
        ]
    );
}

#[test]
fn a_removed_first_block_comes_first() {
    let old = vec![block("a", "A"), block("b", "B")];
    let new = vec![block("b", "B")];
    assert_eq!(shape(&block_diff(&old, &new)), ["removed a", "kept b"]);
}

#[test]
fn a_block_that_changed_places_is_moved_and_may_be_changed_too() {
    let old = vec![block("a", "A"), block("b", "B"), block("c", "C eins")];
    let new = vec![block("c", "C zwei"), block("a", "A"), block("b", "B")];
    let changes = block_diff(&old, &new);
    assert_eq!(shape(&changes), ["moved c changed", "kept a", "kept b"]);
    // Of two swapped blocks one kept its place relative to the other; which one is a choice.
    let swapped = vec![block("b", "B"), block("a", "A")];
    let shapes = shape(&block_diff(&old[..2], &swapped));
    assert!(
        shapes == ["moved b", "kept a"] || shapes == ["kept b", "moved a"],
        "{shapes:?}"
    );
}

#[test]
fn a_block_removed_after_a_moved_one_stays_after_the_last_block_in_order() {
    // b moved to the end, so the removed c is placed after a, the last block before it that
    // kept its place.
    let old = vec![
        block("a", "A"),
        block("b", "B"),
        block("c", "C"),
        block("d", "D"),
    ];
    let new = vec![block("a", "A"), block("d", "D"), block("b", "B")];
    assert_eq!(
        shape(&block_diff(&old, &new)),
        ["kept a", "removed c", "kept d", "moved b"]
    );
}

#[test]
fn a_diff_of_versions_from_assign_ids_pairs_the_edited_paragraph() {
    let old = initial_ids(
        "t",
        split_blocks(
            "## Ziele\n\nDas Land fördert den Ausbau der Netze in allen Regionen.\n\nAlt.",
        ),
    );
    let new = assign_ids(
        &old,
        split_blocks("## Ziele\n\nDas Land fördert den Ausbau schneller Netze in allen Regionen."),
        counter(),
    );
    let changes = block_diff(&old, &new);
    assert_eq!(
        shape(&changes),
        [
            format!("kept {}", old[0].id),
            format!("changed {}", old[1].id),
            format!("removed {}", old[2].id)
        ]
    );
}

#[test]
fn changes_serialise_with_the_variant_as_key() {
    let changes = block_diff(&[], &[block("a", "A")]);
    let json = serde_json::to_value(&changes).unwrap();
    assert_eq!(json[0]["added"]["id"], "a");
}
