use crate::support::*;

#[test]
fn an_unparseable_database_url_is_one_line_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(bin()
        .args(["migrate", "--data-dir"])
        .arg(dir.path())
        .args(["--database-url", "mysql://x@y/z"]));
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.starts_with("error: --database-url"), "{err}");
}

#[test]
fn an_unreachable_database_fails_without_creating_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("new");
    let (code, _, err) = run(bin().arg("--data-dir").arg(&data).args([
        "--database-url",
        "postgres://postgres:geheim@127.0.0.1:1/none",
        "migrate",
    ]));
    assert_eq!(code, 1);
    assert!(
        err.contains("unreachable") && err.contains("--database-url"),
        "{err}"
    );
    assert!(!err.contains("geheim"), "password leaked: {err}");
    assert!(!data.exists(), "half-created data dir left behind");
}

#[test]
fn an_unwritable_data_dir_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let (code, _, err) = run(bin().arg("migrate").arg("--data-dir").arg(file.join("sub")));
    assert_eq!(code, 1);
    assert!(err.starts_with("error: --data-dir"), "{err}");
}

#[test]
fn a_port_in_use_is_named_and_nothing_is_created() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (code, _, err) = run(bin().arg("--data-dir").arg(&data).args([
        "serve",
        "--addr",
        &format!("127.0.0.1:{port}"),
    ]));
    assert_eq!(code, 1);
    assert!(err.starts_with("error: --addr"), "{err}");
    assert!(!data.exists());
}

#[test]
fn wrong_usage_exits_2() {
    assert_eq!(run(bin().arg("no-such-command")).0, 2);
}

#[test]
fn config_check_redacts_secrets_and_accepts_global_options_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("fahrplan.toml");
    std::fs::write(
        &cfg,
        "site_name = \"Teststadt\"\nform_secret = \"0123456789abcdef0123456789abcdef-geheim\"\n",
    )
    .unwrap();
    let (code, out, err) = run(bin()
        .args(["config", "check", "--config"])
        .arg(&cfg)
        .arg("--data-dir")
        .arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Teststadt"));
    assert!(!out.contains("geheim"), "{out}");
    std::fs::write(&cfg, "site_nam = \"Tippfehler\"\n").unwrap();
    let (code, _, err) = run(bin().args(["config", "check", "--config"]).arg(&cfg));
    assert_eq!(code, 1);
    assert!(err.contains("fahrplan.toml:1"), "{err}");
}

#[test]
fn a_trusted_proxy_must_be_an_ip_address() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .env("FAHRPLAN_TRUSTED_PROXIES", "10.0.0.1, proxy.example")
        .args(["config", "check"]));
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("FAHRPLAN_TRUSTED_PROXIES"), "{err}");
    let (code, out, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .env("FAHRPLAN_TRUSTED_PROXIES", "10.0.0.1,::1")
        .args(["config", "check"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("trusted_proxies = [\"10.0.0.1\", \"::1\"]"),
        "{out}"
    );
}
