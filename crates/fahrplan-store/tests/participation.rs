//! Store functions of contributions and supports, on SQLite always and on PostgreSQL when
//! FAHRPLAN_TEST_POSTGRES_URL is set: one support per account by key, the kept support count
//! under parallel clicks, pages in both orders, and an outbox row for every change.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_domain::{ContributionKind, Role, TargetKind};
use fahrplan_store::{CONTRIBUTIONS_TOPIC, NewAccount, NewContribution, Order, Store, StoreError};
use fahrplan_testkit::TestDb;

async fn store(db: &TestDb) -> Store {
    let s = Store::connect(&db.url).await.unwrap();
    s.migrate().await.unwrap();
    s
}

async fn account(s: &Store, email: &str) -> i64 {
    let roles = [(Role::Participant, String::new())];
    s.create_account(&NewAccount {
        email,
        display_name: "Testperson",
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y",
        verified: true,
        roles: &roles,
        consent: Some(("art9_political_opinions", "v1")),
        now: 1_000,
    })
    .await
    .unwrap()
}

fn contribution(author: i64, title: &str, parent: Option<i64>) -> NewContribution {
    NewContribution {
        process: "p".to_owned(),
        target_kind: TargetKind::Process,
        target: String::new(),
        kind: if parent.is_some() {
            ContributionKind::Comment
        } else {
            ContributionKind::Proposal
        },
        author,
        author_role: None,
        parent,
        title: title.to_owned(),
        body: "Text".to_owned(),
        created_at: 1_000,
    }
}

#[tokio::test]
async fn supports_are_one_per_account_and_the_kept_count_survives_parallel_clicks() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let author = account(&s, "a@example.org").await;
        let id = s
            .add_contribution(&contribution(author, "A", None))
            .await
            .unwrap();
        let mut people = Vec::new();
        for i in 0..8 {
            people.push(account(&s, &format!("p{i}@example.org")).await);
        }
        // Every person clicks twice at the same time: eight supports, never sixteen.
        let clicks = people.iter().chain(people.iter()).map(|&p| {
            let s = s.clone();
            tokio::spawn(async move { s.add_support(id, p, 1_001).await.unwrap() })
        });
        let mut added = 0;
        for c in clicks {
            added += usize::from(c.await.unwrap());
        }
        assert_eq!(added, 8);
        assert_eq!(s.contribution(id).await.unwrap().supports, 8);
        assert!(s.remove_support(id, people[0]).await.unwrap());
        assert!(!s.remove_support(id, people[0]).await.unwrap(), "only once");
        assert_eq!(s.contribution(id).await.unwrap().supports, 7);
        assert_eq!(s.supports_by(people[1]).await.unwrap(), [(id, 1_001)]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn pages_come_newest_or_most_supported_first_with_replies_counted() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let author = account(&s, "a@example.org").await;
        let fan = account(&s, "f@example.org").await;
        let mut ids = Vec::new();
        for i in 0..5 {
            ids.push(
                s.add_contribution(&contribution(author, &format!("T{i}"), None))
                    .await
                    .unwrap(),
            );
        }
        s.add_contribution(&contribution(author, "", Some(ids[1])))
            .await
            .unwrap();
        s.add_support(ids[1], fan, 1_002).await.unwrap();
        let (page, total) = s
            .contribution_page("p", None, Order::Newest, 2, 0)
            .await
            .unwrap();
        assert_eq!(total, 5, "replies are not top-level");
        assert_eq!(
            page.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[4], ids[3]]
        );
        let (page, _) = s
            .contribution_page("p", None, Order::Newest, 2, 4)
            .await
            .unwrap();
        assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[0]]);
        let (page, _) = s
            .contribution_page("p", None, Order::MostSupported, 2, 0)
            .await
            .unwrap();
        assert_eq!(page[0].id, ids[1]);
        assert_eq!((page[0].supports, page[0].replies), (1, 1));
        let (none, total) = s
            .contribution_page("p", Some((TargetKind::Measure, "x")), Order::Newest, 2, 0)
            .await
            .unwrap();
        assert!(none.is_empty() && total == 0);
        let thread = s.thread(ids[1]).await.unwrap();
        assert_eq!(thread.len(), 2);
        assert!(matches!(
            s.thread(999_999).await,
            Err(fahrplan_store::StoreError::NotFound)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn every_change_of_a_contribution_leaves_an_outbox_row_for_the_search_index() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let author = account(&s, "a@example.org").await;
        let head = s.outbox_head().await.unwrap();
        let id = s
            .add_contribution(&contribution(author, "A", None))
            .await
            .unwrap();
        assert!(
            s.edit_contribution(id, author, "B", "Neu", 1_001)
                .await
                .unwrap()
        );
        assert!(
            !s.edit_contribution(id, author + 1, "C", "Fremd", 1_001)
                .await
                .unwrap(),
            "not the author"
        );
        assert!(s.moderator_hide(id, "Grund", 1_001).await.unwrap());
        assert!(s.moderator_restore(id, 1_002).await.unwrap());
        assert!(s.withdraw_contribution(id, author).await.unwrap());
        assert!(!s.withdraw_contribution(id, author).await.unwrap(), "once");
        let rows = s.outbox_after(head, 100).await.unwrap();
        let ours: Vec<_> = rows.iter().filter(|r| r.1 == CONTRIBUTIONS_TOPIC).collect();
        assert_eq!(
            ours.len(),
            5,
            "add, edit, hide, restore, withdraw; refused changes write none"
        );
        assert!(ours.iter().all(|r| r.2 == id.to_string()));
        assert_eq!(
            s.page_outbox_head().await.unwrap(),
            head,
            "cached pages are not affected"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn erasing_an_account_removes_its_supports_and_reports_and_their_counts() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let author = account(&s, "a@example.org").await;
        let fan = account(&s, "f@example.org").await;
        let other = account(&s, "o@example.org").await;
        let id = s
            .add_contribution(&contribution(author, "A", None))
            .await
            .unwrap();
        s.add_support(id, fan, 1_001).await.unwrap();
        s.add_support(id, other, 1_001).await.unwrap();
        s.report_contribution(id, fan, "Grund", 1_002, 3)
            .await
            .unwrap();
        s.erase_account(fan, 1_003).await.unwrap();
        assert_eq!(
            s.contribution(id).await.unwrap().supports,
            1,
            "only the other support stays"
        );
        assert!(s.supports_by(fan).await.unwrap().is_empty());
        assert!(s.flags_by(fan).await.unwrap().is_empty());
        assert!(s.open_flags().await.unwrap().is_empty());
        s.erase_account(author, 1_004).await.unwrap();
        let row = s.contribution(id).await.unwrap();
        assert_eq!(
            (row.author_name.as_str(), row.author_deleted_at),
            ("", Some(1_004)),
            "the contribution stays, anonymised"
        );
        db.cleanup().await;
    }
}

/// Runs raw SQL on the test database, past the store (and, on SQLite, past CHECK constraints).
async fn raw(db: &TestDb, sql: &str) {
    use sqlx::Connection;
    if db.backend == "sqlite" {
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query("PRAGMA ignore_check_constraints = ON")
            .execute(&mut c)
            .await
            .unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
        c.close().await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
        c.close().await.unwrap();
    }
}

fn corrupt_value(r: Result<impl std::fmt::Debug, StoreError>) -> (String, String) {
    match r {
        Err(StoreError::Corrupt { what, value }) => (what, value),
        other => panic!("expected a corrupt-value error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_stored_kind_or_role_is_an_error_never_a_default() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let author = account(&s, "a@example.org").await;
        let id = s
            .add_contribution(&contribution(author, "A", None))
            .await
            .unwrap();
        assert_eq!(
            s.contribution(id).await.unwrap().kind,
            ContributionKind::Proposal
        );
        assert_eq!(s.contribution(id).await.unwrap().author_role, None);
        let mut statement = contribution(author, "", None);
        statement.kind = ContributionKind::Statement;
        statement.author_role = Some(Role::Expert);
        let sid = s.add_contribution(&statement).await.unwrap();
        assert_eq!(
            s.contribution(sid).await.unwrap().author_role,
            Some(Role::Expert)
        );
        raw(
            &db,
            &format!("UPDATE contributions SET author_role = 'chancellor' WHERE id = {sid}"),
        )
        .await;
        let (what, value) = corrupt_value(s.contribution(sid).await);
        assert_eq!(
            (what.as_str(), value.as_str()),
            ("Role in column contributions.author_role", "chancellor")
        );

        if db.backend == "postgres" {
            raw(
                &db,
                "ALTER TABLE contributions DROP CONSTRAINT contributions_kind_check",
            )
            .await;
        }
        raw(
            &db,
            &format!("UPDATE contributions SET kind = 'petition' WHERE id = {id}"),
        )
        .await;
        let (what, value) = corrupt_value(s.contribution(id).await);
        assert_eq!(value, "petition", "{}", db.backend);
        assert!(what.contains("ContributionKind"), "{what}");
        assert!(
            matches!(s.thread(id).await, Err(StoreError::Corrupt { .. })),
            "lists fail the same way"
        );

        raw(
            &db,
            &format!("UPDATE account_roles SET role = 'superuser' WHERE account_id = {author}"),
        )
        .await;
        let (what, value) = corrupt_value(s.roles(author).await);
        assert_eq!(
            (what.as_str(), value.as_str()),
            ("Role in column account_roles.role", "superuser")
        );
        db.cleanup().await;
    }
}
