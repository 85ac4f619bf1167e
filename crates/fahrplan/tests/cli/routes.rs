use crate::support::*;

/// Everything below `dir`, as paths relative to it.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        out.push(p.strip_prefix(dir).unwrap().display().to_string());
        if p.is_dir() {
            out.extend(entries(&p));
        }
    }
    out
}

#[test]
fn routes_samples_reads_the_content_and_creates_nothing_where_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(bin().current_dir(dir.path()).args(["routes", "--samples"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("/massnahmen/"),
        "the default content is read: {out}"
    );
    assert!(out.contains("/entstehung\tprocess timeline"));
    for label in ["paragraph of a process text", "paragraph of a page text"] {
        assert!(
            out.contains(&format!("\t{label}")) && out.contains("/kommentieren/"),
            "the browser gates get the paragraph pages of issue 17: {out}"
        );
    }
    assert!(
        !out.contains("/mitmachen/entstehung-2021"),
        "a path that redirects is no sample: {out}"
    );
    let mut paths: Vec<&str> = out.lines().filter_map(|l| l.split('\t').next()).collect();
    assert!(paths.contains(&"/datenschutz"), "{out}");
    let all = paths.len();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(
        paths.len(),
        all,
        "each sample once (a legal page's text is the legal page): {out}"
    );
    assert_eq!(entries(dir.path()), Vec::<String>::new(), "nothing created");
    let data = dir.path().join("elsewhere");
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["routes", "--samples"]));
    assert_eq!(code, 0, "{err}");
    assert!(!data.exists(), "no data folder created");
}

#[test]
fn routes_samples_reads_an_existing_database_with_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let docs = dir.path().join("docs.jsonl");
    std::fs::write(
        &docs,
        "{\"id\":\"gesetz-1\",\"title\":\"Ein Gesetz\",\"body\":\"Text des Gesetzes.\"}\n",
    )
    .unwrap();
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["import", "documents"])
        .arg(&docs));
    assert_eq!(code, 0, "{err}");
    let before = entries(&data);
    let (code, out, err) = run(bin()
        .arg("--data-dir")
        .arg(&data)
        .args(["routes", "--samples"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("/dokumente/gesetz-1\timported document"),
        "{out}"
    );
    let after: Vec<String> = entries(&data)
        .into_iter()
        .filter(|e| !e.ends_with("-wal") && !e.ends_with("-shm"))
        .collect();
    let before: Vec<String> = before
        .into_iter()
        .filter(|e| !e.ends_with("-wal") && !e.ends_with("-shm"))
        .collect();
    assert_eq!(after.len(), before.len(), "{before:?} → {after:?}");
}
