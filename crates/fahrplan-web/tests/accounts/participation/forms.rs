//! The forms: writing with CSRF and kept input, and another person's contribution refused.

use super::*;

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
