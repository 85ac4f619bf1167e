//! The whole stored content as one set: what `export content` writes and the search indexes.

use crate::content_read::group;
use crate::{Scope, Store, StoreResult};
use fahrplan_domain::*;
use std::collections::HashMap;

impl Store {
    /// The whole content as one set, for export (a fixed number of queries).
    pub async fn load_content(&self) -> StoreResult<Option<ContentSet>> {
        self.content_with(true).await
    }

    /// The whole content as [`Store::load_content`] reads it, but every indicator's
    /// `observations` left empty: for the editorial checks and forms, which need the structure,
    /// the owners and the texts, not the series (which can be 100,000 rows).
    pub async fn load_content_without_observations(&self) -> StoreResult<Option<ContentSet>> {
        self.content_with(false).await
    }

    /// The whole content, with every current value of each indicator or with none.
    async fn content_with(&self, observations: bool) -> StoreResult<Option<ContentSet>> {
        let Some(meta) = self.content_meta().await? else {
            return Ok(None);
        };
        let departments = self.departments().await?;
        let editions = self.editions().await?;
        let areas = self.areas(None).await?;
        let mut facts = group(self.facts(None).await?);
        let mut successors: HashMap<String, Vec<String>> = HashMap::new();
        for s in self.successions(None).await? {
            successors
                .entry(format!("{}/{}", s.from_edition, s.from_area))
                .or_default()
                .push(format!("{}/{}", s.to_edition, s.to_area));
        }
        let mut goals: HashMap<String, Vec<Goal>> = HashMap::new();
        for g in self.goals(Scope::All).await? {
            goals
                .entry(format!("{}/{}", g.edition, g.area))
                .or_default()
                .push(g.goal);
        }
        let mut measures: HashMap<String, Vec<Measure>> = HashMap::new();
        for m in self.measures(Scope::All).await? {
            measures
                .entry(format!("{}/{}", m.edition, m.area))
                .or_default()
                .push(m.measure);
        }
        let mut by_edition: HashMap<String, Vec<AreaDoc>> = HashMap::new();
        for a in areas {
            let key = a.key();
            let mut doc = a.doc;
            doc.facts = facts.remove(&format!("area:{key}")).unwrap_or_default();
            doc.successors = successors.remove(&key).unwrap_or_default();
            doc.goals = goals.remove(&key).unwrap_or_default();
            doc.measures = measures.remove(&key).unwrap_or_default();
            by_edition.entry(a.edition).or_default().push(doc);
        }
        // Every current value, of the Land and the regions, whoever recorded it: exporting and
        // importing again changes nothing.
        let indicators = if observations {
            self.indicators_with_every_value().await?
        } else {
            self.indicator_definitions().await?
        };
        let editions = editions
            .into_iter()
            .map(|e| EditionDoc {
                areas: by_edition.remove(&e.slug).unwrap_or_default(),
                edition: e,
            })
            .collect();
        Ok(Some(ContentSet {
            meta,
            departments,
            editions,
            processes: self.processes(None).await?,
            pages: self.pages(None).await?,
            indicators,
            regions: self.regions().await?,
            block_refs: self.block_refs().await?,
        }))
    }
}
