//! Similar contributions (issue 17): before a new proposal is published, the visible proposals
//! of the same process that say much the same, so that people support an existing one instead of
//! writing it again. Candidates are the search index's best matches for the new title and text;
//! a candidate counts as similar when its words overlap the new proposal's enough (the Dice
//! coefficient of `fahrplan_domain::blocks::similarity`, over the titles or over title and text,
//! at least [`SIMILAR_THRESHOLD`]). Editors answering a contribution see the same list.

use crate::{App, AppResult};
use fahrplan_domain::blocks::similarity;
use fahrplan_domain::{ContributionKind, ContributionState};
use fahrplan_search::SearchRequest;

/// From this word overlap on, an existing proposal is shown as similar.
pub const SIMILAR_THRESHOLD: f64 = 0.4;
/// At most this many similar proposals are shown.
pub const SIMILAR_LIMIT: usize = 5;
/// Candidates asked of the search index.
const CANDIDATES: usize = 30;
/// Words of the new text put into the query.
const QUERY_WORDS: usize = 40;

/// An existing proposal like a new one.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its Markdown body.
    pub body: String,
    /// Its supports.
    pub supports: i64,
    /// How alike it is, 0 to 1.
    pub score: f64,
}

/// The search query for a text: its first words, letters and digits only, so that quotes or
/// operators a person typed are not read as query syntax.
fn query_of(title: &str, body: &str) -> String {
    let text = format!("{title} {body}");
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .take(QUERY_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

impl App {
    /// The visible proposals of `process` most like a proposal with `title` and `body`, most
    /// alike first, at most `limit` and only those at least [`SIMILAR_THRESHOLD`] alike. Empty
    /// when nothing is alike or the text gives no words to search for.
    pub async fn similar_contributions(
        &self,
        process: &str,
        title: &str,
        body: &str,
        limit: usize,
    ) -> AppResult<Vec<Similar>> {
        let q = query_of(title, body);
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let found = self
            .search(SearchRequest {
                q,
                filters: vec![("type".to_owned(), "contribution".to_owned())],
                limit: CANDIDATES,
                offset: 0,
                facets: false,
                prefix_last: false,
            })
            .await?;
        let whole = format!("{title}\n{body}");
        let mut out = Vec::new();
        for hit in found.hits {
            let Ok(id) = hit.id.parse::<i64>() else {
                continue;
            };
            let c = match self.store.contribution(id).await {
                Ok(c) => c,
                Err(fahrplan_store::StoreError::NotFound) => continue,
                Err(e) => return Err(e.into()),
            };
            if c.process != process
                || c.kind != ContributionKind::Proposal
                || c.state != ContributionState::Visible
            {
                continue;
            }
            let score = similarity(title, &c.title)
                .max(similarity(&whole, &format!("{}\n{}", c.title, c.body)));
            if score >= SIMILAR_THRESHOLD {
                out.push(Similar {
                    id,
                    title: c.title,
                    body: c.body,
                    supports: c.supports,
                    score,
                });
            }
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
        out.truncate(limit);
        Ok(out)
    }
}
