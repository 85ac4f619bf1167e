//! Participation through the forms: what anonymous readers get, CSRF, input kept on refusal,
//! authorship checked for the object, the per-account limits with their 429, and deleted
//! authors signed "gelöschtes Konto".

use crate::support::*;

const PROCESS: &str = "/mitmachen/umsetzung-begleiten";

async fn write(app: &Router, cookie: &str, fields: &[(&str, &str)]) -> Reply {
    let (_, _, page) = get_as(app, PROCESS, cookie).await;
    let token = value_of(&page, "csrf");
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    post(app, PROCESS, &form(&all), Some(cookie), ORIGIN).await
}

fn id_from(location: &str) -> i64 {
    location
        .split("/beitraege/")
        .nth(1)
        .unwrap()
        .split(['?', '#', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_participant_writes_through_the_form_and_refused_input_keeps_the_text() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;

        let (status, _, page) = write(
            &app,
            &cookie,
            &[
                ("kind", "proposal"),
                ("title", ""),
                ("body", "Mein langer Text über Funklöcher"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("class=\"error-summary\""), "error summary");
        assert!(
            page.contains("href=\"#title\""),
            "the summary links to the field"
        );
        assert!(
            page.contains(">Mein langer Text über Funklöcher</textarea>"),
            "the text is kept"
        );

        let (_, _, page) = get_as(&app, PROCESS, &cookie).await;
        let token = value_of(&page, "csrf");
        let body = |t: &str| form(&[("csrf", t), ("kind", "comment"), ("body", "unerwünscht")]);
        for (b, origin, why) in [
            (body(""), ORIGIN, "missing token"),
            (body("00ff"), ORIGIN, "wrong token"),
            (body(&token), "https://evil.example", "cross-site origin"),
        ] {
            let (status, _, _) = post(&app, PROCESS, &b, Some(&cookie), origin).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{why}");
        }
        let (status, _, _) = post(&app, PROCESS, &body(&token), None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "not logged in");
        let acc = state
            .app
            .store()
            .account_by_email("anna@example.org")
            .await
            .unwrap()
            .unwrap();
        assert!(
            state
                .app
                .store()
                .contributions_by(acc.id)
                .await
                .unwrap()
                .is_empty(),
            "nothing stored"
        );

        let (status, h, _) = write(
            &app,
            &cookie,
            &[
                ("kind", "proposal"),
                ("target", "measure:mobilfunkfoerderprogramm-300-standorte"),
                ("title", "Funklöcher <b>melden</b>"),
                (
                    "body",
                    "Eine Karte <script>alert(1)</script> mit [Link](javascript:alert(2)).",
                ),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let to = location(&h).to_owned();
        assert!(
            to.starts_with("/mitmachen/umsetzung-begleiten/beitraege/")
                && to.contains("hinweis=gesendet"),
            "{to}"
        );
        let (status, _, page) = get_as(&app, &to, &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("Funklöcher &#60;b&#62;melden&#60;/b&#62;"),
            "title escaped"
        );
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                && !page.contains("<script>alert"),
            "body escaped"
        );
        assert!(!page.contains("javascript:"), "unsafe links dropped");
        assert!(page.contains("Ihr Beitrag ist veröffentlicht."));

        let (status, h, page) = get(&app, PROCESS).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            set_cookies(&h).is_empty(),
            "no cookie for anonymous readers"
        );
        assert!(page.contains("Funklöcher &#60;b&#62;melden&#60;/b&#62;"));
        assert!(
            !page.contains("action=\"/mitmachen/umsetzung-begleiten\""),
            "no form for anonymous readers"
        );
        assert!(
            !page.contains("unterstuetzen\""),
            "no support button for anonymous readers"
        );
        assert!(page.contains("href=\"/anmelden\""));
        let (_, _, measure) = get(&app, "/massnahmen/mobilfunkfoerderprogramm-300-standorte").await;
        let link = "href=\"/mitmachen/umsetzung-begleiten?bezug=measure:mobilfunkfoerderprogramm-300-standorte&#38;zu=measure:mobilfunkfoerderprogramm-300-standorte#mitmachen\"";
        assert!(
            measure.contains(link),
            "the measure page links to the open process with the measure chosen"
        );
        let (_, _, narrowed) = get(
            &app,
            "/mitmachen/umsetzung-begleiten?zu=measure:mobilfunkfoerderprogramm-300-standorte",
        )
        .await;
        assert!(
            narrowed.contains("Beiträge zu Maßnahme:")
                && narrowed.contains("Funklöcher &#60;b&#62;melden")
        );
        let (_, _, elsewhere) = get(
            &app,
            "/mitmachen/umsetzung-begleiten?zu=measure:glasfaserpakt-hessen",
        )
        .await;
        assert!(
            elsewhere.contains("Beiträge (0)")
                && !elsewhere.contains("Funklöcher &#60;b&#62;melden")
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_persons_contribution_cannot_be_edited_or_withdrawn_through_the_forms() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        let n = register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        register(&app, mail.path(), n, "ben@example.org", "Ben").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let (ben, _) = login(&app, "ben@example.org", PW).await;
        let (_, h, _) = write(&app, &anna, &[("kind", "comment"), ("body", "Annas Text")]).await;
        let id = id_from(location(&h));
        let base = format!("{PROCESS}/beitraege/{id}");
        let token = csrf(&app, &ben).await;

        let (status, _, _) = get_as(&app, &format!("{base}/bearbeiten"), &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let edit = form(&[("csrf", &token), ("body", "Bens Fälschung")]);
        let (status, _, _) = post(
            &app,
            &format!("{base}/bearbeiten"),
            &edit,
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, _) = post(
            &app,
            &format!("{base}/zurueckziehen"),
            &form(&[("csrf", &token)]),
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, _) = get_as(&app, &format!("{base}/zurueckziehen"), &ben).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "no confirmation page for another's"
        );
        let (status, _, page) = get_as(&app, &format!("{base}/zurueckziehen"), &anna).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the author confirms a withdrawal (WCAG 3.3.4)"
        );
        assert!(page.contains("Ja, Beitrag zurückziehen") && page.contains("Annas Text"));
        let (status, _, _) = get_as(&app, &format!("{base}/ausblenden"), &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only moderators hide");
        let (status, _, _) = get(&app, &format!("/mitmachen/entstehung-2021/beitraege/{id}")).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a contribution lives under its own process"
        );
        let elsewhere = format!("/mitmachen/entstehung-2021/beitraege/{id}/unterstuetzen");
        let (status, _, _) = post(
            &app,
            &elsewhere,
            &form(&[("csrf", &token)]),
            Some(&ben),
            ORIGIN,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "no action under another process's address"
        );

        let (_, _, page) = get(&app, &base).await;
        assert!(page.contains("Annas Text") && !page.contains("Bens Fälschung"));
        assert!(
            !page.contains("/bearbeiten\""),
            "no edit link for anonymous readers"
        );

        // Ben's support lands once, however often he clicks.
        for _ in 0..2 {
            let b = form(&[("csrf", &token), ("zurueck", "beitrag")]);
            let (status, h, _) = post(
                &app,
                &format!("{base}/unterstuetzen"),
                &b,
                Some(&ben),
                ORIGIN,
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            assert!(location(&h).starts_with(&base));
        }
        let (_, _, page) = get(&app, &base).await;
        assert!(
            page.contains("Unterstützungen: 1"),
            "one support per account"
        );

        let anna_token = csrf(&app, &anna).await;
        let edit = form(&[("csrf", &anna_token), ("body", "")]);
        let (status, _, page) = post(
            &app,
            &format!("{base}/bearbeiten"),
            &edit,
            Some(&anna),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("Bitte schreiben Sie einen Text."));
        let (status, _, _) = post(
            &app,
            &format!("{base}/zurueckziehen"),
            &form(&[("csrf", &anna_token)]),
            Some(&anna),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = get(&app, &base).await;
        assert!(!page.contains("Annas Text") && page.contains("zurückgezogen"));
        db.cleanup().await;
    }
}

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
