//! Feedback on accessibility (BITV 2.0 § 7 requires a way to report barriers): checked and stored.

use crate::{App, AppError, AppResult, FieldError};
use fahrplan_store::NewFeedback;

/// Longest accepted message, in characters.
pub const MESSAGE_MAX: usize = 5000;
/// Longest accepted name, email or page address, in characters.
pub const SHORT_MAX: usize = 300;

/// Feedback as typed into the form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct FeedbackInput {
    /// Message.
    #[serde(default)]
    pub message: String,
    /// Page concerned.
    #[serde(default)]
    pub page_url: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Email.
    #[serde(default)]
    pub email: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A plausible email address: one `@`, something on both sides, a dot in the domain, no spaces.
pub fn plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

/// Checks feedback input and returns every invalid field.
pub fn check_feedback(input: &FeedbackInput) -> Result<NewFeedback, Vec<FieldError>> {
    let mut errors = Vec::new();
    let message = input.message.trim();
    if message.is_empty() {
        errors.push(FieldError {
            field: "message",
            code: "error-message-required",
        });
    } else if message.chars().count() > MESSAGE_MAX {
        errors.push(FieldError {
            field: "message",
            code: "error-message-too-long",
        });
    }
    if input.page_url.chars().count() > SHORT_MAX {
        errors.push(FieldError {
            field: "page_url",
            code: "error-too-long",
        });
    }
    if input.name.chars().count() > SHORT_MAX {
        errors.push(FieldError {
            field: "name",
            code: "error-too-long",
        });
    }
    let email = input.email.trim();
    if !email.is_empty() && (email.chars().count() > SHORT_MAX || !plausible_email(email)) {
        errors.push(FieldError {
            field: "email",
            code: "error-email-invalid",
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewFeedback {
        page_url: opt(&input.page_url),
        message: message.to_owned(),
        name: opt(&input.name),
        email: opt(email),
    })
}

impl App {
    /// Checks and stores accessibility feedback, limited per client address; nothing is stored
    /// when a field is invalid.
    pub async fn submit_feedback(
        &self,
        client: crate::accounts::Client<'_>,
        input: &FeedbackInput,
    ) -> AppResult<i64> {
        self.limit(crate::ratelimit::Bucket::Feedback, client.ip)?;
        let f = check_feedback(input).map_err(AppError::Invalid)?;
        Ok(self.store.add_feedback(&f).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_message_is_refused() {
        let e = check_feedback(&FeedbackInput::default()).unwrap_err();
        assert_eq!(e[0].field, "message");
    }

    #[test]
    fn bad_email_is_refused_but_no_email_is_fine() {
        let mut i = FeedbackInput {
            message: "Kontrast zu schwach".into(),
            ..Default::default()
        };
        assert!(check_feedback(&i).is_ok());
        i.email = "nicht-gültig".into();
        assert_eq!(check_feedback(&i).unwrap_err()[0].field, "email");
    }

    #[test]
    fn overlong_message_is_refused() {
        let i = FeedbackInput {
            message: "x".repeat(MESSAGE_MAX + 1),
            ..Default::default()
        };
        assert_eq!(
            check_feedback(&i).unwrap_err()[0].code,
            "error-message-too-long"
        );
    }
}
