//! Reports of a measure's status from a form or the API (issue 15): appended to the status
//! history, never rewritten. The content import keeps such entries, since it only appends what
//! the history does not hold yet (`content_diff.rs`, `to_append`).

use crate::{Store, StoreResult, TOPIC_MEASURE, in_tx};
use fahrplan_domain::StatusChange;

const NEXT_POSITION: &str =
    "SELECT COALESCE(MAX(position) + 1, 0) FROM measure_status_changes WHERE measure = $1";
const INSERT_STATUS: &str = "INSERT INTO measure_status_changes (measure, position, changed_on, status, note) VALUES ($1, $2, $3, $4, $5)";

impl Store {
    /// Appends `entry` to the status history of `measure` after its last entry, with an outbox
    /// row for the measure, in one transaction. Two reports at the same moment cannot take the
    /// same position: the second one is a `Conflict` and writes nothing.
    pub async fn append_status(&self, measure: &str, entry: &StatusChange) -> StoreResult<()> {
        let now = crate::now_text();
        in_tx!(self, tx => {
            let (position,): (i64,) = sqlx::query_as(NEXT_POSITION)
                .bind(measure).fetch_one(&mut *tx).await?;
            sqlx::query(INSERT_STATUS)
                .bind(measure).bind(position).bind(entry.on.to_string())
                .bind(entry.status.as_str()).bind(&entry.note)
                .execute(&mut *tx).await?;
            sqlx::query(crate::outbox::APPEND).bind(&now).bind(TOPIC_MEASURE).bind(measure)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }
}
