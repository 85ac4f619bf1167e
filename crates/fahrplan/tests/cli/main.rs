//! The binary as a user runs it: bad settings end with one line naming the setting and exit 1,
//! content round-trips through export and import, and SIGTERM drains and exits 0.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of integration tests fail the test on error"
)]

mod admin;
mod audit;
mod content;
mod documents;
mod errors;
mod listener;
#[cfg(unix)]
mod modes;
mod operator;
mod routes;
mod secrets;
mod settings;
mod support;
