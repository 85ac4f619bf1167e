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

/// Seven contributions to `umsetzung-begleiten` in the SQLite database of `data_dir`, as the
/// outside probe of issue 13 found them; returns the first one's id.
fn seven_contributions(data_dir: &std::path::Path) -> i64 {
    let url = format!("sqlite://{}", data_dir.join("fahrplan.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = fahrplan_app::Store::connect(&url).await.unwrap();
        let app = fahrplan_app::App::new(store.clone()).unwrap();
        let author = app
            .create_user(&fahrplan_app::accounts::NewUser {
                email: "anna@example.org".into(),
                display_name: "Anna".into(),
                role: "participant".into(),
                departments: vec![],
                password: "Wanderweg am Edersee 7".into(),
            })
            .await
            .unwrap();
        let mut first = 0;
        for i in 0..7 {
            let id = store
                .add_contribution(&fahrplan_store::NewContribution {
                    process: "umsetzung-begleiten".into(),
                    target_kind: fahrplan_domain::TargetKind::Process,
                    target: String::new(),
                    kind: fahrplan_domain::ContributionKind::Comment,
                    author,
                    author_role: None,
                    parent: None,
                    title: String::new(),
                    body: format!("Hinweis Nummer {i}"),
                    created_at: 1_765_000_000 + i,
                })
                .await
                .unwrap();
            if i == 0 {
                first = id;
            }
        }
        store.close().await;
        first
    })
}

/// Starts `serve` on `data_dir`, waits until it is ready and returns it with its port.
fn serving(data_dir: &std::path::Path) -> (std::process::Child, u16) {
    let port = free_port();
    let mut child = bin()
        .arg("--data-dir")
        .arg(data_dir)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if http_get(port, "/readyz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("server did not become ready");
}

#[test]
fn an_import_that_drops_a_process_with_contributions_is_refused_unless_removals_are_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (data, out) = (dir.path().join("data"), dir.path().join("out"));
    let export = |to: &std::path::Path| {
        let (code, _, err) = run(bin()
            .arg("--data-dir")
            .arg(&data)
            .args(["export", "content"])
            .arg(to));
        assert_eq!(code, 0, "{err}");
    };
    export(&out);
    let first = seven_contributions(&data);
    std::fs::remove_file(out.join("processes/umsetzung-begleiten.toml")).unwrap();
    let import = |extra: &[&str]| {
        run(bin()
            .arg("--data-dir")
            .arg(&data)
            .args(["import", "content"])
            .arg(&out)
            .args(extra))
    };

    let (code, _, err) = import(&[]);

    assert_eq!(code, 1, "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("processes/umsetzung-begleiten.toml"))
        .unwrap_or_else(|| panic!("no line names the file: {err}"));
    assert!(line.starts_with("error: "), "{err}");
    assert!(line.contains("7 contributions refer to it"), "{err}");
    assert!(line.contains("--allow-removals"), "{err}");
    let problems = err.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(problems, 1, "one line per problem: {err}");

    let (code, stdout, err) = import(&["--allow-removals"]);

    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("processes/umsetzung-begleiten.toml: archived process"),
        "{stdout}"
    );
    let (mut server, port) = serving(&data);
    let page = http_get(port, "/mitmachen/umsetzung-begleiten").unwrap_or_default();
    let thread = http_get(
        port,
        &format!("/mitmachen/umsetzung-begleiten/beitraege/{first}"),
    )
    .unwrap_or_default();
    let english = http_get(port, "/en/mitmachen/umsetzung-begleiten").unwrap_or_default();
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Zurückgezogen am"), "{page}");
    assert!(page.contains("Hinweis Nummer 6"), "its contributions stay");
    assert!(thread.starts_with("HTTP/1.1 200"), "{thread}");
    assert!(english.contains("Withdrawn on"));

    let again = dir.path().join("again");
    export(&again);
    let text = std::fs::read_to_string(again.join("processes/umsetzung-begleiten.toml")).unwrap();
    assert!(text.contains("archived = \""), "{text}");
    let (code, stdout, err) = run(bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["import", "content"])
        .arg(&again));
    assert_eq!(code, 0, "the round trip keeps it archived: {err}");
    assert!(
        !stdout.contains("archived process"),
        "nothing archived anew"
    );
}
