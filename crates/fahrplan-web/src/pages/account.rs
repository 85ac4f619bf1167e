//! Login, second factor, logout and registration: anonymous forms with a signed token, rate
//! limited per IP, answering alike whether an account exists or not.

use super::forms::{FormState, check_anon, check_session, form_page, see_other};
use super::{in_lang, titled};
use crate::error::WebError;
use crate::layout::Layout;
use crate::session::{ClientIp, Viewer, clear_cookie, set_cookie};
use crate::{Lang, WebState, token};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::RegistrationInput;
use fahrplan_app::ratelimit::Bucket;

/// Query of pages reached from a mail link or a redirect.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Notice {
    /// One-time token from a mail link.
    #[serde(default)]
    pub(super) token: String,
    /// A short notice key after a redirect.
    #[serde(default)]
    hinweis: String,
}

fn notice_key(n: &str) -> Option<&'static str> {
    match n {
        "bestaetigt" => Some("notice-confirmed"),
        "passwort" => Some("notice-password-reset"),
        "abgemeldet" => Some("notice-logged-out"),
        "geloescht" => Some("notice-deleted"),
        "email" => Some("notice-email-changed"),
        _ => None,
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    f: FormState,
    token: String,
    email: String,
    notice: Option<&'static str>,
}

/// The login form as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `GET /anmelden`.
pub async fn show_login(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    Query(q): Query<Notice>,
) -> Result<Response, WebError> {
    let mut l = titled(&state, lang, "/anmelden", "login-title").await?;
    let notice = notice_key(&q.hinweis);
    if let Some(key) = notice {
        // The title says what just happened, so each state of the page has its own.
        let text = l.t(key);
        let first = text
            .split(". ")
            .next()
            .unwrap_or(&text)
            .trim_end_matches('.');
        l.title = format!("{first} – {}", l.title);
    }
    form_page(
        &LoginPage {
            l,
            f: FormState::default(),
            token: token::issue(&state.config.form_secret, "login"),
            email: String::new(),
            notice,
        },
        false,
    )
}

/// `POST /anmelden`: a new session (new token) on success, then the second factor for staff.
pub async fn login(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    check_anon(&state, lang, "login", &form.token)?;
    state.app.limit(Bucket::Login, &ip).map_err(in_lang(lang))?;
    // Also per address, so guessing one account's password from many addresses is slowed too.
    let address = format!(
        "email:{}",
        fahrplan_app::accounts::normalise_email(&form.email)
    );
    state
        .app
        .limit(Bucket::Login, &address)
        .map_err(in_lang(lang))?;
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    match state
        .app
        .login(&form.email, &form.password, Some(&ip), ua)
        .await
    {
        Ok(out) => {
            if let Some(old) = viewer.0 {
                state.app.logout(&old).await.map_err(in_lang(lang))?;
            }
            let next = if out.needs_second_factor {
                "/anmelden/zweiter-faktor"
            } else if out.needs_totp_setup {
                "/konto/zwei-faktor"
            } else {
                "/konto"
            };
            let mut res = see_other(lang, next);
            let max_age = out.session.expires_at - fahrplan_app::accounts::now();
            res.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&out.session.token, max_age));
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            let mut l = titled(&state, lang, "/anmelden", "login-title").await?;
            l.has_errors = true;
            form_page(
                &LoginPage {
                    l,
                    f: FormState::new(errors),
                    token: token::issue(&state.config.form_secret, "login"),
                    email: form.email,
                    notice: None,
                },
                true,
            )
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage {
    l: Layout,
    f: FormState,
}

/// `GET /anmelden/zweiter-faktor`.
pub async fn show_second_factor(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    if viewer.0.is_none() {
        return Ok(see_other(lang, "/anmelden"));
    }
    let l = titled(
        &state,
        lang,
        "/anmelden/zweiter-faktor",
        "second-factor-title",
    )
    .await?;
    form_page(
        &SecondFactorPage {
            l,
            f: FormState::default(),
        },
        false,
    )
}

/// A form with a code and the CSRF token.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

/// `POST /anmelden/zweiter-faktor`.
pub async fn second_factor(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let actor = check_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .limit_second_factor(&actor)
        .await
        .map_err(in_lang(lang))?;
    match state.app.second_factor(&actor, &form.code).await {
        Ok(session) => {
            let mut res = see_other(lang, "/konto");
            let max_age = session.expires_at - fahrplan_app::accounts::now();
            res.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&session.token, max_age));
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            let mut l = titled(
                &state,
                lang,
                "/anmelden/zweiter-faktor",
                "second-factor-title",
            )
            .await?;
            l.has_errors = true;
            form_page(
                &SecondFactorPage {
                    l,
                    f: FormState::new(errors),
                },
                true,
            )
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// The form with only the CSRF token (logout, extend).
#[derive(Debug, Default, serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /abmelden`: ends the session on the server and removes the cookie.
pub async fn logout(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let actor = check_session(&state, lang, &viewer, &form.csrf)?;
    state.app.logout(&actor).await.map_err(in_lang(lang))?;
    let mut res = see_other(lang, "/anmelden?hinweis=abgemeldet");
    res.headers_mut().append(header::SET_COOKIE, clear_cookie());
    Ok(res)
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    l: Layout,
    f: FormState,
    token: String,
    input: RegistrationInput,
}

/// The registration form as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    token: String,
    #[serde(flatten)]
    input: RegistrationInput,
}

/// `GET /registrieren`.
pub async fn show_register(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = titled(&state, lang, "/registrieren", "register-title").await?;
    form_page(
        &RegisterPage {
            l,
            f: FormState::default(),
            token: token::issue(&state.config.form_secret, "register"),
            input: RegistrationInput::default(),
        },
        false,
    )
}

/// `POST /registrieren`.
pub async fn register(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    ClientIp(ip): ClientIp,
    Form(form): Form<RegisterForm>,
) -> Result<Response, WebError> {
    check_anon(&state, lang, "register", &form.token)?;
    state
        .app
        .limit(Bucket::Register, &ip)
        .map_err(in_lang(lang))?;
    match state.app.register(&form.input).await {
        Ok(()) => Ok(see_other(lang, "/registrieren/danke")),
        Err(AppError::Invalid(errors)) => {
            let mut l = titled(&state, lang, "/registrieren", "register-title").await?;
            l.has_errors = true;
            let mut input = form.input;
            input.password.clear();
            form_page(
                &RegisterPage {
                    l,
                    f: FormState::new(errors),
                    token: token::issue(&state.config.form_secret, "register"),
                    input,
                },
                true,
            )
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    l: Layout,
    text_key: &'static str,
    /// A form with a button that completes a mail link: (action, hidden token, button label).
    action: Option<(String, String, &'static str)>,
}

pub(super) fn message(
    state: &WebState,
    l: Layout,
    text_key: &'static str,
    action: Option<(String, String, &'static str)>,
    refused: bool,
) -> Result<Response, WebError> {
    let _ = state;
    form_page(
        &MessagePage {
            l,
            text_key,
            action,
        },
        refused,
    )
}

/// `GET /registrieren/danke`.
pub async fn show_register_thanks(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = titled(&state, lang, "/registrieren/danke", "register-thanks-title").await?;
    message(&state, l, "register-thanks-text", None, false)
}

/// `GET /registrieren/bestaetigen?token=`: a button, so that mail scanners following the link
/// confirm nothing (no state change by GET).
pub async fn show_confirm(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    Query(q): Query<Notice>,
) -> Result<Response, WebError> {
    let l = titled(&state, lang, "/registrieren/bestaetigen", "confirm-title").await?;
    let action = Some((
        l.href("/registrieren/bestaetigen"),
        q.token,
        "confirm-button",
    ));
    message(&state, l, "confirm-text", action, false)
}

/// A form carrying a one-time token from a mail link.
#[derive(Debug, Default, serde::Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

impl TokenForm {
    /// The token.
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// `POST /registrieren/bestaetigen`.
pub async fn confirm(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    match state.app.confirm_email(&form.token).await {
        Ok(()) => Ok(see_other(lang, "/anmelden?hinweis=bestaetigt")),
        Err(AppError::Invalid(_)) => {
            let mut l = titled(&state, lang, "/registrieren/bestaetigen", "confirm-title").await?;
            l.has_errors = true;
            message(&state, l, "error-link-invalid", None, true)
        }
        Err(e) => Err(WebError(e, lang)),
    }
}
