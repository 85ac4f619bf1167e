use crate::support::*;

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

#[test]
fn a_document_over_the_size_limit_is_refused_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.jsonl");
    let big_body = "x".repeat(4_000_001);
    let lines = [
        r#"{"id":"klein","title":"Klein","body":"Text"}"#.to_owned(),
        format!(r#"{{"id":"gross","title":"Groß","body":"{big_body}"}}"#),
        format!(
            r#"{{"id":"riesig","title":"Riesig","body":"{}"}}"#,
            "y".repeat(50_000_000)
        ),
        r#"{"id":"auch-klein","title":"Auch klein","body":"Text"}"#.to_owned(),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let (code, out, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["import", "documents"])
        .arg(&file));
    assert_eq!(code, 1, "{out} {err}");
    assert!(
        out.contains("imported 2 documents, refused 2 lines"),
        "{out}"
    );
    assert!(
        err.contains("line 2: field \"body\" has 4000001 bytes"),
        "{err}"
    );
    assert!(err.contains("line 3: the line is longer than"), "{err}");
}
