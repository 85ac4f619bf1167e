//! The public addresses of the site (docs/CONTRACTS.md, "URLs"), built in one place: links,
//! redirects, the sitemap, search hits and mail links all ask this module for their path, so an
//! address is decided once. Paths are German and carry no language; the English interface is
//! the same path under `/en` ([`english`]).
//!
//! A segment that comes from data is percent-encoded except for the unreserved characters of
//! RFC 3986 (section 2.3), which leaves every valid slug and department code
//! ([`crate::slug::is_valid_slug`]) as it is; a value in a query keeps `:` and `/` as well
//! (`measure:slug`, `area:2021/slug`). This module only builds strings: the router's patterns
//! live in the web crate.

use crate::TargetKind;

/// The start page.
pub const START: &str = "/";
/// The comparison of editions (2016 → 2021).
pub const COMPARISON: &str = "/strategie/vergleich";
/// The list of departments.
pub const DEPARTMENTS: &str = "/ressorts";
/// The process that wrote the default edition, as a timeline.
pub const ORIGIN: &str = "/entstehung";
/// The ethics council, a content page ([`page`]).
pub const COUNCIL: &str = "/rat-fuer-digitalethik";
/// The list of participation processes.
pub const PARTICIPATION: &str = "/mitmachen";
/// The search page (`?q=`).
pub const SEARCH: &str = "/suche";
/// The Impressum.
pub const IMPRESSUM: &str = "/impressum";
/// The privacy statement.
pub const PRIVACY: &str = "/datenschutz";
/// The accessibility statement with its feedback form.
pub const ACCESSIBILITY: &str = "/barrierefreiheit";
/// Content pages whose slug is a legal page's path: their text is the free-text part of that
/// page (the operator's data stays in configuration), edited like any content page. They are
/// not search results of their own and not listed twice in the sitemap.
pub const LEGAL_PAGES: &[&str] = &["impressum", "datenschutz", "barrierefreiheit"];

/// Whether the content page `slug` holds the text of a legal page ([`LEGAL_PAGES`]).
pub fn is_legal_page(slug: &str) -> bool {
    LEGAL_PAGES.contains(&slug)
}
/// The thanks after accessibility feedback.
pub const ACCESSIBILITY_THANKS: &str = "/barrierefreiheit/danke";
/// The overview in Leichte Sprache.
pub const EASY: &str = "/leichte-sprache";
/// The page about sign language.
pub const SIGN: &str = "/gebaerdensprache";
/// The login form.
pub const LOGIN: &str = "/anmelden";
/// The form of the second factor after the password.
pub const SECOND_FACTOR: &str = "/anmelden/zweiter-faktor";
/// Logout (POST).
pub const LOGOUT: &str = "/abmelden";
/// The registration form.
pub const REGISTER: &str = "/registrieren";
/// The page after registering.
pub const REGISTER_THANKS: &str = "/registrieren/danke";
/// The confirmation of a new account (`?token=` from the mail).
pub const REGISTER_CONFIRM: &str = "/registrieren/bestaetigen";
/// The form asking for a password reset.
pub const FORGOT: &str = "/passwort-vergessen";
/// The page after asking for a password reset.
pub const FORGOT_SENT: &str = "/passwort-vergessen/gesendet";
/// The form setting a new password (`?token=` from the mail).
pub const RESET: &str = "/passwort-neu";
/// One's own account.
pub const ACCOUNT: &str = "/konto";
/// Changing one's display name (POST).
pub const ACCOUNT_NAME: &str = "/konto/name";
/// Changing one's password (POST).
pub const ACCOUNT_PASSWORD: &str = "/konto/passwort";
/// Asking to change one's email address (POST).
pub const ACCOUNT_EMAIL: &str = "/konto/email";
/// The confirmation of a new email address (`?token=` from the mail).
pub const ACCOUNT_EMAIL_CONFIRM: &str = "/konto/email/bestaetigen";
/// Ending another of one's sessions (POST).
pub const ACCOUNT_SESSIONS: &str = "/konto/sitzungen";
/// Extending the current session (POST).
pub const ACCOUNT_SESSION: &str = "/konto/sitzung";
/// Giving or withdrawing the consent to participate (POST).
pub const ACCOUNT_CONSENT: &str = "/konto/einwilligung";
/// Downloading one's data (POST).
pub const ACCOUNT_DATA: &str = "/konto/daten";
/// Deleting one's account (POST).
pub const ACCOUNT_DELETE: &str = "/konto/loeschen";
/// Setting up the second factor.
pub const ACCOUNT_SECOND_FACTOR: &str = "/konto/zwei-faktor";
/// Mails about answers and replies to one's contributions, on or off (POST).
pub const ACCOUNT_NOTIFY: &str = "/konto/benachrichtigungen";
/// The one-click stop link of those mails (`?token=`; GET shows the button, POST stops).
pub const NOTIFY_STOP: &str = "/konto/benachrichtigungen/abbestellen";
/// The editorial area (staff).
pub const STAFF: &str = "/redaktion";

/// The same page with the English interface: `/en` before the path, `/en/` for the start page.
pub fn english(path: &str) -> String {
    if path == START {
        "/en/".to_owned()
    } else {
        format!("/en{path}")
    }
}

/// `path` with the notice `hinweis` a page shows after a change.
pub fn notice(path: &str, notice: &str) -> String {
    format!("{path}?hinweis={}", query_value(notice))
}

/// An edition: `/strategie/{edition}`.
pub fn edition(slug: &str) -> String {
    format!("/strategie/{}", segment(slug))
}

/// An area of an edition: `/strategie/{edition}/{area}`.
pub fn area(edition: &str, area: &str) -> String {
    format!("/strategie/{}/{}", segment(edition), segment(area))
}

/// A goal: `/ziele/{slug}`.
pub fn goal(slug: &str) -> String {
    format!("/ziele/{}", segment(slug))
}

/// A measure: `/massnahmen/{slug}`.
pub fn measure(slug: &str) -> String {
    format!("/massnahmen/{}", segment(slug))
}

/// A department: `/ressorts/{code}`.
pub fn department(code: &str) -> String {
    format!("/ressorts/{}", segment(code))
}

/// The implementation overview.
pub const UMSETZUNG: &str = "/umsetzung";
/// The regional view, listing indicators with values per region.
pub const REGIONS: &str = "/umsetzung/regionen";
/// Today's Fortschrittsbericht.
pub const REPORT: &str = "/umsetzung/bericht";

/// An indicator: `/umsetzung/indikatoren/{slug}`.
pub fn indicator(slug: &str) -> String {
    format!("/umsetzung/indikatoren/{}", segment(slug))
}

/// An indicator's values as CSV: `/umsetzung/indikatoren/{slug}/werte.csv`.
pub fn indicator_csv(slug: &str) -> String {
    format!("{}/werte.csv", indicator(slug))
}

/// The form that reports an indicator's value: `/umsetzung/indikatoren/{slug}/wert-melden`.
pub fn report_value(slug: &str) -> String {
    format!("{}/wert-melden", indicator(slug))
}

/// The form that reports a measure's status: `/massnahmen/{slug}/status-melden`.
pub fn report_status(slug: &str) -> String {
    format!("{}/status-melden", measure(slug))
}

/// An indicator per region: `/umsetzung/regionen/{indicator}`.
pub fn regional(slug: &str) -> String {
    format!("{REGIONS}/{}", segment(slug))
}

/// The regional view with its table sorted by a column (a path segment, so the page cache keeps
/// it): `/umsetzung/regionen/{indicator}/sortiert/{column}`.
pub fn regional_sorted(slug: &str, column: &str) -> String {
    format!("{}/{}", regional_sort_base(slug), segment(column))
}

/// The address the columns of the regional table are appended to:
/// `/umsetzung/regionen/{indicator}/sortiert`.
pub fn regional_sort_base(slug: &str) -> String {
    format!("{}/sortiert", regional(slug))
}

/// The values of the regional view as CSV: `/umsetzung/regionen/{indicator}/werte.csv`.
pub fn regional_csv(slug: &str) -> String {
    format!("{}/werte.csv", regional(slug))
}

/// What a department leads, with status counts and budget: `/umsetzung/ressorts/{code}`.
pub fn department_umsetzung(code: &str) -> String {
    format!("/umsetzung/ressorts/{}", segment(code))
}

/// The Fortschrittsbericht as of a day: `/umsetzung/bericht/YYYY-MM-DD`.
pub fn report_on(day: (i32, u8, u8)) -> String {
    format!("{REPORT}/{:04}-{:02}-{:02}", day.0, day.1, day.2)
}

/// A content page: `/{slug}`.
pub fn page(slug: &str) -> String {
    format!("/{}", segment(slug))
}

/// The page of what a contribution is about, `None` for the process itself (the contribution
/// is on the process's page). An area's key is `edition/slug`.
pub fn target(kind: TargetKind, key: &str) -> Option<String> {
    match kind {
        TargetKind::Process => None,
        TargetKind::Edition => Some(edition(key)),
        TargetKind::Area => Some(match key.split_once('/') {
            Some((e, a)) => area(e, a),
            None => edition(key),
        }),
        TargetKind::Goal => Some(goal(key)),
        TargetKind::Measure => Some(measure(key)),
        TargetKind::Block => text_page(key.split_once('#').map_or(key, |(e, _)| e)),
    }
}

/// The public page that shows the texts of entity `entity` (`edition:{slug}`,
/// `area:{edition}/{slug}`, `goal:{slug}`, `measure:{slug}`, `process:{slug}`, `page:{slug}`),
/// `None` for an entity without a page of its own.
pub fn text_page(entity: &str) -> Option<String> {
    let (kind, key) = entity.split_once(':')?;
    match kind {
        "edition" => Some(edition(key)),
        "area" => key.split_once('/').map(|(e, a)| area(e, a)),
        "goal" => Some(goal(key)),
        "measure" => Some(measure(key)),
        "process" => Some(process(key)),
        "page" => Some(page(key)),
        _ => None,
    }
}

/// The form for a comment on block `block` of text `text` (`{entity}#{field}`), which also lists
/// the comments on it: `/mitmachen/{process}/kommentieren/{text}/{block}`.
pub fn annotate(process_slug: &str, text: &str, block: &str) -> String {
    format!(
        "{}/kommentieren/{}/{}",
        process(process_slug),
        segment(text),
        segment(block)
    )
}

/// An imported document's page: `/dokumente/{id}`, the importer's id percent-encoded.
pub fn document(id: &str) -> String {
    format!("/dokumente/{}", segment(id))
}

/// A participation process with its contributions and its form: `/mitmachen/{process}`.
pub fn process(slug: &str) -> String {
    format!("{PARTICIPATION}/{}", segment(slug))
}

/// A process's form with `target` (`kind:key`) chosen and the list narrowed to it.
pub fn participate(process_slug: &str, target: &str) -> String {
    let t = query_value(target);
    format!("{}?bezug={t}&zu={t}#mitmachen", process(process_slug))
}

/// A process's page with a notice, scrolled to contribution `id`.
pub fn process_notice(process_slug: &str, notice_key: &str, id: i64) -> String {
    format!(
        "{}#{}",
        notice(&process(process_slug), notice_key),
        anchor(id)
    )
}

/// A contribution with its replies: `/mitmachen/{process}/beitraege/{id}`.
pub fn contribution(process_slug: &str, id: i64) -> String {
    format!("{}/beitraege/{id}", process(process_slug))
}

/// Contribution `id` in the thread of `thread` (itself, or the contribution it answers).
pub fn contribution_in_thread(process_slug: &str, thread: i64, id: i64) -> String {
    format!("{}#{}", contribution(process_slug, thread), anchor(id))
}

/// The thread of `thread` with a notice, scrolled to contribution `id`.
pub fn contribution_notice(process_slug: &str, thread: i64, notice_key: &str, id: i64) -> String {
    format!(
        "{}#{}",
        notice(&contribution(process_slug, thread), notice_key),
        anchor(id)
    )
}

/// The answer form of a contribution (staff): `/mitmachen/{process}/beitraege/{id}/rueckmeldung`.
pub fn contribution_answer(process_slug: &str, id: i64) -> String {
    format!("{}/rueckmeldung", contribution(process_slug, id))
}

/// A process's Abwägungstabelle: `/mitmachen/{process}/abwaegung`.
pub fn consideration(process_slug: &str) -> String {
    format!("{}/abwaegung", process(process_slug))
}

/// The Abwägungstabelle as CSV: `/mitmachen/{process}/abwaegung.csv`.
pub fn consideration_csv(process_slug: &str) -> String {
    format!("{}/abwaegung.csv", process(process_slug))
}

/// A process's figures (contributions, answered, adopted): `/mitmachen/{process}/ergebnisse`.
pub fn process_results(process_slug: &str) -> String {
    format!("{}/ergebnisse", process(process_slug))
}

/// What can be done to a contribution, each a path below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContributionAction {
    /// Reply in its thread (POST).
    Reply,
    /// The author edits it.
    Edit,
    /// The author withdraws it.
    Withdraw,
    /// Support it (POST).
    Support,
    /// Take one's support back (POST).
    WithdrawSupport,
    /// Report it to the moderators.
    Report,
    /// A moderator hides it.
    Hide,
    /// A moderator shows it again (POST).
    Restore,
    /// Its author objects to its hiding.
    Object,
}

impl ContributionAction {
    /// Every action.
    pub const ALL: [ContributionAction; 9] = [
        Self::Reply,
        Self::Edit,
        Self::Withdraw,
        Self::Support,
        Self::WithdrawSupport,
        Self::Report,
        Self::Hide,
        Self::Restore,
        Self::Object,
    ];

    /// The last segment of the action's path.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Reply => "antworten",
            Self::Edit => "bearbeiten",
            Self::Withdraw => "zurueckziehen",
            Self::Support => "unterstuetzen",
            Self::WithdrawSupport => "unterstuetzung-zuruecknehmen",
            Self::Report => "melden",
            Self::Hide => "ausblenden",
            Self::Restore => "einblenden",
            Self::Object => "widersprechen",
        }
    }
}

/// An action on a contribution: `/mitmachen/{process}/beitraege/{id}/{action}`.
pub fn contribution_action(process_slug: &str, id: i64, action: ContributionAction) -> String {
    format!("{}/{}", contribution(process_slug, id), action.segment())
}

/// Closing the reports of a contribution without hiding it (POST, moderators).
pub fn staff_dismiss_reports(contribution: i64) -> String {
    format!("{STAFF}/meldungen/{contribution}/zurueckweisen")
}

/// The public moderation figures of a process: `/mitmachen/{process}/moderation`.
pub fn process_moderation(process_slug: &str) -> String {
    format!("{}/moderation", process(process_slug))
}

/// A moderator answers an objection to hiding `hiding`: `/redaktion/widersprueche/{hiding}`.
pub fn staff_objection(hiding: i64) -> String {
    format!("{STAFF}/widersprueche/{hiding}")
}

/// A moderator warns an account (form): `/redaktion/konten/{account}/verwarnen`.
pub fn staff_warn(account: i64) -> String {
    format!("{STAFF}/konten/{account}/verwarnen")
}

/// A moderator blocks an account (form): `/redaktion/konten/{account}/sperren`.
pub fn staff_block(account: i64) -> String {
    format!("{STAFF}/konten/{account}/sperren")
}

/// A moderator lifts an account's block (POST): `/redaktion/konten/{account}/entsperren`.
pub fn staff_unblock(account: i64) -> String {
    format!("{STAFF}/konten/{account}/entsperren")
}

/// Granting a role to an account (POST, admins).
pub fn staff_roles(account: i64) -> String {
    format!("{STAFF}/konten/{account}/rollen")
}

/// Taking a role from an account (POST, admins).
pub fn staff_revoke_role(account: i64) -> String {
    format!("{}/entziehen", staff_roles(account))
}

/// Ending every session of an account (POST, admins).
pub fn staff_sessions(account: i64) -> String {
    format!("{STAFF}/konten/{account}/sitzungen")
}

/// Removing an account's second factor (POST, admins).
pub fn staff_second_factor(account: i64) -> String {
    format!("{STAFF}/konten/{account}/zwei-faktor")
}

/// The fragment that names a contribution on its thread or process page.
fn anchor(id: i64) -> String {
    format!("beitrag-{id}")
}

/// A path segment: everything but the unreserved characters percent-encoded.
fn segment(s: &str) -> String {
    encode(s, b"")
}

/// A value in a query: like a segment, but `:` and `/` stay (RFC 3986, section 3.4).
fn query_value(s: &str) -> String {
    encode(s, b":/")
}

fn encode(s: &str, also_keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || also_keep.contains(&b)
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
