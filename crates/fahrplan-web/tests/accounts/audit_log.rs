//! The audit log for admins (issue 16), on SQLite and PostgreSQL: entries with person, action
//! and object, filters by kind, person and day, a day that is not a date refused with the input
//! kept, and editors refused.

use crate::support::*;

const LOG: &str = "/redaktion/protokoll";

#[tokio::test]
async fn an_admin_browses_and_filters_the_log_and_an_editor_is_refused() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let (admin, admin_id) =
            staff_login(&app, &state.app, "admin@example.org", "admin", &[]).await;
        let app_ = &state.app;
        app_.audit(
            Some(admin_id),
            "edit.publish",
            "measure:glasfaserpakt-hessen",
            "{\"version\":2}",
        )
        .await
        .unwrap();
        app_.audit(None, "role.grant", "account:9", "{}")
            .await
            .unwrap();
        app_.audit(
            Some(admin_id),
            "edit.draft",
            "measure:glasfaserpakt-hessen",
            "{\"after\":{\"title\":\"<b>Neu</b>\"},\"change\":7}",
        )
        .await
        .unwrap();
        let (status, _, html) = get_as(&app, LOG, &admin).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(
            html.contains(
                "<dl class=\"detail\"><dt>version</dt><dd class=\"text\"><span class=\"word\">2</span></dd></dl>"
            ),
            "details are a list of keys and values, not one line of JSON"
        );
        assert!(
            html.contains(
                "<dt>after</dt><dd><dl><dt>title</dt><dd class=\"text\"><span class=\"word\">&#60;b&#62;Neu&#60;/b&#62;</span></dd></dl></dd><dt>change</dt><dd class=\"text\"><span class=\"word\">7</span></dd>"
            ),
            "a nested value is a list inside its key's value, escaped"
        );
        assert!(html.contains("measure:glasfaserpakt-hessen") && html.contains("account:9"));
        assert!(
            html.contains("Kommandozeile"),
            "an entry of the command line says so"
        );
        let (_, _, only) = get_as(&app, &format!("{LOG}?art=measure"), &admin).await;
        assert!(only.contains("measure:glasfaserpakt-hessen") && !only.contains("account:9"));
        let (_, _, mine) = get_as(&app, &format!("{LOG}?person={admin_id}"), &admin).await;
        assert!(mine.contains("edit.publish") && !mine.contains("role.grant"));
        let today = jiff::Zoned::now().in_tz("Europe/Berlin").unwrap().date();
        let (_, _, day) = get_as(&app, &format!("{LOG}?von={today}&bis={today}"), &admin).await;
        assert!(day.contains("edit.publish"), "today's entries are in today");
        let (_, _, before) = get_as(&app, &format!("{LOG}?bis=2020-01-01"), &admin).await;
        assert!(!before.contains("edit.publish"));
        let (status, _, bad) = get_as(&app, &format!("{LOG}?von=1.7.2026"), &admin).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.contains("class=\"error-summary\"") && bad.contains("value=\"1.7.2026\""));
        let (editor, _) = staff_login(&app, &state.app, "e@example.org", "editor", &["hmdi"]).await;
        let (status, _, _) = get_as(&app, LOG, &editor).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
