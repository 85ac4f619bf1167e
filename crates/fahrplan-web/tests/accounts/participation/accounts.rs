//! Per-account limits with their 429, and deleted authors signed "gelöschtes Konto".

use super::*;

#[tokio::test]
async fn posting_and_supporting_past_the_per_account_limit_answer_429_with_retry_after() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Post, (1, 3600));
        limits.rules.insert(Bucket::Support, (1, 3600));
        let settings = AccountSettings::with_mail_dir(mail.path().to_path_buf());
        let (app, _) = setup_on(&db, move |a| a.with_accounts(settings).with_limits(limits)).await;
        let n = register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        register(&app, mail.path(), n, "ben@example.org", "Ben").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let (ben, _) = login(&app, "ben@example.org", PW).await;
        let (_, h, _) = write(&app, &anna, &[("kind", "comment"), ("body", "eins")]).await;
        let first = id_from(location(&h));
        let (status, h, page) = write(&app, &anna, &[("kind", "comment"), ("body", "zwei")]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = h
            .get(header::RETRY_AFTER)
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=3600).contains(&wait), "{wait}");
        assert!(page.contains("Zu viele Anfragen"));
        let (_, h, _) = write(&app, &ben, &[("kind", "comment"), ("body", "von Ben")]).await;
        let second = id_from(location(&h));

        let (_, _, page) = get_as(&app, PROCESS, &anna).await;
        let token = value_of(&page, "csrf");
        let support = |id: i64| format!("{PROCESS}/beitraege/{id}/unterstuetzen");
        let (status, _, _) = post(
            &app,
            &support(second),
            &form(&[("csrf", &token)]),
            Some(&anna),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = get_as(&app, PROCESS, &ben).await;
        let ben_token = value_of(&page, "csrf");
        let (status, _, _) = post(
            &app,
            &support(first),
            &form(&[("csrf", &ben_token)]),
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "Ben's own count is separate");
        let (_, _, page) = get_as(&app, PROCESS, &ben).await;
        assert!(page.contains("Unterstützungen: 1"));
        let (status, h, _) = post(
            &app,
            &format!("{PROCESS}/beitraege/{first}/unterstuetzung-zuruecknehmen"),
            &form(&[("csrf", &ben_token)]),
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{h:?}");
        let (status, h, _) = post(
            &app,
            &support(first),
            &form(&[("csrf", &ben_token)]),
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "the second support in the hour"
        );
        assert!(h.contains_key(header::RETRY_AFTER));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_deleted_accounts_contribution_is_signed_geloeschtes_konto() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna Auffindbar").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let (_, h, _) = write(
            &app,
            &cookie,
            &[
                ("kind", "proposal"),
                ("title", "Offene Daten"),
                ("body", "Bitte als CSV."),
            ],
        )
        .await;
        let thread = location(&h).split('?').next().unwrap().to_owned();
        let (_, _, page) = get(&app, &thread).await;
        assert!(page.contains("Anna Auffindbar"));

        let token = csrf(&app, &cookie).await;
        let (status, _, _) = post(
            &app,
            "/konto/loeschen",
            &form(&[("csrf", &token), ("delete_password", PW)]),
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        for path in [thread.as_str(), PROCESS] {
            let (status, _, page) = get(&app, path).await;
            assert_eq!(status, StatusCode::OK);
            assert!(page.contains("gelöschtes Konto"), "{path}");
            assert!(
                page.contains("Bitte als CSV."),
                "{path}: the contribution stays"
            );
            assert!(
                !page.contains("Anna Auffindbar"),
                "{path}: the name is gone"
            );
            assert!(!page.contains("anna@example.org"), "{path}");
        }
        let (_, _, page) = get(&app, &format!("/en{thread}")).await;
        assert!(page.contains("deleted account"));
        db.cleanup().await;
    }
}
