//! Request context as extractors, so handlers do not re-check what every request needs: the
//! reader's language, the page frame ([`Ctx`]), who is logged in and how far ([`Session`],
//! [`FullSession`], [`StaffSession`]), and forms that passed the same-site and token checks
//! ([`CsrfForm`] for sessions, [`SignedForm`] for anonymous forms). Each rejects with our own
//! error (rendered as the accessible page or problem+json by `error::render_errors`), never
//! with axum's plain-text rejection. Extractors decide nothing about the use case itself.

use crate::error::{Refusal, WebError};
use crate::layout::Layout;
use crate::session::{HeaderAccount, Viewer, csrf_ok};
use crate::{Lang, WebState, token};
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use fahrplan_app::AppError;
use fahrplan_app::accounts::Actor;
use fahrplan_domain::ContentMeta;
use serde::de::DeserializeOwned;

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Inside the nested `/en` router the URI has lost its prefix; the original keeps it.
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.path(), |o| o.0.path());
        Ok(Lang::of_path(path))
    }
}

/// What every page handler needs besides its own input: the state, the reader's language,
/// the logged-in person for the page header, and the site-level content facts the frame shows
/// (the demonstration notice). Cheap to clone.
#[derive(Clone)]
pub struct Ctx {
    /// Shared state (use cases, settings, messages).
    pub state: WebState,
    /// Interface language, from the address.
    pub lang: Lang,
    /// The person shown in the header, if logged in.
    pub account: Option<HeaderAccount>,
    /// Site-level content facts; `None` for an empty portal.
    pub meta: Option<ContentMeta>,
    /// Set when a public page is rendered as the preview of editorial change `.0` (its page
    /// is `.1`): the frame says so and search engines are told to stay away.
    pub preview: Option<(i64, String)>,
}

impl FromRequestParts<WebState> for Ctx {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, WebError> {
        let Ok(lang) = Lang::from_request_parts(parts, state).await;
        Ok(Self {
            state: state.clone(),
            lang,
            account: parts.extensions.get::<HeaderAccount>().cloned(),
            meta: state.app.content_meta().await?,
            preview: None,
        })
    }
}

impl Ctx {
    /// The frame of a page at `path` (without language prefix) titled `title`.
    pub fn layout(&self, path: &str, title: String) -> Layout {
        Layout::new(self, path, title)
    }

    /// The frame of a page whose title is an interface message; the title is its breadcrumb.
    pub fn titled(&self, path: &str, title_key: &str) -> Layout {
        let l = self.layout(path, String::new()).title_key(title_key);
        let title = l.title.clone();
        l.crumb(title, "")
    }

    /// An interface message in the reader's language.
    pub fn t(&self, key: &str) -> String {
        self.state.i18n.get(self.lang, key, &[])
    }

    /// Post/Redirect/Get to a path of the site in the reader's language (303).
    pub fn see_other(&self, path: &str) -> Response {
        see_other(self.lang, path)
    }
}

/// Post/Redirect/Get to a path in `lang` (303 See Other).
pub fn see_other(lang: Lang, path: &str) -> Response {
    Redirect::to(&format!("{}{path}", lang.prefix())).into_response()
}

fn viewer(parts: &Parts) -> Option<Actor> {
    parts.extensions.get::<Viewer>().and_then(|v| v.0.clone())
}

/// A logged-in person, also one who still owes the second factor (401 otherwise). Only the
/// second-factor, set-up, extend and logout forms accept such a session.
#[derive(Debug, Clone)]
pub struct Session(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WebError> {
        viewer(parts)
            .map(Session)
            .ok_or(WebError::App(AppError::Unauthenticated))
    }
}

/// A complete session: logged in (401 otherwise), and the second factor given where one is due
/// (403 otherwise, so a stolen password alone changes nothing).
#[derive(Debug, Clone)]
pub struct FullSession(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for FullSession {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, WebError> {
        let Session(actor) = Session::from_request_parts(parts, s).await?;
        if actor.needs_second_factor() {
            tracing::warn!(
                account = actor.account_id,
                "refused: second factor not given"
            );
            return Err(WebError::Refused(Refusal::SecondFactorOwed));
        }
        Ok(FullSession(actor))
    }
}

/// A complete session of staff (admin, editor, moderator) with the second factor given; 403
/// for everybody else. Which staff role a use case needs, the use case checks.
#[derive(Debug, Clone)]
pub struct StaffSession(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for StaffSession {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, WebError> {
        let FullSession(actor) = FullSession::from_request_parts(parts, s).await?;
        if !(actor.is_staff() && actor.second_factor) {
            return Err(WebError::App(AppError::Forbidden));
        }
        Ok(StaffSession(actor))
    }
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

#[derive(serde::Deserialize)]
struct TokenField {
    #[serde(default)]
    token: String,
}

async fn form_body(req: Request, state: &WebState) -> Result<(Parts, axum::body::Bytes), Response> {
    let origins = token::site_origins(&state.config, req.headers(), req.extensions());
    if !token::same_site(req.headers(), &origins) {
        tracing::warn!(
            path = req.uri().path(),
            "state-changing request from another site refused"
        );
        return Err(WebError::Refused(Refusal::CrossSite).into_response());
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response());
    }
    let (parts, body) = req.into_parts();
    let req = Request::from_parts(parts.clone(), body);
    let bytes = axum::body::Bytes::from_request(req, state)
        .await
        .map_err(|e| {
            if timed_out(&e) {
                WebError::Refused(Refusal::TooSlow).into_response()
            } else {
                e.into_response()
            }
        })?;
    Ok((parts, bytes))
}

/// Whether reading a body failed because the listener's body deadline passed.
fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(err) = cause {
        if err.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = err.source();
    }
    false
}

/// The form body as `T`; a body that is not a form of that shape is refused as invalid input
/// (422), as axum's own form extractor does, but with our error page.
fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_urlencoded::from_bytes(bytes).ok()
}

fn invalid_form() -> Response {
    WebError::App(AppError::Invalid(Vec::new())).into_response()
}

/// A form of a logged-in person that came from this site (Origin / Sec-Fetch-Site) and carries
/// the session's CSRF token in its `csrf` field: 401 without a session, 403 for a missing or
/// wrong token or another site. The session itself is checked with [`Session`] or
/// [`FullSession`] beside it.
#[derive(Debug, Clone)]
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<WebState> for CsrfForm<T> {
    type Rejection = Response;
    async fn from_request(req: Request, state: &WebState) -> Result<Self, Response> {
        let (parts, bytes) = form_body(req, state).await?;
        let Some(actor) = viewer(&parts) else {
            return Err(WebError::App(AppError::Unauthenticated).into_response());
        };
        let sent: CsrfField = decode(&bytes).ok_or_else(invalid_form)?;
        if !csrf_ok(&state.config.form_secret, &actor, &sent.csrf) {
            tracing::warn!(account = actor.account_id, "CSRF token missing or wrong");
            return Err(WebError::Refused(Refusal::FormExpired).into_response());
        }
        Ok(CsrfForm(decode(&bytes).ok_or_else(invalid_form)?))
    }
}

/// An anonymous form (no session needed) that names itself, so its signed token is only good
/// for it.
pub trait NamedForm {
    /// The form's name inside its signed token.
    const NAME: &'static str;
}

/// An anonymous form that came from this site and carries an unexpired token signed for it in
/// its `token` field (no cookie needed); 403 otherwise, and 409 for a token sent before (each
/// token counts once, so one page cannot be replayed to store a form many times).
#[derive(Debug, Clone)]
pub struct SignedForm<T>(pub T);

impl<T: DeserializeOwned + NamedForm + Send> FromRequest<WebState> for SignedForm<T> {
    type Rejection = Response;
    async fn from_request(req: Request, state: &WebState) -> Result<Self, Response> {
        let (_, bytes) = form_body(req, state).await?;
        let sent: TokenField = decode(&bytes).ok_or_else(invalid_form)?;
        let Some(expires) = token::verify(&state.config.form_secret, T::NAME, &sent.token) else {
            tracing::warn!(form = T::NAME, "form token missing, expired or forged");
            return Err(WebError::Refused(Refusal::FormExpired).into_response());
        };
        if !state.app.claim_form_token(T::NAME, &sent.token, expires) {
            tracing::warn!(form = T::NAME, "form token sent again");
            return Err(WebError::Refused(Refusal::FormUsed).into_response());
        }
        Ok(SignedForm(decode(&bytes).ok_or_else(invalid_form)?))
    }
}

/// A form from this site without a token of its own: the one-time token of a mail link is
/// its proof (confirming an address, setting a new password).
#[derive(Debug, Clone)]
pub struct SiteForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<WebState> for SiteForm<T> {
    type Rejection = Response;
    async fn from_request(req: Request, state: &WebState) -> Result<Self, Response> {
        let (_, bytes) = form_body(req, state).await?;
        Ok(SiteForm(decode(&bytes).ok_or_else(invalid_form)?))
    }
}
