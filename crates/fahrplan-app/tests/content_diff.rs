//! Re-importing content is a diff against the database, on SQLite and (when configured)
//! PostgreSQL: an unchanged folder writes nothing, a changed one writes only the changed rows
//! and one outbox row per changed entity, and measure status history is only appended to.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::App;
use fahrplan_app::content::{content_files, default_content, parse_content};
use fahrplan_domain::{ContentSet, Measure, MeasureStatus, PartialDate, StatusChange};
use fahrplan_store::{Scope, Store};
use fahrplan_testkit::TestDb;

const CONTENT_TABLES: &[&str] = &[
    "content_meta",
    "departments",
    "editions",
    "areas",
    "area_successions",
    "facts",
    "goals",
    "goal_partners",
    "measures",
    "measure_partners",
    "measure_goals",
    "measure_status_changes",
    "processes",
    "phases",
    "pages",
];

/// A measure of the default content with its area and edition.
const MEASURE: &str = "schulportal-hessen";

async fn app(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let app = App::new(store).unwrap();
    app.import_content(&default_content()).await.unwrap();
    db.record_writes(CONTENT_TABLES).await;
    app
}

fn changed(edit: impl FnOnce(&mut ContentSet)) -> fahrplan_app::content::ContentFiles {
    let mut set = parse_content(&default_content()).unwrap();
    edit(&mut set);
    content_files(&set).unwrap()
}

fn measure<'a>(set: &'a mut ContentSet, slug: &str) -> &'a mut Measure {
    set.editions
        .iter_mut()
        .flat_map(|e| e.areas.iter_mut())
        .flat_map(|a| a.measures.iter_mut())
        .find(|m| m.slug == slug)
        .unwrap()
}

/// Outbox rows after `seq` as (topic, entity), in the order written.
async fn rows_after(app: &App, seq: i64) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = app
        .store()
        .outbox_after(seq, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, t, e)| (t, e))
        .collect();
    rows.sort();
    rows
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    v.sort();
    v
}

async fn history(app: &App, slug: &str) -> Vec<StatusChange> {
    app.store()
        .measures(Scope::Slug(slug))
        .await
        .unwrap()
        .remove(0)
        .measure
        .status
}

#[tokio::test]
async fn importing_the_same_folder_twice_writes_no_row_and_no_outbox_row() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let head = app.store().outbox_head().await.unwrap();
        let history_before = history(&app, MEASURE).await;

        app.import_content(&default_content()).await.unwrap();

        assert_eq!(db.writes().await, Vec::new(), "{}", db.backend);
        assert_eq!(app.store().outbox_head().await.unwrap(), head);
        assert_eq!(history(&app, MEASURE).await, history_before);
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_first_import_announces_every_entity_once() {
    let db = TestDb::sqlite();
    let app = app(&db).await;
    let rows = rows_after(&app, 0).await;
    let set = parse_content(&default_content()).unwrap();
    let measures = set
        .editions
        .iter()
        .flat_map(|e| e.areas.iter())
        .map(|a| a.measures.len())
        .sum::<usize>();
    assert_eq!(
        rows.iter().filter(|r| r.0 == "measure").count(),
        measures,
        "one row per measure"
    );
    assert!(rows.contains(&("meta".to_owned(), "content".to_owned())));
    assert!(rows.contains(&("area".to_owned(), "2021/digitale-bildung".to_owned())));
    let mut unique = rows.clone();
    unique.dedup();
    assert_eq!(unique, rows, "no entity twice");
}

#[tokio::test]
async fn a_new_status_of_one_measure_appends_one_history_row_and_one_outbox_row() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let head = app.store().outbox_head().await.unwrap();
        let before = history(&app, MEASURE).await;
        let done = StatusChange {
            on: PartialDate::parse("2026-11").unwrap(),
            status: MeasureStatus::Done,
            note: Some("An allen Schulen eingeführt".to_owned()),
        };
        let files = changed(|set| measure(set, MEASURE).status.push(done.clone()));

        app.import_content(&files).await.unwrap();

        assert_eq!(
            db.writes().await,
            pairs(&[("measure_status_changes", "INSERT")]),
            "{}",
            db.backend
        );
        assert_eq!(rows_after(&app, head).await, pairs(&[("measure", MEASURE)]));
        let after = history(&app, MEASURE).await;
        assert_eq!(after[..before.len()], before[..], "stored entries stay");
        assert_eq!(after.last(), Some(&done));
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_corrected_status_note_is_appended_and_the_stored_entry_stays() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let head = app.store().outbox_head().await.unwrap();
        let before = history(&app, MEASURE).await;
        let files = changed(|set| {
            let last = measure(set, MEASURE).status.last_mut().unwrap();
            last.note = Some("Korrigierte Angabe".to_owned());
        });

        app.import_content(&files).await.unwrap();

        let after = history(&app, MEASURE).await;
        assert_eq!(after.len(), before.len() + 1, "{}", db.backend);
        assert_eq!(after[..before.len()], before[..]);
        assert_eq!(
            after.last().unwrap().note.as_deref(),
            Some("Korrigierte Angabe")
        );
        assert_eq!(rows_after(&app, head).await, pairs(&[("measure", MEASURE)]));

        // The same folder again: the correction is stored, nothing is appended twice.
        app.import_content(&files).await.unwrap();
        assert_eq!(history(&app, MEASURE).await, after);
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_folder_that_lacks_a_stored_status_entry_keeps_it() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        // Monitoring recorded a status the folder in the repository does not know yet.
        let files = changed(|set| {
            measure(set, MEASURE).status.push(StatusChange {
                on: PartialDate::parse("2026-10").unwrap(),
                status: MeasureStatus::Delayed,
                note: None,
            })
        });
        app.import_content(&files).await.unwrap();
        let recorded = history(&app, MEASURE).await;
        db.writes().await;
        let head = app.store().outbox_head().await.unwrap();

        app.import_content(&default_content()).await.unwrap();

        assert_eq!(history(&app, MEASURE).await, recorded, "{}", db.backend);
        assert_eq!(db.writes().await, Vec::new());
        assert_eq!(app.store().outbox_head().await.unwrap(), head);
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_changed_title_updates_one_row_and_announces_only_the_measure() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let head = app.store().outbox_head().await.unwrap();
        let files = changed(|set| measure(set, MEASURE).title = "Schulportal Hessen (neu)".into());

        app.import_content(&files).await.unwrap();

        assert_eq!(
            db.writes().await,
            pairs(&[("measures", "UPDATE")]),
            "{}",
            db.backend
        );
        assert_eq!(rows_after(&app, head).await, pairs(&[("measure", MEASURE)]));
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_removed_measure_goes_with_its_history_and_announces_its_lists() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let head = app.store().outbox_head().await.unwrap();
        let set = parse_content(&default_content()).unwrap();
        let area = set
            .editions
            .iter()
            .flat_map(|e| e.areas.iter().map(move |a| (&e.edition.slug, a)))
            .find(|(_, a)| a.measures.iter().any(|m| m.slug == MEASURE))
            .map(|(e, a)| (format!("{e}/{}", a.slug), a.clone()))
            .unwrap();
        let gone = area.1.measures.iter().find(|m| m.slug == MEASURE).unwrap();
        let files = changed(|set| {
            for a in set.editions.iter_mut().flat_map(|e| e.areas.iter_mut()) {
                a.measures.retain(|m| m.slug != MEASURE);
            }
        });

        app.import_content(&files).await.unwrap();

        let mut expected = vec![
            ("measure".to_owned(), MEASURE.to_owned()),
            ("area".to_owned(), area.0.clone()),
            ("department".to_owned(), gone.lead.clone()),
        ];
        expected.extend(
            gone.partners
                .iter()
                .map(|p| ("department".to_owned(), p.clone())),
        );
        expected.extend(gone.goals.iter().map(|g| ("goal".to_owned(), g.clone())));
        // Measures after it in the area moved up one place: their rows say so.
        let after: Vec<&str> = area
            .1
            .measures
            .iter()
            .skip_while(|m| m.slug != MEASURE)
            .skip(1)
            .map(|m| m.slug.as_str())
            .collect();
        expected.extend(
            after
                .iter()
                .map(|s| ("measure".to_owned(), (*s).to_owned())),
        );
        expected.sort();
        expected.dedup();
        assert_eq!(rows_after(&app, head).await, expected, "{}", db.backend);
        assert!(
            app.store()
                .measures(Scope::Slug(MEASURE))
                .await
                .unwrap()
                .is_empty()
        );
        let writes = db.writes().await;
        assert!(writes.contains(&("measure_status_changes".to_owned(), "DELETE".to_owned())));
        assert!(
            writes.iter().all(|(_, op)| op != "INSERT"),
            "nothing re-inserted: {writes:?}"
        );
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_measure_archived_in_the_folder_leaves_its_lists_announces_them_and_comes_back() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let head = app.store().outbox_head().await.unwrap();
        let set = parse_content(&default_content()).unwrap();
        let (area, m) = set
            .editions
            .iter()
            .flat_map(|e| e.areas.iter().map(move |a| (&e.edition.slug, a)))
            .find_map(|(e, a)| {
                a.measures
                    .iter()
                    .find(|m| m.slug == MEASURE)
                    .map(|m| (format!("{e}/{}", a.slug), m.clone()))
            })
            .unwrap();
        let files = changed(|set| {
            measure(set, MEASURE).archived = Some(PartialDate::parse("2026-12-06").unwrap());
        });

        app.import_content(&files).await.unwrap();

        let mut expected = vec![
            ("measure".to_owned(), MEASURE.to_owned()),
            ("area".to_owned(), area.clone()),
            ("department".to_owned(), m.lead.clone()),
        ];
        expected.extend(
            m.partners
                .iter()
                .map(|p| ("department".to_owned(), p.clone())),
        );
        expected.extend(m.goals.iter().map(|g| ("goal".to_owned(), g.clone())));
        expected.sort();
        expected.dedup();
        assert_eq!(rows_after(&app, head).await, expected, "{}", db.backend);
        assert_eq!(
            db.writes().await,
            vec![("measures".to_owned(), "UPDATE".to_owned())],
            "one row changes, nothing is deleted"
        );
        let (edition, slug) = area.split_once('/').unwrap();
        let v = app.area_view(edition, slug).await.unwrap();
        assert!(v.measures.iter().all(|x| x.measure.slug != MEASURE));
        let d = app.department_view(&m.lead).await.unwrap();
        assert!(d.measures.iter().all(|x| x.measure.slug != MEASURE));
        let page = app.measure_view(MEASURE).await.unwrap();
        assert_eq!(
            page.measure.measure.archived,
            Some(PartialDate::parse("2026-12-06").unwrap())
        );

        app.import_content(&default_content()).await.unwrap();

        let v = app.area_view(edition, slug).await.unwrap();
        assert!(v.measures.iter().any(|x| x.measure.slug == MEASURE));
        assert_eq!(history(&app, MEASURE).await, m.status);
        app.store().close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_new_measure_that_names_archived_is_created_archived() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let files = changed(|set| {
            let mut m = measure(set, MEASURE).clone();
            m.slug = "schon-zurueckgezogen".to_owned();
            m.archived = Some(PartialDate::parse("2025-03").unwrap());
            let area = set
                .editions
                .iter_mut()
                .flat_map(|e| e.areas.iter_mut())
                .find(|a| a.measures.iter().any(|x| x.slug == MEASURE))
                .unwrap();
            area.measures.push(m);
        });

        app.import_content(&files).await.unwrap();

        let page = app.measure_view("schon-zurueckgezogen").await.unwrap();
        assert_eq!(
            page.measure.measure.archived,
            Some(PartialDate::parse("2025-03").unwrap())
        );
        let v = app
            .area_view(&page.measure.edition, &page.measure.area)
            .await
            .unwrap();
        assert!(
            v.measures
                .iter()
                .all(|x| x.measure.slug != "schon-zurueckgezogen")
        );
        app.store().close().await;
        db.cleanup().await;
    }
}
