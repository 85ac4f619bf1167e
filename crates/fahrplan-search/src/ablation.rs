//! Switches that turn one search mechanism off at a time, to measure what each is worth on
//! both corpora (BENCHMARKS.md, "What each mechanism is worth"). Set
//! `FAHRPLAN_SEARCH_WITHOUT` to a comma-separated list of names from `Mechanism::NAME` before
//! the process starts; unset (as in any normal run) every mechanism is on. This is a
//! measuring tool, not a setting for operators, and not part of CONTRACTS.md.

use std::sync::LazyLock;

/// A mechanism of the Hessen-Suche that can be switched off for a measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    /// A query compound also matches texts that hold all of its first-level parts.
    AllParts,
    /// A query word also finds compounds that contain it (the parts marked in the index).
    PartHits,
    /// Parts shorter than `MIN_QUERY_PART` are never searched alone.
    MinPart,
    /// A query compound's specific modifier also finds texts about it.
    Topic,
    /// Words held by many documents neither count for coverage nor make a hit alone.
    Common,
    /// Hits with all (or all but one) of several words rank first.
    Coverage,
    /// Adjacent query words are also read as one word.
    Joined,
    /// Synonym groups, applied both ways.
    Synonyms,
    /// One typo stands for at most `TYPO_TERMS` words.
    TypoCap,
    /// Only unknown or rare words are corrected.
    RareOnly,
    /// A query asking for several things ends where the scores fall below a share of the best.
    CutOff,
    /// Newer editions outrank superseded and archived ones at equal relevance.
    Weight,
}

impl Mechanism {
    /// Every mechanism, in the order BENCHMARKS.md lists them.
    pub const ALL: [Mechanism; 12] = [
        Mechanism::AllParts,
        Mechanism::PartHits,
        Mechanism::MinPart,
        Mechanism::Topic,
        Mechanism::Common,
        Mechanism::Coverage,
        Mechanism::Joined,
        Mechanism::Synonyms,
        Mechanism::TypoCap,
        Mechanism::RareOnly,
        Mechanism::CutOff,
        Mechanism::Weight,
    ];

    /// The name used in `FAHRPLAN_SEARCH_WITHOUT`.
    pub const fn name(self) -> &'static str {
        match self {
            Mechanism::AllParts => "all-parts",
            Mechanism::PartHits => "part-hits",
            Mechanism::MinPart => "min-part",
            Mechanism::Topic => "topic",
            Mechanism::Common => "common",
            Mechanism::Coverage => "coverage",
            Mechanism::Joined => "joined",
            Mechanism::Synonyms => "synonyms",
            Mechanism::TypoCap => "typo-cap",
            Mechanism::RareOnly => "rare-only",
            Mechanism::CutOff => "cut-off",
            Mechanism::Weight => "weight",
        }
    }
}

/// The variable that names the mechanisms switched off.
pub const VARIABLE: &str = "FAHRPLAN_SEARCH_WITHOUT";

static OFF: LazyLock<Vec<Mechanism>> = LazyLock::new(|| {
    std::env::var(VARIABLE)
        .map(|v| parse(&v))
        .unwrap_or_default()
});

/// The mechanisms a `FAHRPLAN_SEARCH_WITHOUT` value names (unknown names are ignored).
pub fn parse(value: &str) -> Vec<Mechanism> {
    value
        .split(',')
        .map(str::trim)
        .filter_map(|n| Mechanism::ALL.into_iter().find(|m| m.name() == n))
        .collect()
}

/// Whether `m` is on in this process.
pub fn on(m: Mechanism) -> bool {
    !OFF.contains(&m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_names_switches_exactly_those_mechanisms_off() {
        assert_eq!(
            parse("topic, cut-off,unknown"),
            vec![Mechanism::Topic, Mechanism::CutOff]
        );
        assert!(parse("").is_empty());
        for m in Mechanism::ALL {
            assert_eq!(parse(m.name()), vec![m], "{m:?}");
        }
    }
}
