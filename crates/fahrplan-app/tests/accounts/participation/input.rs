//! Text of contributions, replies, edits and reasons as the use cases take it (issue 13): Unicode
//! NFC, line breaks as `\n`, control characters refused with a field error, and a title, body or
//! reason needs something visible.

use super::*;

/// The terminal escape that colours text red, the NUL byte and a backspace: what a probe sends.
const ESCAPE: &str = "\u{1b}[31mrot\u{1b}[0m";

#[tokio::test]
async fn control_characters_in_a_new_contribution_or_reply_are_refused_per_field() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let err = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal(ESCAPE, "Text mit \u{0} NUL"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("title", "error-title-control"),
                ("body", "error-body-control")
            ]
        );
        let err = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("zurück\u{8}\u{8}\u{8}"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("body", "error-body-control")]);
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Erster Beitrag"))
            .await
            .unwrap();
        let err = e
            .app
            .post_contribution(&anna, OPEN, Some(id), &comment("Antwort \u{7f}"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("body", "error-body-control")]);
        let stored = e
            .app
            .store()
            .contributions_by(anna.account_id)
            .await
            .unwrap();
        assert_eq!(stored.len(), 1, "only the clean one is stored");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_title_or_body_of_zero_width_spaces_only_counts_as_missing() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let err = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("\u{200B}\u{200B}\u{200B}", "\u{2060}\u{FEFF}\u{200D}"),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("title", "error-title-required"),
                ("body", "error-body-required")
            ]
        );
        let err = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("\u{3164}", "Text"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("title", "error-title-required")]);
        assert!(page(&e, None).await.threads.is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn contribution_text_is_stored_in_nfc_with_unix_line_breaks() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("Gro\u{308}ße Ziele", "Zeile eins\r\nZeile zwei\rdrei"),
            )
            .await
            .unwrap();
        let row = e.app.store().contribution(id).await.unwrap();
        assert_eq!(row.title, "Größe Ziele");
        assert_eq!(row.body, "Zeile eins\nZeile zwei\ndrei");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_edit_is_checked_and_normalised_like_a_new_contribution() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("Titel", "Text"))
            .await
            .unwrap();
        let err = e
            .app
            .edit_contribution(&anna, OPEN, id, "Titel\u{0}", "\u{200B}")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("title", "error-title-control"),
                ("body", "error-body-required")
            ]
        );
        e.app
            .edit_contribution(&anna, OPEN, id, "Neu\u{301}er Titel", "a\r\nb")
            .await
            .unwrap();
        let row = e.app.store().contribution(id).await.unwrap();
        assert_eq!(
            (row.title.as_str(), row.body.as_str()),
            ("Neúer Titel", "a\nb")
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn reasons_of_reports_and_of_hiding_refuse_control_characters_and_blank_text() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Ein Beitrag"))
            .await
            .unwrap();
        let err = e
            .app
            .flag_contribution(&ben, OPEN, id, ESCAPE)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("reason", "error-reason-control")]);
        let err = e
            .app
            .flag_contribution(&ben, OPEN, id, "\u{200B}\u{200B}")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason", "error-report-reason-required")]
        );
        assert!(e.app.store().open_flags().await.unwrap().is_empty());
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let err = e
            .app
            .hide_contribution(&mo, OPEN, id, "Spam\u{0}")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("reason", "error-reason-control")]);
        let err = e
            .app
            .hide_contribution(&mo, OPEN, id, "\u{FEFF}")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("reason", "error-reason-required")]);
        assert_eq!(
            e.app.store().contribution(id).await.unwrap().state,
            ContributionState::Visible
        );
        e.app
            .hide_contribution(&mo, OPEN, id, "Zeile\r\nzwei")
            .await
            .unwrap();
        assert_eq!(
            e.app
                .store()
                .contribution(id)
                .await
                .unwrap()
                .state_reason
                .as_deref(),
            Some("Zeile\nzwei")
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn staff_authors_carry_their_staff_role_and_a_look_alike_name_does_not() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "admina@example.org", "Admina").await;
        let admina = logged_in(&e, "admina@example.org").await;
        let admin = staff_actor(&e, "admin@example.org", "admin").await;
        e.app.set_consent(&admin, true).await.unwrap();
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        e.app.set_consent(&mo, true).await.unwrap();
        let real = e
            .app
            .post_contribution(&admin, OPEN, None, &comment("Hinweis der Administration"))
            .await
            .unwrap();
        let fake = e
            .app
            .post_contribution(&admina, OPEN, None, &comment("Hinweis"))
            .await
            .unwrap();
        let reply = e
            .app
            .post_contribution(&mo, OPEN, Some(fake), &comment("Bitte sachlich bleiben"))
            .await
            .unwrap();
        let v = page(&e, None).await;
        let author_of = |id: i64| {
            v.threads
                .iter()
                .find(|t| t.root.id == id)
                .map(|t| t.root.author.clone())
                .unwrap()
        };
        assert_eq!(
            author_of(real),
            Author::Named {
                name: "admin Beispiel".into(),
                role: None,
                staff: Some(Role::Admin)
            }
        );
        assert_eq!(
            author_of(fake),
            Author::Named {
                name: "Admina".into(),
                role: None,
                staff: None
            }
        );
        let (_, thread) = e.app.contribution_view(OPEN, fake, None).await.unwrap();
        assert_eq!(thread.replies[0].id, reply);
        assert!(matches!(
            thread.replies[0].author,
            Author::Named {
                staff: Some(Role::Moderator),
                ..
            }
        ));
        // The badge is the role of today: taken away, it goes from old contributions too.
        let second = staff_actor(&e, "zweite@example.org", "admin").await;
        e.app
            .admin_revoke(&second, admin.account_id, "admin", "")
            .await
            .unwrap();
        assert!(matches!(
            page(&e, None)
                .await
                .threads
                .iter()
                .find(|t| t.root.id == real)
                .unwrap()
                .root
                .author,
            Author::Named { staff: None, .. }
        ));
        db.cleanup().await;
    }
}
