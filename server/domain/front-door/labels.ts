// Words for the front door's codes, shared by every door and the browser.
import type { ConcernCategory, ContactChannel, ThresholdOutcome } from "../../db/generated/enums";

export const CONCERN_LABELS: Record<ConcernCategory, string> = {
  NEGLECT: "Neglect",
  PHYSICAL_ABUSE: "Physical abuse",
  SEXUAL_ABUSE: "Sexual abuse",
  EMOTIONAL_ABUSE: "Emotional abuse",
  DOMESTIC_ABUSE: "Domestic abuse",
  CRIMINAL_EXPLOITATION: "Criminal exploitation",
  SEXUAL_EXPLOITATION: "Sexual exploitation",
  MENTAL_HEALTH: "Mental health",
  SELF_HARM: "Self-harm",
  ONLINE_HARM: "Online harm",
  MISSING_FROM_HOME: "Missing from home or care",
  OTHER: "Other",
};

export const CHANNEL_LABELS: Record<ContactChannel, string> = {
  ONLINE: "Recorded in Concord",
  PHONE: "By phone",
  EMAIL: "By email",
};

export const OUTCOME_LABELS: Record<ThresholdOutcome, string> = {
  NO_FURTHER_ACTION: "No further action",
  ADVICE_AND_INFORMATION: "Advice and information",
  STEP_DOWN_EARLY_HELP: "Step down to early help",
  CHILD_IN_NEED_ASSESSMENT: "Child-in-need assessment (section 17)",
  STRATEGY_DISCUSSION: "Strategy discussion needed",
  ALREADY_OPEN_CASE: "Already an open case",
  OTHER: "Other",
};

/** Outcomes that close the contact at the front door: they need a closure reason and sign-off. */
export const CLOSING_OUTCOMES: readonly ThresholdOutcome[] = ["NO_FURTHER_ACTION", "ADVICE_AND_INFORMATION", "STEP_DOWN_EARLY_HELP"];

export const CONTACT_STATUS_LABELS = {
  AWAITING_DECISION: "Awaiting decision",
  AWAITING_SIGN_OFF: "Decision awaiting manager sign-off",
  DECIDED: "Decided",
  CLOSED: "Closed",
} as const;
export type ContactStatus = keyof typeof CONTACT_STATUS_LABELS;
