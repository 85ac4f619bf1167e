use super::*;

fn same(t: &str) -> DiffRun {
    DiffRun::Same(t.to_owned())
}
fn added(t: &str) -> DiffRun {
    DiffRun::Added(t.to_owned())
}
fn removed(t: &str) -> DiffRun {
    DiffRun::Removed(t.to_owned())
}

#[test]
fn a_replaced_word_shows_as_removed_then_added() {
    let runs = word_diff(
        "Die Bürgerinnen können Anträge schriftlich stellen.",
        "Die Bürgerinnen können Anträge digital stellen.",
    );
    assert_eq!(
        runs,
        [
            same("Die Bürgerinnen können Anträge "),
            removed("schriftlich"),
            added("digital"),
            same(" stellen.")
        ]
    );
}

#[test]
fn inserted_and_deleted_words_keep_their_spaces() {
    let runs = word_diff(
        "Größere Förderung für Schulen",
        "Förderung für alle Schulen",
    );
    assert_eq!(
        runs,
        [
            removed("Größere "),
            same("Förderung für "),
            added("alle "),
            same("Schulen")
        ]
    );
}

#[test]
fn a_changed_phrase_is_one_change_not_a_word_salad() {
    let runs = word_diff(
        "Wir prüfen die Umsetzung jährlich im Landtag.",
        "Wir berichten über die Umsetzung halbjährlich dem Digitalrat.",
    );
    assert_eq!(
        runs,
        [
            same("Wir "),
            removed("prüfen"),
            added("berichten über"),
            same(" die Umsetzung "),
            removed("jährlich im Landtag."),
            added("halbjährlich dem Digitalrat."),
        ]
    );
}

#[test]
fn a_new_line_break_alone_is_a_change_of_whitespace() {
    let runs = word_diff("Ämter und Behörden", "Ämter und\nBehörden");
    assert_eq!(
        runs,
        [
            same("Ämter und"),
            removed(" "),
            added("\n"),
            same("Behörden")
        ]
    );
}

#[test]
fn equal_and_empty_texts() {
    assert_eq!(
        word_diff("Gleich bleibt gleich", "Gleich bleibt gleich"),
        [same("Gleich bleibt gleich")]
    );
    assert_eq!(word_diff("", ""), []);
    assert_eq!(word_diff("", "Neu"), [added("Neu")]);
    assert_eq!(word_diff("Alt", ""), [removed("Alt")]);
}

#[test]
fn property_the_runs_give_back_both_texts() {
    let mut g = Gen(0x5EED_D1FF);
    for _ in 0..2_000 {
        let n = g.below(40);
        let old = g.words(n);
        let mut words: Vec<String> = old.split(' ').map(str::to_owned).collect();
        for _ in 0..g.below(6) {
            let i = g.below(words.len() + 1);
            match g.below(3) {
                0 => words.insert(i, g.word()),
                1 if i < words.len() => {
                    words.remove(i);
                }
                _ if i < words.len() => words[i] = g.word(),
                _ => {}
            }
        }
        let sep = if g.chance(20) { "  " } else { " " };
        let new = words.join(sep);
        let runs = word_diff(&old, &new);
        assert_eq!(sides(&runs), (old.clone(), new.clone()));
        // Neighbouring runs are never of the same sort, and none is empty.
        for w in runs.windows(2) {
            assert_ne!(std::mem::discriminant(&w[0]), std::mem::discriminant(&w[1]));
        }
        assert!(
            runs.iter()
                .all(|r| !sides(std::slice::from_ref(r)).0.is_empty()
                    || !sides(std::slice::from_ref(r)).1.is_empty())
        );
    }
}

#[test]
fn a_five_thousand_word_text_with_a_tenth_changed_is_diffed_in_full() {
    // Not timed (speed belongs in bench/): this shows the diff completes on a long text and
    // finds only the changes.
    let mut g = Gen(0x5EED_0B16);
    let old: Vec<String> = (0..5_000).map(|_| g.word()).collect();
    let mut new = old.clone();
    let mut changed = 0;
    for w in new.iter_mut() {
        if g.chance(10) {
            *w = format!("{w}ä");
            changed += 1;
        }
    }
    let (old, new) = (old.join(" "), new.join(" "));
    let runs = word_diff(&old, &new);
    assert_eq!(sides(&runs), (old, new));
    let removed_words: usize = runs
        .iter()
        .filter_map(|r| match r {
            DiffRun::Removed(t) => Some(t.split_whitespace().count()),
            _ => None,
        })
        .sum();
    assert_eq!(removed_words, changed);
}
