// After the strategy discussion: a section 47 outcome for a child starts the initial child
// protection conference clock (15 working days from the first or the latest strategy discussion
// about the child: a partnership setting); the council later records the enquiry's outcome, which
// is emailed to everyone who took part and shown live; and the child's chain of strategy
// discussions (found by case reference) links the further or review discussions to the earlier
// ones. Decision record 0021.
import type { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanRecordEnquiryOutcome, meetingFilter, meetingParticipantsWhere } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { invalid } from "../errors";
import { addWorkingDays, londonDate } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import { enqueueEmails } from "../mail/outbox";
import { conferenceClockFrom, type ConferenceClockFrom } from "../settings/settings";
import { appendMeetingEvent } from "./timeline";
import { loadVisibleMeeting } from "./view";
import { CONFERENCE_WORKING_DAYS, SECTION_47_DECISIONS } from "./labels";
import { enquiryOutcomeInputSchema } from "./schemas";

/** When a strategy discussion took place: when it was started, or (never started) when its first decision was recorded. */
function heldAt(meeting: { startedAt: Date | null; decisions: { recordedAt: Date }[] }): Date | null {
  return meeting.startedAt ?? meeting.decisions[0]?.recordedAt ?? null;
}

export type ConferenceClock = {
  /** The strategy discussion the clock runs from, and the rule that chose it. */
  from: ConferenceClockFrom;
  discussionAt: string;
  /** The initial child protection conference is due by this day (UK date). */
  dueDate: string;
};

/**
 * The initial child protection conference clock for each case that has a section 47 outcome at
 * any strategy discussion: 15 working days (weekends and bank holidays skipped) from the first or
 * the latest strategy discussion held about that child, as the partnership has set.
 */
export async function conferenceClocks(db: Db | Tx, caseIds: readonly string[], known: { holidays?: Awaited<ReturnType<typeof loadBankHolidays>> } = {}): Promise<Map<string, ConferenceClock>> {
  const clocks = new Map<string, ConferenceClock>();
  if (caseIds.length === 0) return clocks;
  const rows = await db.meetingChild.findMany({
    where: { caseId: { in: [...caseIds] } },
    select: {
      caseId: true,
      decisions: { orderBy: { recordedAt: "asc" }, select: { kind: true, recordedAt: true } },
      meeting: { select: { startedAt: true } },
    },
  });
  // The setting and the calendar only when some child has a clock to run (most meetings' snapshots have none).
  let from: Awaited<ReturnType<typeof conferenceClockFrom>> | undefined;
  let holidays = known.holidays;
  for (const caseId of new Set(caseIds)) {
    const mine = rows.filter((r) => r.caseId === caseId);
    if (!mine.some((r) => r.decisions.some((d) => SECTION_47_DECISIONS.includes(d.kind)))) continue;
    from ??= await conferenceClockFrom(db);
    holidays ??= await loadBankHolidays(db);
    const held = mine.map((r) => heldAt({ startedAt: r.meeting.startedAt, decisions: r.decisions })).filter((d): d is Date => d !== null);
    if (held.length === 0) continue;
    const times = held.map((d) => d.getTime());
    const discussionAt = new Date(from === "FIRST" ? Math.min(...times) : Math.max(...times));
    const due = addWorkingDays(discussionAt, CONFERENCE_WORKING_DAYS, holidays);
    clocks.set(caseId, { from, discussionAt: discussionAt.toISOString(), dueDate: londonDate(due) });
  }
  return clocks;
}

/**
 * Each child's conference clock in one meeting, by the meeting's child id: events that can move a
 * clock (a decision, the start) carry these so the live room need not take a snapshot.
 */
export async function meetingConferenceClocks(db: Db | Tx, meetingId: string): Promise<Record<string, ConferenceClock | null>> {
  const children = await db.meetingChild.findMany({ where: { meetingId }, select: { id: true, caseId: true } });
  const clocks = await conferenceClocks(db, children.map((c) => c.caseId));
  return Object.fromEntries(children.map((c) => [c.id, clocks.get(c.caseId) ?? null]));
}

/**
 * The other strategy discussions about this meeting's children (the same case references),
 * oldest first: only those the viewer may see, so a partner never learns of a discussion its
 * agency was not invited to.
 */
export async function meetingChain(db: Db | Tx, actor: Actor, meetingId: string, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  const rows = await db.strategyMeeting.findMany({
    where: { AND: [meetingFilter(actor), { id: { not: meetingId } }, { children: { some: { caseId: { in: [...caseIds] } } } }] },
    orderBy: { scheduledStart: "asc" },
    take: 50,
    select: {
      id: true,
      scheduledStart: true,
      startedAt: true,
      status: true,
      children: { where: { caseId: { in: [...caseIds] } }, orderBy: { position: "asc" }, select: { case: { select: { reference: true } }, decisions: { select: { kind: true } }, enquiryOutcome: { select: { kind: true } } } },
    },
  });
  return rows.map((m) => ({
    id: m.id,
    scheduledStart: m.scheduledStart.toISOString(),
    startedAt: m.startedAt?.toISOString() ?? null,
    status: m.status,
    children: m.children.map((c) => ({ caseReference: c.case.reference, decisions: c.decisions.map((d) => d.kind), enquiryOutcome: c.enquiryOutcome?.kind ?? null })),
  }));
}
export type MeetingChainEntry = Awaited<ReturnType<typeof meetingChain>>[number];

/**
 * The council records the outcome of a child's section 47 enquiry, once. Everyone who took part
 * (the participants of every invited agency) gets one email, written to the outbox in the same
 * transaction; the meeting's page shows it live. A repeat, even twenty at once, changes nothing:
 * the unique key on the child's outcome decides which one wins.
 */
export async function recordEnquiryOutcome(services: Services, actor: Actor, input: z.input<typeof enquiryOutcomeInputSchema>, meta: { requestId?: string } = {}) {
  assertCanRecordEnquiryOutcome(actor);
  const data = enquiryOutcomeInputSchema.parse(input);
  const now = services.clock.now();
  if (data.outcomeDate > londonDate(now)) throw invalid("The outcome cannot be dated in the future", { outcomeDate: "Enter a date that is not in the future" });
  const done = await services.db.$transaction(async (tx) => {
    const meeting = await loadVisibleMeeting(tx, actor, data.meetingId);
    const state = await tx.strategyMeeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { endedAt: true } });
    if (!state.endedAt) throw invalid("Record the enquiry's outcome after the meeting: it has not ended yet.");
    const enquiries = await tx.meetingChild.findMany({
      where: { meetingId: meeting.id, decisions: { some: { kind: { in: [...SECTION_47_DECISIONS] } } } },
      orderBy: { position: "asc" },
      select: { id: true, case: { select: { reference: true } }, enquiryOutcome: { select: { id: true } } },
    });
    const open = enquiries.filter((e) => !e.enquiryOutcome);
    const child = data.childId ? enquiries.find((e) => e.id === data.childId) : open.length === 1 ? open[0] : undefined;
    if (!child) {
      if (data.childId || enquiries.length === 0) throw invalid("This meeting decided no section 47 enquiry for that child.", { childId: "Choose a child whose section 47 enquiry this meeting decided" });
      throw invalid("Choose the child whose enquiry ended.", { childId: "Choose the child" });
    }
    const created = await tx.enquiryOutcome.createMany({
      data: [{ meetingChildId: child.id, kind: data.kind, summary: data.summary, outcomeDate: new Date(`${data.outcomeDate}T00:00:00Z`), recordedById: actor.userId, recordedAt: now }],
      skipDuplicates: true,
    });
    const saved = await tx.enquiryOutcome.findUniqueOrThrow({ where: { meetingChildId: child.id }, select: { id: true, kind: true, recordedAt: true } });
    const answer = { childId: child.id, caseReference: child.case.reference, kind: saved.kind, recordedAt: saved.recordedAt.toISOString() };
    if (created.count === 0) return { answer, event: null, agencyIds: meeting.invitedAgencyIds };
    const event = await appendMeetingEvent(tx, meeting.id, "enquiry.outcome_recorded", { childId: child.id, caseReference: child.case.reference, kind: data.kind }, actor.userId, now);
    await recordAudit(tx, actor, { action: "meeting.enquiry_outcome", entityType: "meeting", entityId: meeting.id, detail: { seq: event.seq, childId: child.id, kind: data.kind } }, meta.requestId);
    const recipients = await tx.user.findMany({ where: await meetingParticipantsWhere(tx, meeting.invitedAgencyIds), select: { email: true } });
    const url = `${services.settings.publicUrl ?? ""}/meetings/${meeting.id}`;
    // Like every Concord email, it names no child: the reader signs in to see which.
    await enqueueEmails(
      tx,
      [...new Set(recipients.map((r) => r.email))].map((to) => ({
        to,
        subject: "Outcome of a section 47 enquiry",
        body: `The council has recorded the outcome of a section 47 enquiry that followed a strategy meeting your agency was invited to.\n\nSign in to Concord to read it:\n${url}\n\nThis email does not contain details of the child.`,
      })),
      now,
    );
    return { answer, event, agencyIds: meeting.invitedAgencyIds };
  });
  if (done.event) {
    services.realtime.meetingEvent(data.meetingId, done.event);
    services.realtime.meetingChanged({ meetingId: data.meetingId, agencyIds: done.agencyIds, change: "enquiry.outcome_recorded" });
  }
  return { ...done.answer, repeat: done.event === null };
}
