//! Answers on the contribution page and the staff's answer form
//! (`/mitmachen/{process}/beitraege/{id}/rueckmeldung`), and the mails' stop link
//! (`/konto/benachrichtigungen/abbestellen`). The rules (who answers, what a link may name) are
//! the use cases'; this module parses, calls and renders.

use super::write::form_layout;
use crate::error::WebError;
use crate::extract::{Ctx, FullSession};
use crate::layout::Layout;
use crate::markdown;
use crate::pages::forms::{FormState, form_page};
use crate::pages::{datetime, render};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::Actor;
use fahrplan_app::participation::{AnswerInput, AnswerRow, LINKS_MAX, LinkOption};
use fahrplan_domain::{AnswerState, TargetKind, paths};

/// One answer as shown.
pub struct AnswerLine {
    /// Wire value of the state (for the badge's class).
    pub state: &'static str,
    /// Its label.
    pub label: String,
    /// When, as text and ISO.
    pub when: String,
    /// ISO time.
    pub when_iso: String,
    /// The department it speaks for (the editorial team when none).
    pub by: String,
    /// Reasoning as HTML (user Markdown, escaped).
    pub reasoning_html: String,
    /// (label, public href) of what it changed.
    pub links: Vec<(String, String)>,
}

/// The answers of one contribution on its page.
pub struct AnswersBlock {
    /// The answer that counts.
    pub current: Option<AnswerLine>,
    /// Earlier answers, newest first.
    pub earlier: Vec<AnswerLine>,
    /// The answer form, for staff who may answer.
    pub form_href: Option<String>,
}

/// The public page of an entity key (`measure:SLUG`, `area:2021/SLUG`, `page:SLUG`).
pub fn entity_href(entity: &str) -> Option<String> {
    let (kind, key) = entity.split_once(':')?;
    match kind {
        "page" => Some(paths::page(key)),
        _ => paths::target(TargetKind::parse(kind)?, key),
    }
}

/// An answer as shown to readers in `l`'s language.
pub fn answer_line(
    l: &Layout,
    a: &AnswerRow,
    titles: &[(String, String)],
    departments: &[(String, String)],
) -> AnswerLine {
    let links = a
        .links
        .iter()
        .map(|link| {
            let title = titles
                .iter()
                .find(|(e, _)| *e == link.entity)
                .map_or_else(|| link.entity.clone(), |(_, t)| t.clone());
            let label = match link.version {
                Some(v) => l.t2("answer-link-version", "title", &title, "version", v),
                None => title,
            };
            (label, entity_href(&link.entity).unwrap_or_default())
        })
        .collect();
    AnswerLine {
        state: a.state.as_str(),
        label: l.label(a.state),
        when: datetime(a.created_at, l.lang),
        when_iso: jiff::Timestamp::from_second(a.created_at)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        by: departments
            .iter()
            .find(|(c, _)| *c == a.department)
            .map_or_else(|| l.t("answer-by-editorial"), |(_, n)| n.clone()),
        reasoning_html: markdown::render_user(&a.reasoning),
        links,
    }
}

/// The answers block of contribution `id` for `viewer`.
pub async fn answers_block(
    ctx: &Ctx,
    l: &Layout,
    viewer: Option<&Actor>,
    slug: &str,
    id: i64,
) -> Result<AnswersBlock, WebError> {
    let app = &ctx.state.app;
    let answers = app.answers_of(id).await?;
    let form_href = app
        .may_answer(viewer, slug, id)
        .await
        .then(|| paths::contribution_answer(slug, id));
    if answers.is_empty() {
        return Ok(AnswersBlock {
            current: None,
            earlier: Vec::new(),
            form_href,
        });
    }
    let titles = app.link_titles(slug).await?;
    let departments = app.department_names().await?;
    let mut lines: Vec<AnswerLine> = answers
        .iter()
        .map(|a| answer_line(l, a, &titles, &departments))
        .collect();
    let current = lines.pop();
    lines.reverse();
    Ok(AnswersBlock {
        current,
        earlier: lines,
        form_href,
    })
}

/// The answer form as sent: state, reasoning and link rows `link1`…`link5` with `version1`….
#[derive(Debug, Default, serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    reasoning: String,
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
}

impl AnswerForm {
    fn input(self) -> AnswerInput {
        let links = (1..=LINKS_MAX)
            .map(|i| {
                let get = |k: &str| self.rest.get(&format!("{k}{i}")).cloned();
                (
                    get("link").unwrap_or_default(),
                    get("version").unwrap_or_default(),
                )
            })
            .collect();
        AnswerInput {
            state: self.state,
            reasoning: self.reasoning,
            links,
        }
    }
}

/// One link row of the form.
pub struct LinkRow {
    n: usize,
    entity: String,
    version: String,
}

/// A group of choices in a link row's list.
pub struct OptionGroup {
    label: String,
    options: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "participation/answer.html")]
struct AnswerPage {
    l: Layout,
    f: FormState,
    action: String,
    back: String,
    heading: String,
    body_html: String,
    department: String,
    states: Vec<(&'static str, String)>,
    state: String,
    reasoning: String,
    rows: Vec<LinkRow>,
    groups: Vec<OptionGroup>,
    earlier: Vec<AnswerLine>,
    /// (href, title, supports) of proposals like this one, so that duplicates get one answer.
    similar: Vec<(String, String, i64)>,
}

fn groups(l: &Layout, options: &[LinkOption]) -> Vec<OptionGroup> {
    let group = |label: String, pick: &dyn Fn(&LinkOption) -> bool| OptionGroup {
        label,
        options: options
            .iter()
            .filter(|o| pick(o))
            .map(|o| {
                let text = if o.latest > 0 {
                    l.t2("answer-option", "title", &o.title, "version", o.latest)
                } else {
                    o.title.clone()
                };
                (o.entity.clone(), text)
            })
            .collect(),
    };
    vec![
        group(l.t("answer-group-measures"), &|o| {
            o.kind == Some(TargetKind::Measure)
        }),
        group(l.t("answer-group-goals"), &|o| {
            o.kind == Some(TargetKind::Goal)
        }),
        group(l.t("answer-group-areas"), &|o| {
            o.kind == Some(TargetKind::Area)
        }),
        group(l.t("answer-group-pages"), &|o| o.kind.is_none()),
    ]
    .into_iter()
    .filter(|g| !g.options.is_empty())
    .collect()
}

async fn answer_page(
    ctx: &Ctx,
    actor: &Actor,
    (slug, id): (&str, i64),
    (f, input): (FormState, AnswerInput),
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let form = app.answer_form(actor, slug, id).await?;
    let process_title = app.answer_summary(slug).await?.0.title;
    let path = paths::contribution_answer(slug, id);
    let mut l = form_layout(ctx, &path, "answer-title", (slug, &process_title));
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let titles = app.link_titles(slug).await?;
    let departments = app.department_names().await?;
    let c = &form.contribution;
    let heading = if c.title.is_empty() {
        l.t1("answer-contribution", "id", c.id)
    } else {
        c.title.clone()
    };
    let mut earlier: Vec<AnswerLine> = form
        .answers
        .iter()
        .map(|a| answer_line(&l, a, &titles, &departments))
        .collect();
    earlier.reverse();
    let current = form.answers.last();
    // A new answer starts from the one that counts, so a small change is a small edit.
    let (state, reasoning, links) = if refused {
        (input.state, input.reasoning, input.links)
    } else if let Some(a) = current {
        let links = a
            .links
            .iter()
            .map(|k| {
                (
                    k.entity.clone(),
                    k.version.map(|v| v.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        (a.state.as_str().to_owned(), a.reasoning.clone(), links)
    } else {
        (String::new(), String::new(), Vec::new())
    };
    let rows = (1..=LINKS_MAX)
        .map(|n| {
            let (entity, version) = links.get(n - 1).cloned().unwrap_or_default();
            LinkRow { n, entity, version }
        })
        .collect();
    let similar = app
        .similar_contributions(slug, &c.title, &c.body, 5)
        .await?
        .into_iter()
        .filter(|s| s.id != c.id)
        .map(|s| (paths::contribution(slug, s.id), s.title, s.supports))
        .collect();
    let page = AnswerPage {
        similar,
        action: path,
        back: paths::contribution(slug, id),
        heading,
        body_html: markdown::render_user(&c.body),
        department: if form.department.is_empty() {
            l.t("answer-by-editorial")
        } else {
            form.department.clone()
        },
        states: AnswerState::ALL
            .iter()
            .map(|s| (s.as_str(), l.label(*s)))
            .collect(),
        groups: groups(&l, &form.options),
        state,
        reasoning,
        rows,
        earlier,
        f,
        l,
    };
    form_page(&page, refused)
}

/// `GET /mitmachen/{process}/beitraege/{id}/rueckmeldung`: staff who may answer it.
pub async fn show_answer(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    answer_page(&ctx, &actor, (&slug, id), Default::default()).await
}

/// `POST /mitmachen/{process}/beitraege/{id}/rueckmeldung`: a new answer; a refused one
/// re-renders the form with the input kept.
pub async fn create_answer(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path((slug, id)): Path<(String, i64)>,
    crate::extract::CsrfForm(form): crate::extract::CsrfForm<AnswerForm>,
) -> Result<Response, WebError> {
    let input = form.input();
    match ctx
        .state
        .app
        .answer_contribution(&actor, &slug, id, &input)
        .await
    {
        Ok(_) => Ok(ctx.see_other(&format!(
            "{}#rueckmeldung",
            paths::notice(&paths::contribution(&slug, id), "beantwortet")
        ))),
        Err(AppError::Invalid(errors)) => {
            answer_page(&ctx, &actor, (&slug, id), (FormState::new(errors), input)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "account/notify_stop.html")]
struct StopPage {
    l: Layout,
    token: String,
    done: bool,
}

/// The stop link's query.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StopQuery {
    #[serde(default)]
    token: String,
}

/// `GET /konto/benachrichtigungen/abbestellen?token=`: one button that stops the mails (a
/// link alone must not change anything: mail scanners open links).
pub async fn show_stop(ctx: Ctx, Query(q): Query<StopQuery>) -> Result<Response, WebError> {
    let l = ctx.titled(paths::NOTIFY_STOP, "notify-stop-title");
    render(&StopPage {
        l,
        token: q.token,
        done: false,
    })
}

/// `POST /konto/benachrichtigungen/abbestellen`: stops the mails of the token's account; no
/// session is needed, the token is the proof (RFC 8058 one-click). An unknown token is a 404.
pub async fn stop(ctx: Ctx, body: Bytes) -> Result<Response, WebError> {
    let q: StopQuery = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    ctx.state.app.stop_notifications(&q.token).await?;
    let l = ctx.titled(paths::NOTIFY_STOP, "notify-stop-title");
    render(&StopPage {
        l,
        token: String::new(),
        done: true,
    })
}

/// A contribution that shaped a goal, measure or text, as listed on its page.
pub struct ShapedLine {
    /// The contribution's page.
    pub href: String,
    /// Its title, or "Beitrag Nr. N" when it has none or is no longer shown.
    pub title: String,
    /// The answer's state label.
    pub answer: String,
    /// "Fassung N" when the answer names a version of the text.
    pub version: String,
}

/// The contributions whose answers name `entity`, for its public page.
pub async fn shaped_lines(
    ctx: &Ctx,
    l: &Layout,
    entity: &str,
) -> Result<Vec<ShapedLine>, WebError> {
    let shaped = ctx.state.app.shaped_by(entity).await?;
    Ok(shaped
        .into_iter()
        .map(|s| ShapedLine {
            href: paths::contribution(&s.process, s.contribution),
            title: if s.title.is_empty() || s.state != fahrplan_domain::ContributionState::Visible {
                l.t1("answer-contribution", "id", s.contribution)
            } else {
                s.title
            },
            answer: l.label(s.answer),
            version: s
                .version
                .map(|v| l.t1("shaped-version", "version", v))
                .unwrap_or_default(),
        })
        .collect())
}
