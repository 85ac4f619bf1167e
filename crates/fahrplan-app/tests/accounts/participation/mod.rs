//! Contributions and supports as far as accounts are concerned: per-account limits, authorship
//! checked for the object, deleted authors shown as "gelöschtes Konto", roles for statements and
//! moderation, and what "Meine Daten" holds.

mod accounts;
mod annotated_texts;
mod annotations;
mod answers;
mod archived;
mod finished;
mod input;
mod lists;
mod moderation;
mod posting;
mod sanctions;

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

/// Every audit entry of `action` as (actor, entity, detail).
async fn audited(e: &Env, action: &str) -> Vec<(Option<i64>, String, String)> {
    e.app
        .store()
        .audit_after(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action == action)
        .map(|r| (r.actor_id, r.entity, r.detail))
        .collect()
}

async fn people(e: &Env, names: &[&str]) -> Vec<fahrplan_app::accounts::Actor> {
    let mut out = Vec::new();
    for n in names {
        let email = format!("{}@example.org", n.to_lowercase());
        registered(e, &email, n).await;
        out.push(logged_in(e, &email).await);
    }
    out
}

async fn state_of(e: &Env, id: i64) -> (ContributionState, Option<String>) {
    let (_, t) = e.app.contribution_view(OPEN, id, None).await.unwrap();
    (t.root.state, t.root.state_reason)
}
