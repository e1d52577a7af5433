import type { DisagreementOutcome, DisagreementSubject } from "../../db/generated/enums";

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

export const EVENT_LABELS: Record<string, string> = {
  raised: "Raised",
  comment: "Comment",
  escalated: "Escalated",
  "stage.overdue": "Stage overdue",
  resolved: "Resolved",
  acknowledged: "Outcome acknowledged",
  themes: "Themes tagged",
  reference: "Reference attached",
};
