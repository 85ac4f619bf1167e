//! Setting up the second factor (an authenticator app, with recovery codes shown once) and
//! confirming a new email address from the link in the mail.

use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, Session, SiteForm};
use crate::layout::Layout;
use crate::pages::account::login::{CodeForm, TokenForm, with_session};
use crate::pages::forms::{FormState, form_page};
use crate::session::{Viewer, csrf_token};
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_domain::paths;

#[derive(Template)]
#[template(path = "account/totp.html")]
struct TotpPage {
    l: Layout,
    f: FormState,
    secret_groups: String,
    uri: String,
    codes: Vec<String>,
}

fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `GET /konto/zwei-faktor`: the secret to type or the address to open in an authenticator app.
pub async fn show_totp(ctx: Ctx, viewer: Viewer) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(ctx.see_other(paths::LOGIN));
    };
    if actor.has_totp {
        return Ok(ctx.see_other(if actor.second_factor {
            paths::ACCOUNT
        } else {
            paths::SECOND_FACTOR
        }));
    }
    let (secret, uri) = ctx.state.app.begin_totp(&actor).await?;
    let l = ctx.titled(paths::ACCOUNT_SECOND_FACTOR, "totp-title");
    form_page(
        &TotpPage {
            l,
            f: FormState::default(),
            secret_groups: grouped(&secret),
            uri,
            codes: Vec::new(),
        },
        false,
    )
}

/// `POST /konto/zwei-faktor`: confirms the app with a code and shows the recovery codes once.
pub async fn confirm_totp(
    ctx: Ctx,
    Session(actor): Session,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let mut l = ctx.titled(paths::ACCOUNT_SECOND_FACTOR, "totp-title");
    match ctx.state.app.set_up_second_factor(&actor, &form.code).await {
        Ok((codes, session)) => {
            // The page already belongs to the new session: its forms carry the new token.
            if let Some(a) = l.account.as_mut() {
                let hash = fahrplan_app::accounts::token_hash(&session.token);
                a.csrf = csrf_token(&ctx.state.config.form_secret, &hash);
                a.staff = actor.is_staff();
            }
            let page = TotpPage {
                l,
                f: FormState::default(),
                secret_groups: String::new(),
                uri: String::new(),
                codes,
            };
            Ok(with_session(form_page(&page, false)?, &session))
        }
        Err(AppError::Invalid(errors)) => {
            // The refused page shows the secret again, so it is read once more.
            let (secret, uri) = ctx.state.app.begin_totp(&actor).await?;
            l.has_errors = true;
            form_page(
                &TotpPage {
                    l,
                    f: FormState::new(errors),
                    secret_groups: grouped(&secret),
                    uri,
                    codes: Vec::new(),
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct ConfirmEmailPage {
    l: Layout,
    text_key: &'static str,
    action: Option<(String, String, &'static str)>,
}

/// Query with a token from a mail link.
#[derive(Debug, Default, serde::Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// `GET /konto/email/bestaetigen?token=`: a button that confirms the new address.
pub async fn show_confirm_email(
    ctx: Ctx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let l = ctx.titled(paths::ACCOUNT_EMAIL_CONFIRM, "email-confirm-title");
    let action = Some((
        l.href(paths::ACCOUNT_EMAIL_CONFIRM),
        q.token,
        "confirm-button",
    ));
    form_page(
        &ConfirmEmailPage {
            l,
            text_key: "email-confirm-text",
            action,
        },
        false,
    )
}

/// `POST /konto/email/bestaetigen`.
pub async fn confirm_email(
    ctx: Ctx,
    SiteForm(form): SiteForm<TokenForm>,
) -> Result<Response, WebError> {
    match ctx.state.app.confirm_email_change(form.token()).await {
        Ok(()) => Ok(ctx.see_other(&paths::notice(paths::LOGIN, "email"))),
        Err(AppError::Invalid(e)) => {
            let mut l = ctx.titled(paths::ACCOUNT_EMAIL_CONFIRM, "email-confirm-title");
            l.has_errors = true;
            let key = e.first().map_or("error-link-invalid", |e| e.code);
            form_page(
                &ConfirmEmailPage {
                    l,
                    text_key: key,
                    action: None,
                },
                true,
            )
        }
        Err(e) => Err(e.into()),
    }
}
