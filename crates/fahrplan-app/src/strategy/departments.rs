//! The list of departments and each department with what it leads or takes part in.

use super::{Departments, by_code, current};
use crate::{App, AppError, AppResult};
use fahrplan_domain::{Department, successor_chain};
use fahrplan_store::{Area, GoalInArea, MeasureInArea, Scope};

/// One department with everything it leads or takes part in.
#[derive(Debug, Clone)]
pub struct DepartmentView {
    /// The department.
    pub department: Department,
    /// Departments it took over from.
    pub predecessors: Vec<Department>,
    /// The chain of successors up to today's department.
    pub successors: Vec<Department>,
    /// Current goals it leads or partners.
    pub goals: Vec<GoalInArea>,
    /// Current measures it leads or partners.
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

impl App {
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
        let goals = current(self.store.goals(Scope::Department(code)).await?);
        let measures = current(self.store.measures(Scope::Department(code)).await?);
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
}
