//! Moderation, finished (issue 17): hiding at the report threshold, the moderators' decisions,
//! objections, warnings and blocks, the public figures, and the viewer's supports per page.

use super::*;
use fahrplan_app::accounts::Actor;
use fahrplan_app::participation::Sanction;

/// Every audit entry of `action` as (actor, entity, detail).
async fn audited(e: &Env, action: &str) -> Vec<(Option<i64>, String, String)> {
    e.app
        .store()
        .audit_after(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action == action)
        .map(|r| (r.actor_id, r.entity, r.detail))
        .collect()
}

async fn people(e: &Env, names: &[&str]) -> Vec<Actor> {
    let mut out = Vec::new();
    for n in names {
        let email = format!("{}@example.org", n.to_lowercase());
        registered(e, &email, n).await;
        out.push(logged_in(e, &email).await);
    }
    out
}

async fn state_of(e: &Env, id: i64) -> (ContributionState, Option<String>) {
    let (_, t) = e.app.contribution_view(OPEN, id, None).await.unwrap();
    (t.root.state, t.root.state_reason)
}

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
