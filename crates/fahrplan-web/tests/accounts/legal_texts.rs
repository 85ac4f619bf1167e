//! The free-text parts of the legal pages (issue 16, "Editing"), on SQLite and PostgreSQL:
//! the shipped content holds them as content pages named like the legal pages; the German
//! page shows that text beside the operator's data from configuration, the English page keeps
//! its own text and says the German one counts; staff change it through the workflow and
//! readers see the change; the texts are neither search results nor listed twice.

use crate::support::*;
use fahrplan_web::OutboxFollower;

const EDIT: &str = "/redaktion/inhalte/seite/datenschutz/bearbeiten";

#[tokio::test]
async fn the_privacy_text_comes_from_the_content_and_changes_through_the_workflow() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let mut follower = OutboxFollower::start(&state).await;
        let (_, _, page) = get(&app, "/datenschutz").await;
        assert!(
            page.contains("<h2>Lesen ohne Spuren</h2>"),
            "{}",
            db.backend
        );
        assert!(
            page.contains("Verantwortliche Stelle"),
            "operator part stays"
        );
        let (_, _, found) = get(&app, "/suche?q=argon2id").await;
        // Every page's footer links to /datenschutz; the results come before it.
        let results = found.split("<footer").next().unwrap_or_default();
        assert!(
            !results.contains("href=\"/datenschutz\""),
            "not a search result"
        );
        let (_, _, en) = get(&app, "/en/datenschutz").await;
        assert!(
            en.contains("hreflang=\"de\" lang=\"de\">Deutsche Fassung"),
            "the English page points to the German text"
        );

        let (admin, _) = staff_login(&app, &state.app, "admin@example.org", "admin", &[]).await;
        let second = staff_login(&app, &state.app, "zweite@example.org", "admin", &[])
            .await
            .0;
        let (status, _, html) = get_as(&app, EDIT, &admin).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        let body = form(&[
            ("csrf", &value_of(&html, "csrf")),
            ("base_version", &value_of(&html, "base_version")),
            ("title", "Datenschutzerklärung"),
            ("summary", "Was wir speichern."),
            (
                "body",
                "## Hosting\n\nDie Website läuft im Rechenzentrum des Landes.",
            ),
        ]);
        let (status, h, _) = post(&app, EDIT, &body, Some(&admin), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let change = location(&h).to_owned();
        assert_eq!(
            step_change(&app, &change, "pruefen", &admin).await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            step_change(&app, &change, "veroeffentlichen", &second).await,
            StatusCode::SEE_OTHER
        );
        assert!(follower.step(&state).await > 0);

        let (_, _, page) = get(&app, "/datenschutz").await;
        assert!(page.contains("<h2>Hosting</h2>"), "{}", db.backend);
        assert!(!page.contains("Lesen ohne Spuren"));
        assert!(
            page.contains("Verantwortliche Stelle"),
            "operator part stays"
        );
        let (_, _, map) = get(&app, "/sitemap.xml").await;
        assert_eq!(map.matches("/datenschutz</loc>").count(), 1, "listed once");
    }
}

#[tokio::test]
async fn the_impressum_and_accessibility_statement_show_their_content_text() {
    for db in TestDb::all().await {
        let (app, _) = setup_on(&db, |a| a).await;
        let (_, _, page) = get(&app, "/impressum").await;
        assert!(
            page.contains("<h2>Software</h2>") && page.contains("EUPL-1.2"),
            "{}",
            db.backend
        );
        let (status, _, page) = get(&app, "/barrierefreiheit").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("<h2>Bekannte Einschränkungen</h2>"));
        assert!(page.contains("id=\"feedback\""), "the feedback form stays");
        assert!(
            page.contains("id=\"durchsetzungsverfahren\""),
            "and the enforcement procedure"
        );
    }
}
