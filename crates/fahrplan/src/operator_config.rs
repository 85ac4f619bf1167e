//! The `[operator]` settings: who runs the portal, as the Impressum, the Datenschutzerklärung
//! and the accessibility statement name them. Missing ones do not stop the server (a
//! demonstration may run without them); the pages show a neutral text to readers, and
//! [`missing`] names each setting for the operator in `fahrplan config check` and the start log.

use crate::config::ConfigError;
use fahrplan_domain::PartialDate;
use fahrplan_web::Operator;
use serde::Deserialize;

/// The `[operator]` table of `fahrplan.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileOperator {
    authority: Option<String>,
    address: Option<String>,
    representative: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    data_protection_officer: Option<String>,
    supervisory_authority: Option<String>,
    accessibility_statement_date: Option<String>,
}

/// The setting of the statement's date, as errors and warnings name it.
const STATEMENT_DATE: &str =
    "operator.accessibility_statement_date / FAHRPLAN_OPERATOR__ACCESSIBILITY_STATEMENT_DATE";

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

fn pick(env_key: &str, file: Option<String>) -> String {
    env(env_key).or(file).unwrap_or_default().trim().to_owned()
}

/// The operator from the file and the `FAHRPLAN_OPERATOR__*` environment (environment first).
pub(crate) fn operator(o: FileOperator) -> Result<Operator, ConfigError> {
    let date = env("FAHRPLAN_OPERATOR__ACCESSIBILITY_STATEMENT_DATE")
        .or(o.accessibility_statement_date)
        .filter(|d| !d.trim().is_empty());
    let accessibility_statement_date = match date {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<PartialDate>()
                .ok()
                .filter(|d| d.day.is_some())
                .ok_or_else(|| {
                    ConfigError(format!(
                        "{STATEMENT_DATE}: {text:?} is not a date like 2026-11-28"
                    ))
                })?,
        ),
    };
    Ok(Operator {
        authority: pick("FAHRPLAN_OPERATOR__AUTHORITY", o.authority),
        address: pick("FAHRPLAN_OPERATOR__ADDRESS", o.address),
        representative: pick("FAHRPLAN_OPERATOR__REPRESENTATIVE", o.representative),
        email: pick("FAHRPLAN_OPERATOR__EMAIL", o.email),
        phone: pick("FAHRPLAN_OPERATOR__PHONE", o.phone),
        data_protection_officer: pick(
            "FAHRPLAN_OPERATOR__DATA_PROTECTION_OFFICER",
            o.data_protection_officer,
        ),
        supervisory_authority: pick(
            "FAHRPLAN_OPERATOR__SUPERVISORY_AUTHORITY",
            o.supervisory_authority,
        ),
        accessibility_statement_date,
    })
}

/// One line per operator setting that is not given: the setting with its environment twin and
/// the pages that show a neutral text in its place. The phone number is optional (an e-mail
/// address is the quick electronic contact § 5 DDG asks for), so it is never named.
pub fn missing(o: &Operator) -> Vec<String> {
    let checks: [(bool, &str, &str, &str); 7] = [
        (
            o.authority.is_empty(),
            "authority",
            "AUTHORITY",
            "Impressum, Datenschutzerklärung",
        ),
        (
            o.address.is_empty(),
            "address",
            "ADDRESS",
            "Impressum, Datenschutzerklärung",
        ),
        (
            o.representative.is_empty(),
            "representative",
            "REPRESENTATIVE",
            "Impressum",
        ),
        (
            o.email.is_empty(),
            "email",
            "EMAIL",
            "Impressum, Erklärung zur Barrierefreiheit",
        ),
        (
            o.data_protection_officer.is_empty(),
            "data_protection_officer",
            "DATA_PROTECTION_OFFICER",
            "Datenschutzerklärung",
        ),
        (
            o.supervisory_authority.is_empty(),
            "supervisory_authority",
            "SUPERVISORY_AUTHORITY",
            "Datenschutzerklärung",
        ),
        (
            o.accessibility_statement_date.is_none(),
            "accessibility_statement_date",
            "ACCESSIBILITY_STATEMENT_DATE",
            "Erklärung zur Barrierefreiheit",
        ),
    ];
    checks
        .iter()
        .filter(|(absent, ..)| *absent)
        .map(|(_, key, env_key, pages)| {
            format!(
                "operator.{key} / FAHRPLAN_OPERATOR__{env_key} is not set; readers of {pages} get a neutral text or nothing in its place"
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missing_operator_setting_is_named_and_a_complete_operator_gives_no_warning() {
        let empty = Operator::default();
        let lines = missing(&empty);
        assert_eq!(lines.len(), 7, "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("operator.authority / FAHRPLAN_OPERATOR__AUTHORITY")),
            "{lines:?}"
        );
        let full = Operator {
            authority: "Ministerium".into(),
            address: "Straße 1, 65185 Wiesbaden".into(),
            representative: "die Ministerin".into(),
            email: "poststelle@example.org".into(),
            phone: String::new(),
            data_protection_officer: "dsb@example.org".into(),
            supervisory_authority: "HBDI".into(),
            accessibility_statement_date: "2026-11-28".parse().ok(),
        };
        assert!(missing(&full).is_empty(), "{:?}", missing(&full));
        let without_email = Operator {
            email: String::new(),
            ..full
        };
        assert_eq!(missing(&without_email).len(), 1);
        assert!(missing(&without_email)[0].contains("operator.email"));
    }

    #[test]
    fn a_statement_date_must_be_a_full_day() {
        let file = |d: &str| FileOperator {
            accessibility_statement_date: Some(d.into()),
            ..FileOperator::default()
        };
        let ok = operator(file("2026-11-28")).unwrap();
        assert_eq!(
            ok.accessibility_statement_date.map(|d| d.to_string()),
            Some("2026-11-28".to_owned())
        );
        for bad in ["2026-11", "28.11.2026", "gestern"] {
            let e = operator(file(bad)).unwrap_err();
            assert!(
                e.0.starts_with("operator.accessibility_statement_date"),
                "{}",
                e.0
            );
        }
    }
}
