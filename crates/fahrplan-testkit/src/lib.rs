//! Test support: databases of both backends for the conformance suites. Never part of the binary.
//! SQLite databases live in a temporary folder; PostgreSQL databases are created on the server
//! named by `FAHRPLAN_TEST_POSTGRES_URL` and dropped again when the handle is dropped.

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

    /// A new PostgreSQL database on the test server, if one is configured.
    pub async fn postgres() -> Option<Self> {
        let admin = postgres_url()?;
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

    /// SQLite always, plus PostgreSQL when the test server is configured.
    pub async fn all() -> Vec<Self> {
        let mut v = vec![Self::sqlite()];
        if let Some(pg) = Self::postgres().await {
            v.push(pg);
        }
        v
    }

    /// Drops the PostgreSQL database (call at the end of a test; `Drop` cannot await).
    pub async fn cleanup(self) {
        if let (Some(admin), Some(name)) = (&self.admin_url, &self.name)
            && let Ok(mut conn) = sqlx::PgConnection::connect(admin).await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await;
            conn.close().await.ok();
        }
    }
}
