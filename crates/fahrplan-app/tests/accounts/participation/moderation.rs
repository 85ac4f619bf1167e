//! Moderation: hiding with a public reason, restoring, and reports.

use super::*;

#[tokio::test]
async fn moderators_hide_with_a_public_reason_that_the_audit_log_records() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Ruft Herrn X unter 0151 … an"))
            .await
            .unwrap();
        assert!(matches!(
            e.app.hide_contribution(&anna, OPEN, id, "Spam").await,
            Err(AppError::Forbidden)
        ));
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let err = e
            .app
            .hide_contribution(&mo, OPEN, id, "  ")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("reason", "error-reason-required")]);
        e.app
            .hide_contribution(&mo, OPEN, id, "Enthält Telefonnummern Dritter.")
            .await
            .unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.state, ContributionState::Hidden);
        assert_eq!(
            root.state_reason.as_deref(),
            Some("Enthält Telefonnummern Dritter.")
        );
        assert!(root.body.is_empty());
        assert!(matches!(
            e.app.edit_contribution(&anna, OPEN, id, "", "neu").await,
            Err(AppError::Conflict)
        ));
        e.app.restore_contribution(&mo, OPEN, id).await.unwrap();
        assert_eq!(
            page(&e, None).await.threads[0].root.state,
            ContributionState::Visible
        );
        assert!(
            matches!(
                e.app.restore_contribution(&mo, OPEN, id).await,
                Err(AppError::Conflict)
            ),
            "only hidden ones"
        );
        e.app.withdraw_contribution(&anna, OPEN, id).await.unwrap();
        assert!(
            matches!(
                e.app.hide_contribution(&mo, OPEN, id, "zu spät").await,
                Err(AppError::Conflict)
            ),
            "a withdrawn contribution is not turned into a hidden one, which restoring would show again"
        );
        assert_eq!(
            page(&e, None).await.threads[0].root.state,
            ContributionState::Withdrawn
        );
        let audit = e.app.store().audit_of_account(mo.account_id).await.unwrap();
        let actions: Vec<_> = audit.iter().map(|r| r.action.as_str()).collect();
        assert!(
            actions.contains(&"contribution.hide") && actions.contains(&"contribution.restore"),
            "{actions:?}"
        );
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn reports_reach_the_moderators_once_per_person_and_close_when_hidden_or_dismissed() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        registered(&e, "c@example.org", "Cem").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let cem = logged_in(&e, "c@example.org").await;
        let rude = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Unhöflich"))
            .await
            .unwrap();
        let fine = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Sachlich"))
            .await
            .unwrap();
        assert!(
            matches!(
                e.app.flag_contribution(&anna, OPEN, rude, "selbst").await,
                Err(AppError::Forbidden)
            ),
            "not one's own"
        );
        let err = e
            .app
            .flag_contribution(&ben, OPEN, rude, " ")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason", "error-report-reason-required")]
        );
        e.app
            .flag_contribution(&ben, OPEN, rude, "Beleidigend")
            .await
            .unwrap();
        assert!(
            matches!(
                e.app.flag_contribution(&ben, OPEN, rude, "nochmal").await,
                Err(AppError::Conflict)
            ),
            "once per person"
        );
        e.app
            .flag_contribution(&cem, OPEN, rude, "Unsachlich")
            .await
            .unwrap();
        e.app
            .flag_contribution(&cem, OPEN, fine, "Versehen")
            .await
            .unwrap();
        assert!(matches!(
            e.app.moderation_queue(&ben).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.dismiss_flags(&ben, fine).await,
            Err(AppError::Forbidden)
        ));

        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let queue = e.app.moderation_queue(&mo).await.unwrap();
        let listed: Vec<(i64, Vec<String>)> = queue
            .iter()
            .map(|r| (r.contribution.id, r.reasons.clone()))
            .collect();
        assert_eq!(
            listed,
            [
                (
                    rude,
                    vec!["Beleidigend".to_owned(), "Unsachlich".to_owned()]
                ),
                (fine, vec!["Versehen".to_owned()])
            ]
        );
        e.app
            .hide_contribution(&mo, OPEN, rude, "Beleidigt andere.")
            .await
            .unwrap();
        e.app.dismiss_flags(&mo, fine).await.unwrap();
        assert!(
            matches!(
                e.app.dismiss_flags(&mo, fine).await,
                Err(AppError::NotFound)
            ),
            "nothing left to dismiss"
        );
        assert!(e.app.moderation_queue(&mo).await.unwrap().is_empty());
        assert!(
            matches!(
                e.app.flag_contribution(&cem, OPEN, rude, "x").await,
                Err(AppError::Conflict)
            ),
            "hidden ones are not reported"
        );
        let audit = e.app.store().audit_of_account(mo.account_id).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|r| r.action == "contribution.reports_dismissed")
        );
        db.cleanup().await;
    }
}
