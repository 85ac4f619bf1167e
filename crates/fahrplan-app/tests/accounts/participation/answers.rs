//! Answers (Rückmeldungen): who may give them, their history, what they changed in all three
//! directions (the contribution, the person's list, the goal, measure or text), the mail
//! opt-in with its stop link, and the Abwägungstabelle's filters and figures.

use super::*;
use fahrplan_app::participation::{AnswerInput, ConsiderationOrder, ConsiderationQuery};
use fahrplan_domain::AnswerState;
use fahrplan_store::Scope;

/// An editor of `departments` with the second factor given.
async fn editor(e: &Env, email: &str, departments: &[&str]) -> fahrplan_app::accounts::Actor {
    e.app
        .create_user(&NewUser {
            email: email.to_owned(),
            display_name: format!("Redaktion {}", email.split('@').next().unwrap()),
            role: "editor".to_owned(),
            departments: departments.iter().map(|d| (*d).to_owned()).collect(),
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

fn answer(state: &str, reasoning: &str, links: &[(&str, &str)]) -> AnswerInput {
    AnswerInput {
        state: state.to_owned(),
        reasoning: reasoning.to_owned(),
        links: links
            .iter()
            .map(|(e, v)| ((*e).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

/// The first measure of the default edition: (slug, lead, area key).
async fn a_measure(e: &Env) -> (String, String, String) {
    let m = e
        .app
        .store()
        .measures(Scope::All)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.edition == "2021" && m.measure.archived.is_none())
        .unwrap();
    (
        m.measure.slug,
        m.measure.lead,
        format!("{}/{}", m.edition, m.area),
    )
}

fn about(target: &str, title: &str) -> ContributionInput {
    ContributionInput {
        target: target.to_owned(),
        ..proposal(title, "Bitte mehr Tempo beim Glasfaserausbau auf dem Land.")
    }
}

#[tokio::test]
async fn the_lead_department_answers_and_every_earlier_answer_stays_visible() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let (slug, lead, _) = a_measure(&e).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &about(&format!("measure:{slug}"), "Schneller"),
            )
            .await
            .unwrap();
        let other = if lead == "hmdis" { "hmwevw" } else { "hmdis" };
        let outsider = editor(&e, "ed1@example.org", &[other]).await;
        let ed = editor(&e, "ed2@example.org", &[&lead]).await;
        let first = answer("under_review", "Wir prüfen das.", &[]);
        for who in [&anna, &outsider] {
            assert!(
                matches!(
                    e.app.answer_contribution(who, OPEN, id, &first).await,
                    Err(AppError::Forbidden)
                ),
                "only admins and the lead department answer"
            );
            assert!(!e.app.may_answer(Some(who), OPEN, id).await);
        }
        assert!(e.app.may_answer(Some(&ed), OPEN, id).await);
        assert!(!e.app.may_answer(None, OPEN, id).await);
        e.app
            .answer_contribution(&ed, OPEN, id, &first)
            .await
            .unwrap();
        let second = answer(
            "adopted",
            "Übernommen: die Maßnahme nennt jetzt ländliche Räume.",
            &[(&format!("measure:{slug}"), "")],
        );
        e.app
            .answer_contribution(&ed, OPEN, id, &second)
            .await
            .unwrap();
        let all = e.app.answers_of(id).await.unwrap();
        assert_eq!(
            all.iter().map(|a| a.state).collect::<Vec<_>>(),
            [AnswerState::UnderReview, AnswerState::Adopted],
            "a changed answer is a new one; the earlier stays"
        );
        assert_eq!(all[0].reasoning, "Wir prüfen das.");
        assert_eq!(all[1].department, lead, "the answer speaks for the lead");
        assert_eq!(all[1].links.len(), 1);
        // A reply cannot be answered, nor a contribution under another process's address.
        let reply = e
            .app
            .post_contribution(&anna, OPEN, Some(id), &comment("Danke!"))
            .await
            .unwrap();
        assert!(matches!(
            e.app.answer_contribution(&ed, OPEN, reply, &first).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            e.app.answer_contribution(&ed, CLOSED, id, &first).await,
            Err(AppError::NotFound)
        ));
        let audit = e.app.store().audit_of_account(ed.account_id).await.unwrap();
        assert_eq!(
            audit
                .iter()
                .filter(|r| r.action == "contribution.answer")
                .count(),
            2
        );
        assert!(e.app.verify_audit().await.unwrap().is_ok());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn contributions_about_the_process_are_answered_by_its_owner_department_and_admins() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("Allgemein", "Mehr Tempo."))
            .await
            .unwrap();
        let owner = editor(&e, "ow@example.org", &["hmdse"]).await;
        let not_owner = editor(&e, "no@example.org", &["hmdis"]).await;
        let admin = staff_actor(&e, "ad@example.org", "admin").await;
        let a = answer("not_adopted", "Passt nicht.", &[]);
        assert!(matches!(
            e.app.answer_contribution(&not_owner, OPEN, id, &a).await,
            Err(AppError::Forbidden)
        ));
        e.app
            .answer_contribution(&owner, OPEN, id, &a)
            .await
            .unwrap();
        e.app
            .answer_contribution(&admin, OPEN, id, &a)
            .await
            .unwrap();
        assert_eq!(e.app.answers_of(id).await.unwrap().len(), 2);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_refused_answer_names_every_problem_and_writes_nothing() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("Titel", "Text"))
            .await
            .unwrap();
        let admin = staff_actor(&e, "ad@example.org", "admin").await;
        let bad = answer("maybe", "  ", &[("measure:gibt-es-nicht", ""), ("", "3")]);
        let err = e
            .app
            .answer_contribution(&admin, OPEN, id, &bad)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("state", "error-answer-state"),
                ("reasoning", "error-reasoning-required"),
                ("links", "error-answer-link-unknown"),
                ("links", "error-answer-link-missing"),
            ]
        );
        let (slug, _, area) = a_measure(&e).await;
        let latest = e
            .app
            .store()
            .latest_version(&format!("area:{area}"))
            .await
            .unwrap();
        let too_new = (latest + 1).to_string();
        let err = e
            .app
            .answer_contribution(
                &admin,
                OPEN,
                id,
                &answer("adopted", "Ja.", &[(&format!("area:{area}"), &too_new)]),
            )
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err), [("links", "error-answer-version")]);
        assert!(e.app.answers_of(id).await.unwrap().is_empty());
        assert!(
            e.app
                .shaped_by(&format!("measure:{slug}"))
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn what_a_contribution_changed_shows_on_the_measure_the_text_version_and_the_persons_list() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let (slug, _, area) = a_measure(&e).await;
        registered(&e, "a@example.org", "Anna").await;
        let anna = logged_in(&e, "a@example.org").await;
        let id = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &about(&format!("area:{area}"), "Mehr Glasfaser"),
            )
            .await
            .unwrap();
        let admin = staff_actor(&e, "ad@example.org", "admin").await;
        let area_entity = format!("area:{area}");
        let version = e.app.store().latest_version(&area_entity).await.unwrap();
        assert!(version >= 1, "imported texts have a first version");
        let measure_entity = format!("measure:{slug}");
        e.app
            .answer_contribution(
                &admin,
                OPEN,
                id,
                &answer(
                    "partially_adopted",
                    "Zum Teil übernommen.",
                    &[(&measure_entity, ""), (&area_entity, &version.to_string())],
                ),
            )
            .await
            .unwrap();
        let on_measure = e.app.shaped_by(&measure_entity).await.unwrap();
        assert_eq!(on_measure.len(), 1);
        assert_eq!(on_measure[0].contribution, id);
        assert_eq!(on_measure[0].title, "Mehr Glasfaser");
        let on_text = e.app.shaped_by(&area_entity).await.unwrap();
        assert_eq!(on_text[0].version, Some(version));
        let mine = e.app.my_contributions(&anna).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(
            mine[0].answer.as_ref().map(|a| a.state),
            Some(AnswerState::PartiallyAdopted)
        );
        assert_eq!(mine[0].href, fahrplan_domain::paths::contribution(OPEN, id));
        // A later answer without the measure takes it off the measure's list.
        e.app
            .answer_contribution(&admin, OPEN, id, &answer("not_adopted", "Doch nicht.", &[]))
            .await
            .unwrap();
        assert!(e.app.shaped_by(&measure_entity).await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn mails_about_answers_and_replies_go_only_to_those_who_asked_and_stop_with_one_click() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Bernd").await;
        let anna = logged_in(&e, "a@example.org").await;
        let bernd = logged_in(&e, "b@example.org").await;
        let admin = staff_actor(&e, "ad@example.org", "admin").await;
        assert!(!e.app.notifications(&anna).await.unwrap(), "off by default");
        let id = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("Titel", "Text"))
            .await
            .unwrap();
        let before = mails(e.mail.path()).len();
        e.app
            .answer_contribution(&admin, OPEN, id, &answer("under_review", "Läuft.", &[]))
            .await
            .unwrap();
        e.app
            .post_contribution(&bernd, OPEN, Some(id), &comment("Gute Idee"))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(mails(e.mail.path()).len(), before, "nobody asked for mail");
        e.app.set_notifications(&anna, true).await.unwrap();
        e.app
            .answer_contribution(&admin, OPEN, id, &answer("adopted", "Ja.", &[]))
            .await
            .unwrap();
        let mail = nth_mail(e.mail.path(), before + 1).await;
        assert!(mail.contains("a@example.org"), "{mail}");
        assert!(mail.contains(&format!(
            "https://portal.example/mitmachen/{OPEN}/beitraege/{id}"
        )));
        assert!(
            mail.contains("https://portal.example/konto/benachrichtigungen/abbestellen?token=")
        );
        e.app
            .post_contribution(&bernd, OPEN, Some(id), &comment("Noch eine Antwort"))
            .await
            .unwrap();
        let reply_mail = nth_mail(e.mail.path(), before + 2).await;
        assert!(reply_mail.contains("geantwortet"), "{reply_mail}");
        // Anna's own reply to her thread mails nobody.
        e.app
            .post_contribution(&anna, OPEN, Some(id), &comment("Danke euch"))
            .await
            .unwrap();
        e.app.stop_notifications(&token_in(&mail)).await.unwrap();
        assert!(!e.app.notifications(&anna).await.unwrap());
        assert!(
            matches!(
                e.app.stop_notifications(&token_in(&mail)).await,
                Err(AppError::NotFound)
            ),
            "a used stop link does nothing more"
        );
        e.app
            .answer_contribution(&admin, OPEN, id, &answer("adopted", "Ja, sicher.", &[]))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(mails(e.mail.path()).len(), before + 2);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_consideration_table_filters_by_area_and_state_and_counts_what_was_adopted() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        let (slug, _, area) = a_measure(&e).await;
        registered(&e, "a@example.org", "Anna").await;
        registered(&e, "b@example.org", "Bernd").await;
        let anna = logged_in(&e, "a@example.org").await;
        let bernd = logged_in(&e, "b@example.org").await;
        let admin = staff_actor(&e, "ad@example.org", "admin").await;
        let on_measure = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &about(&format!("measure:{slug}"), "Eins"),
            )
            .await
            .unwrap();
        let general = e
            .app
            .post_contribution(&anna, OPEN, None, &proposal("Zwei", "Allgemein"))
            .await
            .unwrap();
        let third = e
            .app
            .post_contribution(&bernd, OPEN, None, &proposal("Drei", "Noch etwas"))
            .await
            .unwrap();
        e.app.cast_support(&bernd, OPEN, general).await.unwrap();
        e.app
            .answer_contribution(&admin, OPEN, on_measure, &answer("adopted", "Ja.", &[]))
            .await
            .unwrap();
        e.app
            .answer_contribution(&admin, OPEN, third, &answer("not_adopted", "Nein.", &[]))
            .await
            .unwrap();
        let ids = |q: ConsiderationQuery| {
            let app = e.app.clone();
            async move {
                app.consideration(OPEN, &q)
                    .await
                    .unwrap()
                    .rows
                    .iter()
                    .map(|r| r.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            ids(ConsiderationQuery::default()).await,
            [on_measure, general, third]
        );
        assert_eq!(
            ids(ConsiderationQuery {
                area: Some(area.clone()),
                ..Default::default()
            })
            .await,
            [on_measure],
            "a measure's contribution belongs to its area"
        );
        assert_eq!(
            ids(ConsiderationQuery {
                state: Some(None),
                ..Default::default()
            })
            .await,
            [general]
        );
        assert_eq!(
            ids(ConsiderationQuery {
                state: Some(Some(AnswerState::NotAdopted)),
                ..Default::default()
            })
            .await,
            [third]
        );
        assert_eq!(
            ids(ConsiderationQuery {
                order: ConsiderationOrder::Supports,
                ..Default::default()
            })
            .await[0],
            general
        );
        let (_, counts) = e.app.answer_summary(OPEN).await.unwrap();
        assert_eq!((counts.contributions, counts.answered), (3, 2));
        assert!(counts.by_state.contains(&(AnswerState::Adopted, 1)));
        db.cleanup().await;
    }
}
