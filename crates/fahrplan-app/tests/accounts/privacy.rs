use crate::support::*;

#[tokio::test]
async fn a_new_email_counts_only_after_its_link_is_followed() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        let n = registered(&e, "old@example.org", "Olga").await;
        let olga = logged_in(&e, "old@example.org").await;
        let wrong = e
            .app
            .request_email_change(&olga, "falsch", "new@example.org")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&wrong),
            [("email_password", "error-password-wrong")]
        );
        e.app
            .request_email_change(&olga, PW, "New@Example.org")
            .await
            .unwrap();
        let mail = mail_where(e.mail.path(), |m| m.contains("To: new@example.org")).await;
        assert!(mail.contains("token="));
        let asked = mail_where(e.mail.path(), |m| {
            m.contains("To: old@example.org") && m.contains("Adresse zu")
        })
        .await;
        assert!(!asked.contains("token="), "the old address gets no link");
        let _ = n;
        e.app
            .login("old@example.org", PW, None, None)
            .await
            .unwrap();
        e.app.confirm_email_change(&token_in(&mail)).await.unwrap();
        mail_where(e.mail.path(), |m| {
            m.contains("To: old@example.org") && m.contains("E-Mail-Adresse wurde geändert")
        })
        .await;
        assert!(
            e.app
                .login("old@example.org", PW, None, None)
                .await
                .is_err()
        );
        e.app
            .login("new@example.org", PW, None, None)
            .await
            .unwrap();
        e.app.change_display_name(&olga, "Olga K.").await.unwrap();
        assert_eq!(
            logged_in(&e, "new@example.org").await.display_name,
            "Olga K."
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn my_data_is_a_zip_with_a_readme_and_everything_stored() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "z@example.org", "Zoe").await;
        let zoe = logged_in(&e, "z@example.org").await;
        assert!(matches!(
            e.app.export_my_data(&zoe, "falsch").await,
            Err(AppError::Invalid(_))
        ));
        e.app.set_consent(&zoe, false).await.unwrap();
        assert!(!e.app.has_consent(&zoe).await.unwrap());
        e.app.set_consent(&zoe, true).await.unwrap();
        let export = e.app.export_my_data(&zoe, PW).await.unwrap();
        assert!(export.file_name.ends_with(".zip"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(export.zip)).unwrap();
        let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "README.md",
                "account.json",
                "annotations.json",
                "answers.json",
                "audit.json",
                "consents.json",
                "contributions.json",
                "hidings.json",
                "reports.json",
                "roles.json",
                "sanctions.json",
                "sessions.json",
                "supports.json"
            ]
        );
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let account: serde_json::Value = serde_json::from_str(&read("account.json")).unwrap();
        assert_eq!(account["email"], "z@example.org");
        assert_eq!(account["display_name"], "Zoe");
        let consents: serde_json::Value = serde_json::from_str(&read("consents.json")).unwrap();
        let consents = consents.as_array().unwrap();
        assert_eq!(consents.len(), 2, "withdrawn and given again, both logged");
        assert!(consents[0]["withdrawn_at"].is_i64());
        assert!(consents[1]["withdrawn_at"].is_null());
        let sessions: serde_json::Value = serde_json::from_str(&read("sessions.json")).unwrap();
        assert_eq!(sessions[0]["ip"], "192.0.2.1");
        assert!(read("README.md").contains("account.json"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_deleted_account_cannot_log_in_and_its_email_can_register_again() {
    for db in TestDb::all().await {
        let e = env(&db).await;
        registered(&e, "del@example.org", "Delia").await;
        let delia = logged_in(&e, "del@example.org").await;
        let other = e
            .app
            .login("del@example.org", PW, None, None)
            .await
            .unwrap();
        assert!(e.app.delete_account(&delia, "falsch").await.is_err());
        e.app.delete_account(&delia, PW).await.unwrap();
        assert!(e.app.actor(&other.session.token).await.unwrap().is_none());
        let err = e
            .app
            .login("del@example.org", PW, None, None)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("email", "error-login-failed")]);
        let row = e.app.store().account(delia.account_id).await.unwrap();
        assert!(row.email.is_none() && row.display_name.is_empty());
        registered(&e, "del@example.org", "Delia Neu").await;
        let audit = e.app.store().audit_after(0, 100).await.unwrap();
        assert!(
            audit.iter().any(|r| r.action == "account.delete"
                && r.entity == format!("account:{}", delia.account_id))
        );
        assert!(
            audit.iter().all(|r| !r.detail.contains("del@example.org")),
            "the audit log keeps no email"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn rate_limits_answer_with_the_seconds_to_wait_and_can_be_switched_off() {
    let db = TestDb::sqlite();
    let e = env(&db).await;
    let mut limits = Limits::default();
    limits.rules.insert(Bucket::Login, (2, 60));
    let app = e.app.clone().with_limits(limits.clone());
    app.limit(Bucket::Login, "192.0.2.1").unwrap();
    app.limit(Bucket::Login, "192.0.2.1").unwrap();
    match app.limit(Bucket::Login, "192.0.2.1") {
        Err(AppError::RateLimited { retry_after }) => {
            assert!((1..=60).contains(&retry_after), "{retry_after}")
        }
        other => panic!("expected 429, got {other:?}"),
    }
    app.limit(Bucket::Login, "192.0.2.2").unwrap();
    app.limit(Bucket::Register, "192.0.2.1").unwrap();
    limits.enabled = false;
    let off = e.app.clone().with_limits(limits);
    for _ in 0..10 {
        off.limit(Bucket::Login, "192.0.2.1").unwrap();
    }
}
