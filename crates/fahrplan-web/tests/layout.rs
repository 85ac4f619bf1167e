//! Pages as a phone shows them: the start page's order, the header's menu button and the figures
//! tables' markup for stacked rows. The browser gates (tests/e2e) check how they are laid out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod common;

use common::{get, setup};
use fahrplan_app::content::default_content;

#[tokio::test]
async fn the_start_page_lists_the_areas_before_the_vision_and_keeps_the_edition_summary_below_them()
{
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/").await;
    let edition = &default_content().0["editions/2021/edition.toml"];
    let summary = edition
        .split("summary = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let areas = body.find("id=\"bereiche\"").unwrap();
    let vision = body.find("id=\"vision\"").unwrap();
    assert!(areas < vision, "the areas come before the vision");
    let at = body
        .find(summary)
        .expect("the edition summary is still on the page");
    assert!(
        at > vision,
        "the edition summary opens the vision, below the areas"
    );
}

#[tokio::test]
async fn a_narrow_screen_gets_a_menu_button_that_needs_no_script() {
    let (app, _, _db) = setup().await;
    for (path, word) in [("/", "Menü"), ("/en/strategie/2021/smart-region", "Menu")] {
        let (_, _, body) = get(&app, path).await;
        let header = body.split("</header>").next().unwrap();
        let menu = header
            .split("<details class=\"menu-toggle\"><summary>")
            .nth(1)
            .unwrap_or_else(|| panic!("{path}: no menu button in the header"));
        assert_eq!(menu.split("</summary>").next().unwrap(), word, "{path}");
        assert!(
            menu.contains("class=\"main-nav\""),
            "{path}: the navigation follows the button"
        );
    }
}

#[tokio::test]
async fn a_figures_table_names_each_value_for_stacked_rows_and_sits_in_a_named_region() {
    let (app, _, _db) = setup().await;
    let (_, _, body) = get(&app, "/strategie/2021/digitale-infrastruktur").await;
    let wrap = body
        .split("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
        .nth(1)
        .expect("the table sits in a named, focusable region");
    let table = wrap.split("</table>").next().unwrap();
    let rows = table.matches("<th scope=\"row\"").count();
    assert!(rows > 0, "the table has rows");
    assert!(table.contains("<table class=\"stacking\">"), "{table}");
    for label in ["Wert", "Stand", "Quelle"] {
        let named = table
            .matches(&format!("<td data-label=\"{label}\""))
            .count();
        assert_eq!(named, rows, "every row names its {label}");
    }
}
