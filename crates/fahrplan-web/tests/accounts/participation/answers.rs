//! Answers through the forms: the answer form for the lead department, refusal with the input
//! kept, the answer on the contribution, the measure, /konto, the Abwägungstabelle, its CSV and
//! figures, with script payloads shown as text everywhere; the mail opt-in and its stop link.

use super::*;
use fahrplan_store::Scope;

const PAYLOAD: &str = "<script>alert(1)</script>";

async fn a_measure(uc: &App) -> (String, String) {
    let m = uc
        .store()
        .measures(Scope::All)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.edition == "2021" && m.measure.archived.is_none())
        .unwrap();
    (m.measure.slug, m.measure.lead)
}

#[tokio::test]
async fn an_answer_given_through_the_form_shows_as_text_on_every_page_and_in_the_csv() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let (slug, lead) = a_measure(&state.app).await;
        let n = register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        register(&app, mail.path(), n, "ben@example.org", "Ben").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let (ben, _) = login(&app, "ben@example.org", PW).await;
        let target = format!("measure:{slug}");
        let title = format!("=HYPERLINK(\"x\") {PAYLOAD}");
        let (status, h, _) = write(
            &app,
            &anna,
            &[
                ("kind", "proposal"),
                ("target", &target),
                ("title", &title),
                ("body", "Mehr Tempo; bitte."),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id = id_from(location(&h));
        let answer_path = format!("{PROCESS}/beitraege/{id}/rueckmeldung");
        let (status, _, _) = get_as(&app, &answer_path, &ben).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "participants do not answer");
        let (ed, _) = staff_login(&app, &state.app, "ed@example.org", "editor", &[&lead]).await;
        let (_, _, thread) = get_as(&app, &format!("{PROCESS}/beitraege/{id}"), &ed).await;
        assert!(
            thread.contains(&answer_path),
            "the lead's editor is offered the form"
        );
        let (status, _, page) = get_as(&app, &answer_path, &ed).await;
        assert_eq!(status, StatusCode::OK);
        let token = value_of(&page, "csrf");
        let (status, _, page) = post(
            &app,
            &answer_path,
            &form(&[
                ("csrf", &token),
                ("state", ""),
                ("reasoning", "Bleibt stehen"),
            ]),
            Some(&ed),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#state\""));
        assert!(page.contains("Bleibt stehen"), "the reasoning is kept");
        let reasoning = format!("Übernommen {PAYLOAD}");
        let (status, h, _) = post(
            &app,
            &answer_path,
            &form(&[
                ("csrf", &token),
                ("state", "adopted"),
                ("reasoning", &reasoning),
                ("link1", &target),
                ("version1", ""),
            ]),
            Some(&ed),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).contains("hinweis=beantwortet"));

        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
        let (_, _, thread) = get(&app, &format!("{PROCESS}/beitraege/{id}")).await;
        assert!(thread.contains("Übernommen"), "the state's label");
        assert!(thread.contains(escaped) && !thread.contains(PAYLOAD));
        assert!(thread.contains(&format!("href=\"/massnahmen/{slug}\"")));
        let (_, _, measure) = get(&app, &format!("/massnahmen/{slug}")).await;
        let measure = measure.split("<footer").next().unwrap();
        assert!(
            measure.contains("Aus der Beteiligung"),
            "the measure shows what shaped it"
        );
        assert!(measure.contains(&format!("{PROCESS}/beitraege/{id}")));
        assert!(!measure.contains(PAYLOAD));
        let (_, _, konto) = get_as(&app, "/konto", &anna).await;
        assert!(konto.contains("Was wurde aus meinen Beiträgen?"));
        assert!(konto.contains("Übernommen") && !konto.contains(PAYLOAD));
        let (status, _, table) = get(&app, &format!("{PROCESS}/abwaegung")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(table.contains(escaped) && !table.contains(PAYLOAD));
        let (status, _, table) = get(
            &app,
            &format!("{PROCESS}/abwaegung?stand=offen&bereich=gibt/es-nicht"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "an unknown area is no filter");
        assert!(
            !table.contains(&format!("beitraege/{id}\"")),
            "answered ones are not open"
        );

        let (status, h, csv) = get(&app, &format!("{PROCESS}/abwaegung.csv")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            h[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert!(csv.starts_with('\u{feff}'), "a byte order mark");
        let mut lines = csv.trim_start_matches('\u{feff}').split("\r\n");
        assert_eq!(
            lines.next().unwrap(),
            "id;created_at;kind;kind_label;target_kind;target;target_title;title;text;supports;answer_state;answer_state_label;reasoning;changes"
        );
        let row = lines.next().unwrap();
        assert!(row.starts_with(&format!("{id};")), "{row}");
        assert!(row.contains(";proposal;Vorschlag;measure;"), "{row}");
        assert!(
            row.contains("\"'=HYPERLINK(\"\"x\"\")"),
            "formula neutralised: {row}"
        );
        assert!(
            row.contains("\"Mehr Tempo; bitte.\""),
            "the separator is quoted"
        );
        assert!(row.contains(";adopted;Übernommen;"), "{row}");
        assert!(row.ends_with(&format!(";measure:{slug}")), "{row}");

        let (status, _, results) = get(&app, &format!("{PROCESS}/ergebnisse")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(results.contains("<svg") && results.contains("<table"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn mails_are_switched_on_on_konto_and_off_with_the_stop_link_without_logging_in() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let n = register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let token = csrf(&app, &anna).await;
        let (status, h, _) = post(
            &app,
            "/konto/benachrichtigungen",
            &form(&[("csrf", &token), ("notify", "yes")]),
            Some(&anna),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).contains("hinweis=benachrichtigungen"));
        let (_, h, _) = write(
            &app,
            &anna,
            &[("kind", "proposal"), ("title", "T"), ("body", "B")],
        )
        .await;
        let id = id_from(location(&h));
        let (admin, _) = staff_login(&app, &state.app, "ad@example.org", "admin", &[]).await;
        let path = format!("{PROCESS}/beitraege/{id}/rueckmeldung");
        let (_, _, page) = get_as(&app, &path, &admin).await;
        let body = form(&[
            ("csrf", &value_of(&page, "csrf")),
            ("state", "under_review"),
            ("reasoning", "Wir prüfen."),
        ]);
        let (status, _, _) = post(&app, &path, &body, Some(&admin), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let text = wait_for_mail(mail.path(), n + 1).await;
        assert!(
            text.contains("/konto/benachrichtigungen/abbestellen?token="),
            "{text}"
        );
        let stop = token_in(&text);
        let (status, h, page) = get(
            &app,
            &format!("/konto/benachrichtigungen/abbestellen?token={stop}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "the link only shows a button");
        assert!(set_cookies(&h).is_empty());
        assert!(page.contains("name=\"token\""));
        let (status, _, _) = post(
            &app,
            "/konto/benachrichtigungen/abbestellen",
            &form(&[("token", &stop)]),
            None,
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (_, _, konto) = get_as(&app, "/konto", &anna).await;
        assert!(
            konto.contains("Benachrichtigungen einschalten"),
            "switched off"
        );
        let (status, _, _) = post(
            &app,
            "/konto/benachrichtigungen/abbestellen",
            &form(&[("token", &stop)]),
            None,
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        db.cleanup().await;
    }
}
