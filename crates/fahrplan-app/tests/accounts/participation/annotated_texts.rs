//! Comments on paragraphs beyond areas, goals and measures (issue 17): an edition's summary and
//! vision, a process's own summary and body, and a content page's summary and body take them for
//! the process that receives them (docs/DOMAIN.md); Leichte Sprache and legal pages take none; and
//! a comment on a process's text stays attached after an edit, or says the text changed.

use super::*;
use fahrplan_app::participation::{AnnotationInput, quote_from_link};
use fahrplan_domain::blocks::Anchoring;

const VISION: &str = "edition:2021#vision";
const PROCESS_BODY: &str = "process:umsetzung-begleiten#body";
const PAGE_BODY: &str = "page:rat-fuer-digitalethik#body";
const PROCESS_FILE: &str = "processes/umsetzung-begleiten.toml";

fn note(quote: &str, body: &str) -> AnnotationInput {
    AnnotationInput {
        quote: quote.to_owned(),
        body: body.to_owned(),
    }
}

/// The ids of the blocks of text `text` (`{entity}#{field}`) that take comments, in order.
async fn paragraph_ids(e: &Env, text: &str) -> Vec<String> {
    let (entity, field) = text.split_once('#').unwrap();
    let (_, record) = e.app.store().latest_record(entity).await.unwrap().unwrap();
    record.texts[field]
        .iter()
        .filter(|b| fahrplan_app::participation::annotatable(b.kind))
        .map(|b| b.id.clone())
        .collect()
}

#[tokio::test]
async fn an_edition_vision_a_process_body_and_a_page_body_take_comments_for_the_open_process() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let cases = [
            (VISION, "Hessen 2030", "/strategie/2021"),
            (
                PROCESS_BODY,
                "Eine Strategie ist mit ihrem Beschluss nicht fertig",
                "/mitmachen/umsetzung-begleiten",
            ),
            (
                PAGE_BODY,
                "Rat für Digitalethik im Herbst 2018",
                "/rat-fuer-digitalethik",
            ),
        ];
        for (text, quote, page) in cases {
            let first = paragraph_ids(&e, text).await[0].clone();
            let id = e
                .app
                .post_annotation(
                    &anna,
                    OPEN,
                    (text, &first),
                    &note(quote, "Dazu ein Gedanke."),
                )
                .await
                .unwrap_or_else(|err| panic!("{}: {text}: {err:?}", db.backend));
            let c = e.app.store().contribution(id).await.unwrap();
            assert_eq!(
                (c.target_kind, c.target.as_str()),
                (TargetKind::Block, text)
            );
            let v = e
                .app
                .paragraph_view(OPEN, text, &first, Some(&anna))
                .await
                .unwrap();
            assert_eq!(v.page.as_deref(), Some(page), "{text} links back");
            assert_eq!(v.annotations.len(), 1);
            assert!(v.may_annotate);
        }

        let vision = e.app.text_notes("edition:2021", "2021").await.unwrap();
        let process = e.app.process_text_notes(OPEN).await.unwrap();
        let page = e
            .app
            .page_text_notes("rat-fuer-digitalethik")
            .await
            .unwrap();
        for (notes, field, text) in [
            (vision, "vision", VISION),
            (process, "body", PROCESS_BODY),
            (page, "body", PAGE_BODY),
        ] {
            let n = notes.unwrap_or_else(|| panic!("{text} takes comments now"));
            assert_eq!(n.process, OPEN);
            let ids = paragraph_ids(&e, text).await;
            assert_eq!(n.count(field, &ids[0]), 1, "{text}");
            assert_eq!(n.count(field, &ids[1]), 0, "{text}");
            assert!(
                n.texts.keys().all(|f| f == "summary" || f == field),
                "only the texts that take comments: {:?}",
                n.texts.keys()
            );
        }
    }
}

#[tokio::test]
async fn easy_language_legal_pages_and_other_processes_texts_take_no_comments() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let first = paragraph_ids(&e, VISION).await[0].clone();
        for text in [
            "edition:2021#leichte_sprache",
            "page:impressum#body",
            "process:entstehung-2021#body",
            "edition:2016#vision",
            "department:hmdis#note",
        ] {
            let refused = e
                .app
                .post_annotation(&anna, OPEN, (text, &first), &note("", "Text"))
                .await;
            assert!(
                matches!(refused, Err(AppError::NotFound)),
                "{}: {text}: {refused:?}",
                db.backend
            );
        }
        assert_eq!(e.app.process_text_notes(CLOSED).await.unwrap(), None);
        assert_eq!(e.app.page_text_notes("impressum").await.unwrap(), None);
        assert_eq!(
            e.app.text_notes("edition:2016", "2016").await.unwrap(),
            None
        );
        let closed = e
            .app
            .post_annotation(&anna, CLOSED, (VISION, &first), &note("", "Text"))
            .await;
        assert!(closed.is_err(), "a closed process takes no comments");
    }
}

#[tokio::test]
async fn a_comment_on_a_process_text_stays_by_id_or_says_the_text_changed_after_an_edit() {
    for db in TestDb::all().await {
        let e = content_env(&db, None).await;
        registered(&e, "anna@example.org", "Anna").await;
        let anna = logged_in(&e, "anna@example.org").await;
        let ids = paragraph_ids(&e, PROCESS_BODY).await;
        let last = ids.last().unwrap().clone();
        let post = |block: String, quote: &'static str| {
            let (e, anna) = (&e, &anna);
            async move {
                e.app
                    .post_annotation(
                        anna,
                        OPEN,
                        (PROCESS_BODY, &block),
                        &note(quote, "Anmerkung."),
                    )
                    .await
                    .unwrap()
            }
        };
        let gone = post(
            ids[0].clone(),
            "Eine Strategie ist mit ihrem Beschluss nicht fertig",
        )
        .await;
        let kept = post(last.clone(), "Für Beiträge gelten einfache Regeln").await;

        let mut files = default_content();
        let text = files.0.get_mut(PROCESS_FILE).unwrap();
        assert!(text.contains("Eine Strategie ist mit ihrem Beschluss nicht fertig."));
        *text = text.replace(
            "Eine Strategie ist mit ihrem Beschluss nicht fertig.",
            "Was beschlossen ist, muss sich im Alltag bewähren.",
        );
        e.app.import_content(&files).await.unwrap();

        let a = e.app.store().annotation(gone).await.unwrap();
        assert_eq!(a.anchoring, Anchoring::TextChanged, "{}", db.backend);
        assert!(
            a.wording.contains("Eine Strategie ist mit ihrem Beschluss"),
            "the old wording is kept: {}",
            a.wording
        );
        let b = e.app.store().annotation(kept).await.unwrap();
        assert_eq!(
            (b.anchoring, b.block.as_str()),
            (Anchoring::ById, last.as_str())
        );
        let v = e
            .app
            .paragraph_view(OPEN, PROCESS_BODY, &a.block, None)
            .await
            .unwrap();
        assert!(
            v.annotations
                .iter()
                .any(|n| n.anchor.anchoring == Anchoring::TextChanged),
            "the paragraph page says the text changed"
        );
    }
}

#[test]
fn a_quote_from_a_link_is_trimmed_and_dropped_when_too_long_or_odd() {
    assert_eq!(quote_from_link("  Hessen\n  2030 "), "Hessen 2030");
    assert_eq!(
        quote_from_link("<script>"),
        "<script>",
        "escaped when shown"
    );
    let long = "Wort ".repeat(300);
    assert_eq!(quote_from_link(&long), "", "longer than QUOTE_MAX");
    assert_eq!(quote_from_link("a\u{7}b"), "");
    assert_eq!(quote_from_link(""), "");
}
