//! Issue 13, finding 1: mails written as files (they carry confirmation and reset links) are
//! readable by their owner only, and so is the folder they go into.

use crate::support::*;
use fahrplan_app::accounts::mail::Mailer;
use std::os::unix::fs::PermissionsExt as _;

#[tokio::test]
async fn mail_files_and_the_folder_they_are_written_to_are_owner_only() {
    let db = TestDb::sqlite();
    let e = env_with(&db, |s| {
        if let Mailer::Files(dir) = &s.mailer {
            s.mailer = Mailer::Files(dir.join("mail"));
        }
    })
    .await;
    e.app
        .register(&registration("neu@example.org", "Neue Person"))
        .await
        .unwrap();
    let dir = e.mail.path().join("mail");
    let mail = nth_mail(&dir, 1).await;
    assert!(mail.contains("token="), "a confirmation link");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "{:o}", mode(&dir));
    let file = &mails(&dir)[0];
    assert_eq!(mode(file), 0o600, "{:o}", mode(file));
}
