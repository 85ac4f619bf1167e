//! Contributions and supports as far as accounts are concerned: per-account limits, authorship
//! checked for the object, deleted authors shown as "gelöschtes Konto", roles for statements and
//! moderation, and what "Meine Daten" holds.

use crate::support::*;
use fahrplan_app::participation::{Author, ContributionInput, ListQuery, ParticipationView};
use fahrplan_domain::{ContributionKind, ContributionState, TargetKind};

const OPEN: &str = "umsetzung-begleiten";
const CLOSED: &str = "entstehung-2021";

fn proposal(title: &str, body: &str) -> ContributionInput {
    ContributionInput {
        kind: "proposal".to_owned(),
        target: String::new(),
        title: title.to_owned(),
        body: body.to_owned(),
    }
}

fn comment(body: &str) -> ContributionInput {
    ContributionInput {
        kind: "comment".to_owned(),
        body: body.to_owned(),
        ..ContributionInput::default()
    }
}

async fn content_env(db: &TestDb, limits: Option<Limits>) -> Env {
    let mut e = env(db).await;
    if let Some(l) = limits {
        e.app = e.app.clone().with_limits(l);
    }
    e.app.import_content(&default_content()).await.unwrap();
    e
}

async fn page(e: &Env, viewer: Option<&fahrplan_app::accounts::Actor>) -> ParticipationView {
    e.app
        .participation_view(OPEN, viewer, &ListQuery::default())
        .await
        .unwrap()
}

async fn staff_actor(e: &Env, email: &str, role: &str) -> fahrplan_app::accounts::Actor {
    e.app
        .create_user(&NewUser {
            email: email.to_owned(),
            display_name: format!("{role} Beispiel"),
            role: role.to_owned(),
            departments: vec![],
            password: PW.to_owned(),
        })
        .await
        .unwrap();
    let half = logged_in(e, email).await;
    let (secret, _) = e.app.begin_totp(&half).await.unwrap();
    let (_, session) = e
        .app
        .confirm_totp(&half, &current_code(&secret))
        .await
        .unwrap();
    e.app.actor(&session.token).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_participant_posts_replies_and_supports_while_the_phase_is_open() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        registered(&e, "ben@example.org", "Ben").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let ben = logged_in(&e, "ben@example.org").await;
        let mut input = proposal(
            "Glasfaser auch für Höfe",
            "Auch *Aussiedlerhöfe* brauchen Anschluss.",
        );
        input.target = "area:2021/digitale-infrastruktur".to_owned();
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap();
        let reply = e
            .app
            .post_contribution(&ben, OPEN, Some(id), &comment("Stimmt, bei uns auch."))
            .await
            .unwrap();
        // A reply to a reply joins the same thread, one level deep.
        let nested = e
            .app
            .post_contribution(&anna, OPEN, Some(reply), &comment("Danke!"))
            .await
            .unwrap();
        e.app.cast_support(&ben, id).await.unwrap();
        assert!(
            matches!(e.app.cast_support(&ben, id).await, Err(AppError::Conflict)),
            "one support per account"
        );
        assert!(
            matches!(
                e.app.cast_support(&anna, id).await,
                Err(AppError::Forbidden)
            ),
            "not one's own"
        );

        let v = page(&e, Some(&ben)).await;
        assert_eq!(v.threads.len(), 1);
        let t = &v.threads[0];
        assert_eq!(t.root.id, id);
        assert_eq!(t.root.kind, ContributionKind::Proposal);
        assert_eq!(t.root.title, "Glasfaser auch für Höfe");
        assert_eq!(t.root.target_kind, TargetKind::Area);
        assert_eq!(
            t.root.target_title.as_deref(),
            Some("Digitale Infrastruktur")
        );
        assert_eq!(t.root.supports, 1);
        assert!(t.root.supported && !t.root.mine);
        assert_eq!(
            t.root.author,
            Author::Named {
                name: "Anna".into(),
                role: None
            }
        );
        assert_eq!(t.root.replies, 2);
        assert!(t.replies.is_empty(), "the process page counts replies");
        let (_, thread) = e.app.contribution_view(nested, Some(&ben)).await.unwrap();
        assert_eq!(thread.root.id, id, "a reply's address shows its thread");
        let replies: Vec<i64> = thread.replies.iter().map(|r| r.id).collect();
        assert_eq!(replies, [reply, nested]);
        assert!(
            thread
                .replies
                .iter()
                .all(|r| r.target_kind == TargetKind::Area)
        );

        assert!(
            matches!(
                e.app.cast_support(&anna, reply).await,
                Err(AppError::Forbidden)
            ),
            "replies are not supported"
        );
        e.app.withdraw_support(&ben, id).await.unwrap();
        assert_eq!(page(&e, None).await.threads[0].root.supports, 0);
        let annotation = ContributionInput {
            kind: "annotation".into(),
            ..comment("Absatz 2")
        };
        let err = e
            .app
            .post_contribution(&anna, OPEN, None, &annotation)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("kind", "error-kind-unknown")],
            "no annotations without a quoted paragraph"
        );
        let about = e
            .app
            .contributions_about(TargetKind::Area, "2021/digitale-infrastruktur")
            .await
            .unwrap();
        assert_eq!(about.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
        db.cleanup().await;
    }
}

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
                e.app.edit_contribution(&anna, first, "", "eins, neu").await,
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

        e.app.cast_support(&cem, first).await.unwrap();
        assert!(matches!(
            e.app.cast_support(&cem, second).await,
            Err(AppError::RateLimited { .. })
        ));
        e.app.cast_support(&ben, second).await.unwrap();
        let v = page(&e, None).await;
        assert_eq!(v.total, 3, "nothing was stored for refused posts");
        assert_eq!(v.threads[1].root.replies, 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_closed_process_takes_no_contributions_and_no_supports() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        assert!(matches!(
            e.app
                .post_contribution(&anna, CLOSED, None, &comment("zu spät"))
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app
                .post_contribution(&anna, "gibt-es-nicht", None, &comment("x"))
                .await,
            Err(AppError::NotFound)
        ));
        let v = e
            .app
            .participation_view(CLOSED, Some(&anna), &ListQuery::default())
            .await
            .unwrap();
        assert!(v.allows.is_empty() && v.threads.is_empty());
        assert!(
            !page(&e, None).await.allows.is_empty(),
            "the demonstration process is open"
        );
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
                .edit_contribution(&ben, id, "Gekapert", "Fremder Text")
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.withdraw_contribution(&ben, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.contribution_to_edit(&ben, OPEN, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.edit_contribution(&ben, 999_999, "x", "y").await,
            Err(AppError::NotFound)
        ));
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(
            (root.title.as_str(), root.body.as_str(), root.edited_at),
            ("Offene Daten", "Bitte als CSV.", None)
        );

        e.app
            .edit_contribution(&anna, id, "Offene Daten als CSV", "Und als JSON.")
            .await
            .unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.title, "Offene Daten als CSV");
        assert!(root.edited_at.is_some());
        e.app.withdraw_contribution(&anna, id).await.unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.state, ContributionState::Withdrawn);
        assert!(
            root.title.is_empty() && root.body.is_empty(),
            "the text is gone from the page"
        );
        assert!(matches!(
            e.app.edit_contribution(&anna, id, "x", "y").await,
            Err(AppError::Conflict)
        ));
        assert!(matches!(
            e.app.cast_support(&ben, id).await,
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
            .cast_support(&anna, {
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
async fn bad_input_is_refused_field_by_field_and_nothing_is_stored() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let cases: Vec<(ContributionInput, Vec<(&str, &str)>)> = vec![
            (
                proposal("", ""),
                vec![
                    ("title", "error-title-required"),
                    ("body", "error-body-required"),
                ],
            ),
            (
                proposal(&"T".repeat(151), &"x".repeat(5001)),
                vec![
                    ("title", "error-title-too-long"),
                    ("body", "error-body-too-long"),
                ],
            ),
            (
                ContributionInput {
                    target: "measure:gibt-es-nicht".into(),
                    ..comment("x")
                },
                vec![("target", "error-target-unknown")],
            ),
            (
                ContributionInput {
                    target: "unsinn".into(),
                    ..comment("x")
                },
                vec![("target", "error-target-unknown")],
            ),
            (
                ContributionInput {
                    kind: "flugblatt".into(),
                    ..comment("x")
                },
                vec![("kind", "error-kind-unknown")],
            ),
        ];
        for (input, expected) in cases {
            let err = e
                .app
                .post_contribution(&anna, OPEN, None, &input)
                .await
                .unwrap_err();
            assert_eq!(field_codes(&err), expected, "{input:?}");
        }
        e.app.set_consent(&anna, false).await.unwrap();
        let err = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("ohne Einwilligung"))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("body", "error-consent-needed")]);
        assert!(page(&e, None).await.threads.is_empty());
        assert!(
            e.app
                .store()
                .contributions_by(anna.account_id)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn statements_need_the_expert_or_council_role_and_are_shown_with_it() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let statement = ContributionInput {
            kind: "statement".into(),
            ..comment("Aus Sicht der Wissenschaft …")
        };
        assert!(matches!(
            e.app.post_contribution(&anna, OPEN, None, &statement).await,
            Err(AppError::Forbidden)
        ));
        e.app
            .grant_by_email("a@example.org", "expert", &[])
            .await
            .unwrap();
        let expert = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(&expert, OPEN, None, &statement)
            .await
            .unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.id, id);
        assert_eq!(root.kind, ContributionKind::Statement);
        assert_eq!(
            root.author,
            Author::Named {
                name: "Anna".into(),
                role: Some(Role::Expert)
            }
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn moderators_hide_with_a_public_reason_that_the_audit_log_records() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Ruft Herrn X unter 0151 … an"))
            .await
            .unwrap();
        assert!(matches!(
            e.app.hide_contribution(&anna, id, "Spam").await,
            Err(AppError::Forbidden)
        ));
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let err = e.app.hide_contribution(&mo, id, "  ").await.unwrap_err();
        assert_eq!(field_codes(&err), [("reason", "error-reason-required")]);
        e.app
            .hide_contribution(&mo, id, "Enthält Telefonnummern Dritter.")
            .await
            .unwrap();
        let root = &page(&e, None).await.threads[0].root;
        assert_eq!(root.state, ContributionState::Hidden);
        assert_eq!(
            root.state_reason.as_deref(),
            Some("Enthält Telefonnummern Dritter.")
        );
        assert!(root.body.is_empty());
        assert!(matches!(
            e.app.edit_contribution(&anna, id, "", "neu").await,
            Err(AppError::Conflict)
        ));
        e.app.restore_contribution(&mo, id).await.unwrap();
        assert_eq!(
            page(&e, None).await.threads[0].root.state,
            ContributionState::Visible
        );
        assert!(
            matches!(
                e.app.restore_contribution(&mo, id).await,
                Err(AppError::Conflict)
            ),
            "only hidden ones"
        );
        e.app.withdraw_contribution(&anna, id).await.unwrap();
        assert!(
            matches!(
                e.app.hide_contribution(&mo, id, "zu spät").await,
                Err(AppError::Conflict)
            ),
            "a withdrawn contribution is not turned into a hidden one, which restoring would show again"
        );
        assert_eq!(
            page(&e, None).await.threads[0].root.state,
            ContributionState::Withdrawn
        );
        let audit = e.app.store().audit_of_account(mo.account_id).await.unwrap();
        let actions: Vec<_> = audit.iter().map(|r| r.action.as_str()).collect();
        assert!(
            actions.contains(&"contribution.hide") && actions.contains(&"contribution.restore"),
            "{actions:?}"
        );
        assert!(e.app.verify_audit().await.unwrap().is_ok());
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
        e.app.cast_support(&anna, bens).await.unwrap();
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

async fn found(e: &Env, q: &str) -> Vec<(String, String, String)> {
    while e.app.sync_search().await.unwrap() > 0 {}
    let req = fahrplan_app::search::SearchRequest {
        q: q.to_owned(),
        filters: vec![("type".to_owned(), "contribution".to_owned())],
        limit: 10,
        ..Default::default()
    };
    let res = e.app.search(req).await.unwrap();
    res.hits
        .into_iter()
        .map(|h| (h.id, h.title, h.url))
        .collect()
}

#[tokio::test]
async fn contributions_are_found_by_search_until_withdrawn_or_hidden() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna Unauffindbar").await;
        let anna = logged_in(&e, "a@example.org").await;
        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let mut input = proposal(
            "Funklochkarte",
            "Eine Karte der Mobilfunklöcher im Vogelsberg.",
        );
        input.target = "area:2021/digitale-infrastruktur".to_owned();
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap();
        let reply = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                Some(id),
                &comment("Auch im Odenwald gibt es Funklöcher zuhauf."),
            )
            .await
            .unwrap();
        let hits = found(&e, "Funklöcher").await;
        let ids: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
        assert!(
            ids.contains(&id.to_string().as_str()) && ids.contains(&reply.to_string().as_str()),
            "{hits:?}"
        );
        let root = hits.iter().find(|h| h.0 == id.to_string()).unwrap();
        assert_eq!(root.1, "Funklochkarte");
        assert_eq!(
            root.2,
            format!("/mitmachen/{OPEN}/beitraege/{id}#beitrag-{id}")
        );
        let r = hits.iter().find(|h| h.0 == reply.to_string()).unwrap();
        assert!(r.1.starts_with("Kommentar: Auch im Odenwald"), "{r:?}");
        assert!(
            r.2.starts_with(&format!("/mitmachen/{OPEN}/beitraege/{id}#")),
            "a reply leads to its thread"
        );
        assert!(
            found(&e, "Unauffindbar").await.is_empty(),
            "authors are not searchable"
        );

        e.app
            .edit_contribution(&anna, id, "Funklochkarte", "Eine Karte für den Spessart.")
            .await
            .unwrap();
        assert!(
            !found(&e, "Spessart").await.is_empty(),
            "an edit is searchable"
        );
        assert!(
            found(&e, "Vogelsberg").await.is_empty(),
            "the old text is gone"
        );
        e.app.withdraw_contribution(&anna, id).await.unwrap();
        e.app.hide_contribution(&mo, reply, "Test").await.unwrap();
        assert!(found(&e, "Funklöcher").await.is_empty());
        e.app.restore_contribution(&mo, reply).await.unwrap();
        assert_eq!(found(&e, "Odenwald").await.len(), 1);
        e.app.reindex().await.unwrap();
        assert_eq!(
            found(&e, "Odenwald").await.len(),
            1,
            "a rebuilt index holds visible contributions"
        );
        assert!(
            found(&e, "Spessart").await.is_empty(),
            "and not withdrawn ones"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_process_lists_its_contributions_in_pages_sorted_and_narrowed_to_a_target() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let mut ids = Vec::new();
        for i in 0..25 {
            let mut input = comment(&format!("Beitrag {i}"));
            if i % 5 == 0 {
                input.target = "measure:glasfaserpakt-hessen".to_owned();
            }
            ids.push(
                e.app
                    .post_contribution(&anna, OPEN, None, &input)
                    .await
                    .unwrap(),
            );
        }
        e.app.cast_support(&ben, ids[3]).await.unwrap();
        let newest = page(&e, None).await;
        assert_eq!(
            (newest.total, newest.pages, newest.threads.len()),
            (25, 2, 20)
        );
        assert_eq!(newest.threads[0].root.id, ids[24]);
        let second = e
            .app
            .participation_view(
                OPEN,
                None,
                &ListQuery {
                    page: 2,
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
        let on_two: Vec<i64> = second.threads.iter().map(|t| t.root.id).collect();
        assert_eq!(on_two, [ids[4], ids[3], ids[2], ids[1], ids[0]]);
        let supported = e
            .app
            .participation_view(
                OPEN,
                None,
                &ListQuery {
                    order: fahrplan_store::Order::MostSupported,
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(supported.threads[0].root.id, ids[3]);
        let about = e
            .app
            .participation_view(
                OPEN,
                None,
                &ListQuery {
                    target: "measure:glasfaserpakt-hessen".into(),
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(about.total, 5);
        assert!(
            about
                .filter
                .as_ref()
                .is_some_and(|f| f.2 == "Glasfaserpakt Hessen"),
            "{:?}",
            about.filter
        );
        let unknown = e
            .app
            .participation_view(
                OPEN,
                None,
                &ListQuery {
                    target: "measure:gibt-es-nicht".into(),
                    page: 99,
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
        assert!(unknown.filter.is_none() && unknown.threads.is_empty() && unknown.total == 25);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn reports_reach_the_moderators_once_per_person_and_close_when_hidden_or_dismissed() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Ben").await;
        registered(&e, "c@example.org", "Cem").await;
        let anna = logged_in(&e, "a@example.org").await;
        let ben = logged_in(&e, "b@example.org").await;
        let cem = logged_in(&e, "c@example.org").await;
        let rude = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Unhöflich"))
            .await
            .unwrap();
        let fine = e
            .app
            .post_contribution(&anna, OPEN, None, &comment("Sachlich"))
            .await
            .unwrap();
        assert!(
            matches!(
                e.app.flag_contribution(&anna, rude, "selbst").await,
                Err(AppError::Forbidden)
            ),
            "not one's own"
        );
        let err = e.app.flag_contribution(&ben, rude, " ").await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason", "error-report-reason-required")]
        );
        e.app
            .flag_contribution(&ben, rude, "Beleidigend")
            .await
            .unwrap();
        assert!(
            matches!(
                e.app.flag_contribution(&ben, rude, "nochmal").await,
                Err(AppError::Conflict)
            ),
            "once per person"
        );
        e.app
            .flag_contribution(&cem, rude, "Unsachlich")
            .await
            .unwrap();
        e.app
            .flag_contribution(&cem, fine, "Versehen")
            .await
            .unwrap();
        assert!(matches!(
            e.app.moderation_queue(&ben).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app.dismiss_flags(&ben, fine).await,
            Err(AppError::Forbidden)
        ));

        let mo = staff_actor(&e, "mo@example.org", "moderator").await;
        let queue = e.app.moderation_queue(&mo).await.unwrap();
        let listed: Vec<(i64, Vec<String>)> = queue
            .iter()
            .map(|r| (r.contribution.id, r.reasons.clone()))
            .collect();
        assert_eq!(
            listed,
            [
                (
                    rude,
                    vec!["Beleidigend".to_owned(), "Unsachlich".to_owned()]
                ),
                (fine, vec!["Versehen".to_owned()])
            ]
        );
        e.app
            .hide_contribution(&mo, rude, "Beleidigt andere.")
            .await
            .unwrap();
        e.app.dismiss_flags(&mo, fine).await.unwrap();
        assert!(
            matches!(
                e.app.dismiss_flags(&mo, fine).await,
                Err(AppError::NotFound)
            ),
            "nothing left to dismiss"
        );
        assert!(e.app.moderation_queue(&mo).await.unwrap().is_empty());
        assert!(
            matches!(
                e.app.flag_contribution(&cem, rude, "x").await,
                Err(AppError::Conflict)
            ),
            "hidden ones are not reported"
        );
        let audit = e.app.store().audit_of_account(mo.account_id).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|r| r.action == "contribution.reports_dismissed")
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_same_text_sent_twice_is_stored_once() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let input = proposal("Doppelt", "Zweimal geklickt");
        let first = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap();
        let again = e
            .app
            .post_contribution(&anna, OPEN, None, &input)
            .await
            .unwrap();
        assert_eq!(
            first, again,
            "a double submit lands on the same contribution"
        );
        let reply = e
            .app
            .post_contribution(&anna, OPEN, Some(first), &comment("Zweimal geklickt"))
            .await
            .unwrap();
        assert_ne!(
            reply, first,
            "the same text elsewhere is a new contribution"
        );
        let other = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("Doppelt", "Anderer Text"))
            .await
            .unwrap();
        assert_ne!(other, first);
        assert_eq!(page(&e, None).await.total, 2);
        db.cleanup().await;
    }
}
