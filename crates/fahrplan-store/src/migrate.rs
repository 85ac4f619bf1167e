//! Forward-only migrations, one SQL file per backend with the same name, embedded in the binary.

use crate::{Store, StoreResult, in_tx, on_pool};

/// One migration in both dialects.
#[derive(Debug)]
pub struct Migration {
    /// File name without extension, the same in both folders.
    pub name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    /// A SQLite table rebuilt before the SQL runs, because SQLite cannot change a column's
    /// CHECK in place (see [`Rebuild`]).
    rebuild: Option<Rebuild>,
}

/// A SQLite table rebuilt with its `CREATE TABLE` statement changed by one text replacement,
/// the way SQLite's documentation gives for schema changes `ALTER TABLE` cannot make
/// (<https://sqlite.org/lang_altertable.html#otheralter>): with foreign keys off (which SQLite
/// can only switch outside a transaction), in one transaction: create the new table from the
/// stored statement, copy every row with its id, drop the old table, rename the new one, make its
/// indexes and triggers again, keep its AUTOINCREMENT sequence, check every foreign key, commit.
/// The statement is read from the database, so columns other migrations added stay, and the
/// tables that refer to the rebuilt one keep referring to it by name.
#[derive(Debug, Clone, Copy)]
struct Rebuild {
    table: &'static str,
    from: &'static str,
    to: &'static str,
}

macro_rules! migration {
    ($name:literal) => {
        Migration {
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
            rebuild: None,
        }
    };
    ($name:literal, rebuild $table:literal: $from:literal => $to:literal) => {
        Migration {
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
            rebuild: Some(Rebuild {
                table: $table,
                from: $from,
                to: $to,
            }),
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
    migration!("0016_block_target", rebuild "contributions":
        "target_kind IN ('process', 'edition', 'area', 'goal', 'measure')" =>
        "target_kind IN ('process', 'edition', 'area', 'goal', 'measure', 'block')"),
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
        self.migrate_through(None).await
    }

    /// Like [`Store::migrate`], but stops after migration `last` (every one when `None`): for
    /// tests that put rows into an older schema before a migration runs.
    pub async fn migrate_through(&self, last: Option<&str>) -> StoreResult<Vec<&'static str>> {
        on_pool!(self, p => sqlx::query(CREATE_TABLE).execute(p).await.map(|_| ()))?;
        let mut applied = Vec::new();
        for m in MIGRATIONS {
            if let (Some(r), crate::Pool::Sqlite(pool)) = (m.rebuild, &self.pool) {
                if rebuild_sqlite(pool, m, r).await? {
                    tracing::info!(migration = m.name, "applied migration");
                    applied.push(m.name);
                }
                if last == Some(m.name) {
                    break;
                }
                continue;
            }
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
            if last == Some(m.name) {
                break;
            }
        }
        Ok(applied)
    }
}

/// Applies migration `m` on SQLite with table `r.table` rebuilt first (see [`Rebuild`]); true
/// when it was applied now, false when it had been. One connection is taken from the pool for
/// the whole of it, since `PRAGMA foreign_keys` holds per connection; it is switched back on
/// (or the connection closed) whatever happens.
async fn rebuild_sqlite(pool: &sqlx::SqlitePool, m: &Migration, r: Rebuild) -> StoreResult<bool> {
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let done = rebuild_in_tx(&mut conn, m, r).await;
    match sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await
    {
        Ok(_) => {}
        Err(e) => {
            // Never hand a connection without foreign keys back to the pool.
            let _ = conn.detach();
            return Err(e.into());
        }
    }
    done
}

async fn rebuild_in_tx(
    conn: &mut sqlx::SqliteConnection,
    m: &Migration,
    r: Rebuild,
) -> StoreResult<bool> {
    use sqlx::Connection as _;
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let exists: Option<(String,)> = sqlx::query_as(APPLIED)
        .bind(m.name)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        tx.commit().await?;
        return Ok(false);
    }
    let (create,): (String,) =
        sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1")
            .bind(r.table)
            .fetch_one(&mut *tx)
            .await?;
    if !create.contains(r.from) {
        return Err(crate::StoreError::Corrupt {
            what: format!("CREATE TABLE {} holding {}", r.table, r.from),
            value: create,
        });
    }
    let new_name = format!("{}_rebuilt", r.table);
    let head = format!("CREATE TABLE {}", r.table);
    let create_new =
        create
            .replacen(r.from, r.to, 1)
            .replacen(&head, &format!("CREATE TABLE {new_name}"), 1);
    let others: Vec<(String,)> = sqlx::query_as(
        "SELECT sql FROM sqlite_master
         WHERE tbl_name = $1 AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid",
    )
    .bind(r.table)
    .fetch_all(&mut *tx)
    .await?;
    let seq: Option<(i64,)> = sqlx::query_as("SELECT seq FROM sqlite_sequence WHERE name = $1")
        .bind(r.table)
        .fetch_optional(&mut *tx)
        .await?;
    let (before,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {}", r.table))
        .fetch_one(&mut *tx)
        .await?;
    sqlx::raw_sql(&create_new).execute(&mut *tx).await?;
    sqlx::query(&format!("INSERT INTO {new_name} SELECT * FROM {}", r.table))
        .execute(&mut *tx)
        .await?;
    sqlx::query(&format!("DROP TABLE {}", r.table))
        .execute(&mut *tx)
        .await?;
    sqlx::query(&format!("ALTER TABLE {new_name} RENAME TO {}", r.table))
        .execute(&mut *tx)
        .await?;
    for (sql,) in &others {
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
    }
    // The copy set the new table's sequence to its highest id; a higher one (the newest rows
    // were deleted) must stay, so that no id is ever given twice.
    if let Some((seq,)) = seq {
        let now: Option<(i64,)> = sqlx::query_as("SELECT seq FROM sqlite_sequence WHERE name = $1")
            .bind(r.table)
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sqlite_sequence WHERE name = $1")
            .bind(r.table)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
            .bind(r.table)
            .bind(now.map_or(seq, |n| n.0.max(seq)))
            .execute(&mut *tx)
            .await?;
    }
    let (after,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {}", r.table))
        .fetch_one(&mut *tx)
        .await?;
    let broken: Vec<sqlx::sqlite::SqliteRow> = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *tx)
        .await?;
    if after != before || !broken.is_empty() {
        // Dropping the transaction rolls everything back.
        return Err(crate::StoreError::Conflict {
            constraint: format!(
                "rebuild of {}: {before} rows before, {after} after, {} broken references",
                r.table,
                broken.len()
            ),
        });
    }
    sqlx::raw_sql(m.sqlite).execute(&mut *tx).await?;
    sqlx::query(RECORD)
        .bind(m.name)
        .bind(crate::now_text())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
