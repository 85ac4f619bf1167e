//! Use cases of fahrplan: the only place that coordinates the store (and later the search index),
//! checks input and decides what a caller may do. It knows nothing about HTTP.

pub mod accounts;
pub mod audit;
pub mod audit_log;
pub mod content;
pub mod editorial;
mod error;
pub mod feedback;
pub mod feedback_inbox;
pub mod listing;
pub mod monitoring;
mod once;
pub mod participation;
pub mod private_files;
pub mod ratelimit;
pub mod search;
pub mod spam;
pub mod strategy;
pub mod tags;
mod text;

pub use error::{AppError, AppResult, Cause, FieldError, FieldErrors};
pub use fahrplan_store::{Area, GoalInArea, MeasureInArea, Store, Succession};
pub use tags::Tags;

/// The application: use cases over one store and this node's search index. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    search: std::sync::Arc<search::Search>,
    accounts: std::sync::Arc<accounts::AccountSettings>,
    limiter: std::sync::Arc<ratelimit::RateLimiter>,
    claims: std::sync::Arc<once::Claims>,
    audit: std::sync::Arc<audit::AuditSettings>,
    /// Reports by different accounts that hide a contribution until a moderator decides.
    report_threshold: i64,
}

impl App {
    /// Wraps a connected, migrated store, with a search index in memory (commands that do not
    /// serve, and tests). Fails only if the index cannot be created.
    pub fn new(store: Store) -> AppResult<Self> {
        Ok(Self::with_search(store, search::Search::in_memory()?))
    }

    /// Wraps a connected, migrated store and the node's search index.
    pub fn with_search(store: Store, search: search::Search) -> Self {
        Self {
            store,
            search: std::sync::Arc::new(search),
            accounts: std::sync::Arc::new(accounts::AccountSettings::default()),
            limiter: std::sync::Arc::new(ratelimit::RateLimiter::default()),
            claims: std::sync::Arc::default(),
            audit: std::sync::Arc::default(),
            report_threshold: participation::DEFAULT_REPORT_THRESHOLD,
        }
    }

    /// Sets how many different accounts' reports hide a contribution until a moderator
    /// decides (`moderation.report_threshold`, at least 1).
    pub fn with_report_threshold(mut self, reports: u32) -> Self {
        self.report_threshold = i64::from(reports.max(1));
        self
    }

    /// Sets mail, links and session lifetimes of accounts.
    pub fn with_accounts(mut self, settings: accounts::AccountSettings) -> Self {
        self.accounts = std::sync::Arc::new(settings);
        self
    }

    /// Sets the rate limits.
    pub fn with_limits(mut self, limits: ratelimit::Limits) -> Self {
        self.limiter = std::sync::Arc::new(ratelimit::RateLimiter::new(limits));
        self
    }

    /// Counts one request against a rate limit (`RateLimited` when the window is full).
    pub fn limit(&self, bucket: ratelimit::Bucket, key: &str) -> AppResult<()> {
        self.limiter.hit(bucket, key)
    }

    /// The store, for operations (health checks, outbox polling).
    pub fn store(&self) -> &Store {
        &self.store
    }
}
