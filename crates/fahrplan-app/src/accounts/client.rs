//! The account use cases as a client asks for them through a form: each applies the rate limits
//! that protect it (per client address, per email address, per account) before the use case
//! itself, and gathers what its page shows, so that the web layer calls one function per
//! request and decides nothing.

use super::{Actor, LoginOutcome, NewSession, RegistrationInput, SessionInfo, normalise_email};
use crate::participation::Reported;
use crate::ratelimit::Bucket;
use crate::{App, AppError, AppResult};
use fahrplan_domain::Role;

/// Who sends a request, as far as the use cases need to know: the client address that rate
/// limits count (a /64 network for IPv6) and the browser's own name for the session list.
#[derive(Debug, Clone, Copy)]
pub struct Client<'a> {
    /// Client address or network, "unknown" when the server cannot tell.
    pub ip: &'a str,
    /// The `User-Agent` header, if sent.
    pub user_agent: Option<&'a str>,
}

/// What the account page ("Mein Konto") shows besides the actor itself.
#[derive(Debug, Clone)]
pub struct AccountView {
    /// The account's live sessions.
    pub sessions: Vec<SessionInfo>,
    /// Whether the consent for political opinions is given (Art. 9 DSGVO).
    pub consent: bool,
    /// The account's own email address (shown to its owner only).
    pub email: String,
    /// "Was wurde aus meinem Vorschlag?": what the person started, with its answer.
    pub mine: Vec<crate::participation::MyContribution>,
    /// Whether answers and replies are mailed to the person.
    pub notify: bool,
    /// The moderators' warnings and blocks of the account, oldest first, with their reasons.
    pub sanctions: Vec<fahrplan_store::SanctionRow>,
}

/// One account in the admins' list: id, display name, roles, confirmed (never the email).
pub type AccountLine = (i64, String, Vec<(Role, String)>, bool);

/// What the staff page (`/redaktion`) shows to one staff member.
#[derive(Debug, Clone)]
pub struct StaffView {
    /// The accounts, for admins; `None` for other staff.
    pub accounts: Option<Vec<AccountLine>>,
    /// The reported contributions, for moderators; `None` for other staff.
    pub reports: Option<Vec<Reported>>,
    /// The objections waiting for an answer, for moderators (empty for other staff).
    pub objections: Vec<crate::participation::Objection>,
}

impl App {
    /// A login through the form: at most so many tries per client address and, separately,
    /// per email address (so guessing one account's password from many addresses is slowed
    /// too); on success the session the browser had before ends (a fresh token at every login).
    pub async fn sign_in(
        &self,
        client: Client<'_>,
        (email, password): (&str, &str),
        previous: Option<&Actor>,
    ) -> AppResult<LoginOutcome> {
        self.limit(Bucket::Login, client.ip)?;
        self.limit(Bucket::Login, &format!("email:{}", normalise_email(email)))?;
        let out = self
            .login(email, password, Some(client.ip), client.user_agent)
            .await?;
        if let Some(old) = previous {
            self.logout(old).await?;
        }
        Ok(out)
    }

    /// A registration through the form, limited per client address.
    pub async fn sign_up(&self, client: Client<'_>, input: &RegistrationInput) -> AppResult<()> {
        self.limit(Bucket::Register, client.ip)?;
        self.register(input).await
    }

    /// A request for a password-reset link through the form, limited per client address.
    pub async fn ask_password_reset(&self, client: Client<'_>, email: &str) -> AppResult<()> {
        self.limit(Bucket::Reset, client.ip)?;
        self.request_password_reset(email).await
    }

    /// The second factor at login, limited per account.
    pub async fn give_second_factor(&self, actor: &Actor, code: &str) -> AppResult<NewSession> {
        self.limit_second_factor(actor).await?;
        self.second_factor(actor, code).await
    }

    /// Confirming a new authenticator app, limited per account like giving a code; refused
    /// (`Forbidden`) when the account has one already.
    pub async fn set_up_second_factor(
        &self,
        actor: &Actor,
        code: &str,
    ) -> AppResult<(Vec<String>, NewSession)> {
        self.limit_second_factor(actor).await?;
        if actor.has_totp {
            return Err(AppError::Forbidden);
        }
        self.confirm_totp(actor, code).await
    }

    /// The account page's data.
    pub async fn account_view(&self, actor: &Actor) -> AppResult<AccountView> {
        Ok(AccountView {
            sessions: self.my_sessions(actor).await?,
            consent: self.has_consent(actor).await?,
            email: self.my_email(actor).await?,
            mine: self.my_contributions(actor).await?,
            notify: self.notifications(actor).await?,
            sanctions: self.my_sanctions(actor).await?,
        })
    }

    /// The staff page's data: what each of the actor's staff roles may see; `Forbidden` for
    /// anybody without one (with its second factor).
    pub async fn staff_view(&self, actor: &Actor) -> AppResult<StaffView> {
        if !Role::ALL.iter().any(|r| r.is_staff() && actor.has(*r)) {
            return Err(AppError::Forbidden);
        }
        let accounts = if actor.has(Role::Admin) {
            Some(self.admin_accounts(actor).await?)
        } else {
            None
        };
        let reports = if actor.has(Role::Moderator) {
            Some(self.moderation_queue(actor).await?)
        } else {
            None
        };
        let objections = if actor.has(Role::Moderator) {
            self.open_objections(actor).await?
        } else {
            Vec::new()
        };
        Ok(StaffView {
            accounts,
            reports,
            objections,
        })
    }
}
