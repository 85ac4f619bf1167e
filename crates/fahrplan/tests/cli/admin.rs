use crate::support::*;

#[test]
fn admin_commands_bootstrap_accounts_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    bootstrap_accounts(&["--data-dir".to_owned(), dir.path().display().to_string()]);
}

#[test]
fn admin_commands_bootstrap_accounts_on_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(fahrplan_testkit::TestDb::postgres()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // With PostgreSQL the audit key is configured, as every node and command must share it.
    let cfg = dir.path().join("fahrplan.toml");
    std::fs::write(&cfg, format!("audit_key = \"{}\"\n", "5a".repeat(32))).unwrap();
    bootstrap_accounts(&[
        "--data-dir".to_owned(),
        dir.path().display().to_string(),
        "--database-url".to_owned(),
        db.url.clone(),
        "--config".to_owned(),
        cfg.display().to_string(),
    ]);
    assert!(!dir.path().join("audit-key").exists(), "no key file needed");
    rt.block_on(db.cleanup());
}

#[test]
fn an_account_created_while_the_server_runs_can_log_in_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    let mut child = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ready = wait_for(port, "/readyz", "200 OK");
    let db = ["--data-dir".to_owned(), data.display().to_string()];
    let (code, out, err) = admin_cmd(
        &db,
        &[
            "admin",
            "create-user",
            "--email",
            "mod@example.org",
            "--display-name",
            "Moderation",
            "--role",
            "moderator",
            "--password-stdin",
        ],
        "Kelterei am Main 1848",
    );
    let page = http_get(port, "/anmelden").unwrap_or_default();
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let answer = http_post(
        port,
        "/anmelden",
        &format!("token={token}&email=mod%40example.org&password=Kelterei+am+Main+1848"),
    )
    .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready);
    assert_eq!(code, 0, "{out} {err}");
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(
        answer.contains("location: /konto/zwei-faktor"),
        "a moderator is sent to set up the second factor: {answer}"
    );
    assert!(answer.contains("set-cookie: __Host-fahrplan="), "{answer}");
}
