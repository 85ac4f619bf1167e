use crate::support::*;

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_fail_alike() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "known@example.org", "Known").await;
        let wrong = e
            .app
            .login("known@example.org", "not the password", None, None)
            .await
            .unwrap_err();
        let unknown = e
            .app
            .login("nobody@example.org", PW, None, None)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&wrong), field_codes(&unknown));
        assert_eq!(field_codes(&wrong), [("email", "error-login-failed")]);
        // A reset request answers the same for both and mails only the account.
        e.app
            .request_password_reset("nobody@example.org")
            .await
            .unwrap();
        e.app
            .request_password_reset("known@example.org")
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 2).await;
        assert!(mail.contains("To: known@example.org"));
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            mails(e.mail.path()).len(),
            2,
            "no mail to an unknown address"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn every_login_opens_a_new_session_and_logout_ends_only_that_one() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "s@example.org", "Sam").await;
        let one = e.app.login("s@example.org", PW, None, None).await.unwrap();
        let two = e.app.login("s@example.org", PW, None, None).await.unwrap();
        assert_ne!(one.session.token, two.session.token);
        assert!(
            one.session.token.len() >= 22,
            "at least 128 bits, base64url"
        );
        let a1 = e.app.actor(&one.session.token).await.unwrap().unwrap();
        let store = e.app.store();
        let live = e.app.my_sessions(&a1).await.unwrap();
        assert_eq!(live.len(), 2);
        assert_eq!(live.iter().filter(|s| s.current).count(), 1);
        assert!(
            live.iter().all(|s| !s.id.is_empty() && s.id.len() < 64),
            "the hash never leaves"
        );
        let mut stored: Vec<String> = store
            .sessions_of(a1.account_id, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.token_hash)
            .collect();
        stored.sort();
        let mut expected = vec![
            token_hash(&one.session.token),
            token_hash(&two.session.token),
        ];
        expected.sort();
        assert_eq!(stored, expected, "only hashes of the tokens are stored");
        e.app.logout(&a1).await.unwrap();
        assert!(e.app.actor(&one.session.token).await.unwrap().is_none());
        assert!(e.app.actor(&two.session.token).await.unwrap().is_some());
        assert!(e.app.actor("forged").await.unwrap().is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_idle_session_expires() {
    for db in TestDb::all().await {
        let e = env_with(&db, |s| s.idle = -1).await;
        registered(&e, "idle@example.org", "Idle").await;
        let out = e
            .app
            .login("idle@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(e.app.actor(&out.session.token).await.unwrap().is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_reset_link_works_once_and_ends_every_session() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let n = registered(&e, "r@example.org", "Rita").await;
        let out = e.app.login("r@example.org", PW, None, None).await.unwrap();
        e.app.request_password_reset("r@example.org").await.unwrap();
        let mail = nth_mail(e.mail.path(), n + 1).await;
        assert!(mail.contains("https://portal.example/passwort-neu?token="));
        let token = token_in(&mail);
        let weak = e.app.reset_password(&token, "12345678").await.unwrap_err();
        assert_eq!(field_codes(&weak), [("password", "error-password-common")]);
        e.app
            .reset_password(&token, "Neues Passwort für Rita")
            .await
            .unwrap();
        assert!(
            e.app.actor(&out.session.token).await.unwrap().is_none(),
            "old sessions end"
        );
        let reused = e
            .app
            .reset_password(&token, "Noch ein anderes Passwort")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&reused), [("password", "error-link-invalid")]);
        let notice = nth_mail(e.mail.path(), n + 2).await;
        assert!(notice.contains("To: r@example.org") && notice.contains("zurückgesetzt"));
        assert!(e.app.login("r@example.org", PW, None, None).await.is_err());
        e.app
            .login("r@example.org", "Neues Passwort für Rita", None, None)
            .await
            .unwrap();
        db.cleanup().await;
    }
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_only() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "c@example.org", "Carl").await;
        let here = logged_in(&e, "c@example.org").await;
        let other = e.app.login("c@example.org", PW, None, None).await.unwrap();
        let wrong = e
            .app
            .change_password(&here, "falsch", "Ganz neues Passwort")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&wrong),
            [("current_password", "error-password-wrong")]
        );
        e.app
            .change_password(&here, PW, "Ganz neues Passwort")
            .await
            .unwrap();
        assert!(e.app.actor(&other.session.token).await.unwrap().is_none());
        assert_eq!(e.app.my_sessions(&here).await.unwrap().len(), 1);
        let notice = nth_mail(e.mail.path(), 2).await;
        assert!(notice.contains("To: c@example.org") && notice.contains("Passwort wurde geändert"));
        e.app
            .login("c@example.org", "Ganz neues Passwort", None, None)
            .await
            .unwrap();
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_hash_with_old_parameters_is_replaced_at_the_next_login() {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let db = TestDb::sqlite();
    let e = env(&db).await;
    registered(&e, "old@example.org", "Otto").await;
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(8192, 3, 1, None).unwrap(),
    );
    let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
    let old = weak
        .hash_password(PW.as_bytes(), &salt)
        .unwrap()
        .to_string();
    let id = e.app.store().account_by_email("old@example.org").await;
    let id = id.unwrap().unwrap().id;
    e.app.store().set_password_hash(id, &old).await.unwrap();
    e.app
        .login("old@example.org", PW, None, None)
        .await
        .unwrap();
    let now = e
        .app
        .store()
        .account(id)
        .await
        .unwrap()
        .password_hash
        .unwrap();
    assert!(now.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{now}");
    e.app
        .login("old@example.org", PW, None, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn links_asked_for_before_a_password_change_stop_working() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "lu@example.org", "Lu").await;
        let lu = logged_in(&e, "lu@example.org").await;
        e.app
            .request_email_change(&lu, PW, "thief@example.org")
            .await
            .unwrap();
        let link = mail_where(e.mail.path(), |m| m.contains("To: thief@example.org")).await;
        e.app
            .change_password(&lu, PW, "Ein neues Passwort für Lu")
            .await
            .unwrap();
        let err = e
            .app
            .confirm_email_change(&token_in(&link))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("token", "error-link-invalid")]);
        e.app
            .login("lu@example.org", "Ein neues Passwort für Lu", None, None)
            .await
            .unwrap();
        db.cleanup().await;
    }
}
