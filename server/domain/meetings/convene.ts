// Convening a strategy meeting: the clock from the decision, the required agencies
// (council social care, police, health), invitations with email and a calendar file.
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanConveneMeeting, describeChairRoles, meetingChairRoles, meetingChairsWhere } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { invalid, notFound } from "../errors";
import { addWorkingDays, fromLondon, londonDate, nextWorkingDay } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import { meetingDueWorkingDays } from "../settings/settings";
import { appendMeetingEvent } from "./timeline";
import { enqueueMeetingInvitations } from "./invitation-email";
import { AGENCY_KIND_SHORT, REQUIRED_AGENCY_KINDS } from "./labels";
import { conveneMeetingInputSchema, type ConveneMeetingInput } from "./schemas";
import { linkContactToCase } from "../front-door/contacts";
import { addMeetingChildren, householdCases, householdOf } from "./children";
import type { Db, Tx } from "../../db/connect";
import { caseFromRequest, markRequestConvened } from "./requests";
import { assertPromptedAgencies } from "./required-agencies";
import { formatUkDateTime } from "../calendar/uk-time";

const PAST_TOLERANCE_MS = 5 * 60_000;

/** The required kinds of agency that a set of invited agencies leaves out. */
export async function missingRequiredAgencies(db: Db | Tx, agencyIds: string[]) {
  const agencies = await db.agency.findMany({ where: { id: { in: agencyIds } }, select: { kind: true } });
  const kinds = new Set(agencies.map((a) => a.kind));
  return REQUIRED_AGENCY_KINDS.filter((kind) => !kinds.has(kind)).map((kind) => ({ kind, label: AGENCY_KIND_SHORT[kind] }));
}

/**
 * When a meeting is due: N working days (a partnership setting, default 1) after the decision;
 * an urgent meeting is due by the end of the decision's working day.
 */
export async function meetingDueBy(db: Db | Tx, decisionAt: Date, urgency: "URGENT" | "STANDARD"): Promise<Date> {
  const holidays = await loadBankHolidays(db);
  if (urgency === "URGENT") return fromLondon(nextWorkingDay(londonDate(decisionAt), holidays));
  return addWorkingDays(decisionAt, await meetingDueWorkingDays(db), holidays);
}

export async function conveneMeeting(services: Services, actor: Actor, input: ConveneMeetingInput, meta: { requestId?: string } = {}) {
  assertCanConveneMeeting(actor);
  const data = conveneMeetingInputSchema.parse(input);
  const { db, clock } = services;
  const now = clock.now();
  if (data.scheduledStart.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw invalid("The meeting cannot be in the past", { scheduledStart: "Enter a date and time in the future" });
  }
  // The household: one or more children, lead child first (see children.ts).
  const household = householdOf(data, now);

  const result = await db.$transaction(async (tx) => {
    // The case, and the decision time, from the contact when the meeting follows one.
    let caseId: string;
    let decisionAt = data.decisionAt;
    let contactId = data.contactId ?? null;
    // From a partner's request: the front door decides now, by convening (decision record 0020).
    // The lead child's reference, whether the form sent one child or the household.
    const fromRequest = data.requestId ? await caseFromRequest(tx, actor, data.requestId, household[0]?.caseReference, now, meta.requestId) : null;
    if (fromRequest) {
      caseId = fromRequest.caseId;
      contactId = fromRequest.contactId;
    } else if (data.contactId) {
      const contact = await tx.contact.findUnique({ where: { id: data.contactId }, select: { currentDecision: { select: { outcome: true, decidedAt: true } } } });
      if (!contact) throw notFound("That contact");
      if (contact.currentDecision?.outcome !== "STRATEGY_DISCUSSION") throw invalid("That contact's decision does not call for a strategy discussion.");
      // A partner's contact may not be linked to the council's case record yet: the meeting links it.
      const linked = await linkContactToCase(tx, actor, data.contactId, household[0]?.caseReference, now, meta.requestId);
      if (!linked) throw invalid("Enter the council's case reference for this child", { caseReference: "Enter the council's case reference" });
      caseId = linked;
      decisionAt ??= contact.currentDecision.decidedAt;
    } else {
      caseId = (await householdCases(tx, household.slice(0, 1), now))[0]!;
    }
    decisionAt ??= now;
    if (decisionAt.getTime() > now.getTime() + PAST_TOLERANCE_MS) throw invalid("The decision cannot be in the future", { decisionAt: "Enter a time that is not in the future" });

    const chair = await tx.user.findFirst({ where: { AND: [{ id: data.chairId }, await meetingChairsWhere(tx)] }, select: { id: true } });
    if (!chair) {
      const roles = describeChairRoles(await meetingChairRoles(tx));
      throw invalid(`The chair must be an active council social care ${roles}`, { chairId: `Choose a council ${roles} to chair` });
    }

    const agencyIds = [...new Set([actor.agencyId, ...data.agencyIds])];
    const agencies = await tx.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, kind: true } });
    if (agencies.length !== agencyIds.length) throw invalid("One of the chosen agencies does not exist", { agencyIds: "Choose agencies from the list" });
    const missing = await missingRequiredAgencies(tx, agencyIds);
    if (missing.length > 0 && !data.confirmMissingRequired) {
      const names = missing.map((m) => m.label).join(" and ");
      throw invalid(`A strategy meeting needs ${names}: invite them, or confirm you are sending without them.`, { agencyIds: `Invite ${names}` });
    }

    const facts = { childLookedAfter: data.childLookedAfter, suspectedInjuryOrInHospital: data.suspectedInjuryOrInHospital };
    const missingPrompted = await assertPromptedAgencies(tx, agencyIds, facts, data.confirmMissingPrompted);

    const dueBy = await meetingDueBy(tx, decisionAt, data.urgency);
    const late = data.scheduledStart > dueBy;
    if (late && !data.lateReason) {
      throw invalid("The meeting is later than it is due: give the reason", { lateReason: "Enter why the meeting cannot be held by its due date" });
    }

    const meeting = await tx.strategyMeeting.create({
      data: {
        caseId,
        contactId,
        urgency: data.urgency,
        decisionAt,
        dueBy,
        scheduledStart: data.scheduledStart,
        location: data.location ?? null,
        callLink: data.callLink ?? null,
        chairId: data.chairId,
        convenedById: actor.userId,
        convenedAt: now,
        lateReason: late ? data.lateReason : null,
        invitations: {
          create: agencies.map((a) => ({ agencyId: a.id, required: (REQUIRED_AGENCY_KINDS as readonly string[]).includes(a.kind), convening: a.id === actor.agencyId, invitedAt: now })),
        },
      },
      select: { id: true },
    });
    const caseIds = await addMeetingChildren(tx, meeting.id, caseId, household, now);
    await appendMeetingEvent(tx, meeting.id, "meeting.convened", { agencyIds, scheduledStart: data.scheduledStart.toISOString(), late, ...facts, ...(data.requestId ? { requestId: data.requestId } : {}) }, actor.userId, now);

    // The request is linked first: the invitation's brief gives its reasons (invitation-email.ts).
    const request = data.requestId ? await markRequestConvened(tx, actor, data.requestId, { id: meeting.id, when: formatUkDateTime(data.scheduledStart), url: `${services.settings.publicUrl ?? ""}/meetings/requests/${data.requestId}` }, now) : null;
    await enqueueMeetingInvitations(tx, services, { meetingId: meeting.id, agencyIds, now });
    await recordAudit(tx, actor, { action: "meeting.convene", entityType: "meeting", entityId: meeting.id, detail: { agencyIds, urgency: data.urgency, late, missingRequired: missing.map((m) => m.kind), missingPrompted, ...facts, requestId: data.requestId ?? null, caseIds } }, meta.requestId);
    return { meetingId: meeting.id, agencyIds, late, dueBy, request };
  });
  services.realtime.meetingChanged({ meetingId: result.meetingId, agencyIds: result.agencyIds, change: "convened" });
  if (result.request && data.requestId) services.realtime.discussionRequestChanged({ requestId: data.requestId, agencyId: result.request.requestingAgencyId, change: "convened" });
  return { meetingId: result.meetingId, late: result.late, dueBy: result.dueBy.toISOString() };
}

/** Who may chair: those who may convene and hold a chair role (a setting, access/chairs.ts). */
export async function listChairs(services: Services, actor: Actor) {
  assertCanConveneMeeting(actor);
  return services.db.user.findMany({
    where: await meetingChairsWhere(services.db),
    orderBy: { displayName: "asc" },
    select: { id: true, displayName: true, jobTitle: true },
  });
}

/** The agencies the convener may invite besides their own, each with the required part it plays, if any. */
export async function invitableAgencies(services: Services, actor: Actor) {
  assertCanConveneMeeting(actor);
  const agencies = await services.db.agency.findMany({ where: { id: { not: actor.agencyId } }, orderBy: [{ kind: "asc" }, { name: "asc" }], select: { id: true, name: true, kind: true } });
  const required = new Map<string, string>(REQUIRED_AGENCY_KINDS.map((kind) => [kind, AGENCY_KIND_SHORT[kind]]));
  return agencies.map((a) => ({ id: a.id, name: a.name, requiredAs: required.get(a.kind) ?? null }));
}

/** Before sending: which required agencies an invitation list leaves out (the convener's own agency is always invited). */
export async function checkRequiredAgencies(services: Services, actor: Actor, agencyIds: string[]) {
  assertCanConveneMeeting(actor);
  return missingRequiredAgencies(services.db, [...new Set([actor.agencyId, ...agencyIds])]);
}
