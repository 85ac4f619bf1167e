//! The accessibility feedback for admins (issue 16), on SQLite and PostgreSQL: every message
//! with its six-week deadline, an overdue one marked urgent in words, marking it answered (and
//! open again) with an audit entry, and editors refused.

use crate::support::*;
use fahrplan_store::NewFeedback;

const INBOX: &str = "/redaktion/rueckmeldungen";

#[tokio::test]
async fn an_admin_sees_each_message_with_its_deadline_and_marks_it_answered() {
    for db in TestDb::all().await {
        let (app, state) = setup_on(&db, |a| a).await;
        let store = state.app.store();
        let fresh = store
            .add_feedback(&NewFeedback {
                page_url: Some("/umsetzung".into()),
                message: "Die Grafik hat keinen Alternativtext.".into(),
                name: Some("Lea".into()),
                email: Some("lea@example.org".into()),
            })
            .await
            .unwrap();
        let old = store
            .add_feedback(&NewFeedback {
                page_url: None,
                message: "Der Kontrast im Kopf ist zu schwach.".into(),
                name: None,
                email: None,
            })
            .await
            .unwrap();
        // Arrived at noon fifty days ago (Berlin): the six weeks have passed.
        let berlin = jiff::Zoned::now().in_tz("Europe/Berlin").unwrap();
        let day = berlin
            .date()
            .checked_sub(jiff::Span::new().days(50))
            .unwrap();
        let then = day
            .at(12, 0, 0, 0)
            .in_tz("Europe/Berlin")
            .unwrap()
            .timestamp()
            .to_string();
        db.execute(&format!(
            "UPDATE accessibility_feedback SET created_at = '{then}' WHERE id = {old}"
        ))
        .await;
        let (admin, _) = staff_login(&app, &state.app, "admin@example.org", "admin", &[]).await;
        let (status, _, html) = get_as(&app, INBOX, &admin).await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(html.contains("Offen: 2"));
        assert!(html.contains("Die Grafik hat keinen Alternativtext."));
        assert!(html.contains("noch 42 Tage"), "a new message has six weeks");
        assert!(html.contains("Frist seit 8 Tagen überschritten"));
        assert_eq!(
            html.matches("Frist läuft ab").count(),
            1,
            "only the old one is urgent"
        );
        let csrf_a = csrf(&app, &admin).await;
        let answer = format!("{INBOX}/{fresh}/beantwortet");
        let (status, h, _) = post(
            &app,
            &answer,
            &form(&[("csrf", &csrf_a)]),
            Some(&admin),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&h), format!("{INBOX}#rueckmeldung-{fresh}"));
        let (_, _, html) = get_as(&app, INBOX, &admin).await;
        assert!(html.contains("Offen: 1"));
        assert!(html.contains(&format!("action=\"{INBOX}/{fresh}/offen\"")));
        let (status, _, _) = post(
            &app,
            &answer,
            &form(&[("csrf", &csrf_a)]),
            Some(&admin),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "answered already");
        let audit = store.audit_after(0, 1000).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "feedback.answered" && a.entity == format!("feedback:{fresh}")));
        let (editor, _) = staff_login(&app, &state.app, "e@example.org", "editor", &["hmdi"]).await;
        let (status, _, _) = get_as(&app, INBOX, &editor).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the sender's address is for admins only"
        );
        let csrf_e = csrf(&app, &editor).await;
        let reopen = format!("{INBOX}/{fresh}/offen");
        let (status, _, _) = post(
            &app,
            &reopen,
            &form(&[("csrf", &csrf_e)]),
            Some(&editor),
            ORIGIN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
