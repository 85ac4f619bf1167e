//! Indicators and regions as lists for programs (the JSON API, docs/API.md): in the order of
//! their keys, a page at a time after the key the caller saw last, like the measures
//! (`crate::listing`).

use crate::listing::{ListPage, page_after, page_size};
use crate::{App, AppError, AppResult};
use fahrplan_domain::monitoring::{Indicator, Region};
use fahrplan_store::IndicatorRecord;

impl App {
    /// Indicators in the order of their slugs, with their whole-Land values, after the slug
    /// `after`, at most `limit` of them (default and maximum as for measures).
    pub async fn indicator_list(
        &self,
        after: Option<&str>,
        limit: Option<usize>,
    ) -> AppResult<ListPage<Indicator>> {
        let size = page_size(limit)?;
        let mut all = self.store.indicators().await?;
        all.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(page_after(all, |i| i.slug.as_str(), after, size))
    }

    /// One indicator with every current value (regional ones included) and its whole history.
    pub async fn indicator_item(&self, slug: &str) -> AppResult<IndicatorRecord> {
        self.store.indicator(slug).await?.ok_or(AppError::NotFound)
    }

    /// Regions in the order of their official keys, after the key `after`.
    pub async fn region_list(
        &self,
        after: Option<&str>,
        limit: Option<usize>,
    ) -> AppResult<ListPage<Region>> {
        let size = page_size(limit)?;
        let mut all = self.store.regions().await?;
        all.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(page_after(all, |r| r.key.as_str(), after, size))
    }
}
