//! The read use cases of participation: a process with its contributions a page at a time, one
//! contribution with its thread, and what the viewer may do there. The values they return are
//! in `views`; the writes are in `post`, `support` and `moderate`.

use super::PAGE_SIZE;
use super::views::{Targets, view, *};
use crate::accounts::Actor;
use crate::{App, AppError, AppResult};
use fahrplan_domain::{Allowance, Archived, ContributionState, Process, Role, TargetKind};
use fahrplan_store::ContributionRow;
use std::collections::HashSet;

impl App {
    pub(super) async fn process_by_slug(&self, slug: &str) -> AppResult<Process> {
        self.store
            .processes(Some(slug))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    }

    /// The title of process `slug` (`NotFound` when there is none).
    pub async fn process_title(&self, slug: &str) -> AppResult<String> {
        Ok(self.process_by_slug(slug).await?.title)
    }

    /// The targets of a process's edition: (current ones, archived ones).
    pub(super) async fn target_list(&self, process: &Process) -> AppResult<(Targets, Targets)> {
        let Some(edition) = &process.edition else {
            return Ok((Vec::new(), Vec::new()));
        };
        let (archived, current): (Vec<_>, Vec<_>) = self
            .store
            .targets(edition)
            .await?
            .into_iter()
            .partition(|t| t.3);
        let strip = |v: Vec<(TargetKind, String, String, bool)>| -> Targets {
            v.into_iter().map(|(k, key, t, _)| (k, key, t)).collect()
        };
        Ok((strip(current), strip(archived)))
    }

    /// Which of the page's contributions `ids` the viewer supports: one query with the page's
    /// ids, never all of the viewer's supports.
    pub(super) async fn supported_by(
        &self,
        viewer: Option<&Actor>,
        ids: &[i64],
    ) -> AppResult<HashSet<i64>> {
        Ok(match viewer {
            Some(a) => self
                .store
                .supports_among(a.account_id, ids)
                .await?
                .into_iter()
                .collect(),
            None => HashSet::new(),
        })
    }

    /// A process with one page of its contributions as `viewer` (or an anonymous reader) sees
    /// them. An unknown target filter is ignored; a page past the end is empty.
    pub async fn participation_view(
        &self,
        slug: &str,
        viewer: Option<&Actor>,
        q: &ListQuery,
    ) -> AppResult<ParticipationView> {
        let mut v = self.process_frame(slug, viewer).await?;
        let filter = q.target.split_once(':').and_then(|(k, key)| {
            let k = TargetKind::parse(k)?;
            v.targets
                .iter()
                .chain(&v.archived_targets)
                .find(|(tk, tkey, _)| *tk == k && tkey == key)
                .cloned()
        });
        let page = q.page.clamp(1, 100_000);
        let (rows, total) = self
            .store
            .contribution_page(
                slug,
                filter.as_ref().map(|(k, key, _)| (*k, key.as_str())),
                q.order,
                PAGE_SIZE,
                (page - 1) * PAGE_SIZE,
            )
            .await?;
        v.threads = self
            .views(rows, viewer, &v)
            .await?
            .into_iter()
            .map(|root| Thread {
                root,
                replies: Vec::new(),
            })
            .collect();
        v.total = total;
        v.page = page;
        v.pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        v.filter = filter;
        Ok(v)
    }

    /// The process with what it allows today and the viewer's rights, without contributions.
    pub(super) async fn process_frame(
        &self,
        slug: &str,
        viewer: Option<&Actor>,
    ) -> AppResult<ParticipationView> {
        let process = self.process_by_slug(slug).await?;
        let today = today();
        let mut allows: Vec<Allowance> = process
            .open_phases(today)
            .flat_map(|p| p.allows.iter().copied())
            .collect();
        allows.sort();
        allows.dedup();
        let (targets, archived_targets) = self.target_list(&process).await?;
        let consented = match viewer {
            Some(a) => self.has_consent(a).await?,
            None => false,
        };
        let blocked = match viewer {
            Some(a) => self.store.active_block(a.account_id).await?,
            None => None,
        };
        let mut v = ParticipationView {
            allows,
            threads: Vec::new(),
            total: 0,
            page: 1,
            pages: 1,
            filter: None,
            targets,
            archived_targets,
            may_state: viewer.is_some_and(|a| a.has(Role::Expert) || a.has(Role::CouncilMember)),
            may_moderate: viewer.is_some_and(|a| a.has(Role::Moderator)),
            consented,
            blocked,
            process,
            can: Abilities::default(),
        };
        v.can = abilities(&v, viewer);
        Ok(v)
    }

    pub(super) async fn views(
        &self,
        rows: Vec<ContributionRow>,
        viewer: Option<&Actor>,
        page: &ParticipationView,
    ) -> AppResult<Vec<ContributionView>> {
        let titles = page
            .targets
            .iter()
            .chain(&page.archived_targets)
            .map(|(k, key, t)| ((*k, key.clone()), t.clone()))
            .collect();
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let supported = self.supported_by(viewer, &ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut v = view(r, viewer, &supported, &titles);
            // The author reads why their contribution is hidden and what became of an objection
            // (one query for each of the viewer's own contributions on the page).
            if let Some(a) = viewer
                && v.mine
            {
                v.hiding = self.my_hiding(a, v.id).await?;
            }
            out.push(v);
        }
        Ok(out)
    }

    /// One contribution's thread (the contribution it answers, if a reply, with every reply),
    /// and its process; `NotFound` unless it belongs to process `slug` (the page's address).
    pub async fn contribution_view(
        &self,
        slug: &str,
        id: i64,
        viewer: Option<&Actor>,
    ) -> AppResult<(ParticipationView, Thread)> {
        let (v, thread) = self.thread_view(id, viewer).await?;
        if v.process.slug != slug {
            return Err(AppError::NotFound);
        }
        Ok((v, thread))
    }

    /// One contribution's thread and its process, whatever the address.
    pub(super) async fn thread_view(
        &self,
        id: i64,
        viewer: Option<&Actor>,
    ) -> AppResult<(ParticipationView, Thread)> {
        let row = self.store.contribution(id).await?;
        let rows = self.store.thread(row.parent.unwrap_or(row.id)).await?;
        let mut page = self.process_frame(&row.process, viewer).await?;
        let mut views = self.views(rows, viewer, &page).await?;
        let root = views.remove(0);
        page.total = 1;
        Ok((
            page,
            Thread {
                root,
                replies: views,
            },
        ))
    }

    /// Contribution `id` of process `slug` for the page of a form about it, after checking
    /// that `actor` may do what the form is for: only its author withdraws it while it is
    /// visible (`Forbidden`, `Conflict`), nobody reports their own (`Forbidden`), only a
    /// moderator hides (`Forbidden`). The thread holds just that contribution.
    pub async fn contribution_for(
        &self,
        actor: &Actor,
        (slug, id): (&str, i64),
        intent: Intent,
    ) -> AppResult<(ParticipationView, ContributionView)> {
        if intent == Intent::Hide {
            actor.require(Role::Moderator)?;
        }
        let (v, thread) = self.contribution_view(slug, id, Some(actor)).await?;
        let c = std::iter::once(thread.root)
            .chain(thread.replies)
            .find(|c| c.id == id)
            .ok_or(AppError::NotFound)?;
        match intent {
            Intent::Withdraw if !c.mine => return Err(AppError::Forbidden),
            Intent::Withdraw if c.state != ContributionState::Visible => {
                return Err(AppError::Conflict);
            }
            Intent::Report if c.mine => return Err(AppError::Forbidden),
            Intent::Object if !c.mine => return Err(AppError::Forbidden),
            Intent::Object if c.state != ContributionState::Hidden => {
                return Err(AppError::Conflict);
            }
            _ => {}
        }
        Ok((v, c))
    }

    /// The current participation processes (archived ones are left out: they take no
    /// contributions and are reached by their address, search and their contributions).
    pub async fn processes(&self) -> AppResult<Vec<Process>> {
        let mut all = self.store.processes(None).await?;
        all.retain(Archived::is_current);
        Ok(all)
    }

    /// The process open today for contributions about `edition` (proposals or comments), if
    /// any: measure, goal and area pages link to its form.
    pub async fn open_process_for(&self, edition: &str) -> AppResult<Option<String>> {
        let today = today();
        Ok(self
            .store
            .processes(None)
            .await?
            .into_iter()
            .find(|p| {
                p.edition.as_deref() == Some(edition)
                    && (p.allows_on(today, Allowance::Proposals)
                        || p.allows_on(today, Allowance::Comments))
            })
            .map(|p| p.slug))
    }
}
