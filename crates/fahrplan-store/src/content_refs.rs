//! What refers to stored content from outside the content files: contributions name the
//! process they were written in and what they are about (`target_kind`, `target`), and supports
//! hang on contributions. Counted inside an import's transaction, so what it decides to keep
//! (`content_keep.rs`) matches what the database holds when it commits. Answers and
//! observations will refer to content too once they exist; they belong here.

use std::collections::HashMap;

/// Contributions and their supports by what they are about and the process they were written
/// in, as (target kind, target, process, contributions, supports).
pub(crate) const REFERENCES: &str = "
    SELECT target_kind, target, process, COUNT(*) AS n,
           CAST(COALESCE(SUM(supports_count), 0) AS BIGINT) AS supports
    FROM contributions
    GROUP BY target_kind, target, process";

/// What refers to one piece of stored content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Referrers {
    /// Contributions about it, replies included (for a process: those written in it).
    pub contributions: i64,
    /// Supports of those contributions.
    pub supports: i64,
    /// Archived content that stays and needs it: measures need their goals, goals and measures
    /// their area, areas their parent and edition, processes their edition, goals and measures
    /// their departments.
    pub archived: i64,
}

impl Referrers {
    /// Whether anything refers to it.
    pub(crate) fn any(&self) -> bool {
        self.contributions > 0 || self.archived > 0
    }
}

/// Contributions and their supports by what they are about, counted in the import's
/// transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct References {
    /// (contributions, supports) by (target kind wire value, target key).
    targets: HashMap<(String, String), (i64, i64)>,
    /// (contributions, supports) by process slug.
    processes: HashMap<String, (i64, i64)>,
}

impl References {
    /// Adds `count` contributions with `supports` supports, written in process `process`
    /// about (`kind`, `target`).
    pub(crate) fn add(
        &mut self,
        kind: &str,
        target: &str,
        process: &str,
        count: i64,
        supports: i64,
    ) {
        let t = self
            .targets
            .entry((kind.to_owned(), target.to_owned()))
            .or_default();
        t.0 += count;
        t.1 += supports;
        let p = self.processes.entry(process.to_owned()).or_default();
        p.0 += count;
        p.1 += supports;
    }

    /// What refers to (`kind`, `key`): contributions about it and their supports.
    pub(crate) fn about(&self, kind: &str, key: &str) -> Referrers {
        let (contributions, supports) = self
            .targets
            .get(&(kind.to_owned(), key.to_owned()))
            .copied()
            .unwrap_or_default();
        Referrers {
            contributions,
            supports,
            archived: 0,
        }
    }

    /// What refers to process `slug`: the contributions written in it and their supports.
    pub(crate) fn in_process(&self, slug: &str) -> Referrers {
        let (contributions, supports) = self.processes.get(slug).copied().unwrap_or_default();
        Referrers {
            contributions,
            supports,
            archived: 0,
        }
    }
}
