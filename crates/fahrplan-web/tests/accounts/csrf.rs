use crate::support::*;

#[tokio::test]
async fn state_changes_need_the_session_token_and_a_same_site_origin() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "carl@example.org", "Carl").await;
        let (cookie, _) = login(&app, "carl@example.org", PW).await;
        let token = csrf(&app, &cookie).await;
        let change = |t: &str| form(&[("csrf", t), ("display_name", "Mallory")]);
        for (body, origin, why) in [
            (change(""), ORIGIN, "missing token"),
            (change("00ff"), ORIGIN, "wrong token"),
            (change(&token), "https://evil.example", "cross-site origin"),
        ] {
            let (status, _, _) = post(&app, "/konto/name", &body, Some(&cookie), origin).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{why}");
        }
        let bare = Request::post("/konto/name")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::COOKIE, &cookie)
            .body(Body::from(change(&token)))
            .unwrap();
        let (status, _, _) = send(&app, bare).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "neither Origin nor Sec-Fetch-Site"
        );
        let acc = state.app.store().account_by_email("carl@example.org").await;
        assert_eq!(acc.unwrap().unwrap().display_name, "Carl");

        // Another session's token does not fit this session.
        let (other, _) = login(&app, "carl@example.org", PW).await;
        let other_token = csrf(&app, &other).await;
        assert_ne!(other_token, token);
        let (status, _, _) = post(
            &app,
            "/konto/name",
            &change(&other_token),
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let (status, _, _) =
            post(&app, "/konto/name", &change(&token), Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let acc = state.app.store().account_by_email("carl@example.org").await;
        assert_eq!(acc.unwrap().unwrap().display_name, "Mallory");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_participant_cannot_end_another_persons_session() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let n = register(&app, mail.path(), 0, "dora@example.org", "Dora").await;
        register(&app, mail.path(), n, "emil@example.org", "Emil").await;
        let (dora, _) = login(&app, "dora@example.org", PW).await;
        let (emil, _) = login(&app, "emil@example.org", PW).await;
        let (emil_laptop, _) = login(&app, "emil@example.org", PW).await;
        let (_, _, emil_page) = get_as(&app, "/konto", &emil_laptop).await;
        let emil_session = value_of(&emil_page, "session");
        let token = csrf(&app, &dora).await;
        let body = form(&[("csrf", &token), ("session", &emil_session)]);
        let (status, _, _) = post(&app, "/konto/sitzungen", &body, Some(&dora), ORIGIN).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = get_as(&app, "/konto", &emil).await;
        assert_eq!(status, StatusCode::OK, "Emil is still logged in");
        let emil_id = state
            .app
            .store()
            .account_by_email("emil@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let body = form(&[("csrf", &token), ("role", "admin")]);
        let (status, _, _) = post(
            &app,
            &format!("/redaktion/konten/{emil_id}/rollen"),
            &body,
            Some(&dora),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, page) = get_as(&app, "/redaktion", &dora).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(
            page.contains("<h1>Keine Berechtigung</h1>"),
            "a lack of rights is named as such, not as a foreign request"
        );
        db.cleanup().await;
    }
}
