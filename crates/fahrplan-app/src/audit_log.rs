//! The audit log for admins to browse (issue 16): every staff change with who, what, when and
//! the details before and after, filtered by person, kind of object and day, a page at a time.
//! The filter arrives as typed into a GET form; a day that is not a date is a field error.

use crate::accounts::Actor;
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::Role;
use fahrplan_store::{AuditFilter, AuditLine};

/// Entries per page.
pub const PAGE: i64 = 50;

/// The filter as typed (query parameters `person`, `art`, `von`, `bis`, `vor`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct AuditQuery {
    /// Account id.
    #[serde(default)]
    pub person: String,
    /// Kind of object.
    #[serde(default)]
    pub art: String,
    /// First day, `YYYY-MM-DD`.
    #[serde(default)]
    pub von: String,
    /// Last day, `YYYY-MM-DD`.
    #[serde(default)]
    pub bis: String,
    /// Older than this sequence number.
    #[serde(default)]
    pub vor: String,
}

/// A page of the log.
#[derive(Debug, Clone)]
pub struct AuditView {
    /// The entries, newest first.
    pub lines: Vec<AuditLine>,
    /// Accounts to filter by: id and display name.
    pub people: Vec<(i64, String)>,
    /// Kinds of object to filter by.
    pub kinds: Vec<String>,
    /// The sequence number to continue before, when there are older entries.
    pub next: Option<i64>,
}

/// Midnight in Berlin at the start of `day` (`YYYY-MM-DD`) as Unix seconds, plus `days`.
fn day_start(day: &str, days: i64) -> Option<i64> {
    let d: jiff::civil::Date = day.trim().parse().ok()?;
    let d = d.checked_add(jiff::Span::new().days(days)).ok()?;
    Some(d.in_tz("Europe/Berlin").ok()?.timestamp().as_second())
}

/// The store's filter, or the fields that are not what they must be.
pub fn filter_of(q: &AuditQuery, kinds: &[String]) -> Result<AuditFilter, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut f = AuditFilter::default();
    if !q.person.trim().is_empty() {
        match q.person.trim().parse() {
            Ok(id) => f.actor = Some(id),
            Err(_) => errors.push(FieldError {
                field: "person",
                code: "error-audit-person",
            }),
        }
    }
    if !q.art.trim().is_empty() {
        if kinds.iter().any(|k| k == q.art.trim()) {
            f.kind = Some(q.art.trim().to_owned());
        } else {
            errors.push(FieldError {
                field: "art",
                code: "error-audit-kind",
            });
        }
    }
    for (raw, field, days) in [(&q.von, "von", 0), (&q.bis, "bis", 1)] {
        if raw.trim().is_empty() {
            continue;
        }
        match day_start(raw, days) {
            Some(t) if field == "von" => f.from = Some(t),
            Some(t) => f.until = Some(t),
            None => errors.push(FieldError {
                field,
                code: "error-audit-day",
            }),
        }
    }
    f.before = q.vor.trim().parse().ok();
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(errors)
    }
}

impl App {
    /// A page of the audit log under `q`: admins only (second factor given). Bad filter fields
    /// answer `Invalid`.
    pub async fn audit_view(&self, actor: &Actor, q: &AuditQuery) -> AppResult<AuditView> {
        if !(actor.second_factor && actor.has(Role::Admin)) {
            return Err(AppError::Forbidden);
        }
        let kinds = self.store().audit_kinds().await?;
        let f = filter_of(q, &kinds).map_err(AppError::Invalid)?;
        let mut lines = self.store().audit_lines(&f, PAGE + 1).await?;
        let next = (lines.len() > usize::try_from(PAGE).unwrap_or(usize::MAX))
            .then(|| {
                lines.truncate(usize::try_from(PAGE).unwrap_or(0));
                lines.last().map(|l| l.seq)
            })
            .flatten();
        let people = self
            .store()
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.id, a.display_name))
            .filter(|(_, n)| !n.is_empty())
            .collect();
        Ok(AuditView {
            lines,
            people,
            kinds,
            next,
        })
    }

    /// The audit view with no filter, for a refused filter form (the page shows the errors
    /// above the whole log).
    pub async fn audit_view_unfiltered(&self, actor: &Actor) -> AppResult<AuditView> {
        self.audit_view(actor, &AuditQuery::default()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_takes_days_in_berlin_and_refuses_what_is_not_a_date() {
        let kinds = vec!["measure".to_owned()];
        let q = AuditQuery {
            art: "measure".into(),
            von: "2026-07-01".into(),
            bis: "2026-07-01".into(),
            ..AuditQuery::default()
        };
        let f = filter_of(&q, &kinds).unwrap();
        // 1 July 2026 00:00 in Berlin is 30 June 22:00 UTC; the last day counts whole.
        assert_eq!(f.from, Some(1_782_856_800));
        assert_eq!(f.until, Some(1_782_856_800 + 86_400));
        let bad = AuditQuery {
            person: "x".into(),
            art: "nichts".into(),
            von: "1.7.2026".into(),
            ..AuditQuery::default()
        };
        let fields: Vec<&str> = filter_of(&bad, &kinds)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["person", "art", "von"]);
    }
}
