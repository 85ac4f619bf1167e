//! The pages of one area, goal or measure, each with the process open for contributions
//! about its edition.

use super::{Departments, by_code, listed};
use crate::{App, AppError, AppResult};
use fahrplan_domain::{Archived, Edition, Fact};
use fahrplan_store::{Area, AreaKey, GoalInArea, MeasureInArea, Scope, Succession};

/// One area with its goals and measures.
#[derive(Debug, Clone)]
pub struct AreaView {
    /// The edition.
    pub edition: Edition,
    /// The area.
    pub area: Area,
    /// Current areas of the same edition (parent, children, siblings for navigation).
    pub siblings: Vec<Area>,
    /// Figures of the Ausgangslage.
    pub facts: Vec<Fact>,
    /// Current goals (all of them when the area is archived).
    pub goals: Vec<GoalInArea>,
    /// Current measures (all of them when the area is archived).
    pub measures: Vec<MeasureInArea>,
    /// Links from and to areas of other editions.
    pub successions: Vec<Succession>,
    /// Departments by code.
    pub departments: Departments,
    /// The process open today for contributions about the edition, if any (none when the item
    /// is archived).
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
    /// Current measures serving the goal (all of them when the goal is archived).
    pub measures: Vec<MeasureInArea>,
    /// Departments by code.
    pub departments: Departments,
    /// The process open today for contributions about the edition, if any (none when the item
    /// is archived).
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
    /// The process open today for contributions about the edition, if any (none when the item
    /// is archived).
    pub open_process: Option<String>,
}

impl App {
    /// The process open for contributions about `item`, which has none once `item` is archived:
    /// nothing new is written about withdrawn content.
    async fn open_process_about(
        &self,
        item: &impl Archived,
        edition: &str,
    ) -> AppResult<Option<String>> {
        if item.is_current() {
            self.open_process_for(edition).await
        } else {
            Ok(None)
        }
    }

    /// One area page.
    pub async fn area_view(&self, edition: &str, slug: &str) -> AppResult<AreaView> {
        let key = AreaKey { edition, slug };
        let area = self.store.area(key).await?.ok_or(AppError::NotFound)?;
        let (edition, _) = self.edition_by_slug(edition).await?;
        let siblings = listed(&area, self.store.areas(Some(&edition.slug)).await?);
        let facts = self
            .store
            .facts(Some(&format!("area:{}", area.key())))
            .await?
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        let goals = listed(&area, self.store.goals(Scope::Area(key)).await?);
        let measures = listed(&area, self.store.measures(Scope::Area(key)).await?);
        let successions = self.store.successions(Some(key)).await?;
        let departments = by_code(self.store.departments().await?);
        let open_process = self.open_process_about(&area, &edition.slug).await?;
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
        let measures = listed(&goal, self.store.measures(Scope::Goal(slug)).await?);
        let departments = by_code(self.store.departments().await?);
        let open_process = self.open_process_about(&goal, &edition.slug).await?;
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
        let open_process = self.open_process_about(&measure, &edition.slug).await?;
        Ok(MeasureView {
            open_process,
            measure,
            area,
            edition,
            goals,
            departments,
        })
    }
}
