//! What accounts owe each other: per-account limits, authorship checked by id, "gelöschtes Konto" and Meine Daten.

use super::*;

#[tokio::test]
async fn posting_and_supporting_are_limited_per_account_with_the_seconds_to_wait() {
    for db in TestDb::all().await {
        let mut limits = Limits::default();
        limits.rules.insert(Bucket::Post, (2, 3600));
        limits.rules.insert(Bucket::Support, (1, 3600));
        let e = content_env(&db, Some(limits)).await;
        for (mail, name) in [
            ("a@example.org", "Anna"),
            ("b@example.org", "Ben"),
            ("c@example.org", "Cem"),
        ] {
            registered(&e, mail, name).await;
        }
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let cem = logged_in(&e, "c@example.org").await;
        let first = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("eins"))
            .await
            .unwrap();
        let second = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("zwei"))
            .await
            .unwrap();
        match e
            .app
            .post_contribution(&anna, OPEN, None, &comment("drei"))
            .await
        {
            Err(AppError::RateLimited { retry_after }) => {
                assert!((1..=3600).contains(&retry_after))
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(
            matches!(
                e.app
                    .edit_contribution(&anna, OPEN, first, "", "eins, neu")
                    .await,
                Err(AppError::RateLimited { .. })
            ),
            "edits count like posts"
        );
        // Replies count too, and a new session does not reset the count.
        let again = logged_in(&e, "a@example.org").await;
        assert!(matches!(
            e.app
                .post_contribution(&again, OPEN, Some(first), &comment("vier"))
                .await,
            Err(AppError::RateLimited { .. })
        ));
        // Another account is not affected.
        e.app
            .post_contribution(&ben, OPEN, None, &comment("von Ben"))
            .await
            .unwrap();

        e.app.cast_support(&cem, OPEN, first).await.unwrap();
        assert!(matches!(
            e.app.cast_support(&cem, OPEN, second).await,
            Err(AppError::RateLimited { .. })
        ));
        e.app.cast_support(&ben, OPEN, second).await.unwrap();
        let v = page(&e, None).await;
        assert_eq!(v.total, 3, "nothing was stored for refused posts");
        assert_eq!(v.threads[1].root.replies, 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_participant_cannot_edit_or_withdraw_another_persons_contribution_by_its_id() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let id = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("Offene Daten", "Bitte als CSV."),
            )
            .await
            .unwrap();
        assert!(matches!(
            e.app
                .edit_contribution(&ben, OPEN, id, "Gekapert", "Fremder Text")
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.withdraw_contribution(&ben, OPEN, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.contribution_to_edit(&ben, OPEN, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.edit_contribution(&ben, OPEN, 999_999, "x", "y").await,
            Err(AppError::NotFound)
        ));
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(
            (root.title.as_str(), root.body.as_str(), root.edited_at),
            ("Offene Daten", "Bitte als CSV.", None)
        );

        e.app
            .edit_contribution(&anna, OPEN, id, "Offene Daten als CSV", "Und als JSON.")
            .await
            .unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.title, "Offene Daten als CSV");
        assert!(root.edited_at.is_some());
        e.app.withdraw_contribution(&anna, OPEN, id).await.unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.state, ContributionState::Withdrawn);
        assert!(
            root.title.is_empty() && root.body.is_empty(),
            "the text is gone from the page"
        );
        assert!(matches!(
            e.app.edit_contribution(&anna, OPEN, id, "x", "y").await,
            Err(AppError::Conflict)
        ));
        assert!(matches!(
            e.app.cast_support(&ben, OPEN, id).await,
            Err(AppError::Conflict)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_deleted_accounts_contributions_stay_signed_as_deleted_account() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna Auffindbar").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let id = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("Funklöcher melden", "Eine Karte."),
            )
            .await
            .unwrap();
        e.app
            .cast_support(&anna, OPEN, {
                e.app
                    .post_contribution(&ben, OPEN, None, &comment("Gute Idee"))
                    .await
                    .unwrap()
            })
            .await
            .unwrap();
        e.app.delete_account(&anna, PW).await.unwrap();
        let v = page(&e, None).await;
        let root = v.threads.iter().find(|t| t.root.id == id).unwrap();
        assert_eq!(root.root.author, Author::Deleted);
        assert_eq!(
            root.root.body, "Eine Karte.",
            "the public contribution stays"
        );
        let named: Vec<_> = v
            .threads
            .iter()
            .map(|t| format!("{:?}", t.root.author))
            .collect();
        assert!(!named.iter().any(|n| n.contains("Anna")), "{named:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn meine_daten_holds_the_accounts_contributions_and_supports() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let mine = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal("Mein Vorschlag", "Text von Anna"),
            )
            .await
            .unwrap();
        let bens = e
            .app
            .post_contribution(&ben, OPEN, None, &comment("Text von Ben"))
            .await
            .unwrap();
        e.app.cast_support(&anna, OPEN, bens).await.unwrap();
        let export = e.app.export_my_data(&anna, PW).await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(export.zip)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let contributions: serde_json::Value =
            serde_json::from_str(&read("contributions.json")).unwrap();
        assert_eq!(contributions.as_array().unwrap().len(), 1);
        assert_eq!(contributions[0]["id"], mine);
        assert_eq!(contributions[0]["body"], "Text von Anna");
        let supports: serde_json::Value = serde_json::from_str(&read("supports.json")).unwrap();
        assert_eq!(supports[0]["contribution"], bens);
        assert!(!read("contributions.json").contains("Text von Ben"));
        db.cleanup().await;
    }
}

/// Every file of an export, by name.
fn unzipped(zip: Vec<u8>) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (name, s)
        })
        .collect()
}

#[tokio::test]
async fn meine_daten_holds_answers_sanctions_hidings_with_objections_and_annotations_of_nobody_else()
 {
    use fahrplan_app::participation::{AnnotationInput, AnswerInput, Sanction};
    const BASELINE: &str = "area:2021/digitale-infrastruktur#baseline";
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let p = people(&e, &["Anna", "Ben"]).await;
        let (anna, ben) = (&p[0], &p[1]);
        let admin = staff_actor(&e, "ad@example.org", "admin").await;
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let answered = e
            .app
            .post_contribution(anna, OPEN, None, &proposal("Mehr Radwege", "Bitte."))
            .await
            .unwrap();
        let measure = e
            .app
            .store()
            .measures(fahrplan_store::Scope::All)
            .await
            .unwrap()[0]
            .measure
            .slug
            .clone();
        let link = format!("measure:{measure}");
        e.app
            .answer_contribution(
                &admin,
                OPEN,
                answered,
                &AnswerInput {
                    state: "adopted".to_owned(),
                    reasoning: "Wird umgesetzt.".to_owned(),
                    links: vec![(link.clone(), String::new())],
                },
            )
            .await
            .unwrap();
        let hidden = e
            .app
            .post_contribution(anna, OPEN, None, &comment("Ein grober Satz"))
            .await
            .unwrap();
        e.app
            .hide_contribution(&mo, OPEN, hidden, "Beleidigend.")
            .await
            .unwrap();
        e.app
            .object_to_hiding(anna, OPEN, hidden, "So war es nicht gemeint.")
            .await
            .unwrap();
        let hiding = e.app.open_objections(&mo).await.unwrap()[0].hiding.id;
        e.app
            .answer_objection(&mo, hiding, "upheld", "Die Wortwahl bleibt.")
            .await
            .unwrap();
        e.app
            .sanction_account(
                &mo,
                anna.account_id,
                Sanction::Warning,
                "Bitte sachlich.",
                Some(hidden),
            )
            .await
            .unwrap();
        let (_, record) = e
            .app
            .store()
            .latest_record("area:2021/digitale-infrastruktur")
            .await
            .unwrap()
            .unwrap();
        let block = record.texts["baseline"][0].id.clone();
        let annotation = e
            .app
            .post_annotation(
                anna,
                OPEN,
                (BASELINE, &block),
                &AnnotationInput {
                    quote: "Volksabstimmung vom 28. Oktober".to_owned(),
                    body: "Gut so.".to_owned(),
                },
            )
            .await
            .unwrap();
        e.app.set_notifications(anna, true).await.unwrap();
        // Ben's own contribution, hiding and warning must stay out of Anna's export.
        let bens = e
            .app
            .post_contribution(ben, OPEN, None, &comment("Bens Beitrag"))
            .await
            .unwrap();
        e.app
            .hide_contribution(&mo, OPEN, bens, "Bens Ausblendung.")
            .await
            .unwrap();
        e.app
            .sanction_account(
                &mo,
                ben.account_id,
                Sanction::Warning,
                "Bens Verwarnung.",
                None,
            )
            .await
            .unwrap();

        let files = unzipped(e.app.export_my_data(anna, PW).await.unwrap().zip);
        let json =
            |name: &str| -> serde_json::Value { serde_json::from_str(&files[name]).unwrap() };
        assert_eq!(json("account.json")["notify_answers"], true);
        let answers = json("answers.json");
        assert_eq!(answers.as_array().unwrap().len(), 1);
        assert_eq!(answers[0]["contribution"], answered);
        assert_eq!(answers[0]["state"], "adopted");
        assert_eq!(answers[0]["reasoning"], "Wird umgesetzt.");
        assert!(
            answers[0]["department"].is_string(),
            "the department the answer speaks for"
        );
        assert!(answers[0]["answered_at"].is_i64());
        assert_eq!(answers[0]["current"], true);
        assert_eq!(answers[0]["changes"][0]["entity"], link.as_str());
        let sanctions = json("sanctions.json");
        assert_eq!(sanctions.as_array().unwrap().len(), 1);
        assert_eq!(sanctions[0]["kind"], "warning");
        assert_eq!(sanctions[0]["reason"], "Bitte sachlich.");
        let hidings = json("hidings.json");
        assert_eq!(hidings.as_array().unwrap().len(), 1);
        assert_eq!(hidings[0]["contribution"], hidden);
        assert_eq!(hidings[0]["by_reports"], false);
        assert_eq!(hidings[0]["objection"], "So war es nicht gemeint.");
        assert_eq!(hidings[0]["objection_outcome"], "upheld");
        assert_eq!(hidings[0]["objection_answer"], "Die Wortwahl bleibt.");
        let annotations = json("annotations.json");
        assert_eq!(annotations.as_array().unwrap().len(), 1);
        assert_eq!(annotations[0]["contribution"], annotation);
        assert_eq!(annotations[0]["text"], BASELINE);
        assert_eq!(annotations[0]["block"], block.as_str());
        assert_eq!(annotations[0]["quote"], "Volksabstimmung vom 28. Oktober");
        let readme = &files["README.md"];
        for name in files.keys().filter(|n| n.ends_with(".json")) {
            assert!(
                readme.contains(&format!("`{name}`")),
                "the README names {name}"
            );
        }
        let (_, stop_token) = e.app.store().notify_answers(anna.account_id).await.unwrap();
        let everything: String = files.values().map(String::as_str).collect();
        for never in [
            "ad@example.org",
            "mo@example.org",
            "ben@example.org",
            "Bens Beitrag",
            "Bens Ausblendung",
            "Bens Verwarnung",
            "notify_token",
            "\"author\"",
            "created_by",
            &stop_token.unwrap(),
        ] {
            assert!(!everything.contains(never), "{never} is in the export");
        }
        db.cleanup().await;
    }
}
