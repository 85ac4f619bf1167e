//! Recording observations in bulk from a CSV file (`fahrplan import observations FILE.csv`,
//! CONTRACTS.md "CSV files"): every row is checked before anything is written, and a file with
//! one bad row writes nothing.

use crate::{App, AppError};
use fahrplan_domain::monitoring::import::{
    ObservationRow, RowError, read_rows, unknown_references,
};
use fahrplan_domain::monitoring::{Indicator, Observation, ObservationOrigin, Region, RegionLevel};
use fahrplan_store::{NewObservation, ObservationsWritten};
use std::collections::{HashMap, HashSet};

/// What an import of observations did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObservationImport {
    /// Rows read.
    pub rows: usize,
    /// Added, corrected and unchanged rows.
    pub written: ObservationsWritten,
}

/// Why an import of observations wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ObservationImportError {
    /// Rows (or the header) that cannot be applied, each with its line and reason.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<RowError>),
    /// The database refused the write.
    #[error(transparent)]
    App(#[from] AppError),
}

/// The rows whose value cannot be a value of their indicator: a share outside 0 to 100, or a
/// negative count.
fn out_of_range(rows: &[ObservationRow], indicators: &HashMap<&str, &Indicator>) -> Vec<RowError> {
    rows.iter()
        .filter_map(|r| {
            let i = indicators.get(r.indicator.as_str())?;
            let bad = if i.unit == "%" {
                !(0.0..=100.0).contains(&r.value)
            } else {
                r.value < 0.0
            };
            bad.then(|| RowError {
                line: r.line,
                reason: format!(
                    "value {} out of range for an indicator in {:?}",
                    r.value, i.unit
                ),
            })
        })
        .collect()
}

/// The observation of a row; the Land's own key stands for the whole Land (no region).
fn observation(r: &ObservationRow, land: &HashSet<&str>) -> Observation {
    Observation {
        period: r.period,
        value: r.value,
        region: r.region.clone().filter(|k| !land.contains(k.as_str())),
        source: r.source.clone(),
        source_url: None,
        note: r.note.clone(),
    }
}

impl App {
    /// Reads a CSV file of observations (header `indicator,period,value,region,source,note`) and
    /// records its rows with origin `csv`, in one transaction. A row that repeats the stored value
    /// changes nothing; another value is a correction, the earlier one kept in the history. Any
    /// bad row (unknown indicator or region, a value or period that does not parse, a missing
    /// source, a value out of range) is reported with its line, and nothing is written.
    pub async fn import_observations(
        &self,
        text: &str,
        by: Option<i64>,
    ) -> Result<ObservationImport, ObservationImportError> {
        let (rows, mut errors) = read_rows(text);
        if rows.is_empty() && !errors.is_empty() {
            return Err(ObservationImportError::Rows(errors));
        }
        let indicators = self.store.indicators().await.map_err(AppError::from)?;
        let regions: Vec<Region> = self.store.regions().await.map_err(AppError::from)?;
        let by_slug: HashMap<&str, &Indicator> =
            indicators.iter().map(|i| (i.slug.as_str(), i)).collect();
        let slugs: HashSet<&str> = by_slug.keys().copied().collect();
        let keys: HashSet<&str> = regions.iter().map(|r| r.key.as_str()).collect();
        errors.extend(unknown_references(&rows, &slugs, &keys));
        errors.extend(out_of_range(&rows, &by_slug));
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(ObservationImportError::Rows(errors));
        }
        let land: HashSet<&str> = regions
            .iter()
            .filter(|r| r.level == RegionLevel::Land)
            .map(|r| r.key.as_str())
            .collect();
        let new: Vec<NewObservation> = rows
            .iter()
            .map(|r| NewObservation {
                indicator: r.indicator.clone(),
                observation: observation(r, &land),
            })
            .collect();
        let written = self
            .store
            .record_observations(&new, ObservationOrigin::Csv, by)
            .await
            .map_err(AppError::from)?;
        Ok(ObservationImport {
            rows: rows.len(),
            written,
        })
    }
}
