//! Tests of `paths`: every builder's exact output, and how odd segments are encoded.
use super::*;

#[test]
fn strategy_addresses_are_built_from_their_slugs() {
    assert_eq!(edition("2021"), "/strategie/2021");
    assert_eq!(
        area("2021", "digitale-infrastruktur"),
        "/strategie/2021/digitale-infrastruktur"
    );
    assert_eq!(goal("gigabit-bis-2025"), "/ziele/gigabit-bis-2025");
    assert_eq!(
        measure("breitband-gigabit"),
        "/massnahmen/breitband-gigabit"
    );
    assert_eq!(department("hmdis"), "/ressorts/hmdis");
    assert_eq!(page("impressum-extra"), "/impressum-extra");
}

#[test]
fn the_council_is_the_content_page_of_its_slug() {
    assert_eq!(page("rat-fuer-digitalethik"), COUNCIL);
}

#[test]
fn fixed_pages_keep_their_contracted_addresses() {
    let fixed = [
        (START, "/"),
        (COMPARISON, "/strategie/vergleich"),
        (DEPARTMENTS, "/ressorts"),
        (ORIGIN, "/entstehung"),
        (PARTICIPATION, "/mitmachen"),
        (SEARCH, "/suche"),
        (IMPRESSUM, "/impressum"),
        (PRIVACY, "/datenschutz"),
        (ACCESSIBILITY, "/barrierefreiheit"),
        (EASY, "/leichte-sprache"),
        (SIGN, "/gebaerdensprache"),
        (LOGIN, "/anmelden"),
        (REGISTER, "/registrieren"),
        (ACCOUNT, "/konto"),
        (STAFF, "/redaktion"),
    ];
    for (built, contracted) in fixed {
        assert_eq!(built, contracted);
    }
}

#[test]
fn the_english_interface_is_the_same_path_under_en() {
    assert_eq!(english("/"), "/en/");
    assert_eq!(english("/massnahmen/x"), "/en/massnahmen/x");
    assert_eq!(english("/suche?q=a"), "/en/suche?q=a");
}

#[test]
fn a_notice_is_a_query_parameter() {
    assert_eq!(notice(ACCOUNT, "sitzung"), "/konto?hinweis=sitzung");
    assert_eq!(
        notice(LOGIN, "a&b=c"),
        "/anmelden?hinweis=a%26b%3Dc",
        "a notice cannot add parameters"
    );
}

#[test]
fn every_target_kind_but_the_process_has_a_page() {
    assert_eq!(target(TargetKind::Process, "entstehung-2021"), None);
    assert_eq!(
        target(TargetKind::Edition, "2021").as_deref(),
        Some("/strategie/2021")
    );
    assert_eq!(
        target(TargetKind::Area, "2021/verwaltung").as_deref(),
        Some("/strategie/2021/verwaltung")
    );
    assert_eq!(
        target(TargetKind::Area, "verwaltung").as_deref(),
        Some("/strategie/verwaltung"),
        "a key without edition names the edition's path, as before"
    );
    assert_eq!(target(TargetKind::Goal, "g").as_deref(), Some("/ziele/g"));
    assert_eq!(
        target(TargetKind::Measure, "m").as_deref(),
        Some("/massnahmen/m")
    );
}

#[test]
fn every_entity_with_commented_texts_names_the_page_that_shows_them() {
    let cases = [
        ("edition:2021", Some("/strategie/2021")),
        ("area:2021/verwaltung", Some("/strategie/2021/verwaltung")),
        ("area:verwaltung", None),
        ("goal:g", Some("/ziele/g")),
        ("measure:m", Some("/massnahmen/m")),
        ("process:umsetzung", Some("/mitmachen/umsetzung")),
        ("page:rat-fuer-digitalethik", Some(COUNCIL)),
        ("department:hmdis", None),
        ("ohne-art", None),
    ];
    for (entity, page) in cases {
        assert_eq!(text_page(entity).as_deref(), page, "{entity}");
    }
    assert_eq!(
        target(TargetKind::Block, "page:rat-fuer-digitalethik#body").as_deref(),
        Some(COUNCIL),
        "a comment on a paragraph leads to the text's page"
    );
}

#[test]
fn participation_addresses_name_process_and_contribution() {
    assert_eq!(process("mitmachen-2026"), "/mitmachen/mitmachen-2026");
    assert_eq!(
        contribution("mitmachen-2026", 42),
        "/mitmachen/mitmachen-2026/beitraege/42"
    );
    assert_eq!(
        contribution_in_thread("p", 7, 9),
        "/mitmachen/p/beitraege/7#beitrag-9"
    );
    assert_eq!(
        contribution_notice("p", 7, "gesendet", 9),
        "/mitmachen/p/beitraege/7?hinweis=gesendet#beitrag-9"
    );
    assert_eq!(
        process_notice("p", "unterstuetzt", 9),
        "/mitmachen/p?hinweis=unterstuetzt#beitrag-9"
    );
}

#[test]
fn the_form_link_chooses_the_target_and_narrows_the_list() {
    assert_eq!(
        participate("p", "measure:breitband"),
        "/mitmachen/p?bezug=measure:breitband&zu=measure:breitband#mitmachen"
    );
    assert_eq!(
        participate("p", "area:2021/verwaltung"),
        "/mitmachen/p?bezug=area:2021/verwaltung&zu=area:2021/verwaltung#mitmachen",
        "':' and '/' stay readable in a query"
    );
}

#[test]
fn every_contribution_action_has_its_own_path() {
    let expected = [
        (ContributionAction::Reply, "antworten"),
        (ContributionAction::Edit, "bearbeiten"),
        (ContributionAction::Withdraw, "zurueckziehen"),
        (ContributionAction::Support, "unterstuetzen"),
        (
            ContributionAction::WithdrawSupport,
            "unterstuetzung-zuruecknehmen",
        ),
        (ContributionAction::Report, "melden"),
        (ContributionAction::Hide, "ausblenden"),
        (ContributionAction::Restore, "einblenden"),
        (ContributionAction::Object, "widersprechen"),
    ];
    assert_eq!(
        ContributionAction::ALL.to_vec(),
        expected.iter().map(|(a, _)| *a).collect::<Vec<_>>()
    );
    for (action, segment) in expected {
        assert_eq!(action.segment(), segment);
        assert_eq!(
            contribution_action("p", 3, action),
            format!("/mitmachen/p/beitraege/3/{segment}")
        );
    }
}

#[test]
fn staff_addresses_name_the_account_or_contribution() {
    assert_eq!(
        staff_dismiss_reports(5),
        "/redaktion/meldungen/5/zurueckweisen"
    );
    assert_eq!(staff_roles(8), "/redaktion/konten/8/rollen");
    assert_eq!(staff_revoke_role(8), "/redaktion/konten/8/rollen/entziehen");
    assert_eq!(staff_sessions(8), "/redaktion/konten/8/sitzungen");
    assert_eq!(staff_second_factor(8), "/redaktion/konten/8/zwei-faktor");
    assert_eq!(staff_warn(8), "/redaktion/konten/8/verwarnen");
    assert_eq!(staff_block(8), "/redaktion/konten/8/sperren");
    assert_eq!(staff_unblock(8), "/redaktion/konten/8/entsperren");
    assert_eq!(staff_objection(4), "/redaktion/widersprueche/4");
    assert_eq!(process_moderation("p"), "/mitmachen/p/moderation");
}

#[test]
fn a_document_id_is_percent_encoded() {
    assert_eq!(document("bgbl-2021.7_a~b"), "/dokumente/bgbl-2021.7_a~b");
    assert_eq!(document("a b/c?d#e"), "/dokumente/a%20b%2Fc%3Fd%23e");
    assert_eq!(document("Straße"), "/dokumente/Stra%C3%9Fe");
    assert_eq!(
        document("\n"),
        "/dokumente/%0A",
        "two upper-case hex digits"
    );
}

#[test]
fn odd_slugs_cannot_leave_their_segment() {
    assert_eq!(measure("a/../b"), "/massnahmen/a%2F..%2Fb");
    assert_eq!(goal("ü ß"), "/ziele/%C3%BC%20%C3%9F");
    assert_eq!(department("A:B"), "/ressorts/A%3AB");
    assert_eq!(edition("x?y"), "/strategie/x%3Fy");
    assert_eq!(area("2021", "a#b"), "/strategie/2021/a%23b");
    assert_eq!(area("20/21", "a"), "/strategie/20%2F21/a");
    assert_eq!(page("a&b"), "/a%26b");
    assert_eq!(process("p q"), "/mitmachen/p%20q");
}

#[test]
fn every_valid_slug_is_its_own_segment() {
    for s in ["2021", "wirtschaft-und-arbeit-4-0", "hmdis", "a"] {
        assert!(crate::slug::is_valid_slug(s));
        assert_eq!(measure(s), format!("/massnahmen/{s}"));
    }
}

#[test]
fn umsetzung_addresses_are_path_segments_the_page_cache_keeps() {
    assert_eq!(UMSETZUNG, "/umsetzung");
    assert_eq!(REGIONS, "/umsetzung/regionen");
    assert_eq!(REPORT, "/umsetzung/bericht");
    assert_eq!(
        indicator_csv("schulen-gigabit"),
        "/umsetzung/indikatoren/schulen-gigabit/werte.csv"
    );
    assert_eq!(regional("glasfaser"), "/umsetzung/regionen/glasfaser");
    assert_eq!(
        regional_sort_base("glasfaser"),
        "/umsetzung/regionen/glasfaser/sortiert"
    );
    assert_eq!(
        regional_sorted("glasfaser", "wert"),
        "/umsetzung/regionen/glasfaser/sortiert/wert"
    );
    assert_eq!(
        regional_csv("glasfaser"),
        "/umsetzung/regionen/glasfaser/werte.csv"
    );
    assert_eq!(department_umsetzung("hmdi"), "/umsetzung/ressorts/hmdi");
    assert_eq!(report_on((2021, 6, 1)), "/umsetzung/bericht/2021-06-01");
}

#[test]
fn the_report_forms_sit_below_their_indicator_and_measure() {
    assert_eq!(
        report_value("haushalte-gigabit"),
        "/umsetzung/indikatoren/haushalte-gigabit/wert-melden"
    );
    assert_eq!(
        report_status("glasfaserpakt-hessen"),
        "/massnahmen/glasfaserpakt-hessen/status-melden"
    );
}
