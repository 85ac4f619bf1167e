//! Contributions (proposals, comments, statements) and supports. The store keeps them and reads
//! them with their author's public name and their support count; whether someone may post,
//! edit, withdraw or support is decided by the app.

use crate::outbox::APPEND;
use crate::rows::wire;
use crate::{Store, StoreResult, in_tx, on_pool};
use fahrplan_domain::{ContributionKind, ContributionState, Role, TargetKind, UnknownWireValue};
use sqlx::{ColumnIndex, Decode, Row, Type};

/// Outbox topic of contribution changes; the entity is the contribution's id. Only the search
/// index follows it: the cached pages that show a contribution (the comment counts beside a
/// text's paragraphs, "Aus der Beteiligung") follow the rows of `outbox::APPEND_SHOWN_ON`
/// written with it.
pub const CONTRIBUTIONS_TOPIC: &str = "contribution";

/// A contribution about to be stored, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContribution {
    /// Process slug.
    pub process: String,
    /// What it is about.
    pub target_kind: TargetKind,
    /// Target slug, '' for the process itself.
    pub target: String,
    /// Kind.
    pub kind: ContributionKind,
    /// Author account.
    pub author: i64,
    /// Role shown beside a statement.
    pub author_role: Option<Role>,
    /// Contribution this one answers.
    pub parent: Option<i64>,
    /// Title (proposals).
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// A stored contribution with its author's public name and its support count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionRow {
    /// Id.
    pub id: i64,
    /// Process slug.
    pub process: String,
    /// What it is about.
    pub target_kind: TargetKind,
    /// Target slug.
    pub target: String,
    /// Kind.
    pub kind: ContributionKind,
    /// Author account.
    pub author: i64,
    /// Author's display name ('' once the account is deleted).
    pub author_name: String,
    /// When the author's account was deleted.
    pub author_deleted_at: Option<i64>,
    /// Role shown beside a statement.
    pub author_role: Option<Role>,
    /// The author's staff role today (admin before moderator before editor), shown beside
    /// every contribution so a look-alike name cannot pass for staff.
    pub author_staff: Option<Role>,
    /// Contribution this one answers.
    pub parent: Option<i64>,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Last edit by the author.
    pub edited_at: Option<i64>,
    /// State.
    pub state: ContributionState,
    /// Public reason for hiding.
    pub state_reason: Option<String>,
    /// Number of supports.
    pub supports: i64,
    /// Number of replies.
    pub replies: i64,
}

/// A wire value of `column` of `contributions`, decoded where the row is read: an unknown one
/// fails the read (`StoreError::Corrupt`) instead of turning into some default.
fn column<'r, R, T>(row: &'r R, column: &'static str) -> Result<T, sqlx::Error>
where
    R: Row,
    &'static str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    T: TryFrom<String, Error = UnknownWireValue>,
{
    let text: String = row.try_get(column)?;
    T::try_from(text).map_err(|e| column_error(column, e))
}

fn column_error(column: &str, e: UnknownWireValue) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: format!("contributions.{column}"),
        source: Box::new(e),
    }
}

impl<'r, R> sqlx::FromRow<'r, R> for ContributionRow
where
    R: Row,
    &'static str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    Option<String>: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        let author_role: Option<String> = row.try_get("author_role")?;
        let author_staff: Option<String> = row.try_get("author_staff")?;
        Ok(Self {
            id: row.try_get("id")?,
            process: row.try_get("process")?,
            target_kind: column(row, "target_kind")?,
            target: row.try_get("target")?,
            kind: column(row, "kind")?,
            author: row.try_get("author")?,
            author_name: row.try_get("author_name")?,
            author_deleted_at: row.try_get("author_deleted_at")?,
            author_role: author_role
                .map(Role::try_from)
                .transpose()
                .map_err(|e| column_error("author_role", e))?,
            author_staff: author_staff
                .map(Role::try_from)
                .transpose()
                .map_err(|e| column_error("author_staff", e))?,
            parent: row.try_get("parent")?,
            title: row.try_get("title")?,
            body: row.try_get("body")?,
            created_at: row.try_get("created_at")?,
            edited_at: row.try_get("edited_at")?,
            state: column(row, "state")?,
            state_reason: row.try_get("state_reason")?,
            supports: row.try_get("supports")?,
            replies: row.try_get("replies")?,
        })
    }
}

/// How a page of contributions is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Newest first.
    Newest,
    /// Most supported first, then newest.
    MostSupported,
}

const SELECT: &str = "
    SELECT c.id, c.process, c.target_kind, c.target, c.kind, c.author,
           a.display_name AS author_name, a.deleted_at AS author_deleted_at, c.author_role,
           CASE
               WHEN EXISTS (SELECT 1 FROM account_roles s
                            WHERE s.account_id = c.author AND s.role = 'admin') THEN 'admin'
               WHEN EXISTS (SELECT 1 FROM account_roles s
                            WHERE s.account_id = c.author AND s.role = 'moderator') THEN 'moderator'
               WHEN EXISTS (SELECT 1 FROM account_roles s
                            WHERE s.account_id = c.author AND s.role = 'editor') THEN 'editor'
           END AS author_staff,
           c.parent, c.title, c.body, c.created_at, c.edited_at, c.state, c.state_reason,
           c.supports_count AS supports,
           (SELECT COUNT(*) FROM contributions r WHERE r.parent = c.id) AS replies
    FROM contributions c
    JOIN accounts a ON a.id = c.author";

const INSERT: &str = "
    INSERT INTO contributions
        (process, target_kind, target, kind, author, author_role, parent, title, body, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    RETURNING id";

const EDIT: &str = "
    UPDATE contributions SET title = $3, body = $4, edited_at = $5
    WHERE id = $1 AND author = $2 AND state = 'visible'";

const WITHDRAW: &str = "
    UPDATE contributions SET state = 'withdrawn'
    WHERE id = $1 AND author = $2 AND state = 'visible'";

const ADD_SUPPORT: &str = "
    INSERT INTO supports (contribution, account, created_at) VALUES ($1, $2, $3)
    ON CONFLICT (contribution, account) DO NOTHING";

const COUNT_SUPPORT: &str =
    "UPDATE contributions SET supports_count = supports_count + 1 WHERE id = $1";

const REMOVE_SUPPORT: &str = "DELETE FROM supports WHERE contribution = $1 AND account = $2";

const UNCOUNT_SUPPORT: &str =
    "UPDATE contributions SET supports_count = supports_count - 1 WHERE id = $1";

const TARGETS: &str = "
    SELECT kind, key, title, archived FROM (
        SELECT 'edition' AS kind, slug AS key, title, CAST(NULL AS TEXT) AS archived, 0 AS o1, 0 AS o2 FROM editions WHERE slug = $1
        UNION ALL SELECT 'area', edition || '/' || slug, title, archived_on, 1, position FROM areas WHERE edition = $1
        UNION ALL SELECT 'goal', slug, title, archived_on, 2, position FROM goals WHERE edition = $1
        UNION ALL SELECT 'measure', slug, title, archived_on, 3, position FROM measures WHERE edition = $1
    ) t
    ORDER BY o1, o2";

const SUPPORTS_BY: &str =
    "SELECT contribution, created_at FROM supports WHERE account = $1 ORDER BY contribution";

const COUNTS_BY_PROCESS: &str = "
    SELECT process, COUNT(*) FROM contributions WHERE parent IS NULL
    GROUP BY process ORDER BY process";

impl Store {
    /// Stores a contribution and returns its id.
    pub async fn add_contribution(&self, c: &NewContribution) -> StoreResult<i64> {
        let id = in_tx!(self, tx => {
            let (id,): (i64,) = sqlx::query_as(INSERT)
                .bind(&c.process).bind(c.target_kind.as_str()).bind(&c.target).bind(c.kind.as_str()).bind(c.author)
                .bind(c.author_role.map(Role::as_str)).bind(c.parent).bind(&c.title).bind(&c.body).bind(c.created_at)
                .fetch_one(&mut *tx).await?;
            sqlx::query(APPEND).bind(crate::now_text()).bind(CONTRIBUTIONS_TOPIC).bind(id.to_string())
                .execute(&mut *tx).await?;
            id
        });
        Ok(id)
    }

    /// One contribution (`NotFound` when there is none with this id).
    pub async fn contribution(&self, id: i64) -> StoreResult<ContributionRow> {
        let row = on_pool!(self, p => sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
            .bind(id).fetch_one(p).await)?;
        Ok(row)
    }

    /// One page of a process's top-level contributions (replies are counted, not listed), and
    /// how many there are in all; `target` narrows them to one target (kind, key). The page's
    /// ids are found on an index first, so a deep page costs no more than the first.
    pub async fn contribution_page(
        &self,
        process: &str,
        target: Option<(TargetKind, &str)>,
        order: Order,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<ContributionRow>, i64)> {
        let (inner, outer) = match order {
            Order::Newest => ("id DESC", "c.id DESC"),
            Order::MostSupported => (
                "supports_count DESC, id DESC",
                "c.supports_count DESC, c.id DESC",
            ),
        };
        const ROOTS: &str = "FROM contributions WHERE process = $1 AND parent IS NULL";
        let (rows, total) = match target {
            None => {
                let sql = format!(
                    "{SELECT} WHERE c.id IN (SELECT id {ROOTS} ORDER BY {inner} LIMIT $2 OFFSET $3) ORDER BY {outer}"
                );
                let rows = on_pool!(self, p => sqlx::query_as(&sql)
                    .bind(process).bind(limit).bind(offset).fetch_all(p).await)?;
                let (total,): (i64,) = on_pool!(self, p => sqlx::query_as(&format!("SELECT COUNT(*) {ROOTS}"))
                    .bind(process).fetch_one(p).await)?;
                (rows, total)
            }
            Some((kind, key)) => {
                const ABOUT: &str = "AND target_kind = $2 AND target = $3";
                let sql = format!(
                    "{SELECT} WHERE c.id IN (SELECT id {ROOTS} {ABOUT} ORDER BY {inner} LIMIT $4 OFFSET $5) ORDER BY {outer}"
                );
                let rows = on_pool!(self, p => sqlx::query_as(&sql)
                    .bind(process).bind(kind.as_str()).bind(key).bind(limit).bind(offset).fetch_all(p).await)?;
                let (total,): (i64,) = on_pool!(self, p => sqlx::query_as(&format!("SELECT COUNT(*) {ROOTS} {ABOUT}"))
                    .bind(process).bind(kind.as_str()).bind(key).fetch_one(p).await)?;
                (rows, total)
            }
        };
        Ok((rows, total))
    }

    /// A contribution and its replies, oldest first (`NotFound` when there is none).
    pub async fn thread(&self, root: i64) -> StoreResult<Vec<ContributionRow>> {
        let rows: Vec<ContributionRow> = on_pool!(self, p => sqlx::query_as(&format!("{SELECT} WHERE c.id = $1 OR c.parent = $1 ORDER BY c.id"))
            .bind(root).fetch_all(p).await)?;
        if rows.is_empty() {
            return Err(crate::StoreError::NotFound);
        }
        Ok(rows)
    }

    /// Every visible contribution, oldest first (to rebuild the search index).
    pub async fn visible_contributions(&self) -> StoreResult<Vec<ContributionRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(&format!("{SELECT} WHERE c.state = 'visible' ORDER BY c.id"))
            .fetch_all(p).await)?;
        Ok(rows)
    }

    /// The newest contribution an account wrote, if any.
    pub async fn latest_by(&self, account: i64) -> StoreResult<Option<ContributionRow>> {
        let row = on_pool!(self, p => sqlx::query_as(&format!("{SELECT} WHERE c.author = $1 ORDER BY c.id DESC LIMIT 1"))
            .bind(account).fetch_optional(p).await)?;
        Ok(row)
    }

    /// Every contribution an account wrote, oldest first (for "Meine Daten").
    pub async fn contributions_by(&self, account: i64) -> StoreResult<Vec<ContributionRow>> {
        let rows = on_pool!(self, p => sqlx::query_as(&format!("{SELECT} WHERE c.author = $1 ORDER BY c.id"))
            .bind(account).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Replaces title and body of a visible contribution of `author`; false when no such row.
    pub async fn edit_contribution(
        &self,
        id: i64,
        author: i64,
        title: &str,
        body: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let n = in_tx!(self, tx => {
            let n = sqlx::query(EDIT)
                .bind(id).bind(author).bind(title).bind(body).bind(now).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(APPEND).bind(crate::now_text()).bind(CONTRIBUTIONS_TOPIC).bind(id.to_string())
                    .execute(&mut *tx).await?;
            }
            n
        });
        Ok(n == 1)
    }

    /// The author withdraws a visible contribution; false when it is not theirs or not visible.
    pub async fn withdraw_contribution(&self, id: i64, author: i64) -> StoreResult<bool> {
        let n = in_tx!(self, tx => {
            let n = sqlx::query(WITHDRAW)
                .bind(id).bind(author).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(APPEND).bind(crate::now_text()).bind(CONTRIBUTIONS_TOPIC).bind(id.to_string())
                    .execute(&mut *tx).await?;
                sqlx::query(crate::outbox::APPEND_SHOWN_ON).bind(crate::now_text()).bind(id)
                    .execute(&mut *tx).await?;
            }
            n
        });
        Ok(n == 1)
    }

    /// Adds a support; false when the account supports it already (one per account, by key).
    /// The contribution's count moves in the same transaction.
    pub async fn add_support(
        &self,
        contribution: i64,
        account: i64,
        now: i64,
    ) -> StoreResult<bool> {
        let n = in_tx!(self, tx => {
            let n = sqlx::query(ADD_SUPPORT)
                .bind(contribution).bind(account).bind(now).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(COUNT_SUPPORT)
                    .bind(contribution).execute(&mut *tx).await?;
            }
            n
        });
        Ok(n == 1)
    }

    /// Takes a support back; false when there was none.
    pub async fn remove_support(&self, contribution: i64, account: i64) -> StoreResult<bool> {
        let n = in_tx!(self, tx => {
            let n = sqlx::query(REMOVE_SUPPORT)
                .bind(contribution).bind(account).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(UNCOUNT_SUPPORT)
                    .bind(contribution).execute(&mut *tx).await?;
            }
            n
        });
        Ok(n == 1)
    }

    /// What contributions can be about, for one edition: (target kind, key, title, whether it
    /// is archived), with areas keyed `edition/slug` and the rest by slug, in reading order.
    /// Archived targets are listed too, so contributions about them keep their title and link.
    pub async fn targets(
        &self,
        edition: &str,
    ) -> StoreResult<Vec<(TargetKind, String, String, bool)>> {
        let rows: Vec<(String, String, String, Option<String>)> = on_pool!(self, p => sqlx::query_as(
            TARGETS)
            .bind(edition).fetch_all(p).await)?;
        rows.into_iter()
            .map(|(kind, key, title, archived)| {
                Ok((wire(&kind, "targets.kind")?, key, title, archived.is_some()))
            })
            .collect()
    }

    /// How many top-level contributions each process has (replies are counted with their
    /// thread, as on the process page); processes without any are left out.
    pub async fn contribution_counts(&self) -> StoreResult<Vec<(String, i64)>> {
        let rows = on_pool!(self, p => sqlx::query_as(COUNTS_BY_PROCESS).fetch_all(p).await)?;
        Ok(rows)
    }

    /// The contributions an account supports, with the time of each support.
    pub async fn supports_by(&self, account: i64) -> StoreResult<Vec<(i64, i64)>> {
        let rows = on_pool!(self, p => sqlx::query_as(SUPPORTS_BY)
            .bind(account).fetch_all(p).await)?;
        Ok(rows)
    }
}
