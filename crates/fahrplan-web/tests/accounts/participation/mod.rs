//! Participation through the forms: what anonymous readers get, CSRF, input kept on refusal,
//! authorship checked for the object, the per-account limits with their 429, and deleted
//! authors signed "gelöschtes Konto".

mod accounts;
mod answers;
mod api;
mod forms;
mod input;
mod moderation;
mod notes;
mod quotes;
mod quoting;
mod reports;
mod statements;

#[allow(unused_imports)]
pub(super) use crate::support::*;

const PROCESS: &str = "/mitmachen/umsetzung-begleiten";

async fn write(app: &Router, cookie: &str, fields: &[(&str, &str)]) -> Reply {
    let (_, _, page) = get_as(app, PROCESS, cookie).await;
    let token = value_of(&page, "csrf");
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    post(app, PROCESS, &form(&all), Some(cookie), ORIGIN).await
}

/// Posts `fields` to `path` with the session's CSRF token.
async fn form_post(app: &Router, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Reply {
    let token = csrf(app, cookie).await;
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    post(app, path, &form(&all), Some(cookie), ORIGIN).await
}

fn id_from(location: &str) -> i64 {
    location
        .split("/beitraege/")
        .nth(1)
        .unwrap()
        .split(['?', '#', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
