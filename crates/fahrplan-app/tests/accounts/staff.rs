use crate::support::*;

#[tokio::test]
async fn a_participant_cannot_end_another_accounts_session() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Bernd").await;
        let anna = logged_in(&e, "a@example.org").await;
        let bernd = logged_in(&e, "b@example.org").await;
        let bernds = e.app.my_sessions(&bernd).await.unwrap();
        let id = &bernds[0].id;
        assert!(matches!(
            e.app.revoke_session(&anna, id).await,
            Err(AppError::NotFound)
        ));
        assert_eq!(e.app.my_sessions(&bernd).await.unwrap().len(), 1);
        assert!(matches!(
            e.app.admin_end_sessions(&anna, bernd.account_id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app
                .admin_grant(&anna, anna.account_id, "admin", &[])
                .await,
            Err(AppError::Forbidden)
        ));
        e.app.revoke_session(&bernd, id).await.unwrap();
        assert!(e.app.my_sessions(&bernd).await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn staff_without_a_second_factor_are_refused_until_totp_is_set_up() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let n = registered(&e, "p@example.org", "Paula").await;
        assert_eq!(n, 1);
        let out = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(out.needs_totp_setup && !out.needs_second_factor);
        let admin = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(admin.is_staff() && admin.needs_second_factor());
        assert!(matches!(
            admin.require(Role::Admin),
            Err(AppError::Forbidden)
        ));
        let paula = e.app.store().account_by_email("p@example.org").await;
        let paula = paula.unwrap().unwrap().id;
        assert!(matches!(
            e.app.admin_grant(&admin, paula, "moderator", &[]).await,
            Err(AppError::Forbidden)
        ));
        let wrong = e.app.second_factor(&admin, "123456").await;
        assert!(
            matches!(wrong, Err(AppError::Forbidden)),
            "no factor set up yet"
        );

        let (secret, uri) = e.app.begin_totp(&admin).await.unwrap();
        assert!(uri.starts_with("otpauth://totp/") && uri.contains(&secret));
        assert!(
            !uri.contains("admin@example.org"),
            "no email in the QR code"
        );
        let bad = e.app.confirm_totp(&admin, "000000").await;
        assert_eq!(
            field_codes(&bad.unwrap_err()),
            [("code", "error-code-invalid")]
        );
        let code = current_code(&secret);
        let (recovery, elevated) = e.app.confirm_totp(&admin, &code).await.unwrap();
        assert_eq!(recovery.len(), 10);
        assert!(
            e.app.actor(&out.session.token).await.unwrap().is_none(),
            "the token from before the factor stops working"
        );
        let admin = e.app.actor(&elevated.token).await.unwrap().unwrap();
        admin.require(Role::Admin).unwrap();
        e.app
            .admin_grant(&admin, paula, "moderator", &[])
            .await
            .unwrap();

        // A new login needs the factor again; the code just used does not work twice.
        let out2 = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(out2.needs_second_factor && !out2.needs_totp_setup);
        let admin2 = e.app.actor(&out2.session.token).await.unwrap().unwrap();
        let replay = e.app.second_factor(&admin2, &code).await.unwrap_err();
        assert_eq!(field_codes(&replay), [("code", "error-code-invalid")]);
        let elevated2 = e
            .app
            .second_factor(&admin2, &recovery[0].to_uppercase())
            .await
            .unwrap();
        assert_ne!(elevated2.token, out2.session.token);
        let admin2 = e.app.actor(&elevated2.token).await.unwrap().unwrap();
        assert!(admin2.has(Role::Admin));
        let out3 = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin3 = e.app.actor(&out3.session.token).await.unwrap().unwrap();
        assert!(e.app.second_factor(&admin3, &recovery[0]).await.is_err());

        let actions: Vec<String> = e
            .app
            .store()
            .audit_after(0, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        for a in [
            "account.create",
            "second_factor.enable",
            "role.grant",
            "login.staff",
            "login.second_factor_failed",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} missing in {actions:?}");
        }
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        let _ = admin_id;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_fresh_totp_code_completes_a_staff_login_once() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let secret = totp::new_secret();
        e.app
            .store()
            .enable_totp(admin_id, &sealed(&e, admin_id, &secret), 0, &[])
            .await
            .unwrap();
        let out = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin = e.app.actor(&out.session.token).await.unwrap().unwrap();
        let code = current_code(&secret);
        let elevated = e.app.second_factor(&admin, &code).await.unwrap();
        assert!(e.app.actor(&out.session.token).await.unwrap().is_none());
        assert!(
            e.app
                .actor(&elevated.token)
                .await
                .unwrap()
                .unwrap()
                .has(Role::Admin)
        );
        let out2 = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin2 = e.app.actor(&out2.session.token).await.unwrap().unwrap();
        assert!(e.app.second_factor(&admin2, &code).await.is_err(), "replay");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn editors_edit_only_their_departments_and_revoking_a_role_ends_sessions() {
    for db in TestDb::all().await {
        let (e, _) = admin_env(&db).await;
        let ed = e
            .app
            .create_user(&NewUser {
                email: "ed@example.org".to_owned(),
                display_name: "Edith".to_owned(),
                role: "editor".to_owned(),
                departments: vec!["stk".to_owned()],
                password: PW.to_owned(),
            })
            .await
            .unwrap();
        let unknown = e
            .app
            .grant_by_email("ed@example.org", "editor", &["nope".to_owned()])
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&unknown),
            [("department", "error-department-unknown")]
        );
        let secret = totp::new_secret();
        e.app
            .store()
            .enable_totp(ed, &sealed(&e, ed, &secret), 0, &[])
            .await
            .unwrap();
        let out = e.app.login("ed@example.org", PW, None, None).await.unwrap();
        let edith = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(!edith.may_edit("stk"), "not before the second factor");
        let edith_full = e
            .app
            .second_factor(&edith, &current_code(&secret))
            .await
            .unwrap();
        let edith = e.app.actor(&edith_full.token).await.unwrap().unwrap();
        assert!(edith.may_edit("stk"));
        assert!(!edith.may_edit("hmdis"));
        assert!(!edith.has(Role::Admin));

        let admin_secret = totp::new_secret();
        let admin_id = e
            .app
            .store()
            .account_by_email("admin@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        e.app
            .store()
            .enable_totp(admin_id, &sealed(&e, admin_id, &admin_secret), 0, &[])
            .await
            .unwrap();
        let a = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin = e.app.actor(&a.session.token).await.unwrap().unwrap();
        let full = e
            .app
            .second_factor(&admin, &current_code(&admin_secret))
            .await
            .unwrap();
        let admin = e.app.actor(&full.token).await.unwrap().unwrap();
        e.app
            .admin_revoke(&admin, ed, "editor", "stk")
            .await
            .unwrap();
        assert!(e.app.actor(&edith_full.token).await.unwrap().is_none());
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_resets_a_lost_second_factor_and_the_account_sets_up_a_new_one() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let moderator = e
            .app
            .create_user(&NewUser {
                email: "mo@example.org".to_owned(),
                display_name: "Moritz".to_owned(),
                role: "moderator".to_owned(),
                departments: vec![],
                password: PW.to_owned(),
            })
            .await
            .unwrap();
        let store = e.app.store();
        store
            .enable_totp(
                moderator,
                &sealed(&e, moderator, &totp::new_secret()),
                0,
                &["r1".to_owned()],
            )
            .await
            .unwrap();
        let secret = totp::new_secret();
        store
            .enable_totp(admin_id, &sealed(&e, admin_id, &secret), 0, &[])
            .await
            .unwrap();
        let mo = e.app.login("mo@example.org", PW, None, None).await.unwrap();
        let mo_actor = e.app.actor(&mo.session.token).await.unwrap().unwrap();
        assert!(matches!(
            e.app.reset_second_factor(Some(&mo_actor), admin_id).await,
            Err(AppError::Forbidden)
        ));
        let a = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin = e.app.actor(&a.session.token).await.unwrap().unwrap();
        let full = e
            .app
            .second_factor(&admin, &current_code(&secret))
            .await
            .unwrap();
        let admin = e.app.actor(&full.token).await.unwrap().unwrap();
        e.app
            .reset_second_factor(Some(&admin), moderator)
            .await
            .unwrap();
        assert!(e.app.actor(&mo.session.token).await.unwrap().is_none());
        let row = store.account(moderator).await.unwrap();
        assert!(row.totp_secret.is_none());
        assert_eq!(store.recovery_codes_left(moderator).await.unwrap(), 0);
        let again = e.app.login("mo@example.org", PW, None, None).await.unwrap();
        assert!(
            again.needs_totp_setup,
            "the next login sets up a new factor"
        );
        let audit = store.audit_after(0, 100).await.unwrap();
        assert!(audit.iter().any(|r| r.action == "second_factor.reset"
            && r.entity == format!("account:{moderator}")
            && r.actor_id == Some(admin_id)));
        let notice = nth_mail(e.mail.path(), 1).await;
        assert!(notice.contains("To: mo@example.org") && notice.contains("zweiter Faktor"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_second_factor_in_place_cannot_be_replaced_with_the_password_alone() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let secret = sealed(&e, admin_id, &totp::new_secret());
        e.app
            .store()
            .enable_totp(admin_id, &secret, 0, &["r1".to_owned()])
            .await
            .unwrap();
        let out = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let half = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(half.needs_second_factor());
        assert!(matches!(
            e.app.begin_totp(&half).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.confirm_totp(&half, "123456").await,
            Err(AppError::Forbidden)
        ));
        let row = e.app.store().account(admin_id).await.unwrap();
        assert_eq!(row.totp_secret.as_deref(), Some(secret.as_str()));
        assert!(row.totp_pending.is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_participant_who_set_up_a_factor_is_asked_for_it() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "pa@example.org", "Paul").await;
        let paul = logged_in(&e, "pa@example.org").await;
        let (secret, _) = e.app.begin_totp(&paul).await.unwrap();
        e.app
            .confirm_totp(&paul, &current_code(&secret))
            .await
            .unwrap();
        let out = e.app.login("pa@example.org", PW, None, None).await.unwrap();
        assert!(out.needs_second_factor && !out.needs_totp_setup);
        let later = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(later.needs_second_factor());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn guessing_second_factor_codes_is_limited_and_the_owner_is_told_once() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let half = logged_in(&e, "admin@example.org").await;
        let (secret, _) = e.app.begin_totp(&half).await.unwrap();
        let (_, session) = e
            .app
            .confirm_totp(&half, &current_code(&secret))
            .await
            .unwrap();
        drop(session);
        let before = mails(e.mail.path()).len();
        let guessing = logged_in(&e, "admin@example.org").await;
        for _ in 0..10 {
            e.app.limit_second_factor(&guessing).await.unwrap();
            assert!(e.app.second_factor(&guessing, "000000").await.is_err());
        }
        for _ in 0..3 {
            assert!(matches!(
                e.app.limit_second_factor(&guessing).await,
                Err(AppError::RateLimited { retry_after }) if retry_after > 0
            ));
        }
        let mail = nth_mail(e.mail.path(), before + 1).await;
        assert!(mail.contains("falsche Codes"), "{mail}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            mails(e.mail.path()).len(),
            before + 1,
            "one mail per window, not per try"
        );
        let audit = e.app.store().audit_of_account(admin_id).await.unwrap();
        let limited = audit
            .iter()
            .filter(|r| r.action == "login.second_factor_limited")
            .count();
        assert_eq!(limited, 1);
        db.cleanup().await;
    }
}
