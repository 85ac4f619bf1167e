//! Free text as people type it into forms (titles, bodies, replies, reasons, display names,
//! feedback), made fit to store and show: Unicode NFC, line breaks as `\n`, no control
//! characters, and a test whether anything visible is left. This module decides what counts as
//! a control, an invisible or a bidi character; the use cases decide which field needs what and
//! which message a refusal shows.

use unicode_normalization::UnicodeNormalization as _;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory as _};

#[cfg(test)]
mod tests;

/// Whether a field holds one line (titles, names, addresses) or may hold several (bodies,
/// reasons, messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line: every control character is refused, newline and tab too.
    Line,
    /// Several lines: newline and tab are kept, and `\r\n` or a lone `\r` becomes `\n`.
    Lines,
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// It holds a control character the field does not take (NUL, escape, backspace, …).
    #[error("the text holds a control character")]
    Control,
    /// Nothing visible is left: empty, or only whitespace, format characters and marks.
    #[error("the text has no visible character")]
    Blank,
}

/// Cleans text typed into a field of `shape`: line breaks unified (for [`Shape::Lines`]),
/// composed to Unicode NFC, whitespace trimmed at both ends. Refuses a control character other
/// than newline and tab in several lines, or any in one line ([`TextError::Control`]), and a
/// text without a visible character ([`TextError::Blank`]); a control character is reported
/// first.
pub fn clean(raw: &str, shape: Shape) -> Result<String, TextError> {
    let composed: String = match shape {
        Shape::Lines => raw
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .nfc()
            .collect(),
        Shape::Line => raw.nfc().collect(),
    };
    let text = composed.trim();
    if text.chars().any(|c| is_refused_control(c, shape)) {
        return Err(TextError::Control);
    }
    if !has_visible(text) {
        return Err(TextError::Blank);
    }
    Ok(text.to_owned())
}

/// Whether `c` is a control character (general category Cc) that a field of `shape` refuses.
fn is_refused_control(c: char, shape: Shape) -> bool {
    c.is_control() && !(shape == Shape::Lines && (c == '\n' || c == '\t'))
}

/// Whether `s` has at least one character that is not [invisible](is_invisible).
pub fn has_visible(s: &str) -> bool {
    s.chars().any(|c| !is_invisible(c))
}

/// Whether `c` shows nothing on its own: whitespace (Unicode White_Space), a control (Cc) or
/// format character (Cf: soft hyphen, zero-width space and joiners U+200B–U+200D, word joiner
/// U+2060, byte order mark U+FEFF, the bidi controls, tag characters), a combining mark
/// (Mn, Mc, Me, which needs a letter to sit on), or one of the default-ignorable or blank
/// characters of other categories: the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the
/// blank braille pattern U+2800, and the unassigned default-ignorable U+2065, U+FFF0–U+FFF8 and
/// U+E0000–U+E0FFF (Unicode DerivedCoreProperties, Default_Ignorable_Code_Point).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c.general_category(),
            GeneralCategory::Control | GeneralCategory::Format
        )
        || c.general_category_group() == GeneralCategoryGroup::Mark
        || matches!(
            c,
            '\u{115F}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{FFA0}'
                | '\u{2800}'
                | '\u{2065}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Whether `c` changes the direction of the text around it (Unicode UAX #9): the embeddings and
/// overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E, U+200F and the Arabic
/// letter mark U+061C. A name holding one can make the text after it read backwards.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}
