//! What a content import writes of monitoring (CONTENT-FORMAT.md, "Indicators and regions"),
//! inside the import's transaction. Regions and the indicators' definitions follow the folder;
//! observations are merged, never deleted:
//!
//! - An observation of the folder is appended when it differs from what the folder gave for the
//!   same indicator, period and region at the last import, and from the current value. A value
//!   that a form, CSV file or the API corrected since stays current until the folder itself
//!   changes that figure.
//! - An observation the folder no longer lists stays.
//! - An indicator the folder leaves out is deleted with its content observations only when no
//!   form, CSV file or API call recorded anything for it; otherwise it stays as it is.

use crate::monitoring::{ObservationRecord, same};
use fahrplan_domain::monitoring::*;
use std::collections::{HashMap, HashSet};

pub(crate) const UPSERT_INDICATOR: &str = "INSERT INTO indicators (slug, position, name, unit, direction, edition, area, owner, summary, example, rule_definition, rule_denominator, rule_source, baseline_value, baseline_period, baseline_source, baseline_source_url, target_value, target_period, target_source, target_source_url, reference_label, reference_value, reference_period, reference_source, reference_source_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26) ON CONFLICT (slug) DO UPDATE SET position = excluded.position, name = excluded.name, unit = excluded.unit, direction = excluded.direction, edition = excluded.edition, area = excluded.area, owner = excluded.owner, summary = excluded.summary, example = excluded.example, rule_definition = excluded.rule_definition, rule_denominator = excluded.rule_denominator, rule_source = excluded.rule_source, baseline_value = excluded.baseline_value, baseline_period = excluded.baseline_period, baseline_source = excluded.baseline_source, baseline_source_url = excluded.baseline_source_url, target_value = excluded.target_value, target_period = excluded.target_period, target_source = excluded.target_source, target_source_url = excluded.target_source_url, reference_label = excluded.reference_label, reference_value = excluded.reference_value, reference_period = excluded.reference_period, reference_source = excluded.reference_source, reference_source_url = excluded.reference_source_url";
pub(crate) const INSERT_REGION: &str = "INSERT INTO regions (key, position, name, level, kind, parent, grid_row, grid_column) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub(crate) const INSERT_OBSERVATION: &str = "INSERT INTO observations (indicator, period, period_end, region, value, source, source_url, note, origin, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'content', $9, NULL)";
pub(crate) const HISTORY_ALL: &str = "SELECT id, indicator, period, region, value, source, source_url, note, origin, recorded_at, recorded_by FROM observations ORDER BY id";
pub(crate) const KEPT_BY_OTHERS: &str =
    "SELECT DISTINCT indicator FROM observations WHERE origin <> 'content'";

/// An indicator's definition without its observations: what decides whether its row changes.
pub(crate) fn definition(i: &Indicator) -> Indicator {
    Indicator {
        observations: Vec::new(),
        ..i.clone()
    }
}

/// The regions whose row differs between `old` and `new` (added, removed, changed or moved).
pub(crate) fn changed_regions<'a>(old: &'a [Region], new: &'a [Region]) -> Vec<&'a str> {
    let o: HashMap<&str, (usize, &Region)> = old
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), (i, r)))
        .collect();
    let n: HashMap<&str, (usize, &Region)> = new
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), (i, r)))
        .collect();
    let mut keys: Vec<&str> = o
        .keys()
        .chain(n.keys())
        .copied()
        .collect::<HashSet<_>>()
        .into_iter()
        .filter(|k| o.get(k) != n.get(k))
        .collect();
    keys.sort_unstable();
    keys
}

/// The observations of the folder to append: those that differ both from what the folder gave
/// at the last import (the latest content row of the key) and from the current value.
pub(crate) fn content_observations<'a>(
    indicators: &'a [Indicator],
    history: &[ObservationRecord],
) -> Vec<(&'a str, &'a Observation)> {
    type Key = (String, Period, Option<String>);
    let mut last_content: HashMap<Key, &Observation> = HashMap::new();
    let mut last_any: HashMap<Key, &Observation> = HashMap::new();
    for r in history {
        let k = (
            r.indicator.clone(),
            r.observation.period,
            r.observation.region.clone(),
        );
        if r.origin == ObservationOrigin::Content {
            last_content.insert(k.clone(), &r.observation);
        }
        last_any.insert(k, &r.observation);
    }
    let mut out = Vec::new();
    for i in indicators {
        for o in &i.observations {
            let k = (i.slug.clone(), o.period, o.region.clone());
            let repeats = |m: &HashMap<Key, &Observation>| m.get(&k).is_some_and(|s| same(s, o));
            if !repeats(&last_content) && !repeats(&last_any) {
                out.push((i.slug.as_str(), o));
            }
        }
    }
    out
}

/// Writes the monitoring part of `$set` through `$tx`; evaluates to the outbox changes
/// `(topic, entity)` it made.
macro_rules! write_monitoring {
    ($tx:ident, $set:expr, $now:expr) => {{
        use crate::monitoring as m;
        use crate::monitoring_write as w;
        let set: &fahrplan_domain::ContentSet = $set;
        let mut changes: Vec<(&'static str, String)> = Vec::new();

        let stored_regions: Vec<m::RegionRow> =
            sqlx::query_as(m::REGIONS).fetch_all(&mut *$tx).await?;
        let stored_regions = stored_regions
            .into_iter()
            .map(m::RegionRow::into_domain)
            .collect::<crate::StoreResult<Vec<_>>>()?;
        let regions_changed = w::changed_regions(&stored_regions, &set.regions);
        if !regions_changed.is_empty() {
            sqlx::query("DELETE FROM regions")
                .execute(&mut *$tx)
                .await?;
            for (i, r) in set.regions.iter().enumerate() {
                sqlx::query(w::INSERT_REGION)
                    .bind(&r.key)
                    .bind(i as i64)
                    .bind(&r.name)
                    .bind(r.level.as_str())
                    .bind(r.kind.map(|k| k.as_str()))
                    .bind(&r.parent)
                    .bind(r.grid.map(|g| i64::from(g[0])))
                    .bind(r.grid.map(|g| i64::from(g[1])))
                    .execute(&mut *$tx)
                    .await?;
            }
            for k in regions_changed {
                changes.push((crate::TOPIC_REGION, k.to_owned()));
            }
        }

        let rows: Vec<m::IndicatorRow> = sqlx::query_as(m::INDICATORS).fetch_all(&mut *$tx).await?;
        let positions: Vec<(String, i64)> = sqlx::query_as("SELECT slug, position FROM indicators")
            .fetch_all(&mut *$tx)
            .await?;
        let positions: std::collections::HashMap<String, i64> = positions.into_iter().collect();
        let goal_rows: Vec<(String, String)> = sqlx::query_as(m::INDICATOR_GOALS)
            .fetch_all(&mut *$tx)
            .await?;
        let mut stored: std::collections::HashMap<String, fahrplan_domain::monitoring::Indicator> =
            std::collections::HashMap::new();
        for row in rows {
            let i = row.into_domain()?;
            stored.insert(i.slug.clone(), i);
        }
        for (ind, g) in goal_rows {
            if let Some(i) = stored.get_mut(&ind) {
                i.goals.push(g);
            }
        }
        let mut touched: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for (pos, ind) in set.indicators.iter().enumerate() {
            let def = w::definition(ind);
            let same_row = stored.get(&ind.slug) == Some(&def)
                && positions.get(&ind.slug) == Some(&(pos as i64));
            if same_row {
                continue;
            }
            crate::monitoring_write::write_indicator!($tx, ind, pos);
            touched.insert(ind.slug.clone());
        }
        let kept: Vec<(String,)> = sqlx::query_as(w::KEPT_BY_OTHERS)
            .fetch_all(&mut *$tx)
            .await?;
        let kept: std::collections::HashSet<String> = kept.into_iter().map(|(s,)| s).collect();
        let in_set: std::collections::HashSet<&str> =
            set.indicators.iter().map(|i| i.slug.as_str()).collect();
        let mut gone: Vec<&String> = stored
            .keys()
            .filter(|s| !in_set.contains(s.as_str()) && !kept.contains(*s))
            .collect();
        gone.sort();
        for slug in gone {
            sqlx::query("DELETE FROM observations WHERE indicator = $1")
                .bind(slug)
                .execute(&mut *$tx)
                .await?;
            sqlx::query("DELETE FROM indicator_goals WHERE indicator = $1")
                .bind(slug)
                .execute(&mut *$tx)
                .await?;
            sqlx::query("DELETE FROM indicators WHERE slug = $1")
                .bind(slug)
                .execute(&mut *$tx)
                .await?;
            touched.insert(slug.clone());
        }

        let history: Vec<m::HistoryRow> =
            sqlx::query_as(w::HISTORY_ALL).fetch_all(&mut *$tx).await?;
        let history = history
            .into_iter()
            .map(m::history_record)
            .collect::<crate::StoreResult<Vec<_>>>()?;
        for (slug, o) in w::content_observations(&set.indicators, &history) {
            sqlx::query(w::INSERT_OBSERVATION)
                .bind(slug)
                .bind(o.period.to_string())
                .bind(m::period_end(o.period))
                .bind(o.region.clone().unwrap_or_default())
                .bind(o.value)
                .bind(&o.source)
                .bind(&o.source_url)
                .bind(&o.note)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
            touched.insert(slug.to_owned());
        }
        for slug in touched {
            changes.push((crate::TOPIC_INDICATOR, slug));
        }
        changes
    }};
}
pub(crate) use write_monitoring;

/// Writes one indicator's row at position `$pos` and its goals, through `$tx`.
macro_rules! write_indicator {
    ($tx:ident, $ind:expr, $pos:expr) => {{
        let ind: &fahrplan_domain::monitoring::Indicator = $ind;
        let pos: usize = $pos;
        use crate::monitoring_write as w;
        let (edition, area) = ind.area.split_once('/').unwrap_or((ind.area.as_str(), ""));
        let t = ind.target.as_ref();
        let r = ind.reference.as_ref();
        sqlx::query(w::UPSERT_INDICATOR)
            .bind(&ind.slug)
            .bind(pos as i64)
            .bind(&ind.name)
            .bind(&ind.unit)
            .bind(ind.direction.as_str())
            .bind(edition)
            .bind(area)
            .bind(&ind.owner)
            .bind(&ind.summary)
            .bind(i64::from(ind.example))
            .bind(&ind.counting_rule.definition)
            .bind(&ind.counting_rule.denominator)
            .bind(&ind.counting_rule.source)
            .bind(ind.baseline.value)
            .bind(ind.baseline.period.to_string())
            .bind(&ind.baseline.source)
            .bind(&ind.baseline.source_url)
            .bind(t.map(|t| t.value))
            .bind(t.map(|t| t.period.to_string()))
            .bind(t.map(|t| t.source.clone()))
            .bind(t.and_then(|t| t.source_url.clone()))
            .bind(r.map(|r| r.label.clone()))
            .bind(r.map(|r| r.value))
            .bind(r.map(|r| r.period.to_string()))
            .bind(r.map(|r| r.source.clone()))
            .bind(r.and_then(|r| r.source_url.clone()))
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM indicator_goals WHERE indicator = $1")
            .bind(&ind.slug)
            .execute(&mut *$tx)
            .await?;
        for (j, g) in ind.goals.iter().enumerate() {
            sqlx::query(
                "INSERT INTO indicator_goals (indicator, position, goal) VALUES ($1, $2, $3)",
            )
            .bind(&ind.slug)
            .bind(j as i64)
            .bind(g)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}
pub(crate) use write_indicator;

/// The stored indicators' definitions (goals, no observations) in content order, read through
/// `$tx`: what an editorial change of an indicator starts from.
macro_rules! stored_indicators {
    ($tx:ident) => {{
        use crate::monitoring as m;
        let rows: Vec<m::IndicatorRow> =
            sqlx::query_as(&format!("{} ORDER BY position", m::INDICATORS))
                .fetch_all(&mut *$tx)
                .await?;
        let goal_rows: Vec<(String, String)> = sqlx::query_as(m::INDICATOR_GOALS)
            .fetch_all(&mut *$tx)
            .await?;
        let mut list = rows
            .into_iter()
            .map(m::IndicatorRow::into_domain)
            .collect::<crate::StoreResult<Vec<_>>>()?;
        for (ind, g) in goal_rows {
            if let Some(i) = list.iter_mut().find(|i| i.slug == ind) {
                i.goals.push(g);
            }
        }
        list
    }};
}
pub(crate) use stored_indicators;
