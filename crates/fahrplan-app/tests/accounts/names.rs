//! Display names (issue 13): no bidi controls that turn the text after a name around, no names
//! made of invisible characters, no control characters, stored in NFC; at registration, on the
//! account page and on the command line alike.

use crate::support::*;

fn registration_named(name: &str) -> RegistrationInput {
    registration("n@example.org", name)
}

#[tokio::test]
async fn a_display_name_with_a_bidi_control_is_refused_at_registration() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        for name in [
            "\u{202E}nimdA",
            "Anna\u{202D}",
            "Be\u{2066}n\u{2069}",
            "\u{200F}Dora",
            "E\u{200E}va",
            "Fa\u{61C}tma",
        ] {
            let err = e.app.register(&registration_named(name)).await.unwrap_err();
            assert_eq!(
                field_codes(&err),
                [("display_name", "error-name-bidi")],
                "{name:?}"
            );
        }
        assert!(e.app.store().accounts().await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_display_name_of_invisible_characters_only_is_refused() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        for name in [
            "\u{200B}\u{200B}\u{200B}",
            "\u{2060}\u{FEFF}",
            "\u{3164}\u{3164}",
            "\u{2800}\u{2800}",
            "\u{301}\u{301}",
        ] {
            let err = e.app.register(&registration_named(name)).await.unwrap_err();
            assert_eq!(
                field_codes(&err),
                [("display_name", "error-name-invisible")],
                "{name:?}"
            );
        }
        assert!(e.app.store().accounts().await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_account_page_refuses_the_same_names_and_keeps_the_old_one() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        for (name, code) in [
            ("\u{202E}nimdA", "error-name-bidi"),
            ("\u{200B}\u{200B}", "error-name-invisible"),
            ("An\u{0}na", "error-name-invalid"),
            ("Anna\nB", "error-name-invalid"),
        ] {
            let err = e.app.change_display_name(&anna, name).await.unwrap_err();
            assert_eq!(field_codes(&err), [("display_name", code)], "{name:?}");
        }
        let stored = e.app.store().account(anna.account_id).await.unwrap();
        assert_eq!(stored.display_name, "Anna");
        e.app
            .change_display_name(&anna, " Zo\u{308}e ")
            .await
            .unwrap();
        let stored = e.app.store().account(anna.account_id).await.unwrap();
        assert_eq!(stored.display_name, "Zöe", "trimmed and composed");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_account_made_on_the_command_line_gets_the_same_name_check() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let err = e
            .app
            .create_user(&NewUser {
                email: "admin@example.org".to_owned(),
                display_name: "\u{202E}nimdA".to_owned(),
                role: "admin".to_owned(),
                departments: vec![],
                password: PW.to_owned(),
            })
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("display_name", "error-name-bidi")]);
        db.cleanup().await;
    }
}
