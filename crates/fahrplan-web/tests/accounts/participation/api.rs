//! Participation as data: processes, the Abwägungstabelle walked by its cursors and filtered,
//! and one contribution with its answers; public fields only, payloads kept as data.

use super::*;

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn the_api_gives_processes_contributions_and_answers_without_emails_or_account_ids() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let mut ids = Vec::new();
        for n in 0..3 {
            let title = format!("Vorschlag {n} <script>alert(1)</script>");
            let (_, h, _) = write(
                &app,
                &anna,
                &[("kind", "proposal"), ("title", &title), ("body", "Text")],
            )
            .await;
            ids.push(id_from(location(&h)));
        }
        let (admin, _) = staff_login(&app, &state.app, "ad@example.org", "admin", &[]).await;
        let path = format!("{PROCESS}/beitraege/{}/rueckmeldung", ids[1]);
        let (_, _, page) = get_as(&app, &path, &admin).await;
        for (st, why) in [("under_review", "Wir prüfen."), ("adopted", "Übernommen.")] {
            let body = form(&[
                ("csrf", &value_of(&page, "csrf")),
                ("state", st),
                ("reasoning", why),
            ]);
            let (status, _, _) = post(&app, &path, &body, Some(&admin), ORIGIN).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }

        let (status, _, body) = get(&app, "/api/v1/processes").await;
        assert_eq!(status, StatusCode::OK);
        let v = json(&body);
        assert!(
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["slug"] == "umsetzung-begleiten" && p["owner"] == "hmdse")
        );
        let (_, _, body) = get(&app, "/api/v1/processes/umsetzung-begleiten").await;
        let v = json(&body);
        assert_eq!(
            (v["contributions"].as_i64(), v["answered"].as_i64()),
            (Some(3), Some(1))
        );

        // Walked two at a time by the cursor: each contribution once, in order of number.
        let mut seen = Vec::new();
        let mut url = "/api/v1/processes/umsetzung-begleiten/contributions?limit=2".to_owned();
        loop {
            let (status, _, body) = get(&app, &url).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let v = json(&body);
            for c in v["items"].as_array().unwrap() {
                seen.push(c["id"].as_i64().unwrap());
                assert!(
                    c["title"].as_str().unwrap().contains("<script>"),
                    "data stays data"
                );
            }
            match v["next_cursor"].as_str() {
                Some(c) => {
                    url = format!(
                        "/api/v1/processes/umsetzung-begleiten/contributions?limit=2&cursor={c}"
                    )
                }
                None => break,
            }
        }
        assert_eq!(seen, ids);
        let (_, _, body) = get(
            &app,
            "/api/v1/processes/umsetzung-begleiten/contributions?state=adopted",
        )
        .await;
        let v = json(&body);
        assert_eq!(v["items"].as_array().unwrap().len(), 1);
        assert_eq!(v["items"][0]["answer"]["state"], "adopted");
        let (_, _, body) = get(
            &app,
            "/api/v1/processes/umsetzung-begleiten/contributions?state=open",
        )
        .await;
        assert_eq!(json(&body)["items"].as_array().unwrap().len(), 2);
        for bad in [
            "state=vielleicht",
            "area=gibt/es-nicht",
            "limit=0",
            "cursor=xyz",
        ] {
            let (status, h, _) = get(
                &app,
                &format!("/api/v1/processes/umsetzung-begleiten/contributions?{bad}"),
            )
            .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(h[header::CONTENT_TYPE], "application/problem+json");
        }
        let (status, _, _) = get(&app, "/api/v1/processes/gibt-es-nicht/contributions").await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (status, h, body) = get(&app, &format!("/api/v1/contributions/{}", ids[1])).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h[header::CONTENT_TYPE], "application/json");
        let v = json(&body);
        assert_eq!(v["author"], "Anna");
        assert_eq!(v["answers"].as_array().unwrap().len(), 2, "the history");
        assert_eq!(v["answer"]["state"], "adopted");
        assert!(!body.contains("example.org"), "no email: {body}");
        assert!(
            !body.contains("\"author_id\"") && !body.contains("account"),
            "no account id: {body}"
        );
        let (status, _, _) = get(&app, "/api/v1/contributions/999999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        db.cleanup().await;
    }
}
