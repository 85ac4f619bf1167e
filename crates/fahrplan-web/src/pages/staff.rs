//! The editorial area's entrance (`/redaktion`): only staff who gave their second factor. Admins
//! see the accounts (display names and roles, never emails), grant and take roles, and end an
//! account's sessions; moderators see the reported contributions.

use super::forms::{form_page, second_factor_first};
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, StaffSession};
use crate::layout::Layout;
use crate::session::Viewer;
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::accounts::StaffView;
use fahrplan_domain::{Role, paths};

/// One account in the admin list.
pub struct AccountLine {
    id: i64,
    name: String,
    roles: Vec<(String, String, String)>,
    confirmed: bool,
}

#[derive(Template)]
#[template(path = "staff/staff.html")]
struct StaffPage {
    l: Layout,
    admin: bool,
    accounts: Vec<AccountLine>,
    roles: Vec<(&'static str, String)>,
    error: Option<GrantError>,
    moderator: bool,
    reports: Vec<ReportLine>,
    objections: Vec<ObjectionLine>,
    notice: Option<&'static str>,
    /// Whether the person edits content (admin or editor): the link to the changes.
    editorial: bool,
}

/// A reported contribution in the moderators' list.
pub struct ReportLine {
    card: super::participation::cards::Card,
    reasons: Vec<String>,
    /// The author's warn and block forms, about this contribution.
    warn: String,
    block: String,
    /// Hidden by the reports, waiting for a decision.
    pending: bool,
}

/// An objection waiting for the moderators.
pub struct ObjectionLine {
    card: super::participation::cards::Card,
    objection: String,
    href: String,
}

/// Query of the staff page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StaffQuery {
    #[serde(default)]
    hinweis: String,
}

/// A refused role grant or revocation: which account's form, which field, what was typed.
pub struct GrantError {
    account_id: i64,
    /// `role-{id}` or `dept-{id}` of the grant form, or the revoke button
    /// ([`revoke_control`]): the control the summary links to.
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

/// The id of the button that takes `role` (in `department`) from account `id`.
fn revoke_control(id: i64, role: &str, department: &str) -> String {
    if department.is_empty() {
        format!("revoke-{id}-{role}")
    } else {
        format!("revoke-{id}-{role}-{department}")
    }
}

impl StaffPage {
    fn error_on(&self, id: i64, field: &str) -> Option<&'static str> {
        self.error.as_ref().and_then(|e| e.on(id, field))
    }

    fn revoke_control(&self, id: i64, role: &str, department: &str) -> String {
        revoke_control(id, role, department)
    }

    /// The message of a refused revocation, on the button that was pressed.
    fn revoke_error(&self, control: &str) -> Option<&'static str> {
        self.error
            .as_ref()
            .filter(|e| e.control == control)
            .map(|e| e.code)
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
    ctx: Ctx,
    viewer: Viewer,
    Query(q): Query<StaffQuery>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(ctx.see_other(paths::LOGIN));
    };
    if let Some(to) = second_factor_first(ctx.lang, &actor) {
        return Ok(to);
    }
    let notice = match q.hinweis.as_str() {
        "meldungen" => Some("notice-reports-dismissed"),
        "widerspruch" => Some("notice-objection-answered"),
        "verwarnt" => Some("notice-account-warned"),
        "gesperrt" => Some("notice-account-blocked"),
        "entsperrt" => Some("notice-account-unblocked"),
        _ => None,
    };
    let v = ctx.state.app.staff_view(&actor).await?;
    let editorial = actor.has(Role::Admin) || actor.has(Role::Editor);
    staff_page(&ctx, v, None, notice, editorial)
}

fn staff_page(
    ctx: &Ctx,
    v: StaffView,
    error: Option<GrantError>,
    notice: Option<&'static str>,
    editorial: bool,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let label = |r: Role| ctx.state.i18n.label(lang, r);
    let admin = v.accounts.is_some();
    let accounts = v
        .accounts
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name, roles, confirmed)| AccountLine {
            id,
            name,
            roles: roles
                .into_iter()
                .map(|(r, d)| (r.as_str().to_owned(), d, label(r)))
                .collect(),
            confirmed,
        })
        .collect();
    let moderator = v.reports.is_some();
    let reports = v
        .reports
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let card = super::participation::cards::moderation_card(
                &r.contribution,
                lang,
                &ctx.state.i18n,
            );
            let about = format!("?beitrag={}", r.contribution.id);
            ReportLine {
                card,
                reasons: r.reasons,
                warn: format!("{}{about}", paths::staff_warn(r.author)),
                block: format!("{}{about}", paths::staff_block(r.author)),
                pending: r.pending_review,
            }
        })
        .collect();
    let objections = v
        .objections
        .into_iter()
        .map(|o| ObjectionLine {
            card: super::participation::cards::moderation_card(
                &o.contribution,
                lang,
                &ctx.state.i18n,
            ),
            objection: o.hiding.objection.unwrap_or_default(),
            href: paths::staff_objection(o.hiding.id),
        })
        .collect();
    let mut l = ctx.titled(paths::STAFF, "staff-title");
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
            objections,
            notice,
            editorial,
        },
        refused,
    )
}

/// A role change as posted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RoleForm {
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

fn grant_error(id: i64, errors: &[fahrplan_app::FieldError], form: RoleForm) -> GrantError {
    let (field, code) = errors
        .first()
        .map_or(("department", "error-department-unknown"), |e| {
            (e.field, e.code)
        });
    let control = if field == "role" {
        format!("role-{id}")
    } else {
        format!("dept-{id}")
    };
    GrantError {
        account_id: id,
        control,
        code,
        role: form.role,
        department: form.department,
    }
}

/// `POST /redaktion/konten/{id}/rollen`: grants a role (admins only).
pub async fn grant(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, WebError> {
    let departments = departments(&form.department);
    match ctx
        .state
        .app
        .admin_grant(&actor, id, &form.role, &departments)
        .await
    {
        Ok(()) => Ok(ctx.see_other(paths::STAFF)),
        Err(AppError::Invalid(errors)) => {
            // The refused form is shown on the whole staff page, so its data is read again.
            let v = ctx.state.app.staff_view(&actor).await?;
            staff_page(&ctx, v, Some(grant_error(id, &errors, form)), None, true)
        }
        Err(e) => Err(e.into()),
    }
}

async fn done(ctx: &Ctx, r: fahrplan_app::AppResult<impl Sized>) -> Result<Response, WebError> {
    r?;
    Ok(ctx.see_other(paths::STAFF))
}

/// `POST /redaktion/konten/{id}/rollen/entziehen`: takes a role away (admins only); the last
/// admin's admin role stays, and the page says so at the button.
pub async fn revoke(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let dept = form.department.trim();
    match app.admin_revoke(&actor, id, &form.role, dept).await {
        Err(AppError::Invalid(errors)) => {
            // The refusal is shown on the whole staff page, so its data is read again.
            let v = app.staff_view(&actor).await?;
            let code = errors.first().map_or("error-last-admin", |e| e.code);
            let error = GrantError {
                account_id: id,
                control: revoke_control(id, &form.role, dept),
                code,
                role: String::new(),
                department: String::new(),
            };
            staff_page(&ctx, v, Some(error), None, true)
        }
        other => done(&ctx, other).await,
    }
}

/// `POST /redaktion/konten/{id}/sitzungen`: ends every session of an account (admins only).
pub async fn end_sessions(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<RoleForm>,
) -> Result<Response, WebError> {
    done(&ctx, ctx.state.app.admin_end_sessions(&actor, id).await).await
}

/// `POST /redaktion/konten/{id}/zwei-faktor`: removes a lost second factor (admins only); the
/// account's sessions end and its next login asks for a new set-up.
pub async fn reset_second_factor(
    ctx: Ctx,
    StaffSession(actor): StaffSession,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<RoleForm>,
) -> Result<Response, WebError> {
    let r = ctx.state.app.reset_second_factor(Some(&actor), id).await;
    done(&ctx, r).await
}
