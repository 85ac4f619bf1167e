//! Content a folder leaves out while contributions refer to it (issue 13): the import is
//! refused and changes nothing, or with `Removals::Archive` the content is archived: its page and
//! its contributions stay, it takes nothing new, and an export keeps it archived.

use super::*;
use fahrplan_app::content::{ContentFiles, ImportError, Removals, content_files, parse_content};
use fahrplan_store::Referrers;

const MEASURE: &str = "digitale-schule-hessen-digitalpakt";
const MEASURE_FILE: &str = "editions/2021/areas/05-digitale-bildung.toml";

fn without_process() -> ContentFiles {
    let mut files = default_content();
    files.0.remove(&format!("processes/{OPEN}.toml"));
    files
}

fn without_measure() -> ContentFiles {
    let mut set = parse_content(&default_content()).unwrap();
    for a in set.editions.iter_mut().flat_map(|e| e.areas.iter_mut()) {
        a.measures.retain(|m| m.slug != MEASURE);
    }
    content_files(&set).unwrap()
}

/// Anna's proposal about the measure with Ben's reply and support; returns the proposal's id.
async fn discussed(e: &Env) -> i64 {
    registered(e, "anna@example.org", "Anna").await;
    registered(e, "ben@example.org", "Ben").await;
    let anna = logged_in(e, "anna@example.org").await;
    let ben = logged_in(e, "ben@example.org").await;
    let mut input = proposal("Tablets für alle", "Jede Klasse braucht Geräte.");
    input.target = format!("measure:{MEASURE}");
    let id = e
        .app
        .post_contribution(&anna, OPEN, None, &input)
        .await
        .unwrap();
    e.app
        .post_contribution(&ben, OPEN, Some(id), &comment("Und WLAN."))
        .await
        .unwrap();
    e.app.cast_support(&ben, OPEN, id).await.unwrap();
    id
}

#[tokio::test]
async fn a_folder_without_a_process_that_has_contributions_is_refused_and_nothing_changes() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        discussed(&e).await;
        let head = e.app.store().outbox_head().await.unwrap();

        let err = e.app.import_content(&without_process()).await.unwrap_err();

        let ImportError::Removals(removed) = &err else {
            panic!("expected a refusal, got {err}");
        };
        assert_eq!(removed.len(), 1, "{err}");
        assert_eq!(removed[0].file, "processes/umsetzung-begleiten.toml");
        assert_eq!(
            removed[0].referrers,
            Referrers {
                contributions: 2,
                supports: 1,
                archived: 0
            }
        );
        assert!(!removed[0].archived);
        assert!(
            err.to_string()
                .contains("but 2 contributions (1 support) refer to it"),
            "{err}"
        );
        assert_eq!(
            e.app.store().outbox_head().await.unwrap(),
            head,
            "{}",
            db.backend
        );
        let v = page(&e, None).await;
        assert_eq!(v.process.archived, None);
        assert!(!v.allows.is_empty(), "still open");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn allowing_removals_archives_the_process_whose_page_contributions_and_search_stay() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let id = discussed(&e).await;

        let imported = e
            .app
            .import_content_with(&without_process(), Removals::Archive)
            .await
            .unwrap();

        assert_eq!(imported.archived.len(), 1);
        assert!(imported.archived[0].archived);
        assert_eq!(
            imported.archived[0].file,
            "processes/umsetzung-begleiten.toml"
        );
        let v = page(&e, None).await;
        let (y, m, d) = fahrplan_app::participation::today();
        assert_eq!(
            v.process.archived.map(|a| a.first_day()),
            Some((y, m, d)),
            "archived today"
        );
        assert!(v.allows.is_empty(), "a withdrawn process is closed");
        assert_eq!(v.total, 1);
        assert_eq!(
            v.threads[0].root.target_title.as_deref(),
            Some("Digitale Schule Hessen und DigitalPakt Schule")
        );
        let (_, thread) = e.app.contribution_view(OPEN, id, None).await.unwrap();
        assert_eq!(thread.replies.len(), 1);
        let open: Vec<String> = e
            .app
            .processes()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.slug)
            .collect();
        assert_eq!(open, [CLOSED], "the list of processes leaves it out");
        assert_eq!(e.app.open_process_for("2021").await.unwrap(), None);

        // Search keeps it, linked to its page, which answers.
        while e.app.sync_search().await.unwrap() > 0 {}
        let hits = e
            .app
            .search(fahrplan_app::search::SearchRequest {
                q: "Umsetzung begleiten".to_owned(),
                filters: vec![("type".to_owned(), "process".to_owned())],
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap()
            .hits;
        let urls: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
        assert!(urls.contains(&"/mitmachen/umsetzung-begleiten"), "{urls:?}");

        // Export writes the date; importing the export, or the folder again, changes nothing.
        let exported = e.app.export_content().await.unwrap();
        let text = exported.get("processes/umsetzung-begleiten.toml").unwrap();
        let on = v.process.archived.unwrap().to_string();
        assert!(text.contains(&format!("archived = \"{on}\"")), "{text}");
        let head = e.app.store().outbox_head().await.unwrap();
        e.app.import_content(&exported).await.unwrap();
        e.app.import_content(&without_process()).await.unwrap();
        assert_eq!(
            e.app.store().outbox_head().await.unwrap(),
            head,
            "{}",
            db.backend
        );

        // The file back without `archived`: current and open again.
        e.app.import_content(&default_content()).await.unwrap();
        let v = page(&e, None).await;
        assert_eq!(v.process.archived, None);
        assert!(!v.allows.is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_archived_process_takes_no_new_contributions_or_supports() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let id = discussed(&e).await;
        registered(&e, "cem@example.org", "Cem").await;
        let cem = logged_in(&e, "cem@example.org").await;
        e.app
            .import_content_with(&without_process(), Removals::Archive)
            .await
            .unwrap();

        assert!(matches!(
            e.app
                .post_contribution(&cem, OPEN, None, &proposal("Neu", "Noch ein Vorschlag"))
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app
                .post_contribution(&cem, OPEN, Some(id), &comment("Antwort"))
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.cast_support(&cem, OPEN, id).await,
            Err(AppError::Forbidden)
        ));
        let v = page(&e, Some(&cem)).await;
        assert!(!v.can.may_post && !v.can.supports);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn nothing_new_is_written_about_an_archived_measure_and_what_was_keeps_its_title() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        discussed(&e).await;
        let anna = logged_in(&e, "anna@example.org").await;

        let err = e.app.import_content(&without_measure()).await.unwrap_err();
        let ImportError::Removals(removed) = &err else {
            panic!("expected a refusal, got {err}");
        };
        let named: Vec<(&str, &str)> = removed
            .iter()
            .map(|r| (r.file.as_str(), r.key.as_str()))
            .collect();
        assert_eq!(named, [(MEASURE_FILE, MEASURE)]);

        e.app
            .import_content_with(&without_measure(), Removals::Archive)
            .await
            .unwrap();

        let m = e.app.measure_view(MEASURE).await.unwrap();
        assert!(m.measure.measure.archived.is_some());
        assert_eq!(m.open_process, None, "no invitation to write about it");
        let area = e.app.area_view("2021", "digitale-bildung").await.unwrap();
        assert!(
            area.measures.iter().all(|x| x.measure.slug != MEASURE),
            "the area lists current measures"
        );
        assert!(area.open_process.is_some(), "the area is current");
        let v = page(&e, Some(&anna)).await;
        let key = (TargetKind::Measure, MEASURE.to_owned());
        assert!(!v.targets.iter().any(|t| (t.0, t.1.clone()) == key));
        assert!(v.archived_targets.iter().any(|t| (t.0, t.1.clone()) == key));
        assert_eq!(
            v.threads[0].root.target_title.as_deref(),
            Some("Digitale Schule Hessen und DigitalPakt Schule")
        );
        let mut input = proposal("Noch einer", "Zur archivierten Maßnahme");
        input.target = format!("measure:{MEASURE}");
        let refused = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&refused), [("target", "error-target-unknown")]);
        db.cleanup().await;
    }
}
