//! Accounts over HTTP, on SQLite and (when configured) PostgreSQL: the one `__Host-` cookie,
//! CSRF and same-site checks, object-level authorisation, the second factor of staff, the 429
//! with Retry-After, Meine Daten and deletion, and that no page shows another person's email.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers of integration tests fail the test on error"
)]

mod audit_log;
#[path = "../common/mod.rs"]
mod common;
mod csrf;
mod editorial;
mod editorial_kinds;
mod feedback_inbox;
mod last_admin;
mod legal_texts;
mod limits;
mod names;
mod participation;
mod preview;
mod reporting;
mod sessions;
mod staff;
mod support;
