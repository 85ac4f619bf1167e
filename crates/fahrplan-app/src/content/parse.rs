//! Parsing content files into a content set, reporting every problem with file, line and reason.

use super::ContentFiles;
use fahrplan_domain::monitoring::{Indicator, RegionFile, check};
use fahrplan_domain::validate::{Location, validate};
use fahrplan_domain::*;
use std::collections::HashMap;
use std::fmt;

/// A problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFileError {
    /// Relative path of the file.
    pub file: String,
    /// 1-based line, 0 when the problem is the file's absence.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for ContentFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.reason)
        } else {
            write!(f, "{}: {}", self.file, self.reason)
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    errors: &mut Vec<ContentFileError>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            errors.push(ContentFileError {
                file: file.to_owned(),
                line,
                reason: e.message().trim().to_owned(),
            });
            None
        }
    }
}

fn missing(file: &str) -> ContentFileError {
    ContentFileError {
        file: file.to_owned(),
        line: 0,
        reason: "required file is missing".to_owned(),
    }
}

/// Parses and checks a content folder. Returns every problem found, not just the first.
pub fn parse_content(files: &ContentFiles) -> Result<ContentSet, Vec<ContentFileError>> {
    let mut errors = Vec::new();
    let mut origin: HashMap<String, String> = HashMap::new();

    let meta = match files.get("content.toml") {
        Some(t) => parse_toml::<ContentMeta>("content.toml", t, &mut errors),
        None => {
            errors.push(missing("content.toml"));
            None
        }
    };
    let departments = match files.get("departments.toml") {
        Some(t) => parse_toml::<DepartmentFile>("departments.toml", t, &mut errors)
            .map(|f| f.department)
            .unwrap_or_default(),
        None => {
            errors.push(missing("departments.toml"));
            Vec::new()
        }
    };

    let mut editions: Vec<EditionDoc> = Vec::new();
    let mut processes = Vec::new();
    let mut pages = Vec::new();
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut regions = Vec::new();
    let mut block_refs = BlockRefs::new();
    for (path, text) in &files.0 {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["editions", _, "edition.toml"] => {
                if let Some(e) = parse_toml::<Edition>(path, text, &mut errors) {
                    origin.insert(format!("e:{}", e.slug), path.clone());
                    editions.push(EditionDoc {
                        edition: e,
                        areas: Vec::new(),
                    });
                }
            }
            ["processes", _] => {
                if let Some(p) = parse_toml::<Process>(path, text, &mut errors) {
                    origin.insert(format!("p:{}", p.slug), path.clone());
                    processes.push(p);
                }
            }
            ["pages", _] => {
                if let Some(p) = parse_toml::<Page>(path, text, &mut errors) {
                    origin.insert(format!("g:{}", p.slug), path.clone());
                    pages.push(p);
                }
            }
            ["indicators", _] => {
                if let Some(i) = parse_toml::<Indicator>(path, text, &mut errors) {
                    origin.insert(format!("i:{}", i.slug), path.clone());
                    indicators.push(i);
                }
            }
            ["blocks.toml"] => {
                if let Some(f) = parse_toml::<BlocksFile>(path, text, &mut errors) {
                    block_refs = f.blocks;
                }
            }
            ["regions.toml"] => {
                if let Some(f) = parse_toml::<RegionFile>(path, text, &mut errors) {
                    regions = f.region;
                }
            }
            ["content.toml"] | ["departments.toml"] | ["editions", _, "areas", _] => {}
            _ => errors.push(ContentFileError {
                file: path.clone(),
                line: 0,
                reason: "unexpected file: see docs/CONTENT-FORMAT.md for the folder layout"
                    .to_owned(),
            }),
        }
    }
    for (path, text) in &files.0 {
        if let ["editions", folder, "areas", _] = path.split('/').collect::<Vec<_>>().as_slice() {
            let edition_file = format!("editions/{folder}/edition.toml");
            let Some(doc) = editions
                .iter_mut()
                .find(|d| origin.get(&format!("e:{}", d.edition.slug)) == Some(&edition_file))
            else {
                errors.push(ContentFileError {
                    file: path.clone(),
                    line: 0,
                    reason: format!("area file without {edition_file}"),
                });
                continue;
            };
            if let Some(a) = parse_toml::<AreaDoc>(path, text, &mut errors) {
                origin.insert(format!("a:{}/{}", doc.edition.slug, a.slug), path.clone());
                doc.areas.push(a);
            }
        }
    }
    for doc in &mut editions {
        doc.areas.sort_by_key(|a| a.position);
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let set = ContentSet {
        meta: meta.unwrap_or_default(),
        departments,
        editions,
        processes,
        pages,
        indicators,
        regions,
        block_refs,
    };
    // Indicator files are read in file-name order; the files carry no position of their own.
    let problems = validate(&set);
    let monitoring = check(&set.indicators, &set.regions, &set);
    if problems.is_empty() && monitoring.is_empty() {
        return Ok(set);
    }
    let line_in = |file: &str, needle: &str| {
        let text = files.get(file).unwrap_or("");
        let quoted = format!("\"{needle}\"");
        text.lines()
            .position(|l| l.contains(&quoted))
            .or_else(|| {
                (!needle.is_empty())
                    .then(|| text.lines().position(|l| l.contains(needle)))
                    .flatten()
            })
            .map_or(1, |i| i + 1)
    };
    let monitoring = monitoring.into_iter().map(|p| {
        let file = match &p.indicator {
            Some(slug) => origin
                .get(&format!("i:{slug}"))
                .cloned()
                .unwrap_or_default(),
            None => "regions.toml".to_owned(),
        };
        ContentFileError {
            line: line_in(&file, &p.needle),
            file,
            reason: p.reason,
        }
    });
    Err(problems
        .into_iter()
        .map(|p| {
            let file = match &p.location {
                Location::Meta => "content.toml".to_owned(),
                Location::Departments => "departments.toml".to_owned(),
                Location::Edition(s) => origin.get(&format!("e:{s}")).cloned().unwrap_or_default(),
                Location::Area(e, s) => origin
                    .get(&format!("a:{e}/{s}"))
                    .cloned()
                    .unwrap_or_default(),
                Location::Process(s) => origin.get(&format!("p:{s}")).cloned().unwrap_or_default(),
                Location::Page(s) => origin.get(&format!("g:{s}")).cloned().unwrap_or_default(),
            };
            let line = line_in(&file, &p.needle);
            ContentFileError {
                file,
                line,
                reason: p.error.to_string(),
            }
        })
        .chain(monitoring)
        .collect())
}
