//! The mechanisms that keep the Hessen-Suche precise on short texts (issue 14): a query
//! compound needs all of its parts, a word found only as a part ranks after the word itself,
//! synonyms apply both ways, a typo stands for a few words at most and a correct word for none,
//! hits with all words come first and the list ends where relevance ends, a superseded edition
//! comes after the current one, snippets end at words, and a better spelling is offered when
//! it finds clearly more.

#![allow(clippy::unwrap_used, reason = "tests")]

use fahrplan_search::search::lead;
use fahrplan_search::{SearchDoc, SearchIndex, SearchRequest, Synonyms, Weight};

fn doc(id: &str, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        kind: "goal".into(),
        id: id.into(),
        title: title.into(),
        body: body.into(),
        url: format!("/ziele/{id}"),
        ..SearchDoc::default()
    }
}

fn index(docs: &[SearchDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(docs).unwrap();
    index.commit(1).unwrap();
    index
}

fn search(index: &SearchIndex, q: &str) -> fahrplan_search::SearchResults {
    let req = SearchRequest {
        q: q.into(),
        limit: 100,
        ..SearchRequest::default()
    };
    index
        .search(&req, &Synonyms::new(&Synonyms::defaults()))
        .unwrap()
}

fn ids(index: &SearchIndex, q: &str) -> Vec<String> {
    search(index, q).hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn a_query_compound_needs_all_its_parts_and_ranks_them_below_the_word() {
    let i = index(&[
        doc(
            "pakt-teile",
            "Bildung",
            "Ein Pakt für die digitale Bildung.",
        ),
        doc(
            "nur-digital",
            "Verwaltung",
            "Die digitale Verwaltung wächst.",
        ),
        doc("nur-pakt", "Nachmittag", "Ein Pakt für den Nachmittag."),
        doc("wort", "Schulen", "Der Digitalpakt bringt Geräte."),
    ]);
    assert_eq!(ids(&i, "Digitalpakt"), ["wort", "pakt-teile"]);
}

#[test]
fn a_word_found_only_as_a_part_ranks_after_the_word_itself() {
    let i = index(&[
        doc("band", "Netze", "Der Breitbandausbau kommt voran."),
        doc(
            "breite",
            "Technik",
            "Neue Technik wird in der Breite eingeführt.",
        ),
    ]);
    assert_eq!(
        ids(&i, "Breite"),
        ["breite"],
        "Breitband is not about Breite"
    );
    assert_eq!(ids(&i, "Breitband"), ["band"], "Breite is not Breitband");
}

#[test]
fn a_schaft_noun_is_found_by_the_noun_it_is_made_from() {
    let i = index(&[
        doc(
            "schaft",
            "Service",
            "Die Bürgerschaft erwartet gute Dienste.",
        ),
        doc(
            "wirtschaft",
            "Betriebe",
            "Die Wirtschaft braucht Fachkräfte.",
        ),
    ]);
    assert_eq!(ids(&i, "Bürgerinnen"), ["schaft"]);
    assert!(
        ids(&i, "Wirt").is_empty(),
        "Wirtschaft is not made from Wirt"
    );
}

#[test]
fn a_loanword_plural_finds_its_singular() {
    let i = index(&[
        doc(
            "einzahl",
            "Gründungen",
            "Ob Handwerksbetrieb oder Start-up: alle zählen.",
        ),
        doc("apps", "Dienste", "Eine App für jede Verwaltung."),
    ]);
    assert_eq!(ids(&i, "Startups"), ["einzahl"]);
    assert_eq!(ids(&i, "Apps"), ["apps"]);
}

#[test]
fn two_words_typed_apart_find_a_derived_form_of_their_compound() {
    let i = index(&[
        doc(
            "effizient",
            "Rechenzentren",
            "Möglichst energieeffiziente Rechenzentren.",
        ),
        doc("energie", "Netze", "Die Energie kommt aus dem Netz."),
    ]);
    assert_eq!(ids(&i, "Energie Effizienz")[0], "effizient");
}

#[test]
fn a_part_shorter_than_the_minimum_is_not_searched_alone() {
    let i = index(&[
        doc("ehrenamt", "Engagement", "Das Ehrenamt wird gestärkt."),
        doc("amt", "Behörden", "Jedes Amt arbeitet digital."),
    ]);
    assert_eq!(ids(&i, "Amt"), ["amt"]);
    assert_eq!(ids(&i, "Ehrenamt"), ["ehrenamt"]);
}

#[test]
fn an_abbreviation_and_its_long_form_give_the_same_list() {
    let i = index(&[
        doc("a", "OZG-Umsetzung", "Leistungen nach dem OZG online."),
        doc(
            "b",
            "Onlinezugangsgesetz",
            "Das Onlinezugangsgesetz verpflichtet Bund und Länder.",
        ),
        doc(
            "c",
            "Portal",
            "Anträge nach dem Onlinezugangsgesetz stellen.",
        ),
        doc("d", "Gesetz", "Ein anderes Gesetz für Onlinedienste."),
    ]);
    let short = ids(&i, "OZG");
    assert_eq!(short.len(), 3, "{short:?}");
    assert_eq!(short, ids(&i, "Onlinezugangsgesetz"));
}

#[test]
fn a_typo_is_forgiven_in_the_text_and_in_the_ending() {
    let i = index(&[
        doc("g", "Versorgung", "Gesundheit auf dem Land sichern."),
        doc("v", "Ämter", "Die Verwaltung arbeitet digital."),
        doc("d", "Strategie", "Die Digitalisierung der Schulen."),
    ]);
    assert_eq!(ids(&i, "Gesundheitt"), ["g"]);
    assert_eq!(ids(&i, "Verwaltnug"), ["v"]);
    assert_eq!(ids(&i, "Digitalisirung"), ["d"]);
}

#[test]
fn one_typo_stands_for_three_words_at_most() {
    let words = ["Handel", "Wandel", "Mandel", "Kandel", "Sandel"];
    let docs: Vec<SearchDoc> = words
        .iter()
        .map(|w| doc(&w.to_lowercase(), "Text", &format!("Vom {w} der Zeit.")))
        .collect();
    let i = index(&docs);
    let found = search(&i, "Randel");
    assert_eq!(
        found.total,
        fahrplan_search::query::TYPO_TERMS,
        "{:?}",
        found.hits
    );
}

#[test]
fn a_correctly_spelt_common_word_is_not_widened_to_its_neighbours() {
    let i = index(&[
        doc("netze", "Netze", "Die Netze werden ausgebaut."),
        doc("netz2", "Ausbau", "Schnelle Netze für alle."),
        doc("nutzen", "Nutzen", "Den Nutzen für alle stiften."),
    ]);
    let mut found = ids(&i, "Netze");
    found.sort();
    assert_eq!(found, ["netz2", "netze"]);
}

/// Ten texts on other things, three on what the Land funds, one with all of "Land Glasfaser
/// Schule" and one without "Land"; and `more` further texts on other things.
fn land_glasfaser_schule(more: usize) -> SearchIndex {
    let mut docs: Vec<SearchDoc> = (0..10 + more)
        .map(|n| {
            doc(
                &format!("p{n}"),
                "Projekt",
                &format!("Vorhaben Nummer {n}."),
            )
        })
        .collect();
    docs.extend((0..3).map(|n| doc(&format!("land-{n}"), "Förderung", "Das Land fördert.")));
    docs.push(doc(
        "alles",
        "Anschlüsse",
        "Glasfaser für jede Schule im ländlichen Raum, gefördert vom Land.",
    ));
    docs.push(doc("zwei", "Anschluss", "Glasfaser für jede Schule."));
    index(&docs)
}

#[test]
fn hits_with_all_words_come_first_and_the_list_ends_where_relevance_ends() {
    // "Land" is in 4 of 35 texts: a word like the others.
    let i = land_glasfaser_schule(20);
    let found = ids(&i, "Land Glasfaser Schule");
    assert_eq!(found[..2], ["alles", "zwei"], "{found:?}");
    assert!(
        !found.iter().any(|id| id.starts_with("land-")),
        "hits with one word of three are cut off: {found:?}"
    );
    // One word alone keeps every hit that has it.
    assert_eq!(ids(&i, "Land").len(), 4);
}

#[test]
fn a_word_in_more_than_a_quarter_of_the_texts_neither_covers_nor_makes_a_hit_alone() {
    // "Land" is in 4 of 15 texts: common, so the two texts with "Glasfaser" and "Schule" are
    // the answers (the shorter first), and the texts with "Land" alone are no hits.
    let i = land_glasfaser_schule(0);
    let mut found = ids(&i, "Land Glasfaser Schule");
    found.sort();
    assert_eq!(found, ["alles", "zwei"]);
    assert_eq!(ids(&i, "Land").len(), 4);
}

#[test]
fn a_superseded_edition_comes_after_the_current_one_at_equal_relevance() {
    for current_first in [true, false] {
        let old = SearchDoc {
            weight: Weight::SUPERSEDED,
            ..doc("2016", "Breitbandnetze", "Schnelles Internet überall.")
        };
        let new = doc("2021", "Breitbandnetze", "Schnelles Internet überall.");
        let docs = if current_first {
            [new, old]
        } else {
            [old, new]
        };
        assert_eq!(ids(&index(&docs), "Breitbandnetze"), ["2021", "2016"]);
    }
}

#[test]
fn snippets_end_at_a_word_and_say_where_they_were_cut() {
    let filler = "Das Land arbeitet an vielen Vorhaben weiter. ".repeat(20);
    let i = index(&[doc(
        "lang",
        "Vorhaben",
        &format!("{filler}Hier geht es um Glasfaser und Gigabit. {filler}"),
    )]);
    let snippet = &search(&i, "Glasfaser").hits[0].snippet;
    assert!(
        snippet.starts_with('…') && snippet.ends_with('…'),
        "{snippet}"
    );
    assert!(snippet.contains("<mark>Glasfaser</mark>"), "{snippet}");
    assert_eq!(lead("Vorrang für Machbarkeitsstudien", 14), "Vorrang für…");
    assert_eq!(lead("Vorrang", 14), "Vorrang");
    assert_eq!(
        lead("Machbarkeitsstudien", 8),
        "Machbark…",
        "one long word is cut"
    );
}

#[test]
fn a_better_spelling_is_offered_when_it_finds_clearly_more() {
    let mut docs: Vec<SearchDoc> = (0..6)
        .map(|n| {
            doc(
                &format!("v{n}"),
                "Vernetzung",
                &format!("Vernetzung Nummer {n}."),
            )
        })
        .collect();
    // A misspelling in the text itself: the word exists, once.
    docs.push(doc("tippfehler", "Hinweis", "Eine Vernetzug der Verbände."));
    let i = index(&docs);
    let found = search(&i, "Vernetzug");
    assert_eq!(
        found.hits[0].id, "tippfehler",
        "the word as typed comes first"
    );
    assert_eq!(found.did_you_mean.as_deref(), Some("Vernetzung"));
    // A typo that is no word at all: its corrections are shown, and the spelling offered.
    let found = search(&i, "Vernetzunng");
    assert!(found.total >= 6, "{:?}", found.hits);
    assert_eq!(found.did_you_mean.as_deref(), Some("Vernetzung"));
    // A well-spelt word gets no offer.
    assert_eq!(search(&i, "Vernetzung").did_you_mean, None);
}

/// `n` short texts on other things, all with "digital": in such an index "digital" is common,
/// and a word held by one or two texts is specific.
fn others(n: usize) -> Vec<SearchDoc> {
    (0..n)
        .map(|k| {
            doc(
                &format!("anderes-{k}"),
                &format!("Thema {k}"),
                &format!("Die digitale Welt, Abschnitt {k}."),
            )
        })
        .collect()
}

#[test]
fn a_compound_with_a_specific_modifier_also_finds_texts_on_the_modifier_below_the_compound() {
    let mut docs = others(30);
    docs.extend([
        doc("ausbau", "Netze", "Der Glasfaserausbau kommt voran."),
        doc("faser", "Anschlüsse", "Jede Schule bekommt Glasfaser."),
        doc("pakt", "Nachmittag", "Ein Pakt für den Nachmittag."),
        doc(
            "breite",
            "Technik",
            "Neue Technik wird in der Breite eingeführt.",
        ),
        doc("band", "Leitungen", "Der Breitbandausbau kommt voran."),
    ]);
    let i = index(&docs);
    assert_eq!(ids(&i, "Glasfaserausbau"), ["ausbau", "faser"]);
    // "digital" is in most texts: it names no topic, and "Pakt" alone is not the Digitalpakt.
    assert!(ids(&i, "Digitalpakt").is_empty());
    // A short modifier is mostly an adjective or a verb's stem: "Breite" is not "Breitband".
    assert_eq!(ids(&i, "Breitband"), ["band"]);
}

#[test]
fn a_word_most_texts_hold_neither_makes_a_hit_alone_nor_counts_for_coverage() {
    let mut docs = others(30);
    docs.extend([
        doc(
            "digital",
            "Schulen",
            "Digitale Schulen, digitale Bildung, digital überall.",
        ),
        doc("ausstatten", "Geräte", "Schulen ausstatten und warten."),
    ]);
    let i = index(&docs);
    assert_eq!(
        ids(&i, "Schulen digital ausstatten"),
        ["ausstatten", "digital"],
        "a text with Schulen and ausstatten first, none with digital alone"
    );
    // A query of common words only still finds every text that has them.
    assert_eq!(ids(&i, "digital").len(), 31);
}
