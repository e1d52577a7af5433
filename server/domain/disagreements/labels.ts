import type { DisagreementOutcome, DisagreementResolution, DisagreementSubject, ProposalStatus, StageActor } from "../../db/generated/enums";

/** Who acts for a side at a stage of the escalation ladder. */
export const STAGE_ACTOR_LABELS: Record<StageActor, string> = {
  PRACTITIONER: "Practitioner",
  MANAGER: "Line manager",
  DESIGNATED_LEAD: "Named or designated lead (e.g. school DSL, designated nurse, police DS)",
  SENIOR_MANAGER: "Service or senior manager",
  PARTNERSHIP: "The partnership (chair, business manager or panel), with senior managers",
};

export const SUBJECT_LABELS: Record<DisagreementSubject, string> = {
  LEVEL_APPLIED: "The threshold level applied",
  OUTCOME: "The outcome of the decision",
  CLOSURE: "A closure",
  MEETING_DECISION: "A strategy meeting decision",
  REFERRAL_QUALITY: "The quality of a referral",
  NON_ATTENDANCE: "Non-attendance at a strategy meeting",
  OTHER: "Something else",
};

export const DISAGREEMENT_OUTCOME_LABELS: Record<DisagreementOutcome, string> = {
  UPHELD: "Decision upheld",
  CHANGED: "Decision changed",
  PARTLY_CHANGED: "Decision partly changed",
  WITHDRAWN: "Withdrawn by the raiser",
};

export const RESOLUTION_LABELS: Record<DisagreementResolution, string> = {
  AGREED: "Agreed by both agencies",
  WITHDRAWN: "Withdrawn by the agency that raised it",
  PARTNERSHIP_DETERMINED: "Determined by the partnership at the last stage",
};

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  PENDING: "Waiting for an answer",
  ACCEPTED: "Accepted",
  DECLINED: "Declined",
  LAPSED: "Lapsed (overtaken by an escalation or the outcome)",
};

export const STEP_KIND_LABELS: Record<"CONVERSATION" | "MEETING", string> = { CONVERSATION: "Conversation", MEETING: "Meeting" };

export const EVENT_LABELS: Record<string, string> = {
  raised: "Raised",
  comment: "Comment",
  reference: "Reference attached",
  position: "Position recorded",
  step: "Next step planned",
  proposed: "Outcome proposed",
  declined: "Proposal declined",
  escalated: "Escalated",
  "stage.overdue": "Stage overdue",
  resolved: "Resolved",
  "decision.changed": "Changed decision recorded by the council",
  acknowledged: "Outcome acknowledged",
  themes: "Themes tagged",
  "ladder.moved": "Moved to a new version of the ladder",
};
