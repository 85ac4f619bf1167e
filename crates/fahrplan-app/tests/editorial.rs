//! The editorial workflow on SQLite and PostgreSQL: who may edit (the lead department's
//! successor, admins; not another department, by form or by id), drafts that stay invisible
//! until a second person publishes them, nobody publishing their own change, block ids kept
//! across edits and imports, two editors on one text with nothing lost, the diff between
//! versions, the writing warnings, and the audit entries.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use common::staff;
use fahrplan_app::accounts::Actor;
use fahrplan_app::content::default_content;
use fahrplan_app::editorial::{EntityRef, Publication, Saved, Values};
use fahrplan_app::{App, AppError};
use fahrplan_domain::blocks::{BlockChange, DiffRun};
use fahrplan_store::{Scope, Store};
use fahrplan_testkit::TestDb;

/// A measure of the 2021 edition led by `hmdse`, which `hmdi` succeeded in January 2024.
const MEASURE: &str = "measure:glasfaserpakt-hessen";

async fn app(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let app = App::new(store).unwrap();
    app.import_content(&default_content()).await.unwrap();
    app
}

async fn app_empty(db: &TestDb) -> App {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    App::new(store).unwrap()
}

fn measure() -> EntityRef {
    EntityRef::parse(MEASURE).unwrap()
}

async fn body_of(app: &App) -> String {
    let all = app.store().measures(Scope::All).await.unwrap();
    all.into_iter()
        .find(|m| m.measure.slug == "glasfaserpakt-hessen")
        .unwrap()
        .measure
        .body
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    db.text(sql).await.unwrap().parse().unwrap()
}

/// The form's values with the body changed by `f`.
async fn edited(app: &App, who: &Actor, f: impl FnOnce(&str) -> String) -> (i64, Values) {
    let form = app.edit_form(who, &measure()).await.unwrap();
    let mut v = form.values.clone();
    let body = f(&v["body"]);
    v.insert("body".into(), body);
    (form.base_version, v)
}

async fn draft(app: &App, who: &Actor, base: i64, v: &Values) -> i64 {
    match app.save_draft(who, &measure(), base, v).await.unwrap() {
        Saved::Change(id) => id,
        Saved::Conflict { .. } => panic!("unexpected conflict"),
    }
}

#[tokio::test]
async fn a_draft_stays_invisible_until_a_second_person_of_the_department_publishes_it() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let author = staff(&app, "a@example.org", &["hmdi"]).await;
        let second = staff(&app, "b@example.org", &["hmdi"]).await;
        let before = body_of(&app).await;
        let (base, v) = edited(&app, &author, |b| {
            format!("{b}\n\nEin neuer Absatz über den Ausbau.")
        })
        .await;
        assert!(base >= 1, "the import gave the measure its first version");
        let id = draft(&app, &author, base, &v).await;
        assert_eq!(
            body_of(&app).await,
            before,
            "a draft is not public ({})",
            db.backend
        );
        app.submit_change(&author, id).await.unwrap();
        assert_eq!(body_of(&app).await, before, "nor is a change in review");
        assert!(
            matches!(
                app.publish_change(&author, id).await,
                Err(AppError::Forbidden)
            ),
            "nobody publishes their own change"
        );
        let out = app.publish_change(&second, id).await.unwrap();
        assert_eq!(out, Publication::Version(base + 1));
        assert!(
            body_of(&app)
                .await
                .ends_with("Ein neuer Absatz über den Ausbau.")
        );
        let c = app.store().change(id).await.unwrap().unwrap();
        assert_eq!(c.state, "published");
        assert_eq!(c.reviewer_id, Some(second.account_id));
        let audited = count(
            &db,
            "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'edit.publish' AND entity = 'measure:glasfaserpakt-hessen'",
        )
        .await;
        assert_eq!(audited, 1);
        let outbox = count(
            &db,
            "SELECT CAST(COUNT(*) AS TEXT) FROM outbox WHERE entity = 'glasfaserpakt-hessen'",
        )
        .await;
        assert!(
            outbox >= 1,
            "the publication reaches caches and search through the outbox"
        );
    }
}

#[tokio::test]
async fn an_editor_of_another_department_is_refused_by_form_and_by_id_and_nothing_changes() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let author = staff(&app, "a@example.org", &["hmdi"]).await;
        let other = staff(&app, "k@example.org", &["hkm"]).await;
        assert!(matches!(
            app.edit_form(&other, &measure()).await,
            Err(AppError::Forbidden)
        ));
        let (base, v) = edited(&app, &author, |b| format!("{b} Ergänzt.")).await;
        assert!(matches!(
            app.save_draft(&other, &measure(), base, &v).await,
            Err(AppError::Forbidden)
        ));
        let id = draft(&app, &author, base, &v).await;
        app.submit_change(&author, id).await.unwrap();
        assert!(matches!(
            app.change_view(&other, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.publish_change(&other, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.withdraw_change(&other, id).await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(
            app.store().change(id).await.unwrap().unwrap().state,
            "in_review"
        );
        let changes = count(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM editorial_changes").await;
        assert_eq!(changes, 1, "only the author's draft ({})", db.backend);
        // Areas have no department: an editor may not touch them, an admin may.
        let area = EntityRef::parse("area:2021/digitale-infrastruktur").unwrap();
        assert!(matches!(
            app.edit_form(&author, &area).await,
            Err(AppError::Forbidden)
        ));
        let admin = staff(&app, "admin@example.org", &[]).await;
        assert!(app.edit_form(&admin, &area).await.is_ok());
    }
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_saves_nothing() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let author = staff(&app, "a@example.org", &["hmdi"]).await;
        let (base, mut v) = edited(&app, &author, |_| "   ".into()).await;
        v.insert("lead".into(), "gibt-es-nicht".into());
        v.insert("start".into(), "31.12.2026".into());
        v.insert("budget_planned_eur".into(), "-5".into());
        v.insert("source_url".into(), "javascript:alert(1)".into());
        let Err(AppError::Invalid(errors)) = app.save_draft(&author, &measure(), base, &v).await
        else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["body", "lead", "start", "budget_planned_eur", "source_url"],
            "{}",
            db.backend
        );
        let changes = count(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM editorial_changes").await;
        assert_eq!(changes, 0);
    }
}

#[tokio::test]
async fn a_lightly_edited_paragraph_keeps_its_block_id_and_a_new_one_gets_a_new_id() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let author = staff(&app, "a@example.org", &["hmdi"]).await;
        let admin = staff(&app, "admin@example.org", &[]).await;
        let (base, v) = edited(&app, &author, |b| {
            // A typo-sized change to the first paragraph, and a new paragraph at the start.
            let mut paras: Vec<String> = b.split("\n\n").map(str::to_owned).collect();
            paras[0] = paras[0]
                .replacen(' ', "  ", 1)
                .replacen("Hessen", "Hessens", 1);
            format!("Ein ganz neuer erster Absatz.\n\n{}", paras.join("\n\n"))
        })
        .await;
        let id = draft(&app, &author, base, &v).await;
        app.submit_change(&author, id).await.unwrap();
        app.publish_change(&admin, id).await.unwrap();
        let versions = app.store().versions(MEASURE).await.unwrap();
        let (new, old) = (
            &versions[0].record.texts["body"],
            &versions[1].record.texts["body"],
        );
        assert_eq!(new.len(), old.len() + 1, "{}", db.backend);
        assert!(
            !old.iter().any(|b| b.id == new[0].id),
            "the new paragraph has a new id"
        );
        for (o, n) in old.iter().zip(&new[1..]) {
            assert_eq!(o.id, n.id, "every earlier paragraph keeps its id");
        }
        // The content exported and imported again changes nothing and keeps every id.
        let files = app.export_content().await.unwrap();
        app.import_content(&files).await.unwrap();
        let again = app.store().versions(MEASURE).await.unwrap();
        assert_eq!(
            again.len(),
            versions.len(),
            "no new version for the same text"
        );
        // The files carry the ids (`blocks.toml`): a fresh database importing them has the
        // same ids, so comments anchored to a paragraph find it there too.
        assert!(files.0.contains_key("blocks.toml"));
        let fresh_db = if db.backend == "sqlite" {
            TestDb::sqlite()
        } else {
            TestDb::postgres().await.unwrap()
        };
        let fresh = app_empty(&fresh_db).await;
        fresh.import_content(&files).await.unwrap();
        let there = fresh.store().versions(MEASURE).await.unwrap();
        assert_eq!(
            there[0].record.texts["body"], versions[0].record.texts["body"],
            "{}",
            db.backend
        );
        // Without the file, a fresh database derives other ids for the edited text.
        let mut bare = files.clone();
        bare.0.remove("blocks.toml");
        let other_db = if db.backend == "sqlite" {
            TestDb::sqlite()
        } else {
            TestDb::postgres().await.unwrap()
        };
        let other = app_empty(&other_db).await;
        other.import_content(&bare).await.unwrap();
        let derived = other.store().versions(MEASURE).await.unwrap();
        assert_ne!(
            derived[0].record.texts["body"],
            versions[0].record.texts["body"]
        );
    }
}

#[tokio::test]
async fn a_second_editor_saving_over_a_newer_version_sees_both_texts_and_loses_nothing() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let a = staff(&app, "a@example.org", &["hmdi"]).await;
        let b = staff(&app, "b@example.org", &["hmdi"]).await;
        let (base, va) = edited(&app, &a, |t| format!("{t}\n\nFassung A.")).await;
        let (base_b, vb) = edited(&app, &b, |t| format!("{t}\n\nFassung B.")).await;
        assert_eq!(base, base_b);
        let id = draft(&app, &a, base, &va).await;
        app.submit_change(&a, id).await.unwrap();
        app.publish_change(&b, id).await.unwrap();
        match app.save_draft(&b, &measure(), base_b, &vb).await.unwrap() {
            Saved::Conflict { current, published } => {
                assert_eq!(current, base + 1, "{}", db.backend);
                assert!(published["body"].ends_with("Fassung A."));
            }
            Saved::Change(_) => panic!("saving over a newer version must be refused"),
        }
        // Saved again on the newer version, it goes through.
        let id_b = draft(&app, &b, base + 1, &vb).await;
        assert!(app.store().change(id_b).await.unwrap().is_some());
        // Two changes in review on the same version: the second to be published is refused.
        let (base, v1) = edited(&app, &a, |t| format!("{t} Eins.")).await;
        let c1 = draft(&app, &a, base, &v1).await;
        app.submit_change(&a, c1).await.unwrap();
        let admin = staff(&app, "admin@example.org", &[]).await;
        let c2 = {
            let (_, v2) = edited(&app, &admin, |t| format!("{t} Zwei.")).await;
            match app.save_draft(&admin, &measure(), base, &v2).await.unwrap() {
                Saved::Change(id) => id,
                Saved::Conflict { .. } => panic!("same base, no conflict yet"),
            }
        };
        app.submit_change(&admin, c2).await.unwrap();
        assert_eq!(
            app.publish_change(&b, c1).await.unwrap(),
            Publication::Version(base + 1)
        );
        assert_eq!(
            app.publish_change(&a, c2).await.unwrap(),
            Publication::Conflict
        );
        let c = app.store().change(c2).await.unwrap().unwrap();
        assert_eq!(
            c.state, "draft",
            "the refused change is a draft again, nothing lost"
        );
        assert!(c.proposal.contains("Zwei."));
    }
}

#[tokio::test]
async fn the_diff_between_versions_marks_added_and_removed_words() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let a = staff(&app, "a@example.org", &["hmdi"]).await;
        let admin = staff(&app, "admin@example.org", &[]).await;
        let (base, v) = edited(&app, &a, |t| {
            format!("{t}\n\nDer Ausbau läuft schnell. Mehr dazu [hier](https://example.org).")
        })
        .await;
        let id = draft(&app, &a, base, &v).await;
        let view = app.change_view(&a, id).await.unwrap();
        let warnings: Vec<_> = view.texts.iter().flat_map(|t| &t.warnings).collect();
        assert_eq!(
            warnings.len(),
            1,
            "the vague link text is warned about ({})",
            db.backend
        );
        app.submit_change(&a, id).await.unwrap();
        app.publish_change(&admin, id).await.unwrap();
        let (base, v) = edited(&app, &a, |t| t.replace("läuft schnell", "läuft langsamer")).await;
        let id = draft(&app, &a, base, &v).await;
        app.submit_change(&a, id).await.unwrap();
        app.publish_change(&admin, id).await.unwrap();
        let d = app
            .version_diff(&admin, &measure(), base + 1, base)
            .await
            .unwrap();
        assert_eq!((d.from.version, d.to.version), (base, base + 1));
        let words: Vec<&DiffRun> = d.texts[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                BlockChange::Changed { words, .. } => Some(words),
                _ => None,
            })
            .flatten()
            .collect();
        assert!(
            words
                .iter()
                .any(|w| matches!(w, DiffRun::Removed(t) if t.contains("schnell")))
        );
        assert!(
            words
                .iter()
                .any(|w| matches!(w, DiffRun::Added(t) if t.contains("langsamer")))
        );
    }
}
