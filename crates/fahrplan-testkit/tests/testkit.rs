//! The testkit's own promises: a PostgreSQL test database is gone after a test that panicked, and
//! under CI a missing server URL fails the tests instead of skipping PostgreSQL.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_testkit::{TestDb, postgres_url, required_postgres_url};
use sqlx::Connection;

async fn databases_named(admin: &str, name: &str) -> i64 {
    let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    n
}

#[tokio::test]
async fn a_postgres_test_database_is_dropped_when_the_test_panics_with_a_connection_open() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let admin = postgres_url().unwrap();
    let name = db.postgres_name().unwrap().to_owned();
    assert_eq!(databases_named(&admin, &name).await, 1, "created");
    let url = db.url.clone();
    let body = tokio::spawn(async move {
        // Declared first, dropped last: the database is dropped while this is still connected.
        let _open = sqlx::PgConnection::connect(&url).await.unwrap();
        let _db = db;
        panic!("the test body fails");
    });
    assert!(body.await.unwrap_err().is_panic());
    assert_eq!(databases_named(&admin, &name).await, 0, "dropped");
}

#[tokio::test]
async fn cleanup_drops_the_postgres_test_database() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let admin = postgres_url().unwrap();
    let name = db.postgres_name().unwrap().to_owned();
    db.cleanup().await;
    assert_eq!(databases_named(&admin, &name).await, 0);
}

#[test]
#[should_panic(expected = "FAHRPLAN_TEST_POSTGRES_URL")]
fn under_ci_a_missing_postgres_url_is_a_failure() {
    required_postgres_url(true, None);
}

#[test]
fn outside_ci_a_missing_postgres_url_skips_postgres_and_a_given_one_is_used() {
    assert_eq!(required_postgres_url(false, None), None);
    let url = "postgres://x@127.0.0.1/postgres".to_owned();
    assert_eq!(required_postgres_url(true, Some(url.clone())), Some(url));
}

/// Run only as the child of the next test, which sets the environment it needs.
#[tokio::test]
#[ignore = "run by under_ci_every_backend_matrix_fails_without_the_postgres_url"]
async fn child_asks_for_every_backend() {
    TestDb::all().await;
}

#[test]
fn under_ci_every_backend_matrix_fails_without_the_postgres_url() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_asks_for_every_backend", "--ignored"])
        .env("CI", "true")
        .env_remove("FAHRPLAN_TEST_POSTGRES_URL")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "the child passed: {text}");
    assert!(
        text.contains("CI is set but FAHRPLAN_TEST_POSTGRES_URL is not"),
        "{text}"
    );
}
