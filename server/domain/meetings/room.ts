// The live meeting: answers to invitations, joining and leaving (attendance), the chair's record
// (summary, decisions, actions), starting and ending it, the minutes drafted, approved and
// circulated after it, and minutes read.
import type { z } from "zod";
import { Prisma } from "../../db/generated/client";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanCompleteAction, assertCanRespondForAgency, assertIsMeetingChair, can, canRespondForAgency, canSeeMeeting, meetingParticipantsWhere, meetingReach } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, invalid, notFound } from "../errors";
import { addWorkingDays, londonDate } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import { mapPage, readPage } from "../lists/paging";
import { listActionsInputSchema } from "../lists/schemas";
import { enqueueEmails } from "../mail/outbox";
import { preparedQuery, type Tx } from "../../db/connect";
import { retryingContention, transaction } from "../../db/transaction";
import { appendMeetingEvent, meetingEventsSince, type MeetingEventType, type MeetingEventView } from "./timeline";
import { getMeeting, loadVisibleMeeting, meetingSnapshot } from "./view";
import { EARLY_START_MINUTES } from "./labels";
import { assertEveryChildDecided, meetingChildFor } from "./children";
import { meetingConferenceClocks } from "./follow-through";
import {
  addActionInputSchema,
  completeActionInputSchema,
  draftMinutesInputSchema,
  joinInputSchema,
  markPresentInputSchema,
  meetingDecisionInputSchema,
  meetingIdSchema,
  respondInputSchema,
  startMeetingInputSchema,
  summaryInputSchema,
  type RespondInput,
} from "./schemas";

type Meta = { requestId?: string };

/**
 * Run one change to a meeting: check access in the transaction, refuse changes to a closed
 * meeting, append the event, audit, and then tell the room. A change that finds it has already
 * happened (a repeated start, end or approval; a second join on one connection) returns
 * `{ repeat }`: nothing is written, no event, no email, and the caller gets the same answer.
 */
async function changeMeeting<T extends Record<string, unknown>>(
  services: Services,
  actor: Actor,
  meetingId: string,
  options: { type: MeetingEventType; audit: string; allowClosed?: boolean; chairOnly?: boolean; requestId?: string },
  change: (tx: Tx, meeting: Awaited<ReturnType<typeof loadVisibleMeeting>>, now: Date) => Promise<T | { repeat: T }>,
): Promise<{ result: T; event: MeetingEventView | null }> {
  const done = await transaction(services.db, async (tx) => {
    // Changes to one meeting queue on its row (as concord_join_meeting's do), so the state checked
    // here is the state the change commits on: nothing lands after the chair ends the meeting.
    await tx.$executeRaw`SELECT 1 FROM strategy_meeting WHERE id = ${meetingId}::uuid FOR NO KEY UPDATE`;
    // The time is read once the row is ours: a join that committed while this waited has an
    // earlier time, so the end never closes an attendance before it began.
    const now = services.clock.now();
    const meeting = await loadVisibleMeeting(tx, actor, meetingId);
    if (options.chairOnly) assertIsMeetingChair(actor, meeting);
    if (meeting.status === "CLOSED" && !options.allowClosed) throw conflict(MEETING_ENDED);
    const outcome = await change(tx, meeting, now);
    if ("repeat" in outcome) return { result: outcome.repeat as T, event: null, agencyIds: meeting.invitedAgencyIds };
    const event = await appendMeetingEvent(tx, meetingId, options.type, outcome, actor.userId, now);
    await recordAudit(tx, actor, { action: options.audit, entityType: "meeting", entityId: meetingId, detail: { seq: event.seq } }, options.requestId);
    return { result: outcome, event, agencyIds: meeting.invitedAgencyIds };
  });
  if (done.event) announceMeetingEvent(services, meetingId, done.agencyIds, done.event);
  return { result: done.result, event: done.event };
}

const MEETING_ENDED = "This meeting has ended: its record can no longer change.";

/**
 * After commit, and only for a change that happened: the room gets the event; list pages and
 * homes of the invited agencies and the front door hear that the meeting changed.
 */
function announceMeetingEvent(services: Services, meetingId: string, agencyIds: string[], event: MeetingEventView) {
  services.realtime.meetingEvent(meetingId, event);
  services.realtime.meetingChanged({ meetingId, agencyIds, change: event.type });
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
    // Answers to one meeting queue on its row (changeMeeting), so each takes its position (the
    // sequence) only once the one before has committed: the answer with the highest position is
    // always the one written last, and the stored current answer is the latest by position,
    // however many arrive at once.
    const invitations = await tx.meetingInvitation.updateManyAndReturn({ where: { meetingId: meeting.id, agencyId }, data: { currentResponse: data.kind }, select: { id: true } });
    const invitation = invitations[0];
    if (!invitation) throw invalid("That agency is not invited to this meeting.", { agencyId: "Choose an invited agency" });
    const response = await tx.invitationResponse.create({
      data: { invitationId: invitation.id, kind: data.kind, attendeeName: data.attendeeName ?? null, reason: data.reason ?? null, contribution: data.contribution ?? null, respondedById: actor.userId, respondedAt: now },
      select: { id: true },
    });
    // The event carries the whole answer, so the room applies it without a snapshot (room-state.ts).
    return { agencyId, kind: data.kind, attendeeName: data.attendeeName ?? null, responseId: response.id, reason: data.reason ?? null, contribution: data.contribution ?? null };
  });
  return result;
}

/**
 * Join the live meeting from one connection: records attendance and returns the state plus any
 * missed events. A connection has at most one open attendance per meeting (a unique index):
 * joins repeated on it, even in parallel, share that attendance, so leaving or dropping the
 * connection closes it and no ghost stays "present". Another device is another connection.
 */
export async function joinMeeting(
  services: Services,
  actor: Actor,
  input: z.input<typeof joinInputSchema>,
  connection: { connectionId: string; /** Called once the join is allowed and recorded, before the snapshot is read: the door starts delivering the room's events here, so none falls between the snapshot and the first event. */ admitted?: () => void | Promise<void> },
  meta: Meta = {},
) {
  const { meetingId, lastSeq } = joinInputSchema.parse(input);
  const now = services.clock.now();
  // The commonest change in a live meeting, so one statement rather than changeMeeting's nine
  // (decision 0043): concord_join_meeting makes the same checks, in the same order, with the
  // abilities' answers, and writes the attendance, the invitation's "attended", the event and
  // the audit row. Its own row lock on the meeting means a join never lands after the end.
  const reach = meetingReach(actor);
  if (reach === "none") throw notFound("That meeting");
  const [row] = await retryingContention(() =>
    preparedQuery<{ outcome: "not_found" | "closed" | "forbidden" | "repeat" | "joined"; attendance_id: string | null; seq: number | null; invited_agency_ids: string[] | null }>(
      services.db,
      Prisma.sql`SELECT outcome, attendance_id, seq, invited_agency_ids FROM concord_join_meeting(${meetingId}::uuid, ${actor.userId}::uuid, ${actor.agencyId}::uuid, ${actor.displayName}::text, ${connection.connectionId}::text, ${reach === "all"}::boolean, ${canRespondForAgency(actor, actor.agencyId)}::boolean, ${now}::timestamptz, ${meta.requestId ?? null}::text)`,
    ),
  );
  switch (row?.outcome) {
    case "not_found":
      throw notFound("That meeting");
    case "closed":
      throw conflict(MEETING_ENDED);
    case "forbidden":
      assertCanRespondForAgency(actor, actor.agencyId);
      throw new Error("concord_join_meeting refused a join the abilities allow");
    case "joined": {
      const payload = { attendanceId: row.attendance_id!, userId: actor.userId, agencyId: actor.agencyId, name: actor.displayName };
      announceMeetingEvent(services, meetingId, row.invited_agency_ids ?? [], { seq: row.seq!, type: "attendee.joined", payload, occurredAt: now.toISOString() });
      break;
    }
    case "repeat":
      break;
    default:
      throw new Error(`concord_join_meeting answered ${String(row?.outcome)}`);
  }
  await connection.admitted?.();
  const { snapshot, missed } = await services.db.$transaction(async (tx) => ({
    snapshot: await meetingSnapshot(tx, meetingId, services.clock.now()),
    missed: lastSeq === undefined ? [] : await meetingEventsSince(tx, meetingId, lastSeq),
  }));
  return { attendanceId: row.attendance_id!, snapshot, missed };
}

/** Catch up without joining again (e.g. the page reconnected): events after `lastSeq`. */
export async function meetingEventsAfter(services: Services, actor: Actor, input: { meetingId: string; lastSeq: number }) {
  return services.db.$transaction(async (tx) => {
    await loadVisibleMeeting(tx, actor, input.meetingId);
    return meetingEventsSince(tx, input.meetingId, input.lastSeq);
  });
}

/**
 * The current state of a meeting for someone who may see it: the live room takes one when it
 * finds a gap in the events (decision 0033). Entering the room was audited once ("meeting.join",
 * with the attendance); a snapshot on that same connection is part of the same visit and writes
 * no audit row. A connection that has not entered the room is audited as any meeting read.
 */
export async function meetingState(services: Services, actor: Actor, meetingId: string, visit: { entered: boolean }) {
  return services.db.$transaction(async (tx) => {
    await loadVisibleMeeting(tx, actor, meetingId);
    if (!visit.entered) await recordAudit(tx, actor, { action: "meeting.read", entityType: "meeting", entityId: meetingId, detail: { via: "room" } });
    return meetingSnapshot(tx, meetingId, services.clock.now());
  });
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
    // The same person marked twice (a double click, two tabs) is one phone attendee.
    const already = await tx.meetingAttendance.findFirst({ where: { meetingId: meeting.id, agencyId: data.agencyId, byPhone: true, leftAt: null, name: { equals: data.name, mode: "insensitive" } }, select: { id: true } });
    if (already) return { repeat: { attendanceId: already.id, agencyId: data.agencyId, name: data.name, byPhone: true } };
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
    const child = await meetingChildFor(tx, meeting.id, data.childId);
    const decision = await tx.meetingDecision.create({ data: { meetingId: meeting.id, childId: child.id, kind: data.kind, reason: data.reason, recordedById: actor.userId, recordedAt: now }, select: { id: true } });
    // A section 47 decision can start a child's conference clock: the event carries the clocks.
    return { decisionId: decision.id, childId: child.id, caseReference: child.case.reference, kind: data.kind, reason: data.reason, conferences: await meetingConferenceClocks(tx, meeting.id) };
  });
  return result;
}

export async function addMeetingAction(services: Services, actor: Actor, input: z.input<typeof addActionInputSchema>, meta: Meta = {}) {
  const data = addActionInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "action.added", audit: "meeting.action_add", chairOnly: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    if (!meeting.invitedAgencyIds.includes(data.owningAgencyId)) throw invalid("The owning agency must be one invited to the meeting", { owningAgencyId: "Choose an invited agency" });
    // An action is for the future: a due date already past (in UK time) is a slip, refused.
    if (data.dueDate < londonDate(now)) throw invalid("The due date must be today or in the future", { dueDate: "The due date must be today or in the future" });
    const action = await tx.meetingAction.create({
      data: { meetingId: meeting.id, description: data.description, owningAgencyId: data.owningAgencyId, ownerName: data.ownerName, dueDate: new Date(`${data.dueDate}T00:00:00Z`), createdById: actor.userId, createdAt: now },
      select: { id: true },
    });
    return { actionId: action.id, description: data.description, owningAgencyId: data.owningAgencyId, ownerName: data.ownerName, dueDate: data.dueDate };
  });
  return result;
}

/** The chair starts the meeting: the record holds when it was actually held. Repeating it changes nothing. */
export async function startMeeting(services: Services, actor: Actor, input: z.input<typeof startMeetingInputSchema>, meta: Meta = {}) {
  const data = startMeetingInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "meeting.started", audit: "meeting.start", chairOnly: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    const current = await tx.strategyMeeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { startedAt: true } });
    if (current.startedAt) return { repeat: { startedAt: current.startedAt.toISOString() } };
    const early = now.getTime() < meeting.scheduledStart.getTime() - EARLY_START_MINUTES * 60_000;
    if (early && !data.earlyReason) {
      throw invalid(`The meeting is due at a later time: to start it more than ${EARLY_START_MINUTES} minutes early, say why it was brought forward.`, { earlyReason: "Enter why the meeting was brought forward" });
    }
    // Claim: of parallel starts, only the one that finds it unstarted writes (the row lock orders them).
    const claimed = await tx.strategyMeeting.updateMany({ where: { id: meeting.id, startedAt: null }, data: { startedAt: now, startedEarlyReason: early ? data.earlyReason : null } });
    if (claimed.count === 0) {
      const won = await tx.strategyMeeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { startedAt: true } });
      return { repeat: { startedAt: won.startedAt!.toISOString() } };
    }
    return { startedAt: now.toISOString(), broughtForward: early, earlyReason: early ? (data.earlyReason ?? null) : null, conferences: await meetingConferenceClocks(tx, meeting.id) };
  });
  return result;
}

/**
 * The chair ends the meeting: attendance ends and the minutes clock starts (1 working day to
 * circulate them). No email yet: the minutes are drafted and approved first. Ending twice, even
 * twenty times at once, ends it once: one event.
 */
export async function endMeeting(services: Services, actor: Actor, input: z.input<typeof meetingIdSchema>, meta: Meta = {}) {
  const { meetingId } = meetingIdSchema.parse(input);
  const { result } = await changeMeeting(services, actor, meetingId, { type: "meeting.ended", audit: "meeting.end", chairOnly: true, allowClosed: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    const ended = async () => {
      const row = await tx.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { endedAt: true } });
      return row.endedAt ? { repeat: { endedAt: row.endedAt.toISOString() } } : null;
    };
    const before = await ended();
    if (before) return before;
    const current = await tx.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { startedAt: true } });
    if (!current.startedAt) throw invalid("Start the meeting before ending it.");
    // Complete means every child has a decision (children.ts).
    await assertEveryChildDecided(tx, meetingId);
    const claimed = await tx.strategyMeeting.updateMany({ where: { id: meetingId, status: "SCHEDULED", endedAt: null }, data: { status: "CLOSED", endedAt: now } });
    if (claimed.count === 0) return (await ended())!;
    await tx.meetingAttendance.updateMany({ where: { meetingId: meeting.id, leftAt: null }, data: { leftAt: now } });
    // The minutes' due date travels with the event, so the room need not take a snapshot.
    return { endedAt: now.toISOString(), minutesDueBy: addWorkingDays(now, 1, await loadBankHolidays(tx)).toISOString() };
  });
  return result;
}

async function loadMinutesState(tx: Tx, meetingId: string) {
  return tx.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { endedAt: true, minutesDraftedAt: true, minutesCirculatedAt: true } });
}

/** The chair drafts (or redrafts) the minutes after the meeting has ended, until they are circulated. */
export async function draftMinutes(services: Services, actor: Actor, input: z.input<typeof draftMinutesInputSchema>, meta: Meta = {}) {
  const data = draftMinutesInputSchema.parse(input);
  const { result } = await changeMeeting(services, actor, data.meetingId, { type: "minutes.drafted", audit: "meeting.minutes_draft", chairOnly: true, allowClosed: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    const state = await loadMinutesState(tx, meeting.id);
    if (!state.endedAt) throw invalid("Minutes are drafted after the meeting: end the meeting first.");
    const saved = await tx.strategyMeeting.updateMany({ where: { id: meeting.id, minutesCirculatedAt: null }, data: { minutes: data.minutes, minutesDraftedAt: now } });
    if (saved.count === 0) throw conflict("These minutes have been approved and circulated: they can no longer change.");
    // The event says that a draft exists, not what it says: only the chair sees a draft.
    return { draftedAt: now.toISOString() };
  });
  return result;
}

/**
 * The chair approves the drafted minutes, which circulates them: every participant of the invited
 * agencies gets one email. Claimed with a conditional update, so twenty approvals at once give one
 * event and one email per recipient; the emails are in the outbox, written with the claim and
 * sent after commit.
 */
export async function approveMinutes(services: Services, actor: Actor, input: z.input<typeof meetingIdSchema>, meta: Meta = {}) {
  const { meetingId } = meetingIdSchema.parse(input);
  const { result } = await changeMeeting(services, actor, meetingId, { type: "minutes.circulated", audit: "meeting.minutes_approve", chairOnly: true, allowClosed: true, requestId: meta.requestId }, async (tx, meeting, now) => {
    const state = await loadMinutesState(tx, meeting.id);
    if (state.minutesCirculatedAt) return { repeat: { circulatedAt: state.minutesCirculatedAt.toISOString() } };
    if (!state.endedAt) throw invalid("Minutes are approved after the meeting: end the meeting first.");
    if (!state.minutesDraftedAt) throw invalid("Draft the minutes before approving them.", { minutes: "Enter the minutes" });
    const claimed = await tx.strategyMeeting.updateMany({ where: { id: meeting.id, minutesCirculatedAt: null, minutesDraftedAt: { not: null } }, data: { minutesApprovedById: actor.userId, minutesCirculatedAt: now } });
    if (claimed.count === 0) {
      const won = await loadMinutesState(tx, meeting.id);
      return { repeat: { circulatedAt: won.minutesCirculatedAt!.toISOString() } };
    }
    const recipients = await tx.user.findMany({ where: await meetingParticipantsWhere(tx, meeting.invitedAgencyIds), select: { email: true } });
    const url = `${services.settings.publicUrl ?? ""}/meetings/${meetingId}/minutes`;
    const emails = [...new Set(recipients.map((r) => r.email))];
    await enqueueEmails(tx, emails.map((to) => ({ to, subject: "Strategy meeting minutes are ready", body: `The minutes of a strategy meeting your agency was invited to have been approved by the chair and are ready to read in Concord:\n${url}` })), now);
    return { circulatedAt: now.toISOString() };
  });
  return result;
}

const MINUTES_NOT_YET = "The minutes are not ready yet: they are sent once the chair has approved them after the meeting.";

/**
 * The minutes, for someone who may see the meeting. Opening them is a read of case data (audited
 * like any meeting read) and changes nothing else: a link from another site must not be able to
 * mark them read. Marking them read is markMinutesRead, behind a POST.
 */
export async function viewMinutes(services: Services, actor: Actor, input: z.input<typeof meetingIdSchema>, meta: Meta = {}) {
  const { meetingId } = meetingIdSchema.parse(input);
  const meeting = await getMeeting(services, actor, meetingId, { requestId: meta.requestId, via: "minutes" });
  // The chair opens the minutes to draft them once the meeting has ended; everyone else once they are circulated.
  const ready = meeting.minutes.circulatedAt !== null || (meeting.viewer.isChair && meeting.status === "CLOSED");
  if (!ready) throw invalid(MINUTES_NOT_YET);
  const mine = await services.db.minutesRead.findUnique({ where: { meetingId_userId: { meetingId, userId: actor.userId } }, select: { readAt: true } });
  return { ...meeting, viewer: { ...meeting.viewer, minutesReadAt: mine?.readAt.toISOString() ?? null } };
}

/** This person says they have read the minutes: recorded once, with an event for the room. */
export async function markMinutesRead(services: Services, actor: Actor, input: z.input<typeof meetingIdSchema>, meta: Meta = {}) {
  const { meetingId } = meetingIdSchema.parse(input);
  const now = services.clock.now();
  const first = await transaction(services.db, async (tx) => {
    const meeting = await loadVisibleMeeting(tx, actor, meetingId);
    if (!(await loadMinutesState(tx, meetingId)).minutesCirculatedAt) throw invalid(MINUTES_NOT_YET);
    // The unique key (meeting, user) makes a second mark, even a concurrent one, a no-op.
    const created = await tx.minutesRead.createMany({ data: [{ meetingId, userId: actor.userId, readAt: now }], skipDuplicates: true });
    if (created.count === 0) return null;
    await recordAudit(tx, actor, { action: "meeting.minutes_read", entityType: "meeting", entityId: meetingId }, meta.requestId);
    const event = await appendMeetingEvent(tx, meetingId, "minutes.read", { userId: actor.userId, name: actor.displayName, agencyName: actor.agencyName }, actor.userId, now);
    return { event, agencyIds: meeting.invitedAgencyIds };
  });
  if (first) announceMeetingEvent(services, meetingId, first.agencyIds, first.event);
  const mine = await services.db.minutesRead.findUniqueOrThrow({ where: { meetingId_userId: { meetingId, userId: actor.userId } }, select: { readAt: true } });
  return { readAt: mine.readAt.toISOString() };
}

/** The open actions owned by the actor's agency, a page at a time: overdue and soonest due first. */
export async function listAgencyActions(services: Services, actor: Actor, input: z.input<typeof listActionsInputSchema> = {}) {
  assertCanCompleteAction(actor, { owningAgencyId: actor.agencyId });
  const { overdueOnly, search, page } = listActionsInputSchema.parse(input);
  const today = londonDate(services.clock.now());
  const where: Prisma.MeetingActionWhereInput = {
    owningAgencyId: actor.agencyId,
    completedAt: null,
    ...(overdueOnly ? { dueDate: { lt: new Date(`${today}T00:00:00Z`) } } : {}),
    ...(search ? { meeting: { is: { case: { reference: { contains: search } } } } } : {}),
  };
  const found = await readPage(
    [
      {
        count: () => services.db.meetingAction.count({ where }),
        find: (skip, take) =>
          services.db.meetingAction.findMany({
            where,
            orderBy: [{ dueDate: "asc" }, { id: "asc" }],
            skip,
            take,
            select: { id: true, description: true, ownerName: true, dueDate: true, meeting: { select: { id: true, case: { select: { reference: true } }, scheduledStart: true } } },
          }),
      },
    ],
    page,
  );
  return mapPage(found, (r) => {
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
