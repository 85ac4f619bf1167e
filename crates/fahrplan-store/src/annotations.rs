//! Annotations: comments on one block (paragraph) of a text with block ids. Each is a
//! contribution of kind `annotation` and target kind `block` (target: the text as
//! `{entity}#{field}`) with one row of `annotations` beside it: the block it sits on, the quoted
//! words, how it is attached after the text's last version and the wording it was written on.
//! Where an annotation goes after an edit is decided by `fahrplan_domain::blocks::reanchor`; the
//! store only keeps the answer.

use crate::contributions::{CONTRIBUTIONS_TOPIC, NewContribution};
use crate::outbox::APPEND as OUTBOX;
use crate::{ContributionRow, Store, StoreResult, in_tx, on_pool};
use fahrplan_domain::Role;
use fahrplan_domain::blocks::Anchoring;

/// Outbox topic of a change to a text's annotations; the entity is the text's entity key
/// (`area:2021/infrastruktur`), so the page cache drops only the pages tagged with it.
pub const ANNOTATIONS_TOPIC: &str = "annotation";

/// What an annotation adds to its contribution, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnnotation {
    /// `{entity}#{field}`.
    pub text: String,
    /// The block id.
    pub block: String,
    /// The quoted words.
    pub quote: String,
    /// The block's Markdown when it was written.
    pub wording: String,
    /// The text's entity version it was written on.
    pub version: i64,
}

/// A stored annotation's anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationRow {
    /// The contribution's id.
    pub contribution: i64,
    /// `{entity}#{field}`.
    pub text: String,
    /// The block it sits on now.
    pub block: String,
    /// The quoted words.
    pub quote: String,
    /// How it is attached.
    pub anchoring: Anchoring,
    /// The block's Markdown when it was written.
    pub wording: String,
    /// The entity version it was last anchored in.
    pub version: i64,
}

type Raw = (i64, String, String, String, String, String, i64);

fn row(r: Raw) -> StoreResult<AnnotationRow> {
    let anchoring = Anchoring::parse(&r.4).ok_or_else(|| crate::StoreError::Corrupt {
        what: "Anchoring in column annotations.anchoring".into(),
        value: r.4.clone(),
    })?;
    Ok(AnnotationRow {
        contribution: r.0,
        text: r.1,
        block: r.2,
        quote: r.3,
        anchoring,
        wording: r.5,
        version: r.6,
    })
}

const INSERT: &str = "
    INSERT INTO contributions
        (process, target_kind, target, kind, author, author_role, parent, title, body, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    RETURNING id";

const INSERT_ANNOTATION: &str = "
    INSERT INTO annotations (contribution, entity, text, block, quote, anchoring, wording, version)
    VALUES ($1, $2, $3, $4, $5, 'by_id', $6, $7)";

const COLUMNS: &str = "a.contribution, a.text, a.block, a.quote, a.anchoring, a.wording, a.version";

impl Store {
    /// Stores an annotation (its contribution and its anchor) and returns its id, with an outbox
    /// row for the search index and one for the pages that show the text.
    pub async fn add_annotation(&self, c: &NewContribution, a: &NewAnnotation) -> StoreResult<i64> {
        let entity = a.text.split_once('#').map_or(a.text.as_str(), |(e, _)| e);
        let id = in_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(INSERT)
                .bind(&c.process).bind(c.target_kind.as_str()).bind(&c.target).bind(c.kind.as_str()).bind(c.author)
                .bind(c.author_role.map(Role::as_str)).bind(c.parent).bind(&c.title).bind(&c.body).bind(c.created_at)
                .fetch_one(&mut *tx).await?;
            sqlx::query(INSERT_ANNOTATION)
                .bind(id).bind(entity).bind(&a.text).bind(&a.block).bind(&a.quote).bind(&a.wording).bind(a.version)
                .execute(&mut *tx).await?;
            let now = crate::now_text();
            sqlx::query(OUTBOX).bind(&now).bind(CONTRIBUTIONS_TOPIC).bind(id.to_string())
                .execute(&mut *tx).await?;
            sqlx::query(OUTBOX).bind(&now).bind(ANNOTATIONS_TOPIC).bind(entity)
                .execute(&mut *tx).await?;
            id
        });
        Ok(id)
    }

    /// How many visible annotations each block of the texts of `entity` has: (text, block,
    /// count), by text and block.
    pub async fn annotation_counts(&self, entity: &str) -> StoreResult<Vec<(String, String, i64)>> {
        let rows = on_pool!(self, p => sqlx::query_as(
            "SELECT a.text, a.block, COUNT(*) FROM annotations a
             JOIN contributions c ON c.id = a.contribution
             WHERE a.entity = $1 AND c.state = 'visible' AND c.parent IS NULL
             GROUP BY a.text, a.block ORDER BY a.text, a.block")
            .bind(entity).fetch_all(p).await)?;
        Ok(rows)
    }

    /// The annotations of every text of `entity`, in any state, oldest first (to re-anchor).
    pub async fn annotations_of_entity(&self, entity: &str) -> StoreResult<Vec<AnnotationRow>> {
        let rows: Vec<Raw> = on_pool!(self, p => sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM annotations a WHERE a.entity = $1 ORDER BY a.contribution"))
            .bind(entity).fetch_all(p).await)?;
        rows.into_iter().map(row).collect()
    }

    /// The anchors of the annotations `author` wrote, in any state, oldest first (for "Meine
    /// Daten").
    pub async fn annotations_by(&self, author: i64) -> StoreResult<Vec<AnnotationRow>> {
        let rows: Vec<Raw> = on_pool!(self, p => sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM annotations a JOIN contributions c ON c.id = a.contribution
             WHERE c.author = $1 ORDER BY a.contribution"))
            .bind(author).fetch_all(p).await)?;
        rows.into_iter().map(row).collect()
    }

    /// The entities that have annotations, each once (to re-anchor after an import).
    pub async fn annotated_entities(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = on_pool!(self, p => sqlx::query_as(
            "SELECT DISTINCT entity FROM annotations ORDER BY entity").fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(e,)| e).collect())
    }

    /// The anchor of annotation `contribution` (`NotFound` when it is no annotation).
    pub async fn annotation(&self, contribution: i64) -> StoreResult<AnnotationRow> {
        let r: Raw = on_pool!(self, p => sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM annotations a WHERE a.contribution = $1"))
            .bind(contribution).fetch_one(p).await)?;
        row(r)
    }

    /// The visible annotations on block `block` of text `text`, oldest first, with their anchors.
    pub async fn annotations_on(
        &self,
        text: &str,
        block: &str,
    ) -> StoreResult<Vec<(ContributionRow, AnnotationRow)>> {
        let ids: Vec<Raw> = on_pool!(self, p => sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM annotations a JOIN contributions c ON c.id = a.contribution
             WHERE a.text = $1 AND a.block = $2 AND c.state = 'visible' ORDER BY a.contribution"))
            .bind(text).bind(block).fetch_all(p).await)?;
        let mut out = Vec::with_capacity(ids.len());
        for r in ids {
            let a = row(r)?;
            out.push((self.contribution(a.contribution).await?, a));
        }
        Ok(out)
    }

    /// Stores where annotations sit after version `version` of their entity, and appends one
    /// outbox row for the entity's pages when any moved or changed state.
    pub async fn set_anchors(
        &self,
        entity: &str,
        anchors: &[(i64, String, Anchoring)],
        version: i64,
    ) -> StoreResult<()> {
        in_tx!(self, tx => {
            for (id, block, anchoring) in anchors {
                sqlx::query("UPDATE annotations SET block = $2, anchoring = $3, version = $4 WHERE contribution = $1")
                    .bind(id).bind(block).bind(anchoring.as_str()).bind(version)
                    .execute(&mut *tx).await?;
            }
            if !anchors.is_empty() {
                sqlx::query(OUTBOX).bind(crate::now_text()).bind(ANNOTATIONS_TOPIC).bind(entity)
                    .execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// The newest version of `entity` with its record, `None` when it has none.
    pub async fn latest_record(&self, entity: &str) -> StoreResult<Option<(i64, crate::Record)>> {
        let row: Option<(String, i64, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT entity, version, record FROM entity_versions WHERE entity = $1 ORDER BY version DESC LIMIT 1")
            .bind(entity).fetch_optional(p).await)?;
        let mut latest = crate::versions::latest_records(row.into_iter().collect())?;
        Ok(latest.remove(entity))
    }
}
