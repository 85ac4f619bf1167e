//! A server error as the operator meets it: the client gets a 500 that keeps its cause to
//! itself, and the server's log names the request and the cause, once.

use crate::support::*;

#[test]
fn a_failing_request_is_logged_once_with_its_cause_and_the_answer_keeps_it_to_itself() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let port = free_port();
    let mut child = bin()
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let ready = wait_for(port, "/readyz", "200 OK");
    if ready {
        // A status the code does not know, written past the table's check: reading the
        // measures fails inside the store.
        let url = format!("sqlite://{}", dir.path().join("data/fahrplan.db").display());
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            for sql in [
                "PRAGMA ignore_check_constraints = ON",
                "UPDATE measure_status_changes SET status = 'geheimer_wert'",
            ] {
                sqlx::query(sql).execute(&mut c).await.unwrap();
            }
            c.close().await.unwrap();
        });
    }
    let answer = ready.then(|| http_get(port, "/api/v1/measures").unwrap_or_default());
    let _ = child.kill();
    let _ = child.wait();
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(ready, "server did not become ready: {log}");
    let answer = answer.unwrap();
    assert!(answer.starts_with("HTTP/1.1 500"), "{answer}");
    assert!(
        !answer.contains("geheimer_wert"),
        "the cause stays in the log: {answer}"
    );
    let failures: Vec<&str> = log.lines().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(failures.len(), 1, "one line per failed request: {log}");
    assert!(
        failures[0].contains("geheimer_wert"),
        "the line names the cause: {log}"
    );
}
