//! Comments on paragraphs of an edition's, a process's and a content page's texts through their
//! pages (issue 17): links and counts as on area pages, a comment dropping only the cached pages
//! that show its text, and the quote a "Kommentieren" link brings along (`?zitat=`), filled in
//! on the server, escaped and length-checked; a quote too long is refused with the input kept.

use super::*;
use fahrplan_web::OutboxFollower;

const EDITION: &str = "/strategie/2021";
const AREA: &str = "/strategie/2021/digitale-infrastruktur";
const COUNCIL: &str = "/rat-fuer-digitalethik";
const QUOTE_SCRIPT: &str = "<script src=\"/static/quote.js\" defer></script>";

/// The "Kommentieren" link of the first paragraph of text `text` (`{entity}#{field}`, as the
/// path carries it: `edition%3A2021%23vision`) on `page`.
fn note_link(page: &str, text: &str) -> String {
    let main = page.split("<footer").next().unwrap();
    main.split("class=\"note-links\"><a href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .find(|href| href.contains(&format!("/kommentieren/{text}/")))
        .unwrap_or_else(|| panic!("no Kommentieren link for {text}"))
}

/// What the quote field holds.
fn quote_field(page: &str) -> String {
    let after = page.split("name=\"quote\"").nth(1).expect("a quote field");
    let inner = &after[after.find('>').unwrap() + 1..];
    inner.split("</textarea>").next().unwrap().to_owned()
}

async fn comment(app: &Router, cookie: &str, link: &str, quote: &str, body: &str) -> Reply {
    let (status, _, page) = get_as(app, link, cookie).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    let token = value_of(&page, "csrf");
    let fields = form(&[("csrf", &token), ("quote", quote), ("body", body)]);
    post(app, link, &fields, Some(cookie), ORIGIN).await
}

#[tokio::test]
async fn a_comment_on_the_edition_vision_drops_the_edition_and_start_pages_but_no_area() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let mut follower = OutboxFollower::start(&state).await;

        let (status, _, start) = get(&app, "/").await;
        assert_eq!(status, StatusCode::OK);
        let (_, _, edition) = get(&app, EDITION).await;
        assert_eq!(get(&app, AREA).await.0, StatusCode::OK);
        assert!(["/", EDITION, AREA].iter().all(|p| state.cache.contains(p)));
        let link = note_link(&edition, "edition%3A2021%23vision");
        assert_eq!(note_link(&start, "edition%3A2021%23vision"), link);
        note_link(&edition, "edition%3A2021%23summary");
        assert!(edition.contains(QUOTE_SCRIPT), "{}", db.backend);

        let (status, h, _) = comment(&app, &cookie, &link, "Hessen 2030", "Ein Gedanke.").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.backend);
        assert!(location(&h).contains("hinweis=gesendet"));
        assert!(follower.step(&state).await > 0);
        assert!(
            !state.cache.contains(EDITION),
            "the edition page is dropped"
        );
        assert!(
            !state.cache.contains("/"),
            "so is the start page, which shows it"
        );
        assert!(state.cache.contains(AREA), "an area stays cached");

        for path in ["/", EDITION] {
            let (_, _, page) = get(&app, path).await;
            assert!(page.contains("1 Kommentar<"), "{path} shows the count");
        }
        let (_, _, paragraph) = get(&app, &link).await;
        assert!(
            paragraph.contains("href=\"/strategie/2021\""),
            "it links back"
        );
        assert!(paragraph.contains("Kommentare zu diesem Absatz (1)"));
    }
}

#[tokio::test]
async fn a_process_body_and_a_page_body_are_commented_and_counted_on_their_pages() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let mut follower = OutboxFollower::start(&state).await;

        let (_, _, process) = get(&app, PROCESS).await;
        let process_link = note_link(&process, "process%3Aumsetzung-begleiten%23body");
        note_link(&process, "process%3Aumsetzung-begleiten%23summary");
        let (_, _, council) = get(&app, COUNCIL).await;
        assert_eq!(get(&app, AREA).await.0, StatusCode::OK);
        let page_link = note_link(&council, "page%3Arat-fuer-digitalethik%23body");
        assert!(state.cache.contains(COUNCIL) && state.cache.contains(AREA));
        let (_, _, impressum) = get(&app, "/impressum").await;
        assert!(!impressum.contains("note-links"), "legal pages take none");

        for link in [&process_link, &page_link] {
            let (status, _, _) = comment(&app, &cookie, link, "", "Dazu eine Frage.").await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{}: {link}", db.backend);
        }
        assert!(follower.step(&state).await > 0);
        assert!(!state.cache.contains(COUNCIL), "the page is dropped");
        assert!(state.cache.contains(AREA), "an area stays cached");

        for path in [PROCESS, COUNCIL] {
            let (_, _, page) = get(&app, path).await;
            assert!(page.contains("1 Kommentar<"), "{path} shows the count");
        }
        let (_, _, paragraph) = get(&app, &page_link).await;
        assert!(
            paragraph.contains("href=\"/rat-fuer-digitalethik\""),
            "it links back"
        );
        let (_, _, paragraph) = get(&app, &process_link).await;
        assert!(paragraph.contains("Kommentare zu diesem Absatz (1)"));
    }
}

#[tokio::test]
async fn the_paragraph_page_fills_the_quote_from_zitat_escaped_and_refuses_one_too_long() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let (_, _, area) = get(&app, AREA).await;
        let link = note_link(&area, "area%3A2021%2Fdigitale-infrastruktur%23baseline");

        let (status, _, page) = get_as(
            &app,
            &format!("{link}?zitat=%3Cscript%3Ealert(1)%3C%2Fscript%3E%20%20Glasfaser"),
            &cookie,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        let filled = quote_field(&page);
        assert!(
            filled.starts_with("&#60;script&#62;alert(1)&#60;")
                && filled.ends_with("&#62; Glasfaser"),
            "filled in, as text, spaces run together: {filled}"
        );
        let main = page.split("<footer").next().unwrap();
        assert!(!main.contains("<script>alert"));
        assert!(page.contains(QUOTE_SCRIPT), "the helper is loaded");
        assert!(main.contains("id=\"quote-take\""), "with its button");
        let long = "a".repeat(1001);
        let (_, _, page) = get_as(&app, &format!("{link}?zitat={long}"), &cookie).await;
        assert_eq!(quote_field(&page), "", "a quote too long is not filled in");

        let quote = "Wort ".repeat(250);
        let (status, _, refused) = comment(&app, &cookie, &link, &quote, "Mein Kommentar.").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("class=\"error-summary\""));
        assert!(refused.contains("Das Zitat ist zu lang"));
        assert_eq!(quote_field(&refused), quote, "the input is kept");
        assert!(refused.contains(">Mein Kommentar.</textarea>"));
    }
}

#[tokio::test]
async fn the_quote_helper_is_served_and_loaded_only_where_paragraphs_take_comments() {
    for db in TestDb::all().await {
        let (app, _) = setup_on(&db, |a| a).await;
        let (status, h, js) = get(&app, "/static/quote.js").await;
        assert_eq!(status, StatusCode::OK);
        let kind = h[header::CONTENT_TYPE].to_str().unwrap();
        assert!(kind.starts_with("text/javascript"), "{kind}");
        assert!(js.contains("zitat="));
        let (_, _, area) = get(&app, AREA).await;
        assert!(area.contains(QUOTE_SCRIPT), "{}", db.backend);
        let (_, _, departments) = get(&app, "/ressorts").await;
        assert!(!departments.contains("quote.js"));
    }
}
