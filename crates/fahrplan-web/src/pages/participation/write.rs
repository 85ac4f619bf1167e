//! The forms of participation: write, reply, edit, withdraw and support. Each extractor checks
//! the session and its CSRF token; the handler calls one use case (which refuses a
//! contribution of another process itself) and answers with a 303 to the changed contribution;
//! refused input re-renders its page with the text kept.

use super::{process_page, thread_page};
use crate::Lang;
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page, see_other};
use crate::session::Viewer;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::participation::{ContributionInput, Intent, ListQuery, Posting, Similar};
use fahrplan_domain::ContributionKind;
use fahrplan_domain::paths::{self, ContributionAction};

/// Every participation form, as posted (each sends only its own fields).
#[derive(Debug, Default, serde::Deserialize)]
pub struct ParticipationForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    pub(super) body: String,
    #[serde(default)]
    pub(super) reason: String,
    /// The honeypot: people leave it empty (`fahrplan_app::spam`).
    #[serde(default)]
    pub(super) website: String,
    /// The quoted words of a comment on a paragraph.
    #[serde(default)]
    pub(super) quote: String,
    /// "1" when the author publishes a proposal although similar ones exist.
    #[serde(default)]
    pub(super) trotzdem: String,
    /// Where a support button sends the reader back: "beitrag" (thread) or the process page.
    #[serde(default)]
    zurueck: String,
}

pub(super) fn to_thread(lang: Lang, slug: &str, id: i64, notice: &str, anchor: i64) -> Response {
    see_other(lang, &paths::contribution_notice(slug, id, notice, anchor))
}

/// The frame of a page with one contribution's form: participation, the process, the form.
pub(super) fn form_layout(ctx: &Ctx, path: &str, title_key: &str, process: (&str, &str)) -> Layout {
    let l = ctx.layout(path, String::new()).title_key(title_key);
    let t = l.title.clone();
    l.crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .content_crumb(process.1.to_owned(), paths::process(process.0))
        .crumb(t, "")
}

/// `POST /mitmachen/{process}`: a new proposal, comment or statement.
pub async fn create_contribution(
    ctx: Ctx,
    viewer: Viewer,
    FullSession(actor): FullSession,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let input = ContributionInput {
        kind: form.kind,
        target: form.target,
        title: form.title,
        body: form.body,
    };
    let app = &ctx.state.app;
    let sent = match fahrplan_app::spam::honeypot(&form.website) {
        Ok(()) => {
            app.propose(&actor, &slug, &input, form.trotzdem == "1")
                .await
        }
        Err(e) => Err(e),
    };
    match sent {
        Ok(Posting::Posted(id)) => Ok(to_thread(ctx.lang, &slug, id, "gesendet", id)),
        Ok(Posting::Similar(found)) => similar_page(&ctx, &slug, input, found).await,
        Err(AppError::Invalid(errors)) => {
            // The refused form is shown on the whole process page, so that is read as well.
            let form = (FormState::new(errors), input);
            let list = (None, ListQuery::default());
            process_page(&ctx, &viewer, &slug, form, list).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/antworten`: a reply in the thread.
pub async fn create_reply(
    ctx: Ctx,
    viewer: Viewer,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let input = ContributionInput {
        body: form.body,
        ..ContributionInput::default()
    };
    let app = &ctx.state.app;
    let sent = match fahrplan_app::spam::honeypot(&form.website) {
        Ok(()) => app.post_contribution(&actor, &slug, Some(id), &input).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(reply) => Ok(to_thread(ctx.lang, &slug, id, "gesendet", reply)),
        Err(AppError::Invalid(errors)) => {
            // The refused reply is shown on the whole thread page, so that is read as well.
            let form = (FormState::new(errors), input.body);
            thread_page(&ctx, &viewer, (&slug, id), form, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "participation/contribution_edit.html")]
struct EditPage {
    l: Layout,
    f: FormState,
    action: String,
    back: String,
    proposal: bool,
    statement: bool,
    title: String,
    body: String,
    /// The reason of a block in force on the author's account: no form, the reason instead.
    blocked: Option<String>,
}

fn edit_page(
    ctx: &Ctx,
    (slug, id): (&str, i64),
    (f, blocked): (FormState, Option<String>),
    (kind, title, body): (ContributionKind, String, String),
) -> Result<Response, WebError> {
    let path = paths::contribution_action(slug, id, ContributionAction::Edit);
    let mut l = ctx
        .layout(&path, String::new())
        .title_key("contribution-edit-title");
    let t = l.title.clone();
    l = l
        .crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .crumb(t, "");
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    form_page(
        &EditPage {
            l,
            f,
            action: path,
            back: paths::contribution_in_thread(slug, id, id),
            proposal: kind == ContributionKind::Proposal,
            statement: kind == ContributionKind::Statement,
            title,
            body,
            blocked,
        },
        refused,
    )
}

/// `GET /mitmachen/{process}/beitraege/{id}/bearbeiten`: only the author, while the phase is open.
pub async fn show_edit(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let kept = app.contribution_to_edit(&actor, &slug, id).await?;
    let blocked = app.my_block(&actor).await?;
    edit_page(&ctx, (&slug, id), (FormState::default(), blocked), kept)
}

/// `POST /mitmachen/{process}/beitraege/{id}/bearbeiten`.
pub async fn update_contribution(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    match app
        .edit_contribution(&actor, &slug, id, &form.title, &form.body)
        .await
    {
        Ok(()) => Ok(to_thread(ctx.lang, &slug, id, "geaendert", id)),
        Err(AppError::Invalid(errors)) => {
            // The refused form needs the contribution's kind (a title only for proposals).
            let (kind, _, _) = app.contribution_to_edit(&actor, &slug, id).await?;
            let kept = (kind, form.title, form.body);
            let blocked = app.my_block(&actor).await?;
            edit_page(&ctx, (&slug, id), (FormState::new(errors), blocked), kept)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "participation/withdraw.html")]
struct WithdrawPage {
    l: Layout,
    cards: Vec<super::cards::Card>,
    action: String,
    back: String,
}

/// `GET /mitmachen/{process}/beitraege/{id}/zurueckziehen`: the author confirms, since a
/// withdrawal cannot be undone (WCAG 3.3.4).
pub async fn show_withdraw(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let (v, c) = app
        .contribution_for(&actor, (&slug, id), Intent::Withdraw)
        .await?;
    let path = paths::contribution_action(&slug, id, ContributionAction::Withdraw);
    let process = (slug.as_str(), v.process.title.as_str());
    form_page(
        &WithdrawPage {
            l: form_layout(&ctx, &path, "contribution-withdraw-title", process),
            cards: vec![super::cards::card(
                &c,
                &slug,
                ctx.lang,
                &v.can,
                &ctx.state.i18n,
            )],
            action: path.clone(),
            back: paths::contribution_in_thread(&slug, id, id),
        },
        false,
    )
}

/// `POST /mitmachen/{process}/beitraege/{id}/zurueckziehen`: only the author.
pub async fn withdraw_contribution(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    app.withdraw_contribution(&actor, &slug, id).await?;
    Ok(to_thread(ctx.lang, &slug, id, "zurueckgezogen", id))
}

fn back(lang: Lang, slug: &str, id: i64, form: &ParticipationForm, notice: &str) -> Response {
    if form.zurueck == "beitrag" {
        to_thread(lang, slug, id, notice, id)
    } else {
        see_other(lang, &paths::process_notice(slug, notice, id))
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/unterstuetzen`. A second click changes nothing
/// and lands on the same page (the use case answers `Conflict`, the API would say 409).
pub async fn cast_support(
    ctx: Ctx,
    viewer: Viewer,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    match ctx.state.app.cast_support(&actor, &slug, id).await {
        Ok(()) | Err(AppError::Conflict) => Ok(back(ctx.lang, &slug, id, &form, "unterstuetzt")),
        Err(AppError::Invalid(errors)) => {
            // A blocked account: the thread page says so, with the reason.
            let form = (FormState::new(errors), String::new());
            thread_page(&ctx, &viewer, (&slug, id), form, None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /mitmachen/{process}/beitraege/{id}/unterstuetzung-zuruecknehmen`.
pub async fn withdraw_support(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    ctx.state.app.withdraw_support(&actor, &slug, id).await?;
    Ok(back(ctx.lang, &slug, id, &form, "unterstuetzung-zurueck"))
}

/// An existing proposal on the similar step.
pub struct SimilarLine {
    title: String,
    href: String,
    supports: String,
    support_action: String,
}

#[derive(Template)]
#[template(path = "participation/similar.html")]
struct SimilarPage {
    l: Layout,
    found: Vec<SimilarLine>,
    action: String,
    input: ContributionInput,
}

/// The step between the first submit of a proposal and its publication when similar visible
/// proposals exist (issue 17): each with its link and a support button, the input kept, and
/// "trotzdem veröffentlichen". Nothing is stored yet.
async fn similar_page(
    ctx: &Ctx,
    slug: &str,
    input: ContributionInput,
    found: Vec<Similar>,
) -> Result<Response, WebError> {
    let title = ctx.state.app.process_title(slug).await?;
    let path = paths::process(slug);
    let l = form_layout(ctx, &path, "similar-title", (slug, &title));
    let found = found
        .into_iter()
        .map(|s| SimilarLine {
            href: l.href(paths::contribution(slug, s.id)),
            supports: l.t1("similar-supports", "count", s.supports),
            support_action: l.href(paths::contribution_action(
                slug,
                s.id,
                ContributionAction::Support,
            )),
            title: s.title,
        })
        .collect();
    form_page(
        &SimilarPage {
            l,
            found,
            action: path,
            input,
        },
        false,
    )
}

/// Query of the similar-proposals endpoint.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SimilarQuery {
    #[serde(default)]
    titel: String,
    #[serde(default)]
    text: String,
}

/// One similar proposal in the JSON answer.
#[derive(Debug, serde::Serialize)]
struct SimilarJson {
    id: i64,
    title: String,
    url: String,
    supports: i64,
}

/// `GET /mitmachen/{process}/aehnliche?titel=&text=`: the similar proposals as JSON
/// (`{"items": [{"id", "title", "url", "supports"}]}`), for the suggestions while typing
/// (`/static/similar.js`); counted against the client's search limit.
pub async fn similar_json(
    ctx: Ctx,
    crate::session::ClientIp(ip): crate::session::ClientIp,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<SimilarQuery>,
) -> Result<Response, WebError> {
    use axum::response::IntoResponse as _;
    let app = &ctx.state.app;
    app.count_search(fahrplan_app::accounts::Client {
        ip: &ip,
        user_agent: None,
    })?;
    let found = app
        .similar_contributions(
            &slug,
            &q.titel,
            &q.text,
            fahrplan_app::participation::SIMILAR_LIMIT,
        )
        .await?;
    let items: Vec<SimilarJson> = found
        .into_iter()
        .map(|s| SimilarJson {
            url: ctx
                .layout(&paths::process(&slug), String::new())
                .href(paths::contribution(&slug, s.id)),
            id: s.id,
            title: s.title,
            supports: s.supports,
        })
        .collect();
    Ok(axum::Json(serde_json::json!({ "items": items })).into_response())
}
