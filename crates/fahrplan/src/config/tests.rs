//! Tests of the configuration: files, environment, defaults and their checks.

use super::*;

#[test]
fn passwords_are_redacted() {
    assert_eq!(
        redact("postgres://app:geheim@db:5432/fahrplan"),
        "postgres://app:***@db:5432/fahrplan"
    );
    assert_eq!(
        redact("sqlite://./data/fahrplan.db"),
        "sqlite://./data/fahrplan.db"
    );
}

#[test]
fn three_different_accounts_hide_a_contribution_unless_the_file_or_the_environment_says_otherwise()
{
    assert_eq!(report_threshold(None, None).unwrap(), 3);
    assert_eq!(report_threshold(None, Some(5)).unwrap(), 5);
    assert_eq!(report_threshold(Some("2".into()), Some(5)).unwrap(), 2);
    for (env, file) in [
        (Some("0".to_owned()), None),
        (None, Some(1001)),
        (Some("drei".to_owned()), None),
    ] {
        let e = report_threshold(env, file).unwrap_err();
        assert!(e.0.starts_with(REPORT_THRESHOLD_SETTING), "{}", e.0);
    }
}

#[test]
fn the_reporting_cadence_is_half_a_year_unless_the_file_or_the_environment_says_otherwise() {
    assert_eq!(reporting_cadence(None, None).unwrap(), 180);
    assert_eq!(reporting_cadence(None, Some(90)).unwrap(), 90);
    assert_eq!(reporting_cadence(Some("30".into()), Some(90)).unwrap(), 30);
}

#[test]
fn a_reporting_cadence_that_is_no_whole_number_of_days_in_range_names_its_setting() {
    for (env, file) in [
        (Some("halbjährlich".to_owned()), None),
        (Some("-5".to_owned()), None),
        (None, Some(0)),
        (Some("3661".to_owned()), None),
    ] {
        let e = reporting_cadence(env, file).unwrap_err();
        assert!(e.0.starts_with(CADENCE_SETTING), "{}", e.0);
    }
    assert_eq!(reporting_cadence(None, Some(3660)).unwrap(), 3660);
}

#[test]
fn a_database_url_of_another_kind_is_refused_with_its_setting_named() {
    let e = check_database_url("mysql://x@y/z", "--database-url").unwrap_err();
    assert!(e.0.starts_with("--database-url: "), "{}", e.0);
    assert!(check_database_url("postgres:///nohost", "--database-url").is_err());
    assert!(check_database_url("postgres://postgres@127.0.0.1:5432/test", "x").is_ok());
}
