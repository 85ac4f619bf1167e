//! Helpers of the editorial integration tests: an app with the default content, staff with
//! the second factor given, and a change's whole way from form to publication.

#![allow(dead_code, reason = "each test file uses a part of the helpers")]

use fahrplan_app::App;
use fahrplan_app::accounts::Actor;
use fahrplan_app::content::default_content;
use fahrplan_app::editorial::{EntityRef, Publication, Saved, Values};
use fahrplan_domain::ContentSet;
use fahrplan_store::Store;
use fahrplan_testkit::TestDb;

pub async fn app(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let app = App::new(store).unwrap();
    app.import_content(&default_content()).await.unwrap();
    app
}

pub use crate::common::staff;

pub async fn count(db: &TestDb, sql: &str) -> i64 {
    db.text(sql).await.unwrap().parse().unwrap()
}

pub async fn content(app: &App) -> ContentSet {
    app.store().load_content().await.unwrap().unwrap()
}

/// Opens the form of `entity` as `author`, changes it with `edit`, saves, submits and lets
/// `reviewer` publish it; the published version.
pub async fn round_trip(
    app: &App,
    author: &Actor,
    reviewer: &Actor,
    entity: &str,
    edit: impl FnOnce(&mut Values),
) -> i64 {
    let e = EntityRef::parse(entity).unwrap();
    let form = app.edit_form(author, &e).await.unwrap();
    let mut v = form.values.clone();
    edit(&mut v);
    let id = match app
        .save_draft(author, &e, form.base_version, &v)
        .await
        .unwrap()
    {
        Saved::Change(id) => id,
        Saved::Conflict { .. } => panic!("unexpected conflict on {entity}"),
    };
    app.submit_change(author, id).await.unwrap();
    match app.publish_change(reviewer, id).await.unwrap() {
        Publication::Version(n) => {
            assert_eq!(n, form.base_version + 1, "{entity} gets the next version");
            n
        }
        Publication::Conflict => panic!("unexpected conflict publishing {entity}"),
    }
}

pub fn set(v: &mut Values, pairs: &[(&str, &str)]) {
    for (k, x) in pairs {
        v.insert((*k).to_owned(), (*x).to_owned());
    }
}
