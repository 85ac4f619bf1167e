//! Mails to authors about their contributions (issue 17): only to those who switched them on at
//! `/konto`, each with a one-click stop link whose token can do nothing else.

use crate::accounts::{Actor, new_token};
use crate::{App, AppError, AppResult};
use fahrplan_domain::paths;

/// What a mail to an author tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Notice {
    /// Their contribution got an answer.
    Answered,
    /// Someone replied in its thread.
    Replied,
}

impl App {
    /// Mails `account` that something happened to one of their contributions, if they asked
    /// for such mails; with the link and the one-click stop link.
    pub(super) async fn notify(&self, account: i64, what: Notice, path: &str) -> AppResult<()> {
        let (on, token) = self.store.notify_answers(account).await?;
        let (true, Some(token)) = (on, token) else {
            return Ok(());
        };
        let Some(email) = self.store.account(account).await?.email else {
            return Ok(());
        };
        let base = &self.accounts.base_url;
        let (subject, lead) = if what == Notice::Answered {
            (
                "Rückmeldung zu Ihrem Beitrag",
                "Ihr Beitrag hat eine Rückmeldung bekommen.",
            )
        } else {
            (
                "Antwort auf Ihren Beitrag",
                "Jemand hat auf Ihren Beitrag geantwortet.",
            )
        };
        let text = format!(
            "Guten Tag,\n\n{lead} Sie finden sie hier:\n{base}{path}\n\n\
             Sie bekommen diese Nachricht, weil Sie auf {site} Benachrichtigungen eingeschaltet \
             haben. Mit einem Klick stellen Sie sie ab:\n{base}{stop}?token={token}\n",
            site = self.accounts.site_name,
            stop = paths::NOTIFY_STOP,
        );
        self.mail_later(
            email,
            format!("{subject} – {}", self.accounts.site_name),
            text,
        );
        Ok(())
    }

    /// Whether the person gets mails about answers and replies to their contributions.
    pub async fn notifications(&self, actor: &Actor) -> AppResult<bool> {
        Ok(self.store.notify_answers(actor.account_id).await?.0)
    }

    /// Switches those mails on or off (audited, as every consent-like choice).
    pub async fn set_notifications(&self, actor: &Actor, on: bool) -> AppResult<()> {
        let token = on.then(new_token);
        self.store
            .set_notify_answers(actor.account_id, token.as_deref())
            .await?;
        self.audit(
            Some(actor.account_id),
            if on {
                "account.notify_on"
            } else {
                "account.notify_off"
            },
            &format!("account:{}", actor.account_id),
            "",
        )
        .await
    }

    /// Stops the mails of the account whose stop link carries `token`; `NotFound` for an
    /// unknown or used token.
    pub async fn stop_notifications(&self, token: &str) -> AppResult<()> {
        if token.is_empty() || token.len() > 100 {
            return Err(AppError::NotFound);
        }
        if self.store.stop_notify(token).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
