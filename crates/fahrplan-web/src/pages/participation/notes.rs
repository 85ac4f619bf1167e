//! Comments on paragraphs (issue 17): a text with block ids rendered block by block, each
//! paragraph followed by a "Kommentieren" link to its form page (a plain link, so it works
//! without JavaScript and is reached by the keyboard) and by how many comments it has, linking to
//! them; and the paragraph's page itself (`/mitmachen/{process}/kommentieren/{text}/{block}`)
//! with its comments and the form. A page with such links loads `/static/quote.js`, which lets
//! the link carry the words a reader selected (`?zitat=`); the paragraph page puts `zitat` into
//! the quote field on the server, so that works without JavaScript once the link has it. It
//! renders only: the use cases decide who may write.

use super::write::ParticipationForm;
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession};
use crate::layout::Layout;
use crate::markdown::{attribute, render_shifted, render_user, shift_for};
use crate::pages::forms::{FormState, form_page, see_other};
use crate::session::Viewer;
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::participation::{AnnotationInput, TextNotes, annotatable, quote_from_link};
use fahrplan_domain::blocks::{Anchoring, join_blocks};
use fahrplan_domain::{IdBlock, paths};

/// Text `field` of `notes` rendered block by block, each paragraph with its "Kommentieren" link
/// and comment count, headings moved as [`crate::markdown::render`] moves them for `top`.
/// `None` when the published version's blocks do not give `shown` (the text on the page), so a
/// page never puts links beside paragraphs that are not the ones it shows. A page that gets
/// the links loads the quote helper.
pub fn annotated_html(
    l: &mut Layout,
    notes: &TextNotes,
    field: &str,
    top: usize,
    shown: &str,
) -> Option<String> {
    let blocks = notes.texts.get(field)?;
    if blocks.is_empty() || join_blocks(blocks).trim() != shown.trim() {
        return None;
    }
    let by = shift_for(shown, top);
    let text = notes.text_key(field);
    let mut out = String::with_capacity(shown.len() * 2);
    let mut run: Vec<IdBlock> = Vec::new();
    let flush = |run: &mut Vec<IdBlock>, out: &mut String| {
        if !run.is_empty() {
            out.push_str(&render_shifted(&join_blocks(run), by));
            run.clear();
        }
    };
    let mut n = 0;
    for b in blocks {
        if !annotatable(b.kind) {
            run.push(b.clone());
            continue;
        }
        flush(&mut run, &mut out);
        n += 1;
        let href = l.href(paths::annotate(&notes.process, &text, &b.id));
        let count = notes.count(field, &b.id);
        // Each block on its own: a list item becomes a list of one, so it keeps its marker.
        out.push_str(&format!(
            "<div class=\"note-block\" id=\"absatz-{id}\">{html}<p class=\"note-links\"><a href=\"{href}\" class=\"note-link\">{label}<span class=\"visually-hidden\"> {which}</span></a>",
            id = attribute(&b.id),
            html = render_shifted(&b.markdown, by),
            href = attribute(&href),
            label = attribute(&l.t("annotate-link")),
            which = attribute(&l.t1("annotate-which", "n", n)),
        ));
        if count > 0 {
            out.push_str(&format!(
                " · <a href=\"{href}#kommentare\">{label}</a>",
                href = attribute(&href),
                label = attribute(&l.t1("annotate-count", "count", count)),
            ));
        }
        out.push_str("</p></div>");
    }
    flush(&mut run, &mut out);
    if n > 0 {
        l.script(crate::routes::QUOTE_JS_PATH);
    }
    Some(out)
}

/// [`annotated_html`] of text `field` into `html` when `notes` has it and it gives `shown`;
/// `html` stays as it is otherwise.
pub fn annotate_into(
    l: &mut Layout,
    notes: Option<&TextNotes>,
    (field, top): (&str, usize),
    shown: &str,
    html: &mut String,
) {
    if let Some(h) = notes.and_then(|n| annotated_html(l, n, field, top, shown)) {
        *html = h;
    }
}

/// A summary (plain text shown as the page's lead) with its paragraphs' links, `None` while
/// it takes no comments (the template shows the plain text then).
pub fn annotated_summary(
    l: &mut Layout,
    notes: Option<&TextNotes>,
    summary: &str,
) -> Option<String> {
    notes.and_then(|n| annotated_html(l, n, "summary", 2, summary))
}

/// One comment on the paragraph page.
pub struct NoteLine {
    id: String,
    author: String,
    when: String,
    quote: String,
    body_html: String,
    changed: bool,
    wording: String,
    href: String,
}

#[derive(Template)]
#[template(path = "participation/annotate.html")]
struct ParagraphPage {
    l: Layout,
    process_href: String,
    process_title: String,
    page_href: Option<String>,
    entity_title: String,
    block_html: Option<String>,
    notes: Vec<NoteLine>,
    action: String,
    may_annotate: bool,
    logged_in: bool,
    needs_consent: bool,
    open: bool,
    f: FormState,
    input: AnnotationInput,
    notice: bool,
    quote_max: usize,
}

/// Query of the paragraph page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ParagraphQuery {
    /// "gesendet" after a comment was posted.
    #[serde(default)]
    hinweis: String,
    /// The words a reader selected in the paragraph before following its link.
    #[serde(default)]
    zitat: String,
}

async fn paragraph_page(
    ctx: &Ctx,
    viewer: &Viewer,
    (slug, text, block): (&str, &str, &str),
    (f, input): (FormState, AnnotationInput),
    notice: bool,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let v = app
        .paragraph_view(slug, text, block, viewer.0.as_ref())
        .await?;
    let path = paths::annotate(slug, text, block);
    let mut l = ctx.layout(&path, String::new()).title_key("annotate-title");
    let t = l.title.clone();
    l = l
        .crumb(ctx.t("participation-title"), paths::PARTICIPATION)
        .content_crumb(v.frame.process.title.clone(), paths::process(slug))
        .crumb(t, "");
    // Each paragraph page names the text it belongs to, so no two pages share a title.
    if !v.title.is_empty() {
        l.title = l.t1("annotate-page-title", "title", &v.title);
    }
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    if v.may_annotate {
        l.script(crate::routes::QUOTE_JS_PATH);
    }
    let notes = v
        .annotations
        .iter()
        .map(|a| {
            let c = &a.contribution;
            NoteLine {
                id: format!("beitrag-{}", c.id),
                author: if c.author_deleted_at.is_some() {
                    l.t("contribution-deleted-author")
                } else {
                    c.author_name.clone()
                },
                when: crate::pages::datetime(c.created_at, ctx.lang),
                quote: a.anchor.quote.clone(),
                body_html: render_user(&c.body),
                changed: a.anchor.anchoring == Anchoring::TextChanged,
                wording: a.anchor.wording.clone(),
                href: l.href(paths::contribution(slug, c.id)),
            }
        })
        .collect();
    let page = ParagraphPage {
        process_href: paths::process(slug),
        process_title: v.frame.process.title.clone(),
        page_href: v.page.clone(),
        entity_title: v.title.clone(),
        block_html: v.block.as_ref().map(|b| render_user(&b.markdown)),
        notes,
        action: path,
        may_annotate: v.may_annotate,
        logged_in: v.frame.can.logged_in,
        needs_consent: v.frame.can.needs_consent,
        open: v.frame.allows(fahrplan_domain::Allowance::Annotations),
        f,
        input,
        notice,
        quote_max: fahrplan_app::participation::QUOTE_MAX,
        l,
    };
    form_page(&page, refused)
}

/// `GET /mitmachen/{process}/kommentieren/{text}/{block}`: a paragraph with its comments and,
/// while a phase allows annotations, the form to comment on it.
pub async fn show_annotate(
    ctx: Ctx,
    viewer: Viewer,
    Path((slug, text, block)): Path<(String, String, String)>,
    Query(q): Query<ParagraphQuery>,
) -> Result<Response, WebError> {
    let input = AnnotationInput {
        quote: quote_from_link(&q.zitat),
        body: String::new(),
    };
    let form = (FormState::default(), input);
    paragraph_page(
        &ctx,
        &viewer,
        (&slug, &text, &block),
        form,
        q.hinweis == "gesendet",
    )
    .await
}

/// `POST /mitmachen/{process}/kommentieren/{text}/{block}`: posts the comment and answers 303
/// to the paragraph page, or re-renders it with the input kept (422).
pub async fn create_annotation(
    ctx: Ctx,
    viewer: Viewer,
    FullSession(actor): FullSession,
    Path((slug, text, block)): Path<(String, String, String)>,
    CsrfForm(form): CsrfForm<ParticipationForm>,
) -> Result<Response, WebError> {
    let input = AnnotationInput {
        quote: form.quote.clone(),
        body: form.body.clone(),
    };
    let app = &ctx.state.app;
    match app
        .post_annotation(&actor, &slug, (&text, &block), &input)
        .await
    {
        Ok(id) => {
            let to = format!(
                "{}#beitrag-{id}",
                paths::notice(&paths::annotate(&slug, &text, &block), "gesendet")
            );
            Ok(see_other(ctx.lang, &to))
        }
        Err(AppError::Invalid(errors)) => {
            let form = (FormState::new(errors), input);
            paragraph_page(&ctx, &viewer, (&slug, &text, &block), form, false).await
        }
        Err(e) => Err(e.into()),
    }
}
