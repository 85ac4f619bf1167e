//! The audit chain on SQLite always and on PostgreSQL when FAHRPLAN_TEST_POSTGRES_URL is set,
//! attacked as someone with write access to the database but not to the audit key would: the
//! database refuses changes, and a change made after dropping its triggers (with plain SHA-256
//! hashes recomputed, entries downgraded to unkeyed ones, or the newest entries deleted) is
//! named by the chain or by the signed head.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_store::{AuditFault, AuditKey, AuditRow, AuditTip, KEYED_ACTION, Store, audit_hash};
use fahrplan_testkit::TestDb;
use sqlx::Connection;

async fn store(db: &TestDb) -> Store {
    let s = Store::connect(&db.url).await.unwrap();
    s.migrate().await.unwrap();
    s
}

/// A connection of its own, as someone with database access would open one.
enum Raw {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Raw {
    async fn open(db: &TestDb) -> Self {
        if db.backend == "sqlite" {
            Raw::Sqlite(sqlx::SqliteConnection::connect(&db.url).await.unwrap())
        } else {
            Raw::Postgres(sqlx::PgConnection::connect(&db.url).await.unwrap())
        }
    }

    /// Runs `sql` with `texts` bound in order; whether the database accepted it.
    async fn run(&mut self, sql: &str, texts: &[&str]) -> bool {
        match self {
            Raw::Sqlite(c) => {
                let mut q = sqlx::query(sql);
                for t in texts {
                    q = q.bind(*t);
                }
                q.execute(c).await.is_ok()
            }
            Raw::Postgres(c) => {
                let mut q = sqlx::query(sql);
                for t in texts {
                    q = q.bind(*t);
                }
                q.execute(c).await.is_ok()
            }
        }
    }

    /// Drops the triggers that keep the table append-only.
    async fn drop_triggers(&mut self) {
        let drops: &[&str] = match self {
            Raw::Sqlite(_) => &[
                "DROP TRIGGER audit_log_no_update",
                "DROP TRIGGER audit_log_no_delete",
            ],
            Raw::Postgres(_) => &[
                "DROP TRIGGER audit_log_no_change ON audit_log",
                "DROP TRIGGER audit_log_no_truncate ON audit_log",
            ],
        };
        for d in drops {
            assert!(self.run(d, &[]).await, "{d}");
        }
    }

    /// Writes an entry as a version before migration 0012 did: plain SHA-256, no key.
    async fn insert_unkeyed(&mut self, prev: &str, at: i64, action: &str) -> String {
        let hash = audit_hash(prev, at, None, action, "account:1", "{}");
        let sql = format!(
            "INSERT INTO audit_log (at, actor_id, action, entity, detail, prev_hash, hash) VALUES ({at}, NULL, $1, 'account:1', '{{}}', $2, $3)"
        );
        assert!(self.run(&sql, &[action, prev, &hash]).await);
        hash
    }

    /// Gives entry `from` the detail `detail` and rewrites it and every entry after it with
    /// plain SHA-256 hashes that fit each other, keeping their key id or dropping it (`unkey`).
    async fn recompute_from(&mut self, rows: &[AuditRow], from: i64, detail: &str, unkey: bool) {
        let mut prev = rows
            .iter()
            .rev()
            .find(|r| r.seq < from)
            .map_or_else(|| fahrplan_store::GENESIS.to_owned(), |r| r.hash.clone());
        for r in rows.iter().filter(|r| r.seq >= from) {
            let detail = if r.seq == from { detail } else { &r.detail };
            let hash = audit_hash(&prev, r.at, r.actor_id, &r.action, &r.entity, detail);
            let key = if unkey { ", key_id = NULL" } else { "" };
            let sql = format!(
                "UPDATE audit_log SET detail = $1, prev_hash = $2, hash = $3{key} WHERE seq = {}",
                r.seq
            );
            assert!(self.run(&sql, &[detail, &prev, &hash]).await);
            prev = hash;
        }
    }
}

async fn append(s: &Store, key: &AuditKey, n: i64) -> AuditTip {
    let mut tip = None;
    for i in 0..n {
        let entity = format!("account:{i}");
        tip = Some(
            s.append_audit(key, 1000 + i, Some(1), "role.grant", &entity, "{}")
                .await
                .unwrap(),
        );
    }
    tip.unwrap()
}

async fn rows(s: &Store) -> Vec<AuditRow> {
    s.audit_after(0, 1000).await.unwrap()
}

async fn verify(s: &Store, key: &AuditKey, head: Option<&AuditTip>) -> Result<u64, AuditFault> {
    s.verify_audit(key, head).await.unwrap().map(|c| c.entries)
}

#[tokio::test]
async fn the_audit_log_refuses_changes_and_its_chain_shows_where_a_row_was_changed() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let key = AuditKey::random();
        assert_eq!(verify(&s, &key, None).await, Ok(0));
        append(&s, &key, 5).await;
        assert_eq!(verify(&s, &key, None).await, Ok(5));
        let all = rows(&s).await;
        for w in all.windows(2) {
            assert_eq!(w[1].prev_hash, w[0].hash);
        }
        let third = all[2].seq;
        let change =
            format!("UPDATE audit_log SET detail = '{{\"role\":\"admin\"}}' WHERE seq = {third}");
        let remove = format!("DELETE FROM audit_log WHERE seq = {third}");
        let mut raw = Raw::open(&db).await;
        // The database refuses changes; someone who drops the triggers is still caught.
        assert!(!raw.run(&change, &[]).await);
        assert!(!raw.run(&remove, &[]).await);
        if db.backend == "postgres" {
            assert!(!raw.run("TRUNCATE audit_log", &[]).await);
        }
        raw.drop_triggers().await;
        assert!(raw.run(&change, &[]).await);
        assert_eq!(
            verify(&s, &key, None).await,
            Err(AuditFault::Altered { seq: third }),
            "{}",
            db.backend
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn parallel_audit_appends_keep_one_unbroken_chain() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let key = AuditKey::random();
        let mut tasks = Vec::new();
        for i in 0..8 {
            let s = s.clone();
            let key = key.clone();
            tasks.push(tokio::spawn(async move {
                s.append_audit(&key, i, None, "login.staff", "account:1", "{}")
                    .await
                    .unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(verify(&s, &key, None).await, Ok(8), "{}", db.backend);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_chain_written_with_a_key_verifies_and_the_same_rows_checked_with_another_key_do_not() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let key = AuditKey::random();
        let tip = append(&s, &key, 4).await;
        let all = rows(&s).await;
        assert!(all.iter().all(|r| r.key_id.as_deref() == Some(key.id())));
        assert_eq!(verify(&s, &key, Some(&tip)).await, Ok(4), "{}", db.backend);
        let other = AuditKey::random();
        assert_eq!(
            verify(&s, &other, None).await,
            Err(AuditFault::OtherKey {
                seq: all[0].seq,
                key_id: key.id().to_owned(),
                this_key: other.id().to_owned(),
            }),
            "{}",
            db.backend
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_row_altered_with_its_plain_hash_and_every_later_hash_recomputed_is_named() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let key = AuditKey::random();
        let tip = append(&s, &key, 6).await;
        let all = rows(&s).await;
        let third = all[2].seq;
        let mut raw = Raw::open(&db).await;
        raw.drop_triggers().await;
        let forged = r#"{"role":"admin"}"#;
        // The key id kept: the recomputed hash is no HMAC of the key.
        raw.recompute_from(&all, third, forged, false).await;
        assert_eq!(
            verify(&s, &key, None).await,
            Err(AuditFault::Altered { seq: third }),
            "{}",
            db.backend
        );
        // Downgraded to entries an older version would have written: after a keyed one, no.
        raw.recompute_from(&all, third, forged, true).await;
        assert_eq!(
            verify(&s, &key, None).await,
            Err(AuditFault::Unkeyed { seq: third }),
            "{}",
            db.backend
        );
        // Every entry downgraded: a plain chain again, which only the signed head shows.
        raw.recompute_from(&all, all[0].seq, &all[0].detail, true)
            .await;
        assert_eq!(verify(&s, &key, None).await, Ok(6), "{}", db.backend);
        assert_eq!(
            verify(&s, &key, Some(&tip)).await,
            Err(AuditFault::HeadDiffers { seq: tip.seq }),
            "{}",
            db.backend
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn deleting_the_newest_entries_leaves_a_chain_that_only_the_signed_head_shows_incomplete() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let key = AuditKey::random();
        let tip = append(&s, &key, 5).await;
        let all = rows(&s).await;
        let kept = all[2].clone();
        let mut raw = Raw::open(&db).await;
        raw.drop_triggers().await;
        let remove = format!("DELETE FROM audit_log WHERE seq > {}", kept.seq);
        assert!(raw.run(&remove, &[]).await);
        assert_eq!(verify(&s, &key, None).await, Ok(3), "{}", db.backend);
        assert_eq!(
            verify(&s, &key, Some(&tip)).await,
            Err(AuditFault::Missing {
                last: kept.seq,
                head: tip.seq,
            }),
            "{}",
            db.backend
        );
        // A head that lags behind the database (another node appended since) is fine.
        let lagging = AuditTip {
            seq: all[1].seq,
            hash: all[1].hash.clone(),
        };
        assert_eq!(verify(&s, &key, Some(&lagging)).await, Ok(3));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_unkeyed_chain_from_an_older_version_gets_an_audit_keyed_entry_and_is_protected_from_then_on()
 {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let key = AuditKey::random();
        let mut raw = Raw::open(&db).await;
        let mut prev = fahrplan_store::GENESIS.to_owned();
        for (at, action) in [
            (10, "account.create"),
            (11, "role.grant"),
            (12, "login.staff"),
        ] {
            prev = raw.insert_unkeyed(&prev, at, action).await;
        }
        assert_eq!(verify(&s, &key, None).await, Ok(3), "{}", db.backend);
        let marker = s.key_audit_log(&key, 20).await.unwrap().unwrap();
        assert_eq!(s.key_audit_log(&key, 21).await.unwrap(), None, "keyed once");
        let all = rows(&s).await;
        let m = all.last().unwrap();
        assert_eq!((m.seq, &m.hash), (marker.seq, &marker.hash));
        assert_eq!(m.action, KEYED_ACTION);
        assert_eq!(m.prev_hash, prev, "it covers the last unkeyed entry");
        assert!(m.detail.contains(&prev), "{}", m.detail);
        let tip = append(&s, &key, 1).await;
        assert_eq!(verify(&s, &key, Some(&tip)).await, Ok(5), "{}", db.backend);
        // An unkeyed entry altered, its plain hash recomputed, and the ones after it too:
        // the keyed entry no longer covers them.
        raw.drop_triggers().await;
        raw.recompute_from(&all[..3], all[1].seq, r#"{"role":"admin"}"#, true)
            .await;
        assert_eq!(
            verify(&s, &key, Some(&tip)).await,
            Err(AuditFault::CoverBroken {
                seq: marker.seq,
                last_unkeyed: all[2].seq,
            }),
            "{}",
            db.backend
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn appending_to_a_chain_of_an_older_version_keys_it_first() {
    for db in TestDb::all().await {
        let s = store(&db).await;
        let key = AuditKey::random();
        let mut raw = Raw::open(&db).await;
        raw.insert_unkeyed(fahrplan_store::GENESIS, 10, "account.create")
            .await;
        let tip = append(&s, &key, 1).await;
        let all = rows(&s).await;
        let actions: Vec<&str> = all.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["account.create", KEYED_ACTION, "role.grant"]);
        assert_eq!(all[0].key_id, None);
        assert_eq!(verify(&s, &key, Some(&tip)).await, Ok(3), "{}", db.backend);
        db.cleanup().await;
    }
}
