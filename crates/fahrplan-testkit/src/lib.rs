//! Test support: databases of both backends for the conformance suites. Never part of the binary.
//! SQLite databases live in a temporary folder; PostgreSQL databases are created on the server
//! named by `FAHRPLAN_TEST_POSTGRES_URL` and dropped again when the handle is dropped, also when
//! the test panics. Under CI (`CI` set) a missing server URL fails the tests instead of skipping
//! PostgreSQL, so a misconfigured run cannot pass on SQLite alone.

#![allow(
    clippy::expect_used,
    reason = "test support: a missing test database is a test failure"
)]

use sqlx::Connection;
use std::path::PathBuf;

/// A fresh, empty database of one backend; dropped (or deleted) with this value.
pub struct TestDb {
    /// URL to connect to.
    pub url: String,
    /// Which backend: "sqlite" or "postgres".
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
    admin_url: Option<String>,
    name: Option<String>,
}

/// The PostgreSQL server URL for tests, if set.
pub fn postgres_url() -> Option<String> {
    std::env::var("FAHRPLAN_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Whether this run is CI (`CI` set and not empty), where PostgreSQL tests must run.
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty())
}

/// The server URL to create test databases on: `url` when given; under CI a missing one panics,
/// elsewhere it means the PostgreSQL half of a test is skipped.
pub fn required_postgres_url(ci: bool, url: Option<String>) -> Option<String> {
    if url.is_none() && ci {
        panic!(
            "CI is set but FAHRPLAN_TEST_POSTGRES_URL is not: the PostgreSQL tests would pass \
             without running. Set it (e.g. postgres://postgres@127.0.0.1:5432/postgres)."
        );
    }
    url
}

impl TestDb {
    /// A new SQLite database file in a fresh temporary folder.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path: PathBuf = dir.path().join("test.db");
        Self {
            url: format!("sqlite://{}", path.display()),
            backend: "sqlite",
            _dir: Some(dir),
            admin_url: None,
            name: None,
        }
    }

    /// A new PostgreSQL database on the test server, if one is configured (under CI it must be).
    pub async fn postgres() -> Option<Self> {
        let admin = required_postgres_url(is_ci(), postgres_url())?;
        let name = format!("fahrplan_test_{:016x}", rand::random::<u64>());
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("connect to test postgres");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create test database");
        conn.close().await.ok();
        let url = match admin.rfind('/') {
            Some(i)
                if admin[..i].contains("://")
                    && admin[i..].len() > 1
                    && !admin[..i].ends_with('/') =>
            {
                format!("{}/{}", &admin[..i], name)
            }
            _ => format!("{}/{}", admin.trim_end_matches('/'), name),
        };
        Some(Self {
            url,
            backend: "postgres",
            _dir: None,
            admin_url: Some(admin),
            name: Some(name),
        })
    }

    /// SQLite always, plus PostgreSQL when the test server is configured (under CI it must be).
    pub async fn all() -> Vec<Self> {
        let mut v = vec![Self::sqlite()];
        if let Some(pg) = Self::postgres().await {
            v.push(pg);
        }
        v
    }

    /// Records every row written to `tables` from now on (by any connection), so a test can
    /// show which rows a use case inserted, updated or deleted; read them with `writes`.
    pub async fn record_writes(&self, tables: &[&str]) {
        // Table names come from the test itself, never from input.
        let mut sql = String::from(
            "CREATE TABLE IF NOT EXISTS write_probe (tbl TEXT NOT NULL, op TEXT NOT NULL);\n",
        );
        if self.backend == "postgres" {
            sql.push_str(
                "CREATE OR REPLACE FUNCTION write_probe() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN INSERT INTO write_probe VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END; $$;\n",
            );
            for t in tables {
                sql.push_str(&format!(
                    "CREATE TRIGGER probe_{t} AFTER INSERT OR UPDATE OR DELETE ON {t} \
                     FOR EACH ROW EXECUTE FUNCTION write_probe();\n"
                ));
            }
            let mut conn = sqlx::PgConnection::connect(&self.url)
                .await
                .expect("connect to test postgres");
            sqlx::raw_sql(&sql)
                .execute(&mut conn)
                .await
                .expect("create write probes");
            conn.close().await.ok();
        } else {
            for t in tables {
                for op in ["INSERT", "UPDATE", "DELETE"] {
                    sql.push_str(&format!(
                        "CREATE TRIGGER probe_{t}_{op} AFTER {op} ON {t} \
                         BEGIN INSERT INTO write_probe VALUES ('{t}', '{op}'); END;\n"
                    ));
                }
            }
            let mut conn = sqlx::SqliteConnection::connect(&self.url)
                .await
                .expect("open test sqlite");
            sqlx::raw_sql(&sql)
                .execute(&mut conn)
                .await
                .expect("create write probes");
            conn.close().await.ok();
        }
    }

    /// The writes recorded since `record_writes` as (table, INSERT | UPDATE | DELETE), sorted;
    /// empties the record.
    pub async fn writes(&self) -> Vec<(String, String)> {
        const READ: &str = "SELECT tbl, op FROM write_probe";
        const CLEAR: &str = "DELETE FROM write_probe";
        let mut rows: Vec<(String, String)> = if self.backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&self.url)
                .await
                .expect("connect to test postgres");
            let rows = sqlx::query_as(READ)
                .fetch_all(&mut conn)
                .await
                .expect("read write probes");
            sqlx::query(CLEAR).execute(&mut conn).await.expect("clear");
            conn.close().await.ok();
            rows
        } else {
            let mut conn = sqlx::SqliteConnection::connect(&self.url)
                .await
                .expect("open test sqlite");
            let rows = sqlx::query_as(READ)
                .fetch_all(&mut conn)
                .await
                .expect("read write probes");
            sqlx::query(CLEAR).execute(&mut conn).await.expect("clear");
            conn.close().await.ok();
            rows
        };
        rows.sort();
        rows
    }

    /// Runs one statement with raw SQL, past the store (to put the database into a state the
    /// code would not write, such as a row of an older version).
    pub async fn execute(&self, sql: &str) {
        if self.backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&self.url)
                .await
                .expect("connect to test postgres");
            sqlx::query(sql).execute(&mut conn).await.expect("execute");
            conn.close().await.ok();
        } else {
            let mut conn = sqlx::SqliteConnection::connect(&self.url)
                .await
                .expect("open test sqlite");
            sqlx::query(sql).execute(&mut conn).await.expect("execute");
            conn.close().await.ok();
        }
    }

    /// The text in the first column of the first row `sql` selects, read with raw SQL past the
    /// store, so a test sees what is really stored; `None` for no row or NULL.
    pub async fn text(&self, sql: &str) -> Option<String> {
        let row: Option<(Option<String>,)> = if self.backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&self.url)
                .await
                .expect("connect to test postgres");
            let row = sqlx::query_as(sql)
                .fetch_optional(&mut conn)
                .await
                .expect("select");
            conn.close().await.ok();
            row
        } else {
            let mut conn = sqlx::SqliteConnection::connect(&self.url)
                .await
                .expect("open test sqlite");
            let row = sqlx::query_as(sql)
                .fetch_optional(&mut conn)
                .await
                .expect("select");
            conn.close().await.ok();
            row
        };
        row.and_then(|(v,)| v)
    }

    /// The PostgreSQL database's name on the server, `None` for SQLite.
    pub fn postgres_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Drops the PostgreSQL database now, without blocking the runtime; dropping the value does
    /// the same, so this is only a quicker way at the end of a test.
    pub async fn cleanup(mut self) {
        if let (Some(admin), Some(name)) = (self.admin_url.take(), self.name.take()) {
            drop_database(&admin, &name).await;
        }
    }
}

impl Drop for TestDb {
    /// Drops the PostgreSQL database if `cleanup` did not, also while a test panics. `Drop`
    /// cannot await and may run inside the test's runtime, so a thread of its own with its own
    /// current-thread runtime sends the `DROP DATABASE`; every failure is ignored, because a
    /// panic in a drop during a panic would abort the whole test binary.
    fn drop(&mut self) {
        let (Some(admin), Some(name)) = (self.admin_url.take(), self.name.take()) else {
            return;
        };
        let dropper = std::thread::Builder::new()
            .name("testkit-drop-database".to_owned())
            .spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(drop_database(&admin, &name));
                }
            });
        if let Ok(handle) = dropper {
            let _ = handle.join();
        }
    }
}

/// `DROP DATABASE … WITH (FORCE)`: connections a test left open (a pool it never closed) are
/// ended first, so the drop does not wait for them.
async fn drop_database(admin: &str, name: &str) {
    if let Ok(mut conn) = sqlx::PgConnection::connect(admin).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
        conn.close().await.ok();
    }
}
