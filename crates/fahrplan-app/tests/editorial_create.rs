//! Proposing new goals and measures through the editorial workflow, on SQLite and PostgreSQL:
//! a new measure is appended to its area as version 1; of two drafts for one new slug the
//! second to be published conflicts and writes nothing; an editor proposes a lead only among
//! their own departments.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;
mod editorial_support;

use editorial_support::*;
use fahrplan_app::AppError;
use fahrplan_app::editorial::{Publication, Values};
use fahrplan_domain::ContentSet;
use fahrplan_testkit::TestDb;

fn proposal(title: &str, lead: &str) -> Values {
    let mut v = Values::new();
    set(
        &mut v,
        &[
            ("area", "2021/digitale-infrastruktur"),
            ("slug", ""),
            ("title", title),
            (
                "body",
                "Das Land schließt Funklöcher entlang der Landesstraßen.",
            ),
            ("lead", lead),
        ],
    );
    v
}

fn measures_of(c: &ContentSet) -> Vec<String> {
    c.editions
        .iter()
        .flat_map(|e| &e.areas)
        .find(|a| a.slug == "digitale-infrastruktur")
        .unwrap()
        .measures
        .iter()
        .map(|m| m.slug.clone())
        .collect()
}

#[tokio::test]
async fn a_new_measure_is_appended_to_its_area_as_version_1() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let author = staff(&app, "a@example.org", &["hmdi"]).await;
        let second = staff(&app, "b@example.org", &["hmdi"]).await;
        let kind = fahrplan_app::editorial::EntityKind::Measure;
        let id = app
            .save_new(
                &author,
                kind,
                None,
                &proposal("Funklöcher schließen", "hmdi"),
            )
            .await
            .unwrap();
        app.submit_change(&author, id).await.unwrap();
        let view = app.change_view(&second, id).await.unwrap();
        assert!(view.new && !view.fields.is_empty(), "({})", db.backend);
        assert_eq!(
            app.publish_change(&second, id).await.unwrap(),
            Publication::Version(1)
        );
        let list = measures_of(&content(&app).await);
        assert_eq!(list.last().unwrap(), "funkloecher-schliessen", "at the end");
        let entity = "measure:funkloecher-schliessen";
        assert_eq!(app.store().latest_version(entity).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn the_second_of_two_drafts_for_one_new_slug_conflicts_and_writes_nothing() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let a = staff(&app, "a@example.org", &["hmdi"]).await;
        let b = staff(&app, "b@example.org", &["hmdi"]).await;
        let admin = staff(&app, "c@example.org", &[]).await;
        let kind = fahrplan_app::editorial::EntityKind::Measure;
        let first = app
            .save_new(&a, kind, None, &proposal("Funklöcher schließen", "hmdi"))
            .await
            .unwrap();
        let mut other = proposal("Funklöcher schließen", "hmdi");
        other.insert("body".into(), "Ein anderer Vorschlag.".into());
        let later = app.save_new(&b, kind, None, &other).await.unwrap();
        for (who, id) in [(&a, first), (&b, later)] {
            app.submit_change(who, id).await.unwrap();
        }
        assert_eq!(
            app.publish_change(&admin, first).await.unwrap(),
            Publication::Version(1)
        );
        let before = content(&app).await;
        assert_eq!(
            app.publish_change(&admin, later).await.unwrap(),
            Publication::Conflict,
            "({})",
            db.backend
        );
        assert_eq!(content(&app).await, before, "nothing written");
        let again = app.save_new(&b, kind, None, &other).await;
        let Err(AppError::Invalid(errors)) = again else {
            panic!("a taken slug is refused in the form");
        };
        assert_eq!(errors[0].field, "slug");
        assert_eq!(errors[0].code, "error-edit-slug-taken");
    }
}

#[tokio::test]
async fn an_editor_proposes_a_lead_only_among_their_own_departments() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let editor = staff(&app, "a@example.org", &["hmdi"]).await;
        let kind = fahrplan_app::editorial::EntityKind::Goal;
        let Err(AppError::Invalid(errors)) = app
            .save_new(&editor, kind, None, &proposal("Ein neues Ziel", "hmkb"))
            .await
        else {
            panic!("another department as lead is refused ({})", db.backend);
        };
        assert_eq!(errors[0].field, "lead");
        assert_eq!(errors[0].code, "error-edit-lead-not-yours");
    }
}
