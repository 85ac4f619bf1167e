//! Departments report their own figures and status (issue 15), on SQLite and PostgreSQL: the
//! forms for a value and a status, the API write, who may use them (the owner, a successor),
//! who is refused with nothing written (another department; anonymous readers go to the login
//! or get 401), refused input kept with an error summary, and the audit log.

use crate::support::*;
use fahrplan_web::OutboxFollower;

/// Owned by `hmdi`.
const INDICATOR: &str = "haushalte-gigabit";
/// Led by `hmdse`, which `hmdi` succeeded in January 2024.
const MEASURE: &str = "glasfaserpakt-hessen";

fn value_form() -> String {
    format!("/umsetzung/indikatoren/{INDICATOR}/wert-melden")
}

fn status_form() -> String {
    format!("/massnahmen/{MEASURE}/status-melden")
}

async fn count(db: &TestDb, sql: &str) -> String {
    db.text(sql).await.unwrap()
}

/// Rows of the tables a report writes to, to show that a refusal wrote nothing.
async fn written(db: &TestDb) -> Vec<String> {
    let mut out = Vec::new();
    for table in ["observations", "measure_status_changes", "audit_log"] {
        // The table name comes from the test itself, never from input.
        out.push(count(db, &format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}")).await);
    }
    out
}

async fn api_post(app: &Router, slug: &str, body: &str, cookie: Option<&str>, csrf: &str) -> Reply {
    let mut req = Request::post(format!("/api/v1/indicators/{slug}/observations"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ORIGIN, ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .header("x-csrf-token", csrf);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::from(body.to_owned())).unwrap()).await
}

#[tokio::test]
async fn an_editor_of_the_owning_department_reports_a_value_and_sees_it_at_once() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let mut follower = OutboxFollower::start(&state).await;
        let page = format!("/umsetzung/indikatoren/{INDICATOR}");
        let (_, _, before) = get(&app, &page).await;
        assert!(
            before.contains(&format!("href=\"{}\"", value_form())),
            "the indicator page links to the form for everyone"
        );
        assert!(state.cache.contains(&page), "cached for anonymous readers");
        let (cookie, _) =
            staff_login(&app, &state.app, "hmdi@example.org", "editor", &["hmdi"]).await;
        let (status, _, html) = get_as(&app, &value_form(), &cookie).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(html.contains("name=\"period\"") && html.contains("<select id=\"region\""));
        let body = form(&[
            ("csrf", &value_of(&html, "csrf")),
            ("period", "2025-06"),
            ("value", "93,25"),
            ("region", ""),
            ("source", "Breitbandatlas des Bundes, Stand Juni 2025"),
            ("source_url", "https://example.org/breitbandatlas"),
            ("note", ""),
        ]);
        let (status, h, _) = post(&app, &value_form(), &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.backend);
        assert_eq!(location(&h), page);
        let (_, _, shown) = get_as(&app, &page, &cookie).await;
        assert!(shown.contains("93,25"), "the editor sees the value at once");
        assert!(follower.step(&state).await > 0);
        assert!(
            !state.cache.contains(&page),
            "the outbox empties the cached page"
        );
        let (_, _, anonymous) = get(&app, &page).await;
        assert!(anonymous.contains("93,25"), "and readers see it too");
        let audit = state.app.store().audit_after(0, 1000).await.unwrap();
        let report = audit
            .iter()
            .find(|a| a.action == "observation.report")
            .expect("the audit log holds the report");
        assert_eq!(report.entity, format!("indicator:{INDICATOR}"));
        assert!(report.detail.contains("93.25"), "{}", report.detail);
    }
}

#[tokio::test]
async fn an_editor_of_a_successor_department_reports_a_status_in_german_and_english() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let measure = format!("/massnahmen/{MEASURE}");
        let (_, _, page) = get(&app, &measure).await;
        assert!(page.contains(&format!("href=\"{}\"", status_form())));
        let (cookie, _) =
            staff_login(&app, &state.app, "hmdi@example.org", "editor", &["hmdi"]).await;
        for (lang, on, status) in [("", "2025-02-01", "delayed"), ("/en", "2025-03-01", "done")] {
            let path = format!("{lang}{}", status_form());
            let (code, _, html) = get_as(&app, &path, &cookie).await;
            assert_eq!(code, StatusCode::OK, "{} {path}", db.backend);
            assert!(html.contains("type=\"date\""));
            let body = form(&[
                ("csrf", &value_of(&html, "csrf")),
                ("status", status),
                ("on", on),
                ("note", "Vom Nachfolgeressort gemeldet"),
            ]);
            let (code, h, _) = post(&app, &path, &body, Some(&cookie), ORIGIN).await;
            assert_eq!(code, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(location(&h), format!("{lang}{measure}#verlauf"));
        }
        let m = state.app.measure_item(MEASURE).await.unwrap().measure;
        assert_eq!(m.current_status().map(|s| s.as_str()), Some("done"));
        let (_, _, shown) = get_as(&app, &measure, &cookie).await;
        assert!(shown.contains("Vom Nachfolgeressort gemeldet"));
        let audit = state.app.store().audit_after(0, 1000).await.unwrap();
        assert_eq!(
            audit.iter().filter(|a| a.action == "status.report").count(),
            2
        );
    }
}

#[tokio::test]
async fn an_editor_of_another_department_is_refused_on_form_and_api_with_nothing_written() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (cookie, _) =
            staff_login(&app, &state.app, "hmkb@example.org", "editor", &["hmkb"]).await;
        let csrf = csrf(&app, &cookie).await;
        let before = written(&db).await;
        for path in [value_form(), status_form()] {
            let (status, _, _) = get_as(&app, &path, &cookie).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{} GET {path}", db.backend);
            let body = form(&[
                ("csrf", &csrf),
                ("period", "2025"),
                ("value", "99"),
                ("source", "Erfunden"),
                ("status", "done"),
                ("on", "2025-01-01"),
            ]);
            let (status, _, _) = post(&app, &path, &body, Some(&cookie), ORIGIN).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "POST {path}");
        }
        let body = r#"{"period": "2025", "value": 99, "source": "Erfunden"}"#;
        let (status, h, problem) = api_post(&app, INDICATOR, body, Some(&cookie), &csrf).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
        assert_eq!(h[header::CONTENT_TYPE], "application/problem+json");
        assert!(problem.contains("/api/v1/problems/forbidden"));
        let (status, _, _) = api_post(
            &app,
            INDICATOR,
            r#"{"value": "viel"}"#,
            Some(&cookie),
            &csrf,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a bad body from an outsider is refused by the rule, not by its fields"
        );
        assert_eq!(written(&db).await, before, "nothing written");
    }
}

#[tokio::test]
async fn anonymous_readers_are_sent_to_the_login_and_the_api_answers_401() {
    for db in TestDb::all().await {
        let (app, _state) = setup_on(&db, |a| a).await;
        let before = written(&db).await;
        for path in [value_form(), status_form()] {
            let (status, h, _) = get(&app, &path).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{} {path}", db.backend);
            assert_eq!(location(&h), "/anmelden");
            let body = form(&[("period", "2025"), ("value", "1"), ("source", "x")]);
            let (status, _, _) = post(&app, &path, &body, None, ORIGIN).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "POST {path}");
        }
        let (status, _, _) = get(&app, &format!("/en{}", value_form())).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, h, problem) =
            api_post(&app, INDICATOR, r#"{"period": "2025"}"#, None, "").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
        assert_eq!(h[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(written(&db).await, before);
    }
}

#[tokio::test]
async fn bad_input_rerenders_the_form_with_the_input_kept_and_a_summary() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (cookie, _) =
            staff_login(&app, &state.app, "hmdi@example.org", "editor", &["hmdi"]).await;
        let before = written(&db).await;
        let csrf = csrf(&app, &cookie).await;
        let body = form(&[
            ("csrf", &csrf),
            ("period", "2025-13"),
            ("value", "140"),
            ("region", "06411"),
            ("source", "Eigene Zählung <b>"),
            ("source_url", "javascript:alert(1)"),
            ("note", "vorläufig"),
        ]);
        let (status, _, html) = post(&app, &value_form(), &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.backend);
        assert!(html.contains("class=\"error-summary\""));
        assert!(html.contains("href=\"#period\"") && html.contains("href=\"#value\""));
        assert!(html.contains("href=\"#source_url\""));
        assert!(html.contains("value=\"2025-13\"") && html.contains("value=\"140\""));
        assert!(
            html.contains("value=\"Eigene Zählung &") && !html.contains("Zählung <b>"),
            "kept and escaped"
        );
        assert!(html.contains("value=\"vorläufig\""));
        assert!(
            html.contains("<option value=\"06411\" selected>"),
            "the chosen region stays chosen"
        );
        assert!(html.contains("aria-invalid=\"true\""));
        let body = form(&[
            ("csrf", &csrf),
            ("status", "done"),
            ("on", "2099-01-01"),
            ("note", "zu früh"),
        ]);
        let (status, _, html) = post(&app, &status_form(), &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("href=\"#on\""));
        assert!(html.contains("value=\"2099-01-01\"") && html.contains("value=\"zu früh\""));
        assert!(html.contains("<option value=\"done\" selected>"));
        assert_eq!(written(&db).await, before, "nothing written");
    }
}

#[tokio::test]
async fn the_api_write_answers_201_then_200_and_422_naming_the_field() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (cookie, _) =
            staff_login(&app, &state.app, "hmdi@example.org", "editor", &["hmdi"]).await;
        let csrf = csrf(&app, &cookie).await;
        let good = r#"{"period": "2025-06", "value": 93.5, "region": null, "source": "Breitbandatlas", "note": "API"}"#;
        let (status, h, body) = api_post(&app, INDICATOR, good, Some(&cookie), &csrf).await;
        assert_eq!(status, StatusCode::CREATED, "{} {body}", db.backend);
        assert_eq!(
            h[header::LOCATION],
            format!("/api/v1/indicators/{INDICATOR}")
        );
        assert!(body.contains("\"outcome\":\"added\""), "{body}");
        let (status, _, body) = api_post(&app, INDICATOR, good, Some(&cookie), &csrf).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("\"outcome\":\"unchanged\""));
        let (status, _, _) = api_post(&app, INDICATOR, good, Some(&cookie), "falsch").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the CSRF header is needed");

        let bad = r#"{"period": "2025-06", "value": 140, "source": "Breitbandatlas"}"#;
        let (status, h, problem) = api_post(&app, INDICATOR, bad, Some(&cookie), &csrf).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(h[header::CONTENT_TYPE], "application/problem+json");
        let p: serde_json::Value = serde_json::from_str(&problem).unwrap();
        assert_eq!(p["type"], "/api/v1/problems/invalid");
        assert_eq!(p["errors"][0]["pointer"], "#/value");
        assert_eq!(p["errors"][0]["code"], "error-report-value-share");
        let typed = r#"{"period": 2025, "value": "viel", "source": "x"}"#;
        let (status, _, problem) = api_post(&app, INDICATOR, typed, Some(&cookie), &csrf).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let p: serde_json::Value = serde_json::from_str(&problem).unwrap();
        let pointers: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["pointer"].as_str().unwrap())
            .collect();
        assert_eq!(pointers, ["#/period", "#/value"]);

        let (_, _, item) = get(&app, &format!("/api/v1/indicators/{INDICATOR}")).await;
        let item: serde_json::Value = serde_json::from_str(&item).unwrap();
        assert_eq!(item["latest"]["value"], 93.5, "{item}");
        assert!(
            item["observations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["note"] == "API")
        );
        let record = state
            .app
            .store()
            .indicator(INDICATOR)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            record.history.last().unwrap().origin.as_str(),
            "api",
            "recorded as coming through the API"
        );
    }
}
