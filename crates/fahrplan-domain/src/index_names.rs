//! The German names the search index stores and searches for wire values (a proposal is found
//! by "Vorschlag"). Index-only: pages take their labels from the web layer's message files, so
//! a change here changes what is found, not what is shown.

use crate::ContributionKind;

/// The German word under which a contribution of `kind` is indexed.
pub fn contribution_kind(kind: ContributionKind) -> &'static str {
    match kind {
        ContributionKind::Proposal => "Vorschlag",
        ContributionKind::Comment => "Kommentar",
        ContributionKind::Annotation => "Anmerkung",
        ContributionKind::Statement => "Stellungnahme",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contribution_kind_has_its_own_german_index_name() {
        let names: std::collections::HashSet<_> = ContributionKind::ALL
            .iter()
            .map(|k| contribution_kind(*k))
            .collect();
        assert_eq!(names.len(), ContributionKind::ALL.len());
        assert_eq!(contribution_kind(ContributionKind::Proposal), "Vorschlag");
        assert_eq!(
            contribution_kind(ContributionKind::Statement),
            "Stellungnahme"
        );
    }
}
