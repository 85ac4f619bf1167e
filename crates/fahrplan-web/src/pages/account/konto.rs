//! The account page ("Mein Konto"): name, email, password, sessions, second factor, consent,
//! "Meine Daten" and deletion. Every form carries the session's CSRF token; a refused form
//! re-renders the whole page with its errors.

use crate::Lang;
use crate::error::WebError;
use crate::extract::{CsrfForm, Ctx, FullSession, Session};
use crate::layout::Layout;
use crate::pages::datetime;
use crate::pages::forms::{FormState, form_page, second_factor_first};
use crate::session::{Viewer, clear_cookie};
use askama::Template;
use axum::extract::Query;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use fahrplan_app::AppError;
use fahrplan_app::accounts::{AccountView, Actor, SessionInfo};
use fahrplan_domain::paths;

/// One session row on the page.
pub struct SessionLine {
    id: String,
    started: String,
    last_seen: String,
    browser: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "account/konto.html")]
struct KontoPage {
    l: Layout,
    f: FormState,
    current_name: String,
    email: String,
    new_email: String,
    sessions: Vec<SessionLine>,
    has_totp: bool,
    consent: bool,
    notice: Option<&'static str>,
    roles: Vec<String>,
    /// The moderators' warnings and blocks: (kind key, reason, date, block in force).
    sanctions: Vec<(&'static str, String, String, bool)>,
    mine: Vec<MineLine>,
    notify: bool,
}

/// One of the person's contributions in "Was wurde aus meinem Vorschlag?".
pub struct MineLine {
    href: String,
    title: String,
    process: String,
    kind: String,
    when: String,
    state: String,
    answer: String,
    answer_wire: &'static str,
    replies: i64,
    supports: i64,
}

fn mine_lines(l: &Layout, mine: Vec<fahrplan_app::participation::MyContribution>) -> Vec<MineLine> {
    use fahrplan_domain::ContributionState;
    mine.into_iter()
        .map(|m| MineLine {
            title: if m.title.is_empty() {
                m.excerpt
            } else {
                m.title
            },
            process: m.process_title,
            kind: l.label(m.kind),
            when: datetime(m.created_at, l.lang),
            state: match m.state {
                ContributionState::Visible => String::new(),
                ContributionState::Hidden => l.t("mine-hidden"),
                ContributionState::Withdrawn => l.t("mine-withdrawn"),
            },
            answer: m
                .answer
                .as_ref()
                .map_or_else(|| l.t("answer-none-short"), |a| l.label(a.state)),
            answer_wire: m.answer.as_ref().map_or("none", |a| a.state.as_str()),
            replies: m.replies,
            supports: m.supports,
            href: m.href,
        })
        .collect()
}

fn lines(sessions: Vec<SessionInfo>, lang: Lang) -> Vec<SessionLine> {
    sessions
        .into_iter()
        .map(|s| SessionLine {
            id: s.id,
            started: datetime(s.created_at, lang),
            last_seen: datetime(s.last_seen_at, lang),
            browser: s.user_agent,
            current: s.current,
        })
        .collect()
}

/// Query of the account page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct KontoQuery {
    #[serde(default)]
    hinweis: String,
}

fn notice_key(n: &str) -> Option<&'static str> {
    match n {
        "name" => Some("notice-name-saved"),
        "passwort" => Some("notice-password-changed"),
        "email" => Some("notice-email-sent"),
        "sitzung" => Some("notice-session-ended"),
        "verlaengert" => Some("notice-session-extended"),
        "einwilligung" => Some("notice-consent-saved"),
        "benachrichtigungen" => Some("notice-notify-saved"),
        _ => None,
    }
}

/// What a refused form of the page keeps: its errors, the name and new address typed.
#[derive(Default)]
struct Kept {
    f: FormState,
    name: Option<String>,
    new_email: String,
}

fn page(
    ctx: &Ctx,
    actor: &Actor,
    v: AccountView,
    kept: Kept,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let mut l = ctx.titled(paths::ACCOUNT, "account-title");
    let refused = !kept.f.errors.is_empty();
    l.has_errors = refused;
    let roles = actor
        .roles
        .iter()
        .map(|(r, d)| {
            let label = ctx.state.i18n.label(ctx.lang, *r);
            if d.is_empty() {
                label.to_owned()
            } else {
                format!("{label} ({d})")
            }
        })
        .collect();
    let sanctions = v
        .sanctions
        .iter()
        .map(|s| {
            let block = s.kind == "block";
            (
                if block {
                    "sanction-kind-block"
                } else {
                    "sanction-kind-warning"
                },
                s.reason.clone(),
                datetime(s.created_at, ctx.lang),
                block && s.lifted_at.is_none(),
            )
        })
        .collect();
    form_page(
        &KontoPage {
            sanctions,
            l,
            f: kept.f,
            current_name: kept.name.unwrap_or_else(|| actor.display_name.clone()),
            email: v.email,
            new_email: kept.new_email,
            sessions: lines(v.sessions, ctx.lang),
            has_totp: actor.has_totp,
            consent: v.consent,
            notice,
            roles,
            notify: v.notify,
            mine: mine_lines(&ctx.titled(paths::ACCOUNT, "account-title"), v.mine),
        },
        refused,
    )
}

/// `GET /konto`: staff who still owe the second factor are sent to give or set it up.
pub async fn show_account(
    ctx: Ctx,
    viewer: Viewer,
    Query(q): Query<KontoQuery>,
) -> Result<Response, WebError> {
    let Some(actor) = viewer.0 else {
        return Ok(ctx.see_other(paths::LOGIN));
    };
    if let Some(to) = second_factor_first(ctx.lang, &actor) {
        return Ok(to);
    }
    let v = ctx.state.app.account_view(&actor).await?;
    page(&ctx, &actor, v, Kept::default(), notice_key(&q.hinweis))
}

/// Every form of the account page, as posted (each sends only its own fields).
#[derive(Debug, Default, serde::Deserialize)]
pub struct KontoForm {
    #[serde(default)]
    notify: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    email_password: String,
    #[serde(default)]
    export_password: String,
    #[serde(default)]
    delete_password: String,
    #[serde(default)]
    session: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    back: String,
}

/// The answer to a form of the page: back to the page with a notice, or the page again with
/// the errors and what was typed.
async fn outcome(
    ctx: &Ctx,
    actor: &Actor,
    form: KontoForm,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(ctx.see_other(&paths::notice(paths::ACCOUNT, done))),
        Err(AppError::Invalid(errors)) => {
            // A refused form shows the whole page again, so its data is read once more.
            let v = ctx.state.app.account_view(actor).await?;
            let kept = Kept {
                f: FormState::new(errors),
                name: Some(form.display_name).filter(|n| !n.is_empty()),
                new_email: form.new_email,
            };
            page(ctx, actor, v, kept, None)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /konto/name`.
pub async fn change_name(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    let r = ctx
        .state
        .app
        .change_display_name(&actor, &form.display_name)
        .await;
    outcome(&ctx, &actor, form, r, "name").await
}

/// `POST /konto/passwort`: other sessions end.
pub async fn change_password(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    let r = ctx
        .state
        .app
        .change_password(&actor, &form.current_password, &form.new_password)
        .await;
    outcome(&ctx, &actor, form, r, "passwort").await
}

/// `POST /konto/email`: a link to the new address.
pub async fn change_email(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    let r = ctx
        .state
        .app
        .request_email_change(&actor, &form.email_password, &form.new_email)
        .await;
    outcome(&ctx, &actor, form, r, "email").await
}

/// `POST /konto/sitzungen`: ends one of the account's own sessions.
pub async fn end_session(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    ctx.state.app.revoke_session(&actor, &form.session).await?;
    Ok(ctx.see_other(&paths::notice(paths::ACCOUNT, "sitzung")))
}

/// `POST /konto/sitzung`: extends the session (the warning before it ends offers this).
pub async fn extend_session(
    ctx: Ctx,
    Session(actor): Session,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    ctx.state.app.extend_session(&actor).await?;
    let back = form.back.trim();
    // Only a path of this site, in plain visible ASCII (no other host, no header tricks).
    if back.starts_with('/')
        && !back.starts_with("//")
        && back.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
    {
        return Ok(axum::response::Redirect::to(back).into_response());
    }
    Ok(ctx.see_other(&paths::notice(paths::ACCOUNT, "verlaengert")))
}

/// `POST /konto/einwilligung`: gives or withdraws the consent.
pub async fn set_consent(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    ctx.state
        .app
        .set_consent(&actor, form.consent == "yes")
        .await?;
    Ok(ctx.see_other(&paths::notice(paths::ACCOUNT, "einwilligung")))
}

/// `POST /konto/benachrichtigungen`: mails about answers and replies on or off.
pub async fn set_notifications(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    ctx.state
        .app
        .set_notifications(&actor, form.notify == "yes")
        .await?;
    Ok(ctx.see_other(&paths::notice(paths::ACCOUNT, "benachrichtigungen")))
}

/// `POST /konto/daten`: "Meine Daten" as a ZIP download, after the password.
pub async fn export(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    match ctx
        .state
        .app
        .export_my_data(&actor, &form.export_password)
        .await
    {
        Ok(x) => {
            let mut res = x.zip.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            );
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename=\"{}\"", x.file_name))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(res)
        }
        Err(e) => outcome(&ctx, &actor, form, Err(e), "").await,
    }
}

/// `POST /konto/loeschen`: deletes the account and ends every session.
pub async fn delete(
    ctx: Ctx,
    FullSession(actor): FullSession,
    CsrfForm(form): CsrfForm<KontoForm>,
) -> Result<Response, WebError> {
    match ctx
        .state
        .app
        .delete_account(&actor, &form.delete_password)
        .await
    {
        Ok(()) => {
            let mut res = ctx.see_other(&paths::notice(paths::LOGIN, "geloescht"));
            res.headers_mut().append(header::SET_COOKIE, clear_cookie());
            Ok(res)
        }
        Err(e) => outcome(&ctx, &actor, form, Err(e), "").await,
    }
}
