// A partner asks the council's front door for a strategy discussion (DOMAIN.md: "any professional,
// backed by their designated lead, may request one; children's social care decides whether to
// hold one"). The front door convenes a meeting from the request (convene.ts claims it in the
// same transaction) or declines it with reasons; the requester is told live and by email.
// Decision record 0020.
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanDecideRequest, assertCanRequestDiscussion, requestAbilities, requestFilter } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, invalid, notFound } from "../errors";
import { enqueueEmails } from "../mail/outbox";
import { MeetingUrgency } from "../../db/generated/enums";
import { findOrCreateCase, linkContactToCase } from "../front-door/contacts";
import { recordContactInputSchema, referrerReferenceSchema } from "../front-door/schemas";
import { freeText } from "../validation";
import { mapPage, pagingShape, readPage, type Segment } from "../lists/paging";
import type { Tx } from "../../db/connect";
import type { Prisma } from "../../db/generated/client";
import type { RequestStatus } from "./labels";

type Meta = { requestId?: string };

export const requestIdSchema = z.object({ requestId: z.uuid({ error: "That request was not found" }) });

export const requestDiscussionInputSchema = z
  .object({
    /** One of the requesting agency's own contacts about the child; or its own reference for the child. */
    contactId: z.uuid({ error: "That contact was not found" }).optional(),
    partnerReference: z.union([z.literal("").transform(() => undefined), referrerReferenceSchema]).optional(),
    initials: recordContactInputSchema.shape.initials,
    yearOfBirth: recordContactInputSchema.shape.yearOfBirth,
    urgency: z.enum(MeetingUrgency, { error: "Choose how urgent the discussion is" }),
    reason: freeText("the reason", { multiline: true, error: "Enter why a strategy discussion is needed" })
      .min(1, "Enter why a strategy discussion is needed")
      .max(4000, "Reason must be 4000 characters or fewer"),
    /** The designated lead who backs the request; the requester themselves if they are one. */
    backedById: z.union([z.literal("").transform(() => undefined), z.uuid({ error: "Choose your designated lead from the list" })]).optional(),
  })
  .refine((v) => v.contactId || v.partnerReference, { path: ["partnerReference"], message: "Enter your agency's reference for the child" });
export type RequestDiscussionInput = z.input<typeof requestDiscussionInputSchema>;

export const declineRequestInputSchema = z.object({
  requestId: z.uuid({ error: "That request was not found" }),
  reason: freeText("the reasons", { multiline: true, error: "Enter the reasons for declining" }).min(1, "Enter the reasons for declining").max(4000, "Reasons must be 4000 characters or fewer"),
});

const ANSWERED = "This request has already been answered. Reload the page to see the answer.";

/** The designated leads of the actor's agency who may back a request, and whether the actor is one. */
export async function requestBackers(services: Services, actor: Actor) {
  assertCanRequestDiscussion(actor);
  const leads = await services.db.user.findMany({
    where: { agencyId: actor.agencyId, isActive: true, designatedLead: true },
    orderBy: { displayName: "asc" },
    select: { id: true, displayName: true, jobTitle: true },
  });
  return { leads, actorIsLead: leads.some((l) => l.id === actor.userId) };
}

export async function requestDiscussion(services: Services, actor: Actor, input: RequestDiscussionInput, meta: Meta = {}) {
  assertCanRequestDiscussion(actor);
  const data = requestDiscussionInputSchema.parse(input);
  const { db, clock } = services;
  const now = clock.now();
  const result = await db.$transaction(async (tx) => {
    let contactId: string | null = null;
    if (data.contactId) {
      const contact = await tx.contact.findUnique({ where: { id: data.contactId }, select: { id: true, sourceAgencyId: true } });
      // A partner asks about its own agency's contacts only; any other looks like no contact at all.
      if (!contact || contact.sourceAgencyId !== actor.agencyId) throw notFound("That contact");
      contactId = contact.id;
    }
    const backers = await tx.user.findMany({ where: { agencyId: actor.agencyId, isActive: true, designatedLead: true }, select: { id: true } });
    const actorIsLead = backers.some((b) => b.id === actor.userId);
    const backedById = data.backedById ?? (actorIsLead ? actor.userId : undefined);
    if (!backedById) throw invalid("A request needs the support of your agency's designated lead: choose who supports it", { backedById: "Choose the designated lead who supports this request" });
    if (!backers.some((b) => b.id === backedById)) throw invalid("Choose a designated lead of your own agency", { backedById: "Choose a designated lead from the list" });
    const request = await tx.strategyDiscussionRequest.create({
      data: {
        requestingAgencyId: actor.agencyId,
        requestedById: actor.userId,
        backedById,
        requestedAt: now,
        contactId,
        partnerReference: data.partnerReference ?? null,
        childInitials: data.initials ?? null,
        childYearOfBirth: data.yearOfBirth ?? null,
        reason: data.reason,
        urgency: data.urgency,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "request.create", entityType: "discussion_request", entityId: request.id, detail: { urgency: data.urgency, contactId, backedById } }, meta.requestId);
    return request;
  });
  services.realtime.discussionRequestChanged({ requestId: result.id, agencyId: actor.agencyId, change: "requested" });
  return { requestId: result.id };
}

const requestSelect = {
  id: true,
  status: true,
  urgency: true,
  reason: true,
  requestedAt: true,
  partnerReference: true,
  childInitials: true,
  childYearOfBirth: true,
  contactId: true,
  requestingAgencyId: true,
  requestingAgency: { select: { name: true } },
  requestedBy: { select: { displayName: true, jobTitle: true } },
  backedBy: { select: { id: true, displayName: true, jobTitle: true } },
  decidedAt: true,
  decidedBy: { select: { displayName: true } },
  declineReason: true,
  meetingId: true,
  meeting: { select: { scheduledStart: true } },
  contact: { select: { referrerReference: true, childInitials: true, childYearOfBirth: true, sourceAgencyId: true, case: { select: { reference: true } } } },
} as const;

type RequestRow = Prisma.StrategyDiscussionRequestGetPayload<{ select: typeof requestSelect }>;

function present(actor: Actor, { contact, ...row }: RequestRow) {
  return {
    ...row,
    status: row.status as RequestStatus,
    reference: row.partnerReference ?? contact?.referrerReference ?? null,
    initials: row.childInitials ?? contact?.childInitials ?? null,
    yearOfBirth: row.childYearOfBirth ?? contact?.childYearOfBirth ?? null,
    /** The council's case reference, only for the front door (who links contacts to cases). */
    caseReference: contact && requestAbilities(actor).canDecide ? (contact.case?.reference ?? null) : null,
    requestedAt: row.requestedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    meeting: row.meeting ? { scheduledStart: row.meeting.scheduledStart.toISOString() } : null,
  };
}
export type RequestView = ReturnType<typeof present>;

export const listRequestsInputSchema = z.strictObject({ ...pagingShape }).default({ page: 1 });

/** A search matches the reference the viewer is shown: the partner's own, and for the front door also the council's case reference. */
function requestReferenceWhere(actor: Actor, search: string): Prisma.StrategyDiscussionRequestWhereInput {
  return {
    OR: [
      { partnerReference: { contains: search } },
      { contact: { is: { referrerReference: { contains: search } } } },
      ...(requestAbilities(actor).canDecide ? [{ contact: { is: { case: { is: { reference: { contains: search } } } } } }] : []),
    ],
  };
}

/**
 * The requests the actor may see, a page at a time with the total (decision 0024): the front door
 * sees all, a partner its own agency's. Waiting ones first (urgent first, then the longest
 * waiting), then answered ones, the latest answer first.
 */
export async function listRequests(services: Services, actor: Actor, input: z.input<typeof listRequestsInputSchema> = {}, meta: Meta = {}) {
  const { page, search } = listRequestsInputSchema.parse(input);
  const access = requestFilter(actor);
  const where = (status: Prisma.StrategyDiscussionRequestWhereInput): Prisma.StrategyDiscussionRequestWhereInput => ({ AND: [access, status, search ? requestReferenceWhere(actor, search) : {}] });
  const segment = (statusWhere: Prisma.StrategyDiscussionRequestWhereInput, orderBy: Prisma.StrategyDiscussionRequestOrderByWithRelationInput[]): Segment<RequestRow> => ({
    count: () => services.db.strategyDiscussionRequest.count({ where: where(statusWhere) }),
    find: (skip, take) => services.db.strategyDiscussionRequest.findMany({ where: where(statusWhere), orderBy, skip, take, select: requestSelect }),
  });
  const found = await readPage(
    [
      segment({ status: "PENDING" }, [{ urgency: "asc" }, { requestedAt: "asc" }, { id: "asc" }]),
      segment({ status: { not: "PENDING" } }, [{ decidedAt: "desc" }, { id: "asc" }]),
    ],
    page,
  );
  await services.db.$transaction(async (tx) => {
    await recordAudit(tx, actor, { action: "request.list", entityType: "discussion_request", detail: { searched: search !== undefined, page: found.page, requestIds: found.items.map((r) => r.id) } }, meta.requestId);
  });
  return { requests: mapPage(found, (r) => present(actor, r)), abilities: requestAbilities(actor) };
}

export async function getRequest(services: Services, actor: Actor, requestId: string, meta: Meta = {}) {
  // Someone who may see no request is told what a missing one would tell them.
  if (!requestAbilities(actor).canSee) throw notFound("That request");
  const where = requestFilter(actor);
  const row = await services.db.strategyDiscussionRequest.findFirst({ where: { id: requestId, ...where }, select: requestSelect });
  if (!row) throw notFound("That request");
  await services.db.$transaction(async (tx) => {
    await recordAudit(tx, actor, { action: "request.read", entityType: "discussion_request", entityId: requestId }, meta.requestId);
  });
  const abilities = requestAbilities(actor);
  const pending = row.status === "PENDING";
  return { ...present(actor, row), abilities: { canConvene: abilities.canDecide && pending, canDecline: abilities.canDecide && pending } };
}

/**
 * For convening from a request (inside convene's transaction): locks the request, so that of
 * parallel convenes and declines one wins and the others are told it was answered; finds the
 * case, linking the partner's contact or the reference the front door gives.
 */
export async function caseFromRequest(tx: Tx, actor: Actor, requestId: string, caseReference: string | undefined, now: Date, auditRequestId?: string) {
  assertCanDecideRequest(actor);
  const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM strategy_discussion_request WHERE id = ${requestId}::uuid FOR UPDATE`;
  if (!locked) throw notFound("That request");
  if (locked.status !== "PENDING") throw conflict(ANSWERED);
  const request = await tx.strategyDiscussionRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: { contactId: true, childInitials: true, childYearOfBirth: true, requestingAgencyId: true },
  });
  const enterReference = invalid("Enter the council's case reference for this child", { caseReference: "Enter the council's case reference" });
  if (request.contactId) {
    const caseId = await linkContactToCase(tx, actor, request.contactId, caseReference, now, auditRequestId);
    if (!caseId) throw enterReference;
    return { caseId, contactId: request.contactId, requestingAgencyId: request.requestingAgencyId };
  }
  if (!caseReference) throw enterReference;
  const caseId = await findOrCreateCase(tx, { reference: caseReference, initials: request.childInitials, yearOfBirth: request.childYearOfBirth }, now);
  return { caseId, contactId: null, requestingAgencyId: request.requestingAgencyId };
}

/** Marks the request convened by the meeting (the row is locked by caseFromRequest) and tells the requester by email. */
export async function markRequestConvened(tx: Tx, actor: Actor, requestId: string, meeting: { id: string; when: string; url: string }, now: Date) {
  const claimed = await tx.strategyDiscussionRequest.updateMany({ where: { id: requestId, status: "PENDING" }, data: { status: "CONVENED", meetingId: meeting.id, decidedById: actor.userId, decidedAt: now } });
  if (claimed.count !== 1) throw conflict(ANSWERED);
  const request = await tx.strategyDiscussionRequest.findUniqueOrThrow({ where: { id: requestId }, select: { requestingAgencyId: true, ...recipientsSelect } });
  await enqueueEmails(tx, answerEmails(request, `The council has convened a strategy meeting on ${meeting.when}. Your agency's invitation, if it is invited, comes separately.`, meeting.url), now);
  return { requestingAgencyId: request.requestingAgencyId };
}

export async function declineRequest(services: Services, actor: Actor, input: z.input<typeof declineRequestInputSchema>, meta: Meta = {}) {
  assertCanDecideRequest(actor);
  const data = declineRequestInputSchema.parse(input);
  const { db, clock } = services;
  const now = clock.now();
  const result = await db.$transaction(async (tx) => {
    // Of parallel declines and convenes, one claims the pending request; the others are told.
    const claimed = await tx.strategyDiscussionRequest.updateMany({
      where: { id: data.requestId, status: "PENDING" },
      data: { status: "DECLINED", declineReason: data.reason, decidedById: actor.userId, decidedAt: now },
    });
    if (claimed.count !== 1) {
      const exists = await tx.strategyDiscussionRequest.findUnique({ where: { id: data.requestId }, select: { id: true } });
      throw exists ? conflict(ANSWERED) : notFound("That request");
    }
    const request = await tx.strategyDiscussionRequest.findUniqueOrThrow({ where: { id: data.requestId }, select: { requestingAgencyId: true, ...recipientsSelect } });
    const url = `${services.settings.publicUrl ?? ""}/meetings/requests/${data.requestId}`;
    await enqueueEmails(tx, answerEmails(request, `The council has decided not to hold a strategy discussion. Its reasons:\n\n${data.reason}`, url), now);
    await recordAudit(tx, actor, { action: "request.decline", entityType: "discussion_request", entityId: data.requestId }, meta.requestId);
    return request;
  });
  services.realtime.discussionRequestChanged({ requestId: data.requestId, agencyId: result.requestingAgencyId, change: "declined" });
  return { requestId: data.requestId };
}

const recipientsSelect = {
  partnerReference: true,
  contact: { select: { referrerReference: true } },
  requestedBy: { select: { email: true, isActive: true } },
  backedBy: { select: { email: true, isActive: true } },
} as const;

/** One email to the requester and one to the lead who backed it (if someone else): the answer, the reference, a link. */
function answerEmails(
  request: { partnerReference: string | null; contact: { referrerReference: string | null } | null; requestedBy: { email: string; isActive: boolean }; backedBy: { email: string; isActive: boolean } },
  answer: string,
  url: string,
) {
  const reference = request.partnerReference ?? request.contact?.referrerReference;
  const to = [...new Set([request.requestedBy, request.backedBy].filter((u) => u.isActive).map((u) => u.email))];
  return to.map((address) => ({
    to: address,
    subject: `Your request for a strategy discussion${reference ? ` (${reference})` : ""}: the council's answer`,
    body: `${answer}\n\nSee the request in Concord:\n${url}\n\nThis email does not contain details of the child. Sign in to Concord to see them.`,
  }));
}
