//! The preview of a change (issue 16, "Workflow"): the public page of the entity, read the way
//! the public page reads it, with the proposed values written into it by the same functions
//! that publishing uses. The web layer renders it with the public page's own template, so the
//! reviewer sees exactly what publishing will show.

use super::create;
use super::fields;
use super::kinds::{self, EntityKind, EntityRef};
use crate::accounts::Actor;
use crate::strategy::{AreaView, GoalView, MeasureView};
use crate::{App, AppError, AppResult};
use fahrplan_domain::Page;
use fahrplan_store::{GoalInArea, MeasureInArea};

/// A public page's view with a change's values in it.
#[derive(Debug, Clone)]
pub enum Preview {
    /// A measure page.
    Measure(Box<MeasureView>),
    /// A goal page.
    Goal(Box<GoalView>),
    /// An area page.
    Area(Box<AreaView>),
    /// A content page.
    Page(Box<Page>),
    /// The kind has no public page of its own to preview; the change page shows its texts.
    None,
}

impl App {
    /// The public page of change `id`'s entity as it will look once the change is published:
    /// to anyone who may see the change. Values that no longer pass the check (a department
    /// dissolved since) are refused as when publishing.
    pub async fn preview_change(&self, actor: &Actor, id: i64) -> AppResult<Preview> {
        let (c, e, set) = self.change_for(actor, id).await?;
        let values: fields::Values =
            serde_json::from_str(&c.proposal).map_err(AppError::internal)?;
        let checked =
            fields::check(e.kind.specs(), &values, &set.departments).map_err(AppError::Invalid)?;
        if c.base_version == 0 && kinds::load(&set, &e).is_none() {
            return self.preview_new(&e, &values, &checked).await;
        }
        Ok(match e.kind {
            EntityKind::Measure => {
                let mut v = self.measure_view(&e.key).await?;
                kinds::set_measure(&mut v.measure.measure, &checked);
                Preview::Measure(Box::new(v))
            }
            EntityKind::Goal => {
                let mut v = self.goal_view(&e.key).await?;
                kinds::set_goal(&mut v.goal.goal, &checked);
                Preview::Goal(Box::new(v))
            }
            EntityKind::Area => {
                let (edition, slug) = e.key.split_once('/').ok_or(AppError::NotFound)?;
                let mut v = self.area_view(edition, slug).await?;
                // The view keeps the facts beside the area; the form writes them into it.
                v.area.doc.facts = std::mem::take(&mut v.facts);
                kinds::set_area(&mut v.area.doc, &checked);
                v.facts = v.area.doc.facts.clone();
                Preview::Area(Box::new(v))
            }
            EntityKind::Page => {
                let mut p = self.page_view(&e.key).await?;
                kinds::set_page(&mut p, &checked);
                Preview::Page(Box::new(p))
            }
            _ => Preview::None,
        })
    }

    /// The page of a proposed new goal or measure, in the area its proposal names, as it will
    /// stand there once published (no status reports, no goals linked yet).
    async fn preview_new(
        &self,
        e: &EntityRef,
        values: &fields::Values,
        checked: &fields::Checked,
    ) -> AppResult<Preview> {
        let area = values.get(create::AREA).map_or("", |s| s.trim());
        let (edition, slug) = area.split_once('/').ok_or(AppError::NotFound)?;
        let a = self.area_view(edition, slug).await?;
        let (ed, ar) = (a.edition.slug.clone(), a.area.doc.slug.clone());
        Ok(match e.kind {
            EntityKind::Measure => Preview::Measure(Box::new(MeasureView {
                measure: MeasureInArea {
                    edition: ed,
                    area: ar,
                    measure: create::new_measure(&e.key, checked),
                },
                area: a.area,
                edition: a.edition,
                goals: Vec::new(),
                departments: a.departments,
                open_process: None,
            })),
            EntityKind::Goal => Preview::Goal(Box::new(GoalView {
                goal: GoalInArea {
                    edition: ed,
                    area: ar,
                    goal: create::new_goal(&e.key, checked),
                },
                area: a.area,
                edition: a.edition,
                measures: Vec::new(),
                departments: a.departments,
                open_process: None,
            })),
            _ => Preview::None,
        })
    }
}
