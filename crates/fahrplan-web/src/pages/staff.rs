//! The editorial area's entrance (`/redaktion`): only staff who gave their second factor. Admins
//! see the accounts (display names and roles, never emails), grant and take roles, and end an
//! account's sessions; moderators see the reported contributions.

use super::forms::{check_full_session, form_page, second_factor_first, see_other};
use super::{in_lang, titled};
use crate::error::WebError;
use crate::layout::Layout;
use crate::session::Viewer;
use crate::{Lang, WebState};
use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_domain::Role;

/// One account in the admin list.
pub struct AccountLine {
    id: i64,
    name: String,
    roles: Vec<(String, String, String)>,
    confirmed: bool,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    l: Layout,
    admin: bool,
    accounts: Vec<AccountLine>,
    roles: Vec<(&'static str, &'static str)>,
    error: Option<GrantError>,
    moderator: bool,
    reports: Vec<(super::participation::cards::Card, Vec<String>)>,
    notice: Option<&'static str>,
}

/// Query of the staff page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StaffQuery {
    #[serde(default)]
    hinweis: String,
}

/// A refused role grant: which account's form, which field, what was typed.
pub struct GrantError {
    account_id: i64,
    /// `role-{id}` or `dept-{id}`: the control the summary links to.
    control: String,
    code: &'static str,
    role: String,
    department: String,
}

impl GrantError {
    fn on(&self, id: i64, field: &str) -> Option<&'static str> {
        let control = match field {
            "role" => format!("role-{id}"),
            _ => format!("dept-{id}"),
        };
        (self.account_id == id && self.control == control).then_some(self.code)
    }

    fn department_of(&self, id: i64) -> &str {
        if self.account_id == id {
            &self.department
        } else {
            ""
        }
    }

    fn role_of(&self, id: i64) -> &str {
        if self.account_id == id {
            &self.role
        } else {
            ""
        }
    }
}

impl StaffPage {
    fn error_on(&self, id: i64, field: &str) -> Option<&'static str> {
        self.error.as_ref().and_then(|e| e.on(id, field))
    }

    fn kept_role(&self, id: i64) -> &str {
        self.error.as_ref().map_or("", |e| e.role_of(id))
    }

    fn kept_department(&self, id: i64) -> &str {
        self.error.as_ref().map_or("", |e| e.department_of(id))
    }
}

/// `GET /redaktion`.
pub async fn show_staff(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Query(q): Query<StaffQuery>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(see_other(lang, "/anmelden"));
    };
    if let Some(to) = second_factor_first(lang, &actor) {
        return Ok(to);
    }
    let notice = (q.hinweis == "meldungen").then_some("notice-reports-dismissed");
    staff_page(&state, lang, &actor, (None, notice)).await
}

async fn staff_page(
    state: &WebState,
    lang: Lang,
    actor: &fahrplan_app::accounts::Actor,
    (error, notice): (Option<GrantError>, Option<&'static str>),
) -> Result<Response, WebError> {
    if !Role::ALL.iter().any(|r| r.is_staff() && actor.has(*r)) {
        return Err(WebError(AppError::Forbidden, lang));
    }
    let admin = actor.has(Role::Admin);
    let label = |r: Role| match lang {
        Lang::De => r.label_de(),
        Lang::En => r.label_en(),
    };
    let accounts = if admin {
        state
            .app
            .admin_accounts(actor)
            .await
            .map_err(in_lang(lang))?
            .into_iter()
            .map(|(id, name, roles, confirmed)| AccountLine {
                id,
                name,
                roles: roles
                    .into_iter()
                    .map(|(r, d)| (r.as_str().to_owned(), d, label(r).to_owned()))
                    .collect(),
                confirmed,
            })
            .collect()
    } else {
        Vec::new()
    };
    let moderator = actor.has(Role::Moderator);
    let reports = if moderator {
        state
            .app
            .moderation_queue(actor)
            .await
            .map_err(in_lang(lang))?
            .into_iter()
            .map(|r| {
                let card = super::participation::cards::moderation_card(
                    &r.contribution,
                    lang,
                    &state.i18n,
                );
                (card, r.reasons)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut l = titled(state, lang, "/redaktion", "staff-title").await?;
    let refused = error.is_some();
    l.has_errors = refused;
    let roles = Role::ALL.iter().map(|r| (r.as_str(), label(*r))).collect();
    form_page(
        &StaffPage {
            l,
            admin,
            accounts,
            roles,
            error,
            moderator,
            reports,
            notice,
        },
        refused,
    )
}

/// A role change as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    department: String,
}

fn departments(d: &str) -> Vec<String> {
    d.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `POST /redaktion/konten/{id}/rollen`: grants a role (admins only).
pub async fn grant(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    match state
        .app
        .admin_grant(&actor, id, &form.role, &departments(&form.department))
        .await
    {
        Ok(()) => Ok(see_other(lang, "/redaktion")),
        Err(AppError::Invalid(errors)) => {
            let first = errors
                .first()
                .map_or(("department", "error-department-unknown"), |e| {
                    (e.field, e.code)
                });
            let control = if first.0 == "role" {
                format!("role-{id}")
            } else {
                format!("dept-{id}")
            };
            let error = GrantError {
                account_id: id,
                control,
                code: first.1,
                role: form.role,
                department: form.department,
            };
            staff_page(&state, lang, &actor, (Some(error), None)).await
        }
        Err(e) => Err(WebError(e, lang)),
    }
}

/// `POST /redaktion/konten/{id}/rollen/entziehen`: takes a role away (admins only).
pub async fn revoke(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .admin_revoke(&actor, id, &form.role, form.department.trim())
        .await
        .map_err(in_lang(lang))?;
    Ok(see_other(lang, "/redaktion"))
}

/// `POST /redaktion/konten/{id}/sitzungen`: ends every session of an account (admins only).
pub async fn end_sessions(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .admin_end_sessions(&actor, id)
        .await
        .map_err(in_lang(lang))?;
    Ok(see_other(lang, "/redaktion"))
}

/// `POST /redaktion/konten/{id}/zwei-faktor`: removes a lost second factor (admins only); the
/// account's sessions end and its next login asks for a new set-up.
pub async fn reset_second_factor(
    State(state): State<WebState>,
    Extension(lang): Extension<Lang>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    let actor = check_full_session(&state, lang, &viewer, &form.csrf)?;
    state
        .app
        .reset_second_factor(Some(&actor), id)
        .await
        .map_err(in_lang(lang))?;
    Ok(see_other(lang, "/redaktion"))
}
