//! `Store::query_count` counts statements where they are sent, on SQLite always and on
//! PostgreSQL when FAHRPLAN_TEST_POSTGRES_URL is set: one per statement on the pool, BEGIN and
//! COMMIT as one each, and every statement of a loop inside a store function.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_domain::Role;
use fahrplan_store::{NewAccount, Store};
use fahrplan_testkit::TestDb;

async fn store(db: &TestDb) -> Store {
    let s = Store::connect(&db.url).await.unwrap();
    s.migrate().await.unwrap();
    s
}

#[tokio::test]
async fn the_counter_counts_each_statement_sent_and_begin_and_commit_of_a_transaction() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let roles = [(Role::Participant, String::new())];
        let before = s.query_count();
        let id = s
            .create_account(&NewAccount {
                email: "z@example.org",
                display_name: "Zähler",
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y",
                verified: true,
                roles: &roles,
                consent: None,
                now: 100,
            })
            .await
            .unwrap();
        assert_eq!(
            s.query_count() - before,
            4,
            "{}: BEGIN, account, one role, COMMIT",
            db.backend
        );

        let before = s.query_count();
        s.ping().await.unwrap();
        s.account(id).await.unwrap();
        assert_eq!(s.query_count() - before, 2, "one each on the pool");

        let before = s.query_count();
        assert!(!s.reset_second_factor(id).await.unwrap());
        assert_eq!(
            s.query_count() - before,
            5,
            "{}: BEGIN, three statements, COMMIT",
            db.backend
        );

        // A statement per item of a loop is counted per item, so a loop of queries shows.
        for codes in [1, 4] {
            let hashes: Vec<String> = (0..codes).map(|i| format!("h{i}")).collect();
            let before = s.query_count();
            s.enable_totp(id, "SECRET", 1, &hashes).await.unwrap();
            assert_eq!(
                s.query_count() - before,
                4 + codes,
                "{}: BEGIN, update, delete, {codes} inserts, COMMIT",
                db.backend
            );
        }

        let clone = s.clone();
        let before = s.query_count();
        clone.ping().await.unwrap();
        assert_eq!(s.query_count() - before, 1, "clones share the counter");
        db.cleanup().await;
    }
}
