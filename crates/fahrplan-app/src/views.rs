//! Read use cases: everything one public page shows, gathered with a fixed number of store
//! queries. Page structs here hold data, not markup.

use crate::{App, AppError, AppResult};
use fahrplan_domain::*;
use fahrplan_store::{Area, AreaKey, GoalInArea, MeasureInArea, Scope, Succession};
use std::collections::HashMap;

/// Departments by code, for labels and links.
pub type Departments = HashMap<String, Department>;

fn by_code(list: Vec<Department>) -> Departments {
    list.into_iter().map(|d| (d.code.clone(), d)).collect()
}

fn latest(dates: impl IntoIterator<Item = PartialDate>) -> Option<PartialDate> {
    dates.into_iter().max()
}

/// The start page.
#[derive(Debug, Clone)]
pub struct StartView {
    /// Site-level content facts.
    pub meta: ContentMeta,
    /// The edition shown.
    pub edition: Edition,
    /// Its areas.
    pub areas: Vec<Area>,
    /// Participation processes, closed or open.
    pub processes: Vec<Process>,
    /// When the shown content last changed.
    pub updated: PartialDate,
}

/// An edition's overview.
#[derive(Debug, Clone)]
pub struct EditionView {
    /// The edition.
    pub edition: Edition,
    /// Its areas.
    pub areas: Vec<Area>,
    /// All editions, for navigation between them.
    pub editions: Vec<Edition>,
    /// When the shown content last changed.
    pub updated: PartialDate,
}

/// One area with its goals and measures.
#[derive(Debug, Clone)]
pub struct AreaView {
    /// The edition.
    pub edition: Edition,
    /// The area.
    pub area: Area,
    /// Areas of the same edition (parent, children, siblings for navigation).
    pub siblings: Vec<Area>,
    /// Figures of the Ausgangslage.
    pub facts: Vec<Fact>,
    /// Goals.
    pub goals: Vec<GoalInArea>,
    /// Measures.
    pub measures: Vec<MeasureInArea>,
    /// Links from and to areas of other editions.
    pub successions: Vec<Succession>,
    /// Departments by code.
    pub departments: Departments,
    /// The process open today for contributions about the edition, if any.
    pub open_process: Option<String>,
}

/// One goal with the measures serving it.
#[derive(Debug, Clone)]
pub struct GoalView {
    /// The goal.
    pub goal: GoalInArea,
    /// Its area.
    pub area: Area,
    /// Its edition.
    pub edition: Edition,
    /// Measures serving the goal.
    pub measures: Vec<MeasureInArea>,
    /// Departments by code.
    pub departments: Departments,
    /// The process open today for contributions about the edition, if any.
    pub open_process: Option<String>,
}

/// One measure.
#[derive(Debug, Clone)]
pub struct MeasureView {
    /// The measure.
    pub measure: MeasureInArea,
    /// Its area.
    pub area: Area,
    /// Its edition.
    pub edition: Edition,
    /// The goals it serves.
    pub goals: Vec<GoalInArea>,
    /// Departments by code.
    pub departments: Departments,
    /// The process open today for contributions about the edition, if any.
    pub open_process: Option<String>,
}

/// One department with everything it leads or takes part in.
#[derive(Debug, Clone)]
pub struct DepartmentView {
    /// The department.
    pub department: Department,
    /// Departments it took over from.
    pub predecessors: Vec<Department>,
    /// The chain of successors up to today's department.
    pub successors: Vec<Department>,
    /// Goals it leads or partners.
    pub goals: Vec<GoalInArea>,
    /// Measures it leads or partners.
    pub measures: Vec<MeasureInArea>,
    /// Departments by code.
    pub departments: Departments,
    /// All areas, for the titles of the areas goals and measures belong to.
    pub areas: Vec<Area>,
}

/// All departments.
#[derive(Debug, Clone)]
pub struct DepartmentsView {
    /// Departments in content order.
    pub departments: Vec<Department>,
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

    /// The start page; `NotFound` when the portal has no content.
    pub async fn start_view(&self) -> AppResult<StartView> {
        let meta = self.store.content_meta().await?.ok_or(AppError::NotFound)?;
        let (edition, _) = self.edition_by_slug(&meta.default_edition).await?;
        let areas = self.store.areas(Some(&edition.slug)).await?;
        let processes = self.store.processes(None).await?;
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
        let areas = self.store.areas(Some(slug)).await?;
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

    /// One area page.
    pub async fn area_view(&self, edition: &str, slug: &str) -> AppResult<AreaView> {
        let key = AreaKey { edition, slug };
        let area = self.store.area(key).await?.ok_or(AppError::NotFound)?;
        let (edition, _) = self.edition_by_slug(edition).await?;
        let siblings = self.store.areas(Some(&edition.slug)).await?;
        let facts = self
            .store
            .facts(Some(&format!("area:{}", area.key())))
            .await?
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        let goals = self.store.goals(Scope::Area(key)).await?;
        let measures = self.store.measures(Scope::Area(key)).await?;
        let successions = self.store.successions(Some(key)).await?;
        let departments = by_code(self.store.departments().await?);
        let open_process = self.open_process_for(&edition.slug).await?;
        Ok(AreaView {
            open_process,
            edition,
            area,
            siblings,
            facts,
            goals,
            measures,
            successions,
            departments,
        })
    }

    /// One goal page.
    pub async fn goal_view(&self, slug: &str) -> AppResult<GoalView> {
        let goal = self
            .store
            .goals(Scope::Slug(slug))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?;
        let area = self
            .store
            .area(AreaKey {
                edition: &goal.edition,
                slug: &goal.area,
            })
            .await?
            .ok_or(AppError::NotFound)?;
        let (edition, _) = self.edition_by_slug(&goal.edition).await?;
        let measures = self.store.measures(Scope::Goal(slug)).await?;
        let departments = by_code(self.store.departments().await?);
        let open_process = self.open_process_for(&edition.slug).await?;
        Ok(GoalView {
            open_process,
            goal,
            area,
            edition,
            measures,
            departments,
        })
    }

    /// One measure page.
    pub async fn measure_view(&self, slug: &str) -> AppResult<MeasureView> {
        let measure = self
            .store
            .measures(Scope::Slug(slug))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?;
        let key = AreaKey {
            edition: &measure.edition,
            slug: &measure.area,
        };
        let area = self.store.area(key).await?.ok_or(AppError::NotFound)?;
        let (edition, _) = self.edition_by_slug(&measure.edition).await?;
        let goals = self
            .store
            .goals(Scope::Area(key))
            .await?
            .into_iter()
            .filter(|g| measure.measure.goals.contains(&g.goal.slug))
            .collect();
        let departments = by_code(self.store.departments().await?);
        let open_process = self.open_process_for(&edition.slug).await?;
        Ok(MeasureView {
            open_process,
            measure,
            area,
            edition,
            goals,
            departments,
        })
    }

    /// One department page.
    pub async fn department_view(&self, code: &str) -> AppResult<DepartmentView> {
        let all = self.store.departments().await?;
        let department = all
            .iter()
            .find(|d| d.code == code)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let predecessors = all
            .iter()
            .filter(|d| d.successor.as_deref() == Some(code))
            .cloned()
            .collect();
        let successors = successor_chain(code, |c| all.iter().find(|d| d.code == c))
            .into_iter()
            .cloned()
            .collect();
        let goals = self.store.goals(Scope::Department(code)).await?;
        let measures = self.store.measures(Scope::Department(code)).await?;
        let areas = self.store.areas(None).await?;
        Ok(DepartmentView {
            department,
            predecessors,
            successors,
            goals,
            measures,
            departments: by_code(all),
            areas,
        })
    }

    /// The list of departments.
    pub async fn departments_view(&self) -> AppResult<DepartmentsView> {
        Ok(DepartmentsView {
            departments: self.store.departments().await?,
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

    /// All participation processes.
    pub async fn processes(&self) -> AppResult<Vec<Process>> {
        Ok(self.store.processes(None).await?)
    }

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
        let areas = self.store.areas(Some(&edition.slug)).await?;
        Ok(EasyView { edition, areas })
    }

    /// Everything that has a public page, for the sitemap.
    pub async fn sitemap_view(&self) -> AppResult<SitemapView> {
        Ok(SitemapView {
            editions: self.store.editions().await?,
            areas: self.store.areas(None).await?,
            goals: self.store.goals(Scope::All).await?,
            measures: self.store.measures(Scope::All).await?,
            departments: self.store.departments().await?,
            processes: self.store.processes(None).await?,
            pages: self.store.pages(None).await?,
        })
    }
}
