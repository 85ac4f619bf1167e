//! The outbox: a monotonic log of content changes that nodes apply to their caches and indexes.

use crate::{Store, StoreResult, on_pool, on_write};

/// SQL that appends an outbox row; bound to (created_at, topic, entity) inside the transaction of
/// the change it records.
pub(crate) const APPEND: &str =
    "INSERT INTO outbox (created_at, topic, entity) VALUES ($1, $2, $3)";

/// SQL that appends, for contribution `$2`, one outbox row for each cached page that shows it:
/// the text an annotation of it sits on (`annotation`, the text's entity key) and every goal,
/// measure, area or page its current answer names ("Aus der Beteiligung"; topic and entity from
/// the key). Bound to (created_at, contribution id) inside the transaction that hides, restores
/// or withdraws it, so exactly those pages drop; a contribution on no such page appends nothing.
pub(crate) const APPEND_SHOWN_ON: &str = "
    INSERT INTO outbox (created_at, topic, entity)
    SELECT $1, 'annotation', a.entity FROM annotations a WHERE a.contribution = $2
    UNION ALL
    SELECT DISTINCT $1, t.topic, substr(l.entity, length(t.topic) + 2)
    FROM answer_current ac
    JOIN answer_links l ON l.answer = ac.answer
    JOIN (SELECT 'goal' AS topic UNION ALL SELECT 'measure' UNION ALL SELECT 'area'
          UNION ALL SELECT 'page') t
      ON substr(l.entity, 1, length(t.topic) + 1) = t.topic || ':'
    WHERE ac.contribution = $2";

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
