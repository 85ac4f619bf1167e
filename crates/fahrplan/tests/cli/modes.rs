//! Issue 13, finding 1: nothing in the data folder is readable by other users, whatever the
//! umask the operator starts fahrplan with, and a folder left readable by an older version is
//! tightened at start.

use crate::support::*;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// Every folder and file below `dir` (itself included) with its permission bits.
fn modes(dir: &Path) -> Vec<(PathBuf, u32)> {
    let mut out = vec![(
        dir.to_path_buf(),
        std::fs::symlink_metadata(dir).unwrap().permissions().mode() & 0o7777,
    )];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            out.extend(modes(&path));
        } else {
            out.push((path, meta.permissions().mode() & 0o7777));
        }
    }
    out
}

fn not_private(dir: &Path) -> Vec<String> {
    modes(dir)
        .into_iter()
        .filter(|(p, m)| *m != if p.is_dir() { 0o700 } else { 0o600 })
        .map(|(p, m)| format!("{} {m:o}", p.display()))
        .collect()
}

fn registration_mail(port: u16) -> String {
    let page = http_get(port, "/registrieren").unwrap_or_default();
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap_or_default()
        .to_owned();
    http_post(
        port,
        "/registrieren",
        &format!(
            "token={token}&email=neu%40example.org&display_name=Neue+Person&password=Kelterei+am+Main+1848&consent=yes"
        ),
    )
    .unwrap_or_default()
}

#[test]
fn every_folder_and_file_in_the_data_folder_is_owner_only_even_under_umask_000() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    let mut child = bin_under_umask_000()
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ready = wait_for(port, "/readyz", "200 OK");
    let answer = registration_mail(port);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10)
        && std::fs::read_dir(data.join("mail")).map_or(true, |d| d.count() == 0)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    // Looked at while the server runs: SQLite's -wal and -shm exist only then.
    let names: Vec<String> = modes(&data)
        .iter()
        .map(|(p, _)| p.strip_prefix(&data).unwrap().display().to_string())
        .collect();
    let loose = not_private(&data);
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready, "the server did not get ready");
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(loose.is_empty(), "readable by others: {loose:#?}");
    for expected in [
        "fahrplan.db",
        "fahrplan.db-wal",
        "fahrplan.db-shm",
        "form-secret",
        "totp-key",
        "search",
        "mail",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("search/") && n.ends_with(".idx")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("mail/") && n.ends_with(".eml")),
        "{names:?}"
    );
}

#[test]
fn a_data_folder_left_readable_by_an_older_version_is_made_owner_only_at_start_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (code, _, err) = run(bin().arg("--data-dir").arg(&data).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    // What an older version left behind with umask 022.
    std::fs::create_dir_all(data.join("mail")).unwrap();
    std::fs::write(data.join("mail/1-old.eml"), "Subject: Ihr Link\r\n").unwrap();
    std::fs::write(data.join("form-secret"), "0123456789abcdef0123456789abcdef").unwrap();
    for (p, m) in [
        ("", 0o755),
        ("mail", 0o755),
        ("mail/1-old.eml", 0o644),
        ("fahrplan.db", 0o644),
        ("form-secret", 0o644),
    ] {
        std::fs::set_permissions(data.join(p), std::fs::Permissions::from_mode(m)).unwrap();
    }
    let (code, _, err) = run(bin()
        .env("RUST_LOG", "warn")
        .arg("--data-dir")
        .arg(&data)
        .arg("migrate"));
    assert_eq!(code, 0, "{err}");
    let loose = not_private(&data);
    assert!(loose.is_empty(), "still readable by others: {loose:#?}");
    assert_eq!(
        err.matches("owner-only").count(),
        1,
        "one log line says so: {err}"
    );
    assert!(err.contains("5 files and folders"), "{err}");
    let (code, _, err) = run(bin()
        .env("RUST_LOG", "warn")
        .arg("--data-dir")
        .arg(&data)
        .arg("migrate"));
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("owner-only"),
        "nothing left to tighten: {err}"
    );
}
