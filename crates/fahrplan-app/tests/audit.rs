//! The audit log through the use cases, on SQLite and (when configured) PostgreSQL: every
//! append signs the head in a file only its owner reads, the head never moves backwards (also
//! when another node or process appended later and this one writes an older head), its
//! signature checks with the key and with no other, and `verify_audit` holds chain and head
//! against each other.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::App;
use fahrplan_app::audit::{AuditFault, AuditKey, AuditSettings, HeadStore, SignedHead};
use fahrplan_store::{AuditTip, Store};
use fahrplan_testkit::TestDb;
use std::path::Path;

async fn app(db: &TestDb, key: &AuditKey, head: &Path) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    App::new(store).unwrap().with_audit(AuditSettings {
        key: key.clone(),
        head: HeadStore::File(head.to_path_buf()),
    })
}

fn read_head(path: &Path) -> SignedHead {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn the_head_file_is_owner_only_never_moves_backwards_and_its_signature_checks() {
    for db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit-head");
        let key = AuditKey::random();
        let app = app(&db, &key, &path).await;
        for i in 0..3 {
            app.audit(None, "role.grant", &format!("account:{i}"), "{}")
                .await
                .unwrap();
        }
        let head = read_head(&path);
        let newest = app.store().audit_after(0, 10).await.unwrap().pop().unwrap();
        assert_eq!((head.seq, &head.hash), (newest.seq, &newest.hash));
        assert!(head.holds(&key), "{}", db.backend);
        assert!(!head.holds(&AuditKey::random()));
        assert_eq!(app.audit_head().await.unwrap(), Some(head.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{mode:o}");
        }
        // Another process on the same file that saw only an earlier entry writes nothing.
        let older = SignedHead::sign(
            &key,
            &AuditTip {
                seq: head.seq - 1,
                hash: "0".repeat(64),
            },
        );
        let other = HeadStore::File(path.clone());
        assert_eq!(other.advance(older).unwrap(), None);
        assert_eq!(read_head(&path), head);
        assert_eq!(
            app.verify_audit().await.unwrap().unwrap().head,
            Some(head.seq)
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_head_with_a_forged_signature_or_beyond_the_chain_fails_verification() {
    for db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit-head");
        let key = AuditKey::random();
        let app = app(&db, &key, &path).await;
        app.audit(None, "account.create", "account:1", "{}")
            .await
            .unwrap();
        let head = read_head(&path);
        // One that claims a later entry, signed with another key, as someone without the key
        // would have to.
        let forged = SignedHead::sign(
            &AuditKey::random(),
            &AuditTip {
                seq: head.seq + 5,
                hash: head.hash.clone(),
            },
        );
        std::fs::write(&path, serde_json::to_string(&forged).unwrap()).unwrap();
        assert_eq!(
            app.verify_audit().await.unwrap(),
            Err(AuditFault::HeadForged {
                key: key.id().to_owned()
            }),
            "{}",
            db.backend
        );
        // Signed with the key, it stands for entries that are gone.
        let ahead = SignedHead::sign(
            &key,
            &AuditTip {
                seq: head.seq + 5,
                hash: head.hash.clone(),
            },
        );
        std::fs::write(&path, serde_json::to_string(&ahead).unwrap()).unwrap();
        assert_eq!(
            app.verify_audit().await.unwrap(),
            Err(AuditFault::Chain(fahrplan_store::AuditFault::Missing {
                last: head.seq,
                head: head.seq + 5,
            })),
            "{}",
            db.backend
        );
        std::fs::write(&path, "kein Kopf").unwrap();
        assert!(matches!(
            app.verify_audit().await.unwrap(),
            Err(AuditFault::HeadUnreadable { .. })
        ));
        std::fs::remove_file(&path).unwrap();
        let summary = app.verify_audit().await.unwrap().unwrap();
        assert_eq!((summary.entries, summary.head), (1, None));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_app_without_a_data_folder_keeps_its_head_in_memory() {
    let db = TestDb::sqlite();
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let app = App::new(store).unwrap();
    assert_eq!(app.audit_head().await.unwrap(), None);
    app.audit(None, "account.create", "account:1", "{}")
        .await
        .unwrap();
    let head = app.audit_head().await.unwrap().unwrap();
    assert!(head.holds(app.audit_key()));
    assert_eq!(app.audit_head_store().path(), None);
    assert_eq!(
        app.verify_audit().await.unwrap().unwrap().head,
        Some(head.seq)
    );
}
