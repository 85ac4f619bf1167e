//! Helpers shared by the test modules.

#[allow(unused_imports)]
pub(crate) use fahrplan_app::accounts::{
    AccountSettings, NewUser, RegistrationInput, token_hash, totp,
};
#[allow(unused_imports)]
pub(crate) use fahrplan_app::content::default_content;
#[allow(unused_imports)]
pub(crate) use fahrplan_app::ratelimit::{Bucket, Limits};
#[allow(unused_imports)]
pub(crate) use fahrplan_app::{App, AppError};
#[allow(unused_imports)]
pub(crate) use fahrplan_domain::Role;
#[allow(unused_imports)]
pub(crate) use fahrplan_store::Store;
#[allow(unused_imports)]
pub(crate) use fahrplan_testkit::TestDb;
#[allow(unused_imports)]
pub(crate) use std::io::Read as _;
#[allow(unused_imports)]
pub(crate) use std::path::{Path, PathBuf};
#[allow(unused_imports)]
pub(crate) use std::time::Duration;

pub(crate) const PW: &str = "Wanderweg am Edersee 7";

pub(crate) struct Env {
    pub(crate) app: App,
    pub(crate) mail: tempfile::TempDir,
}

pub(crate) async fn env_with(db: &TestDb, tweak: impl FnOnce(&mut AccountSettings)) -> Env {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let mail = tempfile::tempdir().unwrap();
    let mut settings = AccountSettings::with_mail_dir(mail.path().to_path_buf());
    settings.base_url = "https://portal.example".to_owned();
    tweak(&mut settings);
    let app = App::new(store).unwrap().with_accounts(settings);
    Env { app, mail }
}

pub(crate) async fn env(db: &TestDb) -> Env {
    env_with(db, |_| {}).await
}

pub(crate) fn mails(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Waits for the `n`-th mail (mail goes out after the answer) and returns its text.
pub(crate) async fn nth_mail(dir: &Path, n: usize) -> String {
    for _ in 0..200 {
        if let Some(p) = mails(dir).get(n - 1) {
            let text = std::fs::read_to_string(p).unwrap();
            if !text.is_empty() {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("mail {n} never arrived in {}", dir.display());
}

/// Waits for a mail that `pred` accepts (mails sent together arrive in any order).
pub(crate) async fn mail_where(dir: &Path, pred: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        for p in mails(dir) {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            if pred(&text) {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no such mail in {}", dir.display());
}

pub(crate) fn token_in(mail: &str) -> String {
    let at = mail.find("token=").expect("a link with a token") + 6;
    mail[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

pub(crate) fn field_codes(e: &AppError) -> Vec<(&'static str, &'static str)> {
    match e {
        AppError::Invalid(errors) => errors.iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

pub(crate) fn registration(email: &str, name: &str) -> RegistrationInput {
    RegistrationInput {
        email: email.to_owned(),
        display_name: name.to_owned(),
        password: PW.to_owned(),
        consent: Some("yes".to_owned()),
    }
}

/// Registers and confirms an account, returning the number of mails now in the folder.
pub(crate) async fn registered(e: &Env, email: &str, name: &str) -> usize {
    let before = mails(e.mail.path()).len();
    e.app.register(&registration(email, name)).await.unwrap();
    let mail = nth_mail(e.mail.path(), before + 1).await;
    e.app.confirm_email(&token_in(&mail)).await.unwrap();
    before + 1
}

pub(crate) async fn logged_in(e: &Env, email: &str) -> fahrplan_app::accounts::Actor {
    let out = e
        .app
        .login(email, PW, Some("192.0.2.1"), Some("test"))
        .await
        .unwrap();
    e.app.actor(&out.session.token).await.unwrap().unwrap()
}

/// A secret as the app stores it: sealed with the app's key for that account.
pub(crate) fn sealed(e: &Env, account_id: i64, secret: &str) -> String {
    e.app.totp_key().seal(account_id, secret).unwrap()
}

pub(crate) fn current_code(secret: &str) -> String {
    let key = totp::base32_decode(secret).unwrap();
    let step = fahrplan_app::accounts::now() / 30;
    format!("{:06}", totp::code_at(&key, step).unwrap())
}

/// A staff account made on the command line, logged in with its second factor set up.
pub(crate) async fn staff_actor(e: &Env, email: &str, role: &str) -> fahrplan_app::accounts::Actor {
    e.app
        .create_user(&NewUser {
            email: email.to_owned(),
            display_name: format!("{role} Beispiel"),
            role: role.to_owned(),
            departments: vec![],
            password: PW.to_owned(),
        })
        .await
        .unwrap();
    let half = logged_in(e, email).await;
    let (secret, _) = e.app.begin_totp(&half).await.unwrap();
    let (_, session) = e
        .app
        .confirm_totp(&half, &current_code(&secret))
        .await
        .unwrap();
    e.app.actor(&session.token).await.unwrap().unwrap()
}

pub(crate) async fn admin_env(db: &TestDb) -> (Env, i64) {
    let e = env(db).await;
    e.app.import_content(&default_content()).await.unwrap();
    let id = e
        .app
        .create_user(&NewUser {
            email: "admin@example.org".to_owned(),
            display_name: "Redaktion".to_owned(),
            role: "admin".to_owned(),
            departments: vec![],
            password: PW.to_owned(),
        })
        .await
        .unwrap();
    (e, id)
}

/// A minimal SMTP server on 127.0.0.1 that accepts one message and hands over what it received.
pub(crate) async fn smtp_sink() -> (u16, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let (read, mut write) = sock.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
        let mut transcript = String::new();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            transcript.push_str(&line);
            transcript.push('\n');
            let reply: &[u8] = if in_data {
                if line == "." {
                    in_data = false;
                    b"250 queued\r\n"
                } else {
                    continue;
                }
            } else {
                match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                    "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go on\r\n"
                    }
                    "QUIT" => {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    }
                    _ => b"250 ok\r\n",
                }
            };
            write.write_all(reply).await.unwrap();
        }
        tx.send(transcript).ok();
    });
    (port, rx)
}
