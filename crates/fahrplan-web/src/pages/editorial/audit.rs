//! The audit log for admins (`/redaktion/protokoll`): a GET form filters by person, kind of
//! object and days (no JavaScript); each entry shows when, who, what and its details; "Ältere
//! Einträge" pages back. A day that is not a date comes back as a field error (422) above the
//! whole log.

use super::guard;
use crate::error::WebError;
use crate::extract::Ctx;
use crate::layout::Layout;
use crate::pages::forms::{FormState, form_page};
use crate::pages::monitoring::reporting::Choice;
use crate::session::Viewer;
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use fahrplan_app::AppError;
use fahrplan_app::audit_log::{AuditQuery, AuditView};

/// The log.
pub const AUDIT: &str = "/redaktion/protokoll";

/// One entry as listed.
pub struct AuditEntry {
    seq: i64,
    when: String,
    who: String,
    action: String,
    entity: String,
    /// The details as keys and values, when they are a JSON object.
    detail: Vec<DetailItem>,
    /// The details as stored, when they are not a JSON object.
    raw: String,
}

/// One step of an entry's details as the template writes a definition list of them: a key with
/// its value, a key whose value is a nested list (the items up to the matching end are its
/// own, shown indented), or the end of a nested list. Text is escaped by the template like
/// everything else.
pub struct DetailItem {
    key: String,
    /// `None`: a nested list follows (or this item ends one).
    value: Option<String>,
    /// Ends the nested list opened last.
    end: bool,
}

/// The details of an entry as [`DetailItem`]s: each key of a JSON object with its value, text
/// as it is (line breaks kept by the style sheet), other plain values as JSON, an object or a
/// list with items as a nested list (a list's items numbered from 1). `None` when the details are not an
/// object, to be shown as they are.
fn detail_items(detail: &str) -> Option<Vec<DetailItem>> {
    let serde_json::Value::Object(map) = serde_json::from_str(detail).ok()? else {
        return None;
    };
    let mut out = Vec::new();
    for (k, v) in map {
        push_detail(&mut out, k, v);
    }
    Some(out)
}

fn push_detail(out: &mut Vec<DetailItem>, key: String, value: serde_json::Value) {
    use serde_json::Value;
    let nested: Vec<(String, Value)> = match value {
        Value::String(s) => return out.push(plain(key, s)),
        // An empty list or object shows as such (`[]`, `{}`), not as a key without a value.
        Value::Object(m) if !m.is_empty() => m.into_iter().collect(),
        Value::Array(a) if !a.is_empty() => (1..).map(|n: usize| n.to_string()).zip(a).collect(),
        other => return out.push(plain(key, other.to_string())),
    };
    out.push(DetailItem {
        key,
        value: None,
        end: false,
    });
    for (k, v) in nested {
        push_detail(out, k, v);
    }
    out.push(DetailItem {
        key: String::new(),
        value: None,
        end: true,
    });
}

impl DetailItem {
    /// The value's lines, each as its words: the template keeps every word on one line
    /// (`.word`), so text wraps only between words, and a word longer than the column (a web
    /// address, a Markdown link) makes the table scroll in its region instead of breaking.
    pub fn lines(&self) -> Vec<Vec<&str>> {
        self.value
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect()
    }
}

/// A value shown as it is, with its line breaks.
fn plain(key: String, value: String) -> DetailItem {
    DetailItem {
        key,
        value: Some(value),
        end: false,
    }
}

#[derive(Template)]
#[template(path = "editorial/audit.html")]
struct AuditPage {
    l: Layout,
    f: FormState,
    q: AuditQuery,
    people: Vec<Choice>,
    kinds: Vec<Choice>,
    entries: Vec<AuditEntry>,
    older: Option<String>,
}

fn page(ctx: &Ctx, v: AuditView, q: AuditQuery, f: FormState) -> Result<Response, WebError> {
    let mut l = ctx
        .titled(AUDIT, "audit-title")
        .crumb(ctx.t("staff-title"), fahrplan_domain::paths::STAFF);
    let refused = !f.errors.is_empty();
    l.has_errors = refused;
    let people = v
        .people
        .iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name.clone(),
            selected: q.person.trim() == id.to_string(),
        })
        .collect();
    let kinds = v
        .kinds
        .iter()
        .map(|k| Choice {
            value: k.clone(),
            label: k.clone(),
            selected: q.art.trim() == k,
        })
        .collect();
    let cli = l.t("audit-command-line");
    let entries = v
        .lines
        .into_iter()
        .map(|e| {
            let (detail, raw) = match detail_items(&e.detail) {
                Some(items) => (items, String::new()),
                None => (Vec::new(), e.detail),
            };
            AuditEntry {
                seq: e.seq,
                when: crate::pages::datetime(e.at, l.lang),
                who: e
                    .actor
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| cli.clone()),
                action: e.action,
                entity: e.entity,
                detail,
                raw,
            }
        })
        .collect();
    let older = v.next.map(|seq| {
        let keep = [
            ("person", &q.person),
            ("art", &q.art),
            ("von", &q.von),
            ("bis", &q.bis),
        ];
        let mut query: Vec<String> = keep
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", url_part(v.trim())))
            .collect();
        query.push(format!("vor={seq}"));
        format!("{AUDIT}?{}", query.join("&"))
    });
    form_page(
        &AuditPage {
            l,
            f,
            q,
            people,
            kinds,
            entries,
            older,
        },
        refused,
    )
}

/// A query value with everything but letters, digits and `-` percent-encoded.
fn url_part(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /redaktion/protokoll?person=&art=&von=&bis=&vor=`.
pub async fn show_audit(
    ctx: Ctx,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let actor = match guard(&ctx, viewer) {
        Ok(a) => a,
        Err(to) => return Ok(*to),
    };
    let app = &ctx.state.app;
    match app.audit_view(&actor, &q).await {
        Ok(v) => page(&ctx, v, q, FormState::default()),
        Err(AppError::Invalid(errors)) => {
            let mut v = app.audit_view_unfiltered(&actor).await?;
            v.lines.clear();
            v.next = None;
            page(&ctx, v, q, FormState::new(errors))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::detail_items;

    fn shown(detail: &str) -> Option<Vec<String>> {
        detail_items(detail).map(|items| {
            items
                .iter()
                .map(|i| match (&i.value, i.end) {
                    (_, true) => "end".to_owned(),
                    (Some(v), _) => format!("{}={v}", i.key),
                    (None, _) => format!("{}:", i.key),
                })
                .collect()
        })
    }

    #[test]
    fn details_become_keys_and_values_with_nested_lists_numbered_and_ended() {
        let d = r#"{"change":3,"note":"zwei\nZeilen","after":{"partners":["hmdi","hkm"],"x":null},"none":[],"zero":{}}"#;
        assert_eq!(
            shown(d).unwrap(),
            [
                "after:",
                "partners:",
                "1=hmdi",
                "2=hkm",
                "end",
                "x=null",
                "end",
                "change=3",
                "none=[]",
                "note=zwei\nZeilen",
                "zero={}"
            ]
        );
    }

    #[test]
    fn a_value_is_cut_into_lines_of_whole_words() {
        let items = detail_items(r#"{"a":"Siehe [hier](/mitmachen).\n\nZweite  Zeile"}"#).unwrap();
        assert_eq!(
            items[0].lines(),
            vec![
                vec!["Siehe", "[hier](/mitmachen)."],
                vec![],
                vec!["Zweite", "Zeile"]
            ]
        );
    }

    #[test]
    fn details_that_are_not_an_object_are_shown_as_they_are() {
        assert!(shown("[1, 2]").is_none());
        assert!(shown("not json").is_none());
        assert_eq!(shown("{}").unwrap(), Vec::<String>::new());
    }
}
