//! Warnings and blocks of accounts (issue 17): a moderator (with the second factor) warns an
//! account with a reason, or blocks it with a reason until a moderator lifts the block. A
//! blocked account can neither post, reply, edit, support nor report; the person reads the
//! reason on `/konto` and as the refusal of every participation form. Each action is audited;
//! moderators see the display name only, never the email address.

use super::REASON_MAX;
use crate::accounts::{Actor, now};
use crate::text::{self, Messages};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::Role;
use fahrplan_domain::text::Shape;
use fahrplan_store::SanctionRow;

/// The reason of a warning or block: shown to the person.
const SANCTION_REASON: Messages = Messages {
    required: "error-sanction-reason-required",
    too_long: "error-reason-too-long",
    control: "error-reason-control",
};

/// What the moderators' warn and block forms show of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeratedAccount {
    /// Account id (in the form's address).
    pub id: i64,
    /// Display name ('' once deleted).
    pub name: String,
    /// Whether a block is in force.
    pub blocked: bool,
    /// Its warnings and blocks, oldest first.
    pub sanctions: Vec<SanctionRow>,
}

/// A warning or a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sanction {
    /// A warning: the person sees it, nothing is refused.
    Warning,
    /// A block: posting, replying, editing, supporting and reporting are refused until lifted.
    Block,
}

impl Sanction {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Block => "block",
        }
    }
}

/// What a participant's write depends on, read in one statement ([`App::standing`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Standing {
    /// Whether the consent for political opinions (Art. 9 DSGVO) is in force.
    pub consented: bool,
    /// The reason of the block in force, if any.
    pub block: Option<String>,
}

impl Standing {
    /// `Invalid` with the message that the account is blocked (field `blocked`, which the
    /// pages give to the notice with the reason) when it is.
    pub fn not_blocked(&self, actor: &Actor) -> AppResult<()> {
        if self.block.is_some() {
            tracing::info!(account = actor.account_id, "blocked account refused");
            return Err(AppError::Invalid(vec![FieldError {
                field: "blocked",
                code: "error-account-blocked",
            }]));
        }
        Ok(())
    }
}

impl App {
    /// The actor's consent and block, in one statement: posting and supporting run at the pace
    /// of a consultation's busiest evening, and each statement on SQLite is a hand-over to the
    /// connection's thread and back.
    pub(super) async fn standing(&self, actor: &Actor) -> AppResult<Standing> {
        let (consented, block) = self
            .store
            .standing(actor.account_id, crate::accounts::CONSENT_KIND)
            .await?;
        Ok(Standing { consented, block })
    }

    /// See [`Standing::not_blocked`].
    pub(super) async fn not_blocked(&self, actor: &Actor) -> AppResult<()> {
        self.standing(actor).await?.not_blocked(actor)
    }

    /// The reason of the block in force on the actor's account, if any.
    pub async fn my_block(&self, actor: &Actor) -> AppResult<Option<String>> {
        Ok(self.store.active_block(actor.account_id).await?)
    }

    /// The actor's own warnings and blocks, oldest first (for `/konto`).
    pub async fn my_sanctions(&self, actor: &Actor) -> AppResult<Vec<SanctionRow>> {
        Ok(self.store.sanctions_of(actor.account_id).await?)
    }

    /// An account for the moderators' forms (moderators only; `NotFound` once deleted).
    pub async fn account_for_moderation(
        &self,
        actor: &Actor,
        account: i64,
    ) -> AppResult<ModeratedAccount> {
        actor.require(Role::Moderator)?;
        let row = self.store.account(account).await?;
        if row.deleted_at.is_some() {
            return Err(AppError::NotFound);
        }
        Ok(ModeratedAccount {
            id: row.id,
            name: row.display_name,
            blocked: self.store.active_block(account).await?.is_some(),
            sanctions: self.store.sanctions_of(account).await?,
        })
    }

    /// Warns or blocks `account` with a reason shown to the person; `about` is the contribution
    /// it concerns, if any (its process counts it in the public figures). `Conflict` when
    /// blocking an account that is blocked already.
    pub async fn sanction_account(
        &self,
        actor: &Actor,
        account: i64,
        what: Sanction,
        reason: &str,
        about: Option<i64>,
    ) -> AppResult<()> {
        let target = self.account_for_moderation(actor, account).await?;
        let reason = text::required(reason, Shape::Lines, "reason", REASON_MAX, SANCTION_REASON)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        if what == Sanction::Block && target.blocked {
            return Err(AppError::Conflict);
        }
        let process = match about {
            Some(id) => match self.store.contribution(id).await {
                Ok(c) if c.author == account => Some(c.process),
                _ => None,
            },
            None => None,
        };
        self.store
            .add_sanction(
                account,
                what.as_str(),
                &reason,
                process.as_deref(),
                now(),
                actor.account_id,
            )
            .await?;
        let action = match what {
            Sanction::Warning => "account.warn",
            Sanction::Block => "account.block",
        };
        self.audit(
            Some(actor.account_id),
            action,
            &format!("account:{account}"),
            &reason,
        )
        .await
    }

    /// Lifts the block of `account`; `Conflict` when it is not blocked.
    pub async fn lift_block(&self, actor: &Actor, account: i64) -> AppResult<()> {
        self.account_for_moderation(actor, account).await?;
        if self
            .store
            .lift_blocks(account, now(), actor.account_id)
            .await?
            == 0
        {
            return Err(AppError::Conflict);
        }
        self.audit(
            Some(actor.account_id),
            "account.unblock",
            &format!("account:{account}"),
            "",
        )
        .await
    }
}
