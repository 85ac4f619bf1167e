//! The last admin through the forms (issue 13): /redaktion refuses to take their admin role and
//! /konto refuses to delete their account, each with a localised error and nothing changed.

use crate::support::*;

async fn is_admin(state: &fahrplan_web::WebState, id: i64) -> bool {
    state
        .app
        .store()
        .roles(id)
        .await
        .unwrap()
        .iter()
        .any(|r| r.role == fahrplan_domain::Role::Admin)
}

#[tokio::test]
async fn the_only_admin_cannot_take_their_own_admin_role_on_the_staff_page() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let (cookie, id) = staff_login(&app, &state.app, "chefin@example.org", "admin", &[]).await;
        let (_, _, page) = get_as(&app, "/redaktion", &cookie).await;
        let body = form(&[
            ("csrf", &value_of(&page, "csrf")),
            ("role", "admin"),
            ("department", ""),
        ]);
        let (status, _, html) = post(
            &app,
            &format!("/redaktion/konten/{id}/rollen/entziehen"),
            &body,
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("class=\"error-summary\""));
        assert!(
            html.contains(&format!("href=\"#revoke-{id}-admin\"")),
            "the summary links to the button"
        );
        assert!(
            html.contains("einzige Person mit der Rolle Administration"),
            "{html}"
        );
        assert!(is_admin(&state, id).await, "nothing changed");
        let (status, _, _) = get_as(&app, "/redaktion", &cookie).await;
        assert_eq!(status, StatusCode::OK, "still logged in as admin");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_only_admin_cannot_delete_their_account_on_the_account_page() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let (cookie, id) = staff_login(&app, &state.app, "chefin@example.org", "admin", &[]).await;
        let body = form(&[
            ("csrf", &csrf(&app, &cookie).await),
            ("delete_password", PW),
        ]);
        let (status, _, html) = post(&app, "/konto/loeschen", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("href=\"#delete_password\""));
        assert!(
            html.contains("einzige Person mit der Rolle Administration"),
            "{html}"
        );
        let acc = state.app.store().account(id).await.unwrap();
        assert!(acc.deleted_at.is_none() && is_admin(&state, id).await);
        db.cleanup().await;
    }
}
