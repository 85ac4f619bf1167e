//! The default content through the whole store, on SQLite and (when configured) PostgreSQL:
//! import, read back, export and re-import give the same content; malformed files are refused
//! with file and line and leave the database as it was; pages cost a fixed number of queries.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::App;
use fahrplan_app::content::{ContentFiles, ImportError, default_content, parse_content};
use fahrplan_store::Store;
use fahrplan_testkit::TestDb;

async fn app(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    App::new(store).unwrap()
}

#[test]
fn default_content_has_the_hessen_structure() {
    let set = parse_content(&default_content()).unwrap();
    let e2021 = set
        .editions
        .iter()
        .find(|e| e.edition.slug == "2021")
        .unwrap();
    let kinds: Vec<_> = e2021.areas.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "foundation").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "action_field").count(), 6);
    for a in &e2021.areas {
        assert!(a.goals.len() >= 3, "{} has {} goals", a.slug, a.goals.len());
        assert!(
            a.measures.len() >= 4,
            "{} has {} measures",
            a.slug,
            a.measures.len()
        );
        assert!(
            a.leichte_sprache.is_some(),
            "{} lacks Leichte Sprache",
            a.slug
        );
        assert!(!a.facts.is_empty(), "{} lacks facts", a.slug);
    }
    let e2016 = set
        .editions
        .iter()
        .find(|e| e.edition.slug == "2016")
        .unwrap();
    assert_eq!(
        e2016
            .areas
            .iter()
            .filter(|a| a.kind.as_str() == "group")
            .count(),
        3
    );
    let fields: Vec<_> = e2016
        .areas
        .iter()
        .filter(|a| a.kind.as_str() == "field")
        .collect();
    assert_eq!(fields.len(), 17);
    assert!(
        fields.iter().all(|f| !f.successors.is_empty()),
        "every 2016 field leads somewhere"
    );
    assert!(e2021.edition.leichte_sprache.is_some());
    assert!(!set.processes.is_empty() && set.processes[0].phases.len() >= 4);
}

#[tokio::test]
async fn imported_content_reads_back_exactly_as_parsed() {
    let parsed = parse_content(&default_content()).unwrap();
    for db in TestDb::all().await {
        let app = app(&db).await;
        assert!(
            app.ensure_default_content(&default_content())
                .await
                .unwrap()
        );
        assert!(
            !app.ensure_default_content(&default_content())
                .await
                .unwrap(),
            "second start loads nothing"
        );
        let mut loaded = app.store().load_content().await.unwrap().unwrap();
        // The store adds the block ids of every text (`blocks.toml` on export); the folder
        // carries none, so they are the ids every installation derives alike.
        let refs = std::mem::take(&mut loaded.block_refs);
        assert_eq!(loaded, parsed, "{}", db.backend);
        let body = &refs["measure:glasfaserpakt-hessen"]["body"];
        let text = &parsed
            .editions
            .iter()
            .flat_map(|e| &e.areas)
            .flat_map(|a| &a.measures)
            .find(|m| m.slug == "glasfaserpakt-hessen")
            .unwrap()
            .body;
        let derived = fahrplan_domain::blocks::initial_ids(
            "measure:glasfaserpakt-hessen:body",
            fahrplan_domain::blocks::split_blocks(text),
        );
        assert_eq!(body, &fahrplan_domain::blocks::block_refs(&derived));
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_read_without_observations_is_the_whole_content_with_every_series_left_empty() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        assert!(
            app.store()
                .load_content_without_observations()
                .await
                .unwrap()
                .is_none(),
            "{}: no content yet",
            db.backend
        );
        app.import_content(&default_content()).await.unwrap();
        let mut whole = app.store().load_content().await.unwrap().unwrap();
        let light = app
            .store()
            .load_content_without_observations()
            .await
            .unwrap()
            .unwrap();
        assert!(
            whole.indicators.iter().any(|i| !i.observations.is_empty()),
            "{}: the default content brings values, so leaving them out shows",
            db.backend
        );
        assert!(light.indicators.iter().all(|i| i.observations.is_empty()));
        for i in &mut whole.indicators {
            i.observations.clear();
        }
        assert_eq!(light, whole, "{}", db.backend);
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn export_then_import_into_an_empty_database_gives_the_same_content() {
    for db in TestDb::all().await {
        let first = app(&db).await;
        first.import_content(&default_content()).await.unwrap();
        let exported = first.export_content().await.unwrap();
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
        assert_eq!(
            second.store().load_content().await.unwrap(),
            first.store().load_content().await.unwrap()
        );
        first.store().close().await;
        second.store().close().await;
        db.cleanup().await;
        db2.cleanup().await;
    }
}

#[test]
fn every_shipped_measure_with_a_source_address_names_its_source_by_title() {
    let set = parse_content(&default_content()).unwrap();
    let mut linked = 0;
    for m in set
        .editions
        .iter()
        .flat_map(|e| &e.areas)
        .flat_map(|a| &a.measures)
        .filter(|m| m.source_url.is_some())
    {
        linked += 1;
        let title = m.source.as_deref().unwrap_or_default();
        assert!(
            title.len() > 12 && title.contains(',') && !title.contains("://"),
            "{}: {title:?} is not publisher and title",
            m.slug
        );
    }
    assert!(linked >= 30, "{linked}");
}

#[tokio::test]
async fn export_keeps_the_source_title_of_measures_and_the_outcome_of_processes() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        app.import_content(&default_content()).await.unwrap();
        let again = parse_content(&app.export_content().await.unwrap()).unwrap();
        let measure = again
            .editions
            .iter()
            .flat_map(|e| &e.areas)
            .flat_map(|a| &a.measures)
            .find(|m| m.slug == "glasfaserpakt-hessen")
            .unwrap();
        assert_eq!(
            measure.source.as_deref(),
            Some(
                "Golem.de, „Glasfaserpakt: Hessen bekommt 530.000 Anschlüsse in 12 Monaten“ (Mai 2022)"
            ),
            "{}",
            db.backend
        );
        let process = again
            .processes
            .iter()
            .find(|p| p.slug == "umsetzung-begleiten")
            .unwrap();
        assert!(
            process
                .outcome
                .as_deref()
                .is_some_and(|o| o.contains("nicht an die Landesregierung")),
            "{}",
            db.backend
        );
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_malformed_file_is_refused_with_file_and_line_and_nothing_changes() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        app.import_content(&default_content()).await.unwrap();
        let before = app.store().load_content().await.unwrap();
        let head = app.store().outbox_head().await.unwrap();

        let mut broken = default_content();
        let file = "editions/2021/areas/01-digitale-infrastruktur.toml";
        let text = broken.0.get_mut(file).unwrap();
        *text = text.replacen("kind = \"foundation\"", "kind = \"fundament\"", 1);
        let line = text.lines().position(|l| l.contains("fundament")).unwrap() + 1;
        match app.import_content(&broken).await {
            Err(ImportError::Files(errors)) => {
                assert_eq!(errors[0].file, file);
                assert_eq!(errors[0].line, line, "{errors:?}");
            }
            other => panic!("expected file errors, got {other:?}"),
        }

        let mut dangling = default_content();
        let text = dangling.0.get_mut(file).unwrap();
        *text = text.replacen("lead = \"", "lead = \"xx-", 1);
        let Err(ImportError::Files(errors)) = app.import_content(&dangling).await else {
            panic!("accepted")
        };
        assert!(
            errors[0].reason.contains("unknown department"),
            "{errors:?}"
        );
        assert!(errors[0].line > 1);

        assert_eq!(
            app.store().load_content().await.unwrap(),
            before,
            "{}",
            db.backend
        );
        assert_eq!(
            app.store().outbox_head().await.unwrap(),
            head,
            "no outbox row for a refused import"
        );
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn area_pages_cost_the_same_number_of_queries_whatever_their_size() {
    let db = TestDb::sqlite();
    let app = app(&db).await;
    app.import_content(&default_content()).await.unwrap();
    let set = parse_content(&default_content()).unwrap();
    let mut costs = Vec::new();
    for e in &set.editions {
        for a in &e.areas {
            let before = app.store().query_count();
            let v = app.area_view(&e.edition.slug, &a.slug).await.unwrap();
            costs.push((
                app.store().query_count() - before,
                v.goals.len() + v.measures.len(),
            ));
        }
    }
    let sizes: std::collections::HashSet<_> = costs.iter().map(|c| c.1).collect();
    let counts: std::collections::HashSet<_> = costs.iter().map(|c| c.0).collect();
    assert!(sizes.len() > 2, "areas of different sizes: {sizes:?}");
    assert_eq!(counts.len(), 1, "query counts differ: {costs:?}");
    for slug in set
        .editions
        .iter()
        .flat_map(|e| e.areas.iter())
        .flat_map(|a| a.measures.iter())
        .map(|m| m.slug.clone())
        .take(5)
    {
        let before = app.store().query_count();
        app.measure_view(&slug).await.unwrap();
        assert_eq!(app.store().query_count() - before, 13);
    }
}

#[tokio::test]
async fn an_unknown_slug_is_not_found() {
    let db = TestDb::sqlite();
    let app = app(&db).await;
    app.import_content(&default_content()).await.unwrap();
    assert!(matches!(
        app.area_view("2021", "gibt-es-nicht").await,
        Err(fahrplan_app::AppError::NotFound)
    ));
    assert!(matches!(
        app.measure_view("nope").await,
        Err(fahrplan_app::AppError::NotFound)
    ));
    assert!(matches!(
        app.department_view("nope").await,
        Err(fahrplan_app::AppError::NotFound)
    ));
    assert!(matches!(
        app.edition_view("1999").await,
        Err(fahrplan_app::AppError::NotFound)
    ));
}
