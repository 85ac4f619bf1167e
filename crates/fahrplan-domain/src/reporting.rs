//! Who may report figures and status (issue 15, "Who may enter data"): the one rule that the
//! forms, the API and later the editorial workflow share. A report publishes at once and is
//! audited; it does not wait for a second person, so the rule is narrow: admins, and editors of
//! the department that owns the indicator or leads the measure, or of a department that took
//! over its tasks. This module decides only; the second factor and the roles of a session are
//! the app's to read.

use crate::content::{Department, successor_chain};

/// Whether someone may report for something that `owner` owns (an indicator) or leads (a
/// measure). `actor_departments` are the departments the person is an editor of, counted only
/// when the session has its second factor; `is_admin` likewise. An editor of `owner` itself
/// may report (also after the department ended, while the role exists), and so may an editor
/// of any department in its chain of successors (`hmdse` was succeeded by `hmdi`: an editor of
/// `hmdi` reports for `hmdse`'s measures). A predecessor never reports for its successor.
pub fn may_report(
    actor_departments: &[&str],
    is_admin: bool,
    owner: &str,
    departments: &[Department],
) -> bool {
    if is_admin {
        return true;
    }
    if actor_departments.contains(&owner) {
        return true;
    }
    successor_chain(owner, |c| departments.iter().find(|d| d.code == c))
        .iter()
        .any(|d| actor_departments.contains(&d.code.as_str()))
}

#[cfg(test)]
mod tests;
