//! Reports through the form and the moderators' list on /redaktion.

use super::*;

#[tokio::test]
async fn a_report_through_the_form_reaches_the_moderators_list_on_redaktion() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let n = register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        register(&app, mail.path(), n, "ben@example.org", "Ben").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let (ben, _) = login(&app, "ben@example.org", PW).await;
        let (_, h, _) = write(
            &app,
            &anna,
            &[("kind", "comment"), ("body", "Ein grober Text")],
        )
        .await;
        let id = id_from(location(&h));
        let report = format!("{PROCESS}/beitraege/{id}/melden");
        let (status, _, _) = get_as(&app, &report, &anna).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "not one's own");
        let (status, _, page) = get_as(&app, &report, &ben).await;
        assert_eq!(status, StatusCode::OK);
        let token = value_of(&page, "csrf");
        let (status, _, page) = post(
            &app,
            &report,
            &form(&[("csrf", &token), ("reason", "")]),
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#reason\""));
        let (status, _, _) = post(
            &app,
            &report,
            &form(&[("csrf", &token), ("reason", "Beleidigt <Leute>")]),
            Some(&ben),
            "https://evil.example",
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, h, _) = post(
            &app,
            &report,
            &form(&[("csrf", &token), ("reason", "Beleidigt <Leute>")]),
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).contains("hinweis=gemeldet"));

        let (status, _, _) = get_as(&app, "/redaktion", &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "participants see no reports");
        let (_, _, anonymous) = get(&app, &format!("{PROCESS}/beitraege/{id}")).await;
        assert!(
            !anonymous.contains("Beleidigt"),
            "reasons are for the moderators only"
        );

        // A moderator with a second factor sees the report and dismisses it.
        state
            .app
            .create_user(&NewUser {
                email: "mo@example.org".into(),
                display_name: "Moderation".into(),
                role: "moderator".into(),
                departments: vec![],
                password: PW.into(),
            })
            .await
            .unwrap();
        let (half, to) = login(&app, "mo@example.org", PW).await;
        assert_eq!(to, "/konto/zwei-faktor");
        let (_, _, page) = get_as(&app, "/konto/zwei-faktor", &half).await;
        let secret = page
            .split("class=\"secret\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .replace(' ', "");
        let body = form(&[
            ("csrf", &value_of(&page, "csrf")),
            ("code", &code_now(&secret)),
        ]);
        let (status, h, _) = post(&app, "/konto/zwei-faktor", &body, Some(&half), ORIGIN).await;
        assert_eq!(status, StatusCode::OK, "{h:?}");
        let mo = set_cookies(&h)[0].split(';').next().unwrap().to_owned();
        let (status, _, page) = get_as(&app, "/redaktion", &mo).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("Beleidigt &#60;Leute&#62;") && page.contains("Ein grober Text"),
            "the report and the contribution"
        );
        assert!(!page.contains("Ben"), "reporters are not named");
        let token = value_of(&page, "csrf");
        let (status, h, _) = post(
            &app,
            &format!("/redaktion/meldungen/{id}/zurueckweisen"),
            &form(&[("csrf", &token)]),
            Some(&mo),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).starts_with("/redaktion?hinweis=meldungen"));
        let (_, _, page) = get_as(&app, "/redaktion", &mo).await;
        assert!(page.contains("keine offenen Meldungen"));
        db.cleanup().await;
    }
}
