//! Feedback on accessibility (BITV 2.0 § 7 requires a way to report barriers): checked and stored.

use crate::text::{self, Messages};
use crate::{App, AppError, AppResult, FieldError};
use fahrplan_domain::link;
use fahrplan_domain::text::Shape;
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

/// A plausible email address: one `@`, something on both sides, a dot in the domain, no spaces
/// and no control characters.
pub fn plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

const MESSAGE: Messages = Messages {
    required: "error-message-required",
    too_long: "error-message-too-long",
    control: "error-message-control",
};

/// A page address is kept only as a web address or a path on this site (never `javascript:`),
/// so whoever reads the feedback can follow it safely; any other text is refused.
const PAGE_URL_INVALID: &str = "error-page-url-invalid";

/// Checks feedback input and returns every invalid field.
pub fn check_feedback(input: &FeedbackInput) -> Result<NewFeedback, Vec<FieldError>> {
    let mut errors = Vec::new();
    let message = text::required(
        &input.message,
        Shape::Lines,
        "message",
        MESSAGE_MAX,
        MESSAGE,
    )
    .map_err(|e| errors.push(e))
    .ok();
    let page_url = text::optional(
        &input.page_url,
        Shape::Line,
        "page_url",
        SHORT_MAX,
        ("error-too-long", PAGE_URL_INVALID),
    )
    .and_then(|url| match url {
        Some(u) if !link::is_safe_link(&u) => Err(FieldError {
            field: "page_url",
            code: PAGE_URL_INVALID,
        }),
        other => Ok(other),
    })
    .map_err(|e| errors.push(e))
    .ok()
    .flatten();
    let name = text::optional(
        &input.name,
        Shape::Line,
        "name",
        SHORT_MAX,
        ("error-too-long", "error-feedback-name-control"),
    )
    .map_err(|e| errors.push(e))
    .ok()
    .flatten();
    let email = input.email.trim();
    if !email.is_empty() && (email.chars().count() > SHORT_MAX || !plausible_email(email)) {
        errors.push(FieldError {
            field: "email",
            code: "error-email-invalid",
        });
    }
    match message {
        Some(message) if errors.is_empty() => Ok(NewFeedback {
            page_url,
            message,
            name,
            email: (!email.is_empty()).then(|| email.to_owned()),
        }),
        _ => Err(errors),
    }
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

    fn with_page(page_url: &str) -> FeedbackInput {
        FeedbackInput {
            message: "Kontrast zu schwach".into(),
            page_url: page_url.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_page_url_that_is_neither_a_web_address_nor_a_site_path_is_refused() {
        for bad in [
            "javascript:alert(33)",
            " JavaScript:alert(33) ",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/",
            "/\\evil.example/",
            "/\t/evil.example",
            "strategie/2021",
        ] {
            let e = check_feedback(&with_page(bad)).unwrap_err();
            assert_eq!(
                (e[0].field, e[0].code),
                ("page_url", "error-page-url-invalid"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_web_address_or_site_path_is_kept_and_an_empty_one_is_none() {
        for (typed, kept) in [
            (" /strategie/2021 ", Some("/strategie/2021")),
            (
                "https://portal.example/suche?q=a",
                Some("https://portal.example/suche?q=a"),
            ),
            ("HTTP://portal.example/", Some("HTTP://portal.example/")),
            ("", None),
            ("  ", None),
        ] {
            let f = check_feedback(&with_page(typed)).unwrap();
            assert_eq!(f.page_url.as_deref(), kept, "{typed:?}");
        }
    }

    #[test]
    fn control_characters_in_message_or_name_are_refused_and_text_is_normalised() {
        let mut i = with_page("");
        i.message = "Barriere\u{1b}[2J".into();
        i.name = "Eri\u{0}ka".into();
        let e = check_feedback(&i).unwrap_err();
        assert_eq!(
            e.iter().map(|f| (f.field, f.code)).collect::<Vec<_>>(),
            [
                ("message", "error-message-control"),
                ("name", "error-feedback-name-control")
            ]
        );
        i.message = "\u{200B}\u{200B}".into();
        i.name = "Eri\u{301}ka".into();
        let e = check_feedback(&i).unwrap_err();
        assert_eq!(
            (e[0].field, e[0].code),
            ("message", "error-message-required")
        );
        i.message = "Zeile\r\nzwei".into();
        let f = check_feedback(&i).unwrap();
        assert_eq!(f.message, "Zeile\nzwei");
        assert_eq!(f.name.as_deref(), Some("Eríka"));
    }

    #[test]
    fn an_email_with_a_control_character_is_not_plausible() {
        assert!(!plausible_email("a\u{0}b@example.org"));
        assert!(!plausible_email("ab@exa\u{7f}mple.org"));
        assert!(plausible_email("ab@example.org"));
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
