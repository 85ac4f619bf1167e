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
use fahrplan_domain::{Archived, ContentMeta, Department, Edition, PartialDate};
use std::collections::HashMap;

/// Departments by code, for labels and links.
pub type Departments = HashMap<String, Department>;

fn by_code(list: Vec<Department>) -> Departments {
    list.into_iter().map(|d| (d.code.clone(), d)).collect()
}

fn latest(dates: impl IntoIterator<Item = PartialDate>) -> Option<PartialDate> {
    dates.into_iter().max()
}

/// The items that are part of the current content: lists and navigation leave archived ones
/// out, while their own pages stay (DOMAIN.md, Archived).
fn current<T: Archived>(mut items: Vec<T>) -> Vec<T> {
    items.retain(Archived::is_current);
    items
}

/// The items a page of `owner` lists: the current ones, and all of them on the page of an
/// archived owner, whose goals and measures were withdrawn with it.
fn listed<T: Archived>(owner: &impl Archived, mut items: Vec<T>) -> Vec<T> {
    if owner.is_current() {
        items.retain(Archived::is_current);
    }
    items
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
