//! Legal and accessibility pages: Impressum, Datenschutz, the accessibility statement with its
//! feedback form, Leichte Sprache and Gebärdensprache.

use super::forms::form_page;
use super::{cached, md, render};
use crate::Operator;
use crate::error::WebError;
use crate::extract::{Ctx, NamedForm, SignedForm};
use crate::layout::Layout;
use crate::token;
use askama::Template;
use axum::response::Response;
use fahrplan_app::feedback::FeedbackInput;
use fahrplan_app::{AppError, FieldError};
use fahrplan_domain::paths;

/// When the texts of the legal and accessibility pages were last revised ("Stand").
const LEGAL_TEXTS_REVISED: fahrplan_domain::PartialDate = fahrplan_domain::PartialDate {
    year: 2026,
    month: Some(12),
    day: Some(6),
};

fn layout(ctx: &Ctx, path: &str, title_key: &str) -> Layout {
    ctx.titled(path, title_key).stand(LEGAL_TEXTS_REVISED)
}

/// The free-text part of a legal page, when the content holds it as the page `slug`
/// (`paths::LEGAL_PAGES`), edited through the editorial workflow.
#[derive(Default)]
struct OwnText {
    /// Its summary and its text as HTML, in the German edition.
    german: Option<(String, String)>,
    /// In the English edition: the built-in English text stays, with a note that the German
    /// text is the one that counts.
    note: bool,
}

/// The page's own text, and the layout with its "Stand" moved to the text's date.
async fn own_text(ctx: &Ctx, slug: &str, l: Layout) -> Result<(OwnText, Layout), WebError> {
    let page = match ctx.state.app.page_view(slug).await {
        Ok(p) => p,
        Err(AppError::NotFound) => return Ok((OwnText::default(), l)),
        Err(e) => return Err(e.into()),
    };
    let l = l.stand(page.updated.max(LEGAL_TEXTS_REVISED));
    let own = match ctx.lang {
        crate::Lang::De => OwnText {
            german: Some((page.summary.clone(), md(&page.body, 2))),
            note: false,
        },
        crate::Lang::En => OwnText {
            german: None,
            note: true,
        },
    };
    Ok((own, l))
}

#[derive(Template)]
#[template(path = "legal/impressum.html")]
struct ImpressumPage {
    l: Layout,
    op: Operator,
    address_lines: Vec<String>,
    own: OwnText,
}

fn address_lines(op: &Operator) -> Vec<String> {
    op.address
        .split([',', '\n'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `GET /impressum`: operator data from configuration and the demonstration notice.
pub async fn show_impressum(ctx: Ctx) -> Result<Response, WebError> {
    let l = layout(&ctx, paths::IMPRESSUM, "impressum-title");
    let (own, l) = own_text(&ctx, "impressum", l).await?;
    let op = ctx.state.config.operator.clone();
    cached(&ImpressumPage {
        address_lines: address_lines(&op),
        op,
        own,
        l,
    })
}

#[derive(Template)]
#[template(path = "legal/privacy.html")]
struct PrivacyPage {
    l: Layout,
    op: Operator,
    address_lines: Vec<String>,
    own: OwnText,
}

/// `GET /datenschutz`: what is processed, on what basis, and the reader's rights.
pub async fn show_privacy(ctx: Ctx) -> Result<Response, WebError> {
    let l = layout(&ctx, paths::PRIVACY, "privacy-title");
    let (own, l) = own_text(&ctx, "datenschutz", l).await?;
    let op = ctx.state.config.operator.clone();
    cached(&PrivacyPage {
        address_lines: address_lines(&op),
        op,
        own,
        l,
    })
}

/// Where a reader applies for the Durchsetzungsverfahren of § 6 HVBIT: the Durchsetzungs- und
/// Überwachungsstelle at the Landeskompetenzzentrum Barrierefreie IT (LBIT), Regierungspräsidium
/// Gießen. The statement must point there (§ 4 HVBIT), not to the federal Schlichtungsstelle.
const ENFORCEMENT_URL: &str = "https://lbit.hessen.de/Durchsetzungs-und-Ueberwachungsstelle/Durchsetzungsverfahren-beantragen";

#[derive(Template)]
#[template(path = "legal/accessibility.html")]
struct AccessibilityPage {
    l: Layout,
    op: Operator,
    /// The statement's date as the operator gave it, formatted.
    statement_date: Option<String>,
    enforcement_url: &'static str,
    token: String,
    input: FeedbackInput,
    errors: Vec<FieldError>,
    own: OwnText,
}

impl AccessibilityPage {
    async fn new(
        ctx: &Ctx,
        l: Layout,
        input: FeedbackInput,
        errors: Vec<FieldError>,
    ) -> Result<Self, WebError> {
        let (own, l) = own_text(ctx, "barrierefreiheit", l).await?;
        let op = ctx.state.config.operator.clone();
        Ok(Self {
            own,
            statement_date: op.accessibility_statement_date.map(|d| l.date(&d)),
            op,
            enforcement_url: ENFORCEMENT_URL,
            token: token::issue(&ctx.state.config.form_secret, FeedbackForm::NAME),
            input,
            errors,
            l,
        })
    }

    fn error_for(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code)
    }
}

/// `GET /barrierefreiheit`: the accessibility statement with its feedback form. Not cached: the
/// form carries a fresh token.
pub async fn show_accessibility(ctx: Ctx) -> Result<Response, WebError> {
    let l = layout(&ctx, paths::ACCESSIBILITY, "a11y-title");
    render(&AccessibilityPage::new(&ctx, l, FeedbackInput::default(), Vec::new()).await?)
}

/// The feedback form as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FeedbackForm {
    #[serde(flatten)]
    input: FeedbackInput,
    /// The honeypot: people leave it empty (`fahrplan_app::spam`).
    #[serde(default)]
    website: String,
}

impl NamedForm for FeedbackForm {
    const NAME: &'static str = "a11y-feedback";
}

#[derive(Template)]
#[template(path = "legal/thanks.html")]
struct ThanksPage {
    l: Layout,
}

/// `POST /barrierefreiheit`: stores feedback; on invalid input re-renders the form with the input
/// kept and an error summary; refuses cross-site posts and bad tokens with 403.
pub async fn create_feedback(
    ctx: Ctx,
    crate::session::ClientIp(ip): crate::session::ClientIp,
    SignedForm(form): SignedForm<FeedbackForm>,
) -> Result<Response, WebError> {
    let client = fahrplan_app::accounts::Client {
        ip: &ip,
        user_agent: None,
    };
    let sent = match fahrplan_app::spam::honeypot(&form.website) {
        Ok(()) => ctx.state.app.submit_feedback(client, &form.input).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(_) => Ok(ctx.see_other(paths::ACCESSIBILITY_THANKS)),
        Err(AppError::Invalid(errors)) => {
            let mut l = layout(&ctx, paths::ACCESSIBILITY, "a11y-title");
            l.has_errors = true;
            let page = AccessibilityPage::new(&ctx, l, form.input, errors).await?;
            form_page(&page, true)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /barrierefreiheit/danke`: confirmation after feedback was sent (Post/Redirect/Get).
pub async fn show_feedback_thanks(ctx: Ctx) -> Result<Response, WebError> {
    let l = layout(&ctx, paths::ACCESSIBILITY_THANKS, "form-thanks-title");
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
#[template(path = "legal/easy.html")]
struct EasyPage {
    l: Layout,
    intro_html: Option<String>,
    areas: Vec<EasyArea>,
}

/// `GET /leichte-sprache`: the start page and every area summary in Leichte Sprache.
pub async fn show_easy(ctx: Ctx) -> Result<Response, WebError> {
    let l = layout(&ctx, paths::EASY, "easy-title");
    let v = ctx.state.app.easy_view().await?;
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
                href: paths::area(&a.edition, &a.doc.slug),
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
#[template(path = "legal/sign.html")]
struct SignPage {
    l: Layout,
}

/// `GET /gebaerdensprache`: what is offered in sign language, and honestly what is missing.
pub async fn show_sign(ctx: Ctx) -> Result<Response, WebError> {
    let l = layout(&ctx, paths::SIGN, "sign-title");
    cached(&SignPage { l })
}
