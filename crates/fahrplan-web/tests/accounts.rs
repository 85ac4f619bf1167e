//! Accounts over HTTP, on SQLite and (when configured) PostgreSQL: the one `__Host-` cookie,
//! CSRF and same-site checks, object-level authorisation, the second factor of staff, the 429
//! with Retry-After, Meine Daten and deletion, and that no page shows another person's email.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::{get, send, setup_on};
use fahrplan_app::App;
use fahrplan_app::accounts::{AccountSettings, NewUser, totp};
use fahrplan_app::ratelimit::{Bucket, Limits};
use fahrplan_testkit::TestDb;
use std::path::Path;
use std::time::Duration;

const ORIGIN: &str = "http://127.0.0.1:8080";
const PW: &str = "Apfelwein aus Sachsenhausen";

type Reply = (StatusCode, HeaderMap, String);

fn with_mail(dir: &Path) -> impl FnOnce(App) -> App {
    let settings = AccountSettings::with_mail_dir(dir.to_path_buf());
    move |app| app.with_accounts(settings)
}

fn value_of(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {name} field in page"))
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn post(app: &Router, path: &str, body: &str, cookie: Option<&str>, origin: &str) -> Reply {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ORIGIN, origin)
        .header(
            "sec-fetch-site",
            if origin == ORIGIN {
                "same-origin"
            } else {
                "cross-site"
            },
        );
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::from(body.to_owned())).unwrap()).await
}

async fn get_as(app: &Router, path: &str, cookie: &str) -> Reply {
    let req = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

fn location(h: &HeaderMap) -> &str {
    h.get(header::LOCATION).unwrap().to_str().unwrap()
}

fn set_cookies(h: &HeaderMap) -> Vec<String> {
    h.get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

async fn wait_for_mail(dir: &Path, n: usize) -> String {
    for _ in 0..200 {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        if let Some(p) = files.get(n - 1) {
            let text = std::fs::read_to_string(p).unwrap();
            if !text.is_empty() {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("mail {n} never arrived");
}

fn token_in(mail: &str) -> String {
    let at = mail.find("token=").unwrap() + 6;
    mail[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Registers through the forms and follows the mailed link; returns the mail count after.
async fn register(app: &Router, mail: &Path, n: usize, email: &str, name: &str) -> usize {
    let (_, h, page) = get(app, "/registrieren").await;
    assert!(
        set_cookies(&h).is_empty(),
        "no cookie for anonymous readers"
    );
    let body = form(&[
        ("token", &value_of(&page, "token")),
        ("email", email),
        ("display_name", name),
        ("password", PW),
        ("consent", "yes"),
    ]);
    let (status, h, _) = post(app, "/registrieren", &body, None, ORIGIN).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&h), "/registrieren/danke");
    let text = wait_for_mail(mail, n + 1).await;
    let token = token_in(&text);
    let (status, _, page) = get(app, &format!("/registrieren/bestaetigen?token={token}")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the link shows a button, a mail scanner confirms nothing"
    );
    let body = form(&[("token", &value_of(&page, "token"))]);
    let (status, _, _) = post(app, "/registrieren/bestaetigen", &body, None, ORIGIN).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    n + 1
}

/// Logs in through the form; returns the `Cookie` header value and where the login led.
async fn login(app: &Router, email: &str, pw: &str) -> (String, String) {
    let (_, _, page) = get(app, "/anmelden").await;
    let body = form(&[
        ("token", &value_of(&page, "token")),
        ("email", email),
        ("password", pw),
    ]);
    let (status, h, _) = post(app, "/anmelden", &body, None, ORIGIN).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "login of {email}");
    let cookies = set_cookies(&h);
    assert_eq!(cookies.len(), 1);
    let pair = cookies[0].split(';').next().unwrap().to_owned();
    (pair, location(&h).to_owned())
}

async fn csrf(app: &Router, cookie: &str) -> String {
    let (status, _, page) = get_as(app, "/konto", cookie).await;
    assert_eq!(status, StatusCode::OK);
    value_of(&page, "csrf")
}

#[tokio::test]
async fn login_sets_one_host_cookie_and_logout_ends_the_session() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "anna@example.org", "Anna").await;
        for path in ["/", "/anmelden", "/registrieren", "/suche?q=Breitband"] {
            let (_, h, _) = get(&app, path).await;
            assert!(set_cookies(&h).is_empty(), "{path} sets no cookie");
        }
        let (cookie, next) = login(&app, "anna@example.org", PW).await;
        assert_eq!(next, "/konto");
        assert!(cookie.starts_with("__Host-fahrplan="));
        let (_, h, _) = {
            let (_, _, page) = get(&app, "/anmelden").await;
            let body = form(&[
                ("token", &value_of(&page, "token")),
                ("email", "anna@example.org"),
                ("password", PW),
            ]);
            post(&app, "/anmelden", &body, None, ORIGIN).await
        };
        let full = &set_cookies(&h)[0];
        for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax", "Max-Age="] {
            assert!(full.contains(attr), "{full} lacks {attr}");
        }
        assert!(!full.contains("Domain"), "a __Host- cookie has no Domain");

        let (status, h, page) = get_as(&app, "/konto", &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("anna@example.org"),
            "the owner sees her own address"
        );
        assert_eq!(h.get(header::CACHE_CONTROL).unwrap(), "private, no-store");
        let (_, _, start) = get_as(&app, "/", &cookie).await;
        assert!(start.contains("Anna"), "the header shows who is logged in");

        let token = value_of(&page, "csrf");
        let (status, h, _) = post(
            &app,
            "/abmelden",
            &form(&[("csrf", &token)]),
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(set_cookies(&h)[0].contains("Max-Age=0"));
        let (status, h, _) = get_as(&app, "/konto", &cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&h), "/anmelden");
        assert!(
            set_cookies(&h).iter().any(|c| c.contains("Max-Age=0")),
            "a dead cookie is removed"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_password_re_renders_the_form_keeping_the_email_and_sets_no_cookie() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "bea@example.org", "Bea").await;
        let mut pages = Vec::new();
        for email in ["bea@example.org", "unknown@example.org"] {
            let (_, _, page) = get(&app, "/anmelden").await;
            let body = form(&[
                ("token", &value_of(&page, "token")),
                ("email", email),
                ("password", "falsches Passwort"),
            ]);
            let (status, h, html) = post(&app, "/anmelden", &body, None, ORIGIN).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(set_cookies(&h).is_empty());
            assert!(html.contains("<title>Fehler: "));
            assert!(html.contains(&format!("value=\"{email}\"")), "input kept");
            assert!(
                !html.contains("falsches Passwort"),
                "passwords are never echoed"
            );
            pages.push(
                html.replace(email, "EMAIL")
                    .replace(&value_of(&html, "token"), "T"),
            );
        }
        assert_eq!(
            pages[0], pages[1],
            "known and unknown emails get the same page"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn state_changes_need_the_session_token_and_a_same_site_origin() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "carl@example.org", "Carl").await;
        let (cookie, _) = login(&app, "carl@example.org", PW).await;
        let token = csrf(&app, &cookie).await;
        let change = |t: &str| form(&[("csrf", t), ("display_name", "Mallory")]);
        for (body, origin, why) in [
            (change(""), ORIGIN, "missing token"),
            (change("00ff"), ORIGIN, "wrong token"),
            (change(&token), "https://evil.example", "cross-site origin"),
        ] {
            let (status, _, _) = post(&app, "/konto/name", &body, Some(&cookie), origin).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{why}");
        }
        let bare = Request::post("/konto/name")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::COOKIE, &cookie)
            .body(Body::from(change(&token)))
            .unwrap();
        let (status, _, _) = send(&app, bare).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "neither Origin nor Sec-Fetch-Site"
        );
        let acc = state.app.store().account_by_email("carl@example.org").await;
        assert_eq!(acc.unwrap().unwrap().display_name, "Carl");

        // Another session's token does not fit this session.
        let (other, _) = login(&app, "carl@example.org", PW).await;
        let other_token = csrf(&app, &other).await;
        assert_ne!(other_token, token);
        let (status, _, _) = post(
            &app,
            "/konto/name",
            &change(&other_token),
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let (status, _, _) =
            post(&app, "/konto/name", &change(&token), Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let acc = state.app.store().account_by_email("carl@example.org").await;
        assert_eq!(acc.unwrap().unwrap().display_name, "Mallory");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_participant_cannot_end_another_persons_session() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let n = register(&app, mail.path(), 0, "dora@example.org", "Dora").await;
        register(&app, mail.path(), n, "emil@example.org", "Emil").await;
        let (dora, _) = login(&app, "dora@example.org", PW).await;
        let (emil, _) = login(&app, "emil@example.org", PW).await;
        let (emil_laptop, _) = login(&app, "emil@example.org", PW).await;
        let (_, _, emil_page) = get_as(&app, "/konto", &emil_laptop).await;
        let emil_session = value_of(&emil_page, "session");
        let token = csrf(&app, &dora).await;
        let body = form(&[("csrf", &token), ("session", &emil_session)]);
        let (status, _, _) = post(&app, "/konto/sitzungen", &body, Some(&dora), ORIGIN).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = get_as(&app, "/konto", &emil).await;
        assert_eq!(status, StatusCode::OK, "Emil is still logged in");
        let emil_id = state
            .app
            .store()
            .account_by_email("emil@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let body = form(&[("csrf", &token), ("role", "admin")]);
        let (status, _, _) = post(
            &app,
            &format!("/redaktion/konten/{emil_id}/rollen"),
            &body,
            Some(&dora),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, _) = get_as(&app, "/redaktion", &dora).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        db.cleanup().await;
    }
}

fn code_now(secret: &str) -> String {
    let key = totp::base32_decode(secret).unwrap();
    format!(
        "{:06}",
        totp::code_at(&key, fahrplan_app::accounts::now() / 30).unwrap()
    )
}

#[tokio::test]
async fn staff_need_the_second_factor_and_never_see_other_peoples_emails() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "frieda@example.org", "Frieda").await;
        let admin_id = state
            .app
            .create_user(&NewUser {
                email: "chefin@example.org".into(),
                display_name: "Chefin".into(),
                role: "admin".into(),
                departments: vec![],
                password: PW.into(),
            })
            .await
            .unwrap();
        let (cookie, next) = login(&app, "chefin@example.org", PW).await;
        assert_eq!(next, "/konto/zwei-faktor", "staff set up TOTP first");
        let (status, h, _) = get_as(&app, "/redaktion", &cookie).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "no staff page without the factor"
        );
        assert_eq!(location(&h), "/konto/zwei-faktor");
        let (status, _, setup) = get_as(&app, "/konto/zwei-faktor", &cookie).await;
        assert_eq!(status, StatusCode::OK);
        let frieda_id = state
            .app
            .store()
            .account_by_email("frieda@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let body = form(&[("csrf", &value_of(&setup, "csrf")), ("role", "moderator")]);
        let (status, _, _) = post(
            &app,
            &format!("/redaktion/konten/{frieda_id}/rollen"),
            &body,
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "no staff rights without the factor"
        );
        assert_eq!(state.app.store().roles(frieda_id).await.unwrap().len(), 1);
        let secret = state
            .app
            .store()
            .account(admin_id)
            .await
            .unwrap()
            .totp_pending
            .unwrap();
        let grouped: Vec<&str> = secret
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        assert!(
            setup.contains(&grouped.join(" ")),
            "the secret is shown for typing in"
        );
        let token = value_of(&setup, "csrf");
        let body = form(&[("csrf", &token), ("code", "000000")]);
        let (status, _, html) =
            post(&app, "/konto/zwei-faktor", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("aria-invalid=\"true\""));
        let body = form(&[("csrf", &token), ("code", &code_now(&secret))]);
        let (status, h, html) =
            post(&app, "/konto/zwei-faktor", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::OK, "recovery codes are shown once");
        // The session goes on under a new token; the one from before the factor is dead.
        let old_cookie = cookie;
        let cookie = set_cookies(&h)[0].split(';').next().unwrap().to_owned();
        assert_ne!(cookie, old_cookie);
        let (status, _, _) = get_as(&app, "/konto", &old_cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(
            html.contains(&format!("value=\"{}\"", csrf(&app, &cookie).await)),
            "the page's forms carry the new session's token"
        );
        assert!(
            state
                .app
                .store()
                .recovery_codes_left(admin_id)
                .await
                .unwrap()
                == 10
        );
        let _ = html;

        let (status, _, staff) = get_as(&app, "/redaktion", &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(staff.contains("Frieda"));
        // An editor without a department is refused on the same page, the input kept.
        let body = form(&[
            ("csrf", &value_of(&staff, "csrf")),
            ("role", "editor"),
            ("department", "xyz"),
        ]);
        let (status, _, html) = post(
            &app,
            &format!("/redaktion/konten/{frieda_id}/rollen"),
            &body,
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("<title>Fehler: "));
        assert!(html.contains(&format!("href=\"#dept-{frieda_id}\"")));
        assert!(html.contains(&format!(
            "aria-invalid=\"true\" aria-describedby=\"dept-{frieda_id}-error\""
        )));
        assert!(html.contains("value=\"xyz\""));
        assert!(html.contains("<option value=\"editor\" selected>"));
        assert_eq!(state.app.store().roles(frieda_id).await.unwrap().len(), 1);
        assert!(
            !staff.contains("frieda@example.org"),
            "admins see no emails of others"
        );

        // What Frieda and anonymous readers can reach never shows the admin's address.
        let (frieda, _) = login(&app, "frieda@example.org", PW).await;
        for path in [
            "/",
            "/konto",
            "/suche?q=Chefin",
            "/api/v1/search?q=chefin",
            "/redaktion",
        ] {
            let (_, _, body) = get_as(&app, path, &frieda).await;
            assert!(!body.contains("chefin@example.org"), "{path}");
            let (_, _, body) = get(&app, path).await;
            assert!(
                !body.contains("chefin@example.org") && !body.contains("frieda@example.org"),
                "{path}"
            );
        }
        let audit = state.app.store().audit_after(0, 100).await.unwrap();
        assert!(audit.iter().any(|r| r.action == "second_factor.enable"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn too_many_logins_answer_429_with_retry_after() {
    let db = TestDb::sqlite();
    let mail = tempfile::tempdir().unwrap();
    let settings = AccountSettings::with_mail_dir(mail.path().to_path_buf());
    let (app, _) = setup_on(&db, move |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Login, (3, 300));
        a.with_accounts(settings).with_limits(limits)
    })
    .await;
    let mut last = None;
    for _ in 0..4 {
        let (_, _, page) = get(&app, "/anmelden").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "x@example.org"),
            ("password", "irgendwas1"),
        ]);
        last = Some(post(&app, "/anmelden", &body, None, ORIGIN).await);
    }
    let (status, h, html) = last.unwrap();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = h
        .get(header::RETRY_AFTER)
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry));
    assert!(
        html.contains("<h1>"),
        "a page in the site's layout, not a bare status"
    );
    // The API answers problem+json with the same header.
    let limited = move |a: App| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Search, (1, 60));
        a.with_limits(limits)
    };
    let db2 = TestDb::sqlite();
    let (api, _) = setup_on(&db2, limited).await;
    let (status, _, _) = get(&api, "/api/v1/search?q=Breitband").await;
    assert_eq!(status, StatusCode::OK);
    let (status, h, body) = get(&api, "/api/v1/search?q=Breitband").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(h.get(header::RETRY_AFTER).is_some());
    assert_eq!(
        h.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    assert!(body.contains("\"status\":429"));
}

#[tokio::test]
async fn my_data_downloads_a_zip_and_deleting_the_account_ends_everything() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        register(&app, mail.path(), 0, "gert@example.org", "Gert").await;
        let (cookie, _) = login(&app, "gert@example.org", PW).await;
        let (second, _) = login(&app, "gert@example.org", PW).await;
        let token = csrf(&app, &cookie).await;
        let body = form(&[("csrf", &token), ("export_password", "falsch")]);
        let (status, _, html) = post(&app, "/konto/daten", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("aria-invalid=\"true\""));
        let body = form(&[("csrf", &token), ("export_password", PW)]);
        let req = Request::post("/konto/daten")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, &cookie)
            .body(Body::from(body))
            .unwrap();
        let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "application/zip");
        assert!(
            res.headers()[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        assert_eq!(&bytes[..2], b"PK");

        let body = form(&[("csrf", &token), ("delete_password", PW)]);
        let (status, h, _) = post(&app, "/konto/loeschen", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(set_cookies(&h).iter().any(|c| c.contains("Max-Age=0")));
        for c in [&cookie, &second] {
            let (status, _, _) = get_as(&app, "/konto", c).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "every session ended");
        }
        assert!(
            state
                .app
                .store()
                .account_by_email("gert@example.org")
                .await
                .unwrap()
                .is_none()
        );
        let (_, _, page) = get(&app, "/anmelden").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "gert@example.org"),
            ("password", PW),
        ]);
        let (status, _, _) = post(&app, "/anmelden", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn registration_errors_keep_the_input_and_a_used_reset_link_is_refused() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, _) = setup_on(&db, with_mail(mail.path())).await;
        let (_, _, page) = get(&app, "/registrieren").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "hanna@example.org"),
            ("display_name", "Hanna"),
            ("password", "12345678"),
        ]);
        let (status, _, html) = post(&app, "/registrieren", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("value=\"hanna@example.org\"") && html.contains("value=\"Hanna\""));
        assert!(
            html.contains("href=\"#password\"") && html.contains("href=\"#consent\""),
            "summary links to each field"
        );

        let n = register(&app, mail.path(), 0, "hanna@example.org", "Hanna").await;
        let (_, _, page) = get(&app, "/passwort-vergessen").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", "hanna@example.org"),
        ]);
        let (status, h, _) = post(&app, "/passwort-vergessen", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&h), "/passwort-vergessen/gesendet");
        let link = token_in(&wait_for_mail(mail.path(), n + 1).await);
        let (_, _, page) = get(&app, &format!("/passwort-neu?token={link}")).await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("password", "Ein ganz neues Passwort"),
        ]);
        let (status, _, _) = post(&app, "/passwort-neu", &body, None, ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, html) = post(&app, "/passwort-neu", &body, None, ORIGIN).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a reset link works once"
        );
        assert!(html.contains("aria-invalid=\"true\"") || html.contains("error-summary"));
        login(&app, "hanna@example.org", "Ein ganz neues Passwort").await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn guessing_one_accounts_password_from_many_addresses_is_limited_too() {
    let db = TestDb::sqlite();
    let (app, _) = setup_on(&db, |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Login, (3, 300));
        a.with_limits(limits)
    })
    .await;
    let mut statuses = Vec::new();
    // Four guesses at one account from four addresses, then one at another account.
    for i in 1..=5u8 {
        let email = if i < 5 {
            "target@example.org"
        } else {
            "other@example.org"
        };
        let (_, _, page) = get(&app, "/anmelden").await;
        let body = form(&[
            ("token", &value_of(&page, "token")),
            ("email", email),
            ("password", "geraten123"),
        ]);
        let mut req = Request::post("/anmelden")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(body))
            .unwrap();
        let addr = std::net::SocketAddr::from(([192, 0, 2, i], 40000));
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        statuses.push(send(&app, req).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ]
    );
}

#[tokio::test]
async fn extending_the_session_returns_only_to_a_path_of_this_site() {
    let db = TestDb::sqlite();
    let mail = tempfile::tempdir().unwrap();
    let (app, _) = setup_on(&db, with_mail(mail.path())).await;
    register(&app, mail.path(), 0, "ida@example.org", "Ida").await;
    let (cookie, _) = login(&app, "ida@example.org", PW).await;
    let token = csrf(&app, &cookie).await;
    for (back, expected) in [
        ("/strategie/2021", "/strategie/2021"),
        ("https://evil.example/", "/konto?hinweis=verlaengert"),
        ("//evil.example/", "/konto?hinweis=verlaengert"),
        ("/\\evil.example", "/konto?hinweis=verlaengert"),
        ("/konto\r\nSet-Cookie: x=1", "/konto?hinweis=verlaengert"),
    ] {
        let body = form(&[("csrf", &token), ("back", back)]);
        let (status, h, _) = post(&app, "/konto/sitzung", &body, Some(&cookie), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{back:?}");
        assert_eq!(location(&h), expected, "{back:?}");
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let db = TestDb::sqlite();
    let (app, _) = setup_on(&db, |a| {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Search, (2, 60));
        a.with_limits(limits)
    })
    .await;
    let search = |client: &'static str, peer: [u8; 4]| {
        let app = app.clone();
        async move {
            let mut req = Request::get("/api/v1/search?q=Breitband")
                .header("x-forwarded-for", client)
                .body(Body::empty())
                .unwrap();
            let addr = std::net::SocketAddr::from((peer, 50000));
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(addr));
            send(&app, req).await.0
        }
    };
    let proxy = [127, 0, 0, 1];
    assert_eq!(search("198.51.100.1", proxy).await, StatusCode::OK);
    assert_eq!(search("198.51.100.1", proxy).await, StatusCode::OK);
    assert_eq!(
        search("198.51.100.1", proxy).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(search("198.51.100.2", proxy).await, StatusCode::OK);
    // A client that is not a trusted proxy cannot pick its address by the header.
    let direct = [192, 0, 2, 9];
    assert_eq!(search("198.51.100.3", direct).await, StatusCode::OK);
    assert_eq!(search("198.51.100.4", direct).await, StatusCode::OK);
    assert_eq!(
        search("198.51.100.5", direct).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn with_the_password_alone_a_staff_account_can_neither_be_changed_nor_its_factor_replaced() {
    for db in TestDb::all().await {
        let mail = tempfile::tempdir().unwrap();
        let (app, state) = setup_on(&db, with_mail(mail.path())).await;
        let id = state
            .app
            .create_user(&NewUser {
                email: "mod@example.org".into(),
                display_name: "Moderation".into(),
                role: "moderator".into(),
                departments: vec![],
                password: PW.into(),
            })
            .await
            .unwrap();
        let secret = totp::new_secret();
        state
            .app
            .store()
            .enable_totp(id, &secret, 0, &[])
            .await
            .unwrap();
        let (cookie, next) = login(&app, "mod@example.org", PW).await;
        assert_eq!(next, "/anmelden/zweiter-faktor");
        let (_, _, page) = get_as(&app, "/anmelden/zweiter-faktor", &cookie).await;
        let token = value_of(&page, "csrf");
        for (path, body) in [
            (
                "/konto/loeschen",
                form(&[("csrf", &token), ("delete_password", PW)]),
            ),
            (
                "/konto/daten",
                form(&[("csrf", &token), ("export_password", PW)]),
            ),
            (
                "/konto/name",
                form(&[("csrf", &token), ("display_name", "Mallory")]),
            ),
            (
                "/konto/zwei-faktor",
                form(&[("csrf", &token), ("code", "000000")]),
            ),
        ] {
            let (status, _, _) = post(&app, path, &body, Some(&cookie), ORIGIN).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        }
        let row = state.app.store().account(id).await.unwrap();
        assert!(row.deleted_at.is_none());
        assert_eq!(row.display_name, "Moderation");
        assert_eq!(row.totp_secret.as_deref(), Some(secret.as_str()));
        assert!(row.totp_pending.is_none());
        // With the code the session may, under a new token.
        let body = form(&[("csrf", &token), ("code", &code_now(&secret))]);
        let (status, h, _) = post(
            &app,
            "/anmelden/zweiter-faktor",
            &body,
            Some(&cookie),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_ne!(location(&h), "/anmelden/zweiter-faktor");
        let full = set_cookies(&h)[0].split(';').next().unwrap().to_owned();
        assert_ne!(full, cookie);
        let (status, _, _) = get_as(&app, "/konto", &cookie).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "the old token is dead");
        let token = csrf(&app, &full).await;
        let body = form(&[("csrf", &token), ("display_name", "Moderation Nord")]);
        let (status, _, _) = post(&app, "/konto/name", &body, Some(&full), ORIGIN).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        db.cleanup().await;
    }
}
