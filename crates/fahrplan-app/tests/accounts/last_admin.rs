//! The site always keeps an admin (issue 13): the last one can neither take the admin role away
//! from themself nor delete their account, and nothing changes when they try.

use crate::support::*;

async fn is_admin(e: &Env, id: i64) -> bool {
    e.app
        .store()
        .roles(id)
        .await
        .unwrap()
        .iter()
        .any(|r| r.role == Role::Admin)
}

#[tokio::test]
async fn the_only_admin_cannot_revoke_their_own_admin_role() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let admin = staff_actor(&e, "admin@example.org", "admin").await;
        let err = e
            .app
            .admin_revoke(&admin, admin.account_id, "admin", "")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("role", "error-last-admin")]);
        assert!(is_admin(&e, admin.account_id).await, "the role stays");
        assert_eq!(
            e.app.my_sessions(&admin).await.unwrap().len(),
            1,
            "the session stays"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn of_two_admins_one_may_lose_the_role_but_not_the_second() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let first = staff_actor(&e, "erste@example.org", "admin").await;
        let second = staff_actor(&e, "zweite@example.org", "admin").await;
        e.app
            .admin_revoke(&first, second.account_id, "admin", "")
            .await
            .unwrap();
        assert!(!is_admin(&e, second.account_id).await);
        let err = e
            .app
            .admin_revoke(&first, first.account_id, "admin", "")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("role", "error-last-admin")]);
        assert!(is_admin(&e, first.account_id).await);
        // Other roles of the last admin may go.
        e.app
            .admin_grant(&first, first.account_id, "moderator", &[])
            .await
            .unwrap();
        e.app
            .admin_revoke(&first, first.account_id, "moderator", "")
            .await
            .unwrap();
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_only_admin_cannot_delete_their_account_but_another_admin_can() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let first = staff_actor(&e, "erste@example.org", "admin").await;
        let err = e.app.delete_account(&first, PW).await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("delete_password", "error-last-admin-delete")]
        );
        let row = e.app.store().account(first.account_id).await.unwrap();
        assert!(
            row.deleted_at.is_none() && row.email.is_some(),
            "not deleted"
        );
        assert!(is_admin(&e, first.account_id).await);
        // The password is checked first: a wrong one says so, whoever asks.
        let err = e.app.delete_account(&first, "falsch").await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("delete_password", "error-password-wrong")]
        );
        let second = staff_actor(&e, "zweite@example.org", "admin").await;
        e.app.delete_account(&first, PW).await.unwrap();
        assert!(is_admin(&e, second.account_id).await);
        let err = e.app.delete_account(&second, PW).await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("delete_password", "error-last-admin-delete")]
        );
        db.cleanup().await;
    }
}
