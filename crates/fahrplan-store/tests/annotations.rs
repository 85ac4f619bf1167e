//! Migration 0016 (target kind `block`, issue 17) with rows present, the store functions of
//! annotations, and the outbox rows that drop the pages showing a hidden or restored one, on
//! SQLite always and on PostgreSQL when FAHRPLAN_TEST_POSTGRES_URL is set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_domain::blocks::Anchoring;
use fahrplan_domain::{AnswerState, ContributionKind, Role, TargetKind};
use fahrplan_store::{
    ANNOTATIONS_TOPIC, AnswerLink, CONTRIBUTIONS_TOPIC, MIGRATIONS, NewAccount, NewAnnotation,
    NewAnswer, NewContribution, ReportOutcome, Store, StoreError,
};
use fahrplan_testkit::TestDb;

const BLOCK_TARGET: &str = "0016_block_target";

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

fn proposal(author: i64, title: &str, parent: Option<i64>) -> NewContribution {
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

async fn number(db: &TestDb, sql: &str) -> i64 {
    db.text(&format!("SELECT CAST(({sql}) AS TEXT)"))
        .await
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_block_target_migration_keeps_every_row_id_reference_index_and_the_id_sequence() {
    for db in TestDb::all().await {
        let s = Store::connect(&db.url).await.unwrap();
        let before = MIGRATIONS
            .iter()
            .take_while(|m| m.name != BLOCK_TARGET)
            .last()
            .unwrap()
            .name;
        s.migrate_through(Some(before)).await.unwrap();
        let a = account(&s, "a@example.org").await;
        let b = account(&s, "b@example.org").await;
        let first = s
            .add_contribution(&proposal(a, "Eins", None))
            .await
            .unwrap();
        let reply = s
            .add_contribution(&proposal(b, "", Some(first)))
            .await
            .unwrap();
        let last = s
            .add_contribution(&proposal(a, "Drei", None))
            .await
            .unwrap();
        assert!(s.add_support(first, b, 1_001).await.unwrap());
        assert_eq!(
            s.report_contribution(first, b, "Werbung", 1_002, 3)
                .await
                .unwrap(),
            ReportOutcome::Recorded
        );
        // The newest row goes: its id must never be given again after the rebuild.
        db.execute(&format!("DELETE FROM contributions WHERE id = {last}"))
            .await;
        let indexes = if db.backend == "sqlite" {
            number(
                &db,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contributions'",
            )
            .await
        } else {
            number(
                &db,
                "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'contributions'",
            )
            .await
        };

        let applied = s.migrate().await.unwrap();
        assert!(applied.contains(&BLOCK_TARGET), "{applied:?}");

        assert_eq!(number(&db, "SELECT COUNT(*) FROM contributions").await, 2);
        let kept = s.contribution(first).await.unwrap();
        assert_eq!((kept.title.as_str(), kept.supports), ("Eins", 1));
        assert_eq!(s.contribution(reply).await.unwrap().parent, Some(first));
        assert_eq!(s.supports_by(b).await.unwrap(), vec![(first, 1_001)]);
        assert_eq!(
            number(
                &db,
                &format!("SELECT COUNT(*) FROM flags WHERE contribution = {first}")
            )
            .await,
            1
        );
        let after = if db.backend == "sqlite" {
            number(
                &db,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contributions'",
            )
            .await
        } else {
            number(
                &db,
                "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'contributions'",
            )
            .await
        };
        assert_eq!(after, indexes, "{}: indexes of contributions", db.backend);
        // References still hold: a support of a missing contribution is refused.
        let missing = s.add_support(9_999, a, 1_003).await;
        assert!(
            matches!(missing, Err(StoreError::Conflict { .. })),
            "{}: {missing:?}",
            db.backend
        );
        // The sequence goes on after the deleted newest row, and `block` is a target now.
        let mut note = proposal(a, "", None);
        note.kind = ContributionKind::Annotation;
        note.target_kind = TargetKind::Block;
        note.target = "measure:m#body".to_owned();
        let id = s
            .add_annotation(
                &note,
                &NewAnnotation {
                    text: "measure:m#body".to_owned(),
                    block: "b1".to_owned(),
                    quote: "Wort".to_owned(),
                    wording: "Ein Wort.".to_owned(),
                    version: 1,
                },
            )
            .await
            .unwrap();
        assert!(id > last, "{}: id {id} after {last}", db.backend);
        assert_eq!(
            s.contribution(id).await.unwrap().target_kind,
            TargetKind::Block
        );
        // Applying again changes nothing.
        assert!(s.migrate().await.unwrap().is_empty());
        s.close().await;
    }
}

#[tokio::test]
async fn annotations_are_counted_per_block_and_keep_their_new_anchor() {
    for db in TestDb::all().await {
        let s = Store::connect(&db.url).await.unwrap();
        s.migrate().await.unwrap();
        let a = account(&s, "a@example.org").await;
        let head = s.outbox_head().await.unwrap();
        let mut ids = Vec::new();
        for (text, block) in [
            ("measure:m#body", "b1"),
            ("measure:m#body", "b1"),
            ("measure:m#body", "b2"),
            ("measure:mm#body", "b1"),
        ] {
            let mut note = proposal(a, "", None);
            note.kind = ContributionKind::Annotation;
            note.target_kind = TargetKind::Block;
            note.target = text.to_owned();
            let n = NewAnnotation {
                text: text.to_owned(),
                block: block.to_owned(),
                quote: "Wort".to_owned(),
                wording: "Ein Wort.".to_owned(),
                version: 1,
            };
            ids.push(s.add_annotation(&note, &n).await.unwrap());
        }
        assert_eq!(
            s.annotation_counts("measure:m").await.unwrap(),
            vec![
                ("measure:m#body".to_owned(), "b1".to_owned(), 2),
                ("measure:m#body".to_owned(), "b2".to_owned(), 1),
            ]
        );
        let rows = s.outbox_after(head, 100).await.unwrap();
        let pages: Vec<&str> = rows
            .iter()
            .filter(|r| r.1 == ANNOTATIONS_TOPIC)
            .map(|r| r.2.as_str())
            .collect();
        assert_eq!(pages, ["measure:m", "measure:m", "measure:m", "measure:mm"]);

        s.set_anchors(
            "measure:m",
            &[(ids[0], "b2".to_owned(), Anchoring::ByQuote)],
            2,
        )
        .await
        .unwrap();
        let moved = s.annotation(ids[0]).await.unwrap();
        assert_eq!(
            (moved.block.as_str(), moved.anchoring, moved.version),
            ("b2", Anchoring::ByQuote, 2)
        );
        assert_eq!(
            s.annotations_on("measure:m#body", "b2")
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            s.annotated_entities().await.unwrap(),
            vec!["measure:m".to_owned(), "measure:mm".to_owned()]
        );
        s.close().await;
    }
}

/// The page-cache rows (every topic but `contribution`) written after `head`, sorted.
async fn page_rows(s: &Store, head: i64) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = s
        .outbox_after(head, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.1 != CONTRIBUTIONS_TOPIC)
        .map(|r| (r.1, r.2))
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn hiding_restoring_and_withdrawing_an_answered_annotation_drop_every_page_that_shows_it() {
    for db in TestDb::all().await {
        let s = Store::connect(&db.url).await.unwrap();
        s.migrate().await.unwrap();
        let a = account(&s, "a@example.org").await;
        let staff = account(&s, "s@example.org").await;
        let reporter = account(&s, "r@example.org").await;
        let mut note = proposal(a, "", None);
        note.kind = ContributionKind::Annotation;
        note.target_kind = TargetKind::Block;
        note.target = "measure:m#body".to_owned();
        let annotation = NewAnnotation {
            text: "measure:m#body".to_owned(),
            block: "b1".to_owned(),
            quote: "Wort".to_owned(),
            wording: "Ein Wort.".to_owned(),
            version: 1,
        };
        let id = s.add_annotation(&note, &annotation).await.unwrap();
        let link = |entity: &str, version| AnswerLink {
            entity: entity.to_owned(),
            version,
        };
        s.add_answer(&NewAnswer {
            contribution: id,
            state: AnswerState::Adopted,
            reasoning: "Übernommen.".to_owned(),
            department: String::new(),
            author: staff,
            created_at: 1_001,
            links: vec![link("goal:g", None), link("area:2021/x", Some(1))],
        })
        .await
        .unwrap();
        let shown_on = [
            ("annotation", "measure:m"),
            ("area", "2021/x"),
            ("goal", "g"),
        ]
        .map(|(t, e)| (t.to_owned(), e.to_owned()));
        assert_eq!(s.shaped("goal:g").await.unwrap().len(), 1);

        let head = s.outbox_head().await.unwrap();
        assert!(s.moderator_hide(id, "Beleidigend.", 1_002).await.unwrap());
        assert_eq!(page_rows(&s, head).await, shown_on, "hidden by a moderator");
        assert!(
            s.shaped("goal:g").await.unwrap().is_empty(),
            "a hidden contribution shaped nothing in public"
        );

        let head = s.outbox_head().await.unwrap();
        assert!(s.moderator_restore(id, 1_003).await.unwrap());
        assert_eq!(page_rows(&s, head).await, shown_on, "restored");
        assert_eq!(s.shaped("goal:g").await.unwrap().len(), 1);

        let head = s.outbox_head().await.unwrap();
        let outcome = s
            .report_contribution(id, reporter, "Werbung", 1_004, 1)
            .await
            .unwrap();
        assert_eq!(outcome, ReportOutcome::Hidden);
        assert_eq!(page_rows(&s, head).await, shown_on, "hidden by reports");

        let hiding = s.latest_hiding(id).await.unwrap().unwrap();
        assert!(
            s.object_to_hiding(id, "Ist keine Werbung.", 1_005)
                .await
                .unwrap()
        );
        let head = s.outbox_head().await.unwrap();
        assert!(
            s.answer_objection(hiding.id, true, "Stimmt.", 1_006)
                .await
                .unwrap()
        );
        assert_eq!(page_rows(&s, head).await, shown_on, "restored on objection");

        let head = s.outbox_head().await.unwrap();
        assert!(s.withdraw_contribution(id, a).await.unwrap());
        assert_eq!(page_rows(&s, head).await, shown_on, "withdrawn");
        s.close().await;
    }
}
