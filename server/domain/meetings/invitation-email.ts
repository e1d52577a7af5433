// What an invited agency is told about a strategy meeting, so that it can prepare: the concern,
// why the council decided to hold it, when (UK time), where and the call link. Two audiences
// with different protection (decision 0022):
// - the email leaves Concord, so it carries only labels chosen from lists (the concern's
//   category, the threshold level, the urgency): never the child's name, initials, year of
//   birth or case reference, and never text someone typed (the written reasons may name people);
// - the meeting page, after sign-in, to invited agencies only and audited, adds the case
//   reference, the referring agency and the council's written reasons.
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import { meetingInvitationRecipients } from "../access/policy";
import { enqueueEmails, meetingCalendar } from "../mail/outbox";
import { formatUkDateTime } from "../calendar/uk-time";
import { CONCERN_LABELS } from "../front-door/labels";
import { URGENCY_LABELS } from "./labels";

/** How long the calendar entry lasts. */
const MEETING_MINUTES = 60;

/**
 * Why the meeting is held: the front-door decision that called for it, or the partner's request
 * the front door convened it from (decision 0020: convening is its decision). Null fields when
 * the meeting was convened from a case reference alone (no decision is recorded in Concord).
 */
export async function loadMeetingBrief(db: Db | Tx, meetingId: string) {
  const m = await db.strategyMeeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: {
      contact: {
        select: {
          concernCategory: true,
          sourceAgency: { select: { name: true } },
          currentDecision: { select: { levelApplied: true, rationale: true, decidedAt: true } },
        },
      },
      discussionRequest: { select: { requestedAt: true, reason: true, decidedAt: true, requestingAgency: { select: { name: true } } } },
    },
  });
  const decision = m.contact?.currentDecision ?? null;
  const request = m.discussionRequest;
  const level = decision ? await db.thresholdLevel.findUnique({ where: { level: decision.levelApplied }, select: { label: true } }) : null;
  return {
    /** The concern's category, a label from a list: safe in an email. */
    concern: m.contact ? CONCERN_LABELS[m.contact.concernCategory] : null,
    /** "Level 4: Statutory", a label from the partnership's threshold document: safe in an email. */
    level: decision ? `Level ${decision.levelApplied}${level ? `: ${level.label}` : ""}` : null,
    /** When the council decided a discussion is needed: its threshold decision, or convening the request. */
    decidedAt: (decision?.decidedAt ?? request?.decidedAt)?.toISOString() ?? null,
    /** Page only: typed text may name the child or family. */
    reasons: decision?.rationale ?? null,
    /** Page only: with the concern, the referring agency narrows down who the child is. */
    referredBy: m.contact?.sourceAgency.name ?? null,
    /** When a partner asked for the discussion: a time, safe in an email. */
    requestedAt: request?.requestedAt.toISOString() ?? null,
    /** Page only, like the referring agency. */
    requestedBy: request?.requestingAgency.name ?? null,
    /** Page only: the partner's typed reasons may name the child or family. */
    requestReasons: request?.reason ?? null,
  };
}
export type MeetingBrief = Awaited<ReturnType<typeof loadMeetingBrief>>;

export interface InvitationEmailFacts {
  urgency: keyof typeof URGENCY_LABELS;
  scheduledStart: Date;
  location: string | null;
  callLink: string | null;
  chairName: string;
  convenerAgencyName: string;
  /** Where the invitation is answered, in Concord. */
  url: string;
  brief: Pick<MeetingBrief, "concern" | "level" | "decidedAt"> & Partial<Pick<MeetingBrief, "requestedAt">>;
}

/** The invitation's subject and plain-text body. Links stand on their own lines so that every mail client makes them clickable. */
export function composeInvitationEmail(facts: InvitationEmailFacts): { subject: string; body: string } {
  const when = formatUkDateTime(facts.scheduledStart);
  const urgent = facts.urgency === "URGENT";
  const { concern, level, decidedAt, requestedAt } = facts.brief;
  const decided = decidedAt ? `On ${formatUkDateTime(decidedAt)} the council decided that a strategy discussion is needed.` : "The council decided that a strategy discussion is needed.";
  const why = requestedAt
    ? [
        ...(concern ? [`Main concern: ${concern}`] : []),
        // Not which agency asked, nor its words: with the time they could identify the child.
        `On ${formatUkDateTime(requestedAt)} a partner agency asked for a strategy discussion. ${decided} The reasons given in the request are in Concord.`,
      ]
    : concern
      ? [`Main concern: ${concern}`, ...(level ? [`Threshold level the council applied: ${level}`] : []), `${decided} Its written reasons are in Concord.`]
      : ["The council decided that a strategy discussion is needed. The chair will set out the concern at the start of the meeting."];
  const lines = [
    `Your agency is invited to ${urgent ? "an urgent" : "a"} strategy discussion, convened by ${facts.convenerAgencyName} and chaired by ${facts.chairName}.`,
    "",
    `When: ${when} (UK time)`,
    ...(facts.location ? [`Where: ${facts.location}`] : []),
    ...(facts.callLink ? ["Join the call:", facts.callLink] : []),
    "",
    "Why the meeting is being held",
    ...why,
    "",
    "What to prepare",
    "- Check your agency's records for the child and everyone in the household (the case reference is in Concord).",
    "- Bring what your agency knows about risks to the child, recent incidents and the family's circumstances.",
    "- Send someone who can make decisions for your agency. If nobody can attend, send a delegate, a written contribution, or apologies with the reason.",
    "",
    "Tell us who will attend, and read the case reference and the council's reasons, in Concord:",
    facts.url,
    "",
    "This email does not name the child or give the case reference. Sign in to Concord to see them.",
  ];
  return { subject: `${urgent ? "Urgent: strategy" : "Strategy"} meeting invitation, ${when}`, body: lines.join("\n") };
}

/**
 * Queue one invitation per recipient of the invited agencies (their managers, or everyone who
 * may answer), with a calendar file; in the convening transaction, sent by the outbox worker
 * after commit.
 */
export async function enqueueMeetingInvitations(tx: Tx, services: Services, input: { meetingId: string; agencyIds: string[]; now: Date }) {
  const meeting = await tx.strategyMeeting.findUniqueOrThrow({
    where: { id: input.meetingId },
    select: { urgency: true, scheduledStart: true, location: true, callLink: true, chair: { select: { displayName: true } }, convenedBy: { select: { agency: { select: { name: true } } } } },
  });
  const url = `${services.settings.publicUrl ?? ""}/meetings/${input.meetingId}`;
  const calendar = meetingCalendar({ id: input.meetingId, start: meeting.scheduledStart, minutes: MEETING_MINUTES, location: meeting.location ?? meeting.callLink, url }, input.now);
  const { subject, body } = composeInvitationEmail({
    urgency: meeting.urgency,
    scheduledStart: meeting.scheduledStart,
    location: meeting.location,
    callLink: meeting.callLink,
    chairName: meeting.chair.displayName,
    convenerAgencyName: meeting.convenedBy.agency.name,
    url,
    brief: await loadMeetingBrief(tx, input.meetingId),
  });
  const recipients = await meetingInvitationRecipients(tx, input.agencyIds);
  await enqueueEmails(tx, recipients.map((to) => ({ to, subject, body, calendar })), input.now);
}
