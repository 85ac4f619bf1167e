//! The web layer: routes, handlers, templates, static assets, messages and HTTP concerns
//! (caching, security headers, form tokens). Handlers parse, call one use case and render; no
//! SQL and no business rules live here.

pub mod api;
mod cache;
pub mod charts;
mod error;
mod extract;
mod headers;
mod i18n;
mod layout;
mod markdown;
mod pages;
mod routes;
mod session;
mod state;
mod token;

pub use cache::{CacheTags, OutboxFollower, PageCache, watch_outbox};
pub use i18n::{I18n, Lang};
pub use routes::router;
pub use state::{Operator, WebConfig, WebState};
pub use token::LocalAddr;
