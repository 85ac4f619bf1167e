//! The strategy as readers see it: the read use cases of the start page, editions, areas,
//! goals, measures, departments, the comparison, content pages, the Leichte Sprache overview
//! and the sitemap. Each gathers everything one page shows with a fixed number of store
//! queries; view structs hold data, not markup (which cached pages they feed is `crate::tags`).

mod departments;
mod editions;
mod items;
mod site;

pub use departments::{DepartmentView, DepartmentsView};
pub use editions::{CompareView, EditionView, StartView};
pub use items::{AreaView, GoalView, MeasureView};
pub use site::{EasyView, SitemapView};

use crate::{App, AppError, AppResult};
use fahrplan_domain::{ContentMeta, Department, Edition, PartialDate};
use std::collections::HashMap;

/// Departments by code, for labels and links.
pub type Departments = HashMap<String, Department>;

fn by_code(list: Vec<Department>) -> Departments {
    list.into_iter().map(|d| (d.code.clone(), d)).collect()
}

fn latest(dates: impl IntoIterator<Item = PartialDate>) -> Option<PartialDate> {
    dates.into_iter().max()
}

impl App {
    /// Site-level content facts (name, demonstration flag); `None` for an empty portal.
    pub async fn content_meta(&self) -> AppResult<Option<ContentMeta>> {
        Ok(self.store.content_meta().await?)
    }

    async fn edition_by_slug(&self, slug: &str) -> AppResult<(Edition, Vec<Edition>)> {
        let editions = self.store.editions().await?;
        let e = editions
            .iter()
            .find(|e| e.slug == slug)
            .cloned()
            .ok_or(AppError::NotFound)?;
        Ok((e, editions))
    }
}
