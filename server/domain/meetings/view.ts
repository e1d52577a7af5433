// Reading meetings: the list an agency sees, and one meeting's full current state (snapshot),
// including who is present by agency and which required agencies are absent.
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { canSeeMeeting, canSeeRequest, meetingAbilities, meetingFilter } from "../access/policy";
import { notFound } from "../errors";
import { recordAudit } from "../audit/audit";
import { addWorkingDays } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import type { z } from "zod";
import type { Prisma } from "../../db/generated/client";
import { mapPage, readPage } from "../lists/paging";
import { listMeetingsInputSchema } from "../lists/schemas";
import { loadMeetingBrief } from "./invitation-email";
import { conferenceClocks, meetingChain } from "./follow-through";
import { roomPresence } from "./room-state";

/** Load a meeting's access facts; "not found" for anyone outside its invited agencies. */
export async function loadVisibleMeeting(db: Db | Tx, actor: Actor, meetingId: string) {
  const meeting = await db.strategyMeeting.findUnique({
    where: { id: meetingId },
    select: { id: true, chairId: true, status: true, scheduledStart: true, invitations: { select: { agencyId: true } } },
  });
  if (!meeting || !canSeeMeeting(actor, meeting.invitations.map((i) => i.agencyId))) throw notFound("That meeting");
  return { ...meeting, invitedAgencyIds: meeting.invitations.map((i) => i.agencyId) };
}

export async function meetingSnapshot(tx: Db | Tx, meetingId: string, now: Date) {
  const m = await tx.strategyMeeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: {
      id: true,
      urgency: true,
      decisionAt: true,
      dueBy: true,
      scheduledStart: true,
      location: true,
      callLink: true,
      lateReason: true,
      status: true,
      summary: true,
      startedAt: true,
      startedEarlyReason: true,
      endedAt: true,
      minutes: true,
      minutesDraftedAt: true,
      minutesApprovedBy: { select: { displayName: true } },
      minutesCirculatedAt: true,
      version: true,
      contactId: true,
      case: { select: { reference: true } },
      chair: { select: { id: true, displayName: true } },
      convenedBy: { select: { displayName: true } },
      invitations: {
        orderBy: { invitedAt: "asc" },
        select: {
          id: true,
          required: true,
          convening: true,
          attendedAt: true,
          agency: { select: { id: true, name: true, kind: true } },
          responses: { orderBy: { position: "asc" }, select: { id: true, kind: true, attendeeName: true, reason: true, contribution: true, respondedAt: true } },
        },
      },
      attendances: { orderBy: { joinedAt: "asc" }, select: { id: true, agencyId: true, userId: true, name: true, joinedAt: true, leftAt: true, byPhone: true } },
      decisions: { orderBy: { recordedAt: "asc" }, select: { id: true, childId: true, kind: true, reason: true, recordedAt: true } },
      children: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          caseId: true,
          initials: true,
          yearOfBirth: true,
          position: true,
          case: { select: { reference: true } },
          enquiryOutcome: { select: { kind: true, summary: true, outcomeDate: true, recordedAt: true, recordedBy: { select: { displayName: true } } } },
        },
      },
      actions: { orderBy: { createdAt: "asc" }, select: { id: true, description: true, ownerName: true, dueDate: true, completedAt: true, owningAgency: { select: { id: true, name: true } } } },
      minutesReads: { orderBy: { readAt: "asc" }, select: { readAt: true, user: { select: { displayName: true, agency: { select: { name: true } } } } } },
    },
  });
  const agencies = new Map(m.invitations.map((i) => [i.agency.id, i.agency]));
  // Presence and quorum by the same code as the room page applies to events (room-state.ts).
  const attendance = m.attendances.map((a) => ({ ...a, agencyName: agencies.get(a.agencyId)?.name ?? "", joinedAt: a.joinedAt.toISOString(), leftAt: a.leftAt?.toISOString() ?? null }));
  const presence = roomPresence(
    attendance,
    m.invitations.map((i) => ({ agencyId: i.agency.id, agencyName: i.agency.name, agencyKind: i.agency.kind })),
    m.endedAt !== null,
  );
  const holidays = await loadBankHolidays(tx);
  // The minutes are due 1 working day after the meeting actually ended (none before it ends).
  const minutesDueBy = m.endedAt ? addWorkingDays(m.endedAt, 1, holidays) : null;
  const circulated = m.minutesCirculatedAt !== null;
  const clocks = await conferenceClocks(tx, m.children.map((c) => c.caseId), { holidays });
  return {
    id: m.id,
    caseReference: m.case.reference,
    contactId: m.contactId,
    urgency: m.urgency,
    status: m.status,
    seq: m.version,
    decisionAt: m.decisionAt.toISOString(),
    dueBy: m.dueBy.toISOString(),
    scheduledStart: m.scheduledStart.toISOString(),
    /** Held late: when it actually started, or (not started yet) when it is scheduled or now, whichever is later. */
    late: (m.startedAt ?? new Date(Math.max(m.scheduledStart.getTime(), now.getTime()))) > m.dueBy,
    startedAt: m.startedAt?.toISOString() ?? null,
    startedEarlyReason: m.startedEarlyReason,
    endedAt: m.endedAt?.toISOString() ?? null,
    lateReason: m.lateReason,
    location: m.location,
    callLink: m.callLink,
    chair: m.chair,
    convenedByName: m.convenedBy.displayName,
    summary: m.summary,
    minutes: {
      /** The approved text; a draft is shown only to the chair (see getMeeting). */
      text: circulated ? m.minutes : null,
      drafted: m.minutesDraftedAt !== null,
      draftedAt: m.minutesDraftedAt?.toISOString() ?? null,
      approvedByName: m.minutesApprovedBy?.displayName ?? null,
      circulatedAt: m.minutesCirculatedAt?.toISOString() ?? null,
      dueBy: minutesDueBy?.toISOString() ?? null,
      circulatedInTime: m.minutesCirculatedAt && minutesDueBy ? m.minutesCirculatedAt <= minutesDueBy : null,
      readBy: m.minutesReads.map((r) => ({ name: r.user.displayName, agencyName: r.user.agency.name, readAt: r.readAt.toISOString() })),
    },
    invitations: m.invitations.map((i) => {
      const current = i.responses.at(-1) ?? null;
      return {
        id: i.id,
        agencyId: i.agency.id,
        agencyName: i.agency.name,
        agencyKind: i.agency.kind,
        required: i.required,
        convening: i.convening,
        attended: i.attendedAt !== null,
        /** What the figures and minutes say of the agency: attending supersedes any earlier answer or none. */
        standing: standingOf({ attendedAt: i.attendedAt, convening: i.convening, responses: current ? [current] : [] }),
        response: current && { ...current, respondedAt: current.respondedAt.toISOString() },
        history: i.responses.map((r) => ({ ...r, respondedAt: r.respondedAt.toISOString() })),
      };
    }),
    attendance,
    /** Each person once, whatever the number of devices they joined on; who is present now; the quorum. */
    ...presence,
    decisions: m.decisions.map((d) => ({ ...d, recordedAt: d.recordedAt.toISOString() })),
    /** The household: each child by case reference, with its decisions, conference clock and enquiry outcome. */
    children: m.children.map((c) => ({
      id: c.id,
      caseReference: c.case.reference,
      initials: c.initials,
      yearOfBirth: c.yearOfBirth,
      lead: c.position === 0,
      decided: m.decisions.some((d) => d.childId === c.id),
      conference: clocks.get(c.caseId) ?? null,
      enquiryOutcome: c.enquiryOutcome && {
        kind: c.enquiryOutcome.kind,
        summary: c.enquiryOutcome.summary,
        outcomeDate: c.enquiryOutcome.outcomeDate.toISOString().slice(0, 10),
        recordedAt: c.enquiryOutcome.recordedAt.toISOString(),
        recordedByName: c.enquiryOutcome.recordedBy.displayName,
      },
    })),
    actions: m.actions.map((a) => ({ id: a.id, description: a.description, ownerName: a.ownerName, owningAgencyId: a.owningAgency.id, owningAgencyName: a.owningAgency.name, dueDate: a.dueDate.toISOString().slice(0, 10), completedAt: a.completedAt?.toISOString() ?? null })),
    now: now.toISOString(),
  };
}
export type MeetingSnapshot = Awaited<ReturnType<typeof meetingSnapshot>>;
export type AgencyStanding = "ATTENDED" | "ATTENDING" | "DELEGATE" | "APOLOGIES" | "WRITTEN_CONTRIBUTION" | "CONVENING" | "NO_RESPONSE";

/** What the minutes, lists and figures say of an invited agency: attending supersedes any answer or none; the convening agency is never "no response". */
function standingOf(invitation: { attendedAt: Date | null; convening: boolean; responses: { kind: AgencyStanding }[] }): AgencyStanding {
  if (invitation.attendedAt) return "ATTENDED";
  return invitation.responses.at(-1)?.kind ?? (invitation.convening ? "CONVENING" : "NO_RESPONSE");
}

/** One meeting's state for someone who may see it; the read is audited. */
export async function getMeeting(services: Services, actor: Actor, meetingId: string, meta: { requestId?: string; via?: string } = {}) {
  return services.db.$transaction(async (tx) => {
    await loadVisibleMeeting(tx, actor, meetingId);
    await recordAudit(tx, actor, { action: "meeting.read", entityType: "meeting", entityId: meetingId, detail: meta.via ? { via: meta.via } : undefined }, meta.requestId);
    const snapshot = await meetingSnapshot(tx, meetingId, services.clock.now());
    const abilities = meetingAbilities(actor, { chairId: snapshot.chair.id });
    const caseIds = (await tx.meetingChild.findMany({ where: { meetingId }, select: { caseId: true } })).map((c) => c.caseId);
    const chain = await meetingChain(tx, actor, meetingId, caseIds);
    const isChair = abilities.isChair === true;
    // The chair sees the draft minutes; others only the approved text.
    const draft = isChair && !snapshot.minutes.circulatedAt ? ((await tx.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { minutes: true } })).minutes ?? snapshot.summary) : null;
    // Why the meeting is held, for invited agencies to prepare (decision 0022: more than the email says).
    const brief = await loadMeetingBrief(tx, meetingId);
    // The partner's request this meeting answers, for those who may see it (decision record 0020).
    const request = await tx.strategyDiscussionRequest.findUnique({ where: { meetingId }, select: { id: true, requestingAgencyId: true, requestingAgency: { select: { name: true } } } });
    const fromRequest = request && canSeeRequest(actor, request) ? { id: request.id, agencyName: request.requestingAgency.name } : null;
    return {
      ...snapshot,
      brief,
      fromRequest,
      chain,
      minutes: { ...snapshot.minutes, draft },
      viewer: { isChair: abilities.isChair === true, canRespondForOtherAgencies: abilities.canRespondForOtherAgencies, canRecordEnquiryOutcome: abilities.canRecordEnquiryOutcome, canConvene: abilities.canConvene, agencyId: actor.agencyId },
    };
  });
}

export async function listMeetings(services: Services, actor: Actor, input: z.input<typeof listMeetingsInputSchema> = {}, meta: { requestId?: string } = {}) {
  const { scope, urgency, search, page } = listMeetingsInputSchema.parse(input);
  const where: Prisma.StrategyMeetingWhereInput = {
    AND: [meetingFilter(actor), { status: scope === "closed" ? "CLOSED" : "SCHEDULED" }, urgency ? { urgency } : {}, search ? { children: { some: { case: { reference: { contains: search } } } } } : {}],
  };
  return services.db.$transaction(async (tx) => {
    // Upcoming: the soonest first (urgent first at the same time); closed: the most recent first.
    const orderBy: Prisma.StrategyMeetingOrderByWithRelationInput[] = scope === "closed" ? [{ scheduledStart: "desc" }, { id: "asc" }] : [{ scheduledStart: "asc" }, { urgency: "asc" }, { id: "asc" }];
    const found = await readPage(
      [
        {
          count: () => tx.strategyMeeting.count({ where }),
          find: (skip, take) =>
            tx.strategyMeeting.findMany({
              where,
              orderBy,
              skip,
              take,
              select: {
                id: true,
                urgency: true,
                scheduledStart: true,
                startedAt: true,
                dueBy: true,
                status: true,
                case: { select: { reference: true } },
                children: { orderBy: { position: "asc" }, select: { case: { select: { reference: true } } } },
                chair: { select: { displayName: true } },
                invitations: { select: { agencyId: true, required: true, convening: true, attendedAt: true, agency: { select: { name: true } }, responses: { orderBy: { position: "desc" }, take: 1, select: { kind: true } } } },
              },
            }),
        },
      ],
      page,
    );
    const rows = found.items;
    await recordAudit(tx, actor, { action: "meeting.list", entityType: "meeting", detail: { searched: search !== undefined, page: found.page, meetingIds: rows.map((r) => r.id) } }, meta.requestId);
    return mapPage(found, (row) => {
      const mine = row.invitations.find((i) => i.agencyId === actor.agencyId);
      return {
        id: row.id,
        caseReference: row.case.reference,
        /** Every child of the household, lead child first. */
        caseReferences: row.children.length ? row.children.map((c) => c.case.reference) : [row.case.reference],
        urgency: row.urgency,
        status: row.status,
        scheduledStart: row.scheduledStart.toISOString(),
        late: (row.startedAt ?? row.scheduledStart) > row.dueBy,
        chairName: row.chair.displayName,
        agencies: row.invitations.map((i) => ({ name: i.agency.name, required: i.required, response: i.responses[0]?.kind ?? null, standing: standingOf(i) })),
        myAgencyResponse: mine ? standingOf(mine) : null,
      };
    });
  });
}
