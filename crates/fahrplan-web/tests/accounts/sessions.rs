use crate::support::*;

#[tokio::test]
async fn login_sets_one_host_cookie_and_logout_ends_the_session() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        for path in ["/", "/anmelden", "/registrieren", "/suche?q=Breitband"] {
            let (_, h, _) = get(&app, path).await;
            assert!(set_cookies(&h).is_empty(), "{path} sets no cookie");
        }
        let (cookie, next) = login(&app, "anna@example.org", PW).await;
        assert_eq!(next, "/konto");
        assert!(cookie.starts_with("__Host-fahrplan="));
        let (_, h, _) = {
            let (_, _, page) = get(&app, "/anmelden").await;
            let body = form(&[
                ("token", &value_of(&page, "token")),
                ("email", "anna@example.org"),
                ("password", PW),
            ]);
            post(&app, "/anmelden", &body, None, ORIGIN).await
        };
        let full = &set_cookies(&h)[0];
        for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax", "Max-Age="] {
            assert!(full.contains(attr), "{full} lacks {attr}");
        }
        assert!(!full.contains("Domain"), "a __Host- cookie has no Domain");

        let (status, h, page) = get_as(&app, "/konto", &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("anna@example.org"),
            "the owner sees her own address"
        );
        assert_eq!(h.get(header::CACHE_CONTROL).unwrap(), "private, no-store");
        let (_, _, start) = get_as(&app, "/", &cookie).await;
        assert!(start.contains("Anna"), "the header shows who is logged in");

        let token = value_of(&page, "csrf");
        let (status, h, _) = post(
            &app,
            "/abmelden",
            &form(&[("csrf", &token)]),
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(set_cookies(&h)[0].contains("Max-Age=0"));
        let (status, h, _) = get_as(&app, "/konto", &cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&h), "/anmelden");
        assert!(
            set_cookies(&h).iter().any(|c| c.contains("Max-Age=0")),
            "a dead cookie is removed"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_password_re_renders_the_form_keeping_the_email_and_sets_no_cookie() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "bea@example.org", "Bea").await;
        let mut pages = Vec::new();
        for email in ["bea@example.org", "unknown@example.org"] {
            let (_, _, page) = get(&app, "/anmelden").await;
            let body = form(&[
                ("token", &value_of(&page, "token")),
                ("email", email),
                ("password", "falsches Passwort"),
            ]);
            let (status, h, html) = post(&app, "/anmelden", &body, None, ORIGIN).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(set_cookies(&h).is_empty());
            assert!(html.contains("<title>Fehler: "));
            assert!(html.contains(&format!("value=\"{email}\"")), "input kept");
            assert!(
                !html.contains("falsches Passwort"),
                "passwords are never echoed"
            );
            pages.push(
                html.replace(email, "EMAIL")
                    .replace(&value_of(&html, "token"), "T"),
            );
        }
        assert_eq!(
            pages[0], pages[1],
            "known and unknown emails get the same page"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn my_data_downloads_a_zip_and_deleting_the_account_ends_everything() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "gert@example.org", "Gert").await;
        let (cookie, _) = login(&app, "gert@example.org", PW).await;
        let (second, _) = login(&app, "gert@example.org", PW).await;
        let token = csrf(&app, &cookie).await;
        let body = form(&[("csrf", &token), ("export_password", "falsch")]);
        let (status, _, html) = post(&app, "/konto/daten", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("aria-invalid=\"true\""));
        let body = form(&[("csrf", &token), ("export_password", PW)]);
        let req = Request::post("/konto/daten")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, &cookie)
            .body(Body::from(body))
            .unwrap();
        let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "application/zip");
        assert!(
            res.headers()[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        assert_eq!(&bytes[..2], b"PK");

        let body = form(&[("csrf", &token), ("delete_password", PW)]);
        let (status, h, _) = post(&app, "/konto/loeschen", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(set_cookies(&h).iter().any(|c| c.contains("Max-Age=0")));
        for c in [&cookie, &second] {
            let (status, _, _) = get_as(&app, "/konto", c).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "every session ended");
        }
        assert!(
            state
                .app
                .store()
                .account_by_email("gert@example.org")
                .await
                .unwrap()
                .is_none()
        );
        let (_, _, page) = get(&app, "/anmelden").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "gert@example.org"),
            ("password", PW),
        ]);
        let (status, _, _) = post(&app, "/anmelden", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn registration_errors_keep_the_input_and_a_used_reset_link_is_refused() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        let (_, _, page) = get(&app, "/registrieren").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "hanna@example.org"),
            ("display_name", "Hanna"),
            ("password", "12345678"),
        ]);
        let (status, _, html) = post(&app, "/registrieren", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("value=\"hanna@example.org\"") && html.contains("value=\"Hanna\""));
        assert!(
            html.contains("href=\"#password\"") && html.contains("href=\"#consent\""),
            "summary links to each field"
        );

        let n = register(&app, mail.path(), 0, "hanna@example.org", "Hanna").await;
        let (_, _, page) = get(&app, "/passwort-vergessen").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "hanna@example.org"),
        ]);
        let (status, h, _) = post(&app, "/passwort-vergessen", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&h), "/passwort-vergessen/gesendet");
        let link = token_in(&wait_for_mail(mail.path(), n + 1).await);
        let (_, _, page) = get(&app, &format!("/passwort-neu?token={link}")).await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("password", "Ein ganz neues Passwort"),
        ]);
        let (status, _, _) = post(&app, "/passwort-neu", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, html) = post(&app, "/passwort-neu", &body, None, ORIGIN).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a reset link works once"
        );
        assert!(html.contains("aria-invalid=\"true\"") || html.contains("error-summary"));
        login(&app, "hanna@example.org", "Ein ganz neues Passwort").await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn extending_the_session_returns_only_to_a_path_of_this_site() {
    let db = TestDb::sqlite();
    let mail = tempfile::tempdir().unwrap();
    let (app, _) = setup_on(&db, with_mail(mail.path())).await;
    register(&app, mail.path(), 0, "ida@example.org", "Ida").await;
    let (cookie, _) = login(&app, "ida@example.org", PW).await;
    let token = csrf(&app, &cookie).await;
    for (back, expected) in [
        ("/strategie/2021", "/strategie/2021"),
        ("https://evil.example/", "/konto?hinweis=verlaengert"),
        ("//evil.example/", "/konto?hinweis=verlaengert"),
        ("/\\evil.example", "/konto?hinweis=verlaengert"),
        ("/konto\r\nSet-Cookie: x=1", "/konto?hinweis=verlaengert"),
    ] {
        let body = form(&[("csrf", &token), ("back", back)]);
        let (status, h, _) = post(&app, "/konto/sitzung", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{back:?}");
        assert_eq!(location(&h), expected, "{back:?}");
    }
}
