//! Forward-only migrations, one SQL file per backend with the same name, embedded in the binary.

use crate::{Store, StoreResult, in_tx, on_pool};

/// One migration in both dialects.
#[derive(Debug)]
pub struct Migration {
    /// File name without extension, the same in both folders.
    pub name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

macro_rules! migration {
    ($name:literal) => {
        Migration {
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }
    };
}

/// Every migration, in the order it is applied.
pub const MIGRATIONS: &[Migration] = &[
    migration!("0001_content"),
    migration!("0002_outbox_feedback"),
    migration!("0003_documents"),
    migration!("0004_accounts"),
    migration!("0005_audit_append_only"),
    migration!("0006_participation"),
    migration!("0007_archived"),
    migration!("0008_source_outcome"),
    migration!("0009_monitoring"),
    migration!("0010_measure_monitoring"),
    migration!("0011_editorial"),
    migration!("0012_audit_keyed"),
    migration!("0013_feedback_state"),
    migration!("0014_answers"),
    migration!("0015_moderation"),
];

const CREATE_TABLE: &str = "
    CREATE TABLE IF NOT EXISTS schema_migrations (
        name TEXT PRIMARY KEY,
        applied_at TEXT NOT NULL
    )";

/// Serialises migrations from several processes on PostgreSQL; the key is arbitrary but fixed.
const LOCK: &str = "SELECT pg_advisory_xact_lock(80822021)";

const APPLIED: &str = "SELECT name FROM schema_migrations WHERE name = $1";

const RECORD: &str = "
    INSERT INTO schema_migrations (name, applied_at)
    VALUES ($1, $2)";

impl Store {
    /// Applies every migration not applied yet and returns the names it applied. Safe to run from
    /// two processes at once: each migration is applied in its own write transaction, under an
    /// advisory lock on PostgreSQL and the write lock on SQLite.
    pub async fn migrate(&self) -> StoreResult<Vec<&'static str>> {
        on_pool!(self, p => sqlx::query(CREATE_TABLE).execute(p).await.map(|_| ()))?;
        let mut applied = Vec::new();
        for m in MIGRATIONS {
            let sql = match self.pool {
                crate::Pool::Sqlite(_) => m.sqlite,
                crate::Pool::Postgres(_) => m.postgres,
            };
            let is_pg = matches!(self.pool, crate::Pool::Postgres(_));
            let done = in_tx!(self, tx => {
                if is_pg {
                    sqlx::query(LOCK).execute(&mut *tx).await?;
                }
                let exists: Option<(String,)> = sqlx::query_as(APPLIED)
                    .bind(m.name)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_none() {
                    sqlx::raw_sql(sql).execute(&mut *tx).await?;
                    sqlx::query(RECORD)
                        .bind(m.name)
                        .bind(crate::now_text())
                        .execute(&mut *tx)
                        .await?;
                }
                exists.is_none()
            });
            if done {
                tracing::info!(migration = m.name, "applied migration");
                applied.push(m.name);
            }
        }
        Ok(applied)
    }
}
