use crate::support::*;

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
