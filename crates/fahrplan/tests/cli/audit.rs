//! The keyed audit log as an operator and an attacker with database access meet it, through the
//! real binary and a real data folder: commands write a signed head beside the database, `audit
//! verify` names entries deleted after it, a log an older version wrote is keyed when the server
//! starts, and PostgreSQL needs a configured key.

use crate::support::*;
use std::path::Path;

const KEY: &str = "8d3c0f9a1b2e4d5f6071829304a5b6c7d8e9f0011223344556677889900aabbc";

fn create_admin(db: &[String]) {
    let (code, out, err) = admin_cmd(
        db,
        &[
            "admin",
            "create-user",
            "--email",
            "chef@example.org",
            "--display-name",
            "Redaktion",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "Kelterei am Main 1848\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    for role in ["moderator", "expert"] {
        let (code, _, err) = admin_cmd(db, &["admin", "grant", "chef@example.org", role], "");
        assert_eq!(code, 0, "{err}");
    }
}

/// Runs `sql` on the database as someone who can write to it, not through fahrplan.
fn as_attacker(url: &str, sql: &[&str]) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        if url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            for q in sql {
                sqlx::query(q).execute(&mut c).await.unwrap();
            }
        } else {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            for q in sql {
                sqlx::query(q).execute(&mut c).await.unwrap();
            }
        }
    });
}

fn head_seq(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("\"seq\":")
        .nth(1)
        .and_then(|t| t.split(',').next())
        .unwrap()
        .to_owned()
}

/// Three entries by the command line, then the two newest deleted with the triggers dropped.
fn deleting_the_newest_entries_is_named_by_audit_verify(db: &[String], url: &str, drops: &[&str]) {
    let data = Path::new(&db[1]);
    create_admin(db);
    let head = data.join("audit-head");
    assert_eq!(head_seq(&head), "3");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&head).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    let (code, out, err) = run(bin().args(db).args(["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "audit log intact: 3 entries (head: seq 3)");
    let mut sql = drops.to_vec();
    sql.push("DELETE FROM audit_log WHERE seq > 1");
    as_attacker(url, &sql);
    let (code, out, err) = run(bin().args(db).args(["audit", "verify"]));
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        err.trim(),
        "error: audit verify: entries after 1 are missing: the signed head names entry 3"
    );
    // Without its head the chain still checks, with a warning that deletions go unnoticed.
    std::fs::remove_file(&head).unwrap();
    let (code, out, err) = run(bin().args(db).args(["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "audit log intact: 1 entries (no signed head)");
    assert!(
        err.starts_with("warning: audit verify: no signed head in "),
        "{err}"
    );
}

#[test]
fn deleting_the_newest_audit_entries_makes_audit_verify_say_which_are_missing_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = format!("sqlite://{}", data.join("fahrplan.db").display());
    deleting_the_newest_entries_is_named_by_audit_verify(
        &["--data-dir".to_owned(), data.display().to_string()],
        &url,
        &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
    );
    assert!(data.join("audit-key").exists(), "the key file was made");
}

#[test]
fn deleting_the_newest_audit_entries_makes_audit_verify_say_which_are_missing_on_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(fahrplan_testkit::TestDb::postgres()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let args = [
        "--data-dir".to_owned(),
        data.display().to_string(),
        "--database-url".to_owned(),
        db.url.clone(),
    ];
    // Without the key the commands that write the audit log refuse, naming the setting.
    let (code, _, err) = admin_cmd(&args, &["admin", "grant", "x@example.org", "admin"], "");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: audit_key / FAHRPLAN_AUDIT_KEY: "),
        "{err}"
    );
    assert!(!data.exists(), "refused before anything was made");
    let cfg = dir.path().join("fahrplan.toml");
    std::fs::write(&cfg, format!("audit_key = \"{KEY}\"\n")).unwrap();
    let mut with_key = args.to_vec();
    with_key.extend(["--config".to_owned(), cfg.display().to_string()]);
    deleting_the_newest_entries_is_named_by_audit_verify(
        &with_key,
        &db.url,
        &["DROP TRIGGER audit_log_no_change ON audit_log"],
    );
    rt.block_on(db.cleanup());
}

#[test]
fn an_audit_log_written_by_an_older_version_is_keyed_when_the_server_starts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let args = ["--data-dir".to_owned(), data.display().to_string()];
    let (code, _, err) = run(bin().args(&args).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    // Two entries as a version before the key wrote them: plain SHA-256, no key id.
    let url = format!("sqlite://{}", data.join("fahrplan.db").display());
    let first = fahrplan_store::audit_hash(
        fahrplan_store::GENESIS,
        10,
        None,
        "account.create",
        "account:1",
        "{}",
    );
    let second = fahrplan_store::audit_hash(&first, 11, None, "role.grant", "account:1", "{}");
    as_attacker(
        &url,
        &[&format!(
            "INSERT INTO audit_log (at, actor_id, action, entity, detail, prev_hash, hash) VALUES \
             (10, NULL, 'account.create', 'account:1', '{{}}', '{}', '{first}'), \
             (11, NULL, 'role.grant', 'account:1', '{{}}', '{first}', '{second}')",
            fahrplan_store::GENESIS
        )],
    );
    let (code, out, _) = run(bin().args(&args).args(["audit", "verify"]));
    assert_eq!(
        (code, out.trim()),
        (0, "audit log intact: 2 entries (no signed head)")
    );
    let (ready, log) = serve_once(&args, &[]);
    assert!(ready, "{log}");
    assert!(log.contains("made a new audit key; BACK IT UP"), "{log}");
    assert!(
        log.contains("the audit log is keyed from now on: entry 3"),
        "{log}"
    );
    assert!(
        log.contains("audit head"),
        "the head is logged for anchoring: {log}"
    );
    let (code, out, err) = run(bin().args(&args).args(["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "audit log intact: 3 entries (head: seq 3)");
    let (ready, log) = serve_once(&args, &[]);
    assert!(ready, "{log}");
    assert!(!log.contains("keyed from now on"), "keyed once: {log}");
    // From now on the old entries are protected: one changed is named, even with its plain hash
    // recomputed.
    let forged = fahrplan_store::audit_hash(
        &first,
        11,
        None,
        "role.grant",
        "account:1",
        "{\"role\":\"admin\"}",
    );
    as_attacker(
        &url,
        &[
            "DROP TRIGGER audit_log_no_update",
            &format!(
                "UPDATE audit_log SET detail = '{{\"role\":\"admin\"}}', hash = '{forged}' WHERE seq = 2"
            ),
        ],
    );
    let (code, _, err) = run(bin().args(&args).args(["audit", "verify"]));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: audit verify: an entry up to 2 (written before the log was keyed) was altered or removed"),
        "{err}"
    );
}

#[test]
fn the_audit_key_in_the_configuration_is_checked_by_name_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .env("FAHRPLAN_AUDIT_KEY", "abcdef")
        .args(["config", "check"]));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: audit_key / FAHRPLAN_AUDIT_KEY: "),
        "{err}"
    );
    let (code, out, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .env("FAHRPLAN_AUDIT_KEY", KEY)
        .env("FAHRPLAN_AUDIT_HEAD_FILE", dir.path().join("anchor/head"))
        .args(["config", "check"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("audit_key = \"***\""), "{out}");
    assert!(out.contains("anchor/head"), "{out}");
    assert!(!out.contains(KEY) && !err.contains(KEY), "{out}{err}");
}
