//! Versions of the editable entities (issue 16, "Texts as versions of blocks"): every published
//! state of an edition, area, goal, measure, process, legal page, department or indicator is one numbered row of
//! `entity_versions`, written in the same transaction as the content it describes. A version
//! holds the entity's fields as JSON and each long text as blocks with stable ids
//! (`fahrplan_domain::blocks`): a block that stays, or is only lightly edited, keeps the id it
//! had in the version before, so a comment anchored to a paragraph survives an edit. Reports
//! (measure status, assessments, observations) are not part of a version: they publish at once
//! and have their own history.

use crate::{Store, StoreResult, on_pool};
use fahrplan_domain::blocks::{
    IdBlock, assign_ids, attach_ids, block_refs, initial_ids, split_blocks,
};
use fahrplan_domain::*;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// One published state of an entity.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// Every field but the long texts, as the content files name them.
    pub fields: Map<String, Value>,
    /// Each long text (`summary`, `body`, …) as blocks with ids, in order.
    pub texts: BTreeMap<String, Vec<IdBlock>>,
}

impl Record {
    /// The Markdown of text `field`, blocks joined by a blank line; empty when it has none.
    pub fn text(&self, field: &str) -> String {
        self.texts
            .get(field)
            .map(|b| fahrplan_domain::blocks::join_blocks(b))
            .unwrap_or_default()
    }
}

/// Who made a version: the content import, or a published editorial change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VersionOrigin {
    /// The author of the change; `None` for the content import.
    pub author: Option<i64>,
    /// The second person who published it.
    pub reviewer: Option<i64>,
    /// The editorial change it came from.
    pub change: Option<i64>,
}

impl VersionOrigin {
    fn wire(&self) -> &'static str {
        if self.change.is_some() {
            "editorial"
        } else {
            "content"
        }
    }
}

/// A stored version, as lists and diffs read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// `measure:{slug}`, `goal:{slug}`, `area:{edition}/{slug}`, `edition:{slug}`,
    /// `process:{slug}`, `page:{slug}`.
    pub entity: String,
    /// 1, 2, …
    pub version: i64,
    /// Its fields and texts.
    pub record: Record,
    /// When (Unix seconds).
    pub created_at: i64,
    /// `content` or `editorial`.
    pub origin: String,
    /// Author (editorial versions).
    pub author_id: Option<i64>,
    /// Display name of the author, if any.
    pub author: Option<String>,
    /// Who published it (editorial versions).
    pub reviewer_id: Option<i64>,
    /// Display name of the reviewer, if any.
    pub reviewer: Option<String>,
    /// The editorial change.
    pub change_id: Option<i64>,
}

/// An entity of a content set, cut into fields and long texts.
pub(crate) struct Cut {
    pub(crate) entity: String,
    pub(crate) fields: Map<String, Value>,
    pub(crate) texts: Vec<(&'static str, String)>,
}

fn cut<T: serde::Serialize>(entity: String, doc: &T, texts: &[&'static str], drop: &[&str]) -> Cut {
    let mut fields = match serde_json::to_value(doc) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let mut t = Vec::new();
    for name in texts {
        let text = match fields.remove(*name) {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        t.push((*name, text));
    }
    for name in drop {
        fields.remove(*name);
    }
    Cut {
        entity,
        fields,
        texts: t,
    }
}

/// The long texts of each kind, as the content files name them.
pub const EDITION_TEXTS: &[&str] = &["summary", "vision", "leichte_sprache"];
/// See [`EDITION_TEXTS`].
pub const AREA_TEXTS: &[&str] = &["summary", "body", "baseline", "leichte_sprache"];
/// See [`EDITION_TEXTS`].
pub const GOAL_TEXTS: &[&str] = &["body"];
/// See [`EDITION_TEXTS`].
pub const MEASURE_TEXTS: &[&str] = &["body"];
/// See [`EDITION_TEXTS`].
pub const PROCESS_TEXTS: &[&str] = &["summary", "body"];
/// See [`EDITION_TEXTS`].
pub const PAGE_TEXTS: &[&str] = &["summary", "body", "leichte_sprache"];

/// See [`EDITION_TEXTS`].
pub const DEPARTMENT_TEXTS: &[&str] = &["note"];
/// See [`EDITION_TEXTS`]. Observations are reports, not part of a version.
pub const INDICATOR_TEXTS: &[&str] = &["summary"];

/// Every versioned entity of `set`.
pub(crate) fn cuts(set: &ContentSet) -> Vec<Cut> {
    let mut out = Vec::new();
    for e in &set.editions {
        let ed = &e.edition;
        out.push(cut(format!("edition:{}", ed.slug), ed, EDITION_TEXTS, &[]));
        for a in &e.areas {
            let key = format!("area:{}/{}", ed.slug, a.slug);
            out.push(cut(key, a, AREA_TEXTS, &["goal", "measure"]));
            for g in &a.goals {
                out.push(cut(format!("goal:{}", g.slug), g, GOAL_TEXTS, &[]));
            }
            for m in &a.measures {
                let drop = ["status", "assessment"];
                out.push(cut(format!("measure:{}", m.slug), m, MEASURE_TEXTS, &drop));
            }
        }
    }
    for p in &set.processes {
        out.push(cut(format!("process:{}", p.slug), p, PROCESS_TEXTS, &[]));
    }
    for p in &set.pages {
        out.push(cut(format!("page:{}", p.slug), p, PAGE_TEXTS, &[]));
    }
    for d in &set.departments {
        let key = format!("department:{}", d.code);
        out.push(cut(key, d, DEPARTMENT_TEXTS, &[]));
    }
    for i in &set.indicators {
        let key = format!("indicator:{}", i.slug);
        out.push(cut(key, i, INDICATOR_TEXTS, &["observation"]));
    }
    out
}

/// A fresh block id that `taken` does not hold.
fn fresh(taken: &mut Vec<String>) -> String {
    loop {
        let id = format!("b{:08x}", rand::random::<u32>());
        if !taken.contains(&id) {
            taken.push(id.clone());
            return id;
        }
    }
}

/// The record `c` becomes as the version after `previous`, or `None` when nothing changed. A
/// text's blocks keep the ids of `previous` where they match (by position and similarity); a
/// text that had no version takes the ids its content file carries (`refs`: field →
/// `id:fingerprint` list), or else the ids every machine derives alike.
pub(crate) fn next_record(
    c: &Cut,
    previous: Option<&Record>,
    refs: Option<&BTreeMap<String, Vec<String>>>,
) -> Option<Record> {
    let mut texts = BTreeMap::new();
    let mut same = previous.is_some_and(|p| p.fields == c.fields);
    for (name, markdown) in &c.texts {
        let blocks = split_blocks(markdown);
        if blocks.is_empty() {
            same &= previous.is_none_or(|p| p.texts.get(*name).is_none_or(Vec::is_empty));
            continue;
        }
        let before = previous.and_then(|p| p.texts.get(*name));
        let ids = match before {
            Some(prev) => {
                let unchanged = prev.len() == blocks.len()
                    && prev
                        .iter()
                        .zip(&blocks)
                        .all(|(a, b)| a.markdown == b.markdown);
                same &= unchanged;
                let mut taken: Vec<String> = prev.iter().map(|b| b.id.clone()).collect();
                assign_ids(prev, blocks, || fresh(&mut taken))
            }
            None => {
                same = false;
                let owner = format!("{}:{name}", c.entity);
                match refs.and_then(|r| r.get(*name)) {
                    Some(given) => attach_ids(&owner, markdown, given)
                        .unwrap_or_else(|_| initial_ids(&owner, blocks)),
                    None => initial_ids(&owner, blocks),
                }
            }
        };
        texts.insert((*name).to_owned(), ids);
    }
    if same {
        return None;
    }
    Some(Record {
        fields: c.fields.clone(),
        texts,
    })
}

pub(crate) const LATEST: &str = "SELECT v.entity, v.version, v.record FROM entity_versions v JOIN (SELECT entity, MAX(version) AS version FROM entity_versions GROUP BY entity) m ON m.entity = v.entity AND m.version = v.version";
pub(crate) const LATEST_OF: &str =
    "SELECT COALESCE(MAX(version), 0) FROM entity_versions WHERE entity = $1";
pub(crate) const APPEND: &str = "INSERT INTO entity_versions (entity, version, record, created_at, origin, author_id, reviewer_id, change_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// The newest version number and record of each entity that has one.
pub(crate) type Latest = HashMap<String, (i64, Record)>;

/// The newest version number of `entity` in `latest`, 0 when it has none (as [`LATEST_OF`]).
pub(crate) fn newest(latest: &Latest, entity: &str) -> i64 {
    latest.get(entity).map_or(0, |(v, _)| *v)
}

/// Reads the newest record of every entity (rows of [`LATEST`]).
pub(crate) fn latest_records(rows: Vec<(String, i64, String)>) -> StoreResult<Latest> {
    let mut out = HashMap::new();
    for (entity, version, record) in rows {
        let r: Record = serde_json::from_str(&record).map_err(|_| crate::StoreError::Corrupt {
            what: "version record in entity_versions.record".into(),
            value: format!("{entity} v{version}"),
        })?;
        out.insert(entity, (version, r));
    }
    Ok(out)
}

/// The newest version number and record of every entity, read through `$tx` (one query of
/// [`LATEST`]); [`write_versions!`] keeps it up to date, so a transaction reads it once.
macro_rules! latest_versions {
    ($tx:ident) => {{
        let rows: Vec<(String, i64, String)> = sqlx::query_as(crate::versions::LATEST)
            .fetch_all(&mut *$tx)
            .await?;
        crate::versions::latest_records(rows)?
    }};
}
pub(crate) use latest_versions;

/// Appends a version for every entity of `$set` that differs from its newest version in
/// `$latest` (or has none), through `$tx`, and records each new version in `$latest`, which
/// thus stays what [`LATEST`] would read now; evaluates to the entities written with their new
/// version numbers.
macro_rules! write_versions {
    ($tx:ident, $latest:expr, $set:expr, $origin:expr) => {{
        let latest: &mut crate::versions::Latest = $latest;
        let origin: crate::versions::VersionOrigin = $origin;
        let now = crate::now_secs();
        let mut written: Vec<(String, i64)> = Vec::new();
        let set: &fahrplan_domain::ContentSet = $set;
        for c in crate::versions::cuts(set) {
            let before = latest.get(&c.entity);
            let refs = set.block_refs.get(&c.entity);
            if let Some(r) = crate::versions::next_record(&c, before.map(|(_, r)| r), refs) {
                let version = before.map_or(1, |(v, _)| v + 1);
                let json = serde_json::to_string(&r).unwrap_or_default();
                sqlx::query(crate::versions::APPEND)
                    .bind(&c.entity)
                    .bind(version)
                    .bind(&json)
                    .bind(now)
                    .bind(origin.wire_value())
                    .bind(origin.author)
                    .bind(origin.reviewer)
                    .bind(origin.change)
                    .execute(&mut *$tx)
                    .await?;
                latest.insert(c.entity.clone(), (version, r));
                written.push((c.entity, version));
            }
        }
        written
    }};
}
pub(crate) use write_versions;

impl VersionOrigin {
    /// `content` or `editorial`, as stored.
    pub fn wire_value(&self) -> &'static str {
        self.wire()
    }
}

type VersionRow = (
    String,
    i64,
    String,
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

const VERSIONS_OF: &str = "SELECT v.entity, v.version, v.record, v.created_at, v.origin, v.author_id, a.display_name, v.reviewer_id, r.display_name, v.change_id FROM entity_versions v LEFT JOIN accounts a ON a.id = v.author_id LEFT JOIN accounts r ON r.id = v.reviewer_id WHERE v.entity = $1 ORDER BY v.version DESC";

fn version_of(row: VersionRow) -> StoreResult<Version> {
    let (
        entity,
        version,
        record,
        created_at,
        origin,
        author_id,
        author,
        reviewer_id,
        reviewer,
        change_id,
    ) = row;
    let record = latest_records(vec![(entity.clone(), version, record)])?
        .remove(&entity)
        .map(|(_, r)| r)
        .ok_or(crate::StoreError::NotFound)?;
    Ok(Version {
        entity,
        version,
        record,
        created_at,
        origin,
        author_id,
        author,
        reviewer_id,
        reviewer,
        change_id,
    })
}

impl Store {
    /// Every version of `entity`, newest first.
    pub async fn versions(&self, entity: &str) -> StoreResult<Vec<Version>> {
        let rows: Vec<VersionRow> = on_pool!(self, p => sqlx::query_as(VERSIONS_OF)
            .bind(entity).fetch_all(p).await)?;
        rows.into_iter().map(version_of).collect()
    }

    /// The block ids of every text's newest version, as `blocks.toml` carries them.
    pub async fn block_refs(&self) -> StoreResult<BlockRefs> {
        let rows: Vec<(String, i64, String)> =
            on_pool!(self, p => sqlx::query_as(LATEST).fetch_all(p).await)?;
        let mut out = BlockRefs::new();
        for (entity, (_, record)) in latest_records(rows)? {
            let texts: BTreeMap<String, Vec<String>> = record
                .texts
                .iter()
                .filter(|(_, b)| !b.is_empty())
                .map(|(f, b)| (f.clone(), block_refs(b)))
                .collect();
            if !texts.is_empty() {
                out.insert(entity, texts);
            }
        }
        Ok(out)
    }

    /// The newest version number of `entity`, 0 when it has none.
    pub async fn latest_version(&self, entity: &str) -> StoreResult<i64> {
        let (v,): (i64,) = on_pool!(self, p => sqlx::query_as(LATEST_OF)
            .bind(entity).fetch_one(p).await)?;
        Ok(v)
    }
}
