//! The start page, an edition's overview and the comparison of editions.

use super::{current, latest};
use crate::{App, AppError, AppResult};
use fahrplan_domain::{ContentMeta, Edition, PartialDate, Process};
use fahrplan_store::{Area, Succession};

/// The start page.
#[derive(Debug, Clone)]
pub struct StartView {
    /// Site-level content facts.
    pub meta: ContentMeta,
    /// The edition shown.
    pub edition: Edition,
    /// Its current areas.
    pub areas: Vec<Area>,
    /// Current participation processes, closed or open.
    pub processes: Vec<Process>,
    /// When the shown content last changed.
    pub updated: PartialDate,
}

/// An edition's overview.
#[derive(Debug, Clone)]
pub struct EditionView {
    /// The edition.
    pub edition: Edition,
    /// Its current areas.
    pub areas: Vec<Area>,
    /// All editions, for navigation between them.
    pub editions: Vec<Edition>,
    /// When the shown content last changed.
    pub updated: PartialDate,
}

/// The 2016 → 2021 comparison.
#[derive(Debug, Clone)]
pub struct CompareView {
    /// All editions.
    pub editions: Vec<Edition>,
    /// All areas of all editions.
    pub areas: Vec<Area>,
    /// All successions.
    pub successions: Vec<Succession>,
}

impl CompareView {
    /// Each edition with a predecessor compared with it (`fahrplan_domain::compare_editions`):
    /// (earlier edition, later edition, what became of the areas). Areas that only group others
    /// are left out.
    pub fn changes(&self) -> Vec<(String, String, Vec<fahrplan_domain::EditionChange>)> {
        let content_areas = |edition: &str| -> Vec<&str> {
            self.areas
                .iter()
                .filter(|a| a.edition == edition)
                .filter(|a| {
                    !self.areas.iter().any(|c| {
                        c.edition == edition && c.doc.parent.as_deref() == Some(a.doc.slug.as_str())
                    })
                })
                .map(|a| a.doc.slug.as_str())
                .collect()
        };
        self.editions
            .iter()
            .filter_map(|e| {
                let before = e.predecessor.as_deref()?;
                let links: Vec<(&str, &str)> = self
                    .successions
                    .iter()
                    .filter(|s| s.from_edition == before && s.to_edition == e.slug)
                    .map(|s| (s.from_area.as_str(), s.to_area.as_str()))
                    .collect();
                let changes = fahrplan_domain::compare_editions(
                    &content_areas(before),
                    &content_areas(&e.slug),
                    &links,
                );
                Some((before.to_owned(), e.slug.clone(), changes))
            })
            .collect()
    }
}

impl App {
    /// The start page; `NotFound` when the portal has no content.
    pub async fn start_view(&self) -> AppResult<StartView> {
        let meta = self.store.content_meta().await?.ok_or(AppError::NotFound)?;
        let (edition, _) = self.edition_by_slug(&meta.default_edition).await?;
        let areas = current(self.store.areas(Some(&edition.slug)).await?);
        let processes = current(self.store.processes(None).await?);
        let updated = latest(
            std::iter::once(edition.updated)
                .chain(areas.iter().map(|a| a.doc.updated))
                .chain(processes.iter().map(|p| p.updated)),
        )
        .unwrap_or(edition.updated);
        Ok(StartView {
            meta,
            edition,
            areas,
            processes,
            updated,
        })
    }

    /// An edition's overview.
    pub async fn edition_view(&self, slug: &str) -> AppResult<EditionView> {
        let (edition, editions) = self.edition_by_slug(slug).await?;
        let areas = current(self.store.areas(Some(slug)).await?);
        let updated =
            latest(std::iter::once(edition.updated).chain(areas.iter().map(|a| a.doc.updated)))
                .unwrap_or(edition.updated);
        Ok(EditionView {
            edition,
            areas,
            editions,
            updated,
        })
    }

    /// The comparison of editions.
    pub async fn compare_view(&self) -> AppResult<CompareView> {
        Ok(CompareView {
            editions: self.store.editions().await?,
            areas: self.store.areas(None).await?,
            successions: self.store.successions(None).await?,
        })
    }
}
