//! Text through the forms and names on the cards (issue 13): control characters refused with
//! the text kept, and staff shown with their role so that a look-alike name cannot pass for them.

use super::*;

/// The card of contribution `id` on a page.
fn card(page: &str, id: i64) -> &str {
    let start = page
        .find(&format!("id=\"beitrag-{id}\""))
        .unwrap_or_else(|| panic!("no card {id}"));
    let len = page[start..].find("</article>").unwrap();
    &page[start..start + len]
}

#[tokio::test]
async fn a_contribution_with_control_characters_is_refused_and_its_text_kept() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (cookie, _) = login(&app, "anna@example.org", PW).await;
        let (status, _, page) = write(
            &app,
            &cookie,
            &[
                ("kind", "proposal"),
                ("title", "Titel \u{1b}[31mrot"),
                ("body", "Text mit NUL\u{0}"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("href=\"#title\"") && page.contains("href=\"#body\""));
        assert!(page.contains("Der Titel enthält Steuerzeichen"), "{page}");
        assert!(page.contains("Text mit NUL"), "the text is kept");
        let acc = state
            .app
            .store()
            .account_by_email("anna@example.org")
            .await
            .unwrap()
            .unwrap();
        assert!(
            state
                .app
                .store()
                .contributions_by(acc.id)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn staff_are_shown_with_their_role_and_a_look_alike_name_is_not() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let n = register(&app, mail.path(), 0, "admin@example.org", "Admin").await;
        register(&app, mail.path(), n, "admina@example.org", "Admina").await;
        let (admin, _) = login(&app, "admin@example.org", PW).await;
        let (admina, _) = login(&app, "admina@example.org", PW).await;
        let (_, h, _) = write(&app, &admin, &[("kind", "comment"), ("body", "Hinweis")]).await;
        let real = id_from(location(&h));
        let (_, h, _) = write(&app, &admina, &[("kind", "comment"), ("body", "Auch")]).await;
        let fake = id_from(location(&h));
        state
            .app
            .grant_by_email("admin@example.org", "admin", &[])
            .await
            .unwrap();

        let (_, _, page) = get(&app, PROCESS).await;
        assert!(
            card(&page, real).contains("Team des Portals: Administration"),
            "{}",
            card(&page, real)
        );
        assert!(!card(&page, fake).contains("Team des Portals"));
        let (_, _, page) = get(&app, &format!("{PROCESS}/beitraege/{fake}")).await;
        assert!(!page.contains("Team des Portals"), "nor on its own page");
        let (_, _, page) = get(&app, &format!("/en{PROCESS}/beitraege/{real}")).await;
        assert!(
            card(&page, real).contains("Portal team: administrator"),
            "{}",
            card(&page, real)
        );
        db.cleanup().await;
    }
}
