//! Reports (issue 15, "Who may enter data"): a department's own figure for an indicator and the
//! status of a measure it leads, from a form or the API. Each report is checked against the one
//! rule of `fahrplan_domain::reporting` (admins, editors of the owner or of a successor, second
//! factor given), validated field by field, written at once with its outbox row, and audited
//! with the value before and after. Nothing here waits for a second person.

use crate::accounts::Actor;
use crate::participation::today;
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::monitoring::{Indicator, Observation, ObservationOrigin, Period, Region};
use fahrplan_domain::monitoring::{RegionLevel, period::Part};
use fahrplan_domain::text::Shape;
use fahrplan_domain::{
    Department, MeasureStatus, PartialDate, Role, StatusChange, link, may_report,
};
use fahrplan_store::{MeasureInArea, NewObservation};

/// The longest source title a report takes.
pub const SOURCE_MAX: usize = 300;
/// The longest source address a report takes.
pub const SOURCE_URL_MAX: usize = 2000;
/// The longest note a report takes.
pub const NOTE_MAX: usize = 500;

/// A value as typed into the form or sent to the API, before checking. Empty strings stand for
/// fields left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ValueReport {
    /// `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub period: String,
    /// A number; a decimal comma is read as a decimal point.
    #[serde(default)]
    pub value: String,
    /// Official key of a region; empty (or the Land's key) for the whole Land.
    #[serde(default)]
    pub region: String,
    /// Publisher and title of the source.
    #[serde(default)]
    pub source: String,
    /// Public address of the source.
    #[serde(default)]
    pub source_url: String,
    /// A remark.
    #[serde(default)]
    pub note: String,
}

/// A status as typed into the form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct StatusReport {
    /// Wire value of the status.
    #[serde(default)]
    pub status: String,
    /// The day it changed, `YYYY-MM-DD`.
    #[serde(default)]
    pub on: String,
    /// A short note.
    #[serde(default)]
    pub note: String,
}

/// What a value report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    /// A value for a period and region that had none.
    Added,
    /// Another value for a period and region: a correction, the earlier one kept.
    Corrected,
    /// The same value again: nothing written.
    Unchanged,
}

impl ReportOutcome {
    /// The wire value (`added`, `corrected`, `unchanged`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportOutcome::Added => "added",
            ReportOutcome::Corrected => "corrected",
            ReportOutcome::Unchanged => "unchanged",
        }
    }
}

/// What the value form shows: the indicator and the regions to choose from.
#[derive(Debug, Clone)]
pub struct ValueReportForm {
    /// The indicator with its current values.
    pub indicator: Indicator,
    /// Every region, the Land first.
    pub regions: Vec<Region>,
}

/// What the status form shows: the measure with its history.
#[derive(Debug, Clone)]
pub struct StatusReportForm {
    /// The measure.
    pub measure: MeasureInArea,
    /// Today (Europe/Berlin), the latest day a status may be reported for.
    pub today: (i32, u8, u8),
}

fn err(field: &'static str, code: &'static str) -> FieldError {
    FieldError { field, code }
}

const SOURCE: Messages = Messages {
    required: "error-report-source-required",
    too_long: "error-report-source-too-long",
    control: "error-report-source-control",
};

const NOTE: (&str, &str) = ("error-report-note-too-long", "error-report-note-control");

/// The departments whose editor the actor is, counted only with the second factor given.
pub(crate) fn editor_departments(actor: &Actor) -> Vec<&str> {
    if !actor.second_factor {
        return Vec::new();
    }
    actor
        .roles
        .iter()
        .filter(|(r, _)| *r == Role::Editor)
        .map(|(_, d)| d.as_str())
        .collect()
}

/// Refuses (`Forbidden`) unless the actor may report for what `owner` owns or leads.
fn allowed(actor: &Actor, owner: &str, departments: &[Department]) -> AppResult<()> {
    if may_report(
        &editor_departments(actor),
        actor.has(Role::Admin),
        owner,
        departments,
    ) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A number as people type it: a decimal point, or a decimal comma; no thousands separators.
pub(crate) fn number(raw: &str) -> Option<f64> {
    let t = raw.trim();
    let t = if !t.contains('.') && t.matches(',').count() == 1 {
        t.replace(',', ".")
    } else {
        t.to_owned()
    };
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    t.parse::<f64>().ok().filter(|v| ok && v.is_finite())
}

/// Whether `value` can be a value of `indicator`: a share from 0 to 100, a count not below 0
/// (the rule of the CSV import).
fn in_range(indicator: &Indicator, value: f64) -> bool {
    if indicator.unit == "%" {
        (0.0..=100.0).contains(&value)
    } else {
        value >= 0.0
    }
}

/// Whether a period has begun by `day`: a figure for a period still to come cannot be known.
fn begun(p: Period, day: (i32, u8, u8)) -> bool {
    let first = match p.part {
        Part::Year => (p.year, 1, 1),
        Part::Quarter(q) => (p.year, (q - 1) * 3 + 1, 1),
        Part::Month(m) => (p.year, m, 1),
        Part::Day(m, d) => (p.year, m, d),
    };
    first <= day
}

/// The observation of a report, or every field error in form order.
fn checked_value(
    r: &ValueReport,
    indicator: &Indicator,
    regions: &[Region],
) -> Result<Observation, Vec<FieldError>> {
    let mut errors = Vec::new();
    let period = match Period::parse(r.period.trim()) {
        Ok(p) if begun(p, today()) => Some(p),
        Ok(_) => {
            errors.push(err("period", "error-report-period-future"));
            None
        }
        Err(_) => {
            errors.push(err("period", "error-report-period-invalid"));
            None
        }
    };
    let value = match number(&r.value) {
        Some(v) if in_range(indicator, v) => Some(v),
        Some(_) if indicator.unit == "%" => {
            errors.push(err("value", "error-report-value-share"));
            None
        }
        Some(_) => {
            errors.push(err("value", "error-report-value-negative"));
            None
        }
        None => {
            errors.push(err("value", "error-report-value-invalid"));
            None
        }
    };
    let key = r.region.trim();
    let region = match regions.iter().find(|g| g.key == key) {
        _ if key.is_empty() => Some(None),
        Some(g) if g.level == RegionLevel::Land => Some(None),
        Some(g) => Some(Some(g.key.clone())),
        None => {
            errors.push(err("region", "error-report-region-unknown"));
            None
        }
    };
    let source = text::required(&r.source, Shape::Line, "source", SOURCE_MAX, SOURCE)
        .map_err(|e| errors.push(e))
        .ok();
    let url = r.source_url.trim();
    let source_url = if url.is_empty() {
        Some(None)
    } else if url.chars().count() <= SOURCE_URL_MAX
        && link::is_safe_link(url)
        && !link::is_site_path(url)
    {
        Some(Some(url.to_owned()))
    } else {
        errors.push(err("source_url", "error-report-source-url-invalid"));
        None
    };
    let note = text::optional(&r.note, Shape::Line, "note", NOTE_MAX, NOTE)
        .map_err(|e| errors.push(e))
        .ok();
    match (period, value, region, source, source_url, note) {
        (Some(period), Some(value), Some(region), Some(source), Some(source_url), Some(note))
            if errors.is_empty() =>
        {
            Ok(Observation {
                period,
                value,
                region,
                source,
                source_url,
                note,
            })
        }
        _ => Err(errors),
    }
}

/// The status entry of a report, or every field error in form order. `last` is the date of
/// the history's last entry: a report may not come before it, nor after today.
fn checked_status(
    r: &StatusReport,
    last: Option<PartialDate>,
    today: (i32, u8, u8),
) -> Result<StatusChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let status = r.status.trim().parse::<MeasureStatus>().ok();
    if status.is_none() {
        errors.push(err("status", "error-report-status-unknown"));
    }
    let on = match PartialDate::parse(r.on.trim()) {
        Ok(d) if !d.is_full() => {
            errors.push(err("on", "error-report-date-invalid"));
            None
        }
        Ok(d) if d.first_day() > today => {
            errors.push(err("on", "error-report-date-future"));
            None
        }
        // A month or year in the history stands for its first day: a day within it is not
        // before it.
        Ok(d) if last.is_some_and(|l| d.first_day() < l.first_day()) => {
            errors.push(err("on", "error-report-date-before-last"));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(err("on", "error-report-date-invalid"));
            None
        }
    };
    let note = text::optional(&r.note, Shape::Line, "note", NOTE_MAX, NOTE)
        .map_err(|e| errors.push(e))
        .ok();
    match (status, on, note) {
        (Some(status), Some(on), Some(note)) if errors.is_empty() => {
            Ok(StatusChange { on, status, note })
        }
        _ => Err(errors),
    }
}

impl App {
    async fn reportable_indicator(&self, actor: &Actor, slug: &str) -> AppResult<Indicator> {
        let record = self
            .store
            .indicator(slug)
            .await?
            .ok_or(AppError::NotFound)?;
        let departments = self.store.departments().await?;
        allowed(actor, &record.indicator.owner, &departments)?;
        Ok(record.indicator)
    }

    async fn reportable_measure(&self, actor: &Actor, slug: &str) -> AppResult<MeasureInArea> {
        let m = self.measure_item(slug).await?;
        let departments = self.store.departments().await?;
        allowed(actor, &m.measure.lead, &departments)?;
        // A withdrawn measure gets no new status.
        if m.measure.archived.is_some() {
            return Err(AppError::Conflict);
        }
        Ok(m)
    }

    /// The form reporting a value of indicator `slug`: `Forbidden` for everyone outside the rule.
    pub async fn value_report_form(&self, actor: &Actor, slug: &str) -> AppResult<ValueReportForm> {
        let indicator = self.reportable_indicator(actor, slug).await?;
        Ok(ValueReportForm {
            indicator,
            regions: self.store.regions().await?,
        })
    }

    /// The form reporting the status of measure `slug`: `Forbidden` for everyone outside the
    /// rule, `Conflict` for a withdrawn measure.
    pub async fn status_report_form(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> AppResult<StatusReportForm> {
        Ok(StatusReportForm {
            measure: self.reportable_measure(actor, slug).await?,
            today: today(),
        })
    }

    /// Reports a value of indicator `slug` (from a form: `origin` `form`; from the API: `api`):
    /// checked against the rule (`Forbidden`), then field by field (`Invalid`), recorded with the
    /// account, and audited with the value before and after. The same value again writes
    /// nothing; another value for the same period and region is a correction.
    pub async fn report_observation(
        &self,
        actor: &Actor,
        slug: &str,
        report: &ValueReport,
        origin: ObservationOrigin,
    ) -> AppResult<ReportOutcome> {
        let indicator = self.reportable_indicator(actor, slug).await?;
        let regions = self.store.regions().await?;
        let observation = checked_value(report, &indicator, &regions).map_err(AppError::Invalid)?;
        // The indicator as read holds every current value, regional ones included.
        let before = indicator
            .observations
            .iter()
            .find(|o| o.period == observation.period && o.region == observation.region)
            .map(|o| o.value);
        let written = self
            .store
            .record_observations(
                &[NewObservation {
                    indicator: slug.to_owned(),
                    observation: observation.clone(),
                }],
                origin,
                Some(actor.account_id),
            )
            .await?;
        let outcome = if written.added > 0 {
            ReportOutcome::Added
        } else if written.corrected > 0 {
            ReportOutcome::Corrected
        } else {
            ReportOutcome::Unchanged
        };
        if outcome != ReportOutcome::Unchanged {
            let detail = serde_json::json!({
                "origin": origin.as_str(),
                "outcome": outcome.as_str(),
                "period": observation.period.to_string(),
                "region": observation.region,
                "before": before,
                "after": observation.value,
                "source": observation.source,
            })
            .to_string();
            self.audit(
                Some(actor.account_id),
                "observation.report",
                &format!("indicator:{slug}"),
                &detail,
            )
            .await?;
        }
        tracing::info!(
            indicator = slug,
            outcome = outcome.as_str(),
            "value reported"
        );
        Ok(outcome)
    }

    /// Reports the status of measure `slug`: checked against the rule (`Forbidden`), then field
    /// by field (`Invalid`: an unknown status, a day in the future or before the history's last
    /// entry), appended to the history with its outbox row, and audited with the status before
    /// and after.
    pub async fn report_status(
        &self,
        actor: &Actor,
        slug: &str,
        report: &StatusReport,
    ) -> AppResult<()> {
        let m = self.reportable_measure(actor, slug).await?;
        let last = m.measure.status.last();
        let entry =
            checked_status(report, last.map(|s| s.on), today()).map_err(AppError::Invalid)?;
        self.store.append_status(slug, &entry).await?;
        let detail = serde_json::json!({
            "before": last.map(|s| s.status.as_str()),
            "after": entry.status.as_str(),
            "on": entry.on.to_string(),
            "note": entry.note,
        })
        .to_string();
        self.audit(
            Some(actor.account_id),
            "status.report",
            &format!("measure:{slug}"),
            &detail,
        )
        .await?;
        tracing::info!(measure = slug, "status reported");
        Ok(())
    }
}

#[cfg(test)]
mod tests;
