//! Moderation, finished (issue 17): reports that hide a contribution once enough different
//! accounts made them, the hidings with the author's one objection each, the warnings and
//! blocks of accounts, and the public figures of a process. Who may do what is decided by the
//! app; every write that changes what a page shows appends its outbox rows in the same
//! transaction: hiding and restoring also drop the cached pages that show the contribution
//! (`outbox::APPEND_SHOWN_ON`).

use crate::contributions::CONTRIBUTIONS_TOPIC;
use crate::outbox::{APPEND, APPEND_SHOWN_ON};
use crate::{Store, StoreResult, in_tx, on_pool, on_write};

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    /// This account had reported the contribution already: nothing changed.
    Duplicate,
    /// The report is stored.
    Recorded,
    /// The report is stored and was the one that reached the threshold: the contribution is
    /// hidden until a moderator decides.
    Hidden,
}

/// One hiding of a contribution with its objection, if any.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HidingRow {
    /// Id.
    pub id: i64,
    /// The hidden contribution.
    pub contribution: i64,
    /// Its process.
    pub process: String,
    /// Hidden by reports (true) or by a moderator.
    pub by_reports: bool,
    /// Unix seconds.
    pub hidden_at: i64,
    /// When a moderator decided (at once for a moderator's hiding).
    pub reviewed_at: Option<i64>,
    /// When it was shown again.
    pub restored_at: Option<i64>,
    /// The author's objection.
    pub objection: Option<String>,
    /// When the author objected.
    pub objected_at: Option<i64>,
    /// "restored" or "upheld", once answered.
    pub objection_outcome: Option<String>,
    /// The moderators' answer to the author.
    pub objection_answer: Option<String>,
    /// When answered.
    pub answered_at: Option<i64>,
}

/// A warning or block of an account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SanctionRow {
    /// Id.
    pub id: i64,
    /// The account.
    pub account: i64,
    /// "warning" or "block".
    pub kind: String,
    /// The reason shown to the person.
    pub reason: String,
    /// Unix seconds.
    pub created_at: i64,
    /// When a block was lifted.
    pub lifted_at: Option<i64>,
}

/// The public moderation figures of one process (no names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModerationFigures {
    /// Contributions reported at least once.
    pub reported: i64,
    /// Hidings by moderators.
    pub hidden_by_moderators: i64,
    /// Hidings by reports.
    pub hidden_by_reports: i64,
    /// Hidings that ended with the contribution shown again.
    pub restored: i64,
    /// Objections of authors.
    pub objections: i64,
    /// Objections answered by restoring.
    pub objections_restored: i64,
    /// Objections answered by upholding.
    pub objections_upheld: i64,
    /// Warnings about contributions of the process.
    pub warnings: i64,
    /// Blocks about contributions of the process.
    pub blocks: i64,
}

const HIDING_COLUMNS: &str = "id, contribution, process, by_reports, hidden_at, reviewed_at, restored_at, objection, objected_at, objection_outcome, objection_answer, answered_at";

/// Takes the contribution's row lock first (PostgreSQL; SQLite's write transaction holds the
/// whole database), so two reports at once cannot both miss the threshold.
const LOCK_CONTRIBUTION: &str = "UPDATE contributions SET state = state WHERE id = $1";

const ADD_FLAG: &str = "
    INSERT INTO flags (contribution, reporter, reason, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (contribution, reporter) DO NOTHING";

/// Open reports are unique per account, so their number is the number of accounts.
const OPEN_REPORTERS: &str =
    "SELECT COUNT(*) FROM flags WHERE contribution = $1 AND resolved_at IS NULL";

const AUTO_HIDE: &str = "
    UPDATE contributions SET state = 'hidden', state_reason = NULL
    WHERE id = $1 AND state = 'visible'";

const INSERT_HIDING: &str = "
    INSERT INTO hidings (contribution, process, by_reports, hidden_at, reviewed_at)
    SELECT id, process, $2, $3, $4 FROM contributions WHERE id = $1";

const STATE_OF: &str = "SELECT state FROM contributions WHERE id = $1";

const HIDE: &str = "
    UPDATE contributions SET state = 'hidden', state_reason = $2
    WHERE id = $1 AND state <> 'withdrawn'";

const REVIEW_OPEN_HIDING: &str = "
    UPDATE hidings SET reviewed_at = $2
    WHERE contribution = $1 AND restored_at IS NULL AND reviewed_at IS NULL";

const RESOLVE_FLAGS: &str = "
    UPDATE flags SET resolved_at = $2, outcome = $3
    WHERE contribution = $1 AND resolved_at IS NULL";

const RESTORE: &str = "
    UPDATE contributions SET state = 'visible', state_reason = NULL
    WHERE id = $1 AND state = 'hidden'";

const END_HIDINGS: &str = "
    UPDATE hidings SET restored_at = $2, reviewed_at = COALESCE(reviewed_at, $2)
    WHERE contribution = $1 AND restored_at IS NULL";

const OBJECT: &str = "
    UPDATE hidings SET objection = $2, objected_at = $3
    WHERE id = (SELECT MAX(id) FROM hidings WHERE contribution = $1)
      AND restored_at IS NULL AND objected_at IS NULL";

const ANSWER: &str = "
    UPDATE hidings SET objection_outcome = $2, objection_answer = $3, answered_at = $4
    WHERE id = $1 AND objected_at IS NOT NULL AND answered_at IS NULL AND restored_at IS NULL";

const REASON_IF_NONE: &str = "
    UPDATE contributions SET state_reason = $2
    WHERE id = $1 AND state = 'hidden' AND state_reason IS NULL";

const ADD_SANCTION: &str = "
    INSERT INTO account_sanctions (account, kind, reason, process, created_at, created_by)
    VALUES ($1, $2, $3, $4, $5, $6)";

const LIFT: &str = "
    UPDATE account_sanctions SET lifted_at = $2, lifted_by = $3
    WHERE account = $1 AND kind = 'block' AND lifted_at IS NULL";

const SANCTIONS_OF: &str = "
    SELECT id, account, kind, reason, created_at, lifted_at FROM account_sanctions
    WHERE account = $1 ORDER BY id";

const ACTIVE_BLOCK: &str = "
    SELECT reason FROM account_sanctions
    WHERE account = $1 AND kind = 'block' AND lifted_at IS NULL
    ORDER BY id DESC LIMIT 1";

/// Whether consent `$2` is in force for account `$1`, and the reason of the block on it.
const STANDING: &str = "
    SELECT EXISTS (SELECT 1 FROM consents
                   WHERE account_id = $1 AND kind = $2 AND withdrawn_at IS NULL),
           (SELECT reason FROM account_sanctions
            WHERE account = $1 AND kind = 'block' AND lifted_at IS NULL
            ORDER BY id DESC LIMIT 1)";

const FIGURES: &str = "
    SELECT
        (SELECT COUNT(DISTINCT f.contribution) FROM flags f
         JOIN contributions c ON c.id = f.contribution WHERE c.process = $1),
        (SELECT COUNT(*) FROM hidings WHERE process = $1 AND NOT by_reports),
        (SELECT COUNT(*) FROM hidings WHERE process = $1 AND by_reports),
        (SELECT COUNT(*) FROM hidings WHERE process = $1 AND restored_at IS NOT NULL),
        (SELECT COUNT(*) FROM hidings WHERE process = $1 AND objected_at IS NOT NULL),
        (SELECT COUNT(*) FROM hidings WHERE process = $1 AND objection_outcome = 'restored'),
        (SELECT COUNT(*) FROM hidings WHERE process = $1 AND objection_outcome = 'upheld'),
        (SELECT COUNT(*) FROM account_sanctions WHERE process = $1 AND kind = 'warning'),
        (SELECT COUNT(*) FROM account_sanctions WHERE process = $1 AND kind = 'block')";

fn touch() -> String {
    crate::now_text()
}

impl Store {
    /// Stores a report of `reporter`; when it is the report that makes `threshold` different
    /// accounts with open reports, the visible contribution is hidden (without a public
    /// reason: awaiting review) and the hiding recorded, in the same transaction.
    pub async fn report_contribution(
        &self,
        contribution: i64,
        reporter: i64,
        reason: &str,
        now: i64,
        threshold: i64,
    ) -> StoreResult<ReportOutcome> {
        let outcome = in_tx!(self, tx => {
            sqlx::query(LOCK_CONTRIBUTION).bind(contribution).execute(&mut *tx).await?;
            let added = sqlx::query(ADD_FLAG)
                .bind(contribution).bind(reporter).bind(reason).bind(now)
                .execute(&mut *tx).await?.rows_affected();
            if added == 0 {
                ReportOutcome::Duplicate
            } else {
                let (open,): (i64,) = sqlx::query_as(OPEN_REPORTERS)
                    .bind(contribution).fetch_one(&mut *tx).await?;
                let hidden = open >= threshold
                    && sqlx::query(AUTO_HIDE).bind(contribution).execute(&mut *tx).await?.rows_affected() == 1;
                if hidden {
                    sqlx::query(INSERT_HIDING)
                        .bind(contribution).bind(true).bind(now).bind(None::<i64>)
                        .execute(&mut *tx).await?;
                    sqlx::query(APPEND).bind(touch()).bind(CONTRIBUTIONS_TOPIC).bind(contribution.to_string())
                        .execute(&mut *tx).await?;
                    sqlx::query(APPEND_SHOWN_ON).bind(touch()).bind(contribution)
                        .execute(&mut *tx).await?;
                    ReportOutcome::Hidden
                } else {
                    ReportOutcome::Recorded
                }
            }
        });
        Ok(outcome)
    }

    /// A moderator hides a contribution that is not withdrawn with a public reason: a visible
    /// one gets a new hiding, a hidden one (awaiting review after reports) keeps its hiding,
    /// now reviewed; open reports are resolved as "hidden". False when withdrawn or missing.
    pub async fn moderator_hide(&self, id: i64, reason: &str, now: i64) -> StoreResult<bool> {
        let done = in_tx!(self, tx => {
            let state: Option<(String,)> = sqlx::query_as(STATE_OF).bind(id).fetch_optional(&mut *tx).await?;
            let n = sqlx::query(HIDE).bind(id).bind(reason).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                if state.is_some_and(|(s,)| s == "visible") {
                    sqlx::query(INSERT_HIDING)
                        .bind(id).bind(false).bind(now).bind(Some(now))
                        .execute(&mut *tx).await?;
                    sqlx::query(APPEND_SHOWN_ON).bind(touch()).bind(id)
                        .execute(&mut *tx).await?;
                } else {
                    sqlx::query(REVIEW_OPEN_HIDING).bind(id).bind(now).execute(&mut *tx).await?;
                }
                sqlx::query(RESOLVE_FLAGS).bind(id).bind(now).bind("hidden").execute(&mut *tx).await?;
                sqlx::query(APPEND).bind(touch()).bind(CONTRIBUTIONS_TOPIC).bind(id.to_string())
                    .execute(&mut *tx).await?;
            }
            n == 1
        });
        Ok(done)
    }

    /// A moderator shows a hidden contribution again: its hiding ends and its open reports
    /// are dismissed. False when it is not hidden.
    pub async fn moderator_restore(&self, id: i64, now: i64) -> StoreResult<bool> {
        let done = in_tx!(self, tx => {
            let n = sqlx::query(RESTORE).bind(id).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(END_HIDINGS).bind(id).bind(now).execute(&mut *tx).await?;
                sqlx::query(RESOLVE_FLAGS).bind(id).bind(now).bind("dismissed").execute(&mut *tx).await?;
                sqlx::query(APPEND).bind(touch()).bind(CONTRIBUTIONS_TOPIC).bind(id.to_string())
                    .execute(&mut *tx).await?;
                sqlx::query(APPEND_SHOWN_ON).bind(touch()).bind(id).execute(&mut *tx).await?;
            }
            n == 1
        });
        Ok(done)
    }

    /// The latest hiding of a contribution, ended or not.
    pub async fn latest_hiding(&self, contribution: i64) -> StoreResult<Option<HidingRow>> {
        let sql = format!(
            "SELECT {HIDING_COLUMNS} FROM hidings WHERE contribution = $1 ORDER BY id DESC LIMIT 1"
        );
        let row =
            on_pool!(self, p => sqlx::query_as(&sql).bind(contribution).fetch_optional(p).await)?;
        Ok(row)
    }

    /// One hiding (`NotFound` when there is none).
    pub async fn hiding(&self, id: i64) -> StoreResult<HidingRow> {
        let sql = format!("SELECT {HIDING_COLUMNS} FROM hidings WHERE id = $1");
        let row = on_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_one(p).await)?;
        Ok(row)
    }

    /// Every hiding of the contributions of `author` with its objection, oldest first (for
    /// "Meine Daten").
    pub async fn hidings_of_author(&self, author: i64) -> StoreResult<Vec<HidingRow>> {
        let sql = format!(
            "SELECT {HIDING_COLUMNS} FROM hidings WHERE contribution IN (SELECT id FROM contributions WHERE author = $1) ORDER BY id"
        );
        let rows = on_pool!(self, p => sqlx::query_as(&sql).bind(author).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Objections not answered yet, oldest first.
    pub async fn open_objections(&self) -> StoreResult<Vec<HidingRow>> {
        let sql = format!(
            "SELECT {HIDING_COLUMNS} FROM hidings WHERE answered_at IS NULL AND objected_at IS NOT NULL AND restored_at IS NULL ORDER BY objected_at, id"
        );
        let rows = on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        Ok(rows)
    }

    /// Records the objection to the current hiding of a contribution; false when it is not
    /// hidden or its hiding has an objection already (one per hiding).
    pub async fn object_to_hiding(
        &self,
        contribution: i64,
        objection: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let n = on_write!(self, p => sqlx::query(OBJECT)
            .bind(contribution).bind(objection).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Answers the open objection of hiding `id`: `restore` shows the contribution again (its
    /// reports dismissed), otherwise the hiding is upheld and reviewed, and a hiding still
    /// awaiting review takes the answer as its public reason. False when there is no open
    /// objection.
    pub async fn answer_objection(
        &self,
        id: i64,
        restore: bool,
        answer: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let outcome = if restore { "restored" } else { "upheld" };
        let done = in_tx!(self, tx => {
            let hiding: Option<(i64,)> = sqlx::query_as("SELECT contribution FROM hidings WHERE id = $1")
                .bind(id).fetch_optional(&mut *tx).await?;
            let n = sqlx::query(ANSWER).bind(id).bind(outcome).bind(answer).bind(now)
                .execute(&mut *tx).await?.rows_affected();
            match hiding {
                Some((c,)) if n == 1 => {
                    if restore {
                        sqlx::query(RESTORE).bind(c).execute(&mut *tx).await?;
                        sqlx::query(END_HIDINGS).bind(c).bind(now).execute(&mut *tx).await?;
                        sqlx::query(RESOLVE_FLAGS).bind(c).bind(now).bind("dismissed").execute(&mut *tx).await?;
                        sqlx::query(APPEND_SHOWN_ON).bind(touch()).bind(c).execute(&mut *tx).await?;
                    } else {
                        sqlx::query(REASON_IF_NONE).bind(c).bind(answer).execute(&mut *tx).await?;
                        sqlx::query(REVIEW_OPEN_HIDING).bind(c).bind(now).execute(&mut *tx).await?;
                        sqlx::query(RESOLVE_FLAGS).bind(c).bind(now).bind("hidden").execute(&mut *tx).await?;
                    }
                    sqlx::query(APPEND).bind(touch()).bind(CONTRIBUTIONS_TOPIC).bind(c.to_string())
                        .execute(&mut *tx).await?;
                    true
                }
                _ => false,
            }
        });
        Ok(done)
    }

    /// Records a warning or block ("warning", "block") of `account`, by moderator `by`.
    pub async fn add_sanction(
        &self,
        account: i64,
        kind: &str,
        reason: &str,
        process: Option<&str>,
        now: i64,
        by: i64,
    ) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(ADD_SANCTION)
            .bind(account).bind(kind).bind(reason).bind(process).bind(now).bind(by)
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Lifts every block of `account`; returns how many were in force.
    pub async fn lift_blocks(&self, account: i64, now: i64, by: i64) -> StoreResult<u64> {
        let n = on_write!(self, p => sqlx::query(LIFT)
            .bind(account).bind(now).bind(by).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// The warnings and blocks of an account, oldest first.
    pub async fn sanctions_of(&self, account: i64) -> StoreResult<Vec<SanctionRow>> {
        let rows =
            on_pool!(self, p => sqlx::query_as(SANCTIONS_OF).bind(account).fetch_all(p).await)?;
        Ok(rows)
    }

    /// The reason of the newest block in force, if the account is blocked.
    /// What every write by a participant checks, in one statement: whether consent `kind` is in
    /// force for `account`, and the reason of the block in force on it, if any.
    pub async fn standing(&self, account: i64, kind: &str) -> StoreResult<(bool, Option<String>)> {
        let row = on_pool!(self, p => sqlx::query_as(STANDING).bind(account).bind(kind).fetch_one(p).await)?;
        Ok(row)
    }

    /// The reason of the block in force on `account`, if any.
    pub async fn active_block(&self, account: i64) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = on_pool!(self, p => sqlx::query_as(ACTIVE_BLOCK)
            .bind(account).fetch_optional(p).await)?;
        Ok(row.map(|(r,)| r))
    }

    /// The public moderation figures of a process.
    pub async fn moderation_figures(&self, process: &str) -> StoreResult<ModerationFigures> {
        type Nine = (i64, i64, i64, i64, i64, i64, i64, i64, i64);
        let r: Nine =
            on_pool!(self, p => sqlx::query_as(FIGURES).bind(process).fetch_one(p).await)?;
        Ok(ModerationFigures {
            reported: r.0,
            hidden_by_moderators: r.1,
            hidden_by_reports: r.2,
            restored: r.3,
            objections: r.4,
            objections_restored: r.5,
            objections_upheld: r.6,
            warnings: r.7,
            blocks: r.8,
        })
    }

    /// Which of `ids` the account supports: the viewer's supports for the contributions of
    /// one page, not all of them.
    pub async fn supports_among(&self, account: i64, ids: &[i64]) -> StoreResult<Vec<i64>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (2..ids.len() + 2).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT contribution FROM supports WHERE account = $1 AND contribution IN ({}) ORDER BY contribution",
            marks.join(", ")
        );
        let rows: Vec<(i64,)> = on_pool!(self, p => {
            let mut q = sqlx::query_as(&sql).bind(account);
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }
}
