//! Conformance suite of the store functions that need no content, on SQLite always and on
//! PostgreSQL when FAHRPLAN_TEST_POSTGRES_URL is set. Content functions are exercised with the
//! real default content in fahrplan-app's tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_store::{MIGRATIONS, NewFeedback, Store};
use fahrplan_testkit::TestDb;

#[test]
fn migration_folders_hold_the_same_files_as_the_migration_list() {
    let names = |dir: &str| {
        let mut v: Vec<String> =
            std::fs::read_dir(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
                .map(|e| {
                    e.unwrap()
                        .file_name()
                        .to_string_lossy()
                        .trim_end_matches(".sql")
                        .to_owned()
                })
                .collect();
        v.sort();
        v
    };
    let listed: Vec<String> = MIGRATIONS.iter().map(|m| m.name.to_owned()).collect();
    assert_eq!(names("sqlite"), names("postgres"));
    assert_eq!(names("sqlite"), listed);
}

#[tokio::test]
async fn migrating_twice_applies_every_migration_once() {
    for db in TestDb::all().await {
        let store = Store::connect(&db.url).await.unwrap();
        assert_eq!(
            store.migrate().await.unwrap().len(),
            MIGRATIONS.len(),
            "{}",
            db.backend
        );
        assert!(store.migrate().await.unwrap().is_empty(), "{}", db.backend);
        store.close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_empty_database_has_no_content_and_an_empty_outbox() {
    for db in TestDb::all().await {
        let store = Store::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        assert!(store.content_is_empty().await.unwrap(), "{}", db.backend);
        assert_eq!(store.outbox_head().await.unwrap(), 0);
        assert!(store.load_content().await.unwrap().is_none());
        store.close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn feedback_is_stored_and_listed_newest_first() {
    for db in TestDb::all().await {
        let store = Store::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let first = NewFeedback {
            page_url: None,
            message: "Kontrast".into(),
            name: None,
            email: Some("a@b.de".into()),
        };
        let second = NewFeedback {
            page_url: Some("/".into()),
            message: "Tastatur".into(),
            name: Some("X".into()),
            email: None,
        };
        let id1 = store.add_feedback(&first).await.unwrap();
        let id2 = store.add_feedback(&second).await.unwrap();
        assert!(id2 > id1, "{}", db.backend);
        let list = store.feedback().await.unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].message, "Tastatur");
        assert_eq!(list[1].email.as_deref(), Some("a@b.de"));
        store.close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_url_of_another_kind_is_refused() {
    assert!(Store::connect("mysql://localhost/x").await.is_err());
}
