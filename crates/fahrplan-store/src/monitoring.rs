//! Monitoring in the store (DOMAIN.md, Monitoring): regions and indicators as the content gives
//! them, and observations as an append-only history. A row of `observations` is never changed:
//! a later row for the same indicator, period and region is a correction, and the earlier one
//! stays readable. What the content import writes of them is `monitoring_write.rs`.

use crate::rows::corrupt;
use crate::{Store, StoreError, StoreResult, TOPIC_INDICATOR, in_tx, on_pool};
use fahrplan_domain::monitoring::*;
use std::collections::{HashMap, HashSet};

pub(crate) const REGIONS: &str =
    "SELECT key, name, level, kind, parent, grid_row, grid_column FROM regions ORDER BY position";
pub(crate) const INDICATORS: &str = "SELECT slug, name, unit, direction, edition, area, owner, summary, example, rule_definition, rule_denominator, rule_source, baseline_value, baseline_period, baseline_source, baseline_source_url, target_value, target_period, target_source, target_source_url, reference_label, reference_value, reference_period, reference_source, reference_source_url FROM indicators";
pub(crate) const INDICATOR_GOALS: &str =
    "SELECT indicator, goal FROM indicator_goals ORDER BY indicator, position";
const HISTORY: &str = "SELECT id, indicator, period, region, value, source, source_url, note, origin, recorded_at, recorded_by FROM observations";

/// A stored observation with how and when it was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationRecord {
    /// Row id: later rows are later records.
    pub id: i64,
    /// Slug of the indicator.
    pub indicator: String,
    /// The observation.
    pub observation: Observation,
    /// How it reached the database.
    pub origin: ObservationOrigin,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded_at: String,
    /// The account that entered it, for forms, CSV and the API.
    pub recorded_by: Option<i64>,
}

/// An observation to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewObservation {
    /// Slug of the indicator.
    pub indicator: String,
    /// The observation.
    pub observation: Observation,
}

/// What recording observations did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ObservationsWritten {
    /// New (indicator, period, region) rows.
    pub added: usize,
    /// Rows that replace an earlier value for the same key (the earlier one is kept).
    pub corrected: usize,
    /// Rows that repeat what is stored: nothing written.
    pub unchanged: usize,
}

/// An indicator with its history: every observation row, corrections included.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRecord {
    /// The indicator; its `observations` are the current values of `history`, by period, Land
    /// first.
    pub indicator: Indicator,
    /// Every observation row, oldest record first ([`Store::indicator`]), or the Land's rows and
    /// every row of a corrected period and region ([`Store::indicator_page`]).
    pub history: Vec<ObservationRecord>,
    /// Whether any value is for a region.
    pub regional: bool,
}

impl IndicatorRecord {
    /// The rows that were replaced by a later one for the same period and region.
    pub fn corrections(&self) -> impl Iterator<Item = (&ObservationRecord, &ObservationRecord)> {
        let mut latest: HashMap<(Period, Option<&str>), &ObservationRecord> = HashMap::new();
        for r in &self.history {
            latest.insert(key_of(&r.observation), r);
        }
        self.history.iter().filter_map(move |r| {
            let last = latest[&key_of(&r.observation)];
            (last.id != r.id).then_some((r, last))
        })
    }
}

fn key_of(o: &Observation) -> (Period, Option<&str>) {
    (o.period, o.region.as_deref())
}

#[derive(sqlx::FromRow)]
pub(crate) struct RegionRow {
    key: String,
    name: String,
    level: String,
    kind: Option<String>,
    parent: Option<String>,
    grid_row: Option<i64>,
    grid_column: Option<i64>,
}

impl RegionRow {
    pub(crate) fn into_domain(self) -> StoreResult<Region> {
        let cell = |v: Option<i64>| v.and_then(|n| u8::try_from(n).ok());
        Ok(Region {
            key: self.key,
            name: self.name,
            level: self
                .level
                .parse()
                .map_err(|e| corrupt(e, "regions.level"))?,
            kind: self
                .kind
                .map(|k| k.parse().map_err(|e| corrupt(e, "regions.kind")))
                .transpose()?,
            parent: self.parent,
            grid: match (cell(self.grid_row), cell(self.grid_column)) {
                (Some(r), Some(c)) => Some([r, c]),
                _ => None,
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct IndicatorRow {
    slug: String,
    name: String,
    unit: String,
    direction: String,
    edition: String,
    area: String,
    owner: String,
    summary: String,
    example: i64,
    rule_definition: String,
    rule_denominator: String,
    rule_source: String,
    baseline_value: f64,
    baseline_period: String,
    baseline_source: String,
    baseline_source_url: Option<String>,
    target_value: Option<f64>,
    target_period: Option<String>,
    target_source: Option<String>,
    target_source_url: Option<String>,
    reference_label: Option<String>,
    reference_value: Option<f64>,
    reference_period: Option<String>,
    reference_source: Option<String>,
    reference_source_url: Option<String>,
}

pub(crate) fn period(s: &str) -> StoreResult<Period> {
    Period::parse(s).map_err(|_| StoreError::Corrupt {
        what: "Period".to_owned(),
        value: s.to_owned(),
    })
}

impl IndicatorRow {
    /// The indicator without goals and observations (read by their own queries).
    pub(crate) fn into_domain(self) -> StoreResult<Indicator> {
        let target = match (self.target_value, self.target_period) {
            (Some(value), Some(p)) => Some(Figure {
                value,
                period: period(&p)?,
                source: self.target_source.unwrap_or_default(),
                source_url: self.target_source_url,
            }),
            _ => None,
        };
        let reference = match (self.reference_value, self.reference_period) {
            (Some(value), Some(p)) => Some(Reference {
                label: self.reference_label.unwrap_or_default(),
                value,
                period: period(&p)?,
                source: self.reference_source.unwrap_or_default(),
                source_url: self.reference_source_url,
            }),
            _ => None,
        };
        Ok(Indicator {
            slug: self.slug,
            name: self.name,
            unit: self.unit,
            direction: self
                .direction
                .parse()
                .map_err(|e| corrupt(e, "indicators.direction"))?,
            area: format!("{}/{}", self.edition, self.area),
            goals: Vec::new(),
            owner: self.owner,
            summary: self.summary,
            example: self.example != 0,
            counting_rule: CountingRule {
                definition: self.rule_definition,
                denominator: self.rule_denominator,
                source: self.rule_source,
            },
            baseline: Figure {
                value: self.baseline_value,
                period: period(&self.baseline_period)?,
                source: self.baseline_source,
                source_url: self.baseline_source_url,
            },
            target,
            reference,
            observations: Vec::new(),
        })
    }
}

/// What [`Store::indicator`] reads: the indicator, its goals and its history.
type OneIndicatorRows = (Option<IndicatorRow>, Vec<(String,)>, Vec<HistoryRow>);

/// What [`Store::indicator_page`] reads: [`OneIndicatorRows`] and whether a regional row exists.
type PageRows = (
    Option<IndicatorRow>,
    Vec<(String,)>,
    Vec<HistoryRow>,
    Option<(i64,)>,
);

pub(crate) type HistoryRow = (
    i64,
    String,
    String,
    String,
    f64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<i64>,
);

pub(crate) fn history_record(row: HistoryRow) -> StoreResult<ObservationRecord> {
    let (id, indicator, p, region, value, source, source_url, note, origin, at, by) = row;
    Ok(ObservationRecord {
        id,
        indicator,
        observation: Observation {
            period: period(&p)?,
            value,
            region: (!region.is_empty()).then_some(region),
            source,
            source_url,
            note,
        },
        origin: origin
            .parse()
            .map_err(|e| corrupt(e, "observations.origin"))?,
        recorded_at: at,
        recorded_by: by,
    })
}

/// The current values of a history (the latest record of each period and region), ordered by
/// period, the Land's value before the regions' and regions by key.
pub fn current(history: &[ObservationRecord]) -> Vec<Observation> {
    let mut latest: HashMap<(Period, Option<&str>), &ObservationRecord> = HashMap::new();
    for r in history {
        let k = key_of(&r.observation);
        if latest.get(&k).is_none_or(|l| l.id < r.id) {
            latest.insert(k, r);
        }
    }
    let mut out: Vec<Observation> = latest
        .into_values()
        .map(|r| r.observation.clone())
        .collect();
    out.sort_by(|a, b| {
        (a.period.day_number(), a.period.to_string(), &a.region).cmp(&(
            b.period.day_number(),
            b.period.to_string(),
            &b.region,
        ))
    });
    out
}

/// Whether `new` repeats `old`: same value, source, address and note.
pub(crate) fn same(old: &Observation, new: &Observation) -> bool {
    old.value == new.value
        && old.source == new.source
        && old.source_url == new.source_url
        && old.note == new.note
}

impl Store {
    /// Every region, in content order.
    pub async fn regions(&self) -> StoreResult<Vec<Region>> {
        let rows: Vec<RegionRow> = on_pool!(self, p => sqlx::query_as(REGIONS).fetch_all(p).await)?;
        rows.into_iter().map(RegionRow::into_domain).collect()
    }

    /// Every indicator in content order, with its goals and its current values for the whole
    /// Land (regional values are read per indicator, by [`Store::indicator`]).
    pub async fn indicators(&self) -> StoreResult<Vec<Indicator>> {
        self.indicators_with(Some(&format!("{HISTORY} WHERE region = '' ORDER BY id")))
            .await
    }

    /// Every indicator in content order with every current value, the regions' included: what
    /// an export writes, so that exporting and importing again changes nothing. Three queries.
    pub async fn indicators_with_every_value(&self) -> StoreResult<Vec<Indicator>> {
        self.indicators_with(Some(&format!("{HISTORY} ORDER BY id")))
            .await
    }

    /// Every indicator in content order with its goals and no values (`observations` empty):
    /// the definitions without the series, which can be 100,000 rows. Two queries.
    pub async fn indicator_definitions(&self) -> StoreResult<Vec<Indicator>> {
        self.indicators_with(None).await
    }

    /// The indicators with their goals and the current values of the rows `history` selects
    /// (none when it is `None`).
    async fn indicators_with(&self, history: Option<&str>) -> StoreResult<Vec<Indicator>> {
        let (rows, goals, history): (Vec<IndicatorRow>, Vec<(String, String)>, Vec<HistoryRow>) = on_pool!(self, p => {
            let rows = sqlx::query_as(&format!("{INDICATORS} ORDER BY position")).fetch_all(p).await?;
            let goals = sqlx::query_as(INDICATOR_GOALS).fetch_all(p).await?;
            let history = match history {
                Some(sql) => sqlx::query_as(sql).fetch_all(p).await?,
                None => Vec::new(),
            };
            Ok::<_, sqlx::Error>((rows, goals, history))
        })?;
        let mut list = rows
            .into_iter()
            .map(IndicatorRow::into_domain)
            .collect::<StoreResult<Vec<_>>>()?;
        let mut by_indicator: HashMap<String, Vec<ObservationRecord>> = HashMap::new();
        for row in history {
            let r = history_record(row)?;
            by_indicator.entry(r.indicator.clone()).or_default().push(r);
        }
        let mut goal_map: HashMap<String, Vec<String>> = HashMap::new();
        for (i, g) in goals {
            goal_map.entry(i).or_default().push(g);
        }
        for i in &mut list {
            i.goals = goal_map.remove(&i.slug).unwrap_or_default();
            i.observations = current(by_indicator.get(&i.slug).map_or(&[], Vec::as_slice));
        }
        Ok(list)
    }

    /// One indicator with its goals, every current value (Land and regions) and its whole
    /// history; `None` if there is no such indicator.
    pub async fn indicator(&self, slug: &str) -> StoreResult<Option<IndicatorRecord>> {
        let (row, goals, history): OneIndicatorRows = on_pool!(self, p => {
            let row = sqlx::query_as(&format!("{INDICATORS} WHERE slug = $1")).bind(slug).fetch_optional(p).await?;
            let goals = sqlx::query_as("SELECT goal FROM indicator_goals WHERE indicator = $1 ORDER BY position").bind(slug).fetch_all(p).await?;
            let history = sqlx::query_as(&format!("{HISTORY} WHERE indicator = $1 ORDER BY id")).bind(slug).fetch_all(p).await?;
            Ok::<_, sqlx::Error>((row, goals, history))
        })?;
        let Some(row) = row else { return Ok(None) };
        let mut indicator = row.into_domain()?;
        indicator.goals = goals.into_iter().map(|(g,)| g).collect();
        let history = history
            .into_iter()
            .map(history_record)
            .collect::<StoreResult<Vec<_>>>()?;
        indicator.observations = current(&history);
        let regional = history.iter().any(|r| r.observation.region.is_some());
        Ok(Some(IndicatorRecord {
            indicator,
            history,
            regional,
        }))
    }

    /// One indicator as its page shows it: the Land's values, every row of a period and region
    /// that was corrected (wherever it is), and whether it has regional values, without
    /// reading the regional series itself (thousands of rows an indicator page does not draw).
    pub async fn indicator_page(&self, slug: &str) -> StoreResult<Option<IndicatorRecord>> {
        let (row, goals, history, regional): PageRows = on_pool!(self, p => {
            let row = sqlx::query_as(&format!("{INDICATORS} WHERE slug = $1")).bind(slug).fetch_optional(p).await?;
            let goals = sqlx::query_as("SELECT goal FROM indicator_goals WHERE indicator = $1 ORDER BY position").bind(slug).fetch_all(p).await?;
            let history = sqlx::query_as(&format!(
                "{HISTORY} WHERE indicator = $1 AND (region = '' OR (region, period) IN (SELECT region, period FROM observations WHERE indicator = $1 AND region <> '' GROUP BY region, period HAVING COUNT(*) > 1)) ORDER BY id"))
                .bind(slug).fetch_all(p).await?;
            let regional = sqlx::query_as("SELECT CAST(1 AS BIGINT) FROM observations WHERE indicator = $1 AND region <> '' LIMIT 1")
                .bind(slug).fetch_optional(p).await?;
            Ok::<_, sqlx::Error>((row, goals, history, regional))
        })?;
        let Some(row) = row else { return Ok(None) };
        let mut indicator = row.into_domain()?;
        indicator.goals = goals.into_iter().map(|(g,)| g).collect();
        let history = history
            .into_iter()
            .map(history_record)
            .collect::<StoreResult<Vec<_>>>()?;
        indicator.observations = current(&history);
        Ok(Some(IndicatorRecord {
            indicator,
            history,
            regional: regional.is_some(),
        }))
    }

    /// The slugs of the indicators that have values for regions, in content order.
    pub async fn regional_indicators(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, p => sqlx::query_as(
            "SELECT slug FROM indicators i WHERE EXISTS (SELECT 1 FROM observations o WHERE o.indicator = i.slug AND o.region <> '') ORDER BY position")
            .fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// Records observations from a form, a CSV file or the API in one transaction, with one
    /// outbox row per indicator that changed. A row that repeats the stored value of its
    /// indicator, period and region writes nothing; another value is appended as a correction,
    /// the earlier one kept. The caller checks indicators and regions first: an unknown
    /// indicator is a `Conflict` and nothing is written.
    pub async fn record_observations(
        &self,
        rows: &[NewObservation],
        origin: ObservationOrigin,
        by: Option<i64>,
    ) -> StoreResult<ObservationsWritten> {
        let slugs: HashSet<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
        let now = crate::now_text();
        let written = in_tx!(self, tx => {
            let mut stored: HashMap<(String, Period, Option<String>), ObservationRecord> = HashMap::new();
            for slug in &slugs {
                let history: Vec<HistoryRow> = sqlx::query_as(&format!("{HISTORY} WHERE indicator = $1 ORDER BY id"))
                    .bind(*slug).fetch_all(&mut *tx).await?;
                for row in history {
                    let r = history_record(row)?;
                    stored.insert((r.indicator.clone(), r.observation.period, r.observation.region.clone()), r);
                }
            }
            let mut out = ObservationsWritten::default();
            let mut fresh: Vec<&NewObservation> = Vec::new();
            let mut changed: HashSet<&str> = HashSet::new();
            let mut seen: HashMap<(String, Period, Option<String>), &Observation> = HashMap::new();
            for r in rows {
                let key = (r.indicator.clone(), r.observation.period, r.observation.region.clone());
                let before = seen.get(&key).copied().or(stored.get(&key).map(|s| &s.observation));
                match before {
                    Some(old) if same(old, &r.observation) => out.unchanged += 1,
                    Some(_) => { out.corrected += 1; fresh.push(r); changed.insert(&r.indicator); }
                    None => { out.added += 1; fresh.push(r); changed.insert(&r.indicator); }
                }
                seen.insert(key, &r.observation);
            }
            for chunk in fresh.chunks(500) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO observations (indicator, period, period_end, region, value, source, source_url, note, origin, recorded_at, recorded_by) ");
                q.push_values(chunk, |mut b, r| {
                    let o = &r.observation;
                    b.push_bind(r.indicator.as_str())
                        .push_bind(o.period.to_string())
                        .push_bind(period_end(o.period))
                        .push_bind(o.region.clone().unwrap_or_default())
                        .push_bind(o.value)
                        .push_bind(o.source.as_str())
                        .push_bind(o.source_url.as_deref())
                        .push_bind(o.note.as_deref())
                        .push_bind(origin.as_str())
                        .push_bind(now.as_str())
                        .push_bind(by);
                });
                q.build().execute(&mut *tx).await?;
            }
            let mut changed: Vec<&str> = changed.into_iter().collect();
            changed.sort_unstable();
            for slug in changed {
                sqlx::query(crate::outbox::APPEND).bind(&now).bind(TOPIC_INDICATOR).bind(slug)
                    .execute(&mut *tx).await?;
            }
            out
        });
        Ok(written)
    }
}

/// The last day of a period as `YYYY-MM-DD`, the column the time axis is sorted by.
pub(crate) fn period_end(p: Period) -> String {
    let (y, m, d) = p.last_day();
    format!("{y:04}-{m:02}-{d:02}")
}
