//! The editorial forms of the kinds beyond goals, measures, areas and pages over HTTP, on
//! SQLite and PostgreSQL: admins open the forms of an edition, a department, a process, a
//! phase and an area with its facts, and the forms for a new goal and measure; an editor opens
//! the form of their department's indicator but not an edition's; an empty form answers 422
//! with the error summary; a partly filled fact keeps the input and names row and field; a new
//! measure goes from the form through review to its public page.

use crate::support::*;
use fahrplan_web::OutboxFollower;

const ADMIN_FORMS: [&str; 7] = [
    "/redaktion/inhalte/ausgabe/2021/bearbeiten",
    "/redaktion/inhalte/ressort/hmdi/bearbeiten",
    "/redaktion/inhalte/prozess/umsetzung-begleiten/bearbeiten",
    "/redaktion/inhalte/phase/umsetzung-begleiten/1/bearbeiten",
    "/redaktion/inhalte/bereich/2021/digitale-infrastruktur/bearbeiten",
    "/redaktion/inhalte/ziel/neu",
    "/redaktion/inhalte/massnahme/neu",
];
const INDICATOR: &str = "/redaktion/inhalte/indikator/haushalte-50-mbit/bearbeiten";
const AREA: &str = "/redaktion/inhalte/bereich/2021/digitale-infrastruktur/bearbeiten";

#[tokio::test]
async fn admins_open_every_new_form_and_editors_only_their_indicator() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (admin, _) = staff_login(&app, &state.app, "admin@example.org", "admin", &[]).await;
        for path in ADMIN_FORMS {
            let (status, _, html) = get_as(&app, path, &admin).await;
            assert_eq!(status, StatusCode::OK, "{path} ({})", db.backend);
            assert!(html.contains("name=\"csrf\""), "{path} is a form");
        }
        let (_, _, area) = get_as(&app, AREA, &admin).await;
        assert!(area.contains("<legend>Fakt 1</legend>"), "facts are rows");
        assert!(area.contains("name=\"fact-1-label\""));
        let (_, _, phase) = get_as(&app, ADMIN_FORMS[3], &admin).await;
        assert!(phase.contains("type=\"checkbox\" id=\"allows-proposals\""));
        let editor = staff_login(&app, &state.app, "e@example.org", "editor", &["hmdi"])
            .await
            .0;
        let (status, _, html) = get_as(&app, INDICATOR, &editor).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(html.contains("name=\"baseline_value\""));
        for path in &ADMIN_FORMS[..5] {
            let (status, _, _) = get_as(&app, path, &editor).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path} is for admins");
        }
        let other = staff_login(&app, &state.app, "o@example.org", "editor", &["hmkb"])
            .await
            .0;
        let (status, _, _) = get_as(&app, INDICATOR, &other).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "another department's indicator"
        );
    }
}

#[tokio::test]
async fn an_empty_form_answers_422_with_the_error_summary() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (admin, _) = staff_login(&app, &state.app, "admin@example.org", "admin", &[]).await;
        for path in [ADMIN_FORMS[1], ADMIN_FORMS[6]] {
            let (_, _, html) = get_as(&app, path, &admin).await;
            let csrf = value_of(&html, "csrf");
            let body = if html.contains("name=\"base_version\"") {
                form(&[
                    ("csrf", &csrf),
                    ("base_version", &value_of(&html, "base_version")),
                ])
            } else {
                form(&[("csrf", &csrf)])
            };
            let (status, _, page) = post(&app, path, &body, Some(&admin), ORIGIN).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
            assert!(page.contains("class=\"error-summary\""), "{path}");
        }
        let changes = db
            .text("SELECT CAST(COUNT(*) AS TEXT) FROM editorial_changes")
            .await
            .unwrap();
        assert_eq!(changes, "0", "nothing saved ({})", db.backend);
    }
}

#[tokio::test]
async fn a_partly_filled_fact_keeps_the_input_and_names_row_and_field() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (admin, _) = staff_login(&app, &state.app, "admin@example.org", "admin", &[]).await;
        let (_, _, html) = get_as(&app, AREA, &admin).await;
        let mut pairs: Vec<(String, String)> = Vec::new();
        for name in [
            "csrf",
            "base_version",
            "title",
            "fact-1-label",
            "fact-1-value",
            "fact-1-as_of",
            "fact-1-source",
        ] {
            pairs.push((name.into(), value_of(&html, name)));
        }
        for name in ["summary", "body"] {
            let text = html
                .split(&format!("<textarea id=\"{name}\""))
                .nth(1)
                .and_then(|s| s.split('>').nth(1))
                .and_then(|s| s.split("</textarea").next())
                .unwrap_or_default()
                .replace("&#34;", "\"")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            pairs.push((name.into(), text));
        }
        pairs.push(("fact-9-label".into(), "Funkmasten im Land".into()));
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (status, _, page) = post(&app, AREA, &form(&refs), Some(&admin), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.backend);
        assert!(
            page.contains("value=\"Funkmasten im Land\""),
            "the input is kept"
        );
        assert!(
            page.contains("Fakt 9, Wert mit Einheit: "),
            "the summary names row and field"
        );
        assert!(page.contains("href=\"#fact-9-value\""));
        assert!(
            page.contains("name=\"fact-11-label\""),
            "two empty rows follow"
        );
    }
}

#[tokio::test]
async fn a_new_measure_goes_from_the_form_through_review_to_its_public_page() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let mut follower = OutboxFollower::start(&state).await;
        let author = staff_login(&app, &state.app, "a@example.org", "editor", &["hmdi"])
            .await
            .0;
        let second = staff_login(&app, &state.app, "b@example.org", "editor", &["hmdi"])
            .await
            .0;
        let path = ADMIN_FORMS[6];
        let (status, _, html) = get_as(&app, path, &author).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(html.contains("value=\"2021/digitale-infrastruktur\""));
        assert!(
            !html.contains("value=\"2016/"),
            "the 2016 edition has fields only"
        );
        let csrf = value_of(&html, "csrf");
        let body = form(&[
            ("csrf", &csrf),
            ("area", "2021/digitale-infrastruktur"),
            ("slug", ""),
            ("title", "Funklöcher schließen an Landesstraßen"),
            (
                "body",
                "Das Land schließt Funklöcher entlang der Landesstraßen.",
            ),
            ("lead", "hmdi"),
        ]);
        let (status, h, _) = post(&app, path, &body, Some(&author), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.backend);
        let change = location(&h).to_owned();
        let (status, _, _) = post(
            &app,
            &format!("{change}/pruefen"),
            &form(&[("csrf", &csrf)]),
            Some(&author),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let public = "/massnahmen/funkloecher-schliessen-an-landesstrassen";
        let (status, _, _) = get(&app, public).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "not public before publishing"
        );
        let (status, _, shown) = get_as(&app, &format!("{change}/vorschau"), &second).await;
        assert_eq!(status, StatusCode::OK, "the proposal previews as its page");
        assert!(shown.contains("Das Land schließt Funklöcher entlang der Landesstraßen."));
        assert!(shown.contains("class=\"preview-banner\""));
        let (_, _, view) = get_as(&app, &change, &second).await;
        let (status, _, _) = post(
            &app,
            &format!("{change}/veroeffentlichen"),
            &form(&[("csrf", &value_of(&view, "csrf"))]),
            Some(&second),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        follower.step(&state).await;
        let (status, _, page) = get(&app, public).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(page.contains("Funklöcher schließen an Landesstraßen"));
        let (_, _, area) = get(&app, "/strategie/2021/digitale-infrastruktur").await;
        assert!(area.contains(public), "the area lists it");
    }
}
