//! Enumerations with their wire values (CONTRACTS.md). Their labels on pages live in the web
//! layer's message files only; the German names the search index stores are in `index_names`.

use serde::{Deserialize, Serialize};

/// A text that is not the wire value of any variant of the enum it was read as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {kind} wire value")]
pub struct UnknownWireValue {
    /// The enum the text was read as, e.g. `ContributionKind`.
    pub kind: &'static str,
    /// The text itself.
    pub value: String,
}

macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $wire:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vm])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The wire value (English snake_case), as in API, CSV and content files.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire,)+ }
            }

            /// Parses a wire value.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some(Self::$variant),)+ _ => None }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownWireValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| UnknownWireValue {
                    kind: stringify!($name),
                    value: s.to_owned(),
                })
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownWireValue;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s).ok_or(UnknownWireValue {
                    kind: stringify!($name),
                    value: s,
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The macro for the other modules of this crate (monitoring).
pub(crate) use wire_enum;

wire_enum! {
    /// Implementation status of a measure (DOMAIN.md, MeasureStatusChange).
    MeasureStatus {
        /// Not started yet.
        Planned = "planned";
        /// Being carried out.
        InProgress = "in_progress";
        /// Carried out.
        Done = "done";
        /// Behind its schedule.
        Delayed = "delayed";
        /// Given up.
        Stopped = "stopped";
    }
}

wire_enum! {
    /// How an independent assessor judges a measure's progress (shown beside the status the
    /// department reports, never in its place).
    AssessmentRating {
        /// On schedule ("im Plan").
        OnTrack = "on_track";
        /// At risk of missing its schedule ("gefährdet").
        AtRisk = "at_risk";
        /// Behind its schedule ("nicht im Plan").
        OffTrack = "off_track";
        /// Cannot be judged from what is known ("nicht bewertbar").
        NotAssessable = "not_assessable";
    }
}

wire_enum! {
    /// Life-cycle state of a strategy edition.
    EditionStatus {
        /// Being written.
        Draft = "draft";
        /// In force.
        Adopted = "adopted";
        /// Replaced by a later edition.
        Archived = "archived";
    }
}

wire_enum! {
    /// What kind of area of an edition this is.
    AreaKind {
        /// A foundation area (Grundlage).
        Foundation = "foundation";
        /// An action field (Handlungsfeld).
        ActionField = "action_field";
        /// A group of fields (2016: Gestaltungs-, Technologie-, Anwendungsbereich).
        Group = "group";
        /// A field inside a group.
        Field = "field";
    }
}

wire_enum! {
    /// What happens in a phase of a participation process.
    PhaseKind {
        /// Information only.
        Information = "information";
        /// Online participation.
        OnlineParticipation = "online_participation";
        /// Workshop or forum.
        Workshop = "workshop";
        /// Hearing of experts.
        ExpertHearing = "expert_hearing";
        /// Review by the ethics council.
        CouncilReview = "council_review";
        /// Evaluation of what was said.
        Evaluation = "evaluation";
        /// Decision.
        Decision = "decision";
    }
}

wire_enum! {
    /// What a search hit is (CONTRACTS.md, search hit `type`).
    HitType {
        /// A strategy edition.
        Edition = "edition";
        /// An area of an edition.
        Area = "area";
        /// A goal.
        Goal = "goal";
        /// A measure.
        Measure = "measure";
        /// A department.
        Department = "department";
        /// A free content page.
        Page = "page";
        /// An indicator of the monitoring.
        Indicator = "indicator";
        /// A participation process.
        Process = "process";
        /// A contribution of a participant.
        Contribution = "contribution";
        /// An imported document.
        Document = "document";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_values_parse_back_to_the_same_variant() {
        for s in MeasureStatus::ALL {
            assert_eq!(MeasureStatus::parse(s.as_str()), Some(*s));
        }
        for k in PhaseKind::ALL {
            assert_eq!(PhaseKind::parse(k.as_str()), Some(*k));
        }
    }

    #[test]
    fn unknown_wire_value_is_refused() {
        assert_eq!(MeasureStatus::parse("finished"), None);
        assert_eq!(HitType::parse("x"), None);
    }

    #[test]
    fn the_search_hit_types_are_those_of_the_contract() {
        let wire: Vec<&str> = HitType::ALL.iter().map(|h| h.as_str()).collect();
        assert_eq!(
            wire,
            [
                "edition",
                "area",
                "goal",
                "measure",
                "department",
                "page",
                "indicator",
                "process",
                "contribution",
                "document"
            ]
        );
    }

    #[test]
    fn admins_editors_and_moderators_are_staff_and_no_one_else() {
        let staff: Vec<Role> = Role::ALL.iter().copied().filter(|r| r.is_staff()).collect();
        assert_eq!(staff, [Role::Admin, Role::Editor, Role::Moderator]);
    }

    #[test]
    fn each_contribution_kind_needs_its_own_allowance() {
        assert_eq!(ContributionKind::Proposal.needs(), Allowance::Proposals);
        assert_eq!(ContributionKind::Comment.needs(), Allowance::Comments);
        assert_eq!(ContributionKind::Annotation.needs(), Allowance::Annotations);
        assert_eq!(ContributionKind::Statement.needs(), Allowance::Statements);
    }

    #[test]
    fn an_unknown_wire_value_is_an_error_that_names_the_enum_and_the_text() {
        let e = ContributionKind::try_from("petition".to_owned()).unwrap_err();
        assert_eq!(e.kind, "ContributionKind");
        assert_eq!(e.value, "petition");
        assert_eq!(
            "in_progress".parse::<MeasureStatus>(),
            Ok(MeasureStatus::InProgress)
        );
        assert!("In_Progress".parse::<MeasureStatus>().is_err());
    }
}

wire_enum! {
    /// What an account may do (DOMAIN.md, Role). Staff roles need a second factor.
    Role {
        /// Manages accounts and roles.
        Admin = "admin";
        /// Edits content of the departments it is scoped to.
        Editor = "editor";
        /// Moderates contributions.
        Moderator = "moderator";
        /// Contributes as an expert, shown with that role.
        Expert = "expert";
        /// Member of the Rat für Digitalethik.
        CouncilMember = "council_member";
        /// Takes part in processes.
        Participant = "participant";
    }
}

impl Role {
    /// Whether the role is a staff role (admin, editor, moderator), which needs a second factor.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Editor | Role::Moderator)
    }
}

wire_enum! {
    /// What a phase of a process lets people do (DOMAIN.md, Phase).
    Allowance {
        /// Write proposals.
        Proposals = "proposals";
        /// Comment and reply.
        Comments = "comments";
        /// Annotate a paragraph of a text.
        Annotations = "annotations";
        /// Support contributions.
        Supports = "supports";
        /// Give statements as an expert or council member.
        Statements = "statements";
    }
}

wire_enum! {
    /// What kind of contribution this is (DOMAIN.md, Contribution).
    ContributionKind {
        /// A proposal, with a title.
        Proposal = "proposal";
        /// A comment or a reply.
        Comment = "comment";
        /// A note on one paragraph.
        Annotation = "annotation";
        /// A statement by an expert or a council member, shown with that role.
        Statement = "statement";
    }
}

impl ContributionKind {
    /// What a phase must allow for a contribution of this kind.
    pub fn needs(self) -> Allowance {
        match self {
            Self::Proposal => Allowance::Proposals,
            Self::Comment => Allowance::Comments,
            Self::Annotation => Allowance::Annotations,
            Self::Statement => Allowance::Statements,
        }
    }
}

wire_enum! {
    /// Whether a contribution is shown.
    ContributionState {
        /// Shown.
        Visible = "visible";
        /// Hidden by moderation; the page says so and why.
        Hidden = "hidden";
        /// Withdrawn by its author.
        Withdrawn = "withdrawn";
    }
}

wire_enum! {
    /// What a contribution is about.
    TargetKind {
        /// The process as a whole.
        Process = "process";
        /// A whole edition of the strategy.
        Edition = "edition";
        /// An area (foundation area or action field).
        Area = "area";
        /// A goal.
        Goal = "goal";
        /// A measure.
        Measure = "measure";
        /// One block (paragraph) of a text with block ids: an annotation's target, keyed by
        /// the text (`{entity}#{field}`, e.g. `area:2021/infrastruktur#body`); the block id and
        /// the quoted words are kept beside the contribution (DOMAIN.md, Annotations).
        Block = "block";
    }
}

wire_enum! {
    /// Where an answer (Rückmeldung) to a contribution says it stands (issue 17).
    AnswerState {
        /// Being examined; no decision yet.
        UnderReview = "under_review";
        /// Taken up as proposed.
        Adopted = "adopted";
        /// Taken up in part.
        PartiallyAdopted = "partially_adopted";
        /// Not taken up.
        NotAdopted = "not_adopted";
    }
}
