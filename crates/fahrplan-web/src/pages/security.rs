//! Setting up the second factor (an authenticator app, with recovery codes shown once) and
//! confirming a new email address from the link in the mail.

use super::account::TokenForm;
use super::forms::{FormState, check_session, form_page, see_other};
use super::{in_lang, titled};
use crate::error::WebError;
use crate::layout::Layout;
use crate::session::{Viewer, csrf_token, set_cookie};
use crate::{Lang, WebState};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::header;
use axum::response::Response;
use fahrplan_app::AppError;

#[derive(Template)]
#[template(path = "totp.html")]
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
pub async fn show_totp(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(see_other(lang, "/anmelden"));
    };
    if actor.has_totp {
        return Ok(see_other(
            lang,
            if actor.second_factor {
                "/konto"
            } else {
                "/anmelden/zweiter-faktor"
            },
        ));
    }
    let (secret, uri) = state.app.begin_totp(&actor).await.map_err(in_lang(lang))?;
    let l = titled(&state, lang, "/konto/zwei-faktor", "totp-title").await?;
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

/// The confirmation code as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct TotpForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

/// `POST /konto/zwei-faktor`: confirms the app with a code and shows the recovery codes once.
pub async fn confirm_totp(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Form(form): Form<TotpForm>,
) -> Result<Response, WebError> {
    let actor = check_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .limit_second_factor(&actor)
        .await
        .map_err(in_lang(lang))?;
    if actor.has_totp {
        return Err(WebError(AppError::Forbidden, lang));
    }
    let l = titled(&state, lang, "/konto/zwei-faktor", "totp-title").await?;
    match state.app.confirm_totp(&actor, &form.code).await {
        Ok((codes, session)) => {
            // The page already belongs to the new session: its forms carry the new token.
            let mut l = l;
            if let Some(a) = l.account.as_mut() {
                let hash = fahrplan_app::accounts::token_hash(&session.token);
                a.csrf = csrf_token(&state.config.form_secret, &hash);
                a.staff = actor.is_staff();
            }
            let mut res = form_page(
                &TotpPage {
                    l,
                    f: FormState::default(),
                    secret_groups: String::new(),
                    uri: String::new(),
                    codes,
                },
                false,
            )?;
            let max_age = session.expires_at - fahrplan_app::accounts::now();
            res.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&session.token, max_age));
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            let (secret, uri) = state.app.begin_totp(&actor).await.map_err(in_lang(lang))?;
            let mut l = l;
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
        Err(e) => Err(WebError(e, lang)),
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
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let l = titled(
        &state,
        lang,
        "/konto/email/bestaetigen",
        "email-confirm-title",
    )
    .await?;
    let action = Some((
        l.href("/konto/email/bestaetigen"),
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
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    match state.app.confirm_email_change(form.token()).await {
        Ok(()) => Ok(see_other(lang, "/anmelden?hinweis=email")),
        Err(AppError::Invalid(e)) => {
            let mut l = titled(
                &state,
                lang,
                "/konto/email/bestaetigen",
                "email-confirm-title",
            )
            .await?;
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
        Err(e) => Err(WebError(e, lang)),
    }
}
