//! Milestones and independent assessments of measures (issue 15) through the whole store, on
//! SQLite and (when configured) PostgreSQL: imported, read back, exported and imported again
//! unchanged; a changed milestone list announces the measure; assessments are only appended
//! to; deleting a measure deletes both.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::App;
use fahrplan_app::content::{ContentFiles, default_content, parse_content};
use fahrplan_domain::{Assessment, AssessmentRating, ContentSet, Measure, Milestone, PartialDate};
use fahrplan_store::{ContentImport, Removals, Scope, Store};
use fahrplan_testkit::TestDb;

/// A measure of the default content, chosen for the examples.
const SLUG: &str = "breitband-gigabitfoerderung-2019-2024";

async fn app(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    App::new(store).unwrap()
}

fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn measure_mut<'a>(set: &'a mut ContentSet, slug: &str) -> &'a mut Measure {
    set.editions
        .iter_mut()
        .flat_map(|e| e.areas.iter_mut())
        .flat_map(|a| a.measures.iter_mut())
        .find(|m| m.slug == slug)
        .unwrap()
}

fn assessment(on: &str, rating: AssessmentRating, note: &str) -> Assessment {
    Assessment {
        on: d(on),
        by: "Prüfstelle (Beispiel)".into(),
        rating,
        note: Some(note.into()),
        source_url: Some("https://example.org/pruefbericht".into()),
    }
}

/// The default content with two milestones and one assessment on [`SLUG`].
fn with_examples() -> ContentSet {
    let mut set = parse_content(&default_content()).unwrap();
    let m = measure_mut(&mut set, SLUG);
    m.milestones = vec![
        Milestone {
            title: "Förderaufruf veröffentlicht".into(),
            due: d("2019-12"),
            done: Some(d("2020-02-14")),
        },
        Milestone {
            title: "Alle Bescheide erteilt".into(),
            due: d("2024"),
            done: None,
        },
    ];
    m.assessment = vec![assessment(
        "2023-05",
        AssessmentRating::AtRisk,
        "Mittelabfluss",
    )];
    set
}

async fn write(app: &App, set: &ContentSet) -> usize {
    match app
        .store()
        .replace_content(set, Removals::Refuse)
        .await
        .unwrap()
    {
        ContentImport::Written { changes, .. } => changes,
        ContentImport::Refused(r) => panic!("refused: {r:?}"),
    }
}

async fn stored(app: &App) -> Measure {
    app.store()
        .measures(Scope::Slug(SLUG))
        .await
        .unwrap()
        .remove(0)
        .measure
}

async fn count(db: &TestDb, table: &str) -> String {
    db.text(&format!(
        "SELECT CAST(COUNT(*) AS TEXT) FROM {table} WHERE measure = '{SLUG}'"
    ))
    .await
    .unwrap()
}

#[tokio::test]
async fn milestones_and_assessments_read_back_and_survive_export_and_import_unchanged() {
    let set = with_examples();
    for db in TestDb::all().await {
        let first = app(&db).await;
        write(&first, &set).await;
        let mut loaded = first.store().load_content().await.unwrap().unwrap();
        // Block ids are the store's own (docs/CONTENT-FORMAT.md, blocks.toml); the set has none.
        assert!(!std::mem::take(&mut loaded.block_refs).is_empty());
        assert_eq!(loaded, set, "{}", db.backend);
        let m = stored(&first).await;
        assert_eq!(m.milestones, measure_mut(&mut set.clone(), SLUG).milestones);
        assert_eq!(m.assessment[0].rating, AssessmentRating::AtRisk);

        let exported = first.export_content().await.unwrap();
        let area = exported
            .get("editions/2021/areas/01-digitale-infrastruktur.toml")
            .unwrap();
        assert!(area.contains("[[measure.milestone]]"), "{}", db.backend);
        assert!(area.contains("[[measure.assessment]]"), "{}", db.backend);
        assert!(area.contains("rating = \"at_risk\""), "{}", db.backend);
        let dir = tempfile::tempdir().unwrap();
        exported.write_dir(dir.path()).unwrap();

        let db2 = if db.backend == "postgres" {
            TestDb::postgres().await.unwrap()
        } else {
            TestDb::sqlite()
        };
        let second = app(&db2).await;
        second
            .import_content(&ContentFiles::read_dir(dir.path()).unwrap())
            .await
            .unwrap();
        assert_eq!(
            second.export_content().await.unwrap(),
            exported,
            "{}",
            db.backend
        );
        assert_eq!(write(&second, &set).await, 0, "nothing changed");
        first.store().close().await;
        second.store().close().await;
        db.cleanup().await;
        db2.cleanup().await;
    }
}

#[tokio::test]
async fn a_changed_milestone_announces_the_measure_and_assessments_are_only_appended() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let mut set = with_examples();
        write(&app, &set).await;

        let head = app.store().outbox_head().await.unwrap();
        measure_mut(&mut set, SLUG).milestones[1].done = Some(d("2024-11"));
        assert_eq!(write(&app, &set).await, 1, "{}", db.backend);
        let rows = app.store().outbox_after(head, 10).await.unwrap();
        assert_eq!(
            rows.iter()
                .map(|(_, t, e)| (t.as_str(), e.as_str()))
                .collect::<Vec<_>>(),
            vec![("measure", SLUG)]
        );
        assert_eq!(
            stored(&app).await.milestones[1].done,
            Some(d("2024-11")),
            "{}",
            db.backend
        );

        // A folder that no longer lists the assessment keeps it; a new one is appended.
        let newer = assessment("2025-03", AssessmentRating::OffTrack, "Frist verfehlt");
        measure_mut(&mut set, SLUG).assessment = vec![newer.clone()];
        assert_eq!(write(&app, &set).await, 1, "{}", db.backend);
        let m = stored(&app).await;
        assert_eq!(
            m.assessment.iter().map(|a| a.on).collect::<Vec<_>>(),
            vec![d("2023-05"), d("2025-03")],
            "{}",
            db.backend
        );
        assert_eq!(m.assessment[1], newer);

        // An emptied milestone list is replaced like any other list.
        measure_mut(&mut set, SLUG).milestones.clear();
        assert_eq!(write(&app, &set).await, 1, "{}", db.backend);
        assert!(stored(&app).await.milestones.is_empty(), "{}", db.backend);
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn deleting_a_measure_deletes_its_milestones_and_assessments() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let mut set = with_examples();
        write(&app, &set).await;
        assert_eq!(
            count(&db, "measure_milestones").await,
            "2",
            "{}",
            db.backend
        );
        assert_eq!(
            count(&db, "measure_assessments").await,
            "1",
            "{}",
            db.backend
        );

        for e in &mut set.editions {
            for a in &mut e.areas {
                a.measures.retain(|m| m.slug != SLUG);
            }
        }
        write(&app, &set).await;
        assert_eq!(
            count(&db, "measure_milestones").await,
            "0",
            "{}",
            db.backend
        );
        assert_eq!(
            count(&db, "measure_assessments").await,
            "0",
            "{}",
            db.backend
        );
        app.store().close().await;
        db.cleanup().await;
    }
}
