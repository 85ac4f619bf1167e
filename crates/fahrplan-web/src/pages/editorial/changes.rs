//! The changes (`/redaktion/aenderungen`): the person's drafts, what waits for review and what
//! was published lately, the entities they may edit; and one change's page with the preview of
//! its texts, the diff against what is published, the writing warnings and the buttons of the
//! workflow (give to review, publish, send back, withdraw), each a POST form with CSRF token.

use super::{CHANGES, change_path, guard};
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use crate::pages::render;
use crate::session::Viewer;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::editorial::ChangeRow;
use fahrplan_app::editorial::{ChangeView, EntityKind, EntityRef, Publication, TextChange};
use fahrplan_domain::blocks::{BlockChange, DiffRun, WarningKind};

/// One change in a list.
pub struct ChangeLine {
    href: String,
    entity: String,
    state: String,
    author: String,
    when: String,
}

/// One block of a diff, as HTML built here with every text escaped.
pub struct BlockView {
    /// `kept`, `changed`, `moved`, `added` or `removed`.
    pub(crate) class: &'static str,
    pub(crate) html: String,
}

/// One text of a change or a version diff.
pub struct TextView {
    pub(crate) label: String,
    pub(crate) blocks: Vec<BlockView>,
    pub(crate) warnings: Vec<String>,
}

#[derive(Template)]
#[template(path = "editorial/changes.html")]
struct ChangesPage {
    l: Layout,
    changes: Vec<ChangeLine>,
    editable: Vec<(String, String, String)>,
    /// The forms for a new goal and a new measure, for those who may propose them.
    new: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "editorial/change.html")]
struct ChangePage {
    l: Layout,
    f: FormState,
    v: ChangeView,
    id: i64,
    /// The actions' paths: give to review, publish, send back, withdraw.
    actions: [String; 4],
    state: String,
    edit: String,
    fields: Vec<(String, String, String)>,
    texts: Vec<TextView>,
    note: String,
    notice: Option<&'static str>,
    /// The proposed title and texts rendered as the public page renders them.
    preview: Vec<(String, String)>,
    proposed_title: Option<String>,
    /// The whole public page with the change in it, while the change is open.
    full_preview: Option<String>,
}

/// The field that holds an entity's title.
const TITLE: &str = "title";

pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn runs(l: &Layout, words: &[DiffRun]) -> String {
    let (ins, del) = (esc(&l.t("diff-added")), esc(&l.t("diff-removed")));
    words
        .iter()
        .map(|r| match r {
            DiffRun::Same(t) => esc(t),
            DiffRun::Added(t) => format!(
                "<ins><span class=\"visually-hidden\">{ins}: </span>{}</ins>",
                esc(t)
            ),
            DiffRun::Removed(t) => format!(
                "<del><span class=\"visually-hidden\">{del}: </span>{}</del>",
                esc(t)
            ),
        })
        .collect()
}

fn block_view(l: &Layout, b: &BlockChange) -> BlockView {
    let labelled = |class, key: &str, body: String| BlockView {
        class,
        html: format!(
            "<span class=\"diff-label\">{}</span> {body}",
            esc(&l.t(key))
        ),
    };
    match b {
        BlockChange::Kept(k) => BlockView {
            class: "kept",
            html: esc(&k.markdown),
        },
        BlockChange::Changed { words, .. } => {
            labelled("changed", "diff-block-changed", runs(l, words))
        }
        BlockChange::Moved { words, new, .. } => labelled(
            "moved",
            "diff-block-moved",
            words
                .as_ref()
                .map_or_else(|| esc(&new.markdown), |w| runs(l, w)),
        ),
        BlockChange::Added(a) => labelled(
            "added",
            "diff-block-added",
            runs(l, &[DiffRun::Added(a.markdown.clone())]),
        ),
        BlockChange::Removed(r) => labelled(
            "removed",
            "diff-block-removed",
            runs(l, &[DiffRun::Removed(r.markdown.clone())]),
        ),
    }
}

fn warning_text(l: &Layout, k: &WarningKind, excerpt: &str) -> String {
    let what = match k {
        WarningKind::SkippedHeadingLevel { from, to } => {
            l.t2("warning-skipped-heading", "from", from, "to", to)
        }
        WarningKind::EmptyHeading => l.t("warning-empty-heading"),
        WarningKind::ImageWithoutAlt => l.t("warning-image-alt"),
        WarningKind::VagueLinkText(t) => l.t1("warning-vague-link", "text", t),
        WarningKind::LongSentence { words } => l.t1("warning-long-sentence", "words", words),
    };
    if excerpt.is_empty() {
        what
    } else {
        format!("{what} – „{excerpt}“")
    }
}

/// The texts of a change or a diff as views.
pub(crate) fn text_views(l: &Layout, texts: &[TextChange]) -> Vec<TextView> {
    texts
        .iter()
        .map(|t| TextView {
            label: if t.label.starts_with("edit-field-") {
                l.t(&t.label)
            } else {
                t.label.clone()
            },
            blocks: t.blocks.iter().map(|b| block_view(l, b)).collect(),
            warnings: t
                .warnings
                .iter()
                .map(|w| warning_text(l, &w.kind, &w.excerpt))
                .collect(),
        })
        .collect()
}

pub(crate) fn field_label(l: &Layout, label: &str) -> String {
    if label.starts_with("edit-field-") {
        l.t(label)
    } else {
        label.to_owned()
    }
}

fn state_label(l: &Layout, state: &str) -> String {
    l.t(match state {
        "draft" => "change-state-draft",
        "in_review" => "change-state-in-review",
        "published" => "change-state-published",
        _ => "change-state-withdrawn",
    })
}

fn line(l: &Layout, c: &ChangeRow) -> ChangeLine {
    ChangeLine {
        href: change_path(c.id),
        entity: c.entity.clone(),
        state: state_label(l, &c.state),
        author: c.author.clone(),
        when: crate::pages::datetime(c.updated_at, l.lang),
    }
}

/// `GET /redaktion/aenderungen`.
pub async fn show_changes(ctx: Ctx, viewer: Viewer) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let app = &ctx.state.app;
    let rows = app.editorial_overview(&actor).await?;
    let editable = app.editable_entities(&actor).await?;
    let l = ctx
        .titled(CHANGES, "changes-title")
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF);
    let changes = rows.iter().map(|c| line(&l, c)).collect();
    let editable: Vec<(String, String, String)> = editable
        .into_iter()
        .map(|(e, title, within): (EntityRef, String, String)| {
            let kind = l.t(&format!("edit-kind-{}", e.kind.as_str()));
            let within = if within.is_empty() {
                kind
            } else {
                format!("{kind} · {within}")
            };
            (e.edit_path(), title, within)
        })
        .collect();
    let new = if editable.is_empty() {
        Vec::new()
    } else {
        [
            (EntityKind::Goal, "new-goal-title"),
            (EntityKind::Measure, "new-measure-title"),
        ]
        .into_iter()
        .map(|(k, key)| (super::create::new_path(k), l.t(key)))
        .collect()
    };
    render(&ChangesPage {
        l,
        changes,
        editable,
        new,
    })
}

async fn change_page(
    ctx: &Ctx,
    actor: &fahrplan_app::accounts::Actor,
    id: i64,
    f: FormState,
    note: String,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let v = ctx.state.app.change_view(actor, id).await?;
    let path = change_path(id);
    let mut l = ctx
        .layout(&path, String::new())
        .title_key("change-title")
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF)
        .crumb(ctx.t("changes-title"), CHANGES);
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let fields = v
        .fields
        .iter()
        .map(|c| (field_label(&l, &c.label), c.before.clone(), c.after.clone()))
        .collect();
    let texts = text_views(&l, &v.texts);
    let preview = v
        .entity
        .kind
        .specs()
        .iter()
        .filter(|s| matches!(s.kind, fahrplan_app::editorial::FieldKind::Text(..)))
        .filter_map(|s| {
            let md = v.proposal.get(s.name).filter(|t| !t.trim().is_empty())?;
            Some((l.t(s.label), crate::markdown::render(md, 3)))
        })
        .collect();
    let proposed_title = v.proposal.get(TITLE).cloned();
    let open = matches!(v.change.state.as_str(), "draft" | "in_review");
    let full_preview =
        (open && v.entity.kind.has_page_preview()).then(|| super::preview::preview_path(id));
    form_page(
        &ChangePage {
            full_preview,
            proposed_title,
            id,
            actions: [
                "pruefen",
                "veroeffentlichen",
                "zurueckgeben",
                "zurueckziehen",
            ]
            .map(|a| format!("{path}/{a}")),
            state: state_label(&l, &v.change.state),
            edit: if v.new {
                format!("{}?aenderung={id}", super::create::new_path(v.entity.kind))
            } else {
                v.entity.edit_path()
            },
            fields,
            texts,
            v,
            f,
            note,
            notice,
            preview,
            l,
        },
        refused,
    )
}

/// `GET /redaktion/aenderungen/{id}`.
pub async fn show_change(
    ctx: Ctx,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    change_page(&ctx, &actor, id, FormState::default(), String::new(), None).await
}

/// The note of a sending back.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

/// `POST /redaktion/aenderungen/{id}/pruefen`.
pub async fn submit(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoteForm>,
) -> Result<Response, WebError> {
    ctx.state.app.submit_change(&actor, id).await?;
    Ok(ctx.see_other(&change_path(id)))
}

/// `POST /redaktion/aenderungen/{id}/zurueckziehen`.
pub async fn withdraw(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoteForm>,
) -> Result<Response, WebError> {
    ctx.state.app.withdraw_change(&actor, id).await?;
    Ok(ctx.see_other(&change_path(id)))
}

/// `POST /redaktion/aenderungen/{id}/zurueckgeben`.
pub async fn send_back(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, WebError> {
    match ctx.state.app.send_back_change(&actor, id, &form.note).await {
        Ok(()) => Ok(ctx.see_other(&change_path(id))),
        Err(AppError::Invalid(errors)) => {
            change_page(&ctx, &actor, id, FormState::new(errors), form.note, None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /redaktion/aenderungen/{id}/veroeffentlichen`.
pub async fn publish(
    ctx: Ctx,
    FullSession(actor): FullSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoteForm>,
) -> Result<Response, WebError> {
    match ctx.state.app.publish_change(&actor, id).await? {
        Publication::Version(_) => Ok(ctx.see_other(&change_path(id))),
        Publication::Conflict => {
            change_page(
                &ctx,
                &actor,
                id,
                FormState::default(),
                String::new(),
                Some("change-publish-conflict"),
            )
            .await
        }
    }
}
