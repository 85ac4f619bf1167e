//! Contributions as cards on a page and the choice of targets in the form: labels in the
//! reader's language, Markdown of participants through the safe subset, a deleted author as
//! "gelöschtes Konto".

use crate::markdown;
use crate::{I18n, Lang};
use fahrplan_app::participation::{Abilities, Author, ContributionView, ParticipationView, Thread};
use fahrplan_domain::paths::{self, ContributionAction};
use fahrplan_domain::{ContributionKind, ContributionState, TargetKind};

/// One contribution as the templates show it.
pub struct Card {
    /// Id, also the anchor `beitrag-{id}`.
    pub id: i64,
    /// Address of its thread page.
    pub href: String,
    /// Slug of its process, for the addresses of its forms.
    pub process: String,
    /// Kind as a label.
    pub kind: String,
    /// Whether this is a proposal (it has a title).
    pub proposal: bool,
    /// Author's display name, or the label for a deleted account.
    pub author: String,
    /// Whether the author's account is deleted.
    pub author_deleted: bool,
    /// Role shown beside a statement.
    pub role: Option<String>,
    /// The author's staff role as the words of the badge ("Team des Portals: Moderation"), so
    /// a participant named like staff cannot pass for them.
    pub staff: Option<String>,
    /// Title (proposals).
    pub title: String,
    /// Body as safe HTML.
    pub body_html: String,
    /// When written.
    pub when: String,
    /// Machine-readable time for `<time datetime>`.
    pub when_iso: String,
    /// Whether the author changed it.
    pub edited: bool,
    /// "visible", "hidden" or "withdrawn".
    pub state: &'static str,
    /// Public reason for hiding.
    pub state_reason: String,
    /// Number of supports.
    pub supports: i64,
    /// Whether the viewer wrote it.
    pub mine: bool,
    /// Whether the viewer supports it.
    pub supported: bool,
    /// Whether the viewer may support it now (logged in, allowed, not their own, visible).
    pub may_support: bool,
    /// Whether the viewer may edit or withdraw it now.
    pub may_change: bool,
    /// Whether the viewer may hide or restore it.
    pub may_moderate: bool,
    /// Whether the viewer may report it to the moderators.
    pub may_report: bool,
    /// Kind of the target as a label ("Maßnahme"), '' when it is the process itself.
    pub target_kind: String,
    /// Title of the target (German content, marked `lang="de"`), '' for the process itself.
    pub target_title: String,
    /// Target address.
    pub target_href: String,
    /// Whether it is a reply.
    pub reply: bool,
    /// Number of replies (top-level cards).
    pub replies: i64,
    /// Hidden by reports, waiting for a moderator (no public reason yet).
    pub pending_review: bool,
    /// Whether the viewer (its author) may object to its hiding now.
    pub may_object: bool,
    /// For its author: the message key of their objection's state and the moderators' answer.
    pub objection: Option<(&'static str, String)>,
}

impl Card {
    /// Address of one of its forms (support, edit, …).
    pub fn action(&self, action: ContributionAction) -> String {
        paths::contribution_action(&self.process, self.id, action)
    }
}

/// An option of the target select.
pub struct TargetOption {
    /// `kind:key`, '' for the process.
    pub value: String,
    /// Label.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// Options of one kind, shown as an `optgroup` (the process itself has no group label).
pub struct TargetGroup {
    /// Group label (kind), '' for the process itself.
    pub label: String,
    /// Options in reading order.
    pub options: Vec<TargetOption>,
}

/// A label that starts a heading or a line ("comment by …", "proposal · …"): English labels
/// are lower case for use inside sentences, German nouns are capitalised already.
fn capitalized(label: String) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => label,
    }
}

/// Whether a thread is named by its own title (a visible proposal), not by kind and author.
pub fn titled(c: &ContributionView) -> bool {
    c.state == ContributionState::Visible && !c.title.is_empty()
}

/// The page title of a thread: a proposal's title, otherwise kind and author.
pub fn heading(c: &ContributionView, lang: Lang, i18n: &I18n) -> String {
    if titled(c) {
        return c.title.clone();
    }
    let kind = capitalized(i18n.label(lang, c.kind));
    format!(
        "{kind} {} {}",
        i18n.get(lang, "contribution-by", &[]),
        author(c, lang, i18n).name
    )
}

/// The author as a card shows them: name (or the label of a deleted account), whether deleted,
/// the role of a statement, and the staff badge.
struct Signed {
    name: String,
    deleted: bool,
    role: Option<String>,
    staff: Option<String>,
}

fn author(c: &ContributionView, lang: Lang, i18n: &I18n) -> Signed {
    match &c.author {
        Author::Deleted => Signed {
            name: i18n.get(lang, "contribution-deleted-author", &[]),
            deleted: true,
            role: None,
            staff: None,
        },
        Author::Named { name, role, staff } => Signed {
            name: name.clone(),
            deleted: false,
            role: role.map(|r| i18n.label(lang, r)),
            staff: staff.map(|r| {
                i18n.get(
                    lang,
                    "contribution-staff-badge",
                    &[("role", i18n.label(lang, r).as_str())],
                )
            }),
        },
    }
}

/// One contribution as a card, with what the viewer may do with it.
pub fn card(c: &ContributionView, process: &str, lang: Lang, can: &Abilities, i18n: &I18n) -> Card {
    let signed = author(c, lang, i18n);
    let visible = c.state == ContributionState::Visible;
    let when = super::super::datetime(c.created_at, lang);
    let when_iso = jiff::Timestamp::from_second(c.created_at)
        .map(|t| t.to_string())
        .unwrap_or_default();
    let (target_kind, target_title) = match (c.target_kind, &c.target_title) {
        (TargetKind::Process, _) | (_, None) => (String::new(), String::new()),
        (k, Some(t)) => (capitalized(i18n.label(lang, k)), t.clone()),
    };
    Card {
        id: c.id,
        href: paths::contribution(process, c.parent.unwrap_or(c.id)),
        process: process.to_owned(),
        kind: capitalized(i18n.label(lang, c.kind)),
        proposal: c.kind == ContributionKind::Proposal,
        author: signed.name,
        author_deleted: signed.deleted,
        role: signed.role,
        staff: signed.staff,
        title: c.title.clone(),
        body_html: if visible {
            markdown::render_user(&c.body)
        } else {
            String::new()
        },
        when,
        when_iso,
        edited: c.edited_at.is_some(),
        state: c.state.as_str(),
        state_reason: c.state_reason.clone().unwrap_or_default(),
        supports: c.supports,
        mine: c.mine,
        supported: c.supported,
        may_support: can.supports && visible && !c.mine,
        may_change: visible && c.mine && can.may_write(c.kind),
        may_moderate: can.moderate && c.state != ContributionState::Withdrawn,
        may_report: can.logged_in && !can.blocked && visible && !c.mine,
        target_href: if target_title.is_empty() {
            String::new()
        } else {
            paths::target(c.target_kind, &c.target).unwrap_or_default()
        },
        target_kind,
        target_title,
        reply: c.parent.is_some(),
        replies: c.replies,
        pending_review: c.pending_review(),
        may_object: can.logged_in
            && c.mine
            && c.state == ContributionState::Hidden
            && c.hiding
                .as_ref()
                .is_some_and(|h| h.restored_at.is_none() && h.objected_at.is_none()),
        objection: c
            .hiding
            .as_ref()
            .filter(|h| c.mine && h.objected_at.is_some())
            .map(|h| {
                let key = match h.objection_outcome.as_deref() {
                    None => "objection-state-open",
                    Some("restored") => "objection-state-restored",
                    Some(_) => "objection-state-upheld",
                };
                (key, h.objection_answer.clone().unwrap_or_default())
            }),
    }
}

/// Threads as cards; with `expand`, each thread's replies follow their contribution.
pub fn cards(
    threads: &[Thread],
    process: &str,
    lang: Lang,
    can: &Abilities,
    expand: bool,
    i18n: &I18n,
) -> Vec<Card> {
    let mut out = Vec::new();
    for t in threads {
        out.push(card(&t.root, process, lang, can, i18n));
        if expand {
            out.extend(t.replies.iter().map(|r| card(r, process, lang, can, i18n)));
        }
    }
    out
}

/// The targets a contribution may name, grouped by kind, with `chosen` selected.
pub fn target_options(
    v: &ParticipationView,
    chosen: &str,
    lang: Lang,
    i18n: &I18n,
) -> Vec<TargetGroup> {
    let mut out = vec![TargetGroup {
        label: String::new(),
        options: vec![TargetOption {
            value: String::new(),
            label: i18n.get(lang, "contribution-target-process", &[]),
            selected: chosen.is_empty(),
        }],
    }];
    for (k, key, title) in &v.targets {
        let group = i18n.label(lang, *k);
        let value = format!("{}:{key}", k.as_str());
        let option = TargetOption {
            selected: value == chosen,
            value,
            label: title.clone(),
        };
        match out.last_mut() {
            Some(g) if g.label == group => g.options.push(option),
            _ => out.push(TargetGroup {
                label: group,
                options: vec![option],
            }),
        }
    }
    out
}

/// A contribution as the moderators' list shows it: without the reader's actions; the list adds
/// the moderators' own.
pub fn moderation_card(c: &ContributionView, lang: Lang, i18n: &I18n) -> Card {
    let can = Abilities::moderator_only();
    card(c, &c.process, lang, &can, i18n)
}
