//! Issue 14 as an operator meets it: operator data that is missing does not stop the portal,
//! but `config check` and the server's start log name each missing setting, so the operator
//! hears of it before readers meet the neutral texts in its place.

use crate::support::*;

/// Every operator setting, given through the environment.
const FULL: [(&str, &str); 8] = [
    ("FAHRPLAN_OPERATOR__AUTHORITY", "Hessisches Testministerium"),
    (
        "FAHRPLAN_OPERATOR__ADDRESS",
        "Teststraße 1, 65185 Wiesbaden",
    ),
    ("FAHRPLAN_OPERATOR__REPRESENTATIVE", "die Ministerin"),
    ("FAHRPLAN_OPERATOR__EMAIL", "poststelle@example.org"),
    ("FAHRPLAN_OPERATOR__PHONE", "0611 0000"),
    (
        "FAHRPLAN_OPERATOR__DATA_PROTECTION_OFFICER",
        "dsb@example.org",
    ),
    ("FAHRPLAN_OPERATOR__SUPERVISORY_AUTHORITY", "HBDI"),
    (
        "FAHRPLAN_OPERATOR__ACCESSIBILITY_STATEMENT_DATE",
        "2026-11-28",
    ),
];

fn warnings(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.contains("is not set")).collect()
}

#[test]
fn config_check_warns_by_name_about_each_missing_operator_setting_and_still_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["config", "check"]));
    assert_eq!(code, 0, "missing operator data is no error: {err}");
    assert!(out.contains("# configuration ok"), "{out}");
    let lines = warnings(&err);
    assert_eq!(lines.len(), 7, "{err}");
    for setting in [
        "operator.authority / FAHRPLAN_OPERATOR__AUTHORITY",
        "operator.email / FAHRPLAN_OPERATOR__EMAIL",
        "operator.data_protection_officer / FAHRPLAN_OPERATOR__DATA_PROTECTION_OFFICER",
        "operator.accessibility_statement_date / FAHRPLAN_OPERATOR__ACCESSIBILITY_STATEMENT_DATE",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("warning: {setting} is not set"))),
            "{setting}: {err}"
        );
    }

    let mut c = bin();
    c.arg("--data-dir")
        .arg(dir.path())
        .args(["config", "check"]);
    for (k, v) in FULL {
        c.env(k, v);
    }
    let (code, out, err) = run(&mut c);
    assert_eq!(code, 0, "{err}");
    assert!(warnings(&err).is_empty(), "nothing missing: {err}");
    assert!(
        out.contains("accessibility_statement_date = \"2026-11-28\""),
        "{out}"
    );
}

#[test]
fn a_statement_date_that_is_not_a_day_is_refused_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .env(
            "FAHRPLAN_OPERATOR__ACCESSIBILITY_STATEMENT_DATE",
            "November 2026",
        )
        .args(["config", "check"]));
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: operator.accessibility_statement_date"),
        "{err}"
    );
}

/// Serves on a free port until ready, then stops; returns whether it got ready and its log.
fn serve_once(env: &[(&str, &str)]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut c = bin();
    c.arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
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

#[test]
fn the_server_starts_without_operator_data_and_its_start_log_names_what_is_missing() {
    let (ready, log) = serve_once(&[("FAHRPLAN_OPERATOR__AUTHORITY", "Testministerium")]);
    assert!(ready, "{log}");
    let lines = warnings(&log);
    assert_eq!(lines.len(), 6, "all but the authority: {log}");
    assert!(
        lines.iter().all(|l| l.contains("WARN")),
        "logged as warnings: {log}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("operator.accessibility_statement_date")),
        "{log}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("operator.authority")),
        "a given setting is not named: {log}"
    );

    let (ready, log) = serve_once(&FULL);
    assert!(ready, "{log}");
    assert!(warnings(&log).is_empty(), "{log}");
}
