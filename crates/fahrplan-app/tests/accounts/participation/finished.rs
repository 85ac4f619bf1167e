//! Moderation, finished (issue 17): hiding at the report threshold, the moderators' decisions
//! and objections. Warnings, blocks and the figures are in `sanctions`.

use super::*;

#[tokio::test]
async fn a_contribution_is_hidden_at_exactly_the_threshold_of_different_accounts_until_a_moderator_decides()
 {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let p = people(&e, &["Anna", "Ben", "Cem", "Dora"]).await;
        let (anna, ben, cem, dora) = (&p[0], &p[1], &p[2], &p[3]);
        let id = e
            .app
            .post_contribution(anna, OPEN, None, &comment("Werbung für Lose"))
            .await
            .unwrap();
        e.app
            .flag_contribution(ben, OPEN, id, "Werbung")
            .await
            .unwrap();
        assert!(
            matches!(
                e.app.flag_contribution(ben, OPEN, id, "Noch einmal").await,
                Err(AppError::Conflict)
            ),
            "a second report of the same account counts once"
        );
        e.app
            .flag_contribution(cem, OPEN, id, "Spam")
            .await
            .unwrap();
        assert_eq!(state_of(&e, id).await.0, ContributionState::Visible);
        assert!(audited(&e, "contribution.auto_hide").await.is_empty());
        e.app
            .flag_contribution(dora, OPEN, id, "Spam!")
            .await
            .unwrap();
        let (_, t) = e.app.contribution_view(OPEN, id, None).await.unwrap();
        assert_eq!(t.root.state, ContributionState::Hidden);
        assert!(
            t.root.pending_review(),
            "hidden pending review, without a reason"
        );
        assert!(t.root.body.is_empty());
        let auto = audited(&e, "contribution.auto_hide").await;
        assert_eq!(auto.len(), 1);
        assert_eq!(auto[0].0, None, "nobody acted: the reports did");
        assert_eq!(auto[0].1, format!("contribution:{id}"));

        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let queue = e.app.moderation_queue(&mo).await.unwrap();
        assert_eq!(queue.len(), 1);
        assert!(queue[0].pending_review);
        assert_eq!(queue[0].reasons.len(), 3);
        assert_eq!(queue[0].author, anna.account_id);

        // Restoring dismisses the reports; reports start from nothing again.
        e.app.restore_contribution(&mo, OPEN, id).await.unwrap();
        assert_eq!(state_of(&e, id).await, (ContributionState::Visible, None));
        assert!(e.app.moderation_queue(&mo).await.unwrap().is_empty());
        let p2 = people(&e, &["Emil", "Fritz", "Gül"]).await;
        for (n, who) in p2.iter().enumerate() {
            e.app
                .flag_contribution(who, OPEN, id, "Immer noch Werbung")
                .await
                .unwrap();
            let hidden = state_of(&e, id).await.0 == ContributionState::Hidden;
            assert_eq!(hidden, n == 2, "after {} new reports", n + 1);
        }
        // Keeping it hidden gives the public reason; the reports close.
        e.app
            .hide_contribution(&mo, OPEN, id, "Werbung ist hier nicht erlaubt.")
            .await
            .unwrap();
        assert_eq!(
            state_of(&e, id).await,
            (
                ContributionState::Hidden,
                Some("Werbung ist hier nicht erlaubt.".to_owned())
            )
        );
        assert!(e.app.moderation_queue(&mo).await.unwrap().is_empty());
        assert_eq!(audited(&e, "contribution.auto_hide").await.len(), 2);
        assert_eq!(audited(&e, "contribution.restore").await.len(), 1);
        assert_eq!(audited(&e, "contribution.hide").await.len(), 1);
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_threshold_is_configuration_and_dismissing_the_reports_of_a_hidden_one_shows_it_again()
{
    for db in TestDb::all().await {
        let mut e = content_env(&db, None).await;
        e.app = e.app.clone().with_report_threshold(1);
        let p = people(&e, &["Anna", "Ben"]).await;
        let id = e
            .app
            .post_contribution(&p[0], OPEN, None, &comment("Grenzwertig"))
            .await
            .unwrap();
        e.app
            .flag_contribution(&p[1], OPEN, id, "Unsachlich")
            .await
            .unwrap();
        assert!(state_of(&e, id).await.0 == ContributionState::Hidden);
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        e.app.dismiss_flags(&mo, id).await.unwrap();
        assert_eq!(state_of(&e, id).await.0, ContributionState::Visible);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_author_objects_once_per_hiding_and_reads_the_moderators_answer() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let p = people(&e, &["Anna", "Ben"]).await;
        let (anna, ben) = (&p[0], &p[1]);
        let id = e
            .app
            .post_contribution(anna, OPEN, None, &comment("Harte Kritik"))
            .await
            .unwrap();
        assert!(
            matches!(
                e.app.object_to_hiding(anna, OPEN, id, "Warum?").await,
                Err(AppError::Conflict)
            ),
            "nothing to object to while visible"
        );
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        e.app
            .hide_contribution(&mo, OPEN, id, "Beleidigend.")
            .await
            .unwrap();
        assert!(
            matches!(
                e.app
                    .object_to_hiding(ben, OPEN, id, "Ich finde das gut")
                    .await,
                Err(AppError::Forbidden)
            ),
            "only the author objects"
        );
        let err = e
            .app
            .object_to_hiding(anna, OPEN, id, "  ")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("reason", "error-objection-required")]);
        e.app
            .object_to_hiding(
                anna,
                OPEN,
                id,
                "Das ist <script>alert(1)</script> Kritik, keine Beleidigung.",
            )
            .await
            .unwrap();
        assert!(
            matches!(
                e.app.object_to_hiding(anna, OPEN, id, "Noch einmal").await,
                Err(AppError::Conflict)
            ),
            "once per hiding"
        );
        assert!(matches!(
            e.app.open_objections(anna).await,
            Err(AppError::Forbidden)
        ));
        let open = e.app.open_objections(&mo).await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].contribution.id, id);
        let hiding = open[0].hiding.id;
        let err = e
            .app
            .answer_objection(&mo, hiding, "", "")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("outcome", "error-outcome-required"),
                ("answer", "error-answer-required")
            ]
        );
        e.app
            .answer_objection(&mo, hiding, "upheld", "Die Wortwahl bleibt beleidigend.")
            .await
            .unwrap();
        assert!(e.app.open_objections(&mo).await.unwrap().is_empty());
        // The author sees the outcome on the page; others do not.
        let (_, t) = e.app.contribution_view(OPEN, id, Some(anna)).await.unwrap();
        let h = t.root.hiding.expect("the author sees the hiding");
        assert_eq!(h.objection_outcome.as_deref(), Some("upheld"));
        assert_eq!(
            h.objection_answer.as_deref(),
            Some("Die Wortwahl bleibt beleidigend.")
        );
        let (_, t) = e.app.contribution_view(OPEN, id, Some(ben)).await.unwrap();
        assert!(t.root.hiding.is_none());
        assert_eq!(state_of(&e, id).await.0, ContributionState::Hidden);

        // A new hiding (after a restore) takes a new objection, which may restore it.
        e.app.restore_contribution(&mo, OPEN, id).await.unwrap();
        e.app
            .hide_contribution(&mo, OPEN, id, "Doch.")
            .await
            .unwrap();
        e.app
            .object_to_hiding(anna, OPEN, id, "Bitte noch einmal prüfen.")
            .await
            .unwrap();
        let hiding = e.app.open_objections(&mo).await.unwrap()[0].hiding.id;
        e.app
            .answer_objection(&mo, hiding, "restored", "Sie haben recht.")
            .await
            .unwrap();
        assert_eq!(state_of(&e, id).await, (ContributionState::Visible, None));
        let (_, t) = e.app.contribution_view(OPEN, id, Some(anna)).await.unwrap();
        assert_eq!(
            t.root.hiding.and_then(|h| h.objection_outcome).as_deref(),
            Some("restored")
        );
        assert_eq!(audited(&e, "contribution.objection").await.len(), 2);
        assert_eq!(audited(&e, "contribution.objection_upheld").await.len(), 1);
        assert_eq!(
            audited(&e, "contribution.objection_restored").await.len(),
            1
        );
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_objection_upheld_while_pending_review_gives_the_hiding_its_public_reason() {
    for db in TestDb::all().await {
        let mut e = content_env(&db, None).await;
        e.app = e.app.clone().with_report_threshold(1);
        let p = people(&e, &["Anna", "Ben"]).await;
        let id = e
            .app
            .post_contribution(&p[0], OPEN, None, &comment("Text"))
            .await
            .unwrap();
        e.app
            .flag_contribution(&p[1], OPEN, id, "Spam")
            .await
            .unwrap();
        e.app
            .object_to_hiding(&p[0], OPEN, id, "Kein Spam.")
            .await
            .unwrap();
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let hiding = e.app.open_objections(&mo).await.unwrap()[0].hiding.id;
        e.app
            .answer_objection(&mo, hiding, "upheld", "Wiederholte Werbung.")
            .await
            .unwrap();
        assert_eq!(
            state_of(&e, id).await,
            (
                ContributionState::Hidden,
                Some("Wiederholte Werbung.".to_owned())
            )
        );
        assert!(e.app.moderation_queue(&mo).await.unwrap().is_empty());
        db.cleanup().await;
    }
}
