//! Issue 13, finding 1: the SQLite database the store creates, and the -wal and -shm files
//! SQLite makes beside it, are readable by their owner only.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_store::Store;
use std::os::unix::fs::PermissionsExt as _;

#[tokio::test]
async fn a_new_sqlite_database_and_its_wal_and_shm_files_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("neu.db");
    let store = Store::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    // While the store is open, SQLite keeps its -wal and -shm files beside the database.
    let mut seen = Vec::new();
    for name in ["neu.db", "neu.db-wal", "neu.db-shm"] {
        let meta = std::fs::metadata(dir.path().join(name)).unwrap();
        seen.push((name, meta.permissions().mode() & 0o777));
    }
    store.close().await;
    assert_eq!(
        seen,
        [
            ("neu.db", 0o600),
            ("neu.db-wal", 0o600),
            ("neu.db-shm", 0o600)
        ],
        "modes in octal: {:?}",
        seen.iter()
            .map(|(n, m)| format!("{n} {m:o}"))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn an_existing_database_keeps_its_mode() {
    // The store creates a database owner-only; one that exists is the operator's, and the
    // binary decides about the data folder (a database elsewhere is left as it is).
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("alt.db");
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).unwrap();
    let store = Store::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store.close().await;
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "{mode:o}");
}
