//! Editorial changes in the store, on SQLite always and on PostgreSQL when
//! FAHRPLAN_TEST_POSTGRES_URL is set: the list by state takes its states as bound values
//! (publishing, which needs content, is tested with the default content in fahrplan-app).

#![allow(
    clippy::unwrap_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_domain::Role;
use fahrplan_store::{NewAccount, Store};
use fahrplan_testkit::TestDb;

#[tokio::test]
async fn changes_lists_the_states_asked_for_and_a_state_is_only_ever_a_value() {
    for db in TestDb::all().await {
        let s = Store::connect(&db.url).await.unwrap();
        s.migrate().await.unwrap();
        let roles = [(Role::Editor, "hmdi".to_owned())];
        let author = s
            .create_account(&NewAccount {
                email: "r@example.org",
                display_name: "Redaktion",
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y",
                verified: true,
                roles: &roles,
                consent: None,
                now: 100,
            })
            .await
            .unwrap();
        let mut ids = Vec::new();
        for slug in ["a", "b", "c"] {
            let entity = format!("measure:{slug}");
            ids.push(s.create_change(&entity, 0, "{}", author).await.unwrap());
        }
        assert!(s.submit_change(ids[1]).await.unwrap());
        assert!(s.withdraw_change(ids[2]).await.unwrap());
        let listed = |rows: Vec<fahrplan_store::ChangeRow>| {
            let mut v: Vec<i64> = rows.into_iter().map(|c| c.id).collect();
            v.sort_unstable();
            v
        };

        let drafts = s.changes(&["draft"], 10).await.unwrap();
        assert_eq!(listed(drafts), [ids[0]], "{}", db.backend);
        let decided = s.changes(&["in_review", "withdrawn"], 10).await.unwrap();
        assert_eq!(listed(decided), [ids[1], ids[2]], "{}", db.backend);
        let all = s.changes(&["draft", "in_review", "withdrawn"], 2).await;
        assert_eq!(all.unwrap().len(), 2, "{}: the limit holds", db.backend);
        let sneaky = s.changes(&["draft') OR ('x' = 'x"], 10).await.unwrap();
        assert!(
            sneaky.is_empty(),
            "{}: a state is compared, never run",
            db.backend
        );
        assert!(s.changes(&[], 10).await.unwrap().is_empty());
        s.close().await;
        db.cleanup().await;
    }
}
