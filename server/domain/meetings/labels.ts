import type { InvitationResponseKind, MeetingDecisionKind, MeetingUrgency } from "../../db/generated/enums";

export const URGENCY_LABELS: Record<MeetingUrgency, string> = { URGENT: "Urgent", STANDARD: "Standard" };

export const RESPONSE_LABELS: Record<InvitationResponseKind, string> = {
  ATTENDING: "Attending",
  DELEGATE: "Sending a delegate",
  APOLOGIES: "Apologies",
  WRITTEN_CONTRIBUTION: "Written contribution",
};

/** What the minutes and figures say of an invited agency: attending supersedes any answer or none. */
export const STANDING_LABELS: Record<"ATTENDED" | "CONVENING" | "NO_RESPONSE" | InvitationResponseKind, string> = {
  ATTENDED: "Attended",
  CONVENING: "Convening agency",
  NO_RESPONSE: "No response",
  ...RESPONSE_LABELS,
};

export const MEETING_DECISION_LABELS: Record<MeetingDecisionKind, string> = {
  S47_SINGLE_AGENCY: "Section 47 enquiry (single agency)",
  S47_JOINT: "Section 47 enquiry (joint with police)",
  S17_ASSESSMENT: "Section 17 child-in-need assessment",
  EARLY_HELP: "Early help",
  NO_FURTHER_ACTION: "No further action",
  OTHER: "Other",
};

/** Working Together to Safeguard Children 2023: the minimum for a strategy discussion. */
export const REQUIRED_AGENCY_KINDS = ["CHILDRENS_SOCIAL_CARE", "POLICE", "HEALTH"] as const;
export const AGENCY_KIND_SHORT: Record<(typeof REQUIRED_AGENCY_KINDS)[number], string> = {
  CHILDRENS_SOCIAL_CARE: "council children's social care",
  POLICE: "police",
  HEALTH: "health",
};

/** DOMAIN.md: the child's school or nursery is suggested when a contact came from one. */
export const SCHOOL_AGENCY_KIND = "EDUCATION" as const;

/**
 * How long before its scheduled time the chair may start a meeting without saying why. Earlier
 * than this, the meeting has been brought forward and the reason is recorded. (Here, not in
 * room.ts, so that the room page can say it without loading server code.)
 */
export const EARLY_START_MINUTES = 15;

/** A partner's request for a strategy discussion (requests.ts). */
export type RequestStatus = "PENDING" | "CONVENED" | "DECLINED";
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = { PENDING: "Waiting for the council", CONVENED: "Meeting convened", DECLINED: "Declined" };
