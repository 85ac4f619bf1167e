//! Text through the forms (issue 13): control characters refused with the text kept.

use super::*;

#[tokio::test]
async fn a_contribution_with_control_characters_is_refused_and_its_text_kept() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let (status, _, page) = write(
            &app,
            &cookie,
            &[
                ("kind", "proposal"),
                ("title", "Titel \u{1b}[31mrot"),
                ("body", "Text mit NUL\u{0}"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#title\"") && page.contains("href=\"#body\""));
        assert!(page.contains("Der Titel enthält Steuerzeichen"), "{page}");
        assert!(page.contains("Text mit NUL"), "the text is kept");
        let acc = state
            .app
            .store()
            .account_by_email("anna@example.org")
            .await
            .unwrap()
            .unwrap();
        assert!(
            state
                .app
                .store()
                .contributions_by(acc.id)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}
