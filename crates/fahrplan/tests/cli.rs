//! The binary as a user runs it: bad settings end with one line naming the setting and exit 1,
//! content round-trips through export and import, and SIGTERM drains and exits 0.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fahrplan"));
    for var in [
        "FAHRPLAN_DATA_DIR",
        "FAHRPLAN_DATABASE_URL",
        "FAHRPLAN_CONFIG",
        "FAHRPLAN_CONTENT",
        "FAHRPLAN_ADDR",
        "FAHRPLAN_TRUSTED_PROXIES",
        "FAHRPLAN_RATE_LIMITS",
        "MIMALLOC_PURGE_DELAY",
    ] {
        c.env_remove(var);
    }
    c.env("RUST_LOG", "warn");
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

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
fn export_then_import_content_round_trips_through_files() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(&a)
        .args(["export", "content"])
        .arg(dir.path().join("out1")));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(bin()
        .args(["--content", "none", "import", "content"])
        .arg(dir.path().join("out1"))
        .arg("--data-dir")
        .arg(&b));
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(bin()
        .arg("--data-dir")
        .arg(&b)
        .args(["export", "content"])
        .arg(dir.path().join("out2")));
    assert_eq!(code, 0);
    let area = "editions/2021/areas/01-digitale-infrastruktur.toml";
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out1").join(area)).unwrap(),
        std::fs::read_to_string(dir.path().join("out2").join(area)).unwrap()
    );
    let broken = dir.path().join("out1/departments.toml");
    std::fs::write(&broken, "[[department]]\ncode = \n").unwrap();
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(&b)
        .args(["import", "content"])
        .arg(dir.path().join("out1")));
    assert_eq!(code, 1);
    assert!(err.contains("departments.toml:2"), "{err}");
}

#[test]
fn serve_answers_and_exits_0_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut page = None;
    while start.elapsed() < Duration::from_secs(60) {
        if let Some(r) = http_get(port, "/readyz")
            && r.starts_with("HTTP/1.1 200")
        {
            page = http_get(port, "/");
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let page = page.expect("server did not become ready");
    // The process replaced itself to hand freed memory back at once (same pid).
    let environ = std::fs::read(format!("/proc/{}/environ", child.id())).unwrap_or_default();
    assert!(
        environ
            .split(|b| *b == 0)
            .any(|kv| kv == b"MIMALLOC_PURGE_DELAY=0"),
        "the allocator option is set"
    );
    assert!(page.starts_with("HTTP/1.1 200"));
    assert!(page.contains("Wo Zukunft zuhause ist"));
    assert!(!page.to_ascii_lowercase().contains("set-cookie"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            assert_eq!(s.code(), Some(0));
            break;
        }
        assert!(Instant::now() < deadline, "server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_empty_portal_starts_with_content_none() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(bin()
        .args(["--content", "none", "routes", "--samples", "--data-dir"])
        .arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("/\tstart"));
    assert!(!out.contains("/massnahmen/"), "no content was loaded");
}

fn wait_for(port: u16, path: &str, needle: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if let Some(r) = http_get(port, path)
            && r.contains(needle)
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn import_documents_keeps_good_lines_names_bad_ones_and_a_running_server_picks_up_more() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.jsonl.gz");
    let lines = [
        r#"{"id":"ozg","title":"Onlinezugangsgesetz","body":"Verwaltungsleistungen online"}"#,
        r#"{"id":"kaputt","title":"#,
        r#"{"id":"ohne-titel","body":"Text"}"#,
        r#"{"id":"egovg","title":"E-Government-Gesetz","body":"Akten","kind":"law","extra":1}"#,
        r#"{"id":"ozg","title":"Portalverbundgesetz","body":"Neue Fassung"}"#,
    ];
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(lines.join("\n").as_bytes()).unwrap();
    std::fs::write(&file, gz.finish().unwrap()).unwrap();
    let data = dir.path().join("data");
    let (code, out, err) = run(bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["import", "documents"])
        .arg(&file));
    assert_eq!(code, 1, "refused lines make the exit code 1: {out} {err}");
    assert!(
        out.contains("imported 3 documents, refused 2 lines"),
        "{out}"
    );
    assert!(err.contains("line 2: not a JSON object"), "{err}");
    assert!(err.contains("line 3: field \"title\""), "{err}");

    let port = free_port();
    let mut child = bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let found = wait_for(port, "/api/v1/search?q=Portalverbund", "\"id\":\"ozg\"");
    // While the server runs, a second import goes through the database; the server indexes it.
    let more = dir.path().join("more.jsonl");
    std::fs::write(
        &more,
        r#"{"id":"ndg","title":"Nachweisdurchsetzungsgesetz","body":"Register"}"#,
    )
    .unwrap();
    let (code2, out2, err2) = run(bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["import", "documents"])
        .arg(&more));
    let fresh = wait_for(port, "/api/v1/search?q=Nachweis", "\"id\":\"ndg\"");
    let gone = http_get(port, "/api/v1/search?q=Onlinezugangsgesetz").unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "the index built by the import is served");
    assert_eq!(code2, 0, "{out2} {err2}");
    assert!(out2.contains("the running server indexes them"), "{out2}");
    assert!(
        fresh,
        "a document imported while the server runs becomes searchable"
    );
    assert!(
        !gone.contains("\"title\":\"Onlinezugangsgesetz\""),
        "the replaced title is gone: {gone}"
    );
}

fn admin_cmd(db: &[String], args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = bin()
        .args(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// create-user, grant and audit verify against one database (given as global options).
fn bootstrap_accounts(db: &[String]) {
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/hessen");
    let (code, _, err) = run(bin().args(db).args(["import", "content", content]));
    assert_eq!(code, 0, "{err}");
    let create = |email: &str, role: &str, extra: &[&str], pw: &str| {
        let mut args = vec![
            "admin",
            "create-user",
            "--email",
            email,
            "--display-name",
            "Redaktion Test",
            "--role",
            role,
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        admin_cmd(db, &args, pw)
    };
    let (code, out, err) = create("chef@example.org", "admin", &[], "Kelterei am Main 1848\n");
    assert_eq!(code, 0, "{out} {err}");
    assert!(out.starts_with("created account "), "{out}");
    let (code, _, err) = create("chef@example.org", "admin", &[], "Kelterei am Main 1848\n");
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "error: admin create-user: --email already belongs to an account"
    );
    let (code, _, err) = create("x@example.org", "admin", &[], "password1\n");
    assert_eq!(code, 1);
    assert!(err.contains("is one of the most common passwords"), "{err}");
    let (code, _, err) = create("y@example.org", "editor", &[], "Kelterei am Main 1848\n");
    assert_eq!(code, 1);
    assert!(err.contains("--department is needed"), "{err}");
    let (code, _, err) = create(
        "y@example.org",
        "editor",
        &["--department", "nope"],
        "Kelterei am Main 1848\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("not a department code"), "{err}");
    let (code, out, err) = create(
        "ed@example.org",
        "editor",
        &["--department", "stk"],
        "Kelterei am Main 1848\n",
    );
    assert_eq!(code, 0, "{out} {err}");
    let (code, out, err) = admin_cmd(db, &["admin", "grant", "ed@example.org", "moderator"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("has role moderator"), "{out}");
    let (code, _, err) = admin_cmd(db, &["admin", "grant", "nobody@example.org", "admin"], "");
    assert_eq!(code, 1);
    assert!(err.contains("no account with this email"), "{err}");
    let (code, _, err) = admin_cmd(db, &["admin", "grant", "ed@example.org", "king"], "");
    assert_eq!(code, 1);
    assert!(err.contains("--role is not one of"), "{err}");
    let (code, out, err) = admin_cmd(
        db,
        &["admin", "reset-second-factor", "chef@example.org"],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("next login sets one up"), "{out}");
    let (code, _, err) = admin_cmd(
        db,
        &["admin", "reset-second-factor", "nobody@example.org"],
        "",
    );
    assert_eq!(code, 1);
    assert!(err.contains("no account with this email"), "{err}");
    let (code, out, err) = run(bin().args(db).args(["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    // Two accounts created and one role granted (resetting an absent factor logs nothing).
    assert_eq!(out.trim(), "audit log intact: 3 entries");
}

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
    bootstrap_accounts(&[
        "--data-dir".to_owned(),
        dir.path().display().to_string(),
        "--database-url".to_owned(),
        db.url.clone(),
    ]);
    rt.block_on(db.cleanup());
}

fn http_post(port: u16, path: &str, body: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
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
