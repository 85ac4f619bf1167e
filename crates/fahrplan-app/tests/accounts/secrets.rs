//! Issue 13, finding 2: second-factor secrets are sealed at rest, so a copy of the database
//! alone gives away no second factor; secrets of an older version are sealed once; a secret that
//! cannot be opened is an error, never "wrong code", and recovery codes still work.

use crate::support::*;

/// An admin who logged in with the password and still owes the second factor.
async fn half_logged_in(e: &Env) -> fahrplan_app::accounts::Actor {
    let out = e
        .app
        .login("admin@example.org", PW, None, None)
        .await
        .unwrap();
    e.app.actor(&out.session.token).await.unwrap().unwrap()
}

fn assert_sealed(stored: &str, secret: &str) {
    assert!(!stored.contains(secret), "{stored} holds the secret");
    assert!(
        totp::base32_decode(stored).is_none_or(|raw| totp::base32_encode(&raw) != secret),
        "{stored} reads back as the secret"
    );
    assert!(stored.starts_with("v1:"), "{stored}");
}

#[tokio::test]
async fn a_totp_secret_is_stored_sealed_during_set_up_and_after_and_its_codes_still_log_in() {
    for db in TestDb::all().await {
        let (e, id) = admin_env(&db).await;
        let admin = half_logged_in(&e).await;
        let (secret, _) = e.app.begin_totp(&admin).await.unwrap();
        let select = |col: &str| format!("SELECT {col} FROM accounts WHERE id = {id}");
        let pending = db.text(&select("totp_pending")).await.unwrap();
        assert_sealed(&pending, &secret);
        let (again, _) = e.app.begin_totp(&admin).await.unwrap();
        assert_eq!(again, secret, "the pending secret opens again");

        e.app
            .confirm_totp(&admin, &current_code(&secret))
            .await
            .unwrap();
        let stored = db.text(&select("totp_secret")).await.unwrap();
        assert_sealed(&stored, &secret);
        assert_eq!(db.text(&select("totp_pending")).await, None);

        // Another login in the same 30 seconds: let the step count as not yet used.
        db.execute(&format!(
            "UPDATE accounts SET totp_last_step = NULL WHERE id = {id}"
        ))
        .await;
        let admin = half_logged_in(&e).await;
        let elevated = e
            .app
            .second_factor(&admin, &current_code(&secret))
            .await
            .unwrap();
        let admin = e.app.actor(&elevated.token).await.unwrap().unwrap();
        assert!(!admin.needs_second_factor());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_plain_text_secret_left_by_an_older_version_is_sealed_once_and_still_gives_the_factor() {
    for db in TestDb::all().await {
        let (e, id) = admin_env(&db).await;
        let secret = totp::new_secret();
        let pending = totp::new_secret();
        e.app
            .store()
            .enable_totp(id, &secret, 0, &[])
            .await
            .unwrap();
        registered(&e, "paul@example.org", "Paul").await;
        let paul = e
            .app
            .store()
            .account_by_email("paul@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        e.app
            .store()
            .set_totp_pending(paul, Some(pending.as_str()))
            .await
            .unwrap();

        let before = e
            .app
            .second_factor(&half_logged_in(&e).await, &current_code(&secret))
            .await;
        assert!(
            matches!(before, Err(AppError::Internal(_))),
            "a plain value is an operator's problem, not a wrong code: {before:?}"
        );

        let report = e.app.seal_second_factor_secrets().await.unwrap();
        assert_eq!(report.sealed, 2);
        assert!(report.unreadable.is_empty(), "{:?}", report.unreadable);
        let stored = db
            .text(&format!("SELECT totp_secret FROM accounts WHERE id = {id}"))
            .await
            .unwrap();
        assert_sealed(&stored, &secret);
        let stored_pending = db
            .text(&format!(
                "SELECT totp_pending FROM accounts WHERE id = {paul}"
            ))
            .await
            .unwrap();
        assert_sealed(&stored_pending, &pending);

        e.app
            .second_factor(&half_logged_in(&e).await, &current_code(&secret))
            .await
            .unwrap();
        let paul_actor = logged_in(&e, "paul@example.org").await;
        assert_eq!(e.app.begin_totp(&paul_actor).await.unwrap().0, pending);

        let again = e.app.seal_second_factor_secrets().await.unwrap();
        assert_eq!(again.sealed, 0, "idempotent");
        assert_eq!(
            db.text(&format!("SELECT totp_secret FROM accounts WHERE id = {id}"))
                .await
                .unwrap(),
            stored
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_copy_of_the_database_with_another_key_gives_no_second_factor_and_says_why() {
    for db in TestDb::all().await {
        let (e, _) = admin_env(&db).await;
        let admin = half_logged_in(&e).await;
        let (secret, _) = e.app.begin_totp(&admin).await.unwrap();
        let (recovery, _) = e
            .app
            .confirm_totp(&admin, &current_code(&secret))
            .await
            .unwrap();

        // The same database, with a key of its own (a copy, or a node with another key).
        let other = env(&db).await;
        assert_ne!(other.app.totp_key().id(), e.app.totp_key().id());
        let report = other.app.seal_second_factor_secrets().await.unwrap();
        assert_eq!(report.sealed, 0);
        assert_eq!(report.unreadable.len(), 1, "{:?}", report.unreadable);
        let someone = half_logged_in(&other).await;
        let refused = other
            .app
            .second_factor(&someone, &current_code(&secret))
            .await
            .unwrap_err();
        let AppError::Internal(cause) = &refused else {
            panic!("expected an internal error, got {refused:?}");
        };
        let why = cause.to_string();
        assert!(
            why.contains(e.app.totp_key().id()) && why.contains(other.app.totp_key().id()),
            "names both keys: {why}"
        );
        assert!(
            other.app.begin_totp(&someone).await.is_err(),
            "a factor in place is not replaced"
        );
        // Recovery codes are hashed, not sealed: with them the owner still gets in.
        other
            .app
            .second_factor(&someone, &recovery[0])
            .await
            .unwrap();
        db.cleanup().await;
    }
}
