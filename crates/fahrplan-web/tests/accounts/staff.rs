use crate::support::*;

#[tokio::test]
async fn staff_need_the_second_factor_and_never_see_other_peoples_emails() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "frieda@example.org", "Frieda").await;
        let admin_id = state
            .app
            .create_user(&NewUser {
                email: "chefin@example.org".into(),
                display_name: "Chefin".into(),
                role: "admin".into(),
                departments: vec![],
                password: PW.into(),
            })
            .await
            .unwrap();
        let (cookie, next) = login(&app, "chefin@example.org", PW).await;
        assert_eq!(next, "/konto/zwei-faktor", "staff set up TOTP first");
        let (status, h, _) = get_as(&app, "/redaktion", &cookie).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "no staff page without the factor"
        );
        assert_eq!(location(&h), "/konto/zwei-faktor");
        let (status, _, setup) = get_as(&app, "/konto/zwei-faktor", &cookie).await;
        assert_eq!(status, StatusCode::OK);
        let frieda_id = state
            .app
            .store()
            .account_by_email("frieda@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let body = form(&[("csrf", &value_of(&setup, "csrf")), ("role", "moderator")]);
        let (status, _, _) = post(
            &app,
            &format!("/redaktion/konten/{frieda_id}/rollen"),
            &body,
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "no staff rights without the factor"
        );
        assert_eq!(state.app.store().roles(frieda_id).await.unwrap().len(), 1);
        let pending = state
            .app
            .store()
            .account(admin_id)
            .await
            .unwrap()
            .totp_pending
            .unwrap();
        let secret = state.app.totp_key().open(admin_id, &pending).unwrap();
        let grouped: Vec<&str> = secret
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        assert!(
            setup.contains(&grouped.join(" ")),
            "the secret is shown for typing in"
        );
        let token = value_of(&setup, "csrf");
        let body = form(&[("csrf", &token), ("code", "000000")]);
        let (status, _, html) =
            post(&app, "/konto/zwei-faktor", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("aria-invalid=\"true\""));
        let body = form(&[("csrf", &token), ("code", &code_now(&secret))]);
        let (status, h, html) =
            post(&app, "/konto/zwei-faktor", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::OK, "recovery codes are shown once");
        // The session goes on under a new token; the one from before the factor is dead.
        let old_cookie = cookie;
        let cookie = set_cookies(&h)[0].split(';').next().unwrap().to_owned();
        assert_ne!(cookie, old_cookie);
        let (status, _, _) = get_as(&app, "/konto", &old_cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(
            html.contains(&format!("value=\"{}\"", csrf(&app, &cookie).await)),
            "the page's forms carry the new session's token"
        );
        assert!(
            state
                .app
                .store()
                .recovery_codes_left(admin_id)
                .await
                .unwrap()
                == 10
        );
        let _ = html;

        let (status, _, staff) = get_as(&app, "/redaktion", &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(staff.contains("Frieda"));
        // An editor without a department is refused on the same page, the input kept.
        let body = form(&[
            ("csrf", &value_of(&staff, "csrf")),
            ("role", "editor"),
            ("department", "xyz"),
        ]);
        let (status, _, html) = post(
            &app,
            &format!("/redaktion/konten/{frieda_id}/rollen"),
            &body,
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("<title>Fehler: "));
        assert!(html.contains(&format!("href=\"#dept-{frieda_id}\"")));
        assert!(html.contains(&format!(
            "aria-invalid=\"true\" aria-describedby=\"dept-{frieda_id}-error\""
        )));
        assert!(html.contains("value=\"xyz\""));
        assert!(html.contains("<option value=\"editor\" selected>"));
        assert_eq!(state.app.store().roles(frieda_id).await.unwrap().len(), 1);
        assert!(
            !staff.contains("frieda@example.org"),
            "admins see no emails of others"
        );

        // What Frieda and anonymous readers can reach never shows the admin's address.
        let (frieda, _) = login(&app, "frieda@example.org", PW).await;
        for path in [
            "/",
            "/konto",
            "/suche?q=Chefin",
            "/api/v1/search?q=chefin",
            "/redaktion",
        ] {
            let (_, _, body) = get_as(&app, path, &frieda).await;
            assert!(!body.contains("chefin@example.org"), "{path}");
            let (_, _, body) = get(&app, path).await;
            assert!(
                !body.contains("chefin@example.org") && !body.contains("frieda@example.org"),
                "{path}"
            );
        }
        let audit = state.app.store().audit_after(0, 100).await.unwrap();
        assert!(audit.iter().any(|r| r.action == "second_factor.enable"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn with_the_password_alone_a_staff_account_can_neither_be_changed_nor_its_factor_replaced() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let id = state
            .app
            .create_user(&NewUser {
                email: "mod@example.org".into(),
                display_name: "Moderation".into(),
                role: "moderator".into(),
                departments: vec![],
                password: PW.into(),
            })
            .await
            .unwrap();
        let secret = totp::new_secret();
        let stored = state.app.totp_key().seal(id, &secret).unwrap();
        state
            .app
            .store()
            .enable_totp(id, &stored, 0, &[])
            .await
            .unwrap();
        let (cookie, next) = login(&app, "mod@example.org", PW).await;
        assert_eq!(next, "/anmelden/zweiter-faktor");
        let (_, _, page) = get_as(&app, "/anmelden/zweiter-faktor", &cookie).await;
        let token = value_of(&page, "csrf");
        for (path, body) in [
            (
                "/konto/loeschen",
                form(&[("csrf", &token), ("delete_password", PW)]),
            ),
            (
                "/konto/daten",
                form(&[("csrf", &token), ("export_password", PW)]),
            ),
            (
                "/konto/name",
                form(&[("csrf", &token), ("display_name", "Mallory")]),
            ),
            (
                "/konto/zwei-faktor",
                form(&[("csrf", &token), ("code", "000000")]),
            ),
        ] {
            let (status, _, page) = post(&app, path, &body, Some(&cookie), ORIGIN).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
            // Replacing the factor is refused by the use case (no right to), the rest because
            // the login is not finished.
            let named = if path == "/konto/zwei-faktor" {
                "<h1>Keine Berechtigung</h1>"
            } else {
                "<h1>Anmeldung nicht abgeschlossen</h1>"
            };
            assert!(page.contains(named), "{path}: the refusal says what it is");
        }
        let row = state.app.store().account(id).await.unwrap();
        assert!(row.deleted_at.is_none());
        assert_eq!(row.display_name, "Moderation");
        assert_eq!(row.totp_secret.as_deref(), Some(stored.as_str()));
        assert!(row.totp_pending.is_none());
        // With the code the session may, under a new token.
        let body = form(&[("csrf", &token), ("code", &code_now(&secret))]);
        let (status, h, _) = post(
            &app,
            "/anmelden/zweiter-faktor",
            &body,
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_ne!(location(&h), "/anmelden/zweiter-faktor");
        let full = set_cookies(&h)[0].split(';').next().unwrap().to_owned();
        assert_ne!(full, cookie);
        let (status, _, _) = get_as(&app, "/konto", &cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "the old token is dead");
        let token = csrf(&app, &full).await;
        let body = form(&[("csrf", &token), ("display_name", "Moderation Nord")]);
        let (status, _, _) = post(&app, "/konto/name", &body, Some(&full), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        db.cleanup().await;
    }
}
