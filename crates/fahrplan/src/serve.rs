//! `fahrplan serve`: binds the address first (so a port in use fails before anything is
//! created), opens the database, and serves until SIGTERM or Ctrl-C, then drains and exits 0.

use crate::commands::open;
use crate::config::Config;
use crate::keys::{
    audit_settings, form_secret, key_audit_log, seal_second_factor_secrets, totp_key,
};
use fahrplan_app::App;
use fahrplan_app::accounts::AccountSettings;
use fahrplan_domain::paths;
use fahrplan_web::{WebConfig, WebState, router, watch_outbox};
use std::time::Duration;

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down, draining requests");
}

/// Serves the portal.
pub async fn serve(cfg: Config) -> Result<(), String> {
    cfg.check_totp_key_for_serving().map_err(|e| e.0)?;
    cfg.check_audit_key_for_postgres().map_err(|e| e.0)?;
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .map_err(|e| format!("--addr / FAHRPLAN_ADDR {}: cannot listen: {e}", cfg.addr))?;
    let (app, created) = open(&cfg).await?;
    let key = match totp_key(&cfg) {
        Ok(k) => k,
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir_all(&cfg.data_dir);
            }
            return Err(e);
        }
    };
    let audit = match audit_settings(&cfg) {
        Ok(a) => a,
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir_all(&cfg.data_dir);
            }
            return Err(e);
        }
    };
    let settings = AccountSettings {
        totp_key: key,
        ..crate::admin::account_settings(&cfg)?
    };
    let index_dir = cfg.data_dir.join("search");
    let app = match fahrplan_app::search::Search::open_unless_busy(&index_dir, &cfg.synonyms) {
        Ok(Some(search)) => App::with_search(app.store().clone(), search)
            .with_accounts(settings)
            .with_limits(cfg.limits.clone())
            .with_report_threshold(cfg.report_threshold)
            .with_audit(audit),
        Ok(None) => {
            return Err(format!(
                "--data-dir / FAHRPLAN_DATA_DIR {}: another fahrplan server uses this search index; give each server its own data folder",
                cfg.data_dir.display()
            ));
        }
        Err(e) => return Err(format!("search index {}: {e}", index_dir.display())),
    };
    seal_second_factor_secrets(&app).await?;
    key_audit_log(&app).await?;
    let secret = match form_secret(&cfg) {
        Ok(s) => s,
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir_all(&cfg.data_dir);
            }
            return Err(e);
        }
    };
    let state = WebState::new(
        app,
        WebConfig {
            site_name: cfg.site_name.clone(),
            base_url: cfg.base_url.clone(),
            base_url_set: cfg.base_url_set,
            hsts: cfg.hsts,
            operator: cfg.operator.clone(),
            form_secret: secret,
            trusted_proxies: cfg.trusted_proxies.clone(),
            reporting_cadence_days: cfg.reporting_cadence_days,
        },
    );
    let watcher = tokio::spawn(watch_outbox(state.clone(), Duration::from_millis(250)));
    let indexer = tokio::spawn(follow_outbox(state.app.clone(), Duration::from_millis(250)));
    let retention = tokio::spawn(purge_hourly(state.app.clone()));
    for line in crate::operator_config::missing(&cfg.operator) {
        tracing::warn!("{line}");
    }
    tracing::info!(addr = %cfg.addr, database = %cfg.database_url_redacted(), "fahrplan is serving on http://{}", cfg.addr);
    crate::listen::serve(
        listener,
        router(state.clone()),
        cfg.server,
        shutdown_signal(),
    )
    .await;
    watcher.abort();
    indexer.abort();
    retention.abort();
    state.app.store().close().await;
    Ok(())
}

/// Keeps the search index in step with the outbox: catch-up (or a first build) at start, then a
/// batched commit every `every` while new rows appear, so a change is searchable within about a
/// second. A round that found fewer rows than it may take is followed by the pause too: without
/// it, a steady stream of posts made the follower commit after every handful of rows, and the
/// commits and the merges of their many small segments took a third of the server's CPU.
async fn follow_outbox(app: App, every: Duration) {
    loop {
        match app.sync_search().await {
            Ok(0) => tokio::time::sleep(every).await,
            Ok(n) => {
                tracing::debug!(
                    rows = n,
                    seq = app.search_applied_seq(),
                    "search index updated"
                );
                if (n as i64) < fahrplan_app::search::ROUND {
                    tokio::time::sleep(every).await;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot update the search index");
                tokio::time::sleep(every * 4).await;
            }
        }
    }
}

/// The retention job, at start and then every hour: expired sessions and links, registrations
/// never confirmed, IP addresses older than 7 days.
async fn purge_hourly(app: App) {
    loop {
        match app.purge_expired().await {
            Ok(p) => tracing::info!(
                sessions = p.sessions,
                tokens = p.tokens,
                unconfirmed = p.unconfirmed,
                ips = p.ips,
                "retention job ran"
            ),
            Err(e) => tracing::warn!(error = %e, "retention job failed"),
        }
        tokio::time::sleep(Duration::from_secs(
            fahrplan_app::accounts::PURGE_INTERVAL.unsigned_abs(),
        ))
        .await;
    }
}

/// The pages of the regional view, a department's implementation and the
/// Fortschrittsbericht, with real indicators and departments of the content (an empty portal
/// has no report).
async fn umsetzung_samples(app: &App, out: &mut Vec<(String, String)>) {
    if !matches!(app.content_meta().await, Ok(Some(_))) {
        return;
    }
    out.push((paths::REGIONS.into(), "umsetzung regions".into()));
    if let Ok(v) = app.regions_view(None).await
        && let Some(i) = v.indicators.first()
    {
        out.push((paths::regional(&i.slug), "umsetzung regional map".into()));
        out.push((
            paths::regional_sorted(&i.slug, "wert"),
            "umsetzung regional map sorted by value".into(),
        ));
        out.push((
            paths::english(&paths::regional(&i.slug)),
            "umsetzung regional map (English interface)".into(),
        ));
    }
    if let Ok(all) = app.store().departments().await {
        // A department that took over from another shows both their measures.
        let heir = all
            .iter()
            .find(|d| {
                all.iter()
                    .any(|p| p.successor.as_deref() == Some(d.code.as_str()))
            })
            .or_else(|| all.first());
        if let Some(d) = heir {
            out.push((
                paths::department_umsetzung(&d.code),
                "umsetzung department".into(),
            ));
        }
    }
    out.push((paths::REPORT.into(), "umsetzung report".into()));
    out.push((
        paths::report_on((2021, 6, 1)),
        "umsetzung report for a past day".into(),
    ));
    out.push((
        paths::english(paths::REPORT),
        "umsetzung report (English interface)".into(),
    ));
}

/// The paragraph page of the first block of text `field` in `n` that takes comments.
fn first_paragraph(n: &fahrplan_app::participation::TextNotes, field: &str) -> Option<String> {
    let b = n
        .texts
        .get(field)?
        .iter()
        .find(|b| fahrplan_app::participation::annotatable(b.kind))?;
    Some(paths::annotate(&n.process, &n.text_key(field), &b.id))
}

/// One real path for every page template and state (for the browser checks).
pub async fn sample_routes(app: &App) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = vec![
        (paths::START.into(), "start".into()),
        (
            paths::english(paths::START),
            "start (English interface)".into(),
        ),
    ];
    let v = app.sitemap_view().await.ok();
    if let Some(v) = &v {
        for e in &v.editions {
            out.push((paths::edition(&e.slug), format!("edition {}", e.slug)));
        }
        let mut kinds_seen = Vec::new();
        for a in &v.areas {
            if !kinds_seen.contains(&a.doc.kind) {
                kinds_seen.push(a.doc.kind);
                out.push((
                    paths::area(&a.edition, &a.doc.slug),
                    format!("area ({})", a.doc.kind),
                ));
            }
        }
        if let Some(g) = v.goals.first() {
            out.push((paths::goal(&g.goal.slug), "goal".into()));
        }
        if let Some(m) = v.measures.first() {
            out.push((paths::measure(&m.measure.slug), "measure".into()));
            out.push((
                paths::english(&paths::measure(&m.measure.slug)),
                "measure (English interface)".into(),
            ));
        }
        if let Some(d) = v.departments.first() {
            out.push((paths::department(&d.code), "department".into()));
        }
        if let Some(d) = v.departments.iter().find(|d| d.successor.is_some()) {
            out.push((
                paths::department(&d.code),
                "department with successor".into(),
            ));
        }
        out.push((paths::UMSETZUNG.into(), "umsetzung overview".into()));
        out.push((
            paths::english(paths::UMSETZUNG),
            "umsetzung overview (English interface)".into(),
        ));
        if let Ok(indicators) = app.store().indicators().await {
            if let Some(i) = indicators.iter().find(|i| i.target.is_some() && !i.example) {
                out.push((paths::indicator(&i.slug), "indicator with target".into()));
            }
            if let Some(i) = indicators.iter().find(|i| i.target.is_none()) {
                out.push((paths::indicator(&i.slug), "indicator without target".into()));
            }
            if let Some(i) = indicators.iter().find(|i| i.example) {
                out.push((
                    paths::english(&paths::indicator(&i.slug)),
                    "indicator with example data (English interface)".into(),
                ));
            }
        }
        // A legal page's text is listed once, as the legal page below.
        for p in v.pages.iter().filter(|p| !paths::is_legal_page(&p.slug)) {
            out.push((paths::page(&p.slug), format!("page {}", p.slug)));
        }
        if let Ok(docs) = app.store().documents_after("", 1).await
            && let Some(d) = docs.first()
        {
            out.push((paths::document(&d.id), "imported document".into()));
        }
        if !v.processes.is_empty() {
            out.push((paths::ORIGIN.into(), "process timeline".into()));
            out.push((
                paths::PARTICIPATION.into(),
                "participation processes".into(),
            ));
        }
        let today = fahrplan_app::participation::today();
        let open = v
            .processes
            .iter()
            .find(|p| p.open_phases(today).any(|ph| !ph.allows.is_empty()));
        // The process that `/entstehung` shows redirects there from its own address.
        let meta = app.content_meta().await.ok().flatten();
        let default = meta.as_ref().map(|m| m.default_edition.as_str());
        let origin =
            fahrplan_domain::origin_process(&v.processes, default).map(|p| p.slug.as_str());
        let closed = v.processes.iter().find(|p| {
            !p.open_phases(today).any(|ph| !ph.allows.is_empty()) && Some(p.slug.as_str()) != origin
        });
        if let Some(p) = open {
            out.push((paths::process(&p.slug), "open process".into()));
            out.push((
                paths::process_moderation(&p.slug),
                "moderation figures of a process".into(),
            ));
            out.push((
                paths::english(&paths::process(&p.slug)),
                "open process (English interface)".into(),
            ));
            out.push((
                paths::consideration(&p.slug),
                "abwaegungstabelle of the open process".into(),
            ));
            out.push((
                paths::process_results(&p.slug),
                "figures of the open process".into(),
            ));
        }
        // The page of one paragraph with its comments (issue 17): the first paragraph of the
        // first area whose text takes comments today.
        let mut paragraph = None;
        for a in &v.areas {
            let entity = format!("area:{}/{}", a.edition, a.doc.slug);
            if let Ok(Some(n)) = app.text_notes(&entity, &a.edition).await {
                paragraph = n.texts.iter().find_map(|(field, blocks)| {
                    let b = blocks
                        .iter()
                        .find(|b| fahrplan_app::participation::annotatable(b.kind))?;
                    Some(paths::annotate(&n.process, &n.text_key(field), &b.id))
                });
            }
            if paragraph.is_some() {
                break;
            }
        }
        if let Some(path) = paragraph {
            out.push((path, "paragraph with its comments".into()));
        }
        // One paragraph of a process's own text and one of a content page's text.
        if let Some(p) = open
            && let Ok(Some(n)) = app.process_text_notes(&p.slug).await
            && let Some(path) = first_paragraph(&n, "body")
        {
            out.push((path, "paragraph of a process text".into()));
        }
        for p in v.pages.iter().filter(|p| !paths::is_legal_page(&p.slug)) {
            if let Ok(Some(n)) = app.page_text_notes(&p.slug).await
                && let Some(path) = first_paragraph(&n, "body")
            {
                out.push((path, "paragraph of a page text".into()));
                break;
            }
        }
        if let Some(p) = closed {
            out.push((paths::process(&p.slug), "closed process".into()));
        }
    }
    umsetzung_samples(app, &mut out).await;
    for (p, l) in [
        (paths::COMPARISON, "edition comparison"),
        (paths::DEPARTMENTS, "departments"),
        (paths::SEARCH, "search without query"),
        ("/suche?q=Breitband", "search with results and facets"),
        ("/suche?q=Breitband&typ=measure", "search filtered by type"),
        (
            "/suche?q=Digitalisierung",
            "search with several result pages",
        ),
        ("/suche?q=Zzyzxqwv", "search without results"),
        (paths::IMPRESSUM, "impressum"),
        (paths::PRIVACY, "privacy"),
        (
            paths::ACCESSIBILITY,
            "accessibility statement with feedback form",
        ),
        (paths::ACCESSIBILITY_THANKS, "feedback sent"),
        (paths::EASY, "leichte sprache"),
        (paths::SIGN, "sign language"),
        (paths::LOGIN, "login form"),
        ("/en/anmelden", "login form (English interface)"),
        ("/anmelden?hinweis=bestaetigt", "login form with a notice"),
        (paths::REGISTER, "registration form"),
        (paths::REGISTER_THANKS, "registration sent"),
        (paths::FORGOT, "password reset request form"),
        (paths::FORGOT_SENT, "password reset requested"),
        ("/passwort-neu?token=beispiel", "new password form"),
        ("/gibt-es-nicht", "not found (404)"),
    ] {
        out.push((p.into(), l.into()));
    }
    Ok(out)
}
