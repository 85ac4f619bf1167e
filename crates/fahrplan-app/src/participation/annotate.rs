//! Comments on paragraphs (annotations, issue 17): a participant comments on one block of a
//! text with block ids (which texts, and which process receives the comment: `texts`), quoting the words
//! they mean. The comment is a contribution of kind `annotation` with target kind `block`; its
//! anchor (block id, quote, the wording it was written on) is kept beside it and moved when the
//! text gets a new version: by block id, then by the quote, else marked "Text geändert"
//! (`fahrplan_domain::blocks::reanchor`). Posting follows the rules of every contribution
//! (open phase allowing annotations, consent, limit, duplicate check).

use super::post::DUPLICATE_WINDOW;
use super::texts::split_key;
use super::{BODY_MAX, ParticipationView};
use crate::accounts::{Actor, now};
use crate::ratelimit::Bucket;
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::blocks::{Anchoring, holds_quote, reanchor};
use fahrplan_domain::text::Shape;
use fahrplan_domain::{Allowance, BlockKind, ContributionKind, IdBlock, TargetKind};
use fahrplan_store::{AnnotationRow, ContributionRow, NewAnnotation, NewContribution};

/// Longest quote, in characters.
pub const QUOTE_MAX: usize = 1000;

/// An annotation as typed into its form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct AnnotationInput {
    /// The quoted words; empty for the whole paragraph.
    #[serde(default)]
    pub quote: String,
    /// Markdown body.
    #[serde(default)]
    pub body: String,
}

/// The quote a "Kommentieren" link brings along (`?zitat=`, the words a reader selected
/// before following it) as the form's first value: spaces and line breaks run together, trimmed;
/// empty (the whole paragraph) when it is longer than [`QUOTE_MAX`] or holds control characters.
/// Posting checks it again like any typed quote.
pub fn quote_from_link(zitat: &str) -> String {
    let quote = zitat.split_whitespace().collect::<Vec<_>>().join(" ");
    if quote.chars().count() > QUOTE_MAX || quote.chars().any(char::is_control) {
        return String::new();
    }
    quote
}

/// Whether a block takes comments: paragraphs, list items and quotes (what people read as a
/// paragraph; headings, tables and code do not).
pub fn annotatable(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote
    )
}

/// One comment on a paragraph with where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// The contribution.
    pub contribution: ContributionRow,
    /// Its anchor.
    pub anchor: AnnotationRow,
}

/// The page of one paragraph: the block, its comments, and what the viewer may do.
#[derive(Debug, Clone)]
pub struct ParagraphView {
    /// The process, what it allows and the viewer's rights.
    pub frame: ParticipationView,
    /// The entity's title.
    pub title: String,
    /// The public page of the text.
    pub page: Option<String>,
    /// `{entity}#{field}`.
    pub text: String,
    /// The block as published now; `None` when no block of the text has this id any more.
    pub block: Option<IdBlock>,
    /// The block id asked for.
    pub block_id: String,
    /// The visible comments on it, oldest first.
    pub annotations: Vec<Annotation>,
    /// Whether the viewer may comment now.
    pub may_annotate: bool,
}

const QUOTE: Messages = Messages {
    required: "error-quote-required",
    too_long: "error-quote-too-long",
    control: "error-quote-control",
};

const BODY: Messages = Messages {
    required: "error-body-required",
    too_long: "error-body-too-long",
    control: "error-body-control",
};

fn err(field: &'static str, code: &'static str) -> FieldError {
    FieldError { field, code }
}

impl App {
    /// The block `block` of text `text` (`{entity}#{field}`) in the newest version, with that
    /// version's number; `NotFound` when the text is unknown.
    async fn current_block(
        &self,
        text: &str,
        block: &str,
    ) -> AppResult<(i64, Option<IdBlock>, String)> {
        let (entity, field) = split_key(text).ok_or(AppError::NotFound)?;
        let (version, record) = self
            .store
            .latest_record(entity)
            .await?
            .ok_or(AppError::NotFound)?;
        let blocks = record.texts.get(field).ok_or(AppError::NotFound)?;
        let title = record
            .fields
            .get("title")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        Ok((
            version,
            blocks.iter().find(|b| b.id == block).cloned(),
            title,
        ))
    }

    /// The page of one paragraph in process `slug`: the block, its comments and the form's
    /// rights. `NotFound` for a text the process does not cover.
    pub async fn paragraph_view(
        &self,
        slug: &str,
        text: &str,
        block: &str,
        viewer: Option<&Actor>,
    ) -> AppResult<ParagraphView> {
        let frame = self.process_frame(slug, viewer).await?;
        let (entity, _) = split_key(text).ok_or(AppError::NotFound)?;
        if !self.keeps_notes_of(&frame.process, entity).await? {
            return Err(AppError::NotFound);
        }
        let (_, current, title) = self.current_block(text, block).await?;
        let annotations = self
            .store
            .annotations_on(text, block)
            .await?
            .into_iter()
            .filter(|(c, _)| c.process == slug)
            .map(|(contribution, anchor)| Annotation {
                contribution,
                anchor,
            })
            .collect::<Vec<_>>();
        if current.is_none() && annotations.is_empty() {
            return Err(AppError::NotFound);
        }
        let may_annotate = current.is_some()
            && frame.can.logged_in
            && frame.consented
            && frame.allows(Allowance::Annotations);
        Ok(ParagraphView {
            page: fahrplan_domain::paths::text_page(entity),
            title,
            text: text.to_owned(),
            block: current,
            block_id: block.to_owned(),
            annotations,
            may_annotate,
            frame,
        })
    }

    /// Posts a comment on block `block` of text `text` in process `slug`; returns its id. An
    /// empty quote stands for the whole paragraph; a quote the paragraph does not hold is refused
    /// (field `quote`).
    pub async fn post_annotation(
        &self,
        actor: &Actor,
        slug: &str,
        (text, block): (&str, &str),
        input: &AnnotationInput,
    ) -> AppResult<i64> {
        let process = self.process_by_slug(slug).await?;
        Self::phase_allows(&process, Allowance::Annotations)?;
        let (entity, _) = split_key(text).ok_or(AppError::NotFound)?;
        if !self.keeps_notes_of(&process, entity).await? {
            return Err(AppError::NotFound);
        }
        let (version, current, _) = self.current_block(text, block).await?;
        let current = current
            .filter(|b| annotatable(b.kind))
            .ok_or(AppError::NotFound)?;
        let quote = if input.quote.trim().is_empty() {
            Ok(current.markdown.clone())
        } else {
            text::required(&input.quote, Shape::Lines, "quote", QUOTE_MAX, QUOTE).and_then(|q| {
                if holds_quote(&current.markdown, &q) {
                    Ok(q)
                } else {
                    Err(err("quote", "error-quote-not-in-paragraph"))
                }
            })
        };
        let body = text::required(&input.body, Shape::Lines, "body", BODY_MAX, BODY);
        let checked = match (quote, body) {
            (Ok(q), Ok(b)) => Ok((q, b)),
            (q, b) => Err(q.err().into_iter().chain(b.err()).collect()),
        };
        let (quote, body) = self.consented_text(actor, checked).await?;
        if let Some(last) = self.store.latest_by(actor.account_id).await?
            && last.process == process.slug
            && last.kind == ContributionKind::Annotation
            && last.target == text
            && last.body == body
            && now() - last.created_at < DUPLICATE_WINDOW
        {
            // The same words on the same paragraph: the form sent twice.
            let a = self.store.annotation(last.id).await?;
            if a.block == block && a.quote == quote {
                return Ok(last.id);
            }
        }
        self.limit(Bucket::Post, &actor.account_id.to_string())?;
        let id = self
            .store
            .add_annotation(
                &NewContribution {
                    process: process.slug.clone(),
                    target_kind: TargetKind::Block,
                    target: text.to_owned(),
                    kind: ContributionKind::Annotation,
                    author: actor.account_id,
                    author_role: None,
                    parent: None,
                    title: String::new(),
                    body,
                    created_at: now(),
                },
                &NewAnnotation {
                    text: text.to_owned(),
                    block: block.to_owned(),
                    quote,
                    wording: current.markdown,
                    version,
                },
            )
            .await?;
        tracing::info!(contribution = id, "annotation posted");
        Ok(id)
    }

    /// Moves the annotations of `entity` onto the blocks of its newest version (by block id,
    /// then by quote, else "Text geändert"); those anchored in it already stay. Returns how
    /// many it looked at.
    pub async fn reanchor_annotations(&self, entity: &str) -> AppResult<usize> {
        let Some((version, record)) = self.store.latest_record(entity).await? else {
            return Ok(0);
        };
        let stale: Vec<AnnotationRow> = self
            .store
            .annotations_of_entity(entity)
            .await?
            .into_iter()
            .filter(|a| a.version < version)
            .collect();
        let empty = Vec::new();
        let anchors: Vec<(i64, String, Anchoring)> = stale
            .iter()
            .map(|a| {
                let field = a.text.split_once('#').map_or("", |(_, f)| f);
                let blocks = record.texts.get(field).unwrap_or(&empty);
                let to = reanchor(&a.block, &a.quote, blocks);
                (a.contribution, to.block, to.anchoring)
            })
            .collect();
        self.store.set_anchors(entity, &anchors, version).await?;
        Ok(stale.len())
    }

    /// [`App::reanchor_annotations`] for every entity that has annotations (after an import).
    pub async fn reanchor_all_annotations(&self) -> AppResult<usize> {
        let mut n = 0;
        for entity in self.store.annotated_entities().await? {
            n += self.reanchor_annotations(&entity).await?;
        }
        Ok(n)
    }
}
