// Words for joint audit rounds, shared by every door and the browser.
import type { AuditRoundState, AuditSampleRule } from "../../db/generated/enums";

export const SAMPLE_RULE_LABELS: Record<AuditSampleRule, string> = {
  RANDOM: "A random sample of all decided contacts",
  NO_FURTHER_ACTION: "Every contact closed with no further action",
  CLOSURES: "Every closure: no further action, advice and information, or step down to early help",
  SOURCE_AGENCY: "Every contact from one agency",
  THRESHOLD_LEVEL: "Every contact decided at one threshold level",
};

export const ROUND_STATE_LABELS: Record<AuditRoundState, string> = {
  GRADING: "Grading",
  MODERATION: "Ready for moderation",
  CLOSED: "Closed",
};

/** The three questions each agency answers about a sampled decision, and moderation agrees. */
export const AUDIT_QUESTIONS = [
  { key: "levelRight", agreedKey: "agreedLevelRight", label: "Was the threshold level right?" },
  { key: "outcomeSafe", agreedKey: "agreedOutcomeSafe", label: "Was the outcome safe for the child?" },
  { key: "rationaleRecorded", agreedKey: "agreedRationaleRecorded", label: "Was the rationale for the decision recorded?" },
] as const;
export type AuditQuestion = (typeof AUDIT_QUESTIONS)[number]["key"];

export const yesNoLabel = (value: boolean | null | undefined) => (value === true ? "Yes" : value === false ? "No" : "Not answered");
