//! The search use cases on SQLite and (when configured) PostgreSQL: the index follows the
//! outbox, so content edits and imported documents become searchable; a document imported again
//! replaces the old one; a rebuild gives the same answers; bad queries are invalid input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use fahrplan_app::content::default_content;
use fahrplan_app::editorial::{EntityRef, Publication, Saved};
use fahrplan_app::search::import::{Document, parse_line};
use fahrplan_app::search::{Search, SearchRequest};
use fahrplan_app::{App, AppError};
use fahrplan_store::Store;
use fahrplan_testkit::TestDb;

async fn app(db: &TestDb, dir: &std::path::Path) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    App::with_search(store, Search::open(dir, &[]).unwrap())
}

async fn ids(app: &App, q: &str) -> Vec<String> {
    let req = SearchRequest {
        q: q.into(),
        limit: 10,
        ..SearchRequest::default()
    };
    app.search(req)
        .await
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// Applies the outbox until nothing is left, as the server's loop does.
async fn catch_up(app: &App) {
    for _ in 0..20 {
        if app.sync_search().await.unwrap() == 0 {
            return;
        }
    }
    panic!("the index did not catch up");
}

fn doc(id: &str, title: &str, body: &str) -> Document {
    Document {
        id: id.into(),
        kind: "law".into(),
        title: title.into(),
        body: body.into(),
        url: None,
    }
}

#[tokio::test]
async fn the_strategy_is_searchable_and_an_edit_is_found_after_the_next_sync() {
    for db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&db, dir.path()).await;
        app.import_content(&default_content()).await.unwrap();
        catch_up(&app).await;
        let found = ids(&app, "Breitbandausbau").await;
        assert!(
            found.contains(&"breitband-gigabitfoerderung-2019-2024".to_owned()),
            "{}: {found:?}",
            db.backend
        );

        let mut files = default_content();
        let key = "editions/2021/areas/01-digitale-infrastruktur.toml".to_owned();
        let text = files.0[&key].replace(
            "Breitband- und Gigabitförderung des Landes",
            "Sternwartenprogramm des Landes",
        );
        files.0.insert(key, text);
        app.import_content(&files).await.unwrap();
        catch_up(&app).await;
        assert_eq!(
            ids(&app, "Sternwartenprogramm")
                .await
                .first()
                .map(String::as_str),
            Some("breitband-gigabitfoerderung-2019-2024"),
            "{}",
            db.backend
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn imported_documents_are_found_and_a_repeated_id_replaces_the_old_one() {
    for db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&db, dir.path()).await;
        app.import_documents(&[
            doc("ozg", "Onlinezugangsgesetz", "Verwaltungsleistungen online"),
            doc("egovg", "E-Government-Gesetz", "Elektronische Akten"),
        ])
        .await
        .unwrap();
        catch_up(&app).await;
        assert_eq!(
            ids(&app, "Onlinezugang").await.first().map(String::as_str),
            Some("ozg"),
            "{}",
            db.backend
        );
        assert_eq!(
            ids(&app, "OZG").await.first().map(String::as_str),
            Some("ozg"),
            "synonym on {}",
            db.backend
        );

        app.import_documents(&[doc(
            "ozg",
            "Gesetz zur Verbesserung des Onlinezugangs",
            "Portalverbund",
        )])
        .await
        .unwrap();
        catch_up(&app).await;
        assert_eq!(ids(&app, "Portalverbund").await, ["ozg"], "{}", db.backend);
        assert!(
            ids(&app, "Verwaltungsleistungen").await.is_empty(),
            "old text gone on {}",
            db.backend
        );
        assert_eq!(app.store().document_count().await.unwrap(), 2);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_reopened_index_catches_up_and_a_rebuild_gives_the_same_answers() {
    for db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        {
            let app = app(&db, dir.path()).await;
            app.import_documents(&[doc("a", "Glasfasernetz im Odenwald", "Text")])
                .await
                .unwrap();
            catch_up(&app).await;
            app.store().close().await;
        }
        // Written while no node was running: found after the next start.
        let store = Store::connect(&db.url).await.unwrap();
        store
            .upsert_documents(&[doc("b", "Mobilfunkmasten im Vogelsberg", "Text")])
            .await
            .unwrap();
        store.close().await;
        let app = app(&db, dir.path()).await;
        catch_up(&app).await;
        assert_eq!(ids(&app, "Mobilfunk").await, ["b"], "{}", db.backend);
        assert_eq!(ids(&app, "Glasfaser").await, ["a"], "{}", db.backend);
        let n = app.reindex().await.unwrap();
        assert_eq!(n, 2);
        assert_eq!(ids(&app, "Glasfaser").await, ["a"], "{}", db.backend);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn empty_and_overlong_queries_are_invalid_input() {
    let db = TestDb::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let app = app(&db, dir.path()).await;
    for q in ["", "   ", &"x".repeat(501)] {
        let req = SearchRequest {
            q: q.into(),
            limit: 10,
            ..SearchRequest::default()
        };
        assert!(
            matches!(app.search(req).await, Err(AppError::Invalid(_))),
            "{q:?}"
        );
    }
}

#[test]
fn import_lines_are_checked_one_by_one() {
    assert!(parse_line(r#"{"id":"x","title":"T","body":"B"}"#).is_ok());
    assert!(parse_line(r#"{"id":"x","title":"T"}"#).is_err());
}

#[tokio::test]
async fn a_published_editorial_change_is_found_after_the_next_sync_and_its_draft_never() {
    for db in TestDb::all().await {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&db, dir.path()).await;
        app.import_content(&default_content()).await.unwrap();
        catch_up(&app).await;
        let author = common::staff(&app, "a@example.org", &["hmdi"]).await;
        let second = common::staff(&app, "b@example.org", &["hmdi"]).await;
        let measure = EntityRef::parse("measure:glasfaserpakt-hessen").unwrap();
        let form = app.edit_form(&author, &measure).await.unwrap();
        let mut values = form.values.clone();
        let body = format!("{}\n\nDer Tiefbau nutzt Trenchingfräsen.", values["body"]);
        values.insert("body".into(), body);
        let Saved::Change(id) = app
            .save_draft(&author, &measure, form.base_version, &values)
            .await
            .unwrap()
        else {
            panic!("unexpected conflict");
        };
        app.submit_change(&author, id).await.unwrap();
        catch_up(&app).await;
        assert!(
            !ids(&app, "Trenchingfräsen")
                .await
                .contains(&"glasfaserpakt-hessen".to_owned()),
            "a change in review is not searchable ({})",
            db.backend
        );
        let out = app.publish_change(&second, id).await.unwrap();
        assert!(matches!(out, Publication::Version(_)));
        assert!(app.sync_search().await.unwrap() > 0, "one round applies it");
        let found = ids(&app, "Trenchingfräsen").await;
        assert!(
            found.contains(&"glasfaserpakt-hessen".to_owned()),
            "{}: {found:?}",
            db.backend
        );
    }
}
