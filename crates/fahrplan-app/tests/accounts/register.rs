use crate::support::*;

#[tokio::test]
async fn registration_mails_a_link_that_confirms_the_account_once() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        e.app
            .register(&registration(" Ada@Example.org ", "Ada"))
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 1).await;
        assert!(mail.contains("To: ada@example.org"), "{mail}");
        assert!(
            mail.contains("https://portal.example/registrieren/bestaetigen?token="),
            "{mail}"
        );
        let err = e.app.login("ada@example.org", PW, None, None).await;
        assert_eq!(
            field_codes(&err.unwrap_err()),
            [("email", "error-login-unconfirmed")]
        );
        let token = token_in(&mail);
        e.app.confirm_email(&token).await.unwrap();
        let again = e.app.confirm_email(&token).await.unwrap_err();
        assert_eq!(field_codes(&again), [("token", "error-link-invalid")]);
        let actor = logged_in(&e, "ADA@example.org").await;
        assert_eq!(actor.display_name, "Ada");
        assert_eq!(actor.roles, [(Role::Participant, String::new())]);
        assert!(!actor.is_staff());
        let store = e.app.store();
        let acc = store.account(actor.account_id).await.unwrap();
        assert!(
            acc.password_hash
                .as_deref()
                .unwrap()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "argon2id with the required cost"
        );
        let consents = store.consents(actor.account_id).await.unwrap();
        assert_eq!(consents.len(), 1, "the Art. 9 consent is logged");
        assert_eq!(consents[0].kind, "art9_political_opinions");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn registration_refuses_bad_input_field_by_field_and_stores_nothing() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let bad = RegistrationInput {
            email: "not-an-address".to_owned(),
            display_name: "x".to_owned(),
            password: "password".to_owned(),
            consent: None,
        };
        let err = e.app.register(&bad).await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("email", "error-account-email-invalid"),
                ("display_name", "error-name-length"),
                ("password", "error-password-common"),
                ("consent", "error-consent-required"),
            ]
        );
        let short = RegistrationInput {
            password: "kurz".to_owned(),
            ..registration("b@example.org", "Bea")
        };
        let err = e.app.register(&short).await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("password", "error-password-too-short")]
        );
        let personal = RegistrationInput {
            password: "Brigitte ist toll".to_owned(),
            ..registration("brigitte@example.org", "Gitti")
        };
        let err = e.app.register(&personal).await.unwrap_err();
        assert_eq!(field_codes(&err), [("password", "error-password-personal")]);
        let named_like_mail = registration("c@example.org", "c@example.org");
        let err = e.app.register(&named_like_mail).await.unwrap_err();
        assert_eq!(field_codes(&err), [("display_name", "error-name-no-email")]);
        // Long passphrases and any characters are fine: no composition rules.
        let long = RegistrationInput {
            password: "ä ".repeat(40),
            ..registration("d@example.org", "Dora")
        };
        e.app.register(&long).await.unwrap();
        assert!(e.app.store().accounts().await.unwrap().len() == 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn registering_a_taken_email_answers_the_same_and_tells_only_the_owner() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "owner@example.org", "Owner").await;
        e.app
            .register(&registration("owner@example.org", "Intruder"))
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 2).await;
        assert!(mail.contains("To: owner@example.org"));
        assert!(
            !mail.contains("token="),
            "no link that would change anything"
        );
        assert!(mail.contains("/passwort-vergessen"));
        let accounts = e.app.store().accounts().await.unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].display_name, "Owner");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_expired_confirmation_link_is_refused() {
    for db in TestDb::all().await {
        let e = env_with(&db, |s| s.confirm_ttl = -1).await;
        e.app
            .register(&registration("late@example.org", "Late"))
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 1).await;
        let err = e.app.confirm_email(&token_in(&mail)).await.unwrap_err();
        assert_eq!(field_codes(&err), [("token", "error-link-invalid")]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_retention_job_removes_unconfirmed_registrations_after_a_week() {
    for db in TestDb::all().await {
        let e = env_with(&db, |s| s.unconfirmed_ttl = -1).await;
        e.app
            .register(&registration("never@example.org", "Never"))
            .await
            .unwrap();
        let purged = e.app.purge_expired().await.unwrap();
        assert_eq!(purged.unconfirmed, 1);
        assert!(e.app.store().accounts().await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn with_smtp_configured_the_confirmation_goes_to_the_smtp_server() {
    let (port, received) = smtp_sink().await;
    let mailer =
        fahrplan_app::accounts::mail::Mailer::smtp(&fahrplan_app::accounts::mail::SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port,
            username: None,
            password: None,
            security: "none".to_owned(),
        })
        .unwrap();
    let db = TestDb::sqlite();
    let e = env_with(&db, |s| s.mailer = mailer).await;
    e.app
        .register(&registration("smtp@example.org", "Sam"))
        .await
        .unwrap();
    let transcript = tokio::time::timeout(Duration::from_secs(10), received)
        .await
        .expect("the SMTP server got a connection")
        .unwrap();
    assert!(
        transcript.contains("RCPT TO:<smtp@example.org>"),
        "{transcript}"
    );
    assert!(
        transcript.contains("https://portal.example/registrieren/bestaetigen?token="),
        "{transcript}"
    );
    assert!(mails(e.mail.path()).is_empty(), "nothing went to files");
    e.app.confirm_email(&token_in(&transcript)).await.unwrap();
}

#[tokio::test]
async fn one_mailbox_gets_only_a_few_reset_mails_an_hour_whoever_asks() {
    let db = TestDb::sqlite();
    let e = env(&db).await;
    let mut limits = Limits::default();
    limits.rules.insert(Bucket::Reset, (2, 3600));
    let app = e.app.clone().with_limits(limits);
    registered(&e, "flood@example.org", "Flo").await;
    for _ in 0..5 {
        app.request_password_reset("flood@example.org")
            .await
            .unwrap();
    }
    nth_mail(e.mail.path(), 3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        mails(e.mail.path()).len(),
        3,
        "the confirmation and two reset mails"
    );
}
