//! The editorial pages over HTTP (issue 16), on SQLite and PostgreSQL: an editor edits a
//! measure through the form, the draft stays off the public page, a second editor publishes
//! it and readers see it; a refused form keeps the input with an error summary; another
//! department gets 403 by form and by id with nothing written; a missing CSRF token is refused;
//! the version list and the diff mark words with `<ins>`/`<del>` and a text label.

use crate::support::*;
use fahrplan_web::OutboxFollower;

const MEASURE: &str = "glasfaserpakt-hessen";
const EDIT: &str = "/redaktion/inhalte/massnahme/glasfaserpakt-hessen/bearbeiten";
const VERSIONS: &str = "/redaktion/inhalte/massnahme/glasfaserpakt-hessen/versionen";

/// The form's fields as posted: every input and textarea of the edit page, with `body`
/// replaced by `new_body`, and the checked partner boxes.
pub(crate) fn edit_body(html: &str, new_body: &str) -> String {
    let text = |name: &str| value_of(html, name);
    let textarea = html
        .split("<textarea id=\"body\"")
        .nth(1)
        .and_then(|s| s.split('>').nth(1))
        .and_then(|s| s.split("</textarea").next())
        .unwrap_or_default()
        .to_owned();
    assert!(!textarea.is_empty(), "the form shows the current text");
    let mut pairs: Vec<(String, String)> = vec![
        ("csrf".into(), text("csrf")),
        ("base_version".into(), text("base_version")),
        ("title".into(), text("title")),
        ("body".into(), new_body.to_owned()),
        ("lead".into(), "hmdse".into()),
        ("start".into(), text("start")),
        ("planned_end".into(), text("planned_end")),
        ("source".into(), text("source")),
        ("source_url".into(), text("source_url")),
    ];
    for code in ["stk", "hmwevw"] {
        pairs.push(("partners".into(), code.into()));
    }
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    form(&refs)
}

#[tokio::test]
async fn an_editor_drafts_a_change_that_a_second_editor_publishes_for_everyone() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let mut follower = OutboxFollower::start(&state).await;
        let public = format!("/massnahmen/{MEASURE}");
        let (author, _) = staff_login(&app, &state.app, "a@example.org", "editor", &["hmdi"]).await;
        let (second, _) = staff_login(&app, &state.app, "b@example.org", "editor", &["hmdi"]).await;
        let (status, _, html) = get_as(&app, EDIT, &author).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(html.contains("<textarea id=\"body\""));
        let body = edit_body(
            &html,
            "Ein neuer Text für den Glasfaserpakt.\n\nZweiter Absatz.",
        );
        let (status, h, _) = post(&app, EDIT, &body, Some(&author), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.backend);
        let change = location(&h).to_owned();
        assert!(change.starts_with("/redaktion/aenderungen/"), "{change}");
        let (_, _, page) = get(&app, &public).await;
        assert!(!page.contains("Ein neuer Text"), "a draft is not public");
        follower.step(&state).await;
        let search = "/suche?q=Tiefbauzauberei";
        let (_, _, found) = get(&app, search).await;
        assert!(!found.contains(&public), "nor in search");
        let api = format!("/api/v1/measures/{MEASURE}");
        let (_, _, json) = get(&app, &api).await;
        assert!(!json.contains("Tiefbauzauberei"), "nor in the API");
        let (_, _, view) = get_as(&app, &change, &author).await;
        assert!(view.contains("<ins>"), "the change page shows the diff");
        assert!(
            view.contains("Ein neuer Text für den Glasfaserpakt."),
            "and the preview"
        );
        let csrf_a = value_of(&view, "csrf");
        let submit = format!("{change}/pruefen");
        let (status, _, _) = post(
            &app,
            &submit,
            &form(&[("csrf", &csrf_a)]),
            Some(&author),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let publish = format!("{change}/veroeffentlichen");
        let (status, _, _) = post(
            &app,
            &publish,
            &form(&[("csrf", &csrf_a)]),
            Some(&author),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the author cannot publish");
        let (_, _, view_b) = get_as(&app, &change, &second).await;
        assert!(
            view_b.contains(&format!("action=\"{publish}\"")),
            "the second editor may"
        );
        let csrf_b = value_of(&view_b, "csrf");
        let (status, _, _) = post(&app, &publish, &form(&[]), Some(&second), ORIGIN).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "without CSRF token refused");
        let (status, _, _) = post(
            &app,
            &publish,
            &form(&[("csrf", &csrf_b)]),
            Some(&second),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(follower.step(&state).await > 0);
        let (_, _, page) = get(&app, &public).await;
        assert!(
            page.contains("Ein neuer Text für den Glasfaserpakt."),
            "{}",
            db.backend
        );
        let (status, _, versions) = get_as(&app, VERSIONS, &second).await;
        assert_eq!(status, StatusCode::OK);
        assert!(versions.contains("<select id=\"von\""));
        let (status, _, diff) = get_as(&app, &format!("{VERSIONS}/1/2"), &second).await;
        assert_eq!(status, StatusCode::OK);
        assert!(diff.contains("<del>") && diff.contains("class=\"visually-hidden\">Gestrichen"));
    }
}

#[tokio::test]
async fn a_refused_form_keeps_the_input_and_another_department_gets_403() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (author, _) = staff_login(&app, &state.app, "a@example.org", "editor", &["hmdi"]).await;
        let (_, _, html) = get_as(&app, EDIT, &author).await;
        let body = edit_body(&html, "   ").replace("start=2022-05", "start=Mai+2022");
        let (status, _, page) = post(&app, EDIT, &body, Some(&author), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.backend);
        assert!(page.contains("class=\"error-summary\""));
        assert!(page.contains("href=\"#body\"") && page.contains("href=\"#start\""));
        assert!(page.contains("value=\"Mai 2022\""), "the input is kept");
        let (outsider, _) =
            staff_login(&app, &state.app, "k@example.org", "editor", &["hmkb"]).await;
        let (status, _, _) = get_as(&app, EDIT, &outsider).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, _, good) = get_as(&app, EDIT, &author).await;
        let body = edit_body(&good, "Text von außen.");
        let csrf_o = csrf(&app, &outsider).await;
        let body_o = body.replacen(
            &format!("csrf={}", value_of(&good, "csrf")),
            &format!("csrf={csrf_o}"),
            1,
        );
        let (status, _, _) = post(&app, EDIT, &body_o, Some(&outsider), ORIGIN).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, h, _) = post(&app, EDIT, &body, Some(&author), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let change = location(&h).to_owned();
        let (status, _, _) = get_as(&app, &change, &outsider).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "not by id either");
        let n = db
            .text("SELECT CAST(COUNT(*) AS TEXT) FROM editorial_changes")
            .await
            .unwrap();
        assert_eq!(n, "1", "only the author's draft");
        let (status, _, _) = get(&app, EDIT).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "anonymous readers go to the login"
        );
    }
}
