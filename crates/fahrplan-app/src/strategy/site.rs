//! What stands beside the strategy's structure: content pages, the Leichte Sprache overview of
//! the default edition and everything the sitemap lists.

use super::current;
use crate::{App, AppError, AppResult};
use fahrplan_domain::{Department, Edition, Page, Process};
use fahrplan_store::{Area, GoalInArea, MeasureInArea, Scope};

/// Leichte Sprache overview.
#[derive(Debug, Clone)]
pub struct EasyView {
    /// The default edition.
    pub edition: Edition,
    /// Its areas.
    pub areas: Vec<Area>,
}

/// Everything listed in the sitemap.
#[derive(Debug, Clone)]
pub struct SitemapView {
    /// Editions.
    pub editions: Vec<Edition>,
    /// Areas.
    pub areas: Vec<Area>,
    /// Goals.
    pub goals: Vec<GoalInArea>,
    /// Measures.
    pub measures: Vec<MeasureInArea>,
    /// Departments.
    pub departments: Vec<Department>,
    /// Processes.
    pub processes: Vec<Process>,
    /// Pages.
    pub pages: Vec<Page>,
}

impl App {
    /// One content page.
    pub async fn page_view(&self, slug: &str) -> AppResult<Page> {
        self.store
            .pages(Some(slug))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    }

    /// The Leichte Sprache overview of the default edition.
    pub async fn easy_view(&self) -> AppResult<EasyView> {
        let meta = self.store.content_meta().await?.ok_or(AppError::NotFound)?;
        let (edition, _) = self.edition_by_slug(&meta.default_edition).await?;
        let areas = current(self.store.areas(Some(&edition.slug)).await?);
        Ok(EasyView { edition, areas })
    }

    /// Everything current that has a public page, for the sitemap (archived pages still
    /// answer, but are no longer offered).
    pub async fn sitemap_view(&self) -> AppResult<SitemapView> {
        Ok(SitemapView {
            editions: self.store.editions().await?,
            areas: current(self.store.areas(None).await?),
            goals: current(self.store.goals(Scope::All).await?),
            measures: current(self.store.measures(Scope::All).await?),
            departments: self.store.departments().await?,
            processes: current(self.store.processes(None).await?),
            pages: self.store.pages(None).await?,
        })
    }
}
