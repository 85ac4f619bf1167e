//! Legal and accessibility pages: Impressum, Datenschutz, the accessibility statement with its
//! feedback form, Leichte Sprache and Gebärdensprache.

use super::{cached, in_lang, md, render};
use crate::error::WebError;
use crate::layout::Layout;
use crate::token;
use crate::{Lang, Operator, WebState};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use fahrplan_app::feedback::FeedbackInput;
use fahrplan_app::{AppError, FieldError};

const FEEDBACK_FORM: &str = "a11y-feedback";

/// When the texts of the legal and accessibility pages were last revised ("Stand").
const LEGAL_TEXTS_REVISED: fahrplan_domain::PartialDate = fahrplan_domain::PartialDate {
    year: 2026,
    month: Some(11),
    day: Some(28),
};

async fn layout(
    state: &WebState,
    lang: Lang,
    path: &str,
    title_key: &str,
) -> Result<Layout, WebError> {
    Ok(super::titled(state, lang, path, title_key)
        .await?
        .stand(LEGAL_TEXTS_REVISED))
}

#[derive(Template)]
#[template(path = "impressum.html")]
struct ImpressumPage {
    l: Layout,
    op: Operator,
    address_lines: Vec<String>,
}

fn address_lines(op: &Operator) -> Vec<String> {
    op.address
        .split([',', '\n'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `GET /impressum`: operator data from configuration and the demonstration notice.
pub async fn show_impressum(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = layout(&state, lang, "/impressum", "impressum-title").await?;
    let op = state.config.operator.clone();
    cached(&ImpressumPage {
        address_lines: address_lines(&op),
        op,
        l,
    })
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    l: Layout,
    op: Operator,
    address_lines: Vec<String>,
}

/// `GET /datenschutz`: what is processed, on what basis, and the reader's rights.
pub async fn show_privacy(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = layout(&state, lang, "/datenschutz", "privacy-title").await?;
    let op = state.config.operator.clone();
    cached(&PrivacyPage {
        address_lines: address_lines(&op),
        op,
        l,
    })
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    l: Layout,
    token: String,
    input: FeedbackInput,
    errors: Vec<FieldError>,
}

impl AccessibilityPage {
    fn error_for(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code)
    }
}

/// `GET /barrierefreiheit`: the accessibility statement with its feedback form. Not cached: the
/// form carries a fresh token.
pub async fn show_accessibility(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = layout(&state, lang, "/barrierefreiheit", "a11y-title").await?;
    render(&AccessibilityPage {
        l,
        token: token::issue(&state.config.form_secret, FEEDBACK_FORM),
        input: FeedbackInput::default(),
        errors: Vec::new(),
    })
}

/// The feedback form as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    token: String,
    #[serde(flatten)]
    input: FeedbackInput,
}

#[derive(Template)]
#[template(path = "thanks.html")]
struct ThanksPage {
    l: Layout,
}

/// `POST /barrierefreiheit`: stores feedback; on invalid input re-renders the form with the input
/// kept and an error summary; refuses cross-site posts and bad tokens with 403.
pub async fn create_feedback(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    form: Result<Form<FeedbackForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, WebError> {
    if !token::same_site(&headers) {
        return Err(WebError(AppError::Forbidden, lang));
    }
    let Ok(Form(form)) = form else {
        return Err(WebError(AppError::Invalid(Vec::new()), lang));
    };
    if !token::verify(&state.config.form_secret, FEEDBACK_FORM, &form.token) {
        return Err(WebError(AppError::Forbidden, lang));
    }
    match state.app.submit_feedback(&form.input).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}/barrierefreiheit/danke", lang.prefix())).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let mut l = layout(&state, lang, "/barrierefreiheit", "a11y-title").await?;
            l.has_errors = true;
            let page = AccessibilityPage {
                l,
                token: token::issue(&state.config.form_secret, FEEDBACK_FORM),
                input: form.input,
                errors,
            };
            let mut res = render(&page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `GET /barrierefreiheit/danke`: confirmation after feedback was sent (Post/Redirect/Get).
pub async fn show_feedback_thanks(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = layout(&state, lang, "/barrierefreiheit/danke", "form-thanks-title").await?;
    cached(&ThanksPage { l })
}

/// One area in Leichte Sprache.
pub struct EasyArea {
    slug: String,
    title: String,
    href: String,
    html: String,
}

#[derive(Template)]
#[template(path = "easy.html")]
struct EasyPage {
    l: Layout,
    intro_html: Option<String>,
    areas: Vec<EasyArea>,
}

/// `GET /leichte-sprache`: the start page and every area summary in Leichte Sprache.
pub async fn show_easy(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = layout(&state, lang, "/leichte-sprache", "easy-title").await?;
    let v = state.app.easy_view().await.map_err(in_lang(lang))?;
    let l = l.stand(
        v.areas
            .iter()
            .map(|a| a.doc.updated)
            .chain([v.edition.updated])
            .max()
            .unwrap_or(v.edition.updated),
    );
    let areas = v
        .areas
        .iter()
        .filter_map(|a| {
            a.doc.leichte_sprache.as_ref().map(|ls| EasyArea {
                slug: a.doc.slug.clone(),
                title: a.doc.title.clone(),
                href: format!("/strategie/{}/{}", a.edition, a.doc.slug),
                html: md(ls, 4),
            })
        })
        .collect();
    super::cached_for(
        v.tags(),
        &EasyPage {
            intro_html: v.edition.leichte_sprache.as_deref().map(|s| md(s, 2)),
            areas,
            l,
        },
    )
}

#[derive(Template)]
#[template(path = "sign.html")]
struct SignPage {
    l: Layout,
}

/// `GET /gebaerdensprache`: what is offered in sign language, and honestly what is missing.
pub async fn show_sign(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response, WebError> {
    let l = layout(&state, lang, "/gebaerdensprache", "sign-title").await?;
    cached(&SignPage { l })
}
