//! Reading imported documents: one JSON object per line with `id`, `title`, `body` (required),
//! `url` and `kind` (optional); unknown fields are ignored.

pub use fahrplan_store::Document;

/// Longest accepted id, in characters.
const ID_MAX: usize = 200;
/// Longest accepted title, in characters.
const TITLE_MAX: usize = 1_000;
/// Largest accepted body, in bytes of UTF-8 (the longest federal law is about 2.2 MB).
pub const BODY_MAX_BYTES: usize = 4_000_000;
/// Longest line a reader needs to hold: the largest body with room for the other fields.
pub const LINE_MAX_BYTES: usize = BODY_MAX_BYTES + 100_000;

/// Why a line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// Not a JSON object.
    #[error("not a JSON object: {0}")]
    Json(String),
    /// A required field is missing, empty or not text.
    #[error("field \"{0}\" is missing, empty or not text")]
    Missing(&'static str),
    /// A field is too long.
    #[error("field \"{0}\" is too long")]
    TooLong(&'static str),
    /// The body is larger than a document may be.
    #[error("field \"body\" has {0} bytes; a document may have at most 4,000,000")]
    TooLarge(usize),
    /// The whole line is longer than any document may be; it was not read.
    #[error(
        "the line is longer than 4,100,000 bytes; a document may have at most 4,000,000 bytes of text"
    )]
    LineTooLong,
    /// The line is not UTF-8.
    #[error("the line is not UTF-8 text")]
    NotUtf8,
    /// An optional field is not text.
    #[error("field \"{0}\" is not text")]
    NotText(&'static str),
}

fn text(v: &serde_json::Value, key: &'static str) -> Result<String, LineError> {
    match v.get(key) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(LineError::Missing(key)),
    }
}

fn optional(v: &serde_json::Value, key: &'static str) -> Result<Option<String>, LineError> {
    match v.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(LineError::NotText(key)),
    }
}

/// Parses one line into a document.
pub fn parse_line(line: &str) -> Result<Document, LineError> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| LineError::Json(e.to_string()))?;
    if !v.is_object() {
        return Err(LineError::Json("expected an object".into()));
    }
    let id = text(&v, "id")?.trim().to_owned();
    if id.chars().count() > ID_MAX {
        return Err(LineError::TooLong("id"));
    }
    let title = text(&v, "title")?;
    if title.chars().count() > TITLE_MAX {
        return Err(LineError::TooLong("title"));
    }
    let body = text(&v, "body")?;
    if body.len() > BODY_MAX_BYTES {
        return Err(LineError::TooLarge(body.len()));
    }
    let url = optional(&v, "url")?;
    if url.as_ref().is_some_and(|u| {
        !(u.starts_with("https://") || u.starts_with("http://") || u.starts_with('/'))
    }) {
        return Err(LineError::NotText("url"));
    }
    let kind = optional(&v, "kind")?.unwrap_or_else(|| "document".to_owned());
    Ok(Document {
        id,
        kind,
        title,
        body,
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_line_keeps_its_id_and_ignores_unknown_fields() {
        let d = parse_line(
            r#"{"id":"ozg","title":"Onlinezugangsgesetz","body":"Text","abbr":"OZG","kind":"law"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (d.id.as_str(), d.kind.as_str(), d.url),
            ("ozg", "law", None)
        );
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        assert!(matches!(parse_line("{nope"), Err(LineError::Json(_))));
        assert!(matches!(parse_line("[1]"), Err(LineError::Json(_))));
        assert_eq!(
            parse_line(r#"{"title":"T","body":"B"}"#),
            Err(LineError::Missing("id"))
        );
        assert_eq!(
            parse_line(r#"{"id":"a","title":" ","body":"B"}"#),
            Err(LineError::Missing("title"))
        );
        assert_eq!(
            parse_line(r#"{"id":"a","title":"T","body":3}"#),
            Err(LineError::Missing("body"))
        );
        assert_eq!(
            parse_line(r#"{"id":"a","title":"T","body":"B","url":"javascript:x"}"#),
            Err(LineError::NotText("url"))
        );
    }

    #[test]
    fn a_body_over_the_limit_is_refused_and_one_at_it_is_taken() {
        let line = |n: usize| format!(r#"{{"id":"a","title":"T","body":"{}"}}"#, "x".repeat(n));
        assert!(parse_line(&line(BODY_MAX_BYTES)).is_ok());
        assert_eq!(
            parse_line(&line(BODY_MAX_BYTES + 1)),
            Err(LineError::TooLarge(BODY_MAX_BYTES + 1))
        );
    }
}
