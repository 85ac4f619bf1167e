//! What accounts owe each other: per-account limits, authorship checked by id, "gelöschtes Konto" and Meine Daten.

use super::*;

#[tokio::test]
async fn posting_and_supporting_are_limited_per_account_with_the_seconds_to_wait() {
    for db in TestDb::all().await {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Post, (2, 3600));
        limits.rules.insert(Bucket::Support, (1, 3600));
        let e = content_env(&db, Some(limits)).await;
        for (mail, name) in [
            ("a@example.org", "Anna"),
            ("b@example.org", "Ben"),
            ("c@example.org", "Cem"),
        ] {
            registered(&e, mail, name).await;
        }
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let cem = logged_in(&e, "c@example.org").await;
        let first = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("eins"))
            .await
            .unwrap();
        let second = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("zwei"))
            .await
            .unwrap();
        match e
            .app
            .post_contribution(&anna, OPEN, None, &comment("drei"))
            .await
        {
            Err(AppError::RateLimited { retry_after }) => {
                assert!((1..=3600).contains(&retry_after))
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(
            matches!(
                e.app
                    .edit_contribution(&anna, OPEN, first, "", "eins, neu")
                    .await,
                Err(AppError::RateLimited { .. })
            ),
            "edits count like posts"
        );
        // Replies count too, and a new session does not reset the count.
        let again = logged_in(&e, "a@example.org").await;
        assert!(matches!(
            e.app
                .post_contribution(&again, OPEN, Some(first), &comment("vier"))
                .await,
            Err(AppError::RateLimited { .. })
        ));
        // Another account is not affected.
        e.app
            .post_contribution(&ben, OPEN, None, &comment("von Ben"))
            .await
            .unwrap();

        e.app.cast_support(&cem, OPEN, first).await.unwrap();
        assert!(matches!(
            e.app.cast_support(&cem, OPEN, second).await,
            Err(AppError::RateLimited { .. })
        ));
        e.app.cast_support(&ben, OPEN, second).await.unwrap();
        let v = page(&e, None).await;
        assert_eq!(v.total, 3, "nothing was stored for refused posts");
        assert_eq!(v.threads[1].root.replies, 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_participant_cannot_edit_or_withdraw_another_persons_contribution_by_its_id() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let id = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("Offene Daten", "Bitte als CSV."),
            )
            .await
            .unwrap();
        assert!(matches!(
            e.app
                .edit_contribution(&ben, OPEN, id, "Gekapert", "Fremder Text")
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.withdraw_contribution(&ben, OPEN, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.contribution_to_edit(&ben, OPEN, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.edit_contribution(&ben, OPEN, 999_999, "x", "y").await,
            Err(AppError::NotFound)
        ));
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(
            (root.title.as_str(), root.body.as_str(), root.edited_at),
            ("Offene Daten", "Bitte als CSV.", None)
        );

        e.app
            .edit_contribution(&anna, OPEN, id, "Offene Daten als CSV", "Und als JSON.")
            .await
            .unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.title, "Offene Daten als CSV");
        assert!(root.edited_at.is_some());
        e.app.withdraw_contribution(&anna, OPEN, id).await.unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.state, ContributionState::Withdrawn);
        assert!(
            root.title.is_empty() && root.body.is_empty(),
            "the text is gone from the page"
        );
        assert!(matches!(
            e.app.edit_contribution(&anna, OPEN, id, "x", "y").await,
            Err(AppError::Conflict)
        ));
        assert!(matches!(
            e.app.cast_support(&ben, OPEN, id).await,
            Err(AppError::Conflict)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_deleted_accounts_contributions_stay_signed_as_deleted_account() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna Auffindbar").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let id = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("Funklöcher melden", "Eine Karte."),
            )
            .await
            .unwrap();
        e.app
            .cast_support(&anna, OPEN, {
                e.app
                    .post_contribution(&ben, OPEN, None, &comment("Gute Idee"))
                    .await
                    .unwrap()
            })
            .await
            .unwrap();
        e.app.delete_account(&anna, PW).await.unwrap();
        let v = page(&e, None).await;
        let root = v.threads.iter().find(|t| t.root.id == id).unwrap();
        assert_eq!(root.root.author, Author::Deleted);
        assert_eq!(
            root.root.body, "Eine Karte.",
            "the public contribution stays"
        );
        let named: Vec<_> = v
            .threads
            .iter()
            .map(|t| format!("{:?}", t.root.author))
            .collect();
        assert!(!named.iter().any(|n| n.contains("Anna")), "{named:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn meine_daten_holds_the_accounts_contributions_and_supports() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let mine = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("Mein Vorschlag", "Text von Anna"),
            )
            .await
            .unwrap();
        let bens = e
            .app
            .post_contribution(&ben, OPEN, None, &comment("Text von Ben"))
            .await
            .unwrap();
        e.app.cast_support(&anna, OPEN, bens).await.unwrap();
        let export = e.app.export_my_data(&anna, PW).await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(export.zip)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let contributions: serde_json::Value =
            serde_json::from_str(&read("contributions.json")).unwrap();
        assert_eq!(contributions.as_array().unwrap().len(), 1);
        assert_eq!(contributions[0]["id"], mine);
        assert_eq!(contributions[0]["body"], "Text von Anna");
        let supports: serde_json::Value = serde_json::from_str(&read("supports.json")).unwrap();
        assert_eq!(supports[0]["contribution"], bens);
        assert!(!read("contributions.json").contains("Text von Ben"));
        db.cleanup().await;
    }
}
