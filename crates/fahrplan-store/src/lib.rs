//! `Store`: fahrplan's persistence over SQLite or PostgreSQL, chosen at connect time, from one
//! code path. It holds no business rules: the app layer decides, the store reads and writes.

mod accounts;
mod annotations;
mod answers;
mod audit;
mod audit_key;
mod audit_query;
mod audit_verify;
mod content_diff;
mod content_export;
mod content_keep;
mod content_read;
mod content_refs;
mod content_stored;
mod content_write;
mod contributions;
mod counted;
mod documents;
mod editorial;
mod feedback;
mod flags;
mod migrate;
mod moderation;
mod monitoring;
mod monitoring_write;
mod outbox;
mod reports;
mod rows;
mod sessions;
mod versions;

pub use accounts::{AccountRow, ConsentRow, Guarded, NewAccount, RoleRow, TokenRow};
pub use annotations::{ANNOTATIONS_TOPIC, AnnotationRow, NewAnnotation};
pub use answers::{
    AnswerCounts, AnswerLink, AnswerRow, ConsiderationFilter, ConsiderationOrder, ConsiderationRow,
    NewAnswer, Shaping,
};
pub use audit::{AuditRow, AuditTip, GENESIS, KEYED_ACTION};
pub use audit_key::{AuditKey, BadAuditKey, MIN_AUDIT_KEY_BYTES, audit_hash, head_text};
pub use audit_query::{AuditFilter, AuditLine};
pub use audit_verify::{AuditChain, AuditFault};
pub use content_diff::{
    CONTENT_TOPICS, TOPIC_AREA, TOPIC_DEPARTMENT, TOPIC_EDITION, TOPIC_GOAL, TOPIC_INDICATOR,
    TOPIC_MEASURE, TOPIC_META, TOPIC_PAGE, TOPIC_PROCESS, TOPIC_REGION,
};
pub use content_keep::{AreaFile, ContentKind, Referenced, Removals};
pub use content_read::{AreaKey, Scope};
pub use content_refs::Referrers;
pub use content_write::{ContentImport, Published};
pub use contributions::{CONTRIBUTIONS_TOPIC, ContributionRow, NewContribution, Order};
pub use documents::{DOCUMENTS_TOPIC, Document};
pub use editorial::ChangeRow;
pub use feedback::{FeedbackMessage, NewFeedback};
pub use flags::FlagRow;
pub use migrate::MIGRATIONS;
pub use moderation::{HidingRow, ModerationFigures, ReportOutcome, SanctionRow};
pub use monitoring::{
    IndicatorRecord, NewObservation, ObservationRecord, ObservationsWritten,
    current as current_observations,
};
pub use rows::*;
pub use sessions::{Purged, SessionHolder, SessionRow};
pub use versions::{
    AREA_TEXTS, EDITION_TEXTS, GOAL_TEXTS, MEASURE_TEXTS, PAGE_TEXTS, PROCESS_TEXTS, Record,
    Version, VersionOrigin,
};

use fahrplan_domain::UnknownWireValue;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A store failure; constraint violations are mapped to `Conflict` in one place.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique or foreign-key constraint was violated.
    #[error("conflict on {constraint}")]
    Conflict {
        /// Name or description of the constraint.
        constraint: String,
    },
    /// A stored value is not one the code knows: a wire value no enum variant has, or a date
    /// that does not parse. The row is never read as a default instead.
    #[error("corrupt stored value: {value:?} is not a {what}")]
    Corrupt {
        /// What the value should have been, e.g. `ContributionKind in column contributions.kind`.
        what: String,
        /// The stored text.
        value: String,
    },
    /// The database URL could not be understood.
    #[error("invalid database URL: {0}")]
    Url(String),
    /// Any other database failure.
    #[error(transparent)]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db)
                if db.is_unique_violation() || db.is_foreign_key_violation() =>
            {
                StoreError::Conflict {
                    constraint: db.constraint().unwrap_or(db.message()).to_owned(),
                }
            }
            sqlx::Error::ColumnDecode { index, source } => {
                match source.downcast_ref::<UnknownWireValue>() {
                    Some(w) => rows::corrupt(w.clone(), index),
                    None => StoreError::Database(e),
                }
            }
            _ => StoreError::Database(e),
        }
    }
}

/// Result of store functions.
pub type StoreResult<T> = Result<T, StoreError>;

/// The two backends.
#[derive(Clone, Debug)]
pub(crate) enum Pool {
    /// Embedded SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL server.
    Postgres(PgPool),
}

/// The persistence handle shared by every use case; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    queries: Arc<AtomicU64>,
    /// SQLite has one writer at a time. Writers of this process queue here, in order, instead of
    /// meeting at the database's lock, where a loser sleeps in SQLite's busy handler (1, 2, 5,
    /// 10 … ms) however soon the lock is free: that sleeping made the slowest posts of a busy
    /// consultation ten times slower than the median. Other processes (the CLI) still wait by
    /// `busy_timeout`. PostgreSQL locks rows and needs no queue.
    writer: Arc<tokio::sync::Mutex<()>>,
}

/// Runs the same body against whichever pool the store holds, with `$pool` bound to a pool whose
/// statements are counted (`counted.rs`); the body is compiled once per backend, so a query that
/// does not suit one dialect fails to build, not at run time.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite(pool) => {
                let $pool = &$crate::counted::Counted::new(pool, &$store.queries);
                $body
            }
            $crate::Pool::Postgres(pool) => {
                let $pool = &$crate::counted::Counted::new(pool, &$store.queries);
                $body
            }
        }
    };
}
pub(crate) use on_pool;

/// `on_pool!` for a body that writes outside a transaction (one statement in autocommit): on
/// SQLite it waits its turn among the process's writers first (see [`Store`]'s `writer`).
macro_rules! on_write {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite(pool) => {
                let _writer = $store.writer.lock().await;
                let $pool = &$crate::counted::Counted::new(pool, &$store.queries);
                $body
            }
            $crate::Pool::Postgres(pool) => {
                let $pool = &$crate::counted::Counted::new(pool, &$store.queries);
                $body
            }
        }
    };
}
pub(crate) use on_write;

/// Opens a write transaction on either backend and runs the body with `$tx` bound to it, its
/// statements counted like those of `on_pool!` (BEGIN and COMMIT included). SQLite takes the
/// write lock up front (`BEGIN IMMEDIATE`), so read-then-write bodies never fail with a busy
/// snapshot when another process writes at the same time.
macro_rules! in_tx {
    ($store:expr, $tx:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite(pool) => {
                let _writer = $store.writer.lock().await;
                let mut counted =
                    $crate::counted::Counted::begin(pool, Some("BEGIN IMMEDIATE"), &$store.queries)
                        .await?;
                let $tx = &mut counted;
                let out = $body;
                counted.commit().await?;
                out
            }
            $crate::Pool::Postgres(pool) => {
                let mut counted =
                    $crate::counted::Counted::begin(pool, None, &$store.queries).await?;
                let $tx = &mut counted;
                let out = $body;
                counted.commit().await?;
                out
            }
        }
    };
}
pub(crate) use in_tx;

impl Store {
    /// Connects to `url`: `sqlite://PATH` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = if url.starts_with("sqlite:") {
            let opts =
                SqliteConnectOptions::from_str(url).map_err(|e| StoreError::Url(e.to_string()))?;
            if ![":memory:", "mode=memory", "mode=ro"]
                .iter()
                .any(|m| url.contains(m))
            {
                create_private_file(opts.get_filename());
            }
            let opts = opts
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            // No health check before each use: the file is in this process, a check cannot fail
            // where the statement would not, and each costs a hand-over to the connection's
            // thread and back, as much as the statement itself. Two connections per core: each
            // has a thread of its own, and more threads than that only switched between each
            // other (8 on two cores: 1.45 ms of CPU per post against 1.1 ms with 4).
            let cores = std::thread::available_parallelism().map_or(2, usize::from);
            let pool = SqlitePoolOptions::new()
                .max_connections(u32::try_from(cores * 2).unwrap_or(8).clamp(4, 16))
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Pool::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts =
                PgConnectOptions::from_str(url).map_err(|e| StoreError::Url(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(opts)
                .await?;
            Pool::Postgres(pool)
        } else {
            return Err(StoreError::Url(
                "expected a URL starting with sqlite: or postgres:".to_owned(),
            ));
        };
        Ok(Self {
            pool,
            queries: Arc::new(AtomicU64::new(0)),
            writer: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Which backend this store runs on: `"sqlite"` or `"postgres"`.
    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// Number of statements this store (and every clone of it) has sent since it was opened,
    /// counted where they are sent (`counted.rs`), for tests of query counts.
    pub fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Closes all connections.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// Creates a missing SQLite database file empty and readable by its owner only (0600, whatever
/// the umask; issue 13) before SQLite opens it: SQLite would create it 0644, and it gives the
/// -wal, -shm and -journal files it makes beside the database the database file's mode. An
/// existing file is left as it is. Where the file cannot be made, SQLite's own attempt fails
/// with the error that is reported.
fn create_private_file(path: &std::path::Path) {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let _ = options.open(path);
}

/// Now in UTC as RFC 3339 text, the form timestamps are stored in.
pub(crate) fn now_text() -> String {
    jiff::Timestamp::now().to_string()
}

/// Now as Unix seconds, the form the accounts' and editorial tables store.
pub(crate) fn now_secs() -> i64 {
    jiff::Timestamp::now().as_second()
}
