//! Login, second factor, logout and registration: anonymous forms with a signed token, rate
//! limited per IP, answering alike whether an account exists or not.

use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, NamedForm, Session, SignedForm, SiteForm};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use crate::session::{ClientIp, Viewer, clear_cookie, set_cookie};
use crate::token;
use askama::Template;
use axum::extract::Query;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::{Client, RegistrationInput};
use fahrplan_domain::paths;

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
#[template(path = "account/login.html")]
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
    email: String,
    #[serde(default)]
    password: String,
}

impl NamedForm for LoginForm {
    const NAME: &'static str = "login";
}

/// `GET /anmelden`.
pub async fn show_login(ctx: Ctx, Query(q): Query<Notice>) -> Result<Response, WebError> {
    let mut l = ctx.titled(paths::LOGIN, "login-title");
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
            token: token::issue(&ctx.state.config.form_secret, LoginForm::NAME),
            email: String::new(),
            notice,
        },
        false,
    )
}

fn client<'a>(ip: &'a str, headers: &'a HeaderMap) -> Client<'a> {
    Client {
        ip,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok()),
    }
}

/// `POST /anmelden`: a new session (new token) on success, then the second factor for staff.
pub async fn login(
    ctx: Ctx,
    viewer: Viewer,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    SignedForm(form): SignedForm<LoginForm>,
) -> Result<Response, WebError> {
    let credentials = (form.email.as_str(), form.password.as_str());
    match ctx
        .state
        .app
        .sign_in(client(&ip, &headers), credentials, viewer.0.as_ref())
        .await
    {
        Ok(out) => {
            let next = if out.needs_second_factor {
                paths::SECOND_FACTOR
            } else if out.needs_totp_setup {
                paths::ACCOUNT_SECOND_FACTOR
            } else {
                paths::ACCOUNT
            };
            Ok(with_session(ctx.see_other(next), &out.session))
        }
        Err(AppError::Invalid(errors)) => {
            let mut l = ctx.titled(paths::LOGIN, "login-title");
            l.has_errors = true;
            form_page(
                &LoginPage {
                    l,
                    f: FormState::new(errors),
                    token: token::issue(&ctx.state.config.form_secret, LoginForm::NAME),
                    email: form.email,
                    notice: None,
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// A response that sets the cookie of a new session.
pub(super) fn with_session(
    mut res: Response,
    session: &fahrplan_app::accounts::NewSession,
) -> Response {
    let max_age = session.expires_at - fahrplan_app::accounts::now();
    res.headers_mut()
        .append(header::SET_COOKIE, set_cookie(&session.token, max_age));
    res
}

#[derive(Template)]
#[template(path = "account/second_factor.html")]
struct SecondFactorPage {
    l: Layout,
    f: FormState,
}

/// `GET /anmelden/zweiter-faktor`.
pub async fn show_second_factor(ctx: Ctx, viewer: Viewer) -> Result<Response, WebError> {
    if viewer.0.is_none() {
        return Ok(ctx.see_other(paths::LOGIN));
    }
    let l = ctx.titled(paths::SECOND_FACTOR, "second-factor-title");
    form_page(
        &SecondFactorPage {
            l,
            f: FormState::default(),
        },
        false,
    )
}

/// A form with a code.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub(super) code: String,
}

/// `POST /anmelden/zweiter-faktor`.
pub async fn second_factor(
    ctx: Ctx,
    Session(actor): Session,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    match ctx.state.app.give_second_factor(&actor, &form.code).await {
        Ok(session) => Ok(with_session(ctx.see_other(paths::ACCOUNT), &session)),
        Err(AppError::Invalid(errors)) => {
            let mut l = ctx.titled(paths::SECOND_FACTOR, "second-factor-title");
            l.has_errors = true;
            form_page(
                &SecondFactorPage {
                    l,
                    f: FormState::new(errors),
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// A form without fields of its own (logout, extend): the CSRF token is all it carries.
#[derive(Debug, Default, serde::Deserialize)]
pub struct EmptyForm {}

/// `POST /abmelden`: ends the session on the server and removes the cookie.
pub async fn logout(
    ctx: Ctx,
    Session(actor): Session,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<Response, WebError> {
    ctx.state.app.logout(&actor).await?;
    let mut res = ctx.see_other(&paths::notice(paths::LOGIN, "abgemeldet"));
    res.headers_mut().append(header::SET_COOKIE, clear_cookie());
    Ok(res)
}

#[derive(Template)]
#[template(path = "account/register.html")]
struct RegisterPage {
    l: Layout,
    f: FormState,
    token: String,
    input: RegistrationInput,
}

/// The registration form as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RegisterForm {
    #[serde(flatten)]
    input: RegistrationInput,
    /// The honeypot: people leave it empty (`fahrplan_app::spam`).
    #[serde(default)]
    website: String,
}

impl NamedForm for RegisterForm {
    const NAME: &'static str = "register";
}

/// `GET /registrieren`.
pub async fn show_register(ctx: Ctx) -> Result<Response, WebError> {
    let l = ctx.titled(paths::REGISTER, "register-title");
    form_page(
        &RegisterPage {
            l,
            f: FormState::default(),
            token: token::issue(&ctx.state.config.form_secret, RegisterForm::NAME),
            input: RegistrationInput::default(),
        },
        false,
    )
}

/// `POST /registrieren`.
pub async fn register(
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    SignedForm(form): SignedForm<RegisterForm>,
) -> Result<Response, WebError> {
    let sent = match fahrplan_app::spam::honeypot(&form.website) {
        Ok(()) => {
            ctx.state
                .app
                .sign_up(client(&ip, &headers), &form.input)
                .await
        }
        Err(e) => Err(e),
    };
    match sent {
        Ok(()) => Ok(ctx.see_other(paths::REGISTER_THANKS)),
        Err(AppError::Invalid(errors)) => {
            let mut l = ctx.titled(paths::REGISTER, "register-title");
            l.has_errors = true;
            let mut input = form.input;
            input.password.clear();
            form_page(
                &RegisterPage {
                    l,
                    f: FormState::new(errors),
                    token: token::issue(&ctx.state.config.form_secret, RegisterForm::NAME),
                    input,
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
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
    l: Layout,
    text_key: &'static str,
    action: Option<(String, String, &'static str)>,
    refused: bool,
) -> Result<Response, WebError> {
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
pub async fn show_register_thanks(ctx: Ctx) -> Result<Response, WebError> {
    let l = ctx.titled(paths::REGISTER_THANKS, "register-thanks-title");
    message(l, "register-thanks-text", None, false)
}

/// `GET /registrieren/bestaetigen?token=`: a button, so that mail scanners following the link
/// confirm nothing (no state change by GET).
pub async fn show_confirm(ctx: Ctx, Query(q): Query<Notice>) -> Result<Response, WebError> {
    let l = ctx.titled(paths::REGISTER_CONFIRM, "confirm-title");
    let action = Some((l.href(paths::REGISTER_CONFIRM), q.token, "confirm-button"));
    message(l, "confirm-text", action, false)
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

/// `POST /registrieren/bestaetigen`: the mail link's one-time token is the form's proof.
pub async fn confirm(ctx: Ctx, SiteForm(form): SiteForm<TokenForm>) -> Result<Response, WebError> {
    match ctx.state.app.confirm_email(&form.token).await {
        Ok(()) => Ok(ctx.see_other(&paths::notice(paths::LOGIN, "bestaetigt"))),
        Err(AppError::Invalid(_)) => {
            let mut l = ctx.titled(paths::REGISTER_CONFIRM, "confirm-title");
            l.has_errors = true;
            message(l, "error-link-invalid", None, true)
        }
        Err(e) => Err(e.into()),
    }
}
