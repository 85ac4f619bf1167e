//! Search use cases: the node's index follows the outbox (near-real-time), can be rebuilt from
//! the database, answers searches and suggestions, and takes imported documents.

mod docs;
pub mod import;
pub mod reading;
mod shown;

pub use docs::{CONTENT_KINDS, content_docs, contribution_doc, document_doc};
/// The path of an imported document's page; the address is decided by
/// [`fahrplan_domain::paths::document`], this name stays for the search page's callers.
pub use fahrplan_domain::paths::document as document_path;
pub use fahrplan_search::{Hit, MAX_QUERY_CHARS, SearchRequest, SearchResults, Synonyms};
pub use shown::{ENDS, OUT_OF_DATE, shown_status};

use crate::{App, AppError, AppResult};
use fahrplan_domain::{HitType, MeasureStatus};
use fahrplan_search::SearchIndex;
use fahrplan_store::{CONTRIBUTIONS_TOPIC, DOCUMENTS_TOPIC, Document};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// Outbox rows re-read behind the last applied one: on PostgreSQL a transaction can commit
/// after one with a higher sequence number, so a few rows behind are checked again.
const WINDOW: i64 = 64;
/// Outbox rows applied per round: a follower that applied this many has more waiting and goes
/// on at once; after a smaller round it waits for more to gather.
pub const ROUND: i64 = 500;
/// Documents read per page when rebuilding.
const PAGE: i64 = 500;
/// Imported documents applied per commit: bounds the memory a large import costs the server.
const DOCS_PER_ROUND: usize = 500;

/// The search state of one node.
pub struct Search {
    index: Arc<SearchIndex>,
    synonyms: Arc<Synonyms>,
    /// Sequence numbers applied within the window behind the head (`None` until the first round).
    seen: tokio::sync::Mutex<Option<BTreeSet<i64>>>,
    /// The day the content was last indexed on: a measure's status facet is the status its
    /// hit shows that day, so the content is indexed again once a day has passed.
    content_day: std::sync::Mutex<Option<(i32, u8, u8)>>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").finish_non_exhaustive()
    }
}

impl Search {
    /// The index in `dir` (created if missing), with synonym groups from the configuration
    /// added to the built-in ones.
    pub fn open(dir: &Path, extra_synonyms: &[Vec<String>]) -> AppResult<Search> {
        Ok(Self::wrap(SearchIndex::open(dir)?, extra_synonyms))
    }

    /// Like `open`, but `None` when another process (a running server) holds the index.
    pub fn open_unless_busy(
        dir: &Path,
        extra_synonyms: &[Vec<String>],
    ) -> AppResult<Option<Search>> {
        match SearchIndex::open(dir) {
            Ok(index) => Ok(Some(Self::wrap(index, extra_synonyms))),
            Err(fahrplan_search::SearchError::Busy) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// An index in memory (tests and commands that do not serve).
    pub fn in_memory() -> AppResult<Search> {
        Ok(Self::wrap(SearchIndex::in_memory()?, &[]))
    }

    fn wrap(index: SearchIndex, extra: &[Vec<String>]) -> Search {
        let mut groups = Synonyms::defaults();
        groups.extend(extra.iter().cloned());
        Search {
            index: Arc::new(index),
            synonyms: Arc::new(Synonyms::new(&groups)),
            seen: tokio::sync::Mutex::new(None),
            content_day: std::sync::Mutex::new(None),
        }
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(AppError::internal)?
}

/// Readable names of facet values by (dimension, value).
pub type FacetLabels = std::collections::HashMap<(String, String), String>;

/// What the search page shows.
#[derive(Debug, Clone)]
pub struct SearchPage {
    /// Hits, facets and the correction.
    pub results: SearchResults,
    /// Readable names of the facet values.
    pub labels: FacetLabels,
    /// Filters left out because their value names nothing, as (dimension, value).
    pub ignored: Vec<(String, String)>,
}

impl App {
    /// Searches. An empty query or one over 500 characters is invalid input (field `q`).
    pub async fn search(&self, req: SearchRequest) -> AppResult<SearchResults> {
        let index = Arc::clone(&self.search.index);
        let synonyms = Arc::clone(&self.search.synonyms);
        blocking(move || Ok(index.search(&req, &synonyms)?)).await
    }

    /// A search a client asks for (page or API): limited per client address, then [`App::search`].
    pub async fn search_for(
        &self,
        client: crate::accounts::Client<'_>,
        req: SearchRequest,
    ) -> AppResult<SearchResults> {
        self.count_search(client)?;
        self.search(req).await
    }

    /// Counts a search whose parameters could not be read against the client's search limit,
    /// so that unreadable requests are limited like any other (`RateLimited` past the limit).
    pub fn count_search(&self, client: crate::accounts::Client<'_>) -> AppResult<()> {
        self.limit(crate::ratelimit::Bucket::Search, client.ip)
    }

    /// The search page: [`App::search_for`] with the readable names of the facet values.
    /// Filter values that name nothing the site has (a made-up type or area) are left out of
    /// the search and listed in `ignored`, so the page can say so; a query without anything
    /// to search for (quotes only) is `None`, the page without results.
    pub async fn search_page(
        &self,
        client: crate::accounts::Client<'_>,
        mut req: SearchRequest,
    ) -> AppResult<Option<SearchPage>> {
        let labels = self.facet_labels().await?;
        let known = |dim: &str, value: &str| match dim {
            "type" => HitType::parse(value).is_some(),
            "status" => MeasureStatus::parse(value).is_some() || value == OUT_OF_DATE,
            _ => labels.contains_key(&(dim.to_owned(), value.to_owned())),
        };
        let (filters, ignored) = req.filters.into_iter().partition(|(d, v)| known(d, v));
        req.filters = filters;
        match self.search_for(client, req).await {
            Ok(results) => Ok(Some(SearchPage {
                results,
                labels,
                ignored,
            })),
            Err(AppError::Invalid(e)) if e.iter().all(|f| f.code == "error-search-empty") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// [`App::suggest`] for a client, limited per client address.
    pub async fn suggest_for(
        &self,
        client: crate::accounts::Client<'_>,
        q: &str,
    ) -> AppResult<Vec<String>> {
        self.limit(crate::ratelimit::Bucket::Suggest, client.ip)?;
        match self.suggest(q).await {
            // Typed text without a searchable word (quotes only) has nothing to complete yet.
            Err(AppError::Invalid(e))
                if !q.trim().is_empty() && e.iter().all(|f| f.code == "error-search-empty") =>
            {
                Ok(Vec::new())
            }
            other => other,
        }
    }

    /// Up to 8 titles for what has been typed so far (the last word as a prefix).
    pub async fn suggest(&self, q: &str) -> AppResult<Vec<String>> {
        let req = SearchRequest {
            q: q.to_owned(),
            limit: 8,
            prefix_last: true,
            ..SearchRequest::default()
        };
        let mut titles: Vec<String> = Vec::new();
        for h in self.search(req).await?.hits {
            if !titles.contains(&h.title) {
                titles.push(h.title);
            }
        }
        Ok(titles)
    }

    /// The outbox sequence number the index has applied.
    pub fn search_applied_seq(&self) -> i64 {
        self.search.index.applied_seq()
    }

    /// Applies new outbox rows to the index and commits; returns how many rows it applied.
    /// A fresh index is rebuilt from the database instead.
    pub async fn sync_search(&self) -> AppResult<usize> {
        let mut seen_guard = self.search.seen.lock().await;
        let index = Arc::clone(&self.search.index);
        let applied = index.applied_seq();
        if applied == 0 && index.is_empty() {
            drop(seen_guard);
            return self.reindex().await.map(|_| 1);
        }
        let from = (applied - WINDOW).max(0);
        let rows = self.store.outbox_after(from, ROUND).await?;
        let seen = seen_guard.get_or_insert_with(|| {
            // After a start, rows up to the committed number count as applied.
            rows.iter().map(|r| r.0).filter(|s| *s <= applied).collect()
        });
        let mut fresh: Vec<&(i64, String, String)> =
            rows.iter().filter(|r| !seen.contains(&r.0)).collect();
        // A prefix of the new rows with at most DOCS_PER_ROUND documents (at least one row); the
        // rest follows in the next round.
        let mut docs_in_round = 0;
        let keep = fresh
            .iter()
            .position(|r| {
                if r.1 == DOCUMENTS_TOPIC {
                    docs_in_round += r.2.lines().count();
                }
                docs_in_round > DOCS_PER_ROUND
            })
            .map_or(fresh.len(), |i| i.max(1));
        fresh.truncate(keep);
        let today = crate::participation::today();
        let new_day = self.content_day() != Some(today);
        if fresh.is_empty() && !new_day {
            return Ok(0);
        }
        let mut content = new_day;
        let mut rebuild = false;
        let mut ids: Vec<String> = Vec::new();
        let mut contribution_ids: Vec<i64> = Vec::new();
        for (_, topic, entity) in &fresh {
            match topic.as_str() {
                // Content rows name one entity each; the content is re-indexed as a whole once
                // per round, however many of them there are (an import writes one per change).
                "content" => content = true,
                t if fahrplan_store::CONTENT_TOPICS.contains(&t) => content = true,
                "reindex" => rebuild = true,
                DOCUMENTS_TOPIC => ids.extend(entity.lines().map(str::to_owned)),
                CONTRIBUTIONS_TOPIC => contribution_ids.extend(entity.parse::<i64>().ok()),
                _ => {}
            }
        }
        let top = fresh
            .iter()
            .map(|r| r.0)
            .max()
            .unwrap_or(applied)
            .max(applied);
        let applied_now: Vec<i64> = fresh.iter().map(|r| r.0).collect();
        if rebuild {
            drop(seen_guard);
            return self.reindex().await.map(|_| applied_now.len());
        }
        let content_docs = if content {
            self.store
                .load_content()
                .await?
                .map(|set| content_docs(&set, today))
        } else {
            None
        };
        ids.sort_unstable();
        ids.dedup();
        let documents = self.store.documents_by_ids(&ids).await?;
        contribution_ids.sort_unstable();
        contribution_ids.dedup();
        // A changed contribution is indexed anew when visible and removed otherwise.
        let mut contributions = Vec::new();
        let mut gone = Vec::new();
        for id in contribution_ids {
            match self.store.contribution(id).await {
                Ok(c) if c.state == fahrplan_domain::ContributionState::Visible => {
                    contributions.push(contribution_doc(&c))
                }
                Ok(_) | Err(fahrplan_store::StoreError::NotFound) => {
                    gone.push(fahrplan_search::key("contribution", &id.to_string()));
                }
                Err(e) => return Err(e.into()),
            }
        }
        blocking(move || {
            index.delete(&gone);
            index.upsert(&contributions)?;
            if let Some(docs) = content_docs {
                for kind in CONTENT_KINDS {
                    index.delete_kind(kind);
                }
                index.upsert(&docs)?;
            }
            let docs: Vec<_> = documents.into_iter().map(document_doc).collect();
            index.upsert(&docs)?;
            drop(docs);
            index.commit(top)?;
            Ok(())
        })
        .await?;
        if content {
            self.set_content_day(today);
        }
        seen.extend(applied_now.iter().copied());
        let floor = top - WINDOW;
        seen.retain(|s| *s >= floor);
        Ok(applied_now.len())
    }

    fn content_day(&self) -> Option<(i32, u8, u8)> {
        *self
            .search
            .content_day
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set_content_day(&self, day: (i32, u8, u8)) {
        *self
            .search
            .content_day
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(day);
    }

    /// Rebuilds the index from the database: the strategy content, every imported document and
    /// every visible contribution.
    /// Returns the number of things indexed.
    pub async fn reindex(&self) -> AppResult<u64> {
        let mut seen = self.search.seen.lock().await;
        let index = Arc::clone(&self.search.index);
        let head = self.store.outbox_head().await?;
        let today = crate::participation::today();
        let content = self
            .store
            .load_content()
            .await?
            .map(|set| content_docs(&set, today))
            .unwrap_or_default();
        self.set_content_day(today);
        let i = Arc::clone(&index);
        blocking(move || {
            i.clear()?;
            Ok(i.upsert(&content)?)
        })
        .await?;
        let mut after = String::new();
        loop {
            let page = self.store.documents_after(&after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after.clone_from(&last.id);
            let i = Arc::clone(&index);
            blocking(move || {
                let docs: Vec<_> = page.into_iter().map(document_doc).collect();
                Ok(i.upsert(&docs)?)
            })
            .await?;
        }
        let contributions: Vec<_> = self
            .store
            .visible_contributions()
            .await?
            .iter()
            .map(contribution_doc)
            .collect();
        let i = Arc::clone(&index);
        blocking(move || {
            i.upsert(&contributions)?;
            Ok(i.commit(head)?)
        })
        .await?;
        *seen = None;
        Ok(index.len())
    }

    /// Stores a batch of imported documents (new ids are added, known ids replaced); the index
    /// picks them up from the outbox.
    pub async fn import_documents(&self, docs: &[Document]) -> AppResult<()> {
        Ok(self.store.upsert_documents(docs).await?)
    }

    /// Readable names of facet values: area slugs → titles, department codes → short names.
    pub async fn facet_labels(&self) -> AppResult<FacetLabels> {
        let mut out = std::collections::HashMap::new();
        for a in self.store.areas(None).await? {
            out.entry(("area".to_owned(), a.doc.slug.clone()))
                .or_insert(a.doc.title);
        }
        for d in self.store.departments().await? {
            // Two cabinets can have a department of the same short name: an earlier one is
            // named with its cabinet.
            let label = match (&d.valid_to, &d.cabinet) {
                (Some(_), Some(cabinet)) => format!("{} ({cabinet})", d.short_name),
                _ => d.short_name,
            };
            out.insert(("department".to_owned(), d.code), label);
        }
        for e in self.store.editions().await? {
            out.insert(("edition".to_owned(), e.slug), e.short_title);
        }
        Ok(out)
    }

    /// Asks every node (and the next start) to rebuild its index from the database.
    pub async fn request_reindex(&self) -> AppResult<()> {
        Ok(self.store.request_reindex().await?)
    }

    /// One imported document.
    pub async fn document(&self, id: &str) -> AppResult<Document> {
        self.store
            .documents_by_ids(&[id.to_owned()])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    }
}
