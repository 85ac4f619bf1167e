//! The editorial kinds beyond goals, measures, areas and pages, on SQLite and PostgreSQL: an
//! indicator (its owner's editors), an edition, a department, a process and its phases (admins
//! only), and the facts of an area's Ausgangslage as rows. Each is edited, given to review and
//! published by a second person, and then read back as the public pages read it; whoever may
//! not edit it is refused and nothing changes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::AppError;
use fahrplan_app::editorial::{EntityRef, Values};
use fahrplan_domain::ContentSet;
use fahrplan_testkit::TestDb;

mod common;
mod editorial_support;

use editorial_support::*;

#[tokio::test]
async fn an_indicator_is_edited_by_its_owners_editors_and_its_page_and_versions_follow() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let author = staff(&app, "a@example.org", &["hmdi"]).await;
        let second = staff(&app, "b@example.org", &["hmdi"]).await;
        let other = staff(&app, "c@example.org", &["hmkb"]).await;
        let entity = "indicator:haushalte-50-mbit";
        let e = EntityRef::parse(entity).unwrap();
        assert!(
            matches!(app.edit_form(&other, &e).await, Err(AppError::Forbidden)),
            "another department's editor may not open it ({})",
            db.backend
        );
        let form = app.edit_form(&author, &e).await.unwrap();
        assert!(
            matches!(
                app.save_draft(&other, &e, form.base_version, &form.values)
                    .await,
                Err(AppError::Forbidden)
            ),
            "nor save it"
        );
        let observations = count(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM observations").await;
        let outbox_before = count(
            &db,
            "SELECT CAST(COUNT(*) AS TEXT) FROM outbox WHERE topic = 'indicator'",
        )
        .await;
        let v = round_trip(&app, &author, &second, entity, |v| {
            set(
                v,
                &[
                    ("name", "Haushalte mit schnellem Internet (50 Mbit/s)"),
                    ("target_value", "99,5"),
                    ("target_period", "2030"),
                    ("target_source", "Gigabitstrategie des Landes"),
                    ("target_source_url", ""),
                ],
            );
        })
        .await;
        let page = app
            .store()
            .indicator("haushalte-50-mbit")
            .await
            .unwrap()
            .unwrap();
        let i = &page.indicator;
        assert_eq!(i.name, "Haushalte mit schnellem Internet (50 Mbit/s)");
        let target = i.target.as_ref().unwrap();
        assert!((target.value - 99.5).abs() < 1e-9);
        assert_eq!(target.period.to_string(), "2030");
        assert_eq!(
            count(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM observations").await,
            observations,
            "observations are reports, untouched by the form"
        );
        assert!(
            count(
                &db,
                "SELECT CAST(COUNT(*) AS TEXT) FROM outbox WHERE topic = 'indicator'"
            )
            .await
                > outbox_before,
            "the change reaches the caches through the outbox"
        );
        let versions = app.store().versions(entity).await.unwrap();
        assert_eq!(versions.first().map(|x| x.version), Some(v));
        assert!(v >= 2, "the import gave the indicator its first version");
    }
}

#[tokio::test]
async fn an_incomplete_target_is_refused_field_by_field() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let author = staff(&app, "a@example.org", &["hmdi"]).await;
        let e = EntityRef::parse("indicator:haushalte-50-mbit").unwrap();
        let form = app.edit_form(&author, &e).await.unwrap();
        let mut v = form.values.clone();
        set(
            &mut v,
            &[
                ("target_value", "80"),
                ("target_period", ""),
                ("target_source", ""),
            ],
        );
        let Err(AppError::Invalid(errors)) =
            app.save_draft(&author, &e, form.base_version, &v).await
        else {
            panic!("an incomplete target must be refused ({})", db.backend);
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["target_period", "target_source"]);
    }
}

#[tokio::test]
async fn editions_departments_and_processes_are_for_admins_only() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let editor = staff(&app, "a@example.org", &["hmdi"]).await;
        for entity in [
            "edition:2021",
            "department:hmdi",
            "process:umsetzung-begleiten",
            "phase:umsetzung-begleiten/1",
        ] {
            let e = EntityRef::parse(entity).unwrap();
            assert!(
                matches!(app.edit_form(&editor, &e).await, Err(AppError::Forbidden)),
                "{entity} is refused to an editor ({})",
                db.backend
            );
            let v = Values::new();
            assert!(
                matches!(
                    app.save_draft(&editor, &e, 1, &v).await,
                    Err(AppError::Forbidden)
                ),
                "and so is saving it"
            );
        }
        assert_eq!(
            count(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM editorial_changes").await,
            0
        );
    }
}

#[tokio::test]
async fn an_edition_and_a_department_are_edited_and_published() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let admin = staff(&app, "a@example.org", &[]).await;
        let second = staff(&app, "b@example.org", &[]).await;
        round_trip(&app, &admin, &second, "edition:2021", |v| {
            set(
                v,
                &[("short_title", "Strategie 2021"), ("horizon_year", "2031")],
            );
        })
        .await;
        round_trip(&app, &admin, &second, "department:hmdi", |v| {
            set(v, &[("short_name", "Digitales Ministerium")]);
        })
        .await;
        let c = content(&app).await;
        let ed = c
            .editions
            .iter()
            .find(|e| e.edition.slug == "2021")
            .unwrap();
        assert_eq!(ed.edition.short_title, "Strategie 2021");
        assert_eq!(ed.edition.horizon_year, Some(2031));
        let d = c.departments.iter().find(|d| d.code == "hmdi").unwrap();
        assert_eq!(d.short_name, "Digitales Ministerium", "({})", db.backend);
    }
}

#[tokio::test]
async fn a_department_cannot_succeed_itself_or_close_a_circle() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let admin = staff(&app, "a@example.org", &[]).await;
        // hmdse was succeeded by hmdi: hmdi naming hmdse would close a circle.
        for (successor, code) in [
            ("hmdi", "error-edit-successor-self"),
            ("hmdse", "error-edit-successor-cycle"),
        ] {
            let e = EntityRef::parse("department:hmdi").unwrap();
            let form = app.edit_form(&admin, &e).await.unwrap();
            let mut v = form.values.clone();
            v.insert("successor".into(), successor.into());
            let Err(AppError::Invalid(errors)) =
                app.save_draft(&admin, &e, form.base_version, &v).await
            else {
                panic!("{successor} must be refused ({})", db.backend);
            };
            assert_eq!(errors[0].field, "successor");
            assert_eq!(errors[0].code, code);
        }
    }
}

#[tokio::test]
async fn a_phase_change_is_a_version_of_its_process() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let admin = staff(&app, "a@example.org", &[]).await;
        let second = staff(&app, "b@example.org", &[]).await;
        let before = app
            .store()
            .latest_version("process:umsetzung-begleiten")
            .await
            .unwrap();
        let v = round_trip(&app, &admin, &second, "phase:umsetzung-begleiten/1", |v| {
            set(
                v,
                &[
                    ("title", "Begleitung der Umsetzung"),
                    ("allows", "comments,supports"),
                ],
            );
        })
        .await;
        assert_eq!(v, before + 1, "the phase's version is its process's");
        round_trip(&app, &admin, &second, "process:umsetzung-begleiten", |v| {
            set(v, &[("participants", "250")]);
        })
        .await;
        let c = content(&app).await;
        let p = c
            .processes
            .iter()
            .find(|p| p.slug == "umsetzung-begleiten")
            .unwrap();
        assert_eq!(p.participants, Some(250), "({})", db.backend);
        assert_eq!(p.phases[0].title, "Begleitung der Umsetzung");
        let allows: Vec<&str> = p.phases[0].allows.iter().map(|a| a.as_str()).collect();
        assert_eq!(allows, ["comments", "supports"]);
        let e = EntityRef::parse("phase:umsetzung-begleiten/1").unwrap();
        assert_eq!(
            e.history_path(),
            "/redaktion/inhalte/prozess/umsetzung-begleiten/versionen"
        );
    }
}

#[tokio::test]
async fn facts_are_rows_an_empty_row_is_dropped_and_a_partial_one_refused() {
    for db in TestDb::all().await {
        let app = app(&db).await;
        let admin = staff(&app, "a@example.org", &[]).await;
        let second = staff(&app, "b@example.org", &[]).await;
        let entity = "area:2021/digitale-infrastruktur";
        let e = EntityRef::parse(entity).unwrap();
        let before = content(&app).await;
        let area = |c: &ContentSet| {
            c.editions
                .iter()
                .flat_map(|e| &e.areas)
                .find(|a| a.slug == "digitale-infrastruktur")
                .unwrap()
                .facts
                .clone()
        };
        let n = area(&before).len();
        assert!(n >= 2);
        let form = app.edit_form(&admin, &e).await.unwrap();
        let mut partial = form.values.clone();
        let row = n + 1;
        partial.insert(format!("fact-{row}-label"), "Funkmasten".into());
        let Err(AppError::Invalid(errors)) = app
            .save_draft(&admin, &e, form.base_version, &partial)
            .await
        else {
            panic!("a partly filled row must be refused ({})", db.backend);
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                format!("fact-{row}-value"),
                format!("fact-{row}-as_of"),
                format!("fact-{row}-source"),
            ]
        );
        round_trip(&app, &admin, &second, entity, |v| {
            for p in ["label", "value", "as_of", "source", "source_url"] {
                v.insert(format!("fact-1-{p}"), String::new());
            }
            set(
                v,
                &[
                    (&format!("fact-{row}-label"), "Funkmasten"),
                    (&format!("fact-{row}-value"), "1.200"),
                    (&format!("fact-{row}-as_of"), "2025-06"),
                    (&format!("fact-{row}-source"), "Bundesnetzagentur"),
                    (&format!("fact-{}-label", row + 1), ""),
                ],
            );
        })
        .await;
        let facts = area(&content(&app).await);
        assert_eq!(facts.len(), n, "one removed, one added");
        assert_eq!(facts[0], area(&before)[1]);
        assert_eq!(facts[n - 1].label, "Funkmasten");
        assert_eq!(facts[n - 1].as_of.to_string(), "2025-06");
    }
}
