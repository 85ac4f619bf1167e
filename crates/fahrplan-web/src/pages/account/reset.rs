//! Forgotten password: asking for a link (the same answer for known and unknown addresses)
//! and setting a new password with it.

use crate::error::WebError;
use crate::extract::{Ctx, NamedForm, SignedForm, SiteForm};
use crate::layout::Layout;
use crate::pages::account::login::{Notice, message};
use crate::pages::forms::{FormState, form_page};
use crate::session::ClientIp;
use crate::token;
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::Client;
use fahrplan_domain::paths;

#[derive(Template)]
#[template(path = "account/forgot.html")]
struct ForgotPage {
    l: Layout,
    f: FormState,
    token: String,
    email: String,
}

/// The reset request as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

impl NamedForm for ForgotForm {
    const NAME: &'static str = "forgot";
}

/// `GET /passwort-vergessen`.
pub async fn show_forgot(ctx: Ctx) -> Result<Response, WebError> {
    let l = ctx.titled(paths::FORGOT, "forgot-title");
    form_page(
        &ForgotPage {
            l,
            f: FormState::default(),
            token: token::issue(&ctx.state.config.form_secret, ForgotForm::NAME),
            email: String::new(),
        },
        false,
    )
}

/// `POST /passwort-vergessen`: the same answer for known and unknown addresses.
pub async fn forgot(
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    SignedForm(form): SignedForm<ForgotForm>,
) -> Result<Response, WebError> {
    let client = Client {
        ip: &ip,
        user_agent: None,
    };
    match ctx.state.app.ask_password_reset(client, &form.email).await {
        Ok(()) => Ok(ctx.see_other(paths::FORGOT_SENT)),
        Err(AppError::Invalid(errors)) => {
            let mut l = ctx.titled(paths::FORGOT, "forgot-title");
            l.has_errors = true;
            form_page(
                &ForgotPage {
                    l,
                    f: FormState::new(errors),
                    token: token::issue(&ctx.state.config.form_secret, ForgotForm::NAME),
                    email: form.email,
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /passwort-vergessen/gesendet`.
pub async fn show_forgot_sent(ctx: Ctx) -> Result<Response, WebError> {
    let l = ctx.titled(paths::FORGOT_SENT, "forgot-sent-title");
    message(l, "forgot-sent-text", None, false)
}

#[derive(Template)]
#[template(path = "account/reset.html")]
struct ResetPage {
    l: Layout,
    f: FormState,
    token: String,
}

/// The new password as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

/// `GET /passwort-neu?token=`.
pub async fn show_reset(ctx: Ctx, Query(q): Query<Notice>) -> Result<Response, WebError> {
    let l = ctx.titled(paths::RESET, "reset-title");
    form_page(
        &ResetPage {
            l,
            f: FormState::default(),
            token: q.token,
        },
        false,
    )
}

/// `POST /passwort-neu`: the link works once; all sessions end.
pub async fn reset(ctx: Ctx, SiteForm(form): SiteForm<ResetForm>) -> Result<Response, WebError> {
    match ctx
        .state
        .app
        .reset_password(&form.token, &form.password)
        .await
    {
        Ok(()) => Ok(ctx.see_other(&paths::notice(paths::LOGIN, "passwort"))),
        Err(AppError::Invalid(errors)) => {
            let mut l = ctx.titled(paths::RESET, "reset-title");
            l.has_errors = true;
            form_page(
                &ResetPage {
                    l,
                    f: FormState::new(errors),
                    token: form.token,
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}
