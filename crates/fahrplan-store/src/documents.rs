//! Imported documents: upserted in batches, each batch with one outbox row naming its ids, so
//! every node's search index picks them up.

use crate::{Store, StoreResult, in_tx, on_pool};

/// Outbox topic of a batch of imported documents; the entity holds their ids, one per line.
pub const DOCUMENTS_TOPIC: &str = "documents";

const UPSERT: &str = "
    INSERT INTO documents (id, kind, title, body, url, imported_at)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, title = excluded.title, body = excluded.body,
        url = excluded.url, imported_at = excluded.imported_at";

const SELECT: &str = "
    SELECT id, kind, title, body, url FROM documents";

const AFTER: &str = "
    WHERE id > $1
    ORDER BY id
    LIMIT $2";

const COUNT: &str = "SELECT COUNT(*) FROM documents";

/// An imported document.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Document {
    /// The id given by the importer (kept as is).
    pub id: String,
    /// Kind given by the importer ("document" when none was given).
    pub kind: String,
    /// Title.
    pub title: String,
    /// Markdown or plain text.
    pub body: String,
    /// Where the document lives, if given.
    pub url: Option<String>,
}

impl Store {
    /// Adds or replaces a batch of documents in one transaction, with one outbox row.
    pub async fn upsert_documents(&self, docs: &[Document]) -> StoreResult<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let now = crate::now_text();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        in_tx!(self, tx => {
            for d in docs {
                sqlx::query(UPSERT)
                    .bind(&d.id).bind(&d.kind).bind(&d.title).bind(&d.body).bind(&d.url).bind(&now)
                    .execute(&mut *tx).await?;
            }
            sqlx::query(crate::outbox::APPEND)
                .bind(&now).bind(DOCUMENTS_TOPIC).bind(ids.join("\n"))
                .execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// The documents with these ids (missing ids are skipped).
    pub async fn documents_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Document>> {
        let mut out = Vec::with_capacity(ids.len());
        // Bounded chunks keep the statement under every backend's parameter limit.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("{SELECT} WHERE id IN ({})", placeholders.join(", "));
            let rows: Vec<Document> = on_pool!(self, p => {
                let mut q = sqlx::query_as(&sql);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(p).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Documents in id order after `after` (for rebuilding the index page by page).
    pub async fn documents_after(&self, after: &str, limit: i64) -> StoreResult<Vec<Document>> {
        let sql = format!("{SELECT}{AFTER}");
        let rows = on_pool!(self, p => sqlx::query_as(&sql)
            .bind(after).bind(limit).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Number of imported documents.
    pub async fn document_count(&self) -> StoreResult<i64> {
        let (n,): (i64,) = on_pool!(self, p => sqlx::query_as(COUNT).fetch_one(p).await)?;
        Ok(n)
    }
}
