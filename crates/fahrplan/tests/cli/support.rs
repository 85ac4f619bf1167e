//! Helpers shared by the test modules.

#[allow(unused_imports)]
pub(crate) use std::io::{Read, Write};
#[allow(unused_imports)]
pub(crate) use std::net::{TcpListener, TcpStream};
#[allow(unused_imports)]
pub(crate) use std::process::{Command, Stdio};
#[allow(unused_imports)]
pub(crate) use std::time::{Duration, Instant};

pub(crate) fn bin() -> Command {
    with_clean_env(Command::new(env!("CARGO_BIN_EXE_fahrplan")))
}

/// The binary started through `sh` with umask 000, so that only fahrplan itself decides the
/// modes of what it creates.
pub(crate) fn bin_under_umask_000() -> Command {
    let mut c = Command::new("sh");
    c.args(["-c", "umask 000; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_fahrplan"));
    with_clean_env(c)
}

/// Without the caller's fahrplan settings, logging warnings only.
fn with_clean_env(mut c: Command) -> Command {
    for var in [
        "FAHRPLAN_DATA_DIR",
        "FAHRPLAN_DATABASE_URL",
        "FAHRPLAN_CONFIG",
        "FAHRPLAN_CONTENT",
        "FAHRPLAN_ADDR",
        "FAHRPLAN_TRUSTED_PROXIES",
        "FAHRPLAN_RATE_LIMITS",
        "FAHRPLAN_TOTP_KEY",
        "FAHRPLAN_FORM_SECRET",
        "FAHRPLAN_AUDIT_KEY",
        "FAHRPLAN_AUDIT_HEAD_FILE",
        "MIMALLOC_PURGE_DELAY",
    ] {
        c.env_remove(var);
    }
    for (var, _) in std::env::vars() {
        if var.starts_with("FAHRPLAN_OPERATOR__") {
            c.env_remove(var);
        }
    }
    c.env("RUST_LOG", "warn");
    c
}

pub(crate) fn run(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Like `run`, for a command that should end by itself: one still running after `secs` is
/// stopped and reported as exit code -1 (so a server that starts when it should refuse fails
/// the test instead of hanging it).
pub(crate) fn run_within(c: &mut Command, secs: u64) -> (i32, String, String) {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut code = -1;
    while start.elapsed() < Duration::from_secs(secs) {
        if let Some(status) = child.try_wait().unwrap() {
            code = status.code().unwrap_or(-1);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if code == -1 {
        let _ = child.kill();
    }
    let out = child.wait_with_output().unwrap();
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn http_get(port: u16, path: &str) -> Option<String> {
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

pub(crate) fn wait_for(port: u16, path: &str, needle: &str) -> bool {
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

pub(crate) fn admin_cmd(db: &[String], args: &[&str], stdin: &str) -> (i32, String, String) {
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
pub(crate) fn bootstrap_accounts(db: &[String]) {
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
    assert_eq!(out.trim(), "audit log intact: 3 entries (head: seq 3)");
}

pub(crate) fn http_post(port: u16, path: &str, body: &str) -> Option<String> {
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

/// Serves on a free port until ready, then stops; returns whether it got ready and its log.
pub(crate) fn serve_once(args: &[String], env: &[(&str, &str)]) -> (bool, String) {
    let port = free_port();
    let mut c = bin();
    c.args(args)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().unwrap();
    let ready = wait_for(port, "/readyz", "200 OK");
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    (ready, String::from_utf8_lossy(&out.stderr).into_owned())
}
