//! The preview of a change (issue 16, "Workflow"), on SQLite and PostgreSQL: the public page
//! rendered with the proposed values by the public page's own template, under a banner and
//! kept from search engines; the public page itself unchanged; refused to other departments
//! and to anonymous readers; gone once the change is published.

use crate::editorial::edit_body;
use crate::support::*;

const MEASURE: &str = "glasfaserpakt-hessen";
const EDIT: &str = "/redaktion/inhalte/massnahme/glasfaserpakt-hessen/bearbeiten";
const AREA_EDIT: &str = "/redaktion/inhalte/bereich/2021/digitale-infrastruktur/bearbeiten";

/// The `<h2>` headings of a page, the skeleton the preview must share with the public page.
fn headings(html: &str) -> Vec<String> {
    html.split("<h2")
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(_, rest)| rest))
        .filter_map(|s| s.split("</h2>").next())
        .map(str::to_owned)
        .collect()
}

/// The text of textarea `name` as the browser would send it back.
fn textarea_of(html: &str, name: &str) -> String {
    html.split(&format!("<textarea id=\"{name}\""))
        .nth(1)
        .and_then(|s| s.split_once('>'))
        .and_then(|(_, s)| s.split("</textarea").next())
        .unwrap_or_default()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_preview_shows_the_public_page_with_the_change_and_nothing_is_public_yet() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let public = format!("/massnahmen/{MEASURE}");
        let author = staff_login(&app, &state.app, "a@example.org", "editor", &["hmdi"])
            .await
            .0;
        let other = staff_login(&app, &state.app, "c@example.org", "editor", &["hkm"])
            .await
            .0;
        let (_, _, html) = get_as(&app, EDIT, &author).await;
        let body = edit_body(
            &html,
            "Vorschautext über die Glasfasertrasse.\n\n## Neuer Abschnitt",
        );
        let (status, h, _) = post(&app, EDIT, &body, Some(&author), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.backend);
        let change = location(&h).to_owned();
        let preview = format!("{change}/vorschau");
        let (_, _, view) = get_as(&app, &change, &author).await;
        assert!(
            view.contains(&format!("href=\"{preview}\"")),
            "the change page links to the preview"
        );

        let (status, _, shown) = get_as(&app, &preview, &author).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(shown.contains("Vorschautext über die Glasfasertrasse."));
        assert!(
            shown.contains("<h2>Neuer Abschnitt</h2>"),
            "Markdown as published"
        );
        assert!(
            shown.contains("class=\"preview-banner\""),
            "a banner says so"
        );
        assert!(
            shown.contains(&format!("href=\"{change}\"")),
            "and leads back"
        );
        assert!(shown.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
        let (_, _, page) = get(&app, &public).await;
        assert!(
            !page.contains("Vorschautext"),
            "the public page is unchanged"
        );
        assert!(!page.contains("preview-banner") && !page.contains("noindex"));
        for heading in headings(&page) {
            assert!(
                shown.contains(&heading),
                "the preview is the public page's template: {heading}"
            );
        }

        let (status, _, _) = get_as(&app, &preview, &other).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "another department");
        let (status, h, _) = get(&app, &preview).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "anonymous readers log in first"
        );
        assert_eq!(location(&h), "/anmelden");
        let (status, _, _) = get_as(&app, "/redaktion/aenderungen/999999/vorschau", &author).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn an_area_change_previews_as_the_area_page_and_a_published_change_has_no_preview_link() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (admin, _) = staff_login(&app, &state.app, "admin@example.org", "admin", &[]).await;
        let second = staff_login(&app, &state.app, "zweite@example.org", "admin", &[])
            .await
            .0;
        let (status, _, html) = get_as(&app, AREA_EDIT, &admin).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        let body = form(&[
            ("csrf", &value_of(&html, "csrf")),
            ("base_version", &value_of(&html, "base_version")),
            ("title", &value_of(&html, "title")),
            ("summary", "Eine Zusammenfassung nur für die Vorschau."),
            ("body", &textarea_of(&html, "body")),
            ("baseline", &textarea_of(&html, "baseline")),
            ("leichte_sprache", &textarea_of(&html, "leichte_sprache")),
        ]);
        let (status, h, _) = post(&app, AREA_EDIT, &body, Some(&admin), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.backend);
        let change = location(&h).to_owned();
        let (status, _, shown) = get_as(&app, &format!("{change}/vorschau"), &admin).await;
        assert_eq!(status, StatusCode::OK);
        assert!(shown.contains("Eine Zusammenfassung nur für die Vorschau."));
        let (_, _, area) = get(&app, "/strategie/2021/digitale-infrastruktur").await;
        for heading in headings(&area) {
            assert!(
                shown.contains(&heading),
                "the area page's own template: {heading}"
            );
        }

        assert_eq!(
            step_change(&app, &change, "pruefen", &admin).await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            step_change(&app, &change, "veroeffentlichen", &second).await,
            StatusCode::SEE_OTHER
        );
        let (_, _, view) = get_as(&app, &change, &second).await;
        assert!(
            !view.contains("/vorschau\""),
            "a published change has nothing to preview"
        );
    }
}
