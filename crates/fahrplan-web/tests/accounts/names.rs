//! Display names through the forms (issue 13): bidi controls and invisible-only names are refused
//! with a field error at registration and on /konto, and the name typed is kept for correcting.

use crate::support::*;

#[tokio::test]
async fn registration_refuses_a_name_with_a_right_to_left_override() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let (_, _, page) = get(&app, "/registrieren").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "r@example.org"),
            ("display_name", "\u{202E}nimdA"),
            ("password", PW),
            ("consent", "yes"),
        ]);
        let (status, _, html) = post(&app, "/registrieren", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("href=\"#display_name\""));
        assert!(html.contains("Zeichen zur Schreibrichtung"), "{html}");
        assert!(html.contains("value=\"r@example.org\""), "input kept");
        assert!(state.app.store().accounts().await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_account_page_refuses_a_name_of_zero_width_spaces() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let body = form(&[
            ("csrf", &csrf(&app, &cookie).await),
            ("display_name", "\u{200B}\u{200B}\u{200B}"),
        ]);
        let (status, _, html) = post(&app, "/konto/name", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("href=\"#display_name\""));
        assert!(html.contains("sichtbare Zeichen"), "{html}");
        let acc = state
            .app
            .store()
            .account_by_email("anna@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(acc.display_name, "Anna");
        db.cleanup().await;
    }
}
