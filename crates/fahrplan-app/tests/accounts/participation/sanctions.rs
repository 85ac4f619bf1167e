//! Moderation, finished (issue 17): warnings and blocks, the public figures, and the viewer's
//! supports per page.

use super::*;
use fahrplan_app::participation::Sanction;

#[tokio::test]
async fn a_blocked_account_can_neither_post_reply_edit_support_nor_report_until_the_block_is_lifted()
 {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let p = people(&e, &["Anna", "Ben"]).await;
        let (anna, ben) = (&p[0], &p[1]);
        let mine = e
            .app
            .post_contribution(anna, OPEN, None, &proposal("Eigener Vorschlag", "Text"))
            .await
            .unwrap();
        let theirs = e
            .app
            .post_contribution(ben, OPEN, None, &proposal("Fremder Vorschlag", "Text"))
            .await
            .unwrap();
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        assert!(matches!(
            e.app
                .sanction_account(ben, anna.account_id, Sanction::Block, "x", None)
                .await,
            Err(AppError::Forbidden)
        ));
        let err = e
            .app
            .sanction_account(&mo, anna.account_id, Sanction::Warning, " ", None)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason", "error-sanction-reason-required")]
        );
        e.app
            .sanction_account(
                &mo,
                anna.account_id,
                Sanction::Warning,
                "Bitte sachlich bleiben.",
                Some(mine),
            )
            .await
            .unwrap();
        // A warning refuses nothing.
        e.app.cast_support(anna, OPEN, theirs).await.unwrap();
        e.app.withdraw_support(anna, OPEN, theirs).await.unwrap();
        e.app
            .sanction_account(
                &mo,
                anna.account_id,
                Sanction::Block,
                "<b>Wiederholt</b> beleidigend.",
                Some(mine),
            )
            .await
            .unwrap();
        assert!(matches!(
            e.app
                .sanction_account(&mo, anna.account_id, Sanction::Block, "nochmal", None)
                .await,
            Err(AppError::Conflict)
        ));
        let blocked = [("blocked", "error-account-blocked")];
        let refused = |r: Result<_, AppError>| field_codes(&r.unwrap_err()) == blocked;
        assert!(refused(
            e.app
                .post_contribution(anna, OPEN, None, &comment("Neu"))
                .await
                .map(|_| ())
        ));
        assert!(refused(
            e.app
                .post_contribution(anna, OPEN, Some(theirs), &comment("Antwort"))
                .await
                .map(|_| ())
        ));
        assert!(refused(
            e.app
                .edit_contribution(anna, OPEN, mine, "Neu", "Neu")
                .await
        ));
        assert!(refused(e.app.cast_support(anna, OPEN, theirs).await));
        assert!(refused(
            e.app.flag_contribution(anna, OPEN, theirs, "Spam").await
        ));
        let v = page(&e, Some(anna)).await;
        assert_eq!(v.blocked.as_deref(), Some("<b>Wiederholt</b> beleidigend."));
        assert!(v.can.blocked && !v.can.may_post && !v.can.supports);
        let konto = e.app.account_view(anna).await.unwrap();
        let kinds: Vec<_> = konto.sanctions.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, ["warning", "block"]);
        assert_eq!(konto.sanctions[0].reason, "Bitte sachlich bleiben.");

        e.app.lift_block(&mo, anna.account_id).await.unwrap();
        assert!(matches!(
            e.app.lift_block(&mo, anna.account_id).await,
            Err(AppError::Conflict)
        ));
        e.app.cast_support(anna, OPEN, theirs).await.unwrap();
        e.app
            .edit_contribution(anna, OPEN, mine, "Neu", "Neuer Text")
            .await
            .unwrap();
        e.app
            .flag_contribution(anna, OPEN, theirs, "Doch Spam")
            .await
            .unwrap();
        assert!(page(&e, Some(anna)).await.blocked.is_none());
        let entity = format!("account:{}", anna.account_id);
        for action in ["account.warn", "account.block", "account.unblock"] {
            let rows = audited(&e, action).await;
            assert_eq!(rows.len(), 1, "{action}");
            assert_eq!(rows[0].0, Some(mo.account_id));
            assert_eq!(rows[0].1, entity);
        }
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_public_figures_count_reports_hidings_restores_objections_warnings_and_blocks() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let p = people(&e, &["Anna", "Ben", "Cem", "Dora"]).await;
        let a = e
            .app
            .post_contribution(&p[0], OPEN, None, &comment("Eins"))
            .await
            .unwrap();
        let b = e
            .app
            .post_contribution(&p[0], OPEN, None, &comment("Zwei"))
            .await
            .unwrap();
        let c = e
            .app
            .post_contribution(&p[0], OPEN, None, &comment("Drei"))
            .await
            .unwrap();
        for who in &p[1..] {
            e.app.flag_contribution(who, OPEN, a, "Spam").await.unwrap();
        }
        e.app
            .flag_contribution(&p[1], OPEN, b, "Spam")
            .await
            .unwrap();
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        e.app
            .hide_contribution(&mo, OPEN, c, "Privat.")
            .await
            .unwrap();
        e.app
            .object_to_hiding(&p[0], OPEN, c, "Nein.")
            .await
            .unwrap();
        let h = e.app.open_objections(&mo).await.unwrap()[0].hiding.id;
        e.app
            .answer_objection(&mo, h, "restored", "Stimmt.")
            .await
            .unwrap();
        e.app.restore_contribution(&mo, OPEN, a).await.unwrap();
        e.app
            .sanction_account(&mo, p[0].account_id, Sanction::Warning, "Achtung.", Some(a))
            .await
            .unwrap();
        e.app
            .sanction_account(&mo, p[0].account_id, Sanction::Block, "Schluss.", Some(b))
            .await
            .unwrap();
        // Without a contribution a warning counts for no process.
        e.app
            .sanction_account(&mo, p[1].account_id, Sanction::Warning, "Allgemein.", None)
            .await
            .unwrap();
        let (_, f) = e.app.moderation_figures(OPEN).await.unwrap();
        assert_eq!(
            f,
            fahrplan_app::participation::ModerationFigures {
                reported: 2,
                hidden_by_moderators: 1,
                hidden_by_reports: 1,
                restored: 2,
                objections: 1,
                objections_restored: 1,
                objections_upheld: 0,
                warnings: 1,
                blocks: 1,
            }
        );
        let (_, none) = e.app.moderation_figures(CLOSED).await.unwrap();
        assert_eq!(none, Default::default());
        assert!(matches!(
            e.app.moderation_figures("gibt-es-nicht").await,
            Err(AppError::NotFound)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_page_knows_the_viewers_supports_of_its_own_contributions_only() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let p = people(&e, &["Anna", "Ben"]).await;
        let mut ids = Vec::new();
        for n in 0..3 {
            let id = e
                .app
                .post_contribution(
                    &p[0],
                    OPEN,
                    None,
                    &proposal(&format!("Vorschlag {n}"), "Text"),
                )
                .await
                .unwrap();
            ids.push(id);
        }
        e.app.cast_support(&p[1], OPEN, ids[0]).await.unwrap();
        e.app.cast_support(&p[1], OPEN, ids[2]).await.unwrap();
        let store = e.app.store();
        assert_eq!(
            store
                .supports_among(p[1].account_id, &[ids[1], ids[2]])
                .await
                .unwrap(),
            [ids[2]]
        );
        assert!(
            store
                .supports_among(p[1].account_id, &[])
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .supports_among(p[0].account_id, &ids)
                .await
                .unwrap()
                .is_empty()
        );
        let (_, t) = e
            .app
            .contribution_view(OPEN, ids[2], Some(&p[1]))
            .await
            .unwrap();
        assert!(t.root.supported);
        let v = page(&e, Some(&p[1])).await;
        let supported: Vec<i64> = v
            .threads
            .iter()
            .filter(|t| t.root.supported)
            .map(|t| t.root.id)
            .collect();
        assert_eq!(supported, [ids[2], ids[0]]);
        db.cleanup().await;
    }
}
