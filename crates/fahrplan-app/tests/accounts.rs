//! Accounts use cases on SQLite and (when configured) PostgreSQL: registration with a mailed
//! link, login and sessions, password reset, the second factor of staff, object-level
//! authorisation, profile changes, export, deletion and the audit log. Mail goes to files in a
//! temporary folder, which the tests read like a person reads their inbox.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::accounts::{AccountSettings, NewUser, RegistrationInput, token_hash, totp};
use fahrplan_app::content::default_content;
use fahrplan_app::ratelimit::{Bucket, Limits};
use fahrplan_app::{App, AppError};
use fahrplan_domain::Role;
use fahrplan_store::Store;
use fahrplan_testkit::TestDb;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const PW: &str = "Wanderweg am Edersee 7";

struct Env {
    app: App,
    mail: tempfile::TempDir,
}

async fn env_with(db: &TestDb, tweak: impl FnOnce(&mut AccountSettings)) -> Env {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let mail = tempfile::tempdir().unwrap();
    let mut settings = AccountSettings::with_mail_dir(mail.path().to_path_buf());
    settings.base_url = "https://portal.example".to_owned();
    tweak(&mut settings);
    let app = App::new(store).with_accounts(settings);
    Env { app, mail }
}

async fn env(db: &TestDb) -> Env {
    env_with(db, |_| {}).await
}

fn mails(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Waits for the `n`-th mail (mail goes out after the answer) and returns its text.
async fn nth_mail(dir: &Path, n: usize) -> String {
    for _ in 0..200 {
        if let Some(p) = mails(dir).get(n - 1) {
            let text = std::fs::read_to_string(p).unwrap();
            if !text.is_empty() {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("mail {n} never arrived in {}", dir.display());
}

/// Waits for a mail that `pred` accepts (mails sent together arrive in any order).
async fn mail_where(dir: &Path, pred: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        for p in mails(dir) {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            if pred(&text) {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no such mail in {}", dir.display());
}

fn token_in(mail: &str) -> String {
    let at = mail.find("token=").expect("a link with a token") + 6;
    mail[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn field_codes(e: &AppError) -> Vec<(&'static str, &'static str)> {
    match e {
        AppError::Invalid(errors) => errors.iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn registration(email: &str, name: &str) -> RegistrationInput {
    RegistrationInput {
        email: email.to_owned(),
        display_name: name.to_owned(),
        password: PW.to_owned(),
        consent: Some("yes".to_owned()),
    }
}

/// Registers and confirms an account, returning the number of mails now in the folder.
async fn registered(e: &Env, email: &str, name: &str) -> usize {
    let before = mails(e.mail.path()).len();
    e.app.register(&registration(email, name)).await.unwrap();
    let mail = nth_mail(e.mail.path(), before + 1).await;
    e.app.confirm_email(&token_in(&mail)).await.unwrap();
    before + 1
}

async fn logged_in(e: &Env, email: &str) -> fahrplan_app::accounts::Actor {
    let out = e
        .app
        .login(email, PW, Some("192.0.2.1"), Some("test"))
        .await
        .unwrap();
    e.app.actor(&out.session.token).await.unwrap().unwrap()
}

#[tokio::test]
async fn registration_mails_a_link_that_confirms_the_account_once() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        e.app
            .register(&registration(" Ada@Example.org ", "Ada"))
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 1).await;
        assert!(mail.contains("To: ada@example.org"), "{mail}");
        assert!(
            mail.contains("https://portal.example/registrieren/bestaetigen?token="),
            "{mail}"
        );
        let err = e.app.login("ada@example.org", PW, None, None).await;
        assert_eq!(
            field_codes(&err.unwrap_err()),
            [("email", "error-login-unconfirmed")]
        );
        let token = token_in(&mail);
        e.app.confirm_email(&token).await.unwrap();
        let again = e.app.confirm_email(&token).await.unwrap_err();
        assert_eq!(field_codes(&again), [("token", "error-link-invalid")]);
        let actor = logged_in(&e, "ADA@example.org").await;
        assert_eq!(actor.display_name, "Ada");
        assert_eq!(actor.roles, [(Role::Participant, String::new())]);
        assert!(!actor.is_staff());
        let store = e.app.store();
        let acc = store.account(actor.account_id).await.unwrap();
        assert!(
            acc.password_hash
                .as_deref()
                .unwrap()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "argon2id with the required cost"
        );
        let consents = store.consents(actor.account_id).await.unwrap();
        assert_eq!(consents.len(), 1, "the Art. 9 consent is logged");
        assert_eq!(consents[0].kind, "art9_political_opinions");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn registration_refuses_bad_input_field_by_field_and_stores_nothing() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let bad = RegistrationInput {
            email: "not-an-address".to_owned(),
            display_name: "x".to_owned(),
            password: "password".to_owned(),
            consent: None,
        };
        let err = e.app.register(&bad).await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("email", "error-account-email-invalid"),
                ("display_name", "error-name-length"),
                ("password", "error-password-common"),
                ("consent", "error-consent-required"),
            ]
        );
        let short = RegistrationInput {
            password: "kurz".to_owned(),
            ..registration("b@example.org", "Bea")
        };
        let err = e.app.register(&short).await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("password", "error-password-too-short")]
        );
        let personal = RegistrationInput {
            password: "Brigitte ist toll".to_owned(),
            ..registration("brigitte@example.org", "Gitti")
        };
        let err = e.app.register(&personal).await.unwrap_err();
        assert_eq!(field_codes(&err), [("password", "error-password-personal")]);
        let named_like_mail = registration("c@example.org", "c@example.org");
        let err = e.app.register(&named_like_mail).await.unwrap_err();
        assert_eq!(field_codes(&err), [("display_name", "error-name-no-email")]);
        // Long passphrases and any characters are fine: no composition rules.
        let long = RegistrationInput {
            password: "ä ".repeat(40),
            ..registration("d@example.org", "Dora")
        };
        e.app.register(&long).await.unwrap();
        assert!(e.app.store().accounts().await.unwrap().len() == 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn registering_a_taken_email_answers_the_same_and_tells_only_the_owner() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "owner@example.org", "Owner").await;
        e.app
            .register(&registration("owner@example.org", "Intruder"))
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 2).await;
        assert!(mail.contains("To: owner@example.org"));
        assert!(
            !mail.contains("token="),
            "no link that would change anything"
        );
        assert!(mail.contains("/passwort-vergessen"));
        let accounts = e.app.store().accounts().await.unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].display_name, "Owner");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_expired_confirmation_link_is_refused() {
    for db in TestDb::all().await {
        let e = env_with(&db, |s| s.confirm_ttl = -1).await;
        e.app
            .register(&registration("late@example.org", "Late"))
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 1).await;
        let err = e.app.confirm_email(&token_in(&mail)).await.unwrap_err();
        assert_eq!(field_codes(&err), [("token", "error-link-invalid")]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_fail_alike() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "known@example.org", "Known").await;
        let wrong = e
            .app
            .login("known@example.org", "not the password", None, None)
            .await
            .unwrap_err();
        let unknown = e
            .app
            .login("nobody@example.org", PW, None, None)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&wrong), field_codes(&unknown));
        assert_eq!(field_codes(&wrong), [("email", "error-login-failed")]);
        // A reset request answers the same for both and mails only the account.
        e.app
            .request_password_reset("nobody@example.org")
            .await
            .unwrap();
        e.app
            .request_password_reset("known@example.org")
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), 2).await;
        assert!(mail.contains("To: known@example.org"));
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            mails(e.mail.path()).len(),
            2,
            "no mail to an unknown address"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn every_login_opens_a_new_session_and_logout_ends_only_that_one() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "s@example.org", "Sam").await;
        let one = e.app.login("s@example.org", PW, None, None).await.unwrap();
        let two = e.app.login("s@example.org", PW, None, None).await.unwrap();
        assert_ne!(one.session.token, two.session.token);
        assert!(
            one.session.token.len() >= 22,
            "at least 128 bits, base64url"
        );
        let a1 = e.app.actor(&one.session.token).await.unwrap().unwrap();
        let store = e.app.store();
        let live = e.app.my_sessions(&a1).await.unwrap();
        assert_eq!(live.len(), 2);
        assert_eq!(live.iter().filter(|s| s.current).count(), 1);
        assert!(
            live.iter().all(|s| !s.id.is_empty() && s.id.len() < 64),
            "the hash never leaves"
        );
        let mut stored: Vec<String> = store
            .sessions_of(a1.account_id, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.token_hash)
            .collect();
        stored.sort();
        let mut expected = vec![
            token_hash(&one.session.token),
            token_hash(&two.session.token),
        ];
        expected.sort();
        assert_eq!(stored, expected, "only hashes of the tokens are stored");
        e.app.logout(&a1).await.unwrap();
        assert!(e.app.actor(&one.session.token).await.unwrap().is_none());
        assert!(e.app.actor(&two.session.token).await.unwrap().is_some());
        assert!(e.app.actor("forged").await.unwrap().is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_idle_session_expires() {
    for db in TestDb::all().await {
        let e = env_with(&db, |s| s.idle = -1).await;
        registered(&e, "idle@example.org", "Idle").await;
        let out = e
            .app
            .login("idle@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(e.app.actor(&out.session.token).await.unwrap().is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_reset_link_works_once_and_ends_every_session() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let n = registered(&e, "r@example.org", "Rita").await;
        let out = e.app.login("r@example.org", PW, None, None).await.unwrap();
        e.app.request_password_reset("r@example.org").await.unwrap();
        let mail = nth_mail(e.mail.path(), n + 1).await;
        assert!(mail.contains("https://portal.example/passwort-neu?token="));
        let token = token_in(&mail);
        let weak = e.app.reset_password(&token, "12345678").await.unwrap_err();
        assert_eq!(field_codes(&weak), [("password", "error-password-common")]);
        e.app
            .reset_password(&token, "Neues Passwort für Rita")
            .await
            .unwrap();
        assert!(
            e.app.actor(&out.session.token).await.unwrap().is_none(),
            "old sessions end"
        );
        let reused = e
            .app
            .reset_password(&token, "Noch ein anderes Passwort")
            .await
            .unwrap_err();
        assert_eq!(field_codes(&reused), [("password", "error-link-invalid")]);
        let notice = nth_mail(e.mail.path(), n + 2).await;
        assert!(notice.contains("To: r@example.org") && notice.contains("zurückgesetzt"));
        assert!(e.app.login("r@example.org", PW, None, None).await.is_err());
        e.app
            .login("r@example.org", "Neues Passwort für Rita", None, None)
            .await
            .unwrap();
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_participant_cannot_end_another_accounts_session() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Bernd").await;
        let anna = logged_in(&e, "a@example.org").await;
        let bernd = logged_in(&e, "b@example.org").await;
        let bernds = e.app.my_sessions(&bernd).await.unwrap();
        let id = &bernds[0].id;
        assert!(matches!(
            e.app.revoke_session(&anna, id).await,
            Err(AppError::NotFound)
        ));
        assert_eq!(e.app.my_sessions(&bernd).await.unwrap().len(), 1);
        assert!(matches!(
            e.app.admin_end_sessions(&anna, bernd.account_id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app
                .admin_grant(&anna, anna.account_id, "admin", &[])
                .await,
            Err(AppError::Forbidden)
        ));
        e.app.revoke_session(&bernd, id).await.unwrap();
        assert!(e.app.my_sessions(&bernd).await.unwrap().is_empty());
        db.cleanup().await;
    }
}

fn current_code(secret: &str) -> String {
    let key = totp::base32_decode(secret).unwrap();
    let step = fahrplan_app::accounts::now() / 30;
    format!("{:06}", totp::code_at(&key, step).unwrap())
}

async fn admin_env(db: &TestDb) -> (Env, i64) {
    let e = env(db).await;
    e.app.import_content(&default_content()).await.unwrap();
    let id = e
        .app
        .create_user(&NewUser {
            email: "admin@example.org".to_owned(),
            display_name: "Redaktion".to_owned(),
            role: "admin".to_owned(),
            departments: vec![],
            password: PW.to_owned(),
        })
        .await
        .unwrap();
    (e, id)
}

#[tokio::test]
async fn staff_without_a_second_factor_are_refused_until_totp_is_set_up() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let n = registered(&e, "p@example.org", "Paula").await;
        assert_eq!(n, 1);
        let out = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(out.needs_totp_setup && !out.needs_second_factor);
        let admin = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(admin.is_staff() && admin.needs_second_factor());
        assert!(matches!(
            admin.require(Role::Admin),
            Err(AppError::Forbidden)
        ));
        let paula = e.app.store().account_by_email("p@example.org").await;
        let paula = paula.unwrap().unwrap().id;
        assert!(matches!(
            e.app.admin_grant(&admin, paula, "moderator", &[]).await,
            Err(AppError::Forbidden)
        ));
        let wrong = e.app.second_factor(&admin, "123456").await;
        assert!(
            matches!(wrong, Err(AppError::Forbidden)),
            "no factor set up yet"
        );

        let (secret, uri) = e.app.begin_totp(&admin).await.unwrap();
        assert!(uri.starts_with("otpauth://totp/") && uri.contains(&secret));
        assert!(
            !uri.contains("admin@example.org"),
            "no email in the QR code"
        );
        let bad = e.app.confirm_totp(&admin, "000000").await;
        assert_eq!(
            field_codes(&bad.unwrap_err()),
            [("code", "error-code-invalid")]
        );
        let code = current_code(&secret);
        let (recovery, elevated) = e.app.confirm_totp(&admin, &code).await.unwrap();
        assert_eq!(recovery.len(), 10);
        assert!(
            e.app.actor(&out.session.token).await.unwrap().is_none(),
            "the token from before the factor stops working"
        );
        let admin = e.app.actor(&elevated.token).await.unwrap().unwrap();
        admin.require(Role::Admin).unwrap();
        e.app
            .admin_grant(&admin, paula, "moderator", &[])
            .await
            .unwrap();

        // A new login needs the factor again; the code just used does not work twice.
        let out2 = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(out2.needs_second_factor && !out2.needs_totp_setup);
        let admin2 = e.app.actor(&out2.session.token).await.unwrap().unwrap();
        let replay = e.app.second_factor(&admin2, &code).await.unwrap_err();
        assert_eq!(field_codes(&replay), [("code", "error-code-invalid")]);
        let elevated2 = e
            .app
            .second_factor(&admin2, &recovery[0].to_uppercase())
            .await
            .unwrap();
        assert_ne!(elevated2.token, out2.session.token);
        let admin2 = e.app.actor(&elevated2.token).await.unwrap().unwrap();
        assert!(admin2.has(Role::Admin));
        let out3 = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin3 = e.app.actor(&out3.session.token).await.unwrap().unwrap();
        assert!(e.app.second_factor(&admin3, &recovery[0]).await.is_err());

        let actions: Vec<String> = e
            .app
            .store()
            .audit_after(0, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        for a in [
            "account.create",
            "second_factor.enable",
            "role.grant",
            "login.staff",
            "login.second_factor_failed",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} missing in {actions:?}");
        }
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        let _ = admin_id;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_fresh_totp_code_completes_a_staff_login_once() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let secret = totp::new_secret();
        e.app
            .store()
            .enable_totp(admin_id, &secret, 0, &[])
            .await
            .unwrap();
        let out = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin = e.app.actor(&out.session.token).await.unwrap().unwrap();
        let code = current_code(&secret);
        let elevated = e.app.second_factor(&admin, &code).await.unwrap();
        assert!(e.app.actor(&out.session.token).await.unwrap().is_none());
        assert!(
            e.app
                .actor(&elevated.token)
                .await
                .unwrap()
                .unwrap()
                .has(Role::Admin)
        );
        let out2 = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin2 = e.app.actor(&out2.session.token).await.unwrap().unwrap();
        assert!(e.app.second_factor(&admin2, &code).await.is_err(), "replay");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn editors_edit_only_their_departments_and_revoking_a_role_ends_sessions() {
    for db in TestDb::all().await {
        let (e, _) = admin_env(&db).await;
        let ed = e
            .app
            .create_user(&NewUser {
                email: "ed@example.org".to_owned(),
                display_name: "Edith".to_owned(),
                role: "editor".to_owned(),
                departments: vec!["stk".to_owned()],
                password: PW.to_owned(),
            })
            .await
            .unwrap();
        let unknown = e
            .app
            .grant_by_email("ed@example.org", "editor", &["nope".to_owned()])
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&unknown),
            [("department", "error-department-unknown")]
        );
        let secret = totp::new_secret();
        e.app
            .store()
            .enable_totp(ed, &secret, 0, &[])
            .await
            .unwrap();
        let out = e.app.login("ed@example.org", PW, None, None).await.unwrap();
        let edith = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(!edith.may_edit("stk"), "not before the second factor");
        let edith_full = e
            .app
            .second_factor(&edith, &current_code(&secret))
            .await
            .unwrap();
        let edith = e.app.actor(&edith_full.token).await.unwrap().unwrap();
        assert!(edith.may_edit("stk"));
        assert!(!edith.may_edit("hmdis"));
        assert!(!edith.has(Role::Admin));

        let admin_secret = totp::new_secret();
        let admin_id = e
            .app
            .store()
            .account_by_email("admin@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        e.app
            .store()
            .enable_totp(admin_id, &admin_secret, 0, &[])
            .await
            .unwrap();
        let a = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin = e.app.actor(&a.session.token).await.unwrap().unwrap();
        let full = e
            .app
            .second_factor(&admin, &current_code(&admin_secret))
            .await
            .unwrap();
        let admin = e.app.actor(&full.token).await.unwrap().unwrap();
        e.app
            .admin_revoke(&admin, ed, "editor", "stk")
            .await
            .unwrap();
        assert!(e.app.actor(&edith_full.token).await.unwrap().is_none());
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_only() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "c@example.org", "Carl").await;
        let here = logged_in(&e, "c@example.org").await;
        let other = e.app.login("c@example.org", PW, None, None).await.unwrap();
        let wrong = e
            .app
            .change_password(&here, "falsch", "Ganz neues Passwort")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&wrong),
            [("current_password", "error-password-wrong")]
        );
        e.app
            .change_password(&here, PW, "Ganz neues Passwort")
            .await
            .unwrap();
        assert!(e.app.actor(&other.session.token).await.unwrap().is_none());
        assert_eq!(e.app.my_sessions(&here).await.unwrap().len(), 1);
        let notice = nth_mail(e.mail.path(), 2).await;
        assert!(notice.contains("To: c@example.org") && notice.contains("Passwort wurde geändert"));
        e.app
            .login("c@example.org", "Ganz neues Passwort", None, None)
            .await
            .unwrap();
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_new_email_counts_only_after_its_link_is_followed() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let n = registered(&e, "old@example.org", "Olga").await;
        let olga = logged_in(&e, "old@example.org").await;
        let wrong = e
            .app
            .request_email_change(&olga, "falsch", "new@example.org")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&wrong),
            [("email_password", "error-password-wrong")]
        );
        e.app
            .request_email_change(&olga, PW, "New@Example.org")
            .await
            .unwrap();
        let mail = mail_where(e.mail.path(), |m| m.contains("To: new@example.org")).await;
        assert!(mail.contains("token="));
        let asked = mail_where(e.mail.path(), |m| {
            m.contains("To: old@example.org") && m.contains("Adresse zu")
        })
        .await;
        assert!(!asked.contains("token="), "the old address gets no link");
        let _ = n;
        e.app
            .login("old@example.org", PW, None, None)
            .await
            .unwrap();
        e.app.confirm_email_change(&token_in(&mail)).await.unwrap();
        mail_where(e.mail.path(), |m| {
            m.contains("To: old@example.org") && m.contains("E-Mail-Adresse wurde geändert")
        })
        .await;
        assert!(
            e.app
                .login("old@example.org", PW, None, None)
                .await
                .is_err()
        );
        e.app
            .login("new@example.org", PW, None, None)
            .await
            .unwrap();
        e.app.change_display_name(&olga, "Olga K.").await.unwrap();
        assert_eq!(
            logged_in(&e, "new@example.org").await.display_name,
            "Olga K."
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn my_data_is_a_zip_with_a_readme_and_everything_stored() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "z@example.org", "Zoe").await;
        let zoe = logged_in(&e, "z@example.org").await;
        assert!(matches!(
            e.app.export_my_data(&zoe, "falsch").await,
            Err(AppError::Invalid(_))
        ));
        e.app.set_consent(&zoe, false).await.unwrap();
        assert!(!e.app.has_consent(&zoe).await.unwrap());
        e.app.set_consent(&zoe, true).await.unwrap();
        let export = e.app.export_my_data(&zoe, PW).await.unwrap();
        assert!(export.file_name.ends_with(".zip"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(export.zip)).unwrap();
        let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "README.md",
                "account.json",
                "audit.json",
                "consents.json",
                "roles.json",
                "sessions.json"
            ]
        );
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let account: serde_json::Value = serde_json::from_str(&read("account.json")).unwrap();
        assert_eq!(account["email"], "z@example.org");
        assert_eq!(account["display_name"], "Zoe");
        let consents: serde_json::Value = serde_json::from_str(&read("consents.json")).unwrap();
        let consents = consents.as_array().unwrap();
        assert_eq!(consents.len(), 2, "withdrawn and given again, both logged");
        assert!(consents[0]["withdrawn_at"].is_i64());
        assert!(consents[1]["withdrawn_at"].is_null());
        let sessions: serde_json::Value = serde_json::from_str(&read("sessions.json")).unwrap();
        assert_eq!(sessions[0]["ip"], "192.0.2.1");
        assert!(read("README.md").contains("account.json"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_deleted_account_cannot_log_in_and_its_email_can_register_again() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "del@example.org", "Delia").await;
        let delia = logged_in(&e, "del@example.org").await;
        let other = e
            .app
            .login("del@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(e.app.delete_account(&delia, "falsch").await.is_err());
        e.app.delete_account(&delia, PW).await.unwrap();
        assert!(e.app.actor(&other.session.token).await.unwrap().is_none());
        let err = e
            .app
            .login("del@example.org", PW, None, None)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("email", "error-login-failed")]);
        let row = e.app.store().account(delia.account_id).await.unwrap();
        assert!(row.email.is_none() && row.display_name.is_empty());
        registered(&e, "del@example.org", "Delia Neu").await;
        let audit = e.app.store().audit_after(0, 100).await.unwrap();
        assert!(
            audit.iter().any(|r| r.action == "account.delete"
                && r.entity == format!("account:{}", delia.account_id))
        );
        assert!(
            audit.iter().all(|r| !r.detail.contains("del@example.org")),
            "the audit log keeps no email"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn rate_limits_answer_with_the_seconds_to_wait_and_can_be_switched_off() {
    let db = TestDb::sqlite();
    let e = env(&db).await;
    let mut limits = Limits::default();
    limits.rules.insert(Bucket::Login, (2, 60));
    let app = e.app.clone().with_limits(limits.clone());
    app.limit(Bucket::Login, "192.0.2.1").unwrap();
    app.limit(Bucket::Login, "192.0.2.1").unwrap();
    match app.limit(Bucket::Login, "192.0.2.1") {
        Err(AppError::RateLimited { retry_after }) => {
            assert!((1..=60).contains(&retry_after), "{retry_after}")
        }
        other => panic!("expected 429, got {other:?}"),
    }
    app.limit(Bucket::Login, "192.0.2.2").unwrap();
    app.limit(Bucket::Register, "192.0.2.1").unwrap();
    limits.enabled = false;
    let off = e.app.clone().with_limits(limits);
    for _ in 0..10 {
        off.limit(Bucket::Login, "192.0.2.1").unwrap();
    }
}

#[tokio::test]
async fn the_retention_job_removes_unconfirmed_registrations_after_a_week() {
    for db in TestDb::all().await {
        let e = env_with(&db, |s| s.unconfirmed_ttl = -1).await;
        e.app
            .register(&registration("never@example.org", "Never"))
            .await
            .unwrap();
        let purged = e.app.purge_expired().await.unwrap();
        assert_eq!(purged.unconfirmed, 1);
        assert!(e.app.store().accounts().await.unwrap().is_empty());
        db.cleanup().await;
    }
}

/// A minimal SMTP server on 127.0.0.1 that accepts one message and hands over what it received.
async fn smtp_sink() -> (u16, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let (read, mut write) = sock.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
        let mut transcript = String::new();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            transcript.push_str(&line);
            transcript.push('\n');
            let reply: &[u8] = if in_data {
                if line == "." {
                    in_data = false;
                    b"250 queued\r\n"
                } else {
                    continue;
                }
            } else {
                match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                    "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go on\r\n"
                    }
                    "QUIT" => {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    }
                    _ => b"250 ok\r\n",
                }
            };
            write.write_all(reply).await.unwrap();
        }
        tx.send(transcript).ok();
    });
    (port, rx)
}

#[tokio::test]
async fn with_smtp_configured_the_confirmation_goes_to_the_smtp_server() {
    let (port, received) = smtp_sink().await;
    let mailer =
        fahrplan_app::accounts::mail::Mailer::smtp(&fahrplan_app::accounts::mail::SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port,
            username: None,
            password: None,
            security: "none".to_owned(),
        })
        .unwrap();
    let db = TestDb::sqlite();
    let e = env_with(&db, |s| s.mailer = mailer).await;
    e.app
        .register(&registration("smtp@example.org", "Sam"))
        .await
        .unwrap();
    let transcript = tokio::time::timeout(Duration::from_secs(10), received)
        .await
        .expect("the SMTP server got a connection")
        .unwrap();
    assert!(
        transcript.contains("RCPT TO:<smtp@example.org>"),
        "{transcript}"
    );
    assert!(
        transcript.contains("https://portal.example/registrieren/bestaetigen?token="),
        "{transcript}"
    );
    assert!(mails(e.mail.path()).is_empty(), "nothing went to files");
    e.app.confirm_email(&token_in(&transcript)).await.unwrap();
}

#[tokio::test]
async fn a_hash_with_old_parameters_is_replaced_at_the_next_login() {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let db = TestDb::sqlite();
    let e = env(&db).await;
    registered(&e, "old@example.org", "Otto").await;
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(8192, 3, 1, None).unwrap(),
    );
    let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
    let old = weak
        .hash_password(PW.as_bytes(), &salt)
        .unwrap()
        .to_string();
    let id = e.app.store().account_by_email("old@example.org").await;
    let id = id.unwrap().unwrap().id;
    e.app.store().set_password_hash(id, &old).await.unwrap();
    e.app
        .login("old@example.org", PW, None, None)
        .await
        .unwrap();
    let now = e
        .app
        .store()
        .account(id)
        .await
        .unwrap()
        .password_hash
        .unwrap();
    assert!(now.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{now}");
    e.app
        .login("old@example.org", PW, None, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_admin_resets_a_lost_second_factor_and_the_account_sets_up_a_new_one() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let moderator = e
            .app
            .create_user(&NewUser {
                email: "mo@example.org".to_owned(),
                display_name: "Moritz".to_owned(),
                role: "moderator".to_owned(),
                departments: vec![],
                password: PW.to_owned(),
            })
            .await
            .unwrap();
        let store = e.app.store();
        store
            .enable_totp(moderator, &totp::new_secret(), 0, &["r1".to_owned()])
            .await
            .unwrap();
        let secret = totp::new_secret();
        store.enable_totp(admin_id, &secret, 0, &[]).await.unwrap();
        let mo = e.app.login("mo@example.org", PW, None, None).await.unwrap();
        let mo_actor = e.app.actor(&mo.session.token).await.unwrap().unwrap();
        assert!(matches!(
            e.app.reset_second_factor(Some(&mo_actor), admin_id).await,
            Err(AppError::Forbidden)
        ));
        let a = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let admin = e.app.actor(&a.session.token).await.unwrap().unwrap();
        let full = e
            .app
            .second_factor(&admin, &current_code(&secret))
            .await
            .unwrap();
        let admin = e.app.actor(&full.token).await.unwrap().unwrap();
        e.app
            .reset_second_factor(Some(&admin), moderator)
            .await
            .unwrap();
        assert!(e.app.actor(&mo.session.token).await.unwrap().is_none());
        let row = store.account(moderator).await.unwrap();
        assert!(row.totp_secret.is_none());
        assert_eq!(store.recovery_codes_left(moderator).await.unwrap(), 0);
        let again = e.app.login("mo@example.org", PW, None, None).await.unwrap();
        assert!(
            again.needs_totp_setup,
            "the next login sets up a new factor"
        );
        let audit = store.audit_after(0, 100).await.unwrap();
        assert!(audit.iter().any(|r| r.action == "second_factor.reset"
            && r.entity == format!("account:{moderator}")
            && r.actor_id == Some(admin_id)));
        let notice = nth_mail(e.mail.path(), 1).await;
        assert!(notice.contains("To: mo@example.org") && notice.contains("zweiter Faktor"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_second_factor_in_place_cannot_be_replaced_with_the_password_alone() {
    for db in TestDb::all().await {
        let (e, admin_id) = admin_env(&db).await;
        let secret = totp::new_secret();
        e.app
            .store()
            .enable_totp(admin_id, &secret, 0, &["r1".to_owned()])
            .await
            .unwrap();
        let out = e
            .app
            .login("admin@example.org", PW, None, None)
            .await
            .unwrap();
        let half = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(half.needs_second_factor());
        assert!(matches!(
            e.app.begin_totp(&half).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.confirm_totp(&half, "123456").await,
            Err(AppError::Forbidden)
        ));
        let row = e.app.store().account(admin_id).await.unwrap();
        assert_eq!(row.totp_secret.as_deref(), Some(secret.as_str()));
        assert!(row.totp_pending.is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_participant_who_set_up_a_factor_is_asked_for_it() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "pa@example.org", "Paul").await;
        let paul = logged_in(&e, "pa@example.org").await;
        let (secret, _) = e.app.begin_totp(&paul).await.unwrap();
        e.app
            .confirm_totp(&paul, &current_code(&secret))
            .await
            .unwrap();
        let out = e.app.login("pa@example.org", PW, None, None).await.unwrap();
        assert!(out.needs_second_factor && !out.needs_totp_setup);
        let later = e.app.actor(&out.session.token).await.unwrap().unwrap();
        assert!(later.needs_second_factor());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn links_asked_for_before_a_password_change_stop_working() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "lu@example.org", "Lu").await;
        let lu = logged_in(&e, "lu@example.org").await;
        e.app
            .request_email_change(&lu, PW, "thief@example.org")
            .await
            .unwrap();
        let link = mail_where(e.mail.path(), |m| m.contains("To: thief@example.org")).await;
        e.app
            .change_password(&lu, PW, "Ein neues Passwort für Lu")
            .await
            .unwrap();
        let err = e
            .app
            .confirm_email_change(&token_in(&link))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("token", "error-link-invalid")]);
        e.app
            .login("lu@example.org", "Ein neues Passwort für Lu", None, None)
            .await
            .unwrap();
        db.cleanup().await;
    }
}

#[tokio::test]
async fn one_mailbox_gets_only_a_few_reset_mails_an_hour_whoever_asks() {
    let db = TestDb::sqlite();
    let e = env(&db).await;
    let mut limits = Limits::default();
    limits.rules.insert(Bucket::Reset, (2, 3600));
    let app = e.app.clone().with_limits(limits);
    registered(&e, "flood@example.org", "Flo").await;
    for _ in 0..5 {
        app.request_password_reset("flood@example.org")
            .await
            .unwrap();
    }
    nth_mail(e.mail.path(), 3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        mails(e.mail.path()).len(),
        3,
        "the confirmation and two reset mails"
    );
}
