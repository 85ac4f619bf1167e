//! The router: German paths at `/`, the same pages with an English interface under `/en/`,
//! plus operations, search-engine files and static assets. Layers add caching, error pages and
//! security headers to every response.

use crate::WebState;
use crate::cache::{Cacheable, cache_layer};
use crate::error::{WebError, render_errors};
use crate::headers::security_headers;
use crate::pages::account::{konto, login as account, reset, security};
use crate::pages::editorial::{audit, changes, create, edit, feedback, history, preview};
use crate::pages::strategy::{compare, departments, editions as strategy, items, process};
use crate::pages::{legal, monitoring, ops, participation, search, seo, staff};
use crate::session::sessions;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fahrplan_app::AppError;

/// The stylesheet.
pub const CSS: &str = include_str!("../static/fahrplan.css");
/// The site icon.
pub const FAVICON: &str = include_str!("../static/favicon.svg");
/// Suggestions while typing on the search page (progressive enhancement).
pub const SUGGEST_JS: &str = include_str!("../static/suggest.js");
/// Similar proposals while typing a new one (issue 17).
pub const SIMILAR_JS: &str = include_str!("../static/similar.js");
/// Taking selected words of a paragraph as the quote of a comment on it (issue 17).
pub const QUOTE_JS: &str = include_str!("../static/quote.js");
/// Where [`QUOTE_JS`] is served.
pub const QUOTE_JS_PATH: &str = "/static/quote.js";
/// The warning before a session ends (progressive enhancement; the account page works without).
pub const SESSION_JS: &str = include_str!("../static/session.js");

fn account_pages() -> Router<WebState> {
    Router::new()
        .route("/anmelden", get(account::show_login).post(account::login))
        .route(
            "/anmelden/zweiter-faktor",
            get(account::show_second_factor).post(account::second_factor),
        )
        .route("/abmelden", post(account::logout))
        .route(
            "/registrieren",
            get(account::show_register).post(account::register),
        )
        .route("/registrieren/danke", get(account::show_register_thanks))
        .route(
            "/registrieren/bestaetigen",
            get(account::show_confirm).post(account::confirm),
        )
        .route(
            "/passwort-vergessen",
            get(reset::show_forgot).post(reset::forgot),
        )
        .route("/passwort-vergessen/gesendet", get(reset::show_forgot_sent))
        .route("/passwort-neu", get(reset::show_reset).post(reset::reset))
        .route("/konto", get(konto::show_account))
        .route("/konto/name", post(konto::change_name))
        .route("/konto/passwort", post(konto::change_password))
        .route("/konto/email", post(konto::change_email))
        .route(
            "/konto/email/bestaetigen",
            get(security::show_confirm_email).post(security::confirm_email),
        )
        .route("/konto/sitzungen", post(konto::end_session))
        .route("/konto/sitzung", post(konto::extend_session))
        .route("/konto/einwilligung", post(konto::set_consent))
        .route("/konto/benachrichtigungen", post(konto::set_notifications))
        .route(
            "/konto/benachrichtigungen/abbestellen",
            get(participation::show_stop).post(participation::stop),
        )
        .route("/konto/daten", post(konto::export))
        .route("/konto/loeschen", post(konto::delete))
        .route(
            "/konto/zwei-faktor",
            get(security::show_totp).post(security::confirm_totp),
        )
        .route("/redaktion", get(staff::show_staff))
        .route(
            "/redaktion/meldungen/{id}/zurueckweisen",
            post(participation::dismiss_reports),
        )
        .route(
            "/redaktion/widersprueche/{id}",
            get(participation::show_objection).post(participation::answer_objection),
        )
        .route(
            "/redaktion/konten/{id}/verwarnen",
            get(participation::show_warn).post(participation::warn),
        )
        .route(
            "/redaktion/konten/{id}/sperren",
            get(participation::show_block).post(participation::block),
        )
        .route(
            "/redaktion/konten/{id}/entsperren",
            post(participation::unblock),
        )
        .route("/redaktion/konten/{id}/rollen", post(staff::grant))
        .route(
            "/redaktion/konten/{id}/rollen/entziehen",
            post(staff::revoke),
        )
        .route(
            "/redaktion/konten/{id}/sitzungen",
            post(staff::end_sessions),
        )
        .route(
            "/redaktion/konten/{id}/zwei-faktor",
            post(staff::reset_second_factor),
        )
        .merge(editorial())
}

/// The editorial workflow (issue 16). Areas have two key segments, everything else one.
fn editorial() -> Router<WebState> {
    Router::new()
        .route("/redaktion/aenderungen", get(changes::show_changes))
        .route("/redaktion/rueckmeldungen", get(feedback::show_feedback))
        .route("/redaktion/protokoll", get(audit::show_audit))
        .route(
            "/redaktion/rueckmeldungen/{id}/beantwortet",
            post(feedback::mark_answered),
        )
        .route(
            "/redaktion/rueckmeldungen/{id}/offen",
            post(feedback::mark_open),
        )
        .route("/redaktion/aenderungen/{id}", get(changes::show_change))
        .route(
            "/redaktion/aenderungen/{id}/vorschau",
            get(preview::show_preview),
        )
        .route("/redaktion/aenderungen/{id}/pruefen", post(changes::submit))
        .route(
            "/redaktion/aenderungen/{id}/veroeffentlichen",
            post(changes::publish),
        )
        .route(
            "/redaktion/aenderungen/{id}/zurueckgeben",
            post(changes::send_back),
        )
        .route(
            "/redaktion/aenderungen/{id}/zurueckziehen",
            post(changes::withdraw),
        )
        .route(
            "/redaktion/inhalte/{art}/neu",
            get(create::show_new).post(create::save_new),
        )
        .route(
            "/redaktion/inhalte/{art}/{key}/bearbeiten",
            get(edit::show_edit).post(edit::save_edit),
        )
        .route(
            "/redaktion/inhalte/{art}/{key}/{sub}/bearbeiten",
            get(edit::show_edit).post(edit::save_edit),
        )
        .route(
            "/redaktion/inhalte/{art}/{key}/versionen",
            get(history::show_versions),
        )
        .route(
            "/redaktion/inhalte/{art}/{key}/{sub}/versionen",
            get(history::show_versions),
        )
        .route(
            "/redaktion/inhalte/{art}/{key}/versionen/{a}/{b}",
            get(history::show_diff),
        )
        .route(
            "/redaktion/inhalte/{art}/{key}/{sub}/versionen/{a}/{b}",
            get(history::show_diff),
        )
}

fn pages() -> Router<WebState> {
    Router::new()
        .route("/", get(strategy::show_start))
        .route("/strategie/vergleich", get(compare::show_comparison))
        .route("/strategie/vergleich.csv", get(compare::comparison_csv))
        .route("/strategie/{edition}", get(strategy::show_edition))
        .route("/strategie/{edition}/{area}", get(strategy::show_area))
        .route("/ziele/{slug}", get(items::show_goal))
        .route("/massnahmen/{slug}", get(items::show_measure))
        .route("/ressorts", get(departments::list_departments))
        .route("/ressorts/{code}", get(departments::show_department))
        .route("/umsetzung", get(monitoring::overview::show_overview))
        .route(
            "/umsetzung/massnahmen-status.csv",
            get(monitoring::overview::status_csv),
        )
        .route(
            "/umsetzung/indikatoren/{slug}",
            get(monitoring::indicator::show_indicator),
        )
        .route(
            "/umsetzung/indikatoren/{slug}/werte.csv",
            get(monitoring::indicator::indicator_csv),
        )
        .route(
            "/umsetzung/regionen",
            get(monitoring::regions::list_regional),
        )
        .route(
            "/umsetzung/regionen/{indicator}",
            get(monitoring::regions::show_regional),
        )
        .route(
            "/umsetzung/regionen/{indicator}/sortiert/{column}",
            get(monitoring::regions::show_regional_sorted),
        )
        .route(
            "/umsetzung/regionen/{indicator}/werte.csv",
            get(monitoring::regions::regional_csv),
        )
        .route(
            "/umsetzung/ressorts/{code}",
            get(monitoring::department::show_department_umsetzung),
        )
        .route("/umsetzung/bericht", get(monitoring::report::show_report))
        .route(
            "/umsetzung/bericht/{day}",
            get(monitoring::report::show_report_on),
        )
        .route(
            "/umsetzung/indikatoren/{slug}/wert-melden",
            get(monitoring::reporting::show_report_value).post(monitoring::reporting::report_value),
        )
        .route(
            "/massnahmen/{slug}/status-melden",
            get(monitoring::reporting::show_report_status)
                .post(monitoring::reporting::report_status),
        )
        .route("/entstehung", get(process::show_process))
        .route("/mitmachen", get(participation::list_processes))
        .route(
            "/mitmachen/{process}",
            get(participation::show_participation).post(participation::create_contribution),
        )
        .route(
            "/mitmachen/{process}/moderation",
            get(participation::show_figures),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}",
            get(participation::show_contribution),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/widersprechen",
            get(participation::show_object).post(participation::object_to_hiding),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/antworten",
            post(participation::create_reply),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/bearbeiten",
            get(participation::show_edit).post(participation::update_contribution),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/zurueckziehen",
            get(participation::show_withdraw).post(participation::withdraw_contribution),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/unterstuetzen",
            post(participation::cast_support),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/unterstuetzung-zuruecknehmen",
            post(participation::withdraw_support),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/ausblenden",
            get(participation::show_hide).post(participation::hide_contribution),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/einblenden",
            post(participation::restore_contribution),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/rueckmeldung",
            get(participation::show_answer).post(participation::create_answer),
        )
        .route(
            "/mitmachen/{process}/abwaegung",
            get(participation::show_consideration),
        )
        .route(
            "/mitmachen/{process}/abwaegung.csv",
            get(participation::consideration_csv),
        )
        .route(
            "/mitmachen/{process}/ergebnisse",
            get(participation::show_results),
        )
        .route(
            "/mitmachen/{process}/beitraege/{id}/melden",
            get(participation::show_report).post(participation::report_contribution),
        )
        .route(
            "/mitmachen/{process}/kommentieren/{text}/{block}",
            get(participation::show_annotate).post(participation::create_annotation),
        )
        .route(
            "/mitmachen/{process}/aehnliche",
            get(participation::similar_json),
        )
        .route("/rat-fuer-digitalethik", get(process::show_council))
        .route("/suche", get(search::show_search))
        .route("/dokumente/{id}", get(search::show_document))
        .route("/impressum", get(legal::show_impressum))
        .route("/datenschutz", get(legal::show_privacy))
        .route(
            "/barrierefreiheit",
            get(legal::show_accessibility).post(legal::create_feedback),
        )
        .route("/barrierefreiheit/danke", get(legal::show_feedback_thanks))
        .route("/leichte-sprache", get(legal::show_easy))
        .route("/gebaerdensprache", get(legal::show_sign))
        .merge(account_pages())
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.extensions_mut().insert(Cacheable);
    res
}

async fn not_found() -> WebError {
    WebError::App(AppError::NotFound)
}

/// The whole application as an axum router.
pub fn router(state: WebState) -> Router {
    Router::new()
        .merge(pages())
        .nest("/en", pages())
        .route("/en/", get(strategy::show_start))
        .route("/sitemap.xml", get(seo::show_sitemap))
        .route("/robots.txt", get(seo::show_robots))
        .merge(crate::api::router())
        .route("/healthz", get(ops::show_health))
        .route("/readyz", get(ops::show_ready))
        .route("/metrics", get(ops::show_metrics))
        .route(
            "/static/fahrplan.css",
            get(|| async { asset(CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/static/suggest.js",
            get(|| async { asset(SUGGEST_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/similar.js",
            get(|| async { asset(SIMILAR_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            QUOTE_JS_PATH,
            get(|| async { asset(QUOTE_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/session.js",
            get(|| async { asset(SESSION_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/static/favicon.svg",
            get(|| async { asset(FAVICON, "image/svg+xml") }),
        )
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), cache_layer))
        .layer(from_fn_with_state(state.clone(), sessions))
        .layer(from_fn_with_state(state.clone(), render_errors))
        .layer(axum::middleware::from_fn(crate::api::api_layer))
        .layer(from_fn_with_state(state.clone(), security_headers))
        .with_state(state)
}
