//! Content a folder leaves out while something refers to it (issue 13): the operator's choice
//! between refusing the import and archiving it, and one line per entity naming its file and
//! what refers to it. Which content that is decides the store (`content_keep.rs`).

use super::area_file;
use fahrplan_store::{ContentKind, Referenced, Referrers};
use std::fmt;

/// What an import does with stored content the folder leaves out while contributions (or
/// archived content that stays) refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removals {
    /// Refuse the import and write nothing (the default, and the start with `--content`).
    Refuse,
    /// Archive it with today's date (`import content --allow-removals`): its page stays and
    /// says it was withdrawn.
    Archive,
}

/// One piece of content a folder leaves out while something refers to it: refused, or
/// archived by the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The file it was read from, as `export content` names it.
    pub file: String,
    /// What it is.
    pub kind: ContentKind,
    /// Its slug or code; `edition/slug` for an area.
    pub key: String,
    /// What refers to it.
    pub referrers: Referrers,
    /// Whether the import archived it (otherwise it refused the import).
    pub archived: bool,
}

impl Removed {
    fn new(r: Referenced, archived: bool) -> Self {
        let file = match (r.kind, &r.area) {
            (ContentKind::Department, _) => "departments.toml".to_owned(),
            (ContentKind::Edition, _) => format!("editions/{}/edition.toml", r.key),
            (ContentKind::Process, _) => format!("processes/{}.toml", r.key),
            (_, Some(a)) => area_file(&a.edition, a.position, &a.slug),
            (_, None) => String::new(),
        };
        Self {
            file,
            kind: r.kind,
            key: r.key,
            referrers: r.referrers,
            archived,
        }
    }

    /// Content whose removal refused the import.
    pub fn blocked(r: Referenced) -> Self {
        Self::new(r, false)
    }

    /// Content the import archived.
    pub fn archived(r: Referenced) -> Self {
        Self::new(r, true)
    }
}

fn counted(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "7 contributions (12 supports) refer", "1 archived item refers".
fn referrers(r: &Referrers) -> String {
    let mut parts = Vec::new();
    if r.contributions > 0 {
        let mut p = counted(r.contributions, "contribution", "contributions");
        if r.supports > 0 {
            p.push_str(&format!(
                " ({})",
                counted(r.supports, "support", "supports")
            ));
        }
        parts.push(p);
    }
    if r.archived > 0 {
        parts.push(counted(r.archived, "archived item", "archived items"));
    }
    let one = r.contributions + r.archived == 1;
    format!(
        "{} {}",
        parts.join(" and "),
        if one { "refers" } else { "refer" }
    )
}

impl fmt::Display for Removed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, kind, key, refs) = (
            &self.file,
            self.kind.as_str(),
            &self.key,
            referrers(&self.referrers),
        );
        if self.archived {
            return write!(f, "{file}: archived {kind} \"{key}\": {refs} to it");
        }
        let hint = match self.kind {
            ContentKind::Edition => {
                "an edition cannot be archived: keep its folder (status = \"archived\" marks \
                 a superseded edition)"
            }
            ContentKind::Department => {
                "a department cannot be archived: keep it in departments.toml"
            }
            _ => "import with --allow-removals to archive it instead",
        };
        write!(
            f,
            "{file}: {kind} \"{key}\" is missing from the folder, but {refs} to it; {hint}"
        )
    }
}

// Inline: fahrplan-web's message check reads this crate's sources and stops at `#[cfg(test)]`.
#[cfg(test)]
mod tests {
    use super::*;
    use fahrplan_store::AreaFile;

    fn referenced(kind: ContentKind, key: &str, refs: (i64, i64, i64)) -> Referenced {
        Referenced {
            kind,
            key: key.to_owned(),
            area: matches!(
                kind,
                ContentKind::Area | ContentKind::Goal | ContentKind::Measure
            )
            .then(|| AreaFile {
                edition: "2021".to_owned(),
                position: 3,
                slug: "digitale-innovation".to_owned(),
            }),
            referrers: Referrers {
                contributions: refs.0,
                supports: refs.1,
                archived: refs.2,
            },
        }
    }

    #[test]
    fn a_refused_process_names_its_file_its_contributions_and_the_way_out() {
        let r = Removed::blocked(referenced(
            ContentKind::Process,
            "umsetzung-begleiten",
            (7, 12, 0),
        ));
        assert_eq!(
            r.to_string(),
            "processes/umsetzung-begleiten.toml: process \"umsetzung-begleiten\" is missing from the \
             folder, but 7 contributions (12 supports) refer to it; import with --allow-removals to \
             archive it instead"
        );
    }

    #[test]
    fn a_goal_or_measure_is_named_with_its_area_file() {
        let r = Removed::blocked(referenced(ContentKind::Measure, "ki-labor", (1, 0, 0)));
        assert_eq!(r.file, "editions/2021/areas/03-digitale-innovation.toml");
        assert!(
            r.to_string().contains(
                "measure \"ki-labor\" is missing from the folder, but 1 contribution refers to it;"
            ),
            "{r}"
        );
        let g = Removed::blocked(referenced(ContentKind::Goal, "ki", (0, 0, 1)));
        assert!(
            g.to_string().contains("but 1 archived item refers to it"),
            "{g}"
        );
        let a = Removed::blocked(referenced(ContentKind::Area, "2021/x", (1, 1, 2)));
        assert!(
            a.to_string()
                .contains("but 1 contribution (1 support) and 2 archived items refer to it"),
            "{a}"
        );
    }

    #[test]
    fn editions_and_departments_say_they_cannot_be_archived() {
        let e = Removed::blocked(referenced(ContentKind::Edition, "2016", (0, 0, 2)));
        assert_eq!(
            e.to_string(),
            "editions/2016/edition.toml: edition \"2016\" is missing from the folder, but 2 archived \
             items refer to it; an edition cannot be archived: keep its folder (status = \"archived\" \
             marks a superseded edition)"
        );
        let d = Removed::blocked(referenced(ContentKind::Department, "hmdis", (0, 0, 1)));
        assert_eq!(
            d.to_string(),
            "departments.toml: department \"hmdis\" is missing from the folder, but 1 archived item \
             refers to it; a department cannot be archived: keep it in departments.toml"
        );
    }

    #[test]
    fn archived_content_is_reported_as_archived() {
        let r = Removed::archived(referenced(ContentKind::Process, "p", (2, 0, 0)));
        assert!(r.archived);
        assert_eq!(
            r.to_string(),
            "processes/p.toml: archived process \"p\": 2 contributions refer to it"
        );
    }
}
