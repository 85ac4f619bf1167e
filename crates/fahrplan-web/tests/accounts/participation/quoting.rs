//! Hiding and restoring a contribution drops the cached pages that show it (issue 17): a measure
//! page served from the cache lists an adopted contribution under "Aus der Beteiligung"; once a
//! moderator hides it the page no longer names it, and once restored it does again.

use super::*;
use fahrplan_web::OutboxFollower;

const MEASURE: &str = "schulportal-hessen";
const TITLE: &str = "Eltern einbeziehen";

#[tokio::test]
async fn a_hidden_contribution_leaves_the_cached_measure_page_and_returns_when_restored() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let mut follower = OutboxFollower::start(&state).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        let (anna, _) = login(&app, "anna@example.org", PW).await;
        let target = format!("measure:{MEASURE}");
        let (status, h, _) = write(
            &app,
            &anna,
            &[
                ("kind", "proposal"),
                ("target", &target),
                ("title", TITLE),
                ("body", "Auch Eltern sollen das Portal nutzen."),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id = id_from(location(&h));
        let thread = format!("{PROCESS}/beitraege/{id}");
        let (admin, _) = staff_login(&app, &state.app, "ad@example.org", "admin", &[]).await;
        let (status, _, _) = form_post(
            &app,
            &format!("{thread}/rueckmeldung"),
            &admin,
            &[
                ("state", "adopted"),
                ("reasoning", "Wird aufgenommen."),
                ("link1", &target),
                ("version1", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        follower.step(&state).await;
        let page = format!("/massnahmen/{MEASURE}");
        let names_it = |body: &str| {
            body.contains("Aus der Beteiligung")
                && body.contains(&format!("href=\"{thread}\""))
                && body.contains(TITLE)
        };
        let (_, _, body) = get(&app, &page).await;
        assert!(names_it(&body), "{}: the adopted contribution", db.backend);
        assert!(state.cache.contains(&page), "kept in the cache");
        let (_, _, body) = get(&app, &page).await;
        assert!(names_it(&body), "and served from it");

        let (mo, _) = staff_login(&app, &state.app, "mo@example.org", "moderator", &[]).await;
        let (status, _, _) = form_post(
            &app,
            &format!("{thread}/ausblenden"),
            &mo,
            &[("reason", "Doppelt eingereicht.")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(follower.step(&state).await > 0);
        assert!(
            !state.cache.contains(&page),
            "{}: hiding drops it",
            db.backend
        );
        let (_, _, body) = get(&app, &page).await;
        assert!(
            !body.contains(&format!("href=\"{thread}\"")) && !body.contains(TITLE),
            "a hidden contribution is not named"
        );
        assert!(state.cache.contains(&page));

        let (status, _, _) = form_post(&app, &format!("{thread}/einblenden"), &mo, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(follower.step(&state).await > 0);
        assert!(
            !state.cache.contains(&page),
            "{}: restoring drops it",
            db.backend
        );
        let (_, _, body) = get(&app, &page).await;
        assert!(names_it(&body), "restored, it is named again");
        state.app.store().close().await;
        db.cleanup().await;
    }
}
