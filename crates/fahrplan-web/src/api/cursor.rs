//! Cursors of list endpoints: the key of the last item a page held, sealed into an opaque
//! token so clients pass it back unchanged instead of building their own (docs/API.md). A
//! cursor names a position in a stable order, not a page number, so pages neither skip nor
//! repeat items while the list changes.

use crate::error::WebError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fahrplan_app::FieldError;

/// The version prefix inside every cursor; a cursor of another version is refused.
const VERSION: &str = "v1:";

/// The cursor that continues a list after `key`.
pub fn seal(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{VERSION}{key}"))
}

/// The key inside a cursor this API gave out; anything else is a 400 naming `cursor`.
pub fn open(cursor: &str) -> Result<String, WebError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix(VERSION).map(str::to_owned))
        .ok_or_else(|| WebError::Query {
            detail: None,
            errors: vec![FieldError {
                field: "cursor",
                code: "error-list-cursor",
            }],
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_to_itself() {
        for key in ["breitband-gigabit", "", "ä/ö ü?&=", "v1:"] {
            assert_eq!(open(&seal(key)).ok().as_deref(), Some(key));
        }
    }

    #[test]
    fn a_cursor_that_this_api_did_not_give_out_is_refused() {
        let foreign = URL_SAFE_NO_PAD.encode("v0:x");
        for bad in ["", "!!!", "breitband", foreign.as_str()] {
            assert!(open(bad).is_err(), "{bad}");
        }
    }
}
