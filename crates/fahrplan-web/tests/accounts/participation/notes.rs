//! Comments on paragraphs and the similar-proposals step through the pages (issue 17): each
//! paragraph of an area's text links to its form and shows its count, a comment drops only the
//! cached pages of that text, a script in the quote or text shows as text, and a proposal like
//! a visible one is shown the existing ones before it is published.

use super::*;
use fahrplan_web::OutboxFollower;

const AREA_PAGE: &str = "/strategie/2021/digitale-infrastruktur";
const OTHER_AREA: &str = "/strategie/2021/digitale-verwaltung";

/// The first "Kommentieren" link of a page.
fn first_note_link(page: &str) -> String {
    let main = page.split("<footer").next().unwrap();
    let at = main
        .find("class=\"note-links\"><a href=\"")
        .expect("a Kommentieren link")
        + "class=\"note-links\"><a href=\"".len();
    main[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_paragraph_is_commented_through_its_form_and_only_its_pages_leave_the_cache() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let mut follower = OutboxFollower::start(&state).await;

        let (status, _, page) = get(&app, AREA_PAGE).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(">Kommentieren<"), "{}", db.backend);
        let link = first_note_link(&page);
        assert!(
            link.starts_with("/mitmachen/umsetzung-begleiten/kommentieren/"),
            "{link}"
        );
        assert_eq!(get(&app, OTHER_AREA).await.0, StatusCode::OK);
        assert!(state.cache.contains(AREA_PAGE) && state.cache.contains(OTHER_AREA));

        let (status, _, form_page) = get_as(&app, &link, &cookie).await;
        assert_eq!(status, StatusCode::OK, "{link}");
        let token = value_of(&form_page, "csrf");
        let (status, _, refused) = post(
            &app,
            &link,
            &form(&[("csrf", &token), ("quote", ""), ("body", "")]),
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an empty form");
        assert!(refused.contains("class=\"error-summary\""));
        let (status, h, _) = post(
            &app,
            &link,
            &form(&[
                ("csrf", &token),
                ("quote", ""),
                ("body", "<script>alert('x')</script> Stimmt **nicht** ganz."),
            ]),
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(
            location(&h).contains("hinweis=gesendet"),
            "{}",
            location(&h)
        );

        assert!(follower.step(&state).await > 0);
        assert!(
            !state.cache.contains(AREA_PAGE),
            "{}: the text's page is dropped",
            db.backend
        );
        assert!(
            state.cache.contains(OTHER_AREA),
            "another area stays cached"
        );

        let (_, _, page) = get(&app, AREA_PAGE).await;
        assert!(
            page.contains("1 Kommentar<"),
            "the paragraph shows its count"
        );
        let (_, _, shown) = get(&app, &link).await;
        let main = shown.split("<footer").next().unwrap();
        assert!(main.contains("&lt;script&gt;"), "the script shows as text");
        assert!(!main.contains("<script>alert"), "and never runs");
        assert!(main.contains("Kommentare zu diesem Absatz (1)"));
    }
}

#[tokio::test]
async fn a_proposal_like_a_visible_one_gets_the_similar_step_and_is_published_anyway() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let n = register(&app, mail.path(), 1, "ben@example.org", "Ben").await;
        assert_eq!(n, 2);
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let (ben, _) = login(&app, "ben@example.org", PW).await;
        let (status, _, _) = write(
            &app,
            &anna,
            &[
                ("kind", "proposal"),
                ("title", "Glasfaser für Aussiedlerhöfe"),
                (
                    "body",
                    "Aussiedlerhöfe liegen außerhalb der Ortslagen und brauchen Glasfaser.",
                ),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        state.app.sync_search().await.unwrap();
        let counts = state.app.store().contribution_counts().await.unwrap();

        let fields = [
            ("kind", "proposal"),
            ("title", "Glasfaser auch für <b>Aussiedlerhöfe</b>"),
            (
                "body",
                "Auch Aussiedlerhöfe außerhalb der Ortslagen brauchen Glasfaser.",
            ),
        ];
        let (status, _, page) = write(&app, &ben, &fields).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        let main = page.split("<footer").next().unwrap();
        assert!(main.contains("Trotzdem veröffentlichen"));
        assert!(
            main.contains(">Glasfaser für Aussiedlerhöfe</a>"),
            "the existing one, linked"
        );
        assert!(main.contains("/unterstuetzen\""), "with a support button");
        let kept = main
            .split("id=\"title\" name=\"title\" type=\"text\" value=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or_default();
        assert!(
            kept.starts_with("Glasfaser auch für ") && !kept.contains('<'),
            "the input kept, as text: {kept}"
        );
        assert_eq!(
            state.app.store().contribution_counts().await.unwrap(),
            counts,
            "nothing stored yet"
        );
        let mut anyway = fields.to_vec();
        anyway.push(("trotzdem", "1"));
        let (status, h, _) = write(&app, &ben, &anyway).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&h).contains("/beitraege/"));

        let (status, _, json) = get(
            &app,
            "/mitmachen/umsetzung-begleiten/aehnliche?titel=Glasfaser%20f%C3%BCr%20Aussiedlerh%C3%B6fe&text=",
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(json.starts_with("{\"items\":[{"), "{json}");
    }
}
