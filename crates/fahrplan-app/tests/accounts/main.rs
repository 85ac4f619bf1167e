//! Accounts use cases on SQLite and (when configured) PostgreSQL: registration with a mailed
//! link, login and sessions, password reset, the second factor of staff, object-level
//! authorisation, profile changes, export, deletion and the audit log. Mail goes to files in a
//! temporary folder, which the tests read like a person reads their inbox.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers of integration tests fail the test on error"
)]

#[cfg(unix)]
mod files;
mod last_admin;
mod login;
mod names;
mod participation;
mod privacy;
mod register;
mod secrets;
mod staff;
mod support;
