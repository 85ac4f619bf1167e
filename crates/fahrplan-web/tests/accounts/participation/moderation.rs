//! Moderation, finished, through the pages (issue 17): the honeypot, hiding after reports, the
//! objection, warnings and blocks, and the public figures; every reason typed shows as text.

use super::*;

const SCRIPT: &str = "<script>alert(1)</script>";
const SCRIPT_ESCAPED: &str = "&#60;script&#62;alert(1)&#60;/script&#62;";

#[tokio::test]
async fn a_filled_honeypot_is_refused_with_422_and_nothing_is_stored() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let n = register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        register(&app, mail.path(), n, "ben@example.org", "Ben").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let (ben, _) = login(&app, "ben@example.org", PW).await;
        let (_, _, page) = get_as(&app, PROCESS, &anna).await;
        assert!(
            page.contains("class=\"honeypot\"")
                && page.contains(
                    "name=\"website\" type=\"text\" value=\"\" tabindex=\"-1\" autocomplete=\"off\""
                ),
            "the field is out of sight and out of the tab order"
        );
        let (status, _, page) = write(
            &app,
            &anna,
            &[
                ("kind", "comment"),
                ("body", "Kaufen Sie jetzt!"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#website\"") && page.contains("aria-invalid=\"true\""));
        let anna_id = state
            .app
            .store()
            .account_by_email("anna@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert!(
            state
                .app
                .store()
                .contributions_by(anna_id)
                .await
                .unwrap()
                .is_empty()
        );
        let (_, h, _) = write(&app, &anna, &[("kind", "comment"), ("body", "Ein Text")]).await;
        let id = id_from(location(&h));
        let thread = format!("{PROCESS}/beitraege/{id}");
        let (status, _, _) = form_post(
            &app,
            &format!("{thread}/antworten"),
            &ben,
            &[("body", "Antwort"), ("website", "x")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let report = format!("{thread}/melden");
        let (status, _, _) =
            form_post(&app, &report, &ben, &[("reason", "Spam"), ("website", "x")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, t) = state
            .app
            .contribution_view("umsetzung-begleiten", id, None)
            .await
            .unwrap();
        assert_eq!(t.root.replies, 0);
        let mo = state
            .app
            .store()
            .flags_by(
                state
                    .app
                    .store()
                    .account_by_email("ben@example.org")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            )
            .await
            .unwrap();
        assert!(mo.is_empty(), "no report stored");

        let (_, _, page) = get(&app, "/registrieren").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "bot@example.org"),
            ("display_name", "Bot"),
            ("password", PW),
            ("consent", "yes"),
            ("website", "http://spam.example"),
        ]);
        let (status, _, _) = post(&app, "/registrieren", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            state
                .app
                .store()
                .account_by_email("bot@example.org")
                .await
                .unwrap()
                .is_none()
        );

        let (_, _, page) = get(&app, "/barrierefreiheit").await;
        assert!(page.contains("class=\"honeypot\""));
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("message", "Werbung"),
            ("website", "http://spam.example"),
        ]);
        let (status, _, _) = post(&app, "/barrierefreiheit", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(state.app.store().feedback().await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn reports_hide_objections_warnings_and_blocks_go_through_the_pages_with_reasons_as_text() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) =
            setup_on(&db, |a| with_mail(mail.path())(a).with_report_threshold(1)).await;
        let n = register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        register(&app, mail.path(), n, "ben@example.org", "Ben").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let (ben, _) = login(&app, "ben@example.org", PW).await;
        let anna_id = state
            .app
            .store()
            .account_by_email("anna@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let (_, h, _) = write(
            &app,
            &anna,
            &[("kind", "comment"), ("body", "Ein grober Text")],
        )
        .await;
        let id = id_from(location(&h));
        let (_, h, _) = write(
            &app,
            &ben,
            &[
                ("kind", "proposal"),
                ("title", "Bens Vorschlag"),
                ("body", "Text"),
            ],
        )
        .await;
        let bens = id_from(location(&h));
        let thread = format!("{PROCESS}/beitraege/{id}");
        let (status, _, _) = form_post(
            &app,
            &format!("{thread}/melden"),
            &ben,
            &[("reason", "Beleidigend")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, public) = get(&app, &thread).await;
        assert!(
            public.contains("bis die Moderation ihn geprüft hat"),
            "hidden pending review"
        );
        assert!(!public.contains("Ein grober Text"));

        let (mo, _) = staff_login(&app, &state.app, "mo@example.org", "moderator", &[]).await;
        let (_, _, staff) = get_as(&app, "/redaktion", &mo).await;
        assert!(staff.contains("wartet auf Ihre Entscheidung"));
        assert!(staff.contains(&format!(
            "/redaktion/konten/{anna_id}/verwarnen?beitrag={id}"
        )));
        assert!(
            !staff.contains("anna@example.org"),
            "no email for moderators"
        );

        // The author objects, once.
        let (_, _, own) = get_as(&app, &thread, &anna).await;
        assert!(own.contains(&format!("{thread}/widersprechen")));
        let object = format!("{thread}/widersprechen");
        let (status, _, _) = get_as(&app, &object, &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only the author");
        let (status, _, page) = form_post(&app, &object, &anna, &[("reason", "")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#reason\""));
        let (status, h, _) = form_post(&app, &object, &anna, &[("reason", SCRIPT)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).contains("hinweis=widersprochen"));
        let (_, _, own) = get_as(&app, &thread, &anna).await;
        assert!(
            !own.contains(&format!("{thread}/widersprechen")),
            "once per hiding"
        );
        let (_, _, staff) = get_as(&app, "/redaktion", &mo).await;
        assert!(staff.contains(SCRIPT_ESCAPED) && !staff.contains(SCRIPT));
        let objection = staff
            .split("/redaktion/widersprueche/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let objection = format!("/redaktion/widersprueche/{objection}");
        let (status, _, _) = get_as(&app, &objection, &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, page) = form_post(&app, &objection, &mo, &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#outcome\"") && page.contains("href=\"#answer\""));
        let (status, _, _) = form_post(
            &app,
            &objection,
            &mo,
            &[("outcome", "upheld"), ("answer", "Bleibt <b>so</b>.")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, own) = get_as(&app, &thread, &anna).await;
        assert!(
            own.contains("Der Beitrag bleibt ausgeblendet")
                && own.contains("Bleibt &#60;b&#62;so&#60;/b&#62;.")
        );

        // Warn and block with reasons the person reads.
        let warn = format!("/redaktion/konten/{anna_id}/verwarnen");
        let (status, _, _) = get_as(&app, &warn, &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, page) = get_as(&app, &warn, &mo).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Anna") && !page.contains("anna@example.org"));
        let (status, _, _) = form_post(&app, &warn, &mo, &[("reason", "")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let beitrag = id.to_string();
        let (status, _, _) = form_post(
            &app,
            &warn,
            &mo,
            &[("reason", "Bitte sachlich."), ("beitrag", &beitrag)],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let block = format!("/redaktion/konten/{anna_id}/sperren");
        let (status, h, _) = form_post(
            &app,
            &block,
            &mo,
            &[("reason", SCRIPT), ("beitrag", &beitrag)],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).contains("hinweis=gesperrt"));
        let (_, _, konto) = get_as(&app, "/konto", &anna).await;
        assert!(
            konto.contains("Bitte sachlich.")
                && konto.contains(SCRIPT_ESCAPED)
                && !konto.contains(SCRIPT)
        );
        let (_, _, page) = get_as(&app, PROCESS, &anna).await;
        assert!(page.contains("id=\"blocked\"") && page.contains(SCRIPT_ESCAPED));
        assert!(
            !page.contains("name=\"body\""),
            "no form for a blocked account"
        );
        let (status, _, page) =
            write(&app, &anna, &[("kind", "comment"), ("body", "Trotzdem")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#blocked\"") && page.contains("Ihr Konto ist gesperrt"));
        let bens_thread = format!("{PROCESS}/beitraege/{bens}");
        let (status, _, page) =
            form_post(&app, &format!("{bens_thread}/unterstuetzen"), &anna, &[]).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "support refused with the reason"
        );
        assert!(page.contains(SCRIPT_ESCAPED));
        let (status, _, _) = form_post(
            &app,
            &format!("{bens_thread}/melden"),
            &anna,
            &[("reason", "Spam")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        let (_, _, page) = get_as(&app, &block, &mo).await;
        assert!(page.contains(&format!("/redaktion/konten/{anna_id}/entsperren")));
        let (status, _, _) = form_post(&app, &block, &mo, &[("reason", "Noch einmal")]).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "blocking twice changes nothing"
        );
        let unblock = format!("/redaktion/konten/{anna_id}/entsperren");
        let (status, h, _) = form_post(&app, &unblock, &mo, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).contains("hinweis=entsperrt"));
        let (status, _, _) =
            write(&app, &anna, &[("kind", "comment"), ("body", "Wieder da")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        // The public figures: counts, no names.
        let (status, _, page) = get(&app, &format!("{PROCESS}/moderation")).await;
        assert_eq!(status, StatusCode::OK);
        let main = page.split("<footer").next().unwrap();
        for (row, n) in [
            ("Gemeldete Beiträge", 1),
            ("Nach Meldungen ausgeblendet", 1),
            ("Von der Moderation ausgeblendet", 0),
            ("Widersprüche ohne Erfolg (Ausblendung bleibt)", 1),
            ("Verwarnungen", 1),
            ("Sperren", 1),
        ] {
            assert!(
                main.contains(&format!("<th scope=\"row\">{row}</th><td>{n}</td>")),
                "{row}: {n}"
            );
        }
        assert!(!main.contains("Anna") && !main.contains("Ben"));
        let (_, _, process) = get(&app, PROCESS).await;
        assert!(process.contains(&format!("href=\"{PROCESS}/moderation\"")));
        let audit = state.app.store().audit_after(0, 1000).await.unwrap();
        let actions: Vec<&str> = audit.iter().map(|r| r.action.as_str()).collect();
        for a in [
            "contribution.auto_hide",
            "contribution.objection",
            "contribution.objection_upheld",
            "account.warn",
            "account.block",
            "account.unblock",
        ] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
        db.cleanup().await;
    }
}
