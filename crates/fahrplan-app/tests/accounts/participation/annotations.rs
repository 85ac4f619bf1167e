//! Comments on paragraphs (issue 17): posting one on a block of an area's text, the counts per
//! paragraph, and where each stays after the text gets a new version: by block id, by its quote,
//! or marked "Text geändert" with the old wording. Also the similar-proposals step.

use super::*;
use fahrplan_app::participation::{AnnotationInput, Posting};
use fahrplan_domain::blocks::Anchoring;

const AREA: &str = "area:2021/digitale-infrastruktur";
const BASELINE: &str = "area:2021/digitale-infrastruktur#baseline";
const AREA_FILE: &str = "editions/2021/areas/01-digitale-infrastruktur.toml";

fn note(quote: &str, body: &str) -> AnnotationInput {
    AnnotationInput {
        quote: quote.to_owned(),
        body: body.to_owned(),
    }
}

/// The ids of the blocks of the area's Ausgangslage, in order.
async fn baseline_ids(e: &Env) -> Vec<String> {
    let (_, record) = e.app.store().latest_record(AREA).await.unwrap().unwrap();
    record.texts["baseline"]
        .iter()
        .map(|b| b.id.clone())
        .collect()
}

#[tokio::test]
async fn a_comment_on_a_paragraph_is_posted_counted_and_refused_with_a_quote_not_in_it() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let ids = baseline_ids(&e).await;
        let id = e
            .app
            .post_annotation(
                &anna,
                OPEN,
                (BASELINE, &ids[0]),
                &note(
                    "Volksabstimmung vom 28. Oktober",
                    "<script>alert(1)</script> Gut so.",
                ),
            )
            .await
            .unwrap();
        // The whole paragraph, when no words are given.
        e.app
            .post_annotation(
                &anna,
                OPEN,
                (BASELINE, &ids[0]),
                &note("", "Zweiter Gedanke."),
            )
            .await
            .unwrap();
        let c = e.app.store().contribution(id).await.unwrap();
        assert_eq!(
            (c.kind, c.target_kind, c.target.as_str()),
            (ContributionKind::Annotation, TargetKind::Block, BASELINE)
        );
        assert_eq!(
            c.body, "<script>alert(1)</script> Gut so.",
            "stored as typed"
        );
        let notes = e
            .app
            .text_notes(AREA, "2021")
            .await
            .unwrap()
            .expect("the open phase allows annotations");
        assert_eq!(notes.process, OPEN);
        assert_eq!(notes.count("baseline", &ids[0]), 2);
        assert_eq!(notes.count("baseline", &ids[1]), 0);
        let v = e
            .app
            .paragraph_view(OPEN, BASELINE, &ids[0], Some(&anna))
            .await
            .unwrap();
        assert_eq!(v.annotations.len(), 2);
        assert!(v.may_annotate);
        assert!(
            v.annotations[1]
                .anchor
                .quote
                .starts_with("Seit der Volksabstimmung"),
            "an empty quote stands for the whole paragraph"
        );

        let refused = e
            .app
            .post_annotation(
                &anna,
                OPEN,
                (BASELINE, &ids[1]),
                &note("Volksabstimmung", "Text"),
            )
            .await;
        assert!(
            matches!(&refused, Err(AppError::Invalid(errs)) if errs.iter().any(|f| f.field == "quote" && f.code == "error-quote-not-in-paragraph")),
            "{refused:?}"
        );
        let empty = e
            .app
            .post_annotation(&anna, OPEN, (BASELINE, &ids[1]), &note("", " "))
            .await;
        assert!(matches!(empty, Err(AppError::Invalid(_))), "{empty:?}");
        let unknown = e
            .app
            .post_annotation(&anna, OPEN, (BASELINE, "b-nirgends"), &note("", "Text"))
            .await;
        assert!(matches!(unknown, Err(AppError::NotFound)), "{unknown:?}");
        let closed = e
            .app
            .post_annotation(&anna, CLOSED, (BASELINE, &ids[1]), &note("", "Text"))
            .await;
        assert!(closed.is_err(), "a closed process takes no comments");
    }
}

#[tokio::test]
async fn comments_stay_attached_after_an_edit_by_id_by_quote_or_say_the_text_changed() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let ids = baseline_ids(&e).await;
        let post = |block: String, quote: &'static str| {
            let (e, anna) = (&e, &anna);
            async move {
                e.app
                    .post_annotation(
                        anna,
                        OPEN,
                        (BASELINE, &block),
                        &note(quote, "Dazu eine Anmerkung."),
                    )
                    .await
                    .unwrap()
            }
        };
        let by_id = post(ids[0].clone(), "Volksabstimmung vom 28. Oktober 2018").await;
        let by_quote = post(ids[1].clone(), "Deutlich schwächer war die Ausgangslage").await;
        let changed = post(
            ids[2].clone(),
            "Die FDP-Fraktion im Landtag hielt 2022 dagegen",
        )
        .await;

        // A new version: the first paragraph gains a sentence, the second is rewritten with its
        // opening sentence moved to the third, whose quoted words go.
        let mut files = default_content();
        let text = files.0.get_mut(AREA_FILE).unwrap();
        let second_old = "Deutlich schwächer war die Ausgangslage bei echter Glasfaser. Mitte 2023";
        assert!(text.contains(second_old));
        *text = text
            .replace(
                "Das 4G-Netz (LTE) erreichte 2021 praktisch alle Haushalte.",
                "Das 4G-Netz (LTE) erreichte 2021 praktisch alle Haushalte. Das ist neu.",
            )
            .replace(
                second_old,
                "Ganz neue Worte stehen nun hier, sie handeln vom Wetter und vom Meer. Mitte 2023",
            )
            .replace(
                "Die FDP-Fraktion im Landtag hielt 2022 dagegen",
                "Deutlich schwächer war die Ausgangslage auf dem Land: Kritiker hielten 2022 dagegen",
            );
        e.app.import_content(&files).await.unwrap();
        let now = baseline_ids(&e).await;

        let a = e.app.store().annotation(by_id).await.unwrap();
        assert_eq!(
            (a.anchoring, a.block.as_str()),
            (Anchoring::ById, ids[0].as_str())
        );
        let b = e.app.store().annotation(by_quote).await.unwrap();
        assert_eq!(b.anchoring, Anchoring::ByQuote, "{b:?} in {now:?}");
        assert_eq!(b.block, now[2], "the quote is in the third paragraph now");
        let c = e.app.store().annotation(changed).await.unwrap();
        assert_eq!(c.anchoring, Anchoring::TextChanged);
        assert!(
            c.wording.contains("Die FDP-Fraktion im Landtag"),
            "the old wording is kept: {}",
            c.wording
        );
        let notes = e.app.text_notes(AREA, "2021").await.unwrap().unwrap();
        assert_eq!(notes.count("baseline", &now[2]), 2, "moved and changed");
        let v = e
            .app
            .paragraph_view(OPEN, BASELINE, &now[2], None)
            .await
            .unwrap();
        let changed_shown: Vec<bool> = v
            .annotations
            .iter()
            .map(|n| n.anchor.anchoring == Anchoring::TextChanged)
            .collect();
        assert_eq!(changed_shown, [false, true]);
    }
}

#[tokio::test]
async fn a_proposal_like_a_visible_one_shows_it_first_and_is_published_only_anyway() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        registered(&e, "ben@example.org", "Ben").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let ben = logged_in(&e, "ben@example.org").await;
        let first = e
            .app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal(
                    "Glasfaser für Aussiedlerhöfe",
                    "Aussiedlerhöfe liegen außerhalb der Ortslagen und brauchen Glasfaser.",
                ),
            )
            .await
            .unwrap();
        e.app
            .post_contribution(
                &anna,
                OPEN,
                None,
                &proposal(
                    "Mehr Sitzbänke im Park",
                    "Im Stadtpark fehlen Bänke zum Ausruhen.",
                ),
            )
            .await
            .unwrap();
        e.app.sync_search().await.unwrap();
        let before = e.app.store().contribution_counts().await.unwrap();

        let like = proposal(
            "Glasfaser auch für Aussiedlerhöfe",
            "Auch Aussiedlerhöfe außerhalb der Ortslagen brauchen Glasfaser.",
        );
        let shown = e.app.propose(&ben, OPEN, &like, false).await.unwrap();
        let Posting::Similar(found) = shown else {
            panic!("expected the similar step, got {shown:?}");
        };
        assert_eq!(found.iter().map(|s| s.id).collect::<Vec<_>>(), [first]);
        assert_eq!(
            e.app.store().contribution_counts().await.unwrap(),
            before,
            "nothing stored before the person decides"
        );
        let unlike = proposal("Radwege beleuchten", "Nachts sind die Radwege zu dunkel.");
        assert!(matches!(
            e.app.propose(&ben, OPEN, &unlike, false).await.unwrap(),
            Posting::Posted(_)
        ));
        let Posting::Posted(id) = e.app.propose(&ben, OPEN, &like, true).await.unwrap() else {
            panic!("trotzdem veröffentlichen publishes");
        };
        assert_eq!(
            e.app.store().contribution(id).await.unwrap().author,
            ben.account_id
        );
        let api = e
            .app
            .similar_contributions(OPEN, &like.title, &like.body, 5)
            .await
            .unwrap();
        assert_eq!(api.first().map(|s| s.id), Some(first));
    }
}
