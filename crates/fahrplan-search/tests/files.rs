//! Issue 13, finding 1: the index folder and every file tantivy writes into it (segments,
//! meta.json, lock files) are readable by their owner only.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use fahrplan_search::{SearchDoc, SearchIndex};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

fn loose(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode() & 0o777;
        let want = if meta.is_dir() { 0o700 } else { 0o600 };
        if mode != want {
            out.push(format!("{} {mode:o}", path.display()));
        }
        if meta.is_dir() {
            loose(&path, out);
        }
    }
}

#[test]
fn the_index_folder_and_every_file_in_it_are_owner_only() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("search");
    let index = SearchIndex::open(&dir).unwrap();
    index
        .upsert(&[SearchDoc {
            kind: "measure".into(),
            id: "gigabit".into(),
            title: "Breitbandausbau".into(),
            headings: Vec::new(),
            body: "Glasfaser bis in jedes Dorf.".into(),
            url: "/massnahmen/gigabit".into(),
            facets: Vec::new(),
            ..SearchDoc::default()
        }])
        .unwrap();
    index.commit(1).unwrap();
    let mut found = Vec::new();
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    if mode != 0o700 {
        found.push(format!("{} {mode:o}", dir.display()));
    }
    loose(&dir, &mut found);
    let files = std::fs::read_dir(&dir).unwrap().count();
    index.close().unwrap();
    assert!(files > 3, "segments were written");
    assert!(found.is_empty(), "readable by others: {found:#?}");
}
