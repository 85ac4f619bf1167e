use crate::support::*;

#[tokio::test]
async fn too_many_logins_answer_429_with_retry_after() {
    let db = TestDb::sqlite();
    let mail = tempfile::tempdir().unwrap();
    let settings = AccountSettings::with_mail_dir(mail.path().to_path_buf());
    let (app, _) = setup_on(&db, move |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Login, (3, 300));
        a.with_accounts(settings).with_limits(limits)
    })
    .await;
    let mut last = None;
    for _ in 0..4 {
        let (_, _, page) = get(&app, "/anmelden").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "x@example.org"),
            ("password", "irgendwas1"),
        ]);
        last = Some(post(&app, "/anmelden", &body, None, ORIGIN).await);
    }
    let (status, h, html) = last.unwrap();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = h
        .get(header::RETRY_AFTER)
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry));
    assert!(
        html.contains("<h1>"),
        "a page in the site's layout, not a bare status"
    );
    // The API answers problem+json with the same header.
    let limited = move |a: App| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Search, (1, 60));
        a.with_limits(limits)
    };
    let db2 = TestDb::sqlite();
    let (api, _) = setup_on(&db2, limited).await;
    let (status, _, _) = get(&api, "/api/v1/search?q=Breitband").await;
    assert_eq!(status, StatusCode::OK);
    let (status, h, body) = get(&api, "/api/v1/search?q=Breitband").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(h.get(header::RETRY_AFTER).is_some());
    assert_eq!(
        h.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    assert!(body.contains("\"status\":429"));
}

#[tokio::test]
async fn guessing_one_accounts_password_from_many_addresses_is_limited_too() {
    let db = TestDb::sqlite();
    let (app, _) = setup_on(&db, |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Login, (3, 300));
        a.with_limits(limits)
    })
    .await;
    let mut statuses = Vec::new();
    // Four guesses at one account from four addresses, then one at another account.
    for i in 1..=5u8 {
        let email = if i < 5 {
            "target@example.org"
        } else {
            "other@example.org"
        };
        let (_, _, page) = get(&app, "/anmelden").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", email),
            ("password", "geraten123"),
        ]);
        let mut req = Request::post("/anmelden")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(body))
            .unwrap();
        let addr = std::net::SocketAddr::from(([192, 0, 2, i], 40000));
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        statuses.push(send(&app, req).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ]
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let db = TestDb::sqlite();
    let (app, _) = setup_on(&db, |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Search, (2, 60));
        a.with_limits(limits)
    })
    .await;
    let search = |client: &'static str, peer: [u8; 4]| {
        let app = app.clone();
        async move {
            let mut req = Request::get("/api/v1/search?q=Breitband")
                .header("x-forwarded-for", client)
                .body(Body::empty())
                .unwrap();
            let addr = std::net::SocketAddr::from((peer, 50000));
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(addr));
            send(&app, req).await.0
        }
    };
    let proxy = [127, 0, 0, 1];
    assert_eq!(search("198.51.100.1", proxy).await, StatusCode::OK);
    assert_eq!(search("198.51.100.1", proxy).await, StatusCode::OK);
    assert_eq!(
        search("198.51.100.1", proxy).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(search("198.51.100.2", proxy).await, StatusCode::OK);
    // A client that is not a trusted proxy cannot pick its address by the header.
    let direct = [192, 0, 2, 9];
    assert_eq!(search("198.51.100.3", direct).await, StatusCode::OK);
    assert_eq!(search("198.51.100.4", direct).await, StatusCode::OK);
    assert_eq!(
        search("198.51.100.5", direct).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn one_feedback_token_stores_one_row_and_the_form_is_limited_per_address() {
    let db = TestDb::sqlite();
    let (app, state) = setup_on(&db, |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Feedback, (3, 3600));
        a.with_limits(limits)
    })
    .await;
    let (_, _, page) = get(&app, "/barrierefreiheit").await;
    let body = form(&[
        ("token", &value_of(&page, "token")),
        ("message", "Der Kontrast ist zu schwach"),
    ]);
    let (status, _, _) = post(&app, "/barrierefreiheit", &body, None, ORIGIN).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for _ in 0..3 {
        let (status, _, html) = post(&app, "/barrierefreiheit", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::CONFLICT, "the same token again");
        assert!(html.contains("<h1>Formular schon gesendet</h1>"), "{html}");
    }
    assert_eq!(state.app.store().feedback().await.unwrap().len(), 1);
    // Fresh tokens each time: the address's limit ends it.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let (_, _, page) = get(&app, "/barrierefreiheit").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("message", "Noch etwas"),
        ]);
        statuses.push(post(&app, "/barrierefreiheit", &body, None, ORIGIN).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    assert_eq!(state.app.store().feedback().await.unwrap().len(), 3);
}

#[tokio::test]
async fn suggestions_are_limited_per_address() {
    let db = TestDb::sqlite();
    let (app, _) = setup_on(&db, |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Suggest, (2, 60));
        a.with_limits(limits)
    })
    .await;
    for _ in 0..2 {
        assert_eq!(get(&app, "/api/v1/suggest?q=Digi").await.0, StatusCode::OK);
    }
    let (status, h, body) = get(&app, "/api/v1/suggest?q=Digi").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(h.get(header::RETRY_AFTER).is_some());
    assert!(body.contains("/api/v1/problems/rate-limited"), "{body}");
}
