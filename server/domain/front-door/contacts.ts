// Contacts to the council's front door and the threshold decisions on them.
// Visibility: council children's social care sees every contact; any other agency sees only the
// contacts it made. Every read of case-level data and every change is audited.
// A partner names the child by its own reference and the details it knows; only the front door
// links a contact to the council's case record, and only the front door sees that link, so the
// contact form can neither confirm nor deny that a reference or a child is known elsewhere
// (docs/decisions/0016).
import type { z } from "zod";
import { Prisma } from "../../db/generated/client";
import { preparedQuery, type Tx } from "../../db/connect";
import { transaction } from "../../db/transaction";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import {
  assertCanDecideThreshold,
  assertCanRecordContactFor,
  assertCanRecordFeedback,
  assertCanSignOffThreshold,
  canSeeContact,
  contactFilter,
  isFrontDoor,
} from "../access/policy";
import type { ThresholdOutcome } from "../../db/generated/enums";
import { recordAudit } from "../audit/audit";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { addWorkingDays } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import { CLOSING_OUTCOMES, type ContactStatus } from "./labels";
import { mapPage, PAGE_SIZE, type Page } from "../lists/paging";
import {
  contactIdInputSchema,
  listContactsInputSchema,
  recordContactInputSchema,
  recordDecisionInputSchema,
  recordFeedbackInputSchema,
  signOffInputSchema,
  type RecordContactInput,
  type RecordFeedbackInput,
  type RecordDecisionInput,
} from "./schemas";

/** Working days the council has to decide on a contact. */
export const DECISION_WORKING_DAYS = 1;
/** Leeway for clocks that run a little ahead of the server's. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

type Meta = { requestId?: string };

export const contactSelect = {
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
  referrerReference: true,
  childInitials: true,
  childYearOfBirth: true,
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

/** One contact's page adds the family's consent and the feedback to the referrer (lists do not need them). */
const contactDetailSelect = {
  ...contactSelect,
  familyKnows: true,
  familyConsents: true,
  noConsentGround: true,
  noConsentExplanation: true,
  referrerFeedback: { orderBy: { toldAt: "asc" }, select: { id: true, toldName: true, toldAt: true, method: true, recordedBy: { select: { displayName: true } } } },
} satisfies Prisma.ContactSelect;

export type ContactRow = Prisma.ContactGetPayload<{ select: typeof contactSelect }>;
type ContactDetailRow = Prisma.ContactGetPayload<{ select: typeof contactDetailSelect }>;

/**
 * The reference a viewer knows a contact's child by, wherever a contact is named (disagreements
 * too): the referring agency sees only its own reference; the front door and the partnership see
 * the council's case reference once linked.
 */
export function contactReferenceFor(actor: Actor, contact: { sourceAgencyId: string; referrerReference: string | null; case: { reference: string } | null }): string | null {
  if (!isFrontDoor(actor) && actor.agencyId === contact.sourceAgencyId) return contact.referrerReference;
  return contact.case?.reference ?? contact.referrerReference;
}

function present(row: ContactRow, now: Date, actor: Actor) {
  const linkedCase = isFrontDoor(actor) ? row.case : null;
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
    /** How this viewer knows the child: the council's case reference at the front door, else the referrer's own. */
    reference: linkedCase?.reference ?? row.referrerReference,
    /** The council's case record: null for everyone but the front door, and until it is linked. */
    caseReference: linkedCase?.reference ?? null,
    case: linkedCase,
    referrerReference: row.referrerReference,
    /** The child as the referrer described them. */
    initials: row.childInitials,
    yearOfBirth: row.childYearOfBirth,
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

function presentDetail(row: ContactDetailRow, now: Date, actor: Actor) {
  return {
    ...present(row, now, actor),
    /** Whether the family knows and agrees, and the ground when shared without consent; null on contacts recorded before it was asked. */
    consent:
      row.familyKnows === null || row.familyConsents === null
        ? null
        : { familyKnows: row.familyKnows, familyConsents: row.familyConsents, ground: row.noConsentGround, explanation: row.noConsentExplanation },
    /** Who at the referrer's end was told the decision, when and how. */
    feedback: row.referrerFeedback.map((f) => ({ id: f.id, toldName: f.toldName, toldAt: f.toldAt.toISOString(), method: f.method, recordedByName: f.recordedBy.displayName })),
  };
}

/**
 * Finds or creates the council's case record for a reference the front door gave. A known
 * reference must describe the same child: a mismatch is more likely a mistyped reference than a
 * new fact, and would attach the contact to the wrong child. Only the front door, which sees
 * every case, may reach this: for anyone else it would be an oracle.
 */
export async function findOrCreateCase(tx: Tx, child: { reference: string; initials?: string | null; yearOfBirth?: number | null }, now: Date) {
  const { reference } = child;
  const initials = child.initials ?? undefined;
  const yearOfBirth = child.yearOfBirth ?? undefined;
  // INSERT ... ON CONFLICT DO NOTHING: of several people naming the same new reference at once,
  // one creates the case; the others wait for it and then find it, so every contact is kept.
  const created = await tx.childCase.createManyAndReturn({ data: [{ reference, initials, yearOfBirth, createdAt: now }], skipDuplicates: true, select: { id: true } });
  if (created[0]) return created[0].id;
  const existing = await tx.childCase.findUniqueOrThrow({ where: { reference }, select: { id: true, initials: true, yearOfBirth: true } });
  if ((initials && existing.initials && initials !== existing.initials) || (yearOfBirth && existing.yearOfBirth && yearOfBirth !== existing.yearOfBirth)) {
    throw invalid("That case reference belongs to a child with different initials or year of birth. Check the reference.", { caseReference: "Check the case reference: it belongs to a child with different details" });
  }
  if ((initials && !existing.initials) || (yearOfBirth && !existing.yearOfBirth)) {
    await tx.childCase.update({ where: { id: existing.id }, data: { initials: existing.initials ?? initials, yearOfBirth: existing.yearOfBirth ?? yearOfBirth } });
  }
  return existing.id;
}

/**
 * Links a contact to the council's case record (the front door only), once. Used when the
 * council decides on a partner's contact or convenes a meeting from it. Returns the case id.
 */
export async function linkContactToCase(tx: Tx, actor: Actor, contactId: string, reference: string | undefined, now: Date, requestId?: string): Promise<string | null> {
  const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { caseId: true, childInitials: true, childYearOfBirth: true, case: { select: { reference: true } } } });
  if (!contact) throw notFound("That contact");
  if (!reference) return contact.caseId;
  if (!isFrontDoor(actor)) throw forbidden("Only the council's front door links a contact to a case record.");
  if (contact.case) {
    if (contact.case.reference !== reference) throw invalid(`This contact is already linked to case ${contact.case.reference}.`, { caseReference: `This contact is already linked to case ${contact.case.reference}` });
    return contact.caseId;
  }
  const caseId = await findOrCreateCase(tx, { reference, initials: contact.childInitials, yearOfBirth: contact.childYearOfBirth }, now);
  // Of two people linking at once, one wins; the other is told to reload.
  const linked = await tx.contact.updateMany({ where: { id: contactId, caseId: null }, data: { caseId } });
  if (linked.count !== 1) throw conflict("This contact has just been linked to a case. Reload to see it.");
  await recordAudit(tx, actor, { action: "contact.link_case", entityType: "contact", entityId: contactId, detail: { caseId } }, requestId);
  return caseId;
}

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
  const frontDoor = isFrontDoor(actor);
  // Refused on its face, whatever the reference: a partner's form never looks a case up.
  if (data.caseReference && !frontDoor) {
    throw invalid("Only the council's front door enters the council's case reference. Enter your own case reference.", { caseReference: "Enter your own case reference instead" });
  }
  if (!data.caseReference && !data.referrerReference) {
    throw frontDoor
      ? invalid("Enter the case reference", { caseReference: "Enter the case reference" })
      : invalid("Enter your case reference", { referrerReference: "Enter your case reference" });
  }

  const contact = await transaction(db, async (tx) => {
    const agency = await tx.agency.findUnique({ where: { id: sourceAgencyId }, select: { id: true } });
    if (!agency) throw invalid("Choose the agency that made the contact", { sourceAgencyId: "That agency does not exist" });

    const caseId = data.caseReference ? await findOrCreateCase(tx, { reference: data.caseReference, initials: data.initials, yearOfBirth: data.yearOfBirth }, now) : null;

    const holidays = await loadBankHolidays(tx);
    const created = await tx.contact.create({
      data: {
        caseId,
        referrerReference: data.referrerReference ?? null,
        childInitials: data.initials ?? null,
        childYearOfBirth: data.yearOfBirth ?? null,
        sourceAgencyId,
        referrerName: data.referrerName ?? actor.displayName,
        referrerUserId: onBehalf ? null : actor.userId,
        receivedAt: data.receivedAt,
        channel: data.channel,
        concernCategory: data.concernCategory,
        referrerLevel: data.referrerLevel,
        summary: data.summary,
        familyKnows: data.familyKnows,
        familyConsents: data.familyConsents,
        // Without JavaScript the ground's questions show under both answers: keep only the chosen answer's.
        noConsentGround: data.familyConsents ? null : (data.noConsentGround ?? null),
        noConsentExplanation: data.familyConsents ? null : (data.noConsentExplanation ?? null),
        recordedById: actor.userId,
        recordedAt: now,
        decisionDueAt: addWorkingDays(data.receivedAt, DECISION_WORKING_DAYS, holidays),
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "contact.record", entityType: "contact", entityId: created.id, detail: { sourceAgencyId, onBehalf, caseLinked: caseId !== null, familyConsents: data.familyConsents, noConsentGround: data.familyConsents ? null : (data.noConsentGround ?? null) } }, meta.requestId);
    return created;
  });
  services.realtime.contactChanged({ contactId: contact.id, sourceAgencyId, change: "recorded" });
  return { contactId: contact.id };
}

/** What each status means, as a Prisma `where` (the SQL list says the same: contactListWhere). */
export const CONTACT_STATUS_WHERE: Record<ContactStatus, Prisma.ContactWhereInput> = {
  AWAITING_DECISION: { currentDecisionId: null },
  AWAITING_SIGN_OFF: { currentDecision: { is: { signedOffAt: null } } },
  DECIDED: { currentDecision: { is: { signedOffAt: { not: null }, outcome: { notIn: [...CLOSING_OUTCOMES] } } } },
  CLOSED: { currentDecision: { is: { signedOffAt: { not: null }, outcome: { in: [...CLOSING_OUTCOMES] } } } },
};

/**
 * Contacts whose reference, as contactReferenceFor shows it to this viewer, contains `search`: a
 * search matches only what the viewer is shown. Callers combine it with their access filter
 * (contactFilter, disagreementFilter), so a search never finds, or counts, another agency's child.
 */
export function contactReferenceWhere(actor: Actor, search: string): Prisma.ContactWhereInput {
  const caseRef: Prisma.ContactWhereInput = { case: { is: { reference: { contains: search } } } };
  const theirs: Prisma.ContactWhereInput = { referrerReference: { contains: search } };
  if (isFrontDoor(actor)) return { OR: [caseRef, theirs] };
  return {
    OR: [
      { sourceAgencyId: actor.agencyId, ...theirs },
      { sourceAgencyId: { not: actor.agencyId }, OR: [caseRef, { case: { is: null }, ...theirs }] },
    ],
  };
}

/**
 * The contacts list in one statement (docs/decisions/0042-contacts-list-in-sql.md): both
 * segments' counts, the page number clamped to the last page, and the page's rows with their
 * decisions, in the order `readPage` gives the segments (awaiting a decision, most overdue first;
 * then the rest, newest first). The access filter is the policy's `contactFilter`, and the search
 * and status filters say in SQL what `contactReferenceWhere` and `STATUS_WHERE` say to Prisma
 * (including Prisma's `contains`, which does not escape `%` and `_`):
 * tests/integration/contacts-list-sql.test.ts compares every page, filter and search with the
 * Prisma query for every demo person.
 */
function contactListWhere(actor: Actor, input: { status?: ContactStatus; sourceAgencyId?: string; search?: string }): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const access = contactFilter(actor);
  if (access.sourceAgencyId !== undefined) parts.push(Prisma.sql`c.source_agency_id = ${access.sourceAgencyId}::uuid`);
  const closing = Prisma.join(CLOSING_OUTCOMES.map((o) => Prisma.sql`${o}::"ThresholdOutcome"`));
  switch (input.status) {
    case "AWAITING_DECISION":
      parts.push(Prisma.sql`c.current_decision_id IS NULL`);
      break;
    case "AWAITING_SIGN_OFF":
      parts.push(Prisma.sql`cd.id IS NOT NULL AND cd.signed_off_at IS NULL`);
      break;
    case "DECIDED":
      parts.push(Prisma.sql`cd.signed_off_at IS NOT NULL AND cd.outcome NOT IN (${closing})`);
      break;
    case "CLOSED":
      parts.push(Prisma.sql`cd.signed_off_at IS NOT NULL AND cd.outcome IN (${closing})`);
      break;
  }
  if (input.sourceAgencyId) parts.push(Prisma.sql`c.source_agency_id = ${input.sourceAgencyId}::uuid`);
  if (input.search) {
    const pattern = `%${input.search}%`;
    if (isFrontDoor(actor)) parts.push(Prisma.sql`(k.reference LIKE ${pattern} OR c.referrer_reference LIKE ${pattern})`);
    else
      parts.push(Prisma.sql`((c.source_agency_id = ${actor.agencyId}::uuid AND c.referrer_reference LIKE ${pattern})
        OR (c.source_agency_id <> ${actor.agencyId}::uuid AND (k.reference LIKE ${pattern} OR (c.case_id IS NULL AND c.referrer_reference LIKE ${pattern}))))`);
  }
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

interface ContactListRow {
  total: number;
  awaiting: number;
  skip: number;
  id: string | null;
  receivedAt: Date;
  recordedAt: Date;
  decisionDueAt: Date;
  channel: ContactRow["channel"];
  concernCategory: ContactRow["concernCategory"];
  referrerLevel: number;
  referrerName: string;
  summary: string;
  sourceAgencyId: string;
  sourceAgencyName: string;
  referrerReference: string | null;
  childInitials: string | null;
  childYearOfBirth: number | null;
  caseReference: string | null;
  caseInitials: string | null;
  caseYearOfBirth: number | null;
  recordedByName: string;
  cdId: string | null;
  cdLevelApplied: number;
  cdOutcome: ThresholdOutcome;
  cdRationale: string;
  cdClosureReason: string | null;
  cdDecidedAt: Date;
  cdDecidedById: string;
  cdDecidedByName: string;
  cdSignedOffAt: Date | null;
  cdSignedOffByName: string | null;
  cdDisagreementId: string | null;
  decisions: { id: string; levelApplied: number; outcome: ThresholdOutcome; decidedAt: string; decidedByName: string; signedOffAt: string | null; signedOffByName: string | null; disagreementId: string | null }[];
}

function toContactRow(r: ContactListRow): ContactRow {
  return {
    id: r.id!,
    receivedAt: r.receivedAt,
    recordedAt: r.recordedAt,
    decisionDueAt: r.decisionDueAt,
    channel: r.channel,
    concernCategory: r.concernCategory,
    referrerLevel: r.referrerLevel,
    referrerName: r.referrerName,
    summary: r.summary,
    sourceAgencyId: r.sourceAgencyId,
    sourceAgency: { name: r.sourceAgencyName },
    referrerReference: r.referrerReference,
    childInitials: r.childInitials,
    childYearOfBirth: r.childYearOfBirth,
    case: r.caseReference === null ? null : { reference: r.caseReference, initials: r.caseInitials, yearOfBirth: r.caseYearOfBirth },
    recordedBy: { displayName: r.recordedByName },
    decisions: r.decisions.map((d) => ({
      id: d.id,
      levelApplied: d.levelApplied,
      outcome: d.outcome,
      decidedAt: new Date(d.decidedAt),
      decidedBy: { displayName: d.decidedByName },
      signedOffAt: d.signedOffAt === null ? null : new Date(d.signedOffAt),
      signedOffBy: d.signedOffByName === null ? null : { displayName: d.signedOffByName },
      disagreementId: d.disagreementId,
    })),
    currentDecision:
      r.cdId === null
        ? null
        : {
            id: r.cdId,
            levelApplied: r.cdLevelApplied,
            outcome: r.cdOutcome,
            rationale: r.cdRationale,
            closureReason: r.cdClosureReason,
            decidedAt: r.cdDecidedAt,
            decidedBy: { id: r.cdDecidedById, displayName: r.cdDecidedByName },
            signedOffAt: r.cdSignedOffAt,
            signedOffBy: r.cdSignedOffByName === null ? null : { displayName: r.cdSignedOffByName },
            disagreementId: r.cdDisagreementId,
          },
  };
}

/** One page of the contacts list, read in one statement (see contactListWhere). */
export async function readContactPage(services: Services, actor: Actor, input: ContactPageInput, audit?: ContactListAudit): Promise<Page<ContactRow>> {
  const rows = await preparedQuery<ContactListRow>(services.db, contactPageSql(actor, input, audit));
  const first = rows[0]!;
  const total = first.total;
  return {
    items: first.id === null ? [] : rows.map(toContactRow),
    total,
    page: first.skip / PAGE_SIZE + 1,
    pageSize: PAGE_SIZE,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

type ContactPageInput = { status?: ContactStatus; sourceAgencyId?: string; search?: string; page: number };
/** The list's audit row, written by the same statement that reads the page. */
type ContactListAudit = { requestId?: string };

/**
 * The statement behind readContactPage (exported for EXPLAIN in bench/explain-contacts.ts). With
 * `audit`, it also appends the `contact.list` audit row that recordAudit would write for this
 * page (the same columns and detail: tests/integration/contacts-list-sql.test.ts compares them),
 * in the same statement: the row is written exactly when the page is read, and a failed insert
 * fails the read, with one round trip fewer.
 */
export function contactPageSql(actor: Actor, input: ContactPageInput, audit?: ContactListAudit): Prisma.Sql {
  const where = contactListWhere(actor, input);
  // The current decision and the case only when a filter needs them.
  const from = Prisma.sql`contact c${input.status && input.status !== "AWAITING_DECISION" ? Prisma.sql` LEFT JOIN threshold_decision cd ON cd.id = c.current_decision_id` : Prisma.empty}${input.search ? Prisma.sql` LEFT JOIN child_case k ON k.id = c.case_id` : Prisma.empty}`;
  return Prisma.sql`
    WITH counts AS (
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE c.current_decision_id IS NULL))::int AS awaiting FROM ${from} WHERE ${where}
    ), place AS (
      SELECT total, awaiting, (LEAST(GREATEST(${input.page}::int, 1), GREATEST(1, (total + ${PAGE_SIZE - 1}) / ${PAGE_SIZE})) - 1) * ${PAGE_SIZE} AS skip FROM counts
    ), page AS (
      -- Each segment from where this page starts in it, at most a page of it (a constant limit,
      -- so the planner expects a page of rows, not a tenth of the table); the first page's worth
      -- of both, awaiting first, is the page.
      SELECT * FROM (
        (SELECT c.id, 0 AS part, c.decision_due_at AS due, c.received_at AS received FROM ${from}
          WHERE ${where} AND c.current_decision_id IS NULL
          ORDER BY c.decision_due_at ASC, c.id ASC
          OFFSET (SELECT LEAST(skip, awaiting) FROM place) LIMIT ${PAGE_SIZE})
        UNION ALL
        (SELECT c.id, 1 AS part, c.decision_due_at, c.received_at FROM ${from}
          WHERE ${where} AND c.current_decision_id IS NOT NULL
          ORDER BY c.received_at DESC, c.id ASC
          OFFSET (SELECT GREATEST(0, skip - awaiting) FROM place) LIMIT ${PAGE_SIZE})
      ) both_parts
      ORDER BY part, (CASE WHEN part = 0 THEN due END) ASC, (CASE WHEN part = 1 THEN received END) DESC, id ASC
      LIMIT ${PAGE_SIZE}
    )${
      audit
        ? Prisma.sql`, audit AS (
      INSERT INTO audit_event (actor_user_id, actor_agency_id, action, entity_type, entity_id, detail, request_id)
      SELECT ${actor.userId}::uuid, ${actor.agencyId}::uuid, 'contact.list', 'contact', NULL,
        jsonb_build_object('status', ${input.status ?? null}::text, 'searched', ${input.search !== undefined}::boolean, 'page', place.skip / ${PAGE_SIZE} + 1,
          'contactIds', coalesce((SELECT jsonb_agg(p.id ORDER BY p.part, (CASE WHEN p.part = 0 THEN p.due END) ASC, (CASE WHEN p.part = 1 THEN p.received END) DESC, p.id ASC) FROM page p), '[]'::jsonb)),
        ${audit.requestId ?? null}::text
      FROM place
    )`
        : Prisma.empty
    }
    -- Few joins and one-table subqueries for the names: planning a join of nine tables cost more
    -- than running it.
    SELECT place.total, place.awaiting, place.skip,
      c.id, c.received_at AS "receivedAt", c.recorded_at AS "recordedAt", c.decision_due_at AS "decisionDueAt", c.channel, c.concern_category AS "concernCategory",
      c.referrer_level AS "referrerLevel", c.referrer_name AS "referrerName", c.summary, c.source_agency_id AS "sourceAgencyId",
      (SELECT a.name FROM agency a WHERE a.id = c.source_agency_id) AS "sourceAgencyName",
      c.referrer_reference AS "referrerReference", c.child_initials AS "childInitials", c.child_year_of_birth AS "childYearOfBirth",
      k.reference AS "caseReference", k.initials AS "caseInitials", k.year_of_birth AS "caseYearOfBirth",
      (SELECT u.display_name FROM app_user u WHERE u.id = c.recorded_by_id) AS "recordedByName",
      cd.id AS "cdId", cd.level_applied AS "cdLevelApplied", cd.outcome AS "cdOutcome", cd.rationale AS "cdRationale", cd.closure_reason AS "cdClosureReason",
      cd.decided_at AS "cdDecidedAt", cd.decided_by_id AS "cdDecidedById", (SELECT u.display_name FROM app_user u WHERE u.id = cd.decided_by_id) AS "cdDecidedByName",
      cd.signed_off_at AS "cdSignedOffAt", (SELECT u.display_name FROM app_user u WHERE u.id = cd.signed_off_by_id) AS "cdSignedOffByName", cd.disagreement_id AS "cdDisagreementId",
      (SELECT coalesce(json_agg(json_build_object('id', d.id, 'levelApplied', d.level_applied, 'outcome', d.outcome, 'decidedAt', d.decided_at,
          'decidedByName', (SELECT u.display_name FROM app_user u WHERE u.id = d.decided_by_id), 'signedOffAt', d.signed_off_at,
          'signedOffByName', (SELECT u.display_name FROM app_user u WHERE u.id = d.signed_off_by_id), 'disagreementId', d.disagreement_id)
          ORDER BY d.decided_at, d.id), '[]'::json)
        FROM threshold_decision d WHERE d.contact_id = c.id) AS decisions
    FROM place
    LEFT JOIN (page p
      JOIN contact c ON c.id = p.id
      LEFT JOIN child_case k ON k.id = c.case_id
      LEFT JOIN threshold_decision cd ON cd.id = c.current_decision_id) ON TRUE
    ORDER BY p.part, (CASE WHEN p.part = 0 THEN p.due END) ASC, (CASE WHEN p.part = 1 THEN p.received END) DESC, p.id ASC`;
}

export async function listContacts(services: Services, actor: Actor, input: z.input<typeof listContactsInputSchema> = {}, meta: Meta = {}) {
  const { status, sourceAgencyId, search, page } = listContactsInputSchema.parse(input);
  // One statement, no transaction: the counts, the page and the audit row agree, and a failed
  // insert means nothing is shown (docs/decisions/0032-api-request-cost.md, 0042-contacts-list-in-sql.md).
  // The audit row ({ status, searched, page, contactIds }, as recordAudit would write it) is
  // written by the statement that reads the page.
  const rows = await readContactPage(services, actor, { status, sourceAgencyId, search, page }, { requestId: meta.requestId });
  const now = services.clock.now();
  return mapPage(rows, (row) => present(row, now, actor));
}

export async function getContact(services: Services, actor: Actor, input: z.input<typeof contactIdInputSchema>, meta: Meta = {}) {
  const { contactId } = contactIdInputSchema.parse(input);
  return services.db.$transaction(async (tx) => {
    const row = await tx.contact.findUnique({ where: { id: contactId }, select: contactDetailSelect });
    // A contact outside the actor's agency is "not found": its existence is not disclosed.
    if (!row || !canSeeContact(actor, row)) throw notFound("That contact");
    await recordAudit(tx, actor, { action: "contact.read", entityType: "contact", entityId: contactId }, meta.requestId);
    return presentDetail(row, services.clock.now(), actor);
  });
}

/** A decision that closes a contact says why: the front door's rule, for first and changed decisions alike. */
export function assertClosureReasoned(decision: { outcome: ThresholdOutcome; closureReason?: string | null }): void {
  if (CLOSING_OUTCOMES.includes(decision.outcome) && !decision.closureReason) {
    throw invalid("Enter the reason for closing the contact", { closureReason: "Enter the reason for closing the contact" });
  }
}

/**
 * Write a threshold decision and make it the contact's current one, provided the current one is
 * still `expectedCurrentDecisionId` (null: none yet). Of two racing writers one wins; the other's
 * row is rolled back with its transaction and it gets `conflictMessage`.
 */
/** Lock a contact's row for this transaction; refuse with `message` if it already has a decision. */
async function lockUndecidedContact(tx: Tx, contactId: string, message: string) {
  const rows = await tx.$queryRaw<{ current_decision_id: string | null }[]>`SELECT current_decision_id FROM contact WHERE id = ${contactId}::uuid FOR UPDATE`;
  if (!rows[0]) throw notFound("That contact");
  if (rows[0].current_decision_id !== null) throw conflict(message);
}

export async function writeThresholdDecision(
  tx: Tx,
  actor: Actor,
  contactId: string,
  decision: { levelApplied: number; outcome: ThresholdOutcome; rationale: string; closureReason?: string | null },
  now: Date,
  options: { expectedCurrentDecisionId: string | null; conflictMessage: string; disagreementId?: string },
): Promise<{ id: string }> {
  const written = await tx.thresholdDecision.create({
    data: {
      contactId,
      levelApplied: decision.levelApplied,
      outcome: decision.outcome,
      rationale: decision.rationale,
      closureReason: decision.closureReason ?? null,
      decidedById: actor.userId,
      decidedAt: now,
      ...(options.disagreementId ? { disagreementId: options.disagreementId } : {}),
    },
    select: { id: true },
  });
  const swapped = await tx.contact.updateMany({ where: { id: contactId, currentDecisionId: options.expectedCurrentDecisionId }, data: { currentDecisionId: written.id } });
  if (swapped.count !== 1) throw conflict(options.conflictMessage);
  return written;
}

export async function recordDecision(services: Services, actor: Actor, input: RecordDecisionInput, meta: Meta = {}) {
  const data = recordDecisionInputSchema.parse(input);
  assertCanDecideThreshold(actor);
  assertClosureReasoned(data);
  const { db, clock } = services;
  const contact = await db.contact.findUnique({ where: { id: data.contactId }, select: { id: true, sourceAgencyId: true } });
  if (!contact) throw notFound("That contact");
  await transaction(db, async (tx) => {
    // Deciders of one contact queue here, on its row, before anything is written: the first
    // decides, the rest find its decision and are told. (Locking later, after inserting the
    // decision row, let two deciders each hold a share lock the other's update waited for.)
    await lockUndecidedContact(tx, contact.id, "A decision has already been recorded on this contact. Reload to see it.");
    await linkContactToCase(tx, actor, contact.id, data.caseReference, clock.now(), meta.requestId);
    // Only if there is no decision yet: of two racing deciders, one wins.
    const decision = await writeThresholdDecision(tx, actor, contact.id, data, clock.now(), {
      expectedCurrentDecisionId: null,
      conflictMessage: "A decision has already been recorded on this contact. Reload to see it.",
    });
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

/**
 * Records that the referrer was told the front door's decision: who, when and how (a phone call,
 * then in writing, may each be recorded). Only after a decision, and never dated before it.
 */
export async function recordReferrerFeedback(services: Services, actor: Actor, input: RecordFeedbackInput, meta: Meta = {}) {
  const data = recordFeedbackInputSchema.parse(input);
  assertCanRecordFeedback(actor);
  const { db, clock } = services;
  const now = clock.now();
  const contact = await db.contact.findUnique({ where: { id: data.contactId }, select: { id: true, sourceAgencyId: true, decisions: { orderBy: { decidedAt: "asc" }, take: 1, select: { decidedAt: true } } } });
  if (!contact || !canSeeContact(actor, contact)) throw notFound("That contact");
  const firstDecision = contact.decisions[0];
  if (!firstDecision) throw invalid("Record the decision before recording that the referrer was told it.");
  if (data.toldAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw invalid("The referrer cannot have been told in the future", { toldAt: "Enter a date and time that is not in the future" });
  }
  // Minute precision: the form has no seconds, so a decision at 10:15:30 may be told "at 10:15".
  if (data.toldAt.getTime() < firstDecision.decidedAt.getTime() - 60_000) {
    throw invalid("The referrer cannot have been told the decision before it was made", { toldAt: "Enter a date and time after the decision was made" });
  }
  const created = await db.$transaction(async (tx) => {
    const row = await tx.referrerFeedback.create({ data: { contactId: contact.id, toldName: data.toldName, toldAt: data.toldAt, method: data.method, recordedById: actor.userId, recordedAt: now }, select: { id: true } });
    await recordAudit(tx, actor, { action: "contact.referrer_told", entityType: "contact", entityId: contact.id, detail: { feedbackId: row.id, method: data.method } }, meta.requestId);
    return row;
  });
  services.realtime.contactChanged({ contactId: contact.id, sourceAgencyId: contact.sourceAgencyId, change: "decided" });
  return { contactId: contact.id, feedbackId: created.id };
}
