//! Finding contributions: search, pages, sort and the target filter.

use super::*;

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
            .edit_contribution(
                &anna,
                OPEN,
                id,
                "Funklochkarte",
                "Eine Karte für den Spessart.",
            )
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
        e.app.withdraw_contribution(&anna, OPEN, id).await.unwrap();
        e.app
            .hide_contribution(&mo, OPEN, reply, "Test")
            .await
            .unwrap();
        assert!(found(&e, "Funklöcher").await.is_empty());
        e.app.restore_contribution(&mo, OPEN, reply).await.unwrap();
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
        e.app.cast_support(&ben, OPEN, ids[3]).await.unwrap();
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
