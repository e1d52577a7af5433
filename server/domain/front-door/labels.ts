// Words for the front door's codes, shared by every door and the browser.
import type { ConcernCategory, ContactChannel, FeedbackMethod, NoConsentGround, ThresholdOutcome } from "../../db/generated/enums";

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

/** The grounds for sharing without consent, in the words of the DfE's information sharing advice (2024). */
export const NO_CONSENT_GROUND_LABELS: Record<NoConsentGround, string> = {
  RISK_OF_SIGNIFICANT_HARM: "Seeking consent would put the child or someone else at risk of significant harm",
  PREJUDICE_INVESTIGATION: "Seeking consent would prejudice the prevention, detection or prosecution of a crime, such as a police investigation",
  NOT_IN_TIME: "Consent could not be obtained in time without delaying action to protect the child",
  FAMILY_NOT_CONTACTABLE: "The family could not be contacted",
  REFUSED_RISK_OUTWEIGHS: "The family refused, and the risk to the child outweighs their refusal",
};

export const FEEDBACK_METHOD_LABELS: Record<FeedbackMethod, string> = {
  PHONE: "By phone",
  EMAIL: "By email",
  IN_PERSON: "In person",
  CONCORD: "In Concord",
};

/** The family's knowledge of and agreement to a contact, in one line; null when not recorded (older contacts). */
export function consentSummary(contact: { familyKnows: boolean | null; familyConsents: boolean | null }): string | null {
  if (contact.familyKnows === null || contact.familyConsents === null) return null;
  if (contact.familyConsents) return "The family knows about the referral and agrees to it";
  return contact.familyKnows ? "The family knows about the referral but has not agreed to it: shared without consent" : "The family does not know about the referral: shared without consent";
}
