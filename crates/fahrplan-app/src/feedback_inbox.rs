//! The feedback of the accessibility statement for staff (issue 16): every message with its
//! state (`open`, `answered`) and the day by which it must be answered. § 6 HVBIT gives the
//! public body six weeks; a message whose deadline is a week away or passed is marked urgent.
//! Only admins (second factor given) read the messages, since they hold the sender's address.

use crate::accounts::Actor;
use crate::{App, AppError, AppResult};
use fahrplan_domain::Role;
use fahrplan_store::FeedbackMessage;

/// Days to answer: six weeks (§ 6 HVBIT).
pub const ANSWER_DAYS: i64 = 42;
/// Days before the deadline from which an open message counts as urgent.
pub const URGENT_DAYS: i64 = 7;

/// A message with its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackItem {
    /// The message as stored.
    pub message: FeedbackMessage,
    /// The day it must be answered by (Europe/Berlin), `YYYY-MM-DD`.
    pub due: String,
    /// Days from today to the deadline; negative when it passed.
    pub days_left: i64,
    /// Open, and the deadline is at most [`URGENT_DAYS`] away or passed.
    pub urgent: bool,
}

/// The deadline of a message received at `created_at` (RFC 3339) and the days left on `today`.
pub fn deadline(created_at: &str, today: (i32, u8, u8)) -> Option<(jiff::civil::Date, i64)> {
    let ts: jiff::Timestamp = created_at.parse().ok()?;
    let received = ts.in_tz("Europe/Berlin").ok()?.date();
    let due = received
        .checked_add(jiff::Span::new().days(ANSWER_DAYS))
        .ok()?;
    let (y, m, d) = today;
    let today = jiff::civil::Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    let left = i64::from(today.until(due).ok()?.get_days());
    Some((due, left))
}

fn admin(actor: &Actor) -> AppResult<()> {
    if actor.second_factor && actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

impl App {
    /// Every feedback message, newest first, with its deadline: admins only.
    pub async fn feedback_inbox(&self, actor: &Actor) -> AppResult<Vec<FeedbackItem>> {
        admin(actor)?;
        let today = crate::participation::today();
        Ok(self
            .store()
            .feedback()
            .await?
            .into_iter()
            .map(|m| {
                let (due, days_left) = deadline(&m.created_at, today)
                    .map_or((String::new(), 0), |(d, n)| (d.to_string(), n));
                FeedbackItem {
                    urgent: m.state == "open" && days_left <= URGENT_DAYS,
                    message: m,
                    due,
                    days_left,
                }
            })
            .collect())
    }

    /// Marks a message answered, or open again: admins only; audited.
    pub async fn mark_feedback(&self, actor: &Actor, id: i64, answered: bool) -> AppResult<()> {
        admin(actor)?;
        if !self
            .store()
            .mark_feedback(id, answered, actor.account_id)
            .await?
        {
            let exists = self.store().feedback().await?.iter().any(|m| m.id == id);
            return Err(if exists {
                AppError::Conflict
            } else {
                AppError::NotFound
            });
        }
        let action = if answered {
            "feedback.answered"
        } else {
            "feedback.reopened"
        };
        self.audit(
            Some(actor.account_id),
            action,
            &format!("feedback:{id}"),
            "{}",
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deadline_is_six_weeks_after_the_day_of_arrival_in_berlin() {
        // 23:30 UTC on 31 Dec is already 1 Jan in Berlin.
        let (due, left) = deadline("2026-12-31T23:30:00Z", (2027, 1, 1)).unwrap();
        assert_eq!(due.to_string(), "2027-02-12");
        assert_eq!(left, 42);
        let (_, left) = deadline("2026-01-01T10:00:00Z", (2026, 2, 13)).unwrap();
        assert_eq!(left, -1, "a passed deadline counts negative");
        assert!(deadline("gestern", (2026, 1, 1)).is_none());
    }
}
