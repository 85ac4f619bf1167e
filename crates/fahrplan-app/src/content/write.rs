//! Writing a content set as files, in the layout `parse_content` reads.

use super::ContentFiles;
use fahrplan_domain::monitoring::RegionFile;
use fahrplan_domain::{BlocksFile, ContentSet, DepartmentFile};
use std::collections::BTreeMap;

/// The file of an area (with its goals and measures): `editions/E/areas/NN-slug.toml`.
pub fn area_file(edition: &str, position: i64, slug: &str) -> String {
    format!("editions/{edition}/areas/{position:02}-{slug}.toml")
}

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
                area_file(slug, a.position, &a.slug),
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
    for i in &set.indicators {
        map.insert(
            format!("indicators/{}.toml", i.slug),
            toml::to_string_pretty(i)?,
        );
    }
    if !set.block_refs.is_empty() {
        map.insert(
            "blocks.toml".to_owned(),
            toml::to_string_pretty(&BlocksFile {
                blocks: set.block_refs.clone(),
            })?,
        );
    }
    if !set.regions.is_empty() {
        map.insert(
            "regions.toml".to_owned(),
            toml::to_string_pretty(&RegionFile {
                region: set.regions.clone(),
            })?,
        );
    }
    Ok(ContentFiles(map))
}
