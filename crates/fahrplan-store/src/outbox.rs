//! The outbox: a monotonic log of content changes that nodes apply to their caches and indexes.

use crate::{Store, StoreResult, on_pool, on_write};

/// SQL that appends an outbox row; bound to (created_at, topic, entity) inside the transaction of
/// the change it records.
pub(crate) const APPEND: &str =
    "INSERT INTO outbox (created_at, topic, entity) VALUES ($1, $2, $3)";

impl Store {
    /// The highest sequence number in the outbox, 0 when it is empty.
    pub async fn outbox_head(&self) -> StoreResult<i64> {
        let (head,): (Option<i64>,) =
            on_pool!(self, p => sqlx::query_as("SELECT MAX(seq) FROM outbox").fetch_one(p).await)?;
        Ok(head.unwrap_or(0))
    }

    /// The highest sequence number of a change that cached pages show: every topic but
    /// contributions, which only the search index and uncached pages follow.
    pub async fn page_outbox_head(&self) -> StoreResult<i64> {
        let (head,): (Option<i64>,) = on_pool!(self, p => sqlx::query_as(
            "SELECT MAX(seq) FROM outbox WHERE topic <> $1")
            .bind(crate::CONTRIBUTIONS_TOPIC).fetch_one(p).await)?;
        Ok(head.unwrap_or(0))
    }

    /// Asks every node to rebuild its search index from the database.
    pub async fn request_reindex(&self) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(APPEND).bind(crate::now_text()).bind("reindex").bind("*").execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Outbox rows after `seq`, oldest first: (seq, topic, entity).
    pub async fn outbox_after(
        &self,
        seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<(i64, String, String)>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT seq, topic, entity FROM outbox WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(seq).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }
}
