//! The strategy's content as lists a page at a time, for programs (the JSON API): filtered, in
//! a stable order, each page starting after the key of the last item the caller saw, so a
//! client walking the pages neither skips nor repeats an item while the content changes.
//! Pages are views of plain data; the wire shape and the cursor belong to the web layer.

use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::MeasureStatus;
use fahrplan_store::{MeasureInArea, Scope};

/// Items per page when the caller names no limit.
pub const DEFAULT_LIMIT: usize = 20;
/// The most items one page holds.
pub const MAX_LIMIT: usize = 100;

/// One page of a list.
#[derive(Debug, Clone)]
pub struct ListPage<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// The key to continue after, when more items follow.
    pub next_after: Option<String>,
}

/// Which measures a list shows; every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct MeasureFilter {
    /// Slug of the edition.
    pub edition: Option<String>,
    /// Slug of the area (within the edition, if one is given).
    pub area: Option<String>,
    /// Code of a department that leads the measure or takes part in it.
    pub department: Option<String>,
    /// The current status.
    pub status: Option<MeasureStatus>,
}

impl MeasureFilter {
    /// Lists hold current measures only; an archived one still answers by its slug.
    fn admits(&self, m: &MeasureInArea) -> bool {
        m.measure.archived.is_none()
            && self.edition.as_ref().is_none_or(|e| *e == m.edition)
            && self.area.as_ref().is_none_or(|a| *a == m.area)
            && self
                .status
                .is_none_or(|s| m.measure.current_status() == Some(s))
    }
}

/// The page size asked for, checked: `None` is the default, 1 to [`MAX_LIMIT`] are allowed.
pub fn page_size(limit: Option<usize>) -> AppResult<usize> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(AppError::Invalid(vec![FieldError {
            field: "limit",
            code: "error-list-limit",
        }])),
    }
}

/// The items after `after` in a list sorted by key, at most `size` of them.
pub(crate) fn page_after<T>(
    sorted: Vec<T>,
    key: impl Fn(&T) -> &str,
    after: Option<&str>,
    size: usize,
) -> ListPage<T> {
    let start = after.map_or(0, |k| sorted.partition_point(|item| key(item) <= k));
    let mut items: Vec<T> = sorted.into_iter().skip(start).take(size + 1).collect();
    let more = items.len() > size;
    items.truncate(size);
    let next_after = more
        .then(|| items.last().map(|i| key(i).to_owned()))
        .flatten();
    ListPage { items, next_after }
}

impl App {
    /// Measures in the order of their slugs, after the slug `after`, at most `limit` of them
    /// (default [`DEFAULT_LIMIT`], at most [`MAX_LIMIT`]). Two store queries whatever the size.
    pub async fn measure_list(
        &self,
        filter: &MeasureFilter,
        after: Option<&str>,
        limit: Option<usize>,
    ) -> AppResult<ListPage<MeasureInArea>> {
        let size = page_size(limit)?;
        let scope = match filter.department.as_deref() {
            Some(code) => Scope::Department(code),
            None => Scope::All,
        };
        let mut all = self.store.measures(scope).await?;
        all.retain(|m| filter.admits(m));
        all.sort_by(|a, b| a.measure.slug.cmp(&b.measure.slug));
        Ok(page_after(all, |m| m.measure.slug.as_str(), after, size))
    }

    /// One measure with its edition and area, by slug.
    pub async fn measure_item(&self, slug: &str) -> AppResult<MeasureInArea> {
        self.store
            .measures(Scope::Slug(slug))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<'a>(page: &ListPage<&'a str>) -> Vec<&'a str> {
        page.items.clone()
    }

    #[test]
    fn pages_after_a_key_neither_skip_nor_repeat() {
        let list = vec!["a", "b", "c", "d", "e"];
        let first = page_after(list.clone(), |s| s, None, 2);
        assert_eq!(keys(&first), ["a", "b"]);
        assert_eq!(first.next_after.as_deref(), Some("b"));
        let second = page_after(list.clone(), |s| s, Some("b"), 2);
        assert_eq!(keys(&second), ["c", "d"]);
        let last = page_after(list.clone(), |s| s, Some("d"), 2);
        assert_eq!(keys(&last), ["e"]);
        assert_eq!(last.next_after, None);
    }

    #[test]
    fn a_page_after_a_key_that_has_gone_continues_with_the_next_one() {
        // "b" was removed between two requests: the next page still starts at "c".
        let page = page_after(vec!["a", "c", "d"], |s| s, Some("b"), 5);
        assert_eq!(keys(&page), ["c", "d"]);
    }

    #[test]
    fn a_full_last_page_says_no_more_follow() {
        let page = page_after(vec!["a", "b"], |s| s, None, 2);
        assert_eq!(page.next_after, None);
    }

    #[test]
    fn the_page_size_is_checked() {
        assert_eq!(page_size(None).ok(), Some(DEFAULT_LIMIT));
        assert_eq!(page_size(Some(1)).ok(), Some(1));
        assert_eq!(page_size(Some(MAX_LIMIT)).ok(), Some(MAX_LIMIT));
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(MAX_LIMIT + 1)).is_err());
    }
}
