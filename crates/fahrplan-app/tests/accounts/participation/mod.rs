//! Contributions and supports as far as accounts are concerned: per-account limits, authorship
//! checked for the object, deleted authors shown as "gelöschtes Konto", roles for statements and
//! moderation, and what "Meine Daten" holds.

mod accounts;
mod annotations;
mod answers;
mod archived;
mod finished;
mod input;
mod lists;
mod moderation;
mod posting;

#[allow(unused_imports)]
pub(super) use crate::support::*;
#[allow(unused_imports)]
pub(super) use fahrplan_app::participation::{
    Author, ContributionInput, ListQuery, ParticipationView,
};
#[allow(unused_imports)]
pub(super) use fahrplan_domain::{ContributionKind, ContributionState, TargetKind};

const OPEN: &str = "umsetzung-begleiten";
const CLOSED: &str = "entstehung-2021";

fn proposal(title: &str, body: &str) -> ContributionInput {
    ContributionInput {
        kind: "proposal".to_owned(),
        target: String::new(),
        title: title.to_owned(),
        body: body.to_owned(),
    }
}

fn comment(body: &str) -> ContributionInput {
    ContributionInput {
        kind: "comment".to_owned(),
        body: body.to_owned(),
        ..ContributionInput::default()
    }
}

async fn content_env(db: &TestDb, limits: Option<Limits>) -> Env {
    let mut e = env(db).await;
    if let Some(l) = limits {
        e.app = e.app.clone().with_limits(l);
    }
    e.app.import_content(&default_content()).await.unwrap();
    e
}

async fn page(e: &Env, viewer: Option<&fahrplan_app::accounts::Actor>) -> ParticipationView {
    e.app
        .participation_view(OPEN, viewer, &ListQuery::default())
        .await
        .unwrap()
}
