//! Helpers shared by the test modules.

#[allow(unused_imports)]
pub(crate) use crate::common::{get, send, setup_on};
#[allow(unused_imports)]
pub(crate) use axum::Router;
#[allow(unused_imports)]
pub(crate) use axum::body::Body;
#[allow(unused_imports)]
pub(crate) use axum::http::{HeaderMap, Request, StatusCode, header};
#[allow(unused_imports)]
pub(crate) use fahrplan_app::App;
#[allow(unused_imports)]
pub(crate) use fahrplan_app::accounts::{AccountSettings, NewUser, totp};
#[allow(unused_imports)]
pub(crate) use fahrplan_app::ratelimit::{Bucket, Limits};
#[allow(unused_imports)]
pub(crate) use fahrplan_testkit::TestDb;
#[allow(unused_imports)]
pub(crate) use std::path::Path;
#[allow(unused_imports)]
pub(crate) use std::time::Duration;

pub(crate) const ORIGIN: &str = "http://127.0.0.1:8080";
pub(crate) const PW: &str = "Apfelwein aus Sachsenhausen";

pub(crate) type Reply = (StatusCode, HeaderMap, String);

pub(crate) fn with_mail(dir: &Path) -> impl FnOnce(App) -> App {
    let settings = AccountSettings::with_mail_dir(dir.to_path_buf());
    move |app| app.with_accounts(settings)
}

pub(crate) fn value_of(body: &str, name: &str) -> String {
    body.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no {name} field in page"))
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

pub(crate) fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub(crate) async fn post(
    app: &Router,
    path: &str,
    body: &str,
    cookie: Option<&str>,
    origin: &str,
) -> Reply {
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

pub(crate) async fn get_as(app: &Router, path: &str, cookie: &str) -> Reply {
    let req = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

pub(crate) fn location(h: &HeaderMap) -> &str {
    h.get(header::LOCATION).unwrap().to_str().unwrap()
}

pub(crate) fn set_cookies(h: &HeaderMap) -> Vec<String> {
    h.get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

pub(crate) async fn wait_for_mail(dir: &Path, n: usize) -> String {
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

pub(crate) fn token_in(mail: &str) -> String {
    let at = mail.find("token=").unwrap() + 6;
    mail[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Registers through the forms and follows the mailed link; returns the mail count after.
pub(crate) async fn register(
    app: &Router,
    mail: &Path,
    n: usize,
    email: &str,
    name: &str,
) -> usize {
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
pub(crate) async fn login(app: &Router, email: &str, pw: &str) -> (String, String) {
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

pub(crate) async fn csrf(app: &Router, cookie: &str) -> String {
    let (status, _, page) = get_as(app, "/konto", cookie).await;
    assert_eq!(status, StatusCode::OK);
    value_of(&page, "csrf")
}

pub(crate) fn code_now(secret: &str) -> String {
    let key = totp::base32_decode(secret).unwrap();
    format!(
        "{:06}",
        totp::code_at(&key, fahrplan_app::accounts::now() / 30).unwrap()
    )
}

/// Makes a staff account of `role` for `departments` (none for an admin) as the command line
/// does and logs it in through the forms with its second factor set up; returns the `Cookie`
/// header value of the full session and the account id.
pub(crate) async fn staff_login(
    app: &Router,
    uc: &App,
    email: &str,
    role: &str,
    departments: &[&str],
) -> (String, i64) {
    let display_name = if departments.is_empty() {
        format!("{role} Beispiel")
    } else {
        format!("Redaktion {}", departments.join(" "))
    };
    let id = uc
        .create_user(&NewUser {
            email: email.into(),
            display_name,
            role: role.into(),
            departments: departments.iter().map(|d| (*d).to_owned()).collect(),
            password: PW.into(),
        })
        .await
        .unwrap();
    let (half, to) = login(app, email, PW).await;
    assert_eq!(to, "/konto/zwei-faktor");
    let (_, _, page) = get_as(app, "/konto/zwei-faktor", &half).await;
    let secret = page
        .split("class=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .replace(' ', "");
    let body = form(&[
        ("csrf", &value_of(&page, "csrf")),
        ("code", &code_now(&secret)),
    ]);
    let (status, h, _) = post(app, "/konto/zwei-faktor", &body, Some(&half), ORIGIN).await;
    assert_eq!(status, StatusCode::OK, "{h:?}");
    let cookie = set_cookies(&h)[0].split(';').next().unwrap().to_owned();
    (cookie, id)
}

/// Takes editorial change `change` one step as `who`: `action` is `pruefen`,
/// `veroeffentlichen`, `zurueckgeben` or `zurueckziehen`, posted with the CSRF token of the
/// change page as `who` sees it; returns the status.
pub(crate) async fn step_change(app: &Router, change: &str, action: &str, who: &str) -> StatusCode {
    let (_, _, view) = get_as(app, change, who).await;
    let body = form(&[("csrf", &value_of(&view, "csrf"))]);
    post(app, &format!("{change}/{action}"), &body, Some(who), ORIGIN)
        .await
        .0
}
