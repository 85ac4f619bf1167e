//! Indicators, regions and observations through the whole store, on SQLite and PostgreSQL:
//! the content brings them, CSV files add and correct observations, a bad file writes nothing,
//! and importing the content again merges instead of deleting what others recorded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::App;
use fahrplan_app::content::{ContentFiles, default_content, parse_content};
use fahrplan_app::monitoring::ObservationImportError;
use fahrplan_domain::monitoring::{ObservationOrigin, Period};
use fahrplan_store::Store;
use fahrplan_testkit::TestDb;

async fn app(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let app = App::new(store).unwrap();
    app.import_content(&default_content()).await.unwrap();
    app
}

async fn rows(db: &TestDb) -> i64 {
    db.text("SELECT CAST(COUNT(*) AS TEXT) FROM observations")
        .await
        .unwrap()
        .parse()
        .unwrap()
}

const GOOD: &str = "indicator,period,value,region,source,note\n\
haushalte-gigabit,2031,97.5,,Testquelle,\n\
beispiel-glasfaser-kreise,2031,61.25,06411,Testquelle,Beispiel\n\
beispiel-glasfaser-kreise,2031-Q1,60,06412,Testquelle,\n";

#[tokio::test]
async fn the_default_content_brings_its_indicators_regions_and_observations_into_the_store() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let parsed = parse_content(&default_content()).unwrap();
        let v = app.umsetzung_view().await.unwrap();
        let in_2021 = parsed
            .indicators
            .iter()
            .filter(|i| i.area.starts_with("2021/"));
        assert_eq!(v.indicators.len(), in_2021.count());
        for i in &v.indicators {
            let from_file = parsed.indicators.iter().find(|p| p.slug == i.slug).unwrap();
            let land: Vec<_> = from_file
                .observations
                .iter()
                .filter(|o| o.region.is_none())
                .cloned()
                .collect();
            assert_eq!(i.observations, land, "{}", i.slug);
            assert_eq!(
                fahrplan_domain::monitoring::Indicator {
                    observations: Vec::new(),
                    ..i.clone()
                },
                fahrplan_domain::monitoring::Indicator {
                    observations: Vec::new(),
                    ..from_file.clone()
                }
            );
        }
        let r = app
            .regions_view(Some("beispiel-glasfaser-kreise"))
            .await
            .unwrap();
        assert_eq!(r.regions.len(), 30);
        let chosen = r.chosen.unwrap();
        assert_eq!(
            chosen
                .indicator
                .observations
                .iter()
                .filter(|o| o.region.is_some())
                .count(),
            26 * 4
        );
        assert!(
            chosen
                .history
                .iter()
                .all(|h| h.origin == ObservationOrigin::Content)
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_csv_file_adds_rows_and_the_same_file_again_changes_nothing() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let before = rows(&db).await;
        let first = app.import_observations(GOOD, Some(7)).await.unwrap();
        assert_eq!(first.rows, 3);
        assert_eq!(
            (
                first.written.added,
                first.written.corrected,
                first.written.unchanged
            ),
            (3, 0, 0)
        );
        assert_eq!(rows(&db).await, before + 3);
        let again = app.import_observations(GOOD, Some(7)).await.unwrap();
        assert_eq!(
            (
                again.written.added,
                again.written.corrected,
                again.written.unchanged
            ),
            (0, 0, 3)
        );
        assert_eq!(rows(&db).await, before + 3);
        let v = app.indicator_view("haushalte-gigabit").await.unwrap();
        let last = v.record.history.last().unwrap();
        assert_eq!(last.origin, ObservationOrigin::Csv);
        assert_eq!(last.recorded_by, Some(7));
        assert_eq!(last.observation.period, Period::parse("2031").unwrap());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_value_for_a_stored_period_is_a_correction_that_keeps_the_earlier_value() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        app.import_observations(GOOD, None).await.unwrap();
        let fixed = "indicator;period;value;region;source;note\r\nhaushalte-gigabit;2031;98,5;;Testquelle;korrigiert\r\n";
        let done = app.import_observations(fixed, None).await.unwrap();
        assert_eq!(
            (
                done.written.added,
                done.written.corrected,
                done.written.unchanged
            ),
            (0, 1, 0)
        );
        let v = app.indicator_view("haushalte-gigabit").await.unwrap();
        let p2031 = Period::parse("2031").unwrap();
        let current: Vec<f64> = v
            .record
            .indicator
            .observations
            .iter()
            .filter(|o| o.period == p2031)
            .map(|o| o.value)
            .collect();
        assert_eq!(current, vec![98.5]);
        let corrected: Vec<(f64, f64)> = v
            .record
            .corrections()
            .map(|(old, new)| (old.observation.value, new.observation.value))
            .collect();
        assert_eq!(corrected, vec![(97.5, 98.5)]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_file_with_one_bad_row_of_each_kind_names_every_line_and_writes_nothing() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let before = rows(&db).await;
        let outbox = db.text("SELECT CAST(COUNT(*) AS TEXT) FROM outbox").await;
        let bad = "indicator,period,value,region,source\n\
haushalte-gigabit,2031,97.5,,Testquelle\n\
gibt-es-nicht,2031,1,,Testquelle\n\
haushalte-gigabit,2031,1,99999,Testquelle\n\
haushalte-gigabit,2031,viel,,Testquelle\n\
haushalte-gigabit,2031-13,1,,Testquelle\n\
haushalte-gigabit,2031,1,,\n\
haushalte-gigabit,2032,140,,Testquelle\n";
        let Err(ObservationImportError::Rows(errors)) = app.import_observations(bad, None).await
        else {
            panic!("a bad file was applied");
        };
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        for line in 3..=8 {
            assert!(
                lines.contains(&line),
                "line {line} not reported: {errors:?}"
            );
        }
        assert!(!lines.contains(&2), "a good row was reported: {errors:?}");
        assert_eq!(rows(&db).await, before);
        assert_eq!(
            db.text("SELECT CAST(COUNT(*) AS TEXT) FROM outbox").await,
            outbox
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_csv_import_announces_each_changed_indicator_in_the_outbox_once() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let head = app.store().outbox_head().await.unwrap();
        app.import_observations(GOOD, None).await.unwrap();
        let rows = app.store().outbox_after(head, 100).await.unwrap();
        let entities: Vec<(String, String)> = rows.into_iter().map(|(_, t, e)| (t, e)).collect();
        assert_eq!(
            entities,
            vec![
                (
                    "indicator".to_owned(),
                    "beispiel-glasfaser-kreise".to_owned()
                ),
                ("indicator".to_owned(), "haushalte-gigabit".to_owned()),
            ]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn importing_the_content_again_keeps_what_csv_files_recorded_and_their_corrections() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        // Correct a value the content gives, and add one it does not have.
        let v = app.indicator_view("haushalte-gigabit").await.unwrap();
        let first = v.record.indicator.observations[0].clone();
        let csv = format!(
            "indicator,period,value,source\nhaushalte-gigabit,{},{},Korrektur\nhaushalte-gigabit,2031,99,Testquelle\n",
            first.period,
            first.value + 0.5
        );
        app.import_observations(&csv, None).await.unwrap();
        let before = rows(&db).await;
        let imported = app
            .import_content_with(&default_content(), fahrplan_app::content::Removals::Refuse)
            .await
            .unwrap();
        assert_eq!(imported.changes, 0, "an unchanged folder changes nothing");
        assert_eq!(rows(&db).await, before);
        let v = app.indicator_view("haushalte-gigabit").await.unwrap();
        let value_of = |p: Period| {
            v.record
                .indicator
                .observations
                .iter()
                .find(|o| o.period == p && o.region.is_none())
                .map(|o| o.value)
        };
        assert_eq!(value_of(first.period), Some(first.value + 0.5));
        assert_eq!(value_of(Period::parse("2031").unwrap()), Some(99.0));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_indicator_the_folder_leaves_out_stays_while_a_csv_file_recorded_values_for_it() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        app.import_observations(GOOD, None).await.unwrap();
        let mut files = default_content();
        files.0.remove("indicators/haushalte-gigabit.toml");
        files.0.remove("indicators/haushalte-5g.toml");
        app.import_content(&files).await.unwrap();
        assert!(app.indicator_view("haushalte-gigabit").await.is_ok());
        assert!(app.indicator_view("haushalte-5g").await.is_err());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn exporting_and_importing_again_changes_nothing_after_a_csv_import() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        app.import_observations(GOOD, None).await.unwrap();
        let files: ContentFiles = app.export_content().await.unwrap();
        let before = rows(&db).await;
        let imported = app
            .import_content_with(&files, fahrplan_app::content::Removals::Refuse)
            .await
            .unwrap();
        assert_eq!(imported.changes, 0);
        assert_eq!(rows(&db).await, before);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_indicator_page_reads_the_land_series_and_every_correction_but_not_the_regional_series()
{
    for db in TestDb::all().await {
        let app = app(&db).await;
        let fixed = "indicator,period,value,region,source\nbeispiel-glasfaser-kreise,2024,55.5,06411,Korrektur\n";
        app.import_observations(fixed, None).await.unwrap();
        let page = app
            .indicator_view("beispiel-glasfaser-kreise")
            .await
            .unwrap();
        assert!(page.record.regional);
        let corrected: Vec<(Option<String>, f64)> = page
            .record
            .corrections()
            .map(|(_, new)| (new.observation.region.clone(), new.observation.value))
            .collect();
        assert_eq!(corrected, vec![(Some("06411".to_owned()), 55.5)]);
        assert!(
            page.record.history.len() < 10,
            "{}",
            page.record.history.len()
        );
        let full = app
            .indicator_data("beispiel-glasfaser-kreise")
            .await
            .unwrap();
        assert_eq!(full.record.indicator.observations.len(), 26 * 4);
        assert_eq!(full.record.history.len(), 26 * 4 + 1);
        let land = app.indicator_view("haushalte-gigabit").await.unwrap();
        assert!(!land.record.regional);
        db.cleanup().await;
    }
}
