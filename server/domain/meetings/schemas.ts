import { z } from "zod";
import { InvitationResponseKind, MeetingDecisionKind, MeetingUrgency } from "../../db/generated/enums";
import { caseReferenceSchema } from "../front-door/schemas";
import { calendarDate, freeText, hasUnstorableCharacters, instant, optionalFreeText } from "../validation";

/** For values the page sends on its own (never typed): only a stale or altered page gets them wrong. */
const RELOAD = "This page is out of date. Reload it and try again.";

const CALL_LINK_MESSAGE = "Enter the call link in full, starting https://, like https://meet.example.org/strategy-meeting";
/**
 * A video call link goes into invitations, calendar files and pages as a link, so only an
 * https address on a named host passes: never javascript:, data: or a plain-http link, and no
 * spaces or line breaks (URL parsing would silently drop them, hiding what was typed).
 *
 * Not built on freeText: a line break or control character in a link is a badly pasted link,
 * so the person is told what a call link should look like, not freeText's generic "contains a
 * character that cannot be saved". The same characters are still refused (hasUnstorableCharacters).
 */
export const callLinkSchema = z
  .string({ error: CALL_LINK_MESSAGE })
  .trim()
  .max(500, "Call link must be 500 characters or fewer")
  .refine((value) => !/\s/.test(value) && !hasUnstorableCharacters(value, false), { error: CALL_LINK_MESSAGE, abort: true })
  .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: CALL_LINK_MESSAGE }));

/** An optional call link: blank (or only spaces) means none. */
const optionalCallLinkSchema = z
  .string({ error: CALL_LINK_MESSAGE })
  .trim()
  .optional()
  .transform((value) => value || undefined)
  .pipe(callLinkSchema.optional());

export const meetingIdSchema = z.object({ meetingId: z.uuid({ error: "That meeting was not found" }) });

export const conveneMeetingInputSchema = z
  .object({
    /** The front-door contact whose decision called for the meeting; or a case reference. */
    contactId: z.uuid().optional(),
    caseReference: caseReferenceSchema.optional(),
    urgency: z.enum(MeetingUrgency, { error: "Choose how urgent the meeting is" }),
    /** When the need for a meeting was decided; defaults to the contact's decision time. */
    decisionAt: instant("Enter when the strategy discussion was decided on").optional(),
    scheduledStart: instant("Enter the date and time of the meeting"),
    location: optionalFreeText("the place", 200, "Place must be 200 characters or fewer"),
    callLink: optionalCallLinkSchema,
    chairId: z.uuid({ error: "Choose who will chair the meeting" }),
    /** Agencies invited besides the convener's own (which is always invited). */
    agencyIds: z.array(z.uuid({ error: "Choose agencies from the list" })).max(30).default([]),
    lateReason: optionalFreeText("the reason", 1000, "Reason must be 1000 characters or fewer", { multiline: true }),
    /** The convener saw the warning that a required agency is not invited, and sends anyway. */
    confirmMissingRequired: z.boolean().default(false),
    /** A partner's request this meeting answers (requests.ts); the case comes from it. */
    requestId: z.uuid({ error: "That request was not found" }).optional(),
    /** Facts that call for more agencies (required-agencies.ts). */
    childLookedAfter: z.boolean().default(false),
    suspectedInjuryOrInHospital: z.boolean().default(false),
    /** The convener saw the prompt for a fostering provider or a paediatrician, and sends anyway. */
    confirmMissingPrompted: z.boolean().default(false),
  })
  .refine((v) => v.contactId || v.caseReference || v.requestId, { path: ["caseReference"], message: "Enter the case reference" })
  .refine((v) => v.location || v.callLink, { path: ["location"], message: "Enter a place or a call link" });
export type ConveneMeetingInput = z.input<typeof conveneMeetingInputSchema>;

/** The one question each answer to an invitation asks (and the only field it keeps). */
export const RESPONSE_FIELDS = {
  ATTENDING: "attendeeName",
  DELEGATE: "attendeeName",
  APOLOGIES: "reason",
  WRITTEN_CONTRIBUTION: "contribution",
} as const satisfies Record<InvitationResponseKind, "attendeeName" | "reason" | "contribution">;

export const respondInputSchema = z
  .object({
    meetingId: z.uuid({ error: "That meeting was not found" }),
    /** Council staff may answer for an agency; otherwise it is the responder's own. */
    agencyId: z.uuid().optional(),
    kind: z.enum(InvitationResponseKind, { error: "Choose your agency's answer" }),
    attendeeName: optionalFreeText("the name", 120, "Name must be 120 characters or fewer"),
    reason: optionalFreeText("the reason", 1000, "Reason must be 1000 characters or fewer", { multiline: true }),
    contribution: optionalFreeText("the contribution", 8000, "Contribution must be 8000 characters or fewer", { multiline: true }),
  })
  .superRefine((v, ctx) => {
    const needed = RESPONSE_FIELDS[v.kind];
    if (needed === "attendeeName" && !v.attendeeName) ctx.addIssue({ code: "custom", path: ["attendeeName"], message: v.kind === "DELEGATE" ? "Enter the name of the delegate who will attend" : "Enter the name of the person who will attend" });
    if (needed === "reason" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter the reason your agency cannot attend" });
    if (needed === "contribution" && !v.contribution) ctx.addIssue({ code: "custom", path: ["contribution"], message: "Enter your agency's written contribution" });
  })
  // Only the field the answer needs is kept: a form without JavaScript shows every answer's
  // question, and what was typed under another answer is not part of this one (decision 0022).
  .transform((v) => ({
    ...v,
    attendeeName: RESPONSE_FIELDS[v.kind] === "attendeeName" ? v.attendeeName : undefined,
    reason: RESPONSE_FIELDS[v.kind] === "reason" ? v.reason : undefined,
    contribution: RESPONSE_FIELDS[v.kind] === "contribution" ? v.contribution : undefined,
  }));
export type RespondInput = z.input<typeof respondInputSchema>;

export const joinInputSchema = z.object({
  meetingId: z.uuid({ error: "That meeting was not found" }),
  /** The last event sequence number this client saw; missed events are sent back. */
  lastSeq: z.number({ error: RELOAD }).int(RELOAD).min(0, RELOAD).max(Number.MAX_SAFE_INTEGER, RELOAD).optional(),
});

export const startMeetingInputSchema = z.object({
  meetingId: z.uuid({ error: "That meeting was not found" }),
  /** Required only when starting well before the scheduled time. */
  earlyReason: optionalFreeText("the reason", 1000, "Reason must be 1000 characters or fewer", { multiline: true }),
});

export const draftMinutesInputSchema = z.object({
  meetingId: z.uuid({ error: "That meeting was not found" }),
  minutes: freeText("the minutes", { multiline: true, error: "Enter the minutes" }).min(1, "Enter the minutes").max(40000, "The minutes are too long: keep them to 40,000 characters or fewer."),
});

export const markPresentInputSchema = z.object({
  meetingId: z.uuid({ error: "That meeting was not found" }),
  agencyId: z.uuid({ error: "Choose the agency" }),
  name: freeText("the name").min(1, "Enter the name of the person on the phone").max(120, "Name must be 120 characters or fewer"),
});

export const summaryInputSchema = z.object({
  meetingId: z.uuid({ error: "That meeting was not found" }),
  summary: freeText("the summary", { multiline: true, error: "Enter the discussion summary" }).min(1, "Enter the discussion summary").max(20000, "The summary is too long: keep it to 20,000 characters or fewer."),
});

export const meetingDecisionInputSchema = z.object({
  meetingId: z.uuid({ error: "That meeting was not found" }),
  kind: z.enum(MeetingDecisionKind, { error: "Choose the decision" }),
  reason: freeText("the reasons", { multiline: true, error: "Enter the reasons for the decision" }).min(1, "Enter the reasons for the decision").max(4000, "Reasons must be 4000 characters or fewer"),
});

export const addActionInputSchema = z.object({
  meetingId: z.uuid({ error: "That meeting was not found" }),
  description: freeText("the action", { error: "Describe the action" }).min(1, "Describe the action").max(1000, "Action must be 1000 characters or fewer"),
  owningAgencyId: z.uuid({ error: "Choose the agency that owns the action" }),
  ownerName: freeText("the owner's name", { error: "Enter who owns the action" }).min(1, "Enter who owns the action").max(120, "Name must be 120 characters or fewer"),
  dueDate: calendarDate("Enter the due date, like 2026-11-30"),
});

export const completeActionInputSchema = z.object({ actionId: z.uuid({ error: "That action was not found" }) });
