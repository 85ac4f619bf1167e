//! Writing: posting, replying and supporting in an open phase, closed processes, bad input, statements and double submits.

use super::*;

#[tokio::test]
async fn a_participant_posts_replies_and_supports_while_the_phase_is_open() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        registered(&e, "ben@example.org", "Ben").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let ben = logged_in(&e, "ben@example.org").await;
        let mut input = proposal(
            "Glasfaser auch für Höfe",
            "Auch *Aussiedlerhöfe* brauchen Anschluss.",
        );
        input.target = "area:2021/digitale-infrastruktur".to_owned();
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap();
        let reply = e
            .app
            .post_contribution(&ben, OPEN, Some(id), &comment("Stimmt, bei uns auch."))
            .await
            .unwrap();
        // A reply to a reply joins the same thread, one level deep.
        let nested = e
            .app
            .post_contribution(&anna, OPEN, Some(reply), &comment("Danke!"))
            .await
            .unwrap();
        e.app.cast_support(&ben, OPEN, id).await.unwrap();
        assert!(
            matches!(
                e.app.cast_support(&ben, OPEN, id).await,
                Err(AppError::Conflict)
            ),
            "one support per account"
        );
        assert!(
            matches!(
                e.app.cast_support(&anna, OPEN, id).await,
                Err(AppError::Forbidden)
            ),
            "not one's own"
        );

        let v = page(&e, Some(&ben)).await;
        assert_eq!(v.threads.len(), 1);
        let t = &v.threads[0];
        assert_eq!(t.root.id, id);
        assert_eq!(t.root.kind, ContributionKind::Proposal);
        assert_eq!(t.root.title, "Glasfaser auch für Höfe");
        assert_eq!(t.root.target_kind, TargetKind::Area);
        assert_eq!(
            t.root.target_title.as_deref(),
            Some("Digitale Infrastruktur")
        );
        assert_eq!(t.root.supports, 1);
        assert!(t.root.supported && !t.root.mine);
        assert_eq!(
            t.root.author,
            Author::Named {
                name: "Anna".into(),
                role: None,
                staff: None
            }
        );
        assert_eq!(t.root.replies, 2);
        assert!(t.replies.is_empty(), "the process page counts replies");
        let (_, thread) = e
            .app
            .contribution_view(OPEN, nested, Some(&ben))
            .await
            .unwrap();
        assert_eq!(thread.root.id, id, "a reply's address shows its thread");
        let replies: Vec<i64> = thread.replies.iter().map(|r| r.id).collect();
        assert_eq!(replies, [reply, nested]);
        assert!(
            thread
                .replies
                .iter()
                .all(|r| r.target_kind == TargetKind::Area)
        );

        assert!(
            matches!(
                e.app.cast_support(&anna, OPEN, reply).await,
                Err(AppError::Forbidden)
            ),
            "replies are not supported"
        );
        e.app.withdraw_support(&ben, OPEN, id).await.unwrap();
        assert_eq!(page(&e, None).await.threads[0].root.supports, 0);
        let annotation = ContributionInput {
            kind: "annotation".into(),
            ..comment("Absatz 2")
        };
        let err = e
            .app
            .post_contribution(&anna, OPEN, None, &annotation)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("kind", "error-kind-unknown")],
            "no annotations without a quoted paragraph"
        );
        let narrowed = ListQuery {
            target: "area:2021/digitale-infrastruktur".into(),
            ..ListQuery::default()
        };
        let about = e
            .app
            .participation_view(OPEN, None, &narrowed)
            .await
            .unwrap();
        let ids: Vec<i64> = about.threads.iter().map(|t| t.root.id).collect();
        assert_eq!(ids, [id]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_closed_process_takes_no_contributions_and_no_supports() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        assert!(matches!(
            e.app
                .post_contribution(&anna, CLOSED, None, &comment("zu spät"))
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app
                .post_contribution(&anna, "gibt-es-nicht", None, &comment("x"))
                .await,
            Err(AppError::NotFound)
        ));
        let v = e
            .app
            .participation_view(CLOSED, Some(&anna), &ListQuery::default())
            .await
            .unwrap();
        assert!(v.allows.is_empty() && v.threads.is_empty());
        assert!(
            !page(&e, None).await.allows.is_empty(),
            "the demonstration process is open"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_nothing_is_stored() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let cases: Vec<(ContributionInput, Vec<(&str, &str)>)> = vec![
            (
                proposal("", ""),
                vec![
                    ("title", "error-title-required"),
                    ("body", "error-body-required"),
                ],
            ),
            (
                proposal(&"T".repeat(151), &"x".repeat(5001)),
                vec![
                    ("title", "error-title-too-long"),
                    ("body", "error-body-too-long"),
                ],
            ),
            (
                ContributionInput {
                    target: "measure:gibt-es-nicht".into(),
                    ..comment("x")
                },
                vec![("target", "error-target-unknown")],
            ),
            (
                ContributionInput {
                    target: "unsinn".into(),
                    ..comment("x")
                },
                vec![("target", "error-target-unknown")],
            ),
            (
                ContributionInput {
                    kind: "flugblatt".into(),
                    ..comment("x")
                },
                vec![("kind", "error-kind-unknown")],
            ),
        ];
        for (input, expected) in cases {
            let err = e
                .app
                .post_contribution(&anna, OPEN, None, &input)
                .await
                .unwrap_err();
            assert_eq!(field_codes(&err), expected, "{input:?}");
        }
        e.app.set_consent(&anna, false).await.unwrap();
        let err = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("ohne Einwilligung"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("body", "error-consent-needed")]);
        assert!(page(&e, None).await.threads.is_empty());
        assert!(
            e.app
                .store()
                .contributions_by(anna.account_id)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn statements_need_the_expert_or_council_role_and_are_shown_with_it() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let statement = ContributionInput {
            kind: "statement".into(),
            ..comment("Aus Sicht der Wissenschaft …")
        };
        assert!(matches!(
            e.app.post_contribution(&anna, OPEN, None, &statement).await,
            Err(AppError::Forbidden)
        ));
        e.app
            .grant_by_email("a@example.org", "expert", &[])
            .await
            .unwrap();
        let expert = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(&expert, OPEN, None, &statement)
            .await
            .unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.id, id);
        assert_eq!(root.kind, ContributionKind::Statement);
        assert_eq!(
            root.author,
            Author::Named {
                name: "Anna".into(),
                role: Some(Role::Expert),
                staff: None
            }
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_statement_too_long_gets_its_own_message_and_other_texts_never_mention_statements() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        e.app
            .grant_by_email("a@example.org", "expert", &[])
            .await
            .unwrap();
        let expert = logged_in(&e, "a@example.org").await;
        let statement = |len| ContributionInput {
            kind: "statement".into(),
            ..comment(&"x".repeat(len))
        };
        let err = e
            .app
            .post_contribution(&expert, OPEN, None, &statement(20_001))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("body", "error-statement-too-long")]);
        e.app
            .post_contribution(&expert, OPEN, None, &statement(6_000))
            .await
            .expect("a statement may be longer than other texts");
        for input in [
            proposal("Titel", &"x".repeat(5_001)),
            comment(&"x".repeat(5_001)),
        ] {
            let err = e
                .app
                .post_contribution(&expert, OPEN, None, &input)
                .await
                .unwrap_err();
            assert_eq!(
                field_codes(&err),
                [("body", "error-body-too-long")],
                "{}",
                input.kind
            );
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_same_text_sent_twice_is_stored_once() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let input = proposal("Doppelt", "Zweimal geklickt");
        let first = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap();
        let again = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap();
        assert_eq!(
            first, again,
            "a double submit lands on the same contribution"
        );
        let reply = e
            .app
            .post_contribution(&anna, OPEN, Some(first), &comment("Zweimal geklickt"))
            .await
            .unwrap();
        assert_ne!(
            reply, first,
            "the same text elsewhere is a new contribution"
        );
        let other = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("Doppelt", "Anderer Text"))
            .await
            .unwrap();
        assert_ne!(other, first);
        assert_eq!(page(&e, None).await.total, 2);
        db.cleanup().await;
    }
}
