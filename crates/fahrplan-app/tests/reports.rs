//! Reports of values and status by departments, on SQLite and PostgreSQL: who may report (the
//! owner, a successor, admins; second factor given), what is written and audited, that a
//! refusal writes nothing, and that importing the content again keeps what a form reported.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use common::staff;
use fahrplan_app::content::default_content;
use fahrplan_app::monitoring::{ReportOutcome, StatusReport, ValueReport};
use fahrplan_app::{App, AppError};
use fahrplan_domain::MeasureStatus;
use fahrplan_domain::monitoring::ObservationOrigin;
use fahrplan_store::Store;
use fahrplan_testkit::TestDb;

/// A measure of the 2021 edition led by `hmdse`, which `hmdi` succeeded in January 2024.
const MEASURE: &str = "glasfaserpakt-hessen";
/// An indicator owned by `hmdi`.
const INDICATOR: &str = "haushalte-gigabit";

async fn app(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let app = App::new(store).unwrap();
    app.import_content(&default_content()).await.unwrap();
    app
}

fn value(period: &str, v: &str) -> ValueReport {
    ValueReport {
        period: period.into(),
        value: v.into(),
        source: "Breitbandatlas, Stand Juni".into(),
        ..ValueReport::default()
    }
}

fn status(s: &str, on: &str) -> StatusReport {
    StatusReport {
        status: s.into(),
        on: on.into(),
        note: "Gemeldet über das Formular".into(),
    }
}

async fn count(db: &TestDb, table: &str) -> i64 {
    // The table name comes from the test itself, never from input.
    db.text(&format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}"))
        .await
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn an_editor_of_the_owning_department_reports_a_value_and_the_audit_log_holds_it() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let hmdi = staff(&app, "hmdi@example.org", &["hmdi"]).await;
        let r = value("2025-06", "91,5");
        let out = app
            .report_observation(&hmdi, INDICATOR, &r, ObservationOrigin::Form)
            .await
            .unwrap();
        assert_eq!(out, ReportOutcome::Added, "{}", db.backend);
        let again = app
            .report_observation(&hmdi, INDICATOR, &r, ObservationOrigin::Form)
            .await
            .unwrap();
        assert_eq!(
            again,
            ReportOutcome::Unchanged,
            "the same value changes nothing"
        );
        let corrected = app
            .report_observation(
                &hmdi,
                INDICATOR,
                &value("2025-06", "92"),
                ObservationOrigin::Api,
            )
            .await
            .unwrap();
        assert_eq!(corrected, ReportOutcome::Corrected);
        let record = app.store().indicator(INDICATOR).await.unwrap().unwrap();
        let last = record.history.last().unwrap();
        assert_eq!(last.observation.value, 92.0);
        assert_eq!(last.origin, ObservationOrigin::Api);
        assert_eq!(last.recorded_by, Some(hmdi.account_id));
        assert_eq!(record.corrections().count(), 1, "the earlier value stays");
        let audit = app.store().audit_after(0, 100).await.unwrap();
        let reports: Vec<_> = audit
            .iter()
            .filter(|a| a.action == "observation.report")
            .collect();
        assert_eq!(reports.len(), 2, "added and corrected, not the repeat");
        let detail: serde_json::Value = serde_json::from_str(&reports[1].detail).unwrap();
        assert_eq!(reports[1].actor_id, Some(hmdi.account_id));
        assert_eq!(reports[1].entity, format!("indicator:{INDICATOR}"));
        assert_eq!(detail["before"], 91.5);
        assert_eq!(detail["after"], 92.0);
        assert_eq!(detail["outcome"], "corrected");
    }
}

#[tokio::test]
async fn an_editor_of_the_lead_or_of_its_successor_reports_a_status_and_it_is_audited() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let before = app.measure_item(MEASURE).await.unwrap().measure.status;
        let hmdi = staff(&app, "hmdi@example.org", &["hmdi"]).await;
        app.report_status(&hmdi, MEASURE, &status("delayed", "2025-03-01"))
            .await
            .unwrap();
        let hmdse = staff(&app, "hmdse@example.org", &["hmdse"]).await;
        app.report_status(&hmdse, MEASURE, &status("in_progress", "2025-04-01"))
            .await
            .unwrap();
        let after = app.measure_item(MEASURE).await.unwrap().measure;
        assert_eq!(after.status.len(), before.len() + 2, "{}", db.backend);
        assert_eq!(after.current_status(), Some(MeasureStatus::InProgress));
        assert_eq!(
            after.status[before.len()].note.as_deref(),
            Some("Gemeldet über das Formular")
        );
        let audit = app.store().audit_after(0, 100).await.unwrap();
        let reports: Vec<_> = audit
            .iter()
            .filter(|a| a.action == "status.report")
            .collect();
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].actor_id, Some(hmdi.account_id));
        let detail: serde_json::Value = serde_json::from_str(&reports[1].detail).unwrap();
        assert_eq!(detail["before"], "delayed");
        assert_eq!(detail["after"], "in_progress");
        assert_eq!(detail["on"], "2025-04-01");
        let outbox = db
            .text(&format!(
                "SELECT CAST(COUNT(*) AS TEXT) FROM outbox WHERE topic = 'measure' AND entity = '{MEASURE}'"
            ))
            .await
            .unwrap();
        assert_ne!(
            outbox, "0",
            "the measure's pages are emptied from the cache"
        );
    }
}

#[tokio::test]
async fn an_editor_of_another_department_or_without_the_second_factor_is_refused_and_nothing_is_written()
 {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let hmkb = staff(&app, "hmkb@example.org", &["hmkb"]).await;
        let mut half = staff(&app, "halb@example.org", &["hmdi"]).await;
        half.second_factor = false;
        let (obs, st, audit) = (
            count(&db, "observations").await,
            count(&db, "measure_status_changes").await,
            count(&db, "audit_log").await,
        );
        for actor in [&hmkb, &half] {
            let v = app
                .report_observation(
                    actor,
                    INDICATOR,
                    &value("2025", "90"),
                    ObservationOrigin::Form,
                )
                .await;
            assert!(matches!(v, Err(AppError::Forbidden)), "{v:?}");
            let s = app
                .report_status(actor, MEASURE, &status("done", "2025-01-01"))
                .await;
            assert!(matches!(s, Err(AppError::Forbidden)), "{s:?}");
            assert!(matches!(
                app.value_report_form(actor, INDICATOR).await,
                Err(AppError::Forbidden)
            ));
            assert!(matches!(
                app.status_report_form(actor, MEASURE).await,
                Err(AppError::Forbidden)
            ));
        }
        let bad = app
            .report_observation(
                &hmkb,
                INDICATOR,
                &value("kein", ""),
                ObservationOrigin::Form,
            )
            .await;
        assert!(
            matches!(bad, Err(AppError::Forbidden)),
            "an outsider learns nothing about the fields"
        );
        assert_eq!(count(&db, "observations").await, obs, "{}", db.backend);
        assert_eq!(count(&db, "measure_status_changes").await, st);
        assert_eq!(count(&db, "audit_log").await, audit);
    }
}

#[tokio::test]
async fn an_admin_may_report_for_every_department() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let admin = staff(&app, "admin@example.org", &[]).await;
        app.report_status(&admin, MEASURE, &status("done", "2025-05-05"))
            .await
            .unwrap();
        assert_eq!(
            app.measure_item(MEASURE)
                .await
                .unwrap()
                .measure
                .current_status(),
            Some(MeasureStatus::Done)
        );
    }
}

#[tokio::test]
async fn reimporting_the_content_keeps_a_form_reported_status_and_duplicates_nothing() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let hmdi = staff(&app, "hmdi@example.org", &["hmdi"]).await;
        app.report_status(&hmdi, MEASURE, &status("done", "2025-06-30"))
            .await
            .unwrap();
        let reported = app.measure_item(MEASURE).await.unwrap().measure.status;
        let rows = count(&db, "measure_status_changes").await;

        app.import_content(&default_content()).await.unwrap();
        assert_eq!(
            app.measure_item(MEASURE).await.unwrap().measure.status,
            reported,
            "{}: the form's entry stays last",
            db.backend
        );
        assert_eq!(count(&db, "measure_status_changes").await, rows);

        // An export holds the form's entry; importing it back matches it instead of adding it.
        let exported = app.export_content().await.unwrap();
        app.import_content(&exported).await.unwrap();
        assert_eq!(
            app.measure_item(MEASURE).await.unwrap().measure.status,
            reported
        );
        assert_eq!(count(&db, "measure_status_changes").await, rows);
    }
}

#[tokio::test]
async fn bad_input_names_each_field_and_writes_nothing() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let hmdi = staff(&app, "hmdi@example.org", &["hmdi"]).await;
        let obs = count(&db, "observations").await;
        let r = ValueReport {
            period: "2025-13".into(),
            value: "120".into(),
            region: "99999".into(),
            source: " ".into(),
            ..ValueReport::default()
        };
        let Err(AppError::Invalid(errors)) = app
            .report_observation(&hmdi, INDICATOR, &r, ObservationOrigin::Form)
            .await
        else {
            panic!("refused as invalid");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["period", "value", "region", "source"]);
        assert_eq!(count(&db, "observations").await, obs);
        let last = app.measure_item(MEASURE).await.unwrap().measure.status;
        let Err(AppError::Invalid(errors)) = app
            .report_status(&hmdi, MEASURE, &status("done", "2020-01-01"))
            .await
        else {
            panic!("a day before the last entry is refused");
        };
        assert_eq!(errors[0].code, "error-report-date-before-last");
        assert_eq!(
            app.measure_item(MEASURE).await.unwrap().measure.status,
            last
        );
    }
}
