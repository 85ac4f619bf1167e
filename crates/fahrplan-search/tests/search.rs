#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! The search as a person uses it: German words in other forms, parts of compounds, typos,
//! umlaut spellings, abbreviations, phrases, facets and snippets.

use fahrplan_search::{SearchDoc, SearchIndex, SearchRequest, Synonyms};

fn doc(kind: &str, id: &str, title: &str, body: &str, facets: &[(&str, &str)]) -> SearchDoc {
    SearchDoc {
        kind: kind.into(),
        id: id.into(),
        title: title.into(),
        headings: Vec::new(),
        body: body.into(),
        url: format!("/{kind}/{id}"),
        facets: facets
            .iter()
            .map(|(d, v)| ((*d).into(), (*v).into()))
            .collect(),
        ..SearchDoc::default()
    }
}

fn fixture() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            doc(
                "measure",
                "gigabit",
                "Breitbandausbau in ländlichen Räumen",
                "Glasfasernetze bis in jedes Dorf: das Land fördert den Ausbau mit Zuschüssen.",
                &[("area", "infrastruktur"), ("status", "in_progress")],
            ),
            doc(
                "measure",
                "ozg",
                "Umsetzung des Onlinezugangsgesetzes",
                "Verwaltungsleistungen werden online angeboten.",
                &[("area", "verwaltung"), ("status", "completed")],
            ),
            doc(
                "goal",
                "ki",
                "Künstliche Intelligenz verantwortungsvoll nutzen",
                "Die Straße der Forschung führt über die Hochschulen.",
                &[("area", "innovation")],
            ),
            doc(
                "measure",
                "schule",
                "Digitale Schule Hessen",
                "Schulen erhalten Tablets und <script>-freie Lernplattformen & WLAN.",
                &[("area", "bildung"), ("status", "in_progress")],
            ),
            doc(
                "document",
                "law-1",
                "Gesetz über die Förderung der Nebentätigkeit",
                "Text des Gesetzes.",
                &[],
            ),
        ])
        .unwrap();
    index.commit(7).unwrap();
    index
}

fn ids(index: &SearchIndex, q: &str) -> Vec<String> {
    let req = SearchRequest {
        q: q.into(),
        limit: 10,
        ..SearchRequest::default()
    };
    index
        .search(&req, &Synonyms::new(&Synonyms::defaults()))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn a_part_of_a_compound_finds_the_compound() {
    let index = fixture();
    assert_eq!(
        ids(&index, "Breitband").first().map(String::as_str),
        Some("gigabit")
    );
    assert_eq!(
        ids(&index, "Glasfaser").first().map(String::as_str),
        Some("gigabit")
    );
    assert_eq!(
        ids(&index, "Ausbau").first().map(String::as_str),
        Some("gigabit")
    );
}

#[test]
fn other_inflections_and_umlaut_spellings_find_the_same_thing() {
    let index = fixture();
    assert_eq!(
        ids(&index, "Schule").first().map(String::as_str),
        Some("schule")
    );
    assert_eq!(
        ids(&index, "Nebentätigkeiten").first().map(String::as_str),
        Some("law-1")
    );
    assert_eq!(
        ids(&index, "foerderung").first().map(String::as_str),
        Some("law-1")
    );
    assert_eq!(
        ids(&index, "Strasse").first().map(String::as_str),
        Some("ki")
    );
}

#[test]
fn typos_are_forgiven_by_word_length() {
    let index = fixture();
    assert_eq!(
        ids(&index, "Breitbandausbua").first().map(String::as_str),
        Some("gigabit")
    );
    assert_eq!(
        ids(&index, "Inteligenz").first().map(String::as_str),
        Some("ki")
    );
    // Four letters allow no typo.
    assert!(ids(&index, "Dorg").is_empty());
}

#[test]
fn abbreviations_find_what_they_stand_for() {
    let index = fixture();
    assert_eq!(ids(&index, "KI").first().map(String::as_str), Some("ki"));
    assert_eq!(ids(&index, "OZG").first().map(String::as_str), Some("ozg"));
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    let index = fixture();
    let req = SearchRequest {
        q: "Breitb".into(),
        limit: 5,
        prefix_last: true,
        ..SearchRequest::default()
    };
    let hits = index.search(&req, &Synonyms::default()).unwrap().hits;
    assert_eq!(hits.first().map(|h| h.id.as_str()), Some("gigabit"));
}

#[test]
fn a_quoted_phrase_must_match_as_a_phrase() {
    let index = fixture();
    assert_eq!(ids(&index, "\"Digitale Schule\""), ["schule"]);
    assert!(ids(&index, "\"Schule Digitale\"").is_empty());
}

#[test]
fn facets_are_counted_and_filter() {
    let index = fixture();
    let req = SearchRequest {
        q: "Ausbau Schule Verwaltung".into(),
        limit: 10,
        facets: true,
        ..SearchRequest::default()
    };
    let r = index.search(&req, &Synonyms::default()).unwrap();
    let types = &r.facets["type"];
    assert!(
        types.iter().any(|(v, n)| v == "measure" && *n >= 2),
        "{types:?}"
    );
    let req = SearchRequest {
        filters: vec![("status".into(), "in_progress".into())],
        ..req
    };
    let r = index.search(&req, &Synonyms::default()).unwrap();
    assert!(
        r.hits
            .iter()
            .all(|h| h.facets.contains(&("status".into(), "in_progress".into())))
    );
    assert!(!r.hits.is_empty());
}

#[test]
fn snippets_are_escaped_and_mark_the_match() {
    let index = fixture();
    let req = SearchRequest {
        q: "Lernplattformen".into(),
        limit: 1,
        ..SearchRequest::default()
    };
    let hit = &index.search(&req, &Synonyms::default()).unwrap().hits[0];
    assert!(
        hit.snippet.contains("<mark>Lernplattformen</mark>"),
        "{}",
        hit.snippet
    );
    assert!(hit.snippet.contains("&lt;script&gt;"), "{}", hit.snippet);
    assert!(hit.snippet.contains("&amp;"), "{}", hit.snippet);
}

#[test]
fn nothing_found_offers_a_correction() {
    let index = fixture();
    // Four letters allow no typo in the search itself, so this finds nothing …
    let req = SearchRequest {
        q: "Rame".into(),
        limit: 10,
        ..SearchRequest::default()
    };
    let r = index.search(&req, &Synonyms::default()).unwrap();
    assert_eq!(r.total, 0);
    // … but the closest title word is offered.
    assert_eq!(r.did_you_mean.as_deref(), Some("Räumen"));
}

#[test]
fn empty_and_overlong_queries_are_refused() {
    let index = fixture();
    let empty = SearchRequest {
        q: "  ".into(),
        limit: 10,
        ..SearchRequest::default()
    };
    assert!(index.search(&empty, &Synonyms::default()).is_err());
    let long = SearchRequest {
        q: "a".repeat(501),
        limit: 10,
        ..SearchRequest::default()
    };
    assert!(index.search(&long, &Synonyms::default()).is_err());
}

#[test]
fn updates_replace_and_the_applied_sequence_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        index
            .upsert(&[doc("document", "a", "Alter Titel", "Text", &[])])
            .unwrap();
        index.commit(3).unwrap();
        index
            .upsert(&[doc("document", "a", "Neuer Titel", "Text", &[])])
            .unwrap();
        index.commit(4).unwrap();
        assert_eq!(index.len(), 1);
        index.close().unwrap();
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.applied_seq(), 4);
    assert_eq!(ids(&index, "Neuer"), ["a"]);
    assert!(ids(&index, "Alter").is_empty());
}

#[test]
fn a_round_of_large_documents_is_indexed_in_parts_and_shown_at_its_commit() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[doc("page", "start", "Startseite", "Willkommen", &[])])
        .unwrap();
    index.commit(3).unwrap();
    // 40 documents of about 1 MB each: more than the writer may hold queued at once.
    let filler = "Verwaltung digital gestalten und Netze ausbauen. ".repeat(20_000);
    let big: Vec<SearchDoc> = (0..40)
        .map(|i| {
            doc(
                "document",
                &format!("gesetz-{i}"),
                &format!("Großes Gesetz Nummer {i}"),
                &filler,
                &[],
            )
        })
        .collect();
    index.upsert(&big).unwrap();
    assert_eq!(
        index.applied_seq(),
        3,
        "a part commit keeps the last applied sequence"
    );
    assert_eq!(
        ids(&index, "Gesetz").len(),
        0,
        "not visible before the round's commit"
    );
    index.commit(7).unwrap();
    assert_eq!(index.applied_seq(), 7);
    assert_eq!(index.len(), 41);
    assert_eq!(ids(&index, "Gesetz").len(), 10, "first page of 40 hits");
}
