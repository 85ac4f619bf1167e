//! Free text of a form field as the use cases take it: cleaned by
//! [`fahrplan_domain::text::clean`] (NFC, `\n` line breaks, no control characters, something
//! visible), measured after cleaning, and every refusal turned into the field's own message.
//! The rules themselves live in the domain; this module only names the messages.

use crate::FieldError;
use fahrplan_domain::text::{Shape, TextError, clean};

/// The message ids of one field's refusals.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Messages {
    /// Nothing visible was typed.
    pub required: &'static str,
    /// Longer than the field takes.
    pub too_long: &'static str,
    /// A control character the field does not take.
    pub control: &'static str,
}

/// A required field: the cleaned text, or the field's error.
pub(crate) fn required(
    raw: &str,
    shape: Shape,
    field: &'static str,
    max: usize,
    m: Messages,
) -> Result<String, FieldError> {
    let code = match clean(raw, shape) {
        Ok(text) if text.chars().count() <= max => return Ok(text),
        Ok(_) => m.too_long,
        Err(TextError::Control) => m.control,
        Err(TextError::Blank) => m.required,
    };
    Err(FieldError { field, code })
}

/// An optional field: `None` when nothing visible was typed, the cleaned text, or the field's
/// error (`too_long`, `control`).
pub(crate) fn optional(
    raw: &str,
    shape: Shape,
    field: &'static str,
    max: usize,
    (too_long, control): (&'static str, &'static str),
) -> Result<Option<String>, FieldError> {
    let m = Messages {
        // Never shown: a blank optional field is no error.
        required: control,
        too_long,
        control,
    };
    if clean(raw, shape) == Err(TextError::Blank) {
        return Ok(None);
    }
    required(raw, shape, field, max, m).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: Messages = Messages {
        required: "error-x-required",
        too_long: "error-x-too-long",
        control: "error-x-control",
    };

    fn code(r: Result<impl std::fmt::Debug, FieldError>) -> &'static str {
        r.unwrap_err().code
    }

    #[test]
    fn each_refusal_has_its_message_and_the_length_counts_after_cleaning() {
        assert_eq!(
            code(required("", Shape::Line, "x", 3, M)),
            "error-x-required"
        );
        assert_eq!(
            code(required("\u{0}", Shape::Line, "x", 3, M)),
            "error-x-control"
        );
        assert_eq!(
            code(required("abcd", Shape::Line, "x", 3, M)),
            "error-x-too-long"
        );
        // Three characters once composed, four as typed.
        assert_eq!(
            required("a\u{308}bc", Shape::Line, "x", 3, M).unwrap(),
            "äbc"
        );
        assert_eq!(required(" abc ", Shape::Line, "x", 3, M).unwrap(), "abc");
    }

    #[test]
    fn an_optional_field_without_visible_text_is_none_but_other_refusals_stay() {
        let o = (M.too_long, M.control);
        assert_eq!(optional("\u{200B}", Shape::Line, "x", 3, o).unwrap(), None);
        assert_eq!(
            optional("a", Shape::Line, "x", 3, o).unwrap().as_deref(),
            Some("a")
        );
        assert_eq!(
            code(optional("\u{1b}", Shape::Line, "x", 3, o)),
            "error-x-control"
        );
        assert_eq!(
            code(optional("abcd", Shape::Line, "x", 3, o)),
            "error-x-too-long"
        );
        assert_eq!(
            required("x", Shape::Line, "feld", 3, M).map_err(|e| e.field),
            Ok("x".into())
        );
        assert_eq!(code(required("", Shape::Line, "feld", 3, M)), M.required);
        assert_eq!(
            required("", Shape::Line, "feld", 3, M).unwrap_err().field,
            "feld"
        );
    }
}
