//! What the participation pages show, as values: a page query, contributions with their
//! authors, a thread, a process view, and what the viewer may do there (`Abilities`, `Intent`).
//! The use cases that build them are in `read`.

use crate::accounts::Actor;
use fahrplan_domain::{
    Allowance, ContributionKind, ContributionState, PartialDate, Phase, Process, Role, TargetKind,
};
use fahrplan_store::{ContributionRow, Order};
use std::collections::{HashMap, HashSet};

/// Which page of a process's contributions to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Order.
    pub order: Order,
    /// Page, from 1.
    pub page: i64,
    /// Only contributions about this target (`measure:slug`), '' for all.
    pub target: String,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            order: Order::Newest,
            page: 1,
            target: String::new(),
        }
    }
}

/// Who wrote a contribution, as the public may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// An account with its pseudonym, the role shown beside a statement, and its staff role.
    Named {
        /// Display name.
        name: String,
        /// Expert or council member, for statements.
        role: Option<Role>,
        /// Admin, moderator or editor today: pages show it beside the name, so a participant
        /// named like staff ("Admina" beside "Admin") cannot pass for them.
        staff: Option<Role>,
    },
    /// The account was deleted; the page says "gelöschtes Konto".
    Deleted,
}

/// A contribution as a reader sees it. Hidden and withdrawn ones keep their place, without text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionView {
    /// Id.
    pub id: i64,
    /// Process slug.
    pub process: String,
    /// What it is about.
    pub target_kind: TargetKind,
    /// Key of the target ('' for the process).
    pub target: String,
    /// Title of the target, when it still exists.
    pub target_title: Option<String>,
    /// Kind.
    pub kind: ContributionKind,
    /// Author.
    pub author: Author,
    /// The contribution it answers.
    pub parent: Option<i64>,
    /// Title ('' unless a visible proposal).
    pub title: String,
    /// Markdown body ('' unless visible).
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Last edit.
    pub edited_at: Option<i64>,
    /// State.
    pub state: ContributionState,
    /// Public reason for hiding.
    pub state_reason: Option<String>,
    /// Number of supports.
    pub supports: i64,
    /// Number of replies.
    pub replies: i64,
    /// Whether the viewer wrote it.
    pub mine: bool,
    /// Whether the viewer supports it.
    pub supported: bool,
    /// For its author only: its latest hiding with the objection and its answer, if any.
    pub hiding: Option<fahrplan_store::HidingRow>,
}

impl ContributionView {
    /// Hidden by reports and waiting for a moderator: hidden without a public reason (every
    /// moderator's hiding has one).
    pub fn pending_review(&self) -> bool {
        self.state == ContributionState::Hidden && self.state_reason.is_none()
    }
}

/// A top-level contribution with its replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// The contribution.
    pub root: ContributionView,
    /// Replies, oldest first.
    pub replies: Vec<ContributionView>,
}

/// A process page: the process, what its open phases allow today, the threads and the targets a
/// contribution may name.
#[derive(Debug, Clone)]
pub struct ParticipationView {
    /// The process with its phases.
    pub process: Process,
    /// What the open phases allow today (empty when closed).
    pub allows: Vec<Allowance>,
    /// This page's threads (on a process page without their replies, which are counted).
    pub threads: Vec<Thread>,
    /// Top-level contributions on all pages.
    pub total: i64,
    /// This page, from 1.
    pub page: i64,
    /// Number of pages (at least 1).
    pub pages: i64,
    /// The target the list is narrowed to, with its title.
    pub filter: Option<(TargetKind, String, String)>,
    /// (kind, key, title) of every possible target: the edition and its current areas, goals,
    /// measures.
    pub targets: Vec<(TargetKind, String, String)>,
    /// (kind, key, title) of the archived areas, goals and measures of the edition: no new
    /// contribution names them, but those that do keep their title and link.
    pub archived_targets: Vec<(TargetKind, String, String)>,
    /// Whether the viewer may write statements (expert or council member).
    pub may_state: bool,
    /// Whether the viewer may hide contributions.
    pub may_moderate: bool,
    /// Whether the viewer gave the consent that posting and supporting need (Art. 9 DSGVO).
    pub consented: bool,
    /// The reason of the block in force on the viewer's account: nothing may be posted,
    /// edited, supported or reported until a moderator lifts it.
    pub blocked: Option<String>,
    /// What the viewer may do on the page, worked out from all of the above.
    pub can: Abilities,
}

impl ParticipationView {
    /// Whether the open phases allow `what`.
    pub fn allows(&self, what: Allowance) -> bool {
        self.allows.contains(&what)
    }

    /// Until when the process takes contributions: `None` when no phase that allows anything
    /// is open today, `Some(None)` when such a phase has no end, else the latest end.
    pub fn open_until(&self) -> Option<Option<PartialDate>> {
        let mut open = self
            .process
            .open_phases(today())
            .filter(|ph| !ph.allows.is_empty())
            .peekable();
        open.peek()?;
        Some(
            open.map(|ph| ph.end)
                .try_fold(None::<PartialDate>, |latest, end| {
                    end.map(|e| Some(latest.map_or(e, |l| l.max(e))))
                })
                .flatten(),
        )
    }

    /// What `phase` lets people do, as this viewer may read it: statements are named only to
    /// those who may write one (experts and council members), so nobody is offered a kind of
    /// contribution they cannot write.
    pub fn phase_allows(&self, phase: &Phase) -> Vec<Allowance> {
        phase
            .allows
            .iter()
            .copied()
            .filter(|a| *a != Allowance::Statements || self.may_state)
            .collect()
    }
}

/// What a viewer may do on a process or thread page; the page shows only these forms and
/// buttons, and every use case checks again on its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Abilities {
    /// Logged in with a complete session (the second factor given where one is due).
    pub logged_in: bool,
    /// Logged in, but without the consent that writing and supporting need.
    pub needs_consent: bool,
    /// A phase is open, allows proposals, comments or (for the viewer) statements, and the
    /// viewer may write.
    pub may_post: bool,
    /// An open phase allows proposals.
    pub proposals: bool,
    /// An open phase allows comments.
    pub comments: bool,
    /// An open phase allows statements and the viewer is an expert or council member.
    pub statements: bool,
    /// The viewer may support others' contributions now.
    pub supports: bool,
    /// The viewer may hide and restore contributions (a moderator with the second factor).
    pub moderate: bool,
    /// The viewer's account is blocked: no form to write, support or report is offered.
    pub blocked: bool,
}

impl Abilities {
    /// What a moderator may do in the moderators' list: moderate, nothing else.
    pub fn moderator_only() -> Self {
        Self {
            logged_in: true,
            moderate: true,
            ..Self::default()
        }
    }

    /// Whether the viewer may still change (edit, withdraw) a visible contribution of `kind`
    /// that they wrote: the phase must allow the kind, and the account not be blocked.
    pub fn may_write(&self, kind: ContributionKind) -> bool {
        self.logged_in
            && !self.blocked
            && match kind {
                ContributionKind::Proposal => self.proposals,
                ContributionKind::Comment | ContributionKind::Annotation => self.comments,
                ContributionKind::Statement => self.statements,
            }
    }
}

pub(super) fn abilities(v: &ParticipationView, viewer: Option<&Actor>) -> Abilities {
    let logged_in = viewer.is_some_and(|a| !a.needs_second_factor());
    let blocked = logged_in && v.blocked.is_some();
    let ok = logged_in && v.consented && !blocked;
    let proposals = v.allows(Allowance::Proposals);
    let comments = v.allows(Allowance::Comments);
    let statements = v.allows(Allowance::Statements) && v.may_state;
    Abilities {
        logged_in,
        needs_consent: logged_in && !v.consented && !blocked,
        may_post: ok && (proposals || comments || statements),
        proposals,
        comments,
        statements,
        supports: ok && v.allows(Allowance::Supports),
        moderate: v.may_moderate,
        blocked,
    }
}

/// What a person wants to do with one contribution on its own form page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// The author withdraws it (a confirmation page).
    Withdraw,
    /// Somebody reports another person's contribution.
    Report,
    /// A moderator hides it with a public reason.
    Hide,
    /// Its author objects to its hiding.
    Object,
}

/// (kind, key, title) of contribution targets.
pub(super) type Targets = Vec<(TargetKind, String, String)>;

/// Today in Europe/Berlin, where phase windows are read (CONTRACTS.md).
pub fn today() -> (i32, u8, u8) {
    let z = jiff::Zoned::now();
    let z = z.in_tz("Europe/Berlin").unwrap_or(z);
    (
        i32::from(z.year()),
        u8::try_from(z.month()).unwrap_or(1),
        u8::try_from(z.day()).unwrap_or(1),
    )
}

pub(super) fn view(
    r: ContributionRow,
    viewer: Option<&Actor>,
    supported: &HashSet<i64>,
    titles: &HashMap<(TargetKind, String), String>,
) -> ContributionView {
    let visible = r.state == ContributionState::Visible;
    ContributionView {
        id: r.id,
        target_title: titles.get(&(r.target_kind, r.target.clone())).cloned(),
        process: r.process,
        target_kind: r.target_kind,
        target: r.target,
        kind: r.kind,
        author: if r.author_deleted_at.is_some() {
            Author::Deleted
        } else {
            Author::Named {
                name: r.author_name,
                role: r.author_role,
                staff: r.author_staff,
            }
        },
        parent: r.parent,
        title: if visible { r.title } else { String::new() },
        body: if visible { r.body } else { String::new() },
        created_at: r.created_at,
        edited_at: r.edited_at,
        state: r.state,
        state_reason: r.state_reason,
        supports: r.supports,
        replies: r.replies,
        mine: viewer.is_some_and(|a| a.account_id == r.author),
        supported: supported.contains(&r.id),
        hiding: None,
    }
}
