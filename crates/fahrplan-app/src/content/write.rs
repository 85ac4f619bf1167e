//! Writing a content set as files, in the layout `parse_content` reads.

use super::ContentFiles;
use fahrplan_domain::{ContentSet, DepartmentFile};
use std::collections::BTreeMap;

/// Serialises a content set into content files.
pub fn content_files(set: &ContentSet) -> Result<ContentFiles, toml::ser::Error> {
    let mut map = BTreeMap::new();
    map.insert(
        "content.toml".to_owned(),
        toml::to_string_pretty(&set.meta)?,
    );
    map.insert(
        "departments.toml".to_owned(),
        toml::to_string_pretty(&DepartmentFile {
            department: set.departments.clone(),
        })?,
    );
    for doc in &set.editions {
        let slug = &doc.edition.slug;
        map.insert(
            format!("editions/{slug}/edition.toml"),
            toml::to_string_pretty(&doc.edition)?,
        );
        for a in &doc.areas {
            map.insert(
                format!("editions/{slug}/areas/{:02}-{}.toml", a.position, a.slug),
                toml::to_string_pretty(a)?,
            );
        }
    }
    for p in &set.processes {
        map.insert(
            format!("processes/{}.toml", p.slug),
            toml::to_string_pretty(p)?,
        );
    }
    for p in &set.pages {
        map.insert(format!("pages/{}.toml", p.slug), toml::to_string_pretty(p)?);
    }
    Ok(ContentFiles(map))
}
