//! Written for readers (issue 14): German content, contributions included, is marked
//! `lang="de"` under `/en/` and no interface word is left in German there; a measure says when
//! its status was last confirmed and reads "Stand nicht aktuell" once its planned end has passed
//! without a final status; the departments in office today come first; goals name the department
//! responsible today; the process that wrote the strategy has one address.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use axum::http::{StatusCode, header};
use common::{get, setup, setup_on};
use fahrplan_app::accounts::NewUser;
use fahrplan_domain::{ContributionKind, TargetKind};
use fahrplan_store::NewContribution;
use fahrplan_testkit::TestDb;
use fahrplan_web::WebState;

/// A measure of the default content planned to end in 2024 and still recorded as in progress.
const OVERDUE: &str = "breitband-gigabitfoerderung-2019-2024";
/// A goal led by the Digitalministerin of 2019–2024, whose tasks went to `hmdi` in 2024.
const GOAL: &str = "glasfaser-bis-ins-gebaeude-2030";

/// The English pages of every strategy page type (the start page and the participation and
/// legal pages have their own templates and checks).
const ENGLISH_PAGES: &[&str] = &[
    "/en/strategie/2021",
    "/en/strategie/2016",
    "/en/strategie/2021/digitale-infrastruktur",
    "/en/strategie/2016/gestaltungsbereich",
    "/en/ziele/glasfaser-bis-ins-gebaeude-2030",
    "/en/massnahmen/breitband-gigabitfoerderung-2019-2024",
    "/en/massnahmen/schulportal-hessen",
    "/en/ressorts",
    "/en/ressorts/hmdse",
    "/en/ressorts/hmdi",
    "/en/strategie/vergleich",
    "/en/entstehung",
    "/en/rat-fuer-digitalethik",
    "/en/suche?q=Breitband",
    "/en/",
    "/en/mitmachen",
    "/en/mitmachen/umsetzung-begleiten",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The text of `<body>` outside every element marked `lang="de"` (and outside scripts), with
/// tags removed. A small tag walker: the pages are our own, well-formed templates.
fn text_outside_german(html: &str) -> String {
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut out = String::new();
    // (tag name, whether it or an ancestor is German or a script)
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let hidden = stack.last().is_some_and(|(_, g)| *g);
        if !hidden {
            out.push_str(&rest[..lt]);
            out.push(' ');
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g);
        let tag = &rest[lt + 1..gt];
        rest = &rest[(gt + 1).min(rest.len())..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(i) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(i);
            }
            continue;
        }
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let german = hidden || tag.contains("lang=\"de\"") || name == "script";
        stack.push((name, german));
    }
    out.push_str(rest);
    out
}

/// Words that give away German text: umlauts and ß, and common German words that English
/// does not use.
fn german_words(text: &str) -> Vec<String> {
    const WORDS: &[&str] = &[
        "und",
        "der",
        "das",
        "für",
        "mit",
        "von",
        "nicht",
        "oder",
        "zur",
        "zum",
        "des",
        "dem",
        "ist",
        "sind",
        "wird",
        "auf",
        "bei",
        "aus",
        "eine",
        "einer",
        "seit",
        "bis",
        "im",
        "Ziel",
        "Ziele",
        "Maßnahme",
        "Maßnahmen",
        "Ressort",
        "Ressorts",
        "Strategie",
        "Kabinett",
        "Bereich",
        "Handlungsfeld",
        "Handlungsfelder",
        "Beteiligung",
        "Verwaltung",
    ];
    // An address is no language.
    text.split_whitespace()
        .filter(|t| !t.contains("://"))
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric() && c != 'ß'))
        .filter(|w| !w.is_empty())
        .filter(|w| WORDS.contains(w) || w.chars().any(|c| "äöüÄÖÜß".contains(c)))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_text_walker_hides_german_elements_and_finds_german_words_outside_them() {
    let html = "<body><p>Lead: <a lang=\"de\" href=\"/x\">Ministerium für Digitales</a></p>\
                <h1>Maßnahme und Ziel</h1><br><div lang=\"de\"><p>Text der Strategie</p></div>\
                <p>Last confirmed</p></body>";
    let text = text_outside_german(html);
    assert!(!text.contains("Ministerium") && !text.contains("Text der"));
    assert!(text.contains("Lead:") && text.contains("Last confirmed"));
    assert_eq!(german_words(&text), ["Maßnahme", "und", "Ziel"]);
}

#[tokio::test]
async fn under_en_german_content_is_marked_and_no_interface_word_is_german() {
    let (app, _, _db) = setup().await;
    let mut found = Vec::new();
    for path in ENGLISH_PAGES {
        let (status, _, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("<html lang=\"en\">"), "{path}");
        let text = text_outside_german(&body);
        let words = german_words(&text);
        if !words.is_empty() {
            let line = text
                .lines()
                .filter(|l| !german_words(l).is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" | ");
            found.push(format!("{path}: {} (in “{line}”)", words.join(" ")));
        }
    }
    assert!(
        found.is_empty(),
        "German outside lang=\"de\":\n{}",
        found.join("\n")
    );
}

/// Writes a proposal about a measure, a reply to it and a second proposal that the moderators
/// hid, all in German, straight to the store; returns the ids of the two proposals.
async fn german_contributions(state: &WebState) -> (i64, i64) {
    let author = state
        .app
        .create_user(&NewUser {
            email: "anna@example.org".into(),
            display_name: "Anna".into(),
            role: "participant".into(),
            departments: vec![],
            password: "Wanderweg am Edersee 7".into(),
        })
        .await
        .unwrap();
    let store = state.app.store();
    let write = |parent: Option<i64>, title: &str, body: &str| NewContribution {
        process: "umsetzung-begleiten".into(),
        target_kind: TargetKind::Measure,
        target: "schulportal-hessen".into(),
        kind: if parent.is_some() {
            ContributionKind::Comment
        } else {
            ContributionKind::Proposal
        },
        author,
        author_role: None,
        parent,
        title: title.into(),
        body: body.into(),
        created_at: 1_765_000_000,
    };
    let shown = store
        .add_contribution(&write(
            None,
            "Zugang für Eltern",
            "Auch Eltern sollten das Schulportal nutzen können, nicht nur die Schulen.",
        ))
        .await
        .unwrap();
    store
        .add_contribution(&write(
            Some(shown),
            "",
            "Das wäre für uns eine große Hilfe.",
        ))
        .await
        .unwrap();
    let hidden = store
        .add_contribution(&write(None, "Werbung", "Kaufen Sie bei uns."))
        .await
        .unwrap();
    store
        .moderator_hide(hidden, "Werbung für ein Geschäft", 1_765_000_100)
        .await
        .unwrap();
    (shown, hidden)
}

#[tokio::test]
async fn under_en_contributions_are_marked_german_and_their_frame_is_english() {
    let (app, state, _db) = setup().await;
    let (shown, hidden) = german_contributions(&state).await;
    let thread = |id| fahrplan_domain::paths::contribution("umsetzung-begleiten", id);
    let pages = [
        "/en/mitmachen/umsetzung-begleiten".to_owned(),
        "/en/mitmachen/umsetzung-begleiten?zu=measure:schulportal-hessen".to_owned(),
        format!("/en{}", thread(shown)),
        format!("/en{}", thread(hidden)),
    ];
    for path in &pages {
        let (status, _, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for text in ["Zugang für Eltern", "Werbung für ein Geschäft"] {
            assert!(
                !text_outside_german(&body).contains(text),
                "{path}: “{text}” outside lang=\"de\""
            );
        }
        let words = german_words(&text_outside_german(&body));
        assert!(
            words.is_empty(),
            "{path}: German outside lang=\"de\": {words:?}"
        );
    }
    let (_, _, page) = get(&app, &pages[2]).await;
    assert!(
        page.contains("Das wäre für uns"),
        "the reply is on the thread page"
    );
    let (_, _, page) = get(&app, &pages[3]).await;
    assert!(
        page.contains("Werbung für ein Geschäft"),
        "the reason is shown"
    );
    let (_, _, page) = get(&app, &pages[0]).await;
    assert!(
        page.contains("Measure: <span lang=\"de\">"),
        "the target's kind is English, its title German"
    );
}

#[tokio::test]
async fn english_strategy_pages_say_the_texts_are_in_german_and_german_pages_do_not() {
    let (app, _, _db) = setup().await;
    let notice = "available in German only";
    for path in ["/en/massnahmen/schulportal-hessen", "/en/strategie/2021"] {
        let (_, _, body) = get(&app, path).await;
        assert!(body.contains(notice), "{path}");
        let title = body.split("<h1").nth(1).unwrap();
        assert!(title.starts_with(" lang=\"de\">"), "{path}: {title:.40}");
    }
    let (_, _, german) = get(&app, "/massnahmen/schulportal-hessen").await;
    assert!(!german.contains(notice));
    assert!(!german.contains("content-language"));
    // The pages of their own templates that show German content say so too.
    for path in [
        "/en/",
        "/en/mitmachen",
        "/en/mitmachen/umsetzung-begleiten",
        "/en/ressorts",
    ] {
        let (_, _, body) = get(&app, path).await;
        assert!(body.contains(notice), "{path}");
        let (_, _, german) = get(&app, &path[3..]).await;
        assert!(!german.contains("content-language"), "{}", &path[3..]);
    }
}

#[tokio::test]
async fn a_2016_field_is_headed_by_its_continuation_and_a_2021_area_by_its_origin() {
    let (app, _, _db) = setup().await;
    let (_, _, field) = get(&app, "/strategie/2016/bildungswesen").await;
    assert!(field.contains("<h2 id=\"herkunft\">Fortführung</h2>"));
    assert!(!field.contains(">Herkunft<"), "a 2016 field has no origin");
    let (_, _, area) = get(&app, "/strategie/2021/digitale-infrastruktur").await;
    assert!(area.contains("<h2 id=\"herkunft\">Herkunft</h2>"));
    let (_, _, en) = get(&app, "/en/strategie/2016/bildungswesen").await;
    assert!(en.contains("<h2 id=\"herkunft\">Continuation</h2>"));
}

#[tokio::test]
async fn one_earlier_cabinet_is_headed_in_the_singular() {
    let (app, _, _db) = setup().await;
    let (_, _, de) = get(&app, "/ressorts").await;
    assert!(de.contains("<h2 id=\"frueher\">Früheres Kabinett</h2>"));
    let (_, _, en) = get(&app, "/en/ressorts").await;
    assert!(en.contains("<h2 id=\"frueher\">Earlier cabinet</h2>"));
}

#[tokio::test]
async fn a_foundation_invites_contributions_about_the_area_not_an_action_field() {
    let (app, _, _db) = setup().await;
    // Digitale Infrastruktur is a foundation (Grundlage), not an action field.
    let (_, _, area) = get(&app, "/strategie/2021/digitale-infrastruktur").await;
    assert!(area.contains("eine Frage zu diesem Bereich?"));
    assert!(!area.contains("diesem Handlungsfeld"));
}

#[tokio::test]
async fn a_measure_past_its_planned_end_without_a_final_status_reads_out_of_date() {
    for db in TestDb::all().await {
        let (app, _) = setup_on(&db, |app| app).await;
        let (_, _, body) = get(&app, &format!("/massnahmen/{OVERDUE}")).await;
        let standing = body.split("<p class=\"standing\">").nth(1).unwrap();
        let standing = &standing[..standing.find("</p>").unwrap()];
        assert!(standing.contains("Stand nicht aktuell"), "{standing}");
        assert!(!standing.contains("in Umsetzung"), "{standing}");
        assert!(standing.contains("Zuletzt bestätigt:"), "{standing}");
        assert!(body.contains("Zuletzt gemeldet: in Umsetzung."));
        // The area and the department list it the same way.
        let (_, _, area) = get(&app, "/strategie/2021/digitale-infrastruktur").await;
        let item = area
            .split(&format!("/massnahmen/{OVERDUE}\""))
            .nth(1)
            .unwrap();
        let item = &item[..item.find("</li>").unwrap()];
        assert!(item.contains("status-out_of_date"), "{item}");
        let (_, _, en) = get(&app, &format!("/en/massnahmen/{OVERDUE}")).await;
        assert!(en.contains("Status out of date") && en.contains("Last confirmed:"));
    }
}

#[tokio::test]
async fn a_measure_before_its_planned_end_shows_its_status_and_when_it_was_confirmed() {
    let (app, _, _db) = setup().await;
    let (_, _, json) = get(&app, "/api/v1/measures?limit=100").await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = v["items"].as_array().unwrap();
    let current = items
        .iter()
        .find(|m| m["status_out_of_date"] == false && m["status"] == "in_progress")
        .expect("a current measure in progress");
    let slug = current["slug"].as_str().unwrap();
    let (_, _, body) = get(&app, &format!("/massnahmen/{slug}")).await;
    let standing = body.split("<p class=\"standing\">").nth(1).unwrap();
    let standing = &standing[..standing.find("</p>").unwrap()];
    assert!(standing.contains("in Umsetzung"), "{standing}");
    assert!(standing.contains("Zuletzt bestätigt:"), "{standing}");
    assert!(!body.contains("Stand nicht aktuell"));
}

#[tokio::test]
async fn the_api_adds_when_a_status_was_confirmed_and_whether_it_is_out_of_date() {
    let (app, _, _db) = setup().await;
    let (status, _, json) = get(&app, &format!("/api/v1/measures/{OVERDUE}")).await;
    assert_eq!(status, StatusCode::OK);
    let m: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        m["status"], "in_progress",
        "the wire value stays the record"
    );
    assert_eq!(m["status_out_of_date"], true);
    let history = m["status_history"].as_array().unwrap();
    assert_eq!(
        m["status_confirmed_on"],
        history.last().unwrap()["on"],
        "the date of the latest entry"
    );
}

#[tokio::test]
async fn the_departments_in_office_today_come_first_and_the_earlier_cabinet_below() {
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/ressorts").await;
    let today = body.find("id=\"heute\"").expect("a group of today");
    let earlier = body
        .find("id=\"frueher\"")
        .expect("a group of earlier cabinets");
    assert!(today < earlier);
    let (current, past) = body.split_at(earlier);
    for now in ["/ressorts/hmdi\"", "/ressorts/stk\"", "/ressorts/hmwk\""] {
        assert!(current.contains(now) && !past.contains(now), "{now}");
    }
    for then in ["/ressorts/hmdse\"", "/ressorts/hmwk-2019\""] {
        assert!(past.contains(then) && !current.contains(then), "{then}");
    }
    assert!(past.contains("Kabinett <span lang=\"de\">2019–2024</span>"));
}

#[tokio::test]
async fn goals_name_the_department_responsible_today_on_goal_and_area_pages() {
    let (app, _, _db) = setup().await;
    let (_, _, goal) = get(&app, &format!("/ziele/{GOAL}")).await;
    let who = goal.split("<p class=\"who\">").nth(1).unwrap();
    let who = &who[..who.find("</p>").unwrap()];
    assert!(who.contains("/ressorts/hmdse\""), "{who}");
    assert!(who.contains("heute zuständig"), "{who}");
    assert!(who.contains("/ressorts/hmdi\""), "{who}");
    let (_, _, area) = get(&app, "/strategie/2021/digitale-infrastruktur").await;
    let item = area.split(&format!("/ziele/{GOAL}\"")).nth(1).unwrap();
    let item = &item[..item.find("</li>").unwrap()];
    assert!(item.contains("heute zuständig") && item.contains("/ressorts/hmdi\""));
}

#[tokio::test]
async fn the_process_that_wrote_the_strategy_has_one_address_and_the_other_redirects() {
    let (app, _, _db) = setup().await;
    for (from, to) in [
        ("/mitmachen/entstehung-2021", "/entstehung"),
        ("/en/mitmachen/entstehung-2021", "/en/entstehung"),
    ] {
        let (status, headers, _) = get(&app, from).await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT, "{from}");
        assert_eq!(headers[header::LOCATION], to);
    }
    let (status, _, _) = get(&app, "/entstehung").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = get(&app, "/mitmachen/umsetzung-begleiten").await;
    assert_eq!(status, StatusCode::OK, "other processes keep their page");
    let (_, _, list) = get(&app, "/mitmachen").await;
    assert!(!list.contains("href=\"/mitmachen/entstehung-2021\""));
    assert!(list.contains("href=\"/entstehung\""));
    let (_, _, sitemap) = get(&app, "/sitemap.xml").await;
    assert!(sitemap.contains("/entstehung</loc>"));
    assert!(!sitemap.contains("/mitmachen/entstehung-2021"));
}

#[tokio::test]
async fn single_items_carry_singular_kickers() {
    let (app, _, _db) = setup().await;
    for (path, kicker) in [
        (
            "/massnahmen/schulportal-hessen",
            "<p class=\"kicker\">Maßnahme ·",
        ),
        (
            &format!("/ziele/{GOAL}") as &str,
            "<p class=\"kicker\">Ziel ·",
        ),
        ("/ressorts/hmdi", "<p class=\"kicker\">Ressort</p>"),
        (
            "/en/massnahmen/schulportal-hessen",
            "<p class=\"kicker\">Measure ·",
        ),
    ] {
        let (_, _, body) = get(&app, path).await;
        assert!(body.contains(kicker), "{path}");
    }
}
