//! Store functions of accounts and sessions, on SQLite always and on PostgreSQL when
//! FAHRPLAN_TEST_POSTGRES_URL is set: one-time use of tokens, codes and TOTP steps, sessions
//! scoped to their account and the retention job (the audit chain: `audit.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_domain::Role;
use fahrplan_store::{Guarded, NewAccount, SessionRow, Store};
use fahrplan_testkit::TestDb;

async fn store(db: &TestDb) -> Store {
    let s = Store::connect(&db.url).await.unwrap();
    s.migrate().await.unwrap();
    s
}

async fn account(s: &Store, email: &str, verified: bool, now: i64) -> i64 {
    let roles = [(Role::Participant, String::new())];
    s.create_account(&NewAccount {
        email,
        display_name: "Testperson",
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y",
        verified,
        roles: &roles,
        consent: Some(("art9_political_opinions", "v1")),
        now,
    })
    .await
    .unwrap()
}

fn session(hash: &str, account_id: i64, created_at: i64, ip: &str) -> SessionRow {
    SessionRow {
        token_hash: hash.to_owned(),
        account_id,
        created_at,
        last_seen_at: created_at,
        idle_expires_at: created_at + 30 * 86400,
        absolute_expires_at: created_at + 30 * 86400,
        second_factor: false,
        ip: Some(ip.to_owned()),
        user_agent: Some("test".to_owned()),
    }
}

#[tokio::test]
async fn an_email_belongs_to_one_account_only() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        account(&s, "a@example.org", true, 100).await;
        let again = s
            .create_account(&NewAccount {
                email: "a@example.org",
                display_name: "Zweite",
                password_hash: "h",
                verified: false,
                roles: &[],
                consent: None,
                now: 101,
            })
            .await;
        assert!(
            matches!(again, Err(fahrplan_store::StoreError::Conflict { .. })),
            "{}: {again:?}",
            db.backend
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_one_time_token_is_used_once_and_never_after_it_expires() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let id = account(&s, "t@example.org", false, 100).await;
        s.add_token("h1", id, "reset", None, 100, 200)
            .await
            .unwrap();
        s.add_token("h2", id, "reset", None, 100, 200)
            .await
            .unwrap();
        assert!(s.use_token("h1", "confirm", 150).await.unwrap().is_none());
        let row = s.use_token("h1", "reset", 150).await.unwrap().unwrap();
        assert_eq!(row.account_id, id);
        assert!(s.use_token("h1", "reset", 151).await.unwrap().is_none());
        assert!(s.use_token("h2", "reset", 200).await.unwrap().is_none());
        assert!(
            s.use_token("unknown", "reset", 150)
                .await
                .unwrap()
                .is_none()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn totp_steps_and_recovery_codes_are_accepted_once() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let id = account(&s, "f@example.org", true, 100).await;
        s.enable_totp(id, "SECRET", 10, &["c1".to_owned(), "c2".to_owned()])
            .await
            .unwrap();
        assert!(!s.accept_totp_step(id, 10).await.unwrap(), "replayed step");
        assert!(!s.accept_totp_step(id, 9).await.unwrap(), "older step");
        assert!(s.accept_totp_step(id, 11).await.unwrap());
        assert!(!s.accept_totp_step(id, 11).await.unwrap());
        assert!(s.use_recovery_code(id, "c1", 100).await.unwrap());
        assert!(!s.use_recovery_code(id, "c1", 101).await.unwrap());
        assert!(!s.use_recovery_code(id, "nope", 101).await.unwrap());
        assert_eq!(s.recovery_codes_left(id).await.unwrap(), 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn totp_secrets_are_rewritten_in_one_pass_only_where_asked_and_only_once() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let a = account(&s, "a@example.org", true, 100).await;
        let b = account(&s, "b@example.org", true, 100).await;
        let c = account(&s, "c@example.org", true, 100).await;
        s.enable_totp(a, "PLAINA", 1, &[]).await.unwrap();
        s.set_totp_pending(b, Some("PLAINB")).await.unwrap();
        s.enable_totp(c, "sealed:C", 1, &[]).await.unwrap();
        let mut seen = Vec::new();
        let n = s
            .rewrite_totp_secrets(|id, stored| {
                seen.push((id, stored.to_owned()));
                (!stored.starts_with("sealed:")).then(|| format!("sealed:{stored}"))
            })
            .await
            .unwrap();
        assert_eq!(n, 2);
        seen.sort();
        let mut want = vec![
            (a, "PLAINA".to_owned()),
            (b, "PLAINB".to_owned()),
            (c, "sealed:C".to_owned()),
        ];
        want.sort();
        assert_eq!(
            seen, want,
            "every stored secret, confirmed or pending, once"
        );
        let row = |id| s.account(id);
        assert_eq!(
            row(a).await.unwrap().totp_secret.as_deref(),
            Some("sealed:PLAINA")
        );
        assert_eq!(
            row(a).await.unwrap().totp_last_step,
            Some(1),
            "nothing else changes"
        );
        assert_eq!(
            row(b).await.unwrap().totp_pending.as_deref(),
            Some("sealed:PLAINB")
        );
        assert_eq!(row(b).await.unwrap().totp_secret, None);
        assert_eq!(
            row(c).await.unwrap().totp_secret.as_deref(),
            Some("sealed:C")
        );
        let again = s
            .rewrite_totp_secrets(|_, stored| {
                (!stored.starts_with("sealed:")).then(|| format!("sealed:{stored}"))
            })
            .await
            .unwrap();
        assert_eq!(again, 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_session_can_only_be_ended_through_its_own_account() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let a = account(&s, "a@example.org", true, 100).await;
        let b = account(&s, "b@example.org", true, 100).await;
        s.add_session(&session("sa", a, 100, "192.0.2.1"))
            .await
            .unwrap();
        s.add_session(&session("sb", b, 100, "192.0.2.2"))
            .await
            .unwrap();
        assert!(!s.delete_session(a, "sb").await.unwrap());
        assert!(s.live_session("sb", 200).await.unwrap().is_some());
        assert!(s.delete_session(b, "sb").await.unwrap());
        assert!(s.live_session("sb", 200).await.unwrap().is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_retention_job_clears_old_ip_addresses_and_unconfirmed_accounts() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let day = 86400;
        let now = 100 * day;
        let kept = account(&s, "kept@example.org", true, now - 20 * day).await;
        let stale = account(&s, "stale@example.org", false, now - 8 * day).await;
        let fresh = account(&s, "fresh@example.org", false, now - day).await;
        s.add_token(
            "stale-token",
            stale,
            "confirm",
            None,
            now - 8 * day,
            now + day,
        )
        .await
        .unwrap();
        s.add_session(&session("old", kept, now - 8 * day, "192.0.2.8"))
            .await
            .unwrap();
        s.add_session(&session("new", kept, now - day, "192.0.2.9"))
            .await
            .unwrap();
        let mut dead = session("dead", kept, now - 2 * day, "192.0.2.7");
        dead.idle_expires_at = now - day;
        s.add_session(&dead).await.unwrap();

        let p = s.purge(now, now - 7 * day, now - 7 * day).await.unwrap();
        assert_eq!(
            (p.sessions, p.unconfirmed, p.ips),
            (1, 1, 1),
            "{}",
            db.backend
        );

        let live = s.sessions_of(kept, now).await.unwrap();
        let ip = |h: &str| live.iter().find(|x| x.token_hash == h).unwrap().ip.clone();
        assert_eq!(ip("old"), None, "an IP older than 7 days is gone");
        assert_eq!(ip("new").as_deref(), Some("192.0.2.9"));
        assert!(
            s.account_by_email("stale@example.org")
                .await
                .unwrap()
                .is_none()
        );
        assert!(s.account(fresh).await.is_ok());
        assert!(
            s.use_token("stale-token", "confirm", now)
                .await
                .unwrap()
                .is_none()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn erasing_an_account_keeps_no_personal_data_and_frees_the_email() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let id = account(&s, "gone@example.org", true, 100).await;
        s.add_session(&session("s1", id, 100, "192.0.2.1"))
            .await
            .unwrap();
        s.erase_account(id, 200).await.unwrap();
        let row = s.account(id).await.unwrap();
        assert_eq!(row.email, None);
        assert_eq!(row.display_name, "");
        assert_eq!(row.password_hash, None);
        assert_eq!(row.deleted_at, Some(200));
        assert!(s.roles(id).await.unwrap().is_empty());
        assert!(s.consents(id).await.unwrap().is_empty());
        assert!(s.sessions_of(id, 150).await.unwrap().is_empty());
        account(&s, "gone@example.org", true, 300).await;
        db.cleanup().await;
    }
}

async fn admin(s: &Store, email: &str) -> i64 {
    let roles = [(Role::Admin, String::new())];
    s.create_account(&NewAccount {
        email,
        display_name: "Admin",
        password_hash: "h",
        verified: true,
        roles: &roles,
        consent: None,
        now: 100,
    })
    .await
    .unwrap()
}

async fn is_admin(s: &Store, id: i64) -> bool {
    s.roles(id)
        .await
        .unwrap()
        .iter()
        .any(|r| r.role == Role::Admin)
}

#[tokio::test]
async fn the_last_admins_role_is_not_revoked_and_their_account_is_not_erased() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let only = admin(&s, "a@example.org").await;
        assert_eq!(
            s.revoke_role(only, Role::Admin, "").await.unwrap(),
            Guarded::LastAdmin
        );
        assert!(is_admin(&s, only).await, "{}: role kept", db.backend);
        assert_eq!(
            s.erase_account(only, 200).await.unwrap(),
            Guarded::LastAdmin
        );
        let row = s.account(only).await.unwrap();
        assert!(
            row.deleted_at.is_none() && is_admin(&s, only).await,
            "{}: account kept",
            db.backend
        );
        // Other roles of the last admin go; a role not held is nothing to take.
        s.grant_role(only, Role::Moderator, "", 150).await.unwrap();
        assert_eq!(
            s.revoke_role(only, Role::Moderator, "").await.unwrap(),
            Guarded::Done
        );
        assert_eq!(
            s.revoke_role(only, Role::Moderator, "").await.unwrap(),
            Guarded::Nothing
        );
        // With a second admin, either may go.
        let other = admin(&s, "b@example.org").await;
        assert_eq!(
            s.revoke_role(only, Role::Admin, "").await.unwrap(),
            Guarded::Done
        );
        assert_eq!(s.erase_account(only, 200).await.unwrap(), Guarded::Done);
        assert_eq!(
            s.erase_account(other, 200).await.unwrap(),
            Guarded::LastAdmin
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn two_admins_revoking_each_other_at_once_leave_one_admin() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let mut kept = admin(&s, "a0@example.org").await;
        // Several rounds, each racing the admin left over against a new one.
        for round in 1..=12 {
            let new = admin(&s, &format!("a{round}@example.org")).await;
            let (x, y) = tokio::join!(
                s.revoke_role(kept, Role::Admin, ""),
                s.revoke_role(new, Role::Admin, "")
            );
            let mut outcomes = [x.unwrap(), y.unwrap()];
            outcomes.sort_by_key(|o| *o == Guarded::Done);
            assert_eq!(
                outcomes,
                [Guarded::LastAdmin, Guarded::Done],
                "{}",
                db.backend
            );
            let mut admins = Vec::new();
            for id in [kept, new] {
                if is_admin(&s, id).await {
                    admins.push(id);
                }
            }
            assert_eq!(admins.len(), 1, "{} round {round}: {admins:?}", db.backend);
            kept = admins[0];
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_erased_while_the_other_loses_the_role_leaves_one_admin() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let mut kept = admin(&s, "a0@example.org").await;
        for round in 1..=12 {
            let new = admin(&s, &format!("a{round}@example.org")).await;
            let (x, y) = tokio::join!(
                s.erase_account(kept, 200),
                s.revoke_role(new, Role::Admin, "")
            );
            let mut outcomes = [x.unwrap(), y.unwrap()];
            outcomes.sort_by_key(|o| *o == Guarded::Done);
            assert_eq!(
                outcomes,
                [Guarded::LastAdmin, Guarded::Done],
                "{}",
                db.backend
            );
            let mut admins = Vec::new();
            for id in [kept, new] {
                if is_admin(&s, id).await {
                    admins.push(id);
                }
            }
            assert_eq!(admins.len(), 1, "{} round {round}: {admins:?}", db.backend);
            kept = admins[0];
        }
        db.cleanup().await;
    }
}
