//! Shared state of the web layer: the app, operator settings, messages and the page cache.

use crate::{I18n, PageCache};
use fahrplan_app::App;
use std::sync::Arc;

/// The operator of the portal, shown on Impressum, Datenschutz and the accessibility statement
/// (CONTRACTS.md, operator settings). An empty field is not given: the page then shows a neutral
/// text, and `fahrplan config check` and the server's start log name the setting.
#[derive(Debug, Clone, Default)]
pub struct Operator {
    /// Authority that runs the portal.
    pub authority: String,
    /// Postal address.
    pub address: String,
    /// Representative, named by office.
    pub representative: String,
    /// Contact email.
    pub email: String,
    /// Contact phone.
    pub phone: String,
    /// Data-protection officer (name or office, and how to reach them).
    pub data_protection_officer: String,
    /// Supervisory authority for data protection.
    pub supervisory_authority: String,
    /// When the accessibility statement was made or last reviewed (§ 4 HVBIT asks for its
    /// date); the operator gives it after each assessment.
    pub accessibility_statement_date: Option<fahrplan_domain::PartialDate>,
}

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Name of the site shown in the header and titles.
    pub site_name: String,
    /// Public base URL without trailing slash, for canonical links and the sitemap.
    pub base_url: String,
    /// Whether the operator set `base_url`: then it alone is the site's origin for the
    /// same-site check; otherwise the listener's address is.
    pub base_url_set: bool,
    /// Whether to send Strict-Transport-Security (only behind TLS).
    pub hsts: bool,
    /// Operator data.
    pub operator: Operator,
    /// Secret key for signing form tokens.
    pub form_secret: Vec<u8>,
    /// Reverse proxies whose X-Forwarded-For names the client (empty: the peer is the client).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Days a measure may go without a status report before its page says it is overdue
    /// ("Überfällig"), `reporting_cadence_days` in the configuration.
    pub reporting_cadence_days: u32,
}

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct WebState {
    /// Use cases.
    pub app: App,
    /// Settings.
    pub config: Arc<WebConfig>,
    /// Interface messages.
    pub i18n: Arc<I18n>,
    /// Rendered-page cache.
    pub cache: PageCache,
}

impl WebState {
    /// Builds the state with a fresh cache.
    pub fn new(app: App, config: WebConfig) -> Self {
        Self {
            app,
            config: Arc::new(config),
            i18n: Arc::new(I18n::load()),
            cache: PageCache::default(),
        }
    }
}
