//! Properties over generated texts and edit sequences, in the style of
//! `monitoring/tests.rs`: a fixed seed, many cases, no dependency.

use super::*;
use std::collections::HashSet;

const CASES: usize = 2_000;

/// A block of the generated version and where it came from.
struct Tracked {
    block: Block,
    /// The index of the block in the previous version that this one is, untouched.
    unchanged_from: Option<usize>,
    /// The same, for a block of at least ten words of which one was replaced.
    lightly_edited_from: Option<usize>,
}

fn random_block(g: &mut Gen) -> Block {
    let n = 3 + g.below(25);
    let text = g.words(n);
    if g.chance(15) {
        let level = 1 + g.below(4);
        Block {
            kind: BlockKind::Heading(u8::try_from(level).unwrap()),
            markdown: format!("{} {}", "#".repeat(level), text.replace('\n', " ")),
            tight: false,
        }
    } else if g.chance(15) {
        Block {
            kind: BlockKind::ListItem,
            markdown: format!("- {text}"),
            tight: g.chance(50),
        }
    } else {
        para(&text)
    }
}

/// Replaces one word of `markdown` by another.
fn replace_one_word(g: &mut Gen, markdown: &str) -> String {
    let mut words: Vec<String> = markdown.split(' ').map(str::to_owned).collect();
    let i = 1 + g.below(words.len() - 1);
    words[i] = format!("{}x", g.word());
    words.join(" ")
}

/// Applies one to three random edits to `previous`.
fn edit(g: &mut Gen, previous: &[IdBlock]) -> Vec<Tracked> {
    let mut next: Vec<Tracked> = previous
        .iter()
        .enumerate()
        .map(|(i, b)| Tracked {
            block: b.block(),
            unchanged_from: Some(i),
            lightly_edited_from: None,
        })
        .collect();
    for _ in 0..1 + g.below(3) {
        let len = next.len();
        match g.below(6) {
            0 | 1 => {
                let at = g.below(len + 1);
                let block = random_block(g);
                next.insert(
                    at,
                    Tracked {
                        block,
                        unchanged_from: None,
                        lightly_edited_from: None,
                    },
                );
            }
            2 if len > 0 => {
                next.remove(g.below(len));
            }
            3 if len > 0 => {
                let i = g.below(len);
                let from = next[i].unchanged_from.take();
                let b = &mut next[i].block;
                if b.markdown.split(' ').count() >= 10 && from.is_some() {
                    b.markdown = replace_one_word(g, &b.markdown);
                    next[i].lightly_edited_from = from;
                } else {
                    *b = random_block(g);
                    next[i].lightly_edited_from = None;
                }
            }
            4 if len > 1 => {
                let from = g.below(len);
                let moved = next.remove(from);
                let to = g.below(len);
                next.insert(to, moved);
            }
            _ => {
                let i = g.below(len + 1);
                let block = random_block(g);
                next.insert(
                    i.min(next.len()),
                    Tracked {
                        block,
                        unchanged_from: None,
                        lightly_edited_from: None,
                    },
                );
            }
        }
    }
    // Generated texts are distinct, so that "unchanged" names one block.
    let mut seen = HashSet::new();
    next.retain(|t| seen.insert(t.block.markdown.clone()));
    next
}

#[test]
fn property_ids_are_unique_kept_for_unchanged_blocks_and_never_come_back() {
    let mut g = Gen(0x5EED_B10C);
    let mut fresh_count = 0u64;
    let (mut unchanged, mut lightly_edited) = (0, 0);
    for _ in 0..CASES {
        let mut current: Vec<IdBlock> = Vec::new();
        let mut gone: HashSet<String> = HashSet::new();
        for _ in 0..6 {
            let tracked = edit(&mut g, &current);
            let blocks: Vec<Block> = tracked.iter().map(|t| t.block.clone()).collect();
            let next = assign_ids(&current, blocks, || {
                fresh_count += 1;
                format!("f{fresh_count}")
            });

            let ids: HashSet<&str> = next.iter().map(|b| b.id.as_str()).collect();
            assert_eq!(ids.len(), next.len(), "ids are unique within a version");
            for (t, b) in tracked.iter().zip(&next) {
                assert_eq!(b.markdown, t.block.markdown);
                assert!(!gone.contains(&b.id), "the removed id {} came back", b.id);
                if let Some(i) = t.unchanged_from {
                    assert_eq!(b.id, current[i].id, "an unchanged block keeps its id");
                    unchanged += 1;
                }
                if let Some(i) = t.lightly_edited_from {
                    assert_eq!(b.id, current[i].id, "one word changed keeps the id");
                    lightly_edited += 1;
                }
            }
            for b in &current {
                if !ids.contains(b.id.as_str()) {
                    gone.insert(b.id.clone());
                }
            }
            current = next;
        }
    }
    // The generator reaches both cases often.
    assert!(
        unchanged > 10_000 && lightly_edited > 1_000,
        "{unchanged} {lightly_edited}"
    );
}

/// A generated Markdown text of mixed blocks, some written right below each other.
fn random_text(g: &mut Gen) -> String {
    let mut md = String::new();
    for _ in 0..1 + g.below(8) {
        if !md.is_empty() {
            md.push_str(if g.chance(20) { "\n" } else { "\n\n" });
        }
        let n = 1 + g.below(12);
        let words = g.words(n);
        let part = match g.below(10) {
            0 => format!(
                "{} {}",
                "#".repeat(1 + g.below(6)),
                words.replace('\n', " ")
            ),
            1 => format!("{}\n===", words.replace('\n', " ")),
            2 | 3 => {
                let marker = g.pick(&["-", "*", "1.", "2)"]);
                let gap = if g.chance(30) { "\n\n" } else { "\n" };
                let items: Vec<String> = (0..1 + g.below(4))
                    .map(|_| {
                        let nested = if g.chance(20) {
                            format!("\n   - {}", g.word())
                        } else {
                            String::new()
                        };
                        format!("{marker} {}{nested}", g.words(3))
                    })
                    .collect();
                items.join(gap)
            }
            4 => format!("> {}", words.replace('\n', "\n> ")),
            5 => format!("```\n{}\n\n\n{}\n```", g.word(), g.word()),
            6 => format!("| {} | {} |\n|---|---|\n| 1 | 2 |", g.word(), g.word()),
            7 => "<!-- Notiz -->".to_owned(),
            _ => words,
        };
        md.push_str(&part);
    }
    md
}

#[test]
fn property_joining_split_blocks_renders_the_same_html() {
    let mut g = Gen(0x5EED_B10D);
    for _ in 0..CASES {
        let md = random_text(&mut g);
        let joined = join_blocks(&initial_ids("t", split_blocks(&md)));
        assert_eq!(html(&joined), html(&md), "for {md:?}\njoined {joined:?}");
        assert_eq!(split_blocks(&joined), split_blocks(&md));
    }
}

/// The length of a longest common subsequence by dynamic programming, to check Myers against.
fn lcs_length(a: &[u32], b: &[u32]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[test]
fn property_myers_finds_a_longest_common_subsequence() {
    let mut g = Gen(0x5EED_B10E);
    for _ in 0..CASES * 5 {
        let alphabet = 1 + g.below(5) as u32;
        let a: Vec<u32> = (0..g.below(25))
            .map(|_| g.below(alphabet as usize) as u32)
            .collect();
        let b: Vec<u32> = (0..g.below(25))
            .map(|_| g.below(alphabet as usize) as u32)
            .collect();
        let pairs = myers::common(&a, &b);
        assert_eq!(pairs.len(), lcs_length(&a, &b), "{a:?} {b:?}");
        for w in pairs.windows(2) {
            assert!(
                w[0].0 < w[1].0 && w[0].1 < w[1].1,
                "pairs ascend: {pairs:?}"
            );
        }
        assert!(pairs.iter().all(|&(i, j)| a[i] == b[j]));
    }
}

#[test]
fn property_a_block_diff_lists_the_new_version_in_order_and_each_removed_block_once() {
    let mut g = Gen(0x5EED_B10F);
    let mut fresh_count = 0u64;
    for _ in 0..CASES / 2 {
        let mut current: Vec<IdBlock> = Vec::new();
        for _ in 0..4 {
            let blocks: Vec<Block> = edit(&mut g, &current)
                .into_iter()
                .map(|t| t.block)
                .collect();
            let next = assign_ids(&current, blocks, || {
                fresh_count += 1;
                format!("f{fresh_count}")
            });
            let changes = block_diff(&current, &next);

            let mut shown_new = Vec::new();
            let mut removed = Vec::new();
            for c in &changes {
                match c {
                    BlockChange::Kept(b) => {
                        assert!(current.contains(b));
                        shown_new.push(b);
                    }
                    BlockChange::Changed {
                        old, new, words, ..
                    } => {
                        assert_ne!(old.markdown, new.markdown);
                        assert_eq!(old.id, new.id);
                        let (o, n) = sides(words);
                        assert_eq!(
                            (o.as_str(), n.as_str()),
                            (old.markdown.as_str(), new.markdown.as_str())
                        );
                        shown_new.push(new);
                    }
                    BlockChange::Moved { old, new, .. } => {
                        assert_eq!(old.id, new.id);
                        shown_new.push(new);
                    }
                    BlockChange::Added(b) => {
                        assert!(current.iter().all(|o| o.id != b.id));
                        shown_new.push(b);
                    }
                    BlockChange::Removed(b) => removed.push(b),
                }
            }
            assert_eq!(shown_new, next.iter().collect::<Vec<_>>());
            let expected_removed: Vec<&IdBlock> = current
                .iter()
                .filter(|o| next.iter().all(|n| n.id != o.id))
                .collect();
            assert_eq!(removed, expected_removed);
            current = next;
        }
    }
}
