//! Which texts take comments on paragraphs (issue 17) and which process receives them
//! (docs/DOMAIN.md, "Comments on paragraphs"): the texts with block ids of the strategy (an
//! edition's summary and vision, an area's summary, body and Ausgangslage, a goal's or a
//! measure's body) go to the process open for their edition; a process's own summary and body to
//! that process while it takes annotations; a content page's summary and body to the process
//! open for the default edition. Texts in Leichte Sprache take none: they render the others.
//! This module decides and reads; posting and re-anchoring are in `annotate`.

use super::today;
use crate::{App, AppError, AppResult};
use fahrplan_domain::{Allowance, IdBlock, Process, TargetKind, paths};
use std::collections::{BTreeMap, HashMap};

/// The texts of one entity that take comments on paragraphs now, for its public page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextNotes {
    /// The process whose open phase allows annotations.
    pub process: String,
    /// The entity key (`area:2021/infrastruktur`).
    pub entity: String,
    /// Each text that takes comments (`summary`, `body`, …) of the newest version as blocks
    /// with ids.
    pub texts: BTreeMap<String, Vec<IdBlock>>,
    /// Visible comments by (text key, block id).
    pub counts: HashMap<(String, String), i64>,
}

impl TextNotes {
    /// The key of text `field`: `{entity}#{field}`.
    pub fn text_key(&self, field: &str) -> String {
        text_key(&self.entity, field)
    }

    /// How many visible comments block `block` of text `field` has.
    pub fn count(&self, field: &str, block: &str) -> i64 {
        self.counts
            .get(&(self.text_key(field), block.to_owned()))
            .copied()
            .unwrap_or(0)
    }
}

/// The key of text `field` of `entity`: `{entity}#{field}`.
pub fn text_key(entity: &str, field: &str) -> String {
    format!("{entity}#{field}")
}

/// The fields of an entity of kind `kind` (`area`, `page`, …) whose paragraphs take comments.
/// `leichte_sprache` is never among them: it says the other texts again in plain words, and a
/// comment belongs on what it renders.
pub fn commented_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "edition" => &["summary", "vision"],
        "area" => &["summary", "body", "baseline"],
        "goal" | "measure" => &["body"],
        "process" | "page" => &["summary", "body"],
        _ => &[],
    }
}

/// Entity and field of a text key, if its paragraphs take comments: a field of
/// [`commented_fields`], and no legal page (their texts are the operator's statements).
pub(super) fn split_key(text: &str) -> Option<(&str, &str)> {
    let (entity, field) = text.split_once('#')?;
    let (kind, key) = entity.split_once(':')?;
    if kind == "page" && paths::is_legal_page(key) {
        return None;
    }
    commented_fields(kind)
        .contains(&field)
        .then_some((entity, field))
}

impl App {
    /// The edition `entity` (`edition:E`, `area:E/S`, `goal:S`, `measure:S`) belongs to, `None`
    /// when it names nothing current.
    async fn edition_of(&self, entity: &str) -> AppResult<Option<String>> {
        let Some((kind, key)) = entity.split_once(':') else {
            return Ok(None);
        };
        let kind = match TargetKind::parse(kind) {
            Some(TargetKind::Edition) => return Ok(Some(key.to_owned())),
            Some(k @ (TargetKind::Area | TargetKind::Goal | TargetKind::Measure)) => k,
            _ => return Ok(None),
        };
        for p in self.processes().await? {
            let Some(edition) = &p.edition else { continue };
            if self
                .store
                .targets(edition)
                .await?
                .iter()
                .any(|(k, t, _, archived)| *k == kind && t == key && !archived)
            {
                return Ok(Some(edition.clone()));
            }
        }
        Ok(None)
    }

    /// Whether process `process` keeps the comments on the texts of `entity`, open or not: the
    /// process of the entity's edition, the process itself for its own texts, and for a content
    /// page a process of the default edition.
    pub(super) async fn keeps_notes_of(&self, process: &Process, entity: &str) -> AppResult<bool> {
        let (kind, key) = entity.split_once(':').ok_or(AppError::NotFound)?;
        let edition = match kind {
            "process" => return Ok(key == process.slug),
            "page" => self.default_edition().await?,
            _ => self.edition_of(entity).await?,
        };
        Ok(edition.is_some() && edition == process.edition)
    }

    async fn default_edition(&self) -> AppResult<Option<String>> {
        Ok(self.store.content_meta().await?.map(|m| m.default_edition))
    }

    /// The process open today that takes comments on paragraphs of `edition`'s texts.
    pub async fn annotating_process_for(&self, edition: &str) -> AppResult<Option<String>> {
        let today = today();
        Ok(self
            .processes()
            .await?
            .into_iter()
            .find(|p| {
                p.edition.as_deref() == Some(edition) && p.allows_on(today, Allowance::Annotations)
            })
            .map(|p| p.slug))
    }

    /// The texts of `entity` (of edition `edition`: an area, goal, measure or the edition
    /// itself) with their blocks and comment counts, while a phase that allows annotations is
    /// open; `None` otherwise or when it has no version yet.
    pub async fn text_notes(&self, entity: &str, edition: &str) -> AppResult<Option<TextNotes>> {
        let process = self.annotating_process_for(edition).await?;
        self.notes_in(process, entity).await
    }

    /// The summary and body of process `slug` with their blocks and comment counts, while the
    /// process itself has a phase open that allows annotations.
    pub async fn process_text_notes(&self, slug: &str) -> AppResult<Option<TextNotes>> {
        let today = today();
        let process = self
            .processes()
            .await?
            .into_iter()
            .find(|p| p.slug == slug && p.allows_on(today, Allowance::Annotations))
            .map(|p| p.slug);
        self.notes_in(process, &format!("process:{slug}")).await
    }

    /// The summary and body of content page `slug` with their blocks and comment counts, while
    /// the process of the default edition takes annotations; `None` for a legal page.
    pub async fn page_text_notes(&self, slug: &str) -> AppResult<Option<TextNotes>> {
        if paths::is_legal_page(slug) {
            return Ok(None);
        }
        let process = match self.default_edition().await? {
            Some(e) => self.annotating_process_for(&e).await?,
            None => None,
        };
        self.notes_in(process, &format!("page:{slug}")).await
    }

    /// The texts of `entity` that take comments, for `process` when there is one.
    async fn notes_in(
        &self,
        process: Option<String>,
        entity: &str,
    ) -> AppResult<Option<TextNotes>> {
        let Some(process) = process else {
            return Ok(None);
        };
        let Some((_, mut record)) = self.store.latest_record(entity).await? else {
            return Ok(None);
        };
        let kind = entity.split_once(':').map_or("", |(k, _)| k);
        record
            .texts
            .retain(|field, _| commented_fields(kind).contains(&field.as_str()));
        let counts = self
            .store
            .annotation_counts(entity)
            .await?
            .into_iter()
            .map(|(t, b, n)| ((t, b), n))
            .collect();
        Ok(Some(TextNotes {
            process,
            entity: entity.to_owned(),
            texts: record.texts,
            counts,
        }))
    }
}
