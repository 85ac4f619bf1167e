//! Issue 13, finding 2, as an operator meets it: the key that seals second-factor secrets, from
//! the configuration or from a key file the server creates, and the secrets of an older version
//! sealed when the server starts.

use crate::support::*;
use std::path::Path;

const KEY: &str = "8d3c0f9a1b2e4d5f6071829304a5b6c7d8e9f0011223344556677889900aabbc";

fn data_args(data: &Path) -> Vec<String> {
    vec!["--data-dir".to_owned(), data.display().to_string()]
}

#[test]
fn without_a_configured_key_the_server_keeps_one_in_a_key_file_only_its_owner_reads() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ready, log) = serve_once(&data_args(&data), &[]);
    assert!(ready, "{log}");
    let file = data.join("totp-key");
    let key = std::fs::read_to_string(&file).unwrap();
    assert_eq!(key.len(), 65, "64 hexadecimal characters and a newline");
    assert!(key.trim_end().bytes().all(|b| b.is_ascii_hexdigit()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    let (ready, log) = serve_once(&data_args(&data), &[]);
    assert!(ready, "{log}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        key,
        "the next start uses the same key"
    );
    let (ready, log) = serve_once(&data_args(&data), &[("FAHRPLAN_TOTP_KEY", KEY)]);
    assert!(ready, "{log}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), key, "left alone");
}

#[test]
fn a_totp_key_in_the_configuration_is_checked_by_name_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .env("FAHRPLAN_TOTP_KEY", "zu-kurz-und-kein-hex")
        .args(["config", "check"]));
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: totp_key / FAHRPLAN_TOTP_KEY: "),
        "{err}"
    );
    assert!(!err.contains("zu-kurz"), "the value is not repeated: {err}");
    let cfg = dir.path().join("fahrplan.toml");
    std::fs::write(&cfg, format!("totp_key = \"{KEY}\"\n")).unwrap();
    let (code, out, err) = run(bin()
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--config")
        .arg(&cfg)
        .args(["config", "check"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("totp_key = \"***\""), "{out}");
    assert!(!out.contains(KEY) && !err.contains(KEY), "{out}{err}");
    assert!(
        !dir.path().join("totp-key").exists(),
        "a configured key needs no key file"
    );
}

#[test]
fn a_plain_text_totp_secret_left_by_an_older_version_is_sealed_when_the_server_starts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let args = data_args(&data);
    let (code, out, err) = admin_cmd(
        &args,
        &[
            "admin",
            "create-user",
            "--email",
            "chef@example.org",
            "--display-name",
            "Redaktion",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "Kelterei am Main 1848\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    let plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let url = format!("sqlite://{}", data.join("fahrplan.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let stored = |url: &str| {
        rt.block_on(async {
            let store = fahrplan_app::Store::connect(url).await.unwrap();
            let id = store
                .account_by_email("chef@example.org")
                .await
                .unwrap()
                .unwrap()
                .id;
            let secret = store.account(id).await.unwrap().totp_secret;
            store.close().await;
            (id, secret)
        })
    };
    let (id, _) = stored(&url);
    rt.block_on(async {
        let store = fahrplan_app::Store::connect(&url).await.unwrap();
        store.enable_totp(id, plain, 0, &[]).await.unwrap();
        store.close().await;
    });
    let (ready, log) = serve_once(&args, &[]);
    assert!(ready, "{log}");
    let (_, secret) = stored(&url);
    let secret = secret.unwrap();
    assert!(secret.starts_with("v1:"), "{secret}");
    assert!(!secret.contains(plain), "{secret}");
    assert!(
        log.contains("sealed 1 second-factor secret"),
        "the migration is logged: {log}"
    );
    let (ready, log) = serve_once(&args, &[]);
    assert!(ready, "{log}");
    assert_eq!(stored(&url).1.unwrap(), secret, "sealed once");
    assert!(!log.contains("sealed 1"), "{log}");
}

#[test]
fn serving_on_postgresql_needs_a_configured_totp_key_and_audit_key() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(fahrplan_testkit::TestDb::postgres()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut args = data_args(dir.path());
    args.extend(["--database-url".to_owned(), db.url.clone()]);
    let (code, _, err) = run_within(
        bin()
            .args(&args)
            .args(["serve", "--addr", &format!("127.0.0.1:{}", free_port())]),
        30,
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("error: totp_key / FAHRPLAN_TOTP_KEY: ") && err.contains("PostgreSQL"),
        "{err}"
    );
    assert!(!dir.path().join("totp-key").exists());
    let (code, _, err) = run(bin().args(&args).args(["config", "check"]));
    assert_eq!(code, 1, "config check says so too: {err}");
    let (code, _, err) = run_within(
        bin().args(&args).env("FAHRPLAN_TOTP_KEY", KEY).args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{}", free_port()),
        ]),
        30,
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("error: audit_key / FAHRPLAN_AUDIT_KEY: ") && err.contains("PostgreSQL"),
        "the audit key is needed as well: {err}"
    );
    assert!(!dir.path().join("audit-key").exists());
    let (ready, log) = serve_once(
        &args,
        &[("FAHRPLAN_TOTP_KEY", KEY), ("FAHRPLAN_AUDIT_KEY", KEY)],
    );
    assert!(ready, "{log}");
    rt.block_on(db.cleanup());
}
