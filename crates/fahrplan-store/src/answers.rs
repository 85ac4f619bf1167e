//! Answers (Rückmeldungen) to contributions and what they changed (issue 17). An answer is never
//! replaced: a new one is added and `answer_current` points at it, in one transaction with an
//! outbox row for every goal, measure or text that the old or the new answer names, so exactly
//! the cached pages that show "what shaped this" are dropped.

use crate::outbox::APPEND;
use crate::rows::wire;
use crate::{Store, StoreResult, in_tx, on_pool, on_write};
use fahrplan_domain::{AnswerState, ContributionKind, ContributionState, TargetKind};

/// What an answer says a contribution changed: a goal or measure as a whole (`version` None) or
/// one published version of an editable text. `entity` is the editorial entity key
/// (`measure:SLUG`, `goal:SLUG`, `area:EDITION/SLUG`, `page:SLUG`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnswerLink {
    /// Entity key.
    pub entity: String,
    /// Version of its text, when the answer names one.
    pub version: Option<i64>,
}

/// An answer about to be stored, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnswer {
    /// The contribution it answers.
    pub contribution: i64,
    /// Where the contribution stands.
    pub state: AnswerState,
    /// Why (Markdown).
    pub reasoning: String,
    /// Code of the department it speaks for; '' for the editorial team.
    pub department: String,
    /// The staff account that wrote it (kept for the audit, never shown).
    pub author: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// What the contribution changed.
    pub links: Vec<AnswerLink>,
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    /// Id.
    pub id: i64,
    /// The contribution it answers.
    pub contribution: i64,
    /// Where the contribution stands.
    pub state: AnswerState,
    /// Why (Markdown).
    pub reasoning: String,
    /// Department code, '' for the editorial team.
    pub department: String,
    /// Unix seconds.
    pub created_at: i64,
    /// What the contribution changed, in the order given.
    pub links: Vec<AnswerLink>,
}

/// A contribution that shaped an entity: the current answer of the contribution links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shaping {
    /// Contribution id.
    pub contribution: i64,
    /// Its process.
    pub process: String,
    /// Its kind.
    pub kind: ContributionKind,
    /// Its title ('' unless a proposal).
    pub title: String,
    /// Its state: a withdrawn one is listed without its title, a hidden one not at all.
    pub state: ContributionState,
    /// Where the answer says it stands.
    pub answer: AnswerState,
    /// The version of the entity's text the answer names, if any.
    pub version: Option<i64>,
}

/// One line of a process's Abwägungstabelle: a top-level visible contribution with its current
/// answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsiderationRow {
    /// Contribution id.
    pub id: i64,
    /// Kind.
    pub kind: ContributionKind,
    /// Target kind.
    pub target_kind: TargetKind,
    /// Target key.
    pub target: String,
    /// The area (`EDITION/SLUG`) the target is in, for areas, goals and measures.
    pub area: Option<String>,
    /// Title ('' unless a proposal).
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Supports.
    pub supports: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// The current answer, if any.
    pub answer: Option<AnswerRow>,
}

/// The order of the Abwägungstabelle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConsiderationOrder {
    /// By number, oldest first (the order of receipt).
    #[default]
    Number,
    /// Most supported first.
    Supports,
    /// By answer state (unanswered first, then under review, adopted, partly, not adopted).
    State,
}

/// Which lines of the Abwägungstabelle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConsiderationFilter {
    /// Only contributions about this area or its goals and measures (`EDITION/SLUG`).
    pub area: Option<String>,
    /// Only those with this current answer state; `Some(None)` for the unanswered ones.
    pub state: Option<Option<AnswerState>>,
}

/// Counts of a process: top-level visible contributions, answered ones, and per answer state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnswerCounts {
    /// Top-level visible contributions.
    pub contributions: i64,
    /// Of them with an answer.
    pub answered: i64,
    /// (state, count) for every state with at least one.
    pub by_state: Vec<(AnswerState, i64)>,
}

const INSERT: &str = "
    INSERT INTO answers (contribution, state, reasoning, department, author, created_at)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

const INSERT_LINK: &str =
    "INSERT INTO answer_links (answer, entity, version, position) VALUES ($1, $2, $3, $4)";

const CURRENT_LINKS: &str = "
    SELECT l.entity FROM answer_current c JOIN answer_links l ON l.answer = c.answer
    WHERE c.contribution = $1";

const SET_CURRENT: &str = "
    INSERT INTO answer_current (contribution, answer, state, answered_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (contribution) DO UPDATE
    SET answer = excluded.answer, state = excluded.state, answered_at = excluded.answered_at";

const ANSWERS: &str = "
    SELECT id, contribution, state, reasoning, department, created_at FROM answers";

type AnswerTuple = (i64, i64, String, String, String, i64);

fn answer_row(t: AnswerTuple) -> StoreResult<AnswerRow> {
    Ok(AnswerRow {
        id: t.0,
        contribution: t.1,
        state: wire(&t.2, "answers.state")?,
        reasoning: t.3,
        department: t.4,
        created_at: t.5,
        links: Vec::new(),
    })
}

/// The outbox topic and entity of an editorial entity key (`area:2021/x` → `area`, `2021/x`).
fn outbox_of(entity: &str) -> Option<(&str, &str)> {
    entity.split_once(':')
}

/// The area key of a contribution row's target, in SQL: areas by their own key, goals and
/// measures by the area they are in.
const AREA_OF: &str = "CASE c.target_kind
        WHEN 'area' THEN c.target
        WHEN 'goal' THEN (SELECT g.edition || '/' || g.area FROM goals g WHERE g.slug = c.target)
        WHEN 'measure' THEN (SELECT m.edition || '/' || m.area FROM measures m WHERE m.slug = c.target)
    END";

impl Store {
    /// Stores an answer as the current one of its contribution, with its links, and tells the
    /// outbox about every entity the previous and the new answer name.
    pub async fn add_answer(&self, a: &NewAnswer) -> StoreResult<i64> {
        let id = in_tx!(self, tx => {
            let before: Vec<(String,)> = sqlx::query_as(CURRENT_LINKS)
                .bind(a.contribution).fetch_all(&mut *tx).await?;
            let (id,): (i64,) = sqlx::query_as(INSERT)
                .bind(a.contribution).bind(a.state.as_str()).bind(&a.reasoning).bind(&a.department)
                .bind(a.author).bind(a.created_at)
                .fetch_one(&mut *tx).await?;
            for (i, l) in a.links.iter().enumerate() {
                sqlx::query(INSERT_LINK)
                    .bind(id).bind(&l.entity).bind(l.version).bind(i as i64)
                    .execute(&mut *tx).await?;
            }
            sqlx::query(SET_CURRENT)
                .bind(a.contribution).bind(id).bind(a.state.as_str()).bind(a.created_at)
                .execute(&mut *tx).await?;
            let mut touched: Vec<&str> = before.iter().map(|(e,)| e.as_str())
                .chain(a.links.iter().map(|l| l.entity.as_str())).collect();
            touched.sort_unstable();
            touched.dedup();
            for (topic, entity) in touched.into_iter().filter_map(outbox_of) {
                sqlx::query(APPEND).bind(crate::now_text()).bind(topic).bind(entity)
                    .execute(&mut *tx).await?;
            }
            sqlx::query(APPEND).bind(crate::now_text())
                .bind(crate::contributions::CONTRIBUTIONS_TOPIC).bind(a.contribution.to_string())
                .execute(&mut *tx).await?;
            id
        });
        Ok(id)
    }

    /// Every answer of a contribution with its links, oldest first (the last one counts).
    pub async fn answers_of(&self, contribution: i64) -> StoreResult<Vec<AnswerRow>> {
        self.answers_where("contribution = $1 ORDER BY id", Some(contribution))
            .await
    }

    /// Every answer to the contributions of `author`, with their links, by contribution and
    /// oldest first (for "Meine Daten"; the answering staff account is not read).
    pub async fn answers_to_author(&self, author: i64) -> StoreResult<Vec<AnswerRow>> {
        self.answers_where(
            "contribution IN (SELECT id FROM contributions WHERE author = $1) ORDER BY contribution, id",
            Some(author),
        )
        .await
    }

    /// The current answers of these contributions, with their links.
    pub async fn current_answers(&self, ids: &[i64]) -> StoreResult<Vec<AnswerRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(ids);
        self.answers_where(
            &format!("id IN (SELECT answer FROM answer_current WHERE contribution IN ({list})) ORDER BY id"),
            None,
        )
        .await
    }

    /// The answers `condition` (SQL after `WHERE`, with `$1` bound to `value` if given) picks,
    /// with their links.
    async fn answers_where(
        &self,
        condition: &str,
        value: Option<i64>,
    ) -> StoreResult<Vec<AnswerRow>> {
        let sql = format!("{ANSWERS} WHERE {condition}");
        let rows: Vec<AnswerTuple> = on_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            if let Some(v) = value {
                q = q.bind(v);
            }
            q.fetch_all(p).await
        })?;
        let mut out = rows
            .into_iter()
            .map(answer_row)
            .collect::<StoreResult<Vec<_>>>()?;
        self.fill_links(&mut out).await?;
        Ok(out)
    }

    async fn fill_links(&self, answers: &mut [AnswerRow]) -> StoreResult<()> {
        if answers.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = answers.iter().map(|a| a.id).collect();
        let list = id_list(&ids);
        let links: Vec<(i64, String, Option<i64>)> = on_pool!(self, p => sqlx::query_as(&format!(
            "SELECT answer, entity, version FROM answer_links WHERE answer IN ({list}) ORDER BY answer, position"))
            .fetch_all(p).await)?;
        for (answer, entity, version) in links {
            if let Some(a) = answers.iter_mut().find(|a| a.id == answer) {
                a.links.push(AnswerLink { entity, version });
            }
        }
        Ok(())
    }

    /// The contributions whose current answer names `entity` (a goal, measure or text), newest
    /// answer first; hidden ones are left out until they are restored.
    pub async fn shaped(&self, entity: &str) -> StoreResult<Vec<Shaping>> {
        type Line = (i64, String, String, String, String, String, Option<i64>);
        let rows: Vec<Line> = on_pool!(self, p => sqlx::query_as("
            SELECT c.id, c.process, c.kind, c.title, c.state, ac.state, l.version
            FROM answer_links l
            JOIN answer_current ac ON ac.answer = l.answer
            JOIN contributions c ON c.id = ac.contribution
            WHERE l.entity = $1 AND c.state <> 'hidden'
            ORDER BY ac.answered_at DESC, c.id DESC")
            .bind(entity).fetch_all(p).await)?;
        rows.into_iter()
            .map(|(id, process, kind, title, state, answer, version)| {
                Ok(Shaping {
                    contribution: id,
                    process,
                    kind: wire(&kind, "contributions.kind")?,
                    title,
                    state: wire(&state, "contributions.state")?,
                    answer: wire(&answer, "answer_current.state")?,
                    version,
                })
            })
            .collect()
    }

    /// One page of a process's Abwägungstabelle and the number of lines the filter leaves.
    pub async fn consideration_page(
        &self,
        process: &str,
        filter: &ConsiderationFilter,
        order: ConsiderationOrder,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<ConsiderationRow>, i64)> {
        let by = match order {
            ConsiderationOrder::Number => "t.id",
            ConsiderationOrder::Supports => "t.supports DESC, t.id",
            ConsiderationOrder::State => "t.state_order, t.id",
        };
        let (filtered, binds) = filtered_sql(filter);
        let sql = format!("{filtered} ORDER BY {by} LIMIT {limit} OFFSET {offset}");
        let count = format!("SELECT COUNT(*) FROM ({filtered}) n");
        let rows = self.consideration_rows(&sql, process, &binds).await?;
        let total: (i64,) = on_pool!(self, p => {
            let mut q = sqlx::query_as(&count).bind(process);
            for b in &binds { q = q.bind(b); }
            q.fetch_one(p).await
        })?;
        Ok((rows, total.0))
    }

    /// Up to `limit` lines of the Abwägungstabelle after contribution `after`, by number: the
    /// CSV download reads the table a slice at a time.
    pub async fn consideration_after(
        &self,
        process: &str,
        filter: &ConsiderationFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConsiderationRow>> {
        let (filtered, binds) = filtered_sql(filter);
        let sql = format!("{filtered} AND t.id > {after} ORDER BY t.id LIMIT {limit}");
        self.consideration_rows(&sql, process, &binds).await
    }

    async fn consideration_rows(
        &self,
        sql: &str,
        process: &str,
        binds: &[String],
    ) -> StoreResult<Vec<ConsiderationRow>> {
        type Line = (
            i64,
            String,
            String,
            String,
            Option<String>,
            String,
            String,
            i64,
            i64,
            Option<i64>,
        );
        let lines: Vec<Line> = on_pool!(self, p => {
            let mut q = sqlx::query_as(sql).bind(process);
            for b in binds { q = q.bind(b); }
            q.fetch_all(p).await
        })?;
        let answer_ids: Vec<i64> = lines.iter().filter_map(|l| l.9).collect();
        let mut answers = if answer_ids.is_empty() {
            Vec::new()
        } else {
            let list = id_list(&answer_ids);
            let rows: Vec<AnswerTuple> = on_pool!(self, p => sqlx::query_as(&format!(
                "{ANSWERS} WHERE id IN ({list})")).fetch_all(p).await)?;
            rows.into_iter()
                .map(answer_row)
                .collect::<StoreResult<Vec<_>>>()?
        };
        self.fill_links(&mut answers).await?;
        lines
            .into_iter()
            .map(|l| {
                Ok(ConsiderationRow {
                    id: l.0,
                    kind: wire(&l.1, "contributions.kind")?,
                    target_kind: wire(&l.2, "contributions.target_kind")?,
                    target: l.3,
                    area: l.4,
                    title: l.5,
                    body: l.6,
                    supports: l.7,
                    created_at: l.8,
                    answer: l
                        .9
                        .and_then(|id| answers.iter().find(|a| a.id == id).cloned()),
                })
            })
            .collect()
    }

    /// How many top-level visible contributions a process has, how many are answered, and how
    /// many stand in each answer state.
    pub async fn answer_counts(&self, process: &str) -> StoreResult<AnswerCounts> {
        let rows: Vec<(Option<String>, i64)> = on_pool!(self, p => sqlx::query_as("
            SELECT ac.state, COUNT(*) FROM contributions c
            LEFT JOIN answer_current ac ON ac.contribution = c.id
            WHERE c.process = $1 AND c.parent IS NULL AND c.state = 'visible'
            GROUP BY ac.state")
            .bind(process).fetch_all(p).await)?;
        let mut counts = AnswerCounts::default();
        for (state, n) in rows {
            counts.contributions += n;
            if let Some(s) = state {
                counts.answered += n;
                counts.by_state.push((wire(&s, "answer_current.state")?, n));
            }
        }
        counts.by_state.sort_by_key(|(s, _)| *s);
        Ok(counts)
    }

    /// Whether the account wants a mail when its contributions are answered or replied to, with
    /// the token of the mails' stop link.
    pub async fn notify_answers(&self, account: i64) -> StoreResult<(bool, Option<String>)> {
        let (n, token): (i64, Option<String>) = on_pool!(self, p => sqlx::query_as(
            "SELECT notify_answers, notify_token FROM accounts WHERE id = $1 AND deleted_at IS NULL")
            .bind(account).fetch_one(p).await)?;
        Ok((n != 0, token))
    }

    /// Switches those mails on (with the stop link's token) or off (the token goes).
    pub async fn set_notify_answers(&self, account: i64, token: Option<&str>) -> StoreResult<()> {
        on_write!(self, p => sqlx::query(
            "UPDATE accounts SET notify_answers = $2, notify_token = $3 WHERE id = $1")
            .bind(account).bind(i64::from(token.is_some())).bind(token).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Switches the mails off for the account whose stop link carries `token`; false when no
    /// account has it.
    pub async fn stop_notify(&self, token: &str) -> StoreResult<bool> {
        let n = on_write!(self, p => sqlx::query(
            "UPDATE accounts SET notify_answers = 0, notify_token = NULL WHERE notify_token = $1")
            .bind(token).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }
}

/// The filtered table as SQL with `$1` the process and the filter's values bound from `$2` on.
fn filtered_sql(filter: &ConsiderationFilter) -> (String, Vec<String>) {
    let mut binds = Vec::new();
    let mut conditions = String::new();
    if let Some(area) = &filter.area {
        binds.push(area.clone());
        conditions.push_str(&format!(" AND t.area = ${}", binds.len() + 1));
    }
    match filter.state {
        Some(Some(s)) => {
            binds.push(s.as_str().to_owned());
            conditions.push_str(&format!(" AND t.answer_state = ${}", binds.len() + 1));
        }
        Some(None) => conditions.push_str(" AND t.answer_state IS NULL"),
        None => {}
    }
    let sql = format!(
        "SELECT t.id, t.kind, t.target_kind, t.target, t.area, t.title, t.body, t.supports, t.created_at, t.answer
         FROM (
             SELECT c.id, c.kind, c.target_kind, c.target, {AREA_OF} AS area, c.title, c.body,
                    c.supports_count AS supports, c.created_at, ac.answer, ac.state AS answer_state,
                    CASE ac.state WHEN 'under_review' THEN 1 WHEN 'adopted' THEN 2
                         WHEN 'partially_adopted' THEN 3 WHEN 'not_adopted' THEN 4 ELSE 0 END AS state_order
             FROM contributions c
             LEFT JOIN answer_current ac ON ac.contribution = c.id
             WHERE c.process = $1 AND c.parent IS NULL AND c.state = 'visible'
         ) t WHERE 1 = 1{conditions}"
    );
    (sql, binds)
}

/// Ids as an SQL list; they are numbers, so nothing can be injected.
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}
