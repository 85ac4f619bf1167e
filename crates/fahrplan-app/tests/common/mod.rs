//! Helpers shared by the test files of the use cases (each file includes this module with
//! `mod common;`): members of staff as the use cases see them.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of integration tests fail the test on error"
)]

use fahrplan_app::App;
use fahrplan_app::accounts::{Actor, NewUser};
use fahrplan_domain::Role;

/// An editor of `departments` (an admin when empty), with the second factor given.
pub async fn staff(app: &App, email: &str, departments: &[&str]) -> Actor {
    let role = if departments.is_empty() {
        Role::Admin
    } else {
        Role::Editor
    };
    let id = app
        .create_user(&NewUser {
            email: email.into(),
            display_name: format!("Redaktion {}", email.split('@').next().unwrap()),
            role: role.as_str().into(),
            departments: departments.iter().map(|d| (*d).to_owned()).collect(),
            password: "Apfelwein aus Sachsenhausen".into(),
        })
        .await
        .unwrap();
    Actor {
        account_id: id,
        display_name: email.into(),
        roles: if departments.is_empty() {
            vec![(Role::Admin, String::new())]
        } else {
            departments
                .iter()
                .map(|d| (role, (*d).to_owned()))
                .collect()
        },
        session_hash: String::new(),
        second_factor: true,
        has_totp: true,
        idle_expires_at: i64::MAX,
        absolute_expires_at: i64::MAX,
    }
}
