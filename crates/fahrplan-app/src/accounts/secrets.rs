//! Second-factor secrets between the use cases and the database: sealed before they are stored,
//! opened when a code is checked, and the pass at server start that seals what an older version
//! stored in plain text. A secret that does not open is an internal error naming the cause (an
//! operator's problem, logged where it is handled), never a wrong code.

use super::sealed::{SealError, TotpKey};
use crate::{App, AppError, AppResult};

/// What the start-up pass found.
#[derive(Debug, Default)]
pub struct SealReport {
    /// Values stored in plain text by an older version, sealed now.
    pub sealed: u64,
    /// Values that do not open with this key: the account id and why.
    pub unreadable: Vec<(i64, SealError)>,
}

impl App {
    /// The key that seals second-factor secrets (its id goes into logs; tests seal with it).
    pub fn totp_key(&self) -> &TotpKey {
        &self.accounts.totp_key
    }

    /// Seals every second-factor secret, confirmed or pending, that an older version stored in
    /// plain text, in one transaction; values sealed already are left as they are, so a second
    /// run (or another node starting at the same time) changes nothing. Values that do not open
    /// with this key are reported, not changed.
    pub async fn seal_second_factor_secrets(&self) -> AppResult<SealReport> {
        let key = &self.accounts.totp_key;
        let mut unreadable = Vec::new();
        let sealed = self
            .store
            .rewrite_totp_secrets(|id, stored| match key.open(id, stored) {
                Ok(_) => None,
                Err(SealError::Plain) => match key.seal(id, stored) {
                    Ok(sealed) => Some(sealed),
                    Err(_) => {
                        unreadable.push((id, SealError::Plain));
                        None
                    }
                },
                Err(e) => {
                    unreadable.push((id, e));
                    None
                }
            })
            .await?;
        Ok(SealReport { sealed, unreadable })
    }

    /// Seals a new secret of an account for storing.
    pub(crate) fn seal_totp(&self, account_id: i64, secret: &str) -> AppResult<String> {
        self.accounts
            .totp_key
            .seal(account_id, secret)
            .map_err(AppError::internal)
    }

    /// Opens a stored secret of an account; one that does not open is an internal error that
    /// says why and what the operator can do.
    pub(crate) fn open_totp(&self, account_id: i64, stored: &str) -> AppResult<String> {
        self.accounts
            .totp_key
            .open(account_id, stored)
            .map_err(|e| {
                AppError::internal(format!(
                    "the second-factor secret of account {account_id} does not open: {e}"
                ))
            })
    }
}
