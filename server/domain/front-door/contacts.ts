// Contacts to the council's front door and the threshold decisions on them.
// Visibility: council children's social care sees every contact; any other agency sees only the
// contacts it made. Every read of case-level data and every change is audited.
import type { z } from "zod";
import type { Prisma } from "../../db/generated/client";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import {
  assertCanDecideThreshold,
  assertCanRecordContactFor,
  assertCanSignOffThreshold,
  can,
  canSeeContact,
  contactFilter,
  contactReach,
  isCouncil,
} from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { addWorkingDays } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import { CLOSING_OUTCOMES, type ContactStatus } from "./labels";
import {
  contactIdInputSchema,
  listContactsInputSchema,
  recordContactInputSchema,
  recordDecisionInputSchema,
  signOffInputSchema,
  type RecordContactInput,
  type RecordDecisionInput,
} from "./schemas";

/** Working days the council has to decide on a contact. */
export const DECISION_WORKING_DAYS = 1;
/** Leeway for clocks that run a little ahead of the server's. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

type Meta = { requestId?: string };

const contactSelect = {
  id: true,
  receivedAt: true,
  recordedAt: true,
  decisionDueAt: true,
  channel: true,
  concernCategory: true,
  referrerLevel: true,
  referrerName: true,
  summary: true,
  sourceAgencyId: true,
  sourceAgency: { select: { name: true } },
  case: { select: { reference: true, initials: true, yearOfBirth: true } },
  recordedBy: { select: { displayName: true } },
  /** Every decision, first first: timeliness is measured by the first, even if a disagreement later changed it. */
  decisions: {
    orderBy: { decidedAt: "asc" },
    select: { id: true, levelApplied: true, outcome: true, decidedAt: true, decidedBy: { select: { displayName: true } }, signedOffAt: true, signedOffBy: { select: { displayName: true } }, disagreementId: true },
  },
  currentDecision: {
    select: {
      id: true,
      levelApplied: true,
      outcome: true,
      rationale: true,
      closureReason: true,
      decidedAt: true,
      decidedBy: { select: { id: true, displayName: true } },
      signedOffAt: true,
      signedOffBy: { select: { displayName: true } },
      disagreementId: true,
    },
  },
} satisfies Prisma.ContactSelect;

type ContactRow = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;

function present(row: ContactRow, now: Date) {
  const decision = row.currentDecision;
  const status: ContactStatus = !decision
    ? "AWAITING_DECISION"
    : !decision.signedOffAt
      ? "AWAITING_SIGN_OFF"
      : CLOSING_OUTCOMES.includes(decision.outcome)
        ? "CLOSED"
        : "DECIDED";
  return {
    id: row.id,
    caseReference: row.case.reference,
    initials: row.case.initials,
    yearOfBirth: row.case.yearOfBirth,
    sourceAgencyId: row.sourceAgencyId,
    sourceAgencyName: row.sourceAgency.name,
    referrerName: row.referrerName,
    recordedByName: row.recordedBy.displayName,
    receivedAt: row.receivedAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    channel: row.channel,
    concernCategory: row.concernCategory,
    referrerLevel: row.referrerLevel,
    summary: row.summary,
    status,
    timeliness: {
      decisionDueAt: row.decisionDueAt.toISOString(),
      /** true/false once decided; null while undecided. */
      decidedInTime: row.decisions[0] ? row.decisions[0].decidedAt <= row.decisionDueAt : null,
      overdue: !decision && now > row.decisionDueAt,
    },
    /** The decision history: the original, then any later decision a disagreement caused. */
    history: row.decisions.map((d) => ({
      id: d.id,
      levelApplied: d.levelApplied,
      outcome: d.outcome,
      decidedAt: d.decidedAt.toISOString(),
      decidedByName: d.decidedBy.displayName,
      signedOffAt: d.signedOffAt?.toISOString() ?? null,
      signedOffByName: d.signedOffBy?.displayName ?? null,
      disagreementId: d.disagreementId,
    })),
    decision: decision && {
      id: decision.id,
      levelApplied: decision.levelApplied,
      outcome: decision.outcome,
      rationale: decision.rationale,
      closureReason: decision.closureReason,
      decidedAt: decision.decidedAt.toISOString(),
      decidedById: decision.decidedBy.id,
      decidedByName: decision.decidedBy.displayName,
      signedOffAt: decision.signedOffAt?.toISOString() ?? null,
      signedOffByName: decision.signedOffBy?.displayName ?? null,
      /** Set when a disagreement's outcome changed the original decision. */
      disagreementId: decision.disagreementId,
    },
  };
}
export type ContactView = ReturnType<typeof present>;

export async function recordContact(services: Services, actor: Actor, input: RecordContactInput, meta: Meta = {}) {
  const data = recordContactInputSchema.parse(input);
  const sourceAgencyId = data.sourceAgencyId ?? actor.agencyId;
  assertCanRecordContactFor(actor, sourceAgencyId);
  const { db, clock } = services;
  const now = clock.now();
  if (data.receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw invalid("The contact cannot have been made in the future", { receivedAt: "Enter a date and time that is not in the future" });
  }
  const onBehalf = sourceAgencyId !== actor.agencyId;
  if (onBehalf && !data.referrerName) {
    throw invalid("Enter the name of the person who made the contact", { referrerName: "Enter the name of the person who made the contact" });
  }
  if (!onBehalf && data.channel !== "ONLINE") {
    throw invalid("Phone and email contacts are recorded by the council's front door on the referrer's behalf", { channel: "Choose 'Recorded in Concord'" });
  }

  const contact = await db.$transaction(async (tx) => {
    const agency = await tx.agency.findUnique({ where: { id: sourceAgencyId }, select: { id: true } });
    if (!agency) throw invalid("Choose the agency that made the contact", { sourceAgencyId: "That agency does not exist" });

    const existing = await tx.childCase.findUnique({ where: { reference: data.caseReference }, select: { id: true, initials: true, yearOfBirth: true } });
    // A reference that is already known must describe the same child: a mismatch is more
    // likely a mistyped reference than a new fact, and would attach the contact to the wrong child.
    if (existing && ((data.initials && existing.initials && data.initials !== existing.initials) || (data.yearOfBirth && existing.yearOfBirth && data.yearOfBirth !== existing.yearOfBirth))) {
      throw invalid("That case reference belongs to a child with different initials or year of birth. Check the reference.", { caseReference: "Check the case reference: it belongs to a child with different details" });
    }
    const childCase =
      existing ??
      (await tx.childCase.create({ data: { reference: data.caseReference, initials: data.initials, yearOfBirth: data.yearOfBirth, createdAt: now }, select: { id: true } }));
    if (existing && ((data.initials && !existing.initials) || (data.yearOfBirth && !existing.yearOfBirth))) {
      await tx.childCase.update({ where: { id: existing.id }, data: { initials: existing.initials ?? data.initials, yearOfBirth: existing.yearOfBirth ?? data.yearOfBirth } });
    }

    const holidays = await loadBankHolidays(tx);
    const created = await tx.contact.create({
      data: {
        caseId: childCase.id,
        sourceAgencyId,
        referrerName: data.referrerName ?? actor.displayName,
        referrerUserId: onBehalf ? null : actor.userId,
        receivedAt: data.receivedAt,
        channel: data.channel,
        concernCategory: data.concernCategory,
        referrerLevel: data.referrerLevel,
        summary: data.summary,
        recordedById: actor.userId,
        recordedAt: now,
        decisionDueAt: addWorkingDays(data.receivedAt, DECISION_WORKING_DAYS, holidays),
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "contact.record", entityType: "contact", entityId: created.id, detail: { sourceAgencyId, onBehalf } }, meta.requestId);
    return created;
  });
  services.realtime.contactChanged({ contactId: contact.id, sourceAgencyId, change: "recorded" });
  return { contactId: contact.id };
}

const STATUS_WHERE: Record<ContactStatus, Prisma.ContactWhereInput> = {
  AWAITING_DECISION: { currentDecisionId: null },
  AWAITING_SIGN_OFF: { currentDecision: { is: { signedOffAt: null } } },
  DECIDED: { currentDecision: { is: { signedOffAt: { not: null }, outcome: { notIn: [...CLOSING_OUTCOMES] } } } },
  CLOSED: { currentDecision: { is: { signedOffAt: { not: null }, outcome: { in: [...CLOSING_OUTCOMES] } } } },
};

export async function listContacts(services: Services, actor: Actor, input: z.input<typeof listContactsInputSchema> = {}, meta: Meta = {}) {
  const { status, limit } = listContactsInputSchema.parse(input);
  const where: Prisma.ContactWhereInput = { ...contactFilter(actor), ...(status ? STATUS_WHERE[status] : {}) };
  return services.db.$transaction(async (tx) => {
    const rows = await tx.contact.findMany({ where, orderBy: { receivedAt: "desc" }, take: limit, select: contactSelect });
    await recordAudit(tx, actor, { action: "contact.list", entityType: "contact", detail: { status: status ?? null, contactIds: rows.map((r) => r.id) } }, meta.requestId);
    const now = services.clock.now();
    return rows.map((row) => present(row, now));
  });
}

export async function getContact(services: Services, actor: Actor, input: z.input<typeof contactIdInputSchema>, meta: Meta = {}) {
  const { contactId } = contactIdInputSchema.parse(input);
  return services.db.$transaction(async (tx) => {
    const row = await tx.contact.findUnique({ where: { id: contactId }, select: contactSelect });
    // A contact outside the actor's agency is "not found": its existence is not disclosed.
    if (!row || !canSeeContact(actor, row)) throw notFound("That contact");
    await recordAudit(tx, actor, { action: "contact.read", entityType: "contact", entityId: contactId }, meta.requestId);
    return present(row, services.clock.now());
  });
}

export async function recordDecision(services: Services, actor: Actor, input: RecordDecisionInput, meta: Meta = {}) {
  const data = recordDecisionInputSchema.parse(input);
  assertCanDecideThreshold(actor);
  if (CLOSING_OUTCOMES.includes(data.outcome) && !data.closureReason) {
    throw invalid("Enter the reason for closing the contact", { closureReason: "Enter the reason for closing the contact" });
  }
  const { db, clock } = services;
  const contact = await db.contact.findUnique({ where: { id: data.contactId }, select: { id: true, sourceAgencyId: true } });
  if (!contact) throw notFound("That contact");
  await db.$transaction(async (tx) => {
    const decision = await tx.thresholdDecision.create({
      data: {
        contactId: contact.id,
        levelApplied: data.levelApplied,
        outcome: data.outcome,
        rationale: data.rationale,
        closureReason: data.closureReason ?? null,
        decidedById: actor.userId,
        decidedAt: clock.now(),
      },
      select: { id: true },
    });
    // Set the current decision only if there is none yet: of two racing deciders, one wins
    // and the other's decision row is rolled back with this transaction.
    const claimed = await tx.contact.updateMany({ where: { id: contact.id, currentDecisionId: null }, data: { currentDecisionId: decision.id } });
    if (claimed.count !== 1) throw conflict("A decision has already been recorded on this contact. Reload to see it.");
    await recordAudit(tx, actor, { action: "threshold.decide", entityType: "contact", entityId: contact.id, detail: { decisionId: decision.id, levelApplied: data.levelApplied, outcome: data.outcome } }, meta.requestId);
  });
  services.realtime.contactChanged({ contactId: contact.id, sourceAgencyId: contact.sourceAgencyId, change: "decided" });
  return { contactId: contact.id };
}

export async function signOffDecision(services: Services, actor: Actor, input: z.input<typeof signOffInputSchema>, meta: Meta = {}) {
  const { contactId, decisionId } = signOffInputSchema.parse(input);
  assertCanSignOffThreshold(actor);
  const { db, clock } = services;
  const contact = await db.contact.findUnique({
    where: { id: contactId },
    select: { id: true, sourceAgencyId: true, currentDecision: { select: { id: true, decidedById: true } } },
  });
  if (!contact) throw notFound("That contact");
  if (!contact.currentDecision) throw invalid("There is no decision to sign off yet.");
  if (contact.currentDecision.id !== decisionId) throw conflict("The decision has changed since you opened it. Reload and read it again before signing off.");
  // Management oversight means a second pair of eyes.
  if (contact.currentDecision.decidedById === actor.userId) throw forbidden("You cannot sign off your own decision. Ask another manager.");
  await db.$transaction(async (tx) => {
    const signed = await tx.thresholdDecision.updateMany({ where: { id: decisionId, signedOffAt: null }, data: { signedOffAt: clock.now(), signedOffById: actor.userId } });
    if (signed.count !== 1) throw conflict("This decision has already been signed off.");
    await recordAudit(tx, actor, { action: "threshold.sign_off", entityType: "contact", entityId: contactId, detail: { decisionId } }, meta.requestId);
  });
  services.realtime.contactChanged({ contactId, sourceAgencyId: contact.sourceAgencyId, change: "signed-off" });
  return { contactId };
}

export async function listThresholdLevels(services: Services) {
  return services.db.thresholdLevel.findMany({ orderBy: { level: "asc" }, select: { level: true, label: true, description: true } });
}

/** What the actor may do at the front door, so pages offer only the forms that will work. */
export function frontDoorAbilities(actor: Actor) {
  return {
    reach: contactReach(actor),
    canRecord: can(actor, "create", "contact"),
    canRecordOnBehalf: can(actor, "create", "contact") && isCouncil(actor),
    canDecide: isCouncil(actor) && can(actor, "decide", "threshold"),
    canSignOff: isCouncil(actor) && can(actor, "signoff", "threshold"),
  };
}
