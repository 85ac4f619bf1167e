//! What became of contributions (issue 17): the person's own list on `/konto`, the contributions
//! that shaped a goal, measure or text, the Abwägungstabelle of a process with its CSV slices and
//! figures, and one contribution with its answers for the API.

use crate::accounts::Actor;
use crate::{App, AppResult};
use fahrplan_domain::{
    AnswerState, ContributionKind, ContributionState, Process, TargetKind, paths,
};
use fahrplan_store::{
    AnswerCounts, AnswerRow, ConsiderationFilter, ConsiderationOrder, ConsiderationRow,
    ContributionRow, Shaping,
};

/// Lines per page of the Abwägungstabelle.
pub const CONSIDERATION_PAGE: i64 = 100;

/// A contribution of the person on `/konto`, with its current answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyContribution {
    /// Id.
    pub id: i64,
    /// Its page.
    pub href: String,
    /// Process title.
    pub process_title: String,
    /// Kind.
    pub kind: ContributionKind,
    /// Title ('' unless a proposal).
    pub title: String,
    /// Start of the text, for those without a title.
    pub excerpt: String,
    /// State.
    pub state: ContributionState,
    /// Unix seconds.
    pub created_at: i64,
    /// Replies to it.
    pub replies: i64,
    /// Supports.
    pub supports: i64,
    /// The current answer.
    pub answer: Option<AnswerRow>,
}

/// One page of a process's Abwägungstabelle.
#[derive(Debug, Clone)]
pub struct ConsiderationView {
    /// The process.
    pub process: Process,
    /// The lines of this page.
    pub rows: Vec<ConsiderationRow>,
    /// Lines the filter leaves, on all pages.
    pub total: i64,
    /// This page, from 1.
    pub page: i64,
    /// Pages (at least 1).
    pub pages: i64,
    /// (key `EDITION/SLUG`, title) of the areas to filter by.
    pub areas: Vec<(String, String)>,
    /// (target kind, key, title) of every target, for the lines' titles.
    pub targets: Vec<(TargetKind, String, String)>,
    /// Departments (code, name), for the name an answer speaks for.
    pub departments: Vec<(String, String)>,
}

/// How the Abwägungstabelle is asked for: filter, order, page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsiderationQuery {
    /// Only this area (`EDITION/SLUG`).
    pub area: Option<String>,
    /// Only this answer state; `Some(None)` for unanswered.
    pub state: Option<Option<AnswerState>>,
    /// Order.
    pub order: ConsiderationOrder,
    /// Page, from 1.
    pub page: i64,
}

/// The text's first words for a list: up to `max` characters, cut at a word.
pub fn excerpt(body: &str, max: usize) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{} …", &cut[..at])
}
impl App {
    /// "Was wurde aus meinem Vorschlag?": everything the person started (not their replies),
    /// newest first, with its current answer.
    pub async fn my_contributions(&self, actor: &Actor) -> AppResult<Vec<MyContribution>> {
        let rows: Vec<ContributionRow> = self
            .store
            .contributions_by(actor.account_id)
            .await?
            .into_iter()
            .filter(|r| r.parent.is_none())
            .collect();
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let answers = self.store.current_answers(&ids).await?;
        let processes = self.store.processes(None).await?;
        let mut out: Vec<MyContribution> = rows
            .into_iter()
            .map(|r| MyContribution {
                href: paths::contribution(&r.process, r.id),
                process_title: processes
                    .iter()
                    .find(|p| p.slug == r.process)
                    .map(|p| p.title.clone())
                    .unwrap_or_else(|| r.process.clone()),
                answer: answers.iter().find(|a| a.contribution == r.id).cloned(),
                excerpt: excerpt(&r.body, 120),
                id: r.id,
                kind: r.kind,
                title: r.title,
                state: r.state,
                created_at: r.created_at,
                replies: r.replies,
                supports: r.supports,
            })
            .collect();
        out.reverse();
        Ok(out)
    }

    /// The contributions that shaped an entity (their current answer links to it).
    pub async fn shaped_by(&self, entity: &str) -> AppResult<Vec<Shaping>> {
        Ok(self.store.shaped(entity).await?)
    }

    /// A page of the Abwägungstabelle of process `slug`.
    pub async fn consideration(
        &self,
        slug: &str,
        q: &ConsiderationQuery,
    ) -> AppResult<ConsiderationView> {
        let (mut v, filter) = self.consideration_frame(slug, q).await?;
        v.page = q.page.clamp(1, 100_000);
        let (rows, total) = self
            .store
            .consideration_page(
                slug,
                &filter,
                q.order,
                CONSIDERATION_PAGE,
                (v.page - 1) * CONSIDERATION_PAGE,
            )
            .await?;
        v.pages = ((total + CONSIDERATION_PAGE - 1) / CONSIDERATION_PAGE).max(1);
        v.rows = rows;
        v.total = total;
        Ok(v)
    }

    /// The table's frame without its lines (the process, the targets' titles, the areas, the
    /// departments' names) and the filter as checked: an unknown area is no filter, as on the
    /// process page. The CSV and the API read the lines a slice at a time after it.
    pub async fn consideration_frame(
        &self,
        slug: &str,
        q: &ConsiderationQuery,
    ) -> AppResult<(ConsiderationView, ConsiderationFilter)> {
        let process = self.process_by_slug(slug).await?;
        let (current, archived) = self.target_list(&process).await?;
        let targets: Vec<_> = current.into_iter().chain(archived).collect();
        let areas: Vec<(String, String)> = targets
            .iter()
            .filter(|(k, _, _)| *k == TargetKind::Area)
            .map(|(_, key, title)| (key.clone(), title.clone()))
            .collect();
        let filter = ConsiderationFilter {
            area: q.area.clone().filter(|a| areas.iter().any(|(k, _)| k == a)),
            state: q.state,
        };
        let v = ConsiderationView {
            process,
            rows: Vec::new(),
            total: 0,
            page: 1,
            pages: 1,
            areas,
            targets,
            departments: self.department_names().await?,
        };
        Ok((v, filter))
    }

    /// The next slice of the Abwägungstabelle after contribution `after`, by number.
    pub async fn consideration_slice(
        &self,
        slug: &str,
        filter: &ConsiderationFilter,
        after: i64,
        limit: i64,
    ) -> AppResult<Vec<ConsiderationRow>> {
        Ok(self
            .store
            .consideration_after(slug, filter, after, limit)
            .await?)
    }

    /// One contribution for the API: its stored row with title and body blanked unless it is
    /// visible, the author's account id cleared, and every answer, oldest first.
    pub async fn contribution_record(
        &self,
        id: i64,
    ) -> AppResult<(ContributionRow, Vec<AnswerRow>)> {
        let mut row = self.store.contribution(id).await?;
        if row.state != ContributionState::Visible {
            row.title.clear();
            row.body.clear();
        }
        row.author = 0;
        let answers = self.store.answers_of(id).await?;
        Ok((row, answers))
    }

    /// The figures of a process: contributions, answered ones, per answer state.
    pub async fn answer_summary(&self, slug: &str) -> AppResult<(Process, AnswerCounts)> {
        let process = self.process_by_slug(slug).await?;
        let counts = self.store.answer_counts(slug).await?;
        Ok((process, counts))
    }
}
