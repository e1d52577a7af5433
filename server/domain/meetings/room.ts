// The live meeting: answers to invitations, joining and leaving (attendance), the chair's record
// (summary, decisions, actions), closing with minutes circulated, and minutes read.
import type { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanCompleteAction, assertCanRespondForAgency, assertIsMeetingChair, can, canSeeMeeting, meetingParticipantsWhere } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, invalid, notFound } from "../errors";
import { enqueueEmails } from "../mail/outbox";
import type { Tx } from "../../db/connect";
import { appendMeetingEvent, meetingEventsSince, type MeetingEventType, type MeetingEventView } from "./timeline";
import { getMeeting, loadVisibleMeeting, meetingSnapshot } from "./view";
import {
  addActionInputSchema,
  completeActionInputSchema,
  joinInputSchema,
  markPresentInputSchema,
  meetingDecisionInputSchema,
  meetingIdSchema,
  respondInputSchema,
  summaryInputSchema,
  type RespondInput,
} from "./schemas";

type Meta = { requestId?: string };

/**
 * Run one change to a meeting: check access in the transaction, refuse changes to a closed
 * meeting, append the event, audit, and then tell the room.
 */
async function changeMeeting<T extends Record<string, unknown>>(
  services: Services,
  actor: Actor,
  meetingId: string,
  options: { type: MeetingEventType; audit: string; allowClosed?: boolean; chairOnly?: boolean; requestId?: string },
  change: (tx: Tx, meeting: Awaited<ReturnType<typeof loadVisibleMeeting>>, now: Date) => Promise<T>,
): Promise<{ result: T; event: MeetingEventView }> {
  const now = services.clock.now();
  const { result, event, agencyIds } = await services.db.$transaction(async (tx) => {
    const meeting = await loadVisibleMeeting(tx, actor, meetingId);
    if (options.chairOnly) assertIsMeetingChair(actor, meeting);
    if (meeting.status === "CLOSED" && !options.allowClosed) throw conflict("This meeting is closed: its record can no longer change.");
    const result = await change(tx, meeting, now);
    const event = await appendMeetingEvent(tx, meetingId, options.type, result, actor.userId, now);
    await recordAudit(tx, actor, { action: options.audit, entityType: "meeting", entityId: meetingId, detail: { seq: event.seq } }, options.requestId);
    return { result, event, agencyIds: meeting.invitedAgencyIds };
  });
  services.realtime.meetingEvent(meetingId, event);
  services.realtime.meetingChanged({ meetingId, agencyIds, change: options.type });
  return { result, event };
}

/** Keep the invitation's "attended" in step with attendance, for the figures. */
async function markAgencyAttended(tx: Tx, meetingId: string, agencyId: string, now: Date) {
  await tx.meetingInvitation.updateMany({ where: { meetingId, agencyId, attendedAt: null }, data: { attendedAt: now } });
}

export async function respondToInvitation(services: Services, actor: Actor, input: RespondInput, meta: Meta = {}) {
  const data = respondInputSchema.parse(input);
  const agencyId = data.agencyId ?? actor.agencyId;
  // Council staff ("respond:meeting:any") may record an answer given by phone for another agency.
  assertCanRespondForAgency(actor, agencyId);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "invitation.responded", audit: "meeting.respond", requestId: meta.requestId }, async (tx, meeting, now) => {
    const invitation = await tx.meetingInvitation.findUnique({ where: { meetingId_agencyId: { meetingId: meeting.id, agencyId } }, select: { id: true } });
    if (!invitation) throw invalid("That agency is not invited to this meeting.", { agencyId: "Choose an invited agency" });
    await tx.invitationResponse.create({
      data: { invitationId: invitation.id, kind: data.kind, attendeeName: data.attendeeName ?? null, reason: data.reason ?? null, contribution: data.contribution ?? null, respondedById: actor.userId, respondedAt: now },
    });
    await tx.meetingInvitation.update({ where: { id: invitation.id }, data: { currentResponse: data.kind } });
    return { agencyId, kind: data.kind, attendeeName: data.attendeeName ?? null };
  });
  return result;
}

/** Join the live meeting: records attendance and returns the state plus any missed events. */
export async function joinMeeting(services: Services, actor: Actor, input: z.input<typeof joinInputSchema>, meta: Meta = {}) {
  const { meetingId, lastSeq } = joinInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, meetingId, { type: "attendee.joined", audit: "meeting.join", requestId: meta.requestId }, async (tx, _meeting, now) => {
    assertCanRespondForAgency(actor, actor.agencyId);
    const attendance = await tx.meetingAttendance.create({ data: { meetingId, agencyId: actor.agencyId, userId: actor.userId, name: actor.displayName, joinedAt: now }, select: { id: true } });
    await markAgencyAttended(tx, meetingId, actor.agencyId, now);
    return { attendanceId: attendance.id, agencyId: actor.agencyId, name: actor.displayName };
  });
  const { snapshot, missed } = await services.db.$transaction(async (tx) => ({
    snapshot: await meetingSnapshot(tx, meetingId, services.clock.now()),
    missed: lastSeq === undefined ? [] : await meetingEventsSince(tx, meetingId, lastSeq),
  }));
  return { attendanceId: result.attendanceId as string, snapshot, missed };
}

/** Catch up without joining again (e.g. the page reconnected): events after `lastSeq`. */
export async function meetingEventsAfter(services: Services, actor: Actor, input: { meetingId: string; lastSeq: number }) {
  return services.db.$transaction(async (tx) => {
    await loadVisibleMeeting(tx, actor, input.meetingId);
    return meetingEventsSince(tx, input.meetingId, input.lastSeq);
  });
}

/** The current state of a meeting for someone who may see it (the live room refreshes with it). */
export function meetingState(services: Services, actor: Actor, meetingId: string) {
  return getMeeting(services, actor, meetingId, { via: "room" });
}

/** Leave the live meeting (or the connection dropped): the attendance gets its end time. */
export async function leaveMeeting(services: Services, actor: Actor, input: { meetingId: string; attendanceId: string }, meta: Meta = {}) {
  const { result } = await changeMeeting(services, actor, input.meetingId, { type: "attendee.left", audit: "meeting.leave", allowClosed: true, requestId: meta.requestId }, async (tx, _meeting, now) => {
    const closed = await tx.meetingAttendance.updateMany({ where: { id: input.attendanceId, meetingId: input.meetingId, userId: actor.userId, leftAt: null }, data: { leftAt: now } });
    if (closed.count !== 1) throw conflict("You are not in this meeting.");
    return { attendanceId: input.attendanceId, agencyId: actor.agencyId, name: actor.displayName };
  });
  return result;
}

export async function markPresent(services: Services, actor: Actor, input: z.input<typeof markPresentInputSchema>, meta: Meta = {}) {
  const data = markPresentInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "attendee.joined", audit: "meeting.mark_present", chairOnly: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    if (!meeting.invitedAgencyIds.includes(data.agencyId)) throw invalid("That agency is not invited to this meeting.", { agencyId: "Choose an invited agency" });
    const attendance = await tx.meetingAttendance.create({ data: { meetingId: meeting.id, agencyId: data.agencyId, name: data.name, joinedAt: now, byPhone: true }, select: { id: true } });
    await markAgencyAttended(tx, meeting.id, data.agencyId, now);
    return { attendanceId: attendance.id, agencyId: data.agencyId, name: data.name, byPhone: true };
  });
  return result;
}

export async function updateSummary(services: Services, actor: Actor, input: z.input<typeof summaryInputSchema>, meta: Meta = {}) {
  const data = summaryInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "summary.updated", audit: "meeting.summary", chairOnly: true, requestId: meta.requestId }, async (tx, meeting) => {
    await tx.strategyMeeting.update({ where: { id: meeting.id }, data: { summary: data.summary } });
    return { summary: data.summary };
  });
  return result;
}

export async function recordMeetingDecision(services: Services, actor: Actor, input: z.input<typeof meetingDecisionInputSchema>, meta: Meta = {}) {
  const data = meetingDecisionInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "decision.recorded", audit: "meeting.decision", chairOnly: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    const decision = await tx.meetingDecision.create({ data: { meetingId: meeting.id, kind: data.kind, reason: data.reason, recordedById: actor.userId, recordedAt: now }, select: { id: true } });
    return { decisionId: decision.id, kind: data.kind, reason: data.reason };
  });
  return result;
}

export async function addMeetingAction(services: Services, actor: Actor, input: z.input<typeof addActionInputSchema>, meta: Meta = {}) {
  const data = addActionInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "action.added", audit: "meeting.action_add", chairOnly: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    if (!meeting.invitedAgencyIds.includes(data.owningAgencyId)) throw invalid("The owning agency must be one invited to the meeting", { owningAgencyId: "Choose an invited agency" });
    const action = await tx.meetingAction.create({
      data: { meetingId: meeting.id, description: data.description, owningAgencyId: data.owningAgencyId, ownerName: data.ownerName, dueDate: new Date(`${data.dueDate}T00:00:00Z`), createdById: actor.userId, createdAt: now },
      select: { id: true },
    });
    return { actionId: action.id, description: data.description, owningAgencyId: data.owningAgencyId, ownerName: data.ownerName, dueDate: data.dueDate };
  });
  return result;
}

/** Close the meeting: attendance ends, and the minutes go to every invited agency at once. */
export async function closeMeeting(services: Services, actor: Actor, input: z.input<typeof meetingIdSchema>, meta: Meta = {}) {
  const { meetingId } = meetingIdSchema.parse(input);
  const { result } = await changeMeeting(services, actor, meetingId, { type: "meeting.closed", audit: "meeting.close", chairOnly: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    const decisions = await tx.meetingDecision.count({ where: { meetingId } });
    if (decisions === 0) throw invalid("Record at least one decision before closing the meeting.");
    await tx.meetingAttendance.updateMany({ where: { meetingId, leftAt: null }, data: { leftAt: now } });
    await tx.strategyMeeting.update({ where: { id: meetingId }, data: { status: "CLOSED", closedAt: now, minutesCirculatedAt: now } });
    const recipients = await tx.user.findMany({ where: await meetingParticipantsWhere(tx, meeting.invitedAgencyIds), select: { email: true } });
    const url = `${services.settings.publicUrl ?? ""}/meetings/${meetingId}/minutes`;
    await enqueueEmails(tx, recipients.map((r) => ({ to: r.email, subject: "Strategy meeting minutes are ready", body: `The minutes of a strategy meeting your agency was invited to are ready to read in Concord:\n${url}` })), now);
    return { closedAt: now.toISOString() };
  });
  return result;
}

const MINUTES_NOT_YET = "The minutes are produced when the chair closes the meeting.";

/**
 * The minutes, for someone who may see the meeting. Opening them is a read of case data (audited
 * like any meeting read) and changes nothing else: a link from another site must not be able to
 * mark them read. Marking them read is markMinutesRead, behind a POST.
 */
export async function viewMinutes(services: Services, actor: Actor, input: z.input<typeof meetingIdSchema>, meta: Meta = {}) {
  const { meetingId } = meetingIdSchema.parse(input);
  const meeting = await getMeeting(services, actor, meetingId, { requestId: meta.requestId, via: "minutes" });
  if (meeting.status !== "CLOSED") throw invalid(MINUTES_NOT_YET);
  const mine = await services.db.minutesRead.findUnique({ where: { meetingId_userId: { meetingId, userId: actor.userId } }, select: { readAt: true } });
  return { ...meeting, viewer: { ...meeting.viewer, minutesReadAt: mine?.readAt.toISOString() ?? null } };
}

/** This person says they have read the minutes: recorded once, with an event for the room. */
export async function markMinutesRead(services: Services, actor: Actor, input: z.input<typeof meetingIdSchema>, meta: Meta = {}) {
  const { meetingId } = meetingIdSchema.parse(input);
  const now = services.clock.now();
  const first = await services.db.$transaction(async (tx) => {
    const meeting = await loadVisibleMeeting(tx, actor, meetingId);
    if (meeting.status !== "CLOSED") throw invalid(MINUTES_NOT_YET);
    // The unique key (meeting, user) makes a second mark, even a concurrent one, a no-op.
    const created = await tx.minutesRead.createMany({ data: [{ meetingId, userId: actor.userId, readAt: now }], skipDuplicates: true });
    if (created.count === 0) return null;
    await recordAudit(tx, actor, { action: "meeting.minutes_read", entityType: "meeting", entityId: meetingId }, meta.requestId);
    const event = await appendMeetingEvent(tx, meetingId, "minutes.read", { userId: actor.userId, name: actor.displayName }, actor.userId, now);
    return { event, agencyIds: meeting.invitedAgencyIds };
  });
  if (first) {
    services.realtime.meetingEvent(meetingId, first.event);
    services.realtime.meetingChanged({ meetingId, agencyIds: first.agencyIds, change: "minutes.read" });
  }
  const mine = await services.db.minutesRead.findUniqueOrThrow({ where: { meetingId_userId: { meetingId, userId: actor.userId } }, select: { readAt: true } });
  return { readAt: mine.readAt.toISOString() };
}

/** The open actions owned by the actor's agency, soonest due first. */
export async function listAgencyActions(services: Services, actor: Actor) {
  assertCanCompleteAction(actor, { owningAgencyId: actor.agencyId });
  const rows = await services.db.meetingAction.findMany({
    where: { owningAgencyId: actor.agencyId, completedAt: null },
    orderBy: { dueDate: "asc" },
    select: { id: true, description: true, ownerName: true, dueDate: true, meeting: { select: { id: true, case: { select: { reference: true } }, scheduledStart: true } } },
  });
  const today = services.clock.now().toISOString().slice(0, 10);
  return rows.map((r) => {
    const dueDate = r.dueDate.toISOString().slice(0, 10);
    return { id: r.id, description: r.description, ownerName: r.ownerName, dueDate, overdue: dueDate < today, meetingId: r.meeting.id, caseReference: r.meeting.case.reference };
  });
}

export async function completeAction(services: Services, actor: Actor, input: z.input<typeof completeActionInputSchema>, meta: Meta = {}) {
  const { actionId } = completeActionInputSchema.parse(input);
  const action = await services.db.meetingAction.findUnique({
    where: { id: actionId },
    select: { id: true, meetingId: true, owningAgencyId: true, meeting: { select: { invitations: { select: { agencyId: true } } } } },
  });
  // Someone who may neither complete the action nor see its meeting learns nothing: "not found", as for a random id.
  const owner = action && can(actor, "complete", "action", { agencyId: action.owningAgencyId });
  if (!action || (!owner && !canSeeMeeting(actor, action.meeting.invitations.map((i) => i.agencyId)))) throw notFound("That action");
  assertCanCompleteAction(actor, action);
  const { result } = await changeMeeting(services, actor, action.meetingId, { type: "action.completed", audit: "meeting.action_complete", allowClosed: true, requestId: meta.requestId }, async (tx, _meeting, now) => {
    const done = await tx.meetingAction.updateMany({ where: { id: actionId, completedAt: null }, data: { completedAt: now, completedById: actor.userId } });
    if (done.count !== 1) throw conflict("This action is already marked done.");
    return { actionId };
  });
  return result;
}
