// Subject access (UK GDPR article 15; issue 16, item 2): everything Concord holds about one case
// reference, gathered for the council's data protection officer, as one document a person can
// read and print and as JSON. Entries a third party wrote or that name other people are marked
// for redaction review: Concord marks, a person decides (docs/decisions/0037). The export itself
// is audited, and is refused before any lookup to anyone who may not export, so a refusal says
// nothing about whether a reference exists.
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanExportCase, writtenByCaseHolder } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { DomainError } from "../errors";
import { caseReferenceSchema } from "../front-door/schemas";
import { CHANNEL_LABELS, CONCERN_LABELS, FEEDBACK_METHOD_LABELS, NO_CONSENT_GROUND_LABELS, OUTCOME_LABELS, consentSummary } from "../front-door/labels";
import { ENQUIRY_OUTCOME_LABELS, MEETING_DECISION_LABELS, RESPONSE_LABELS, URGENCY_LABELS } from "../meetings/labels";
import { DISAGREEMENT_OUTCOME_LABELS, EVENT_LABELS, RESOLUTION_LABELS, SUBJECT_LABELS } from "../disagreements/labels";
import { describeAuditAction } from "./access-log";

export const subjectAccessInputSchema = z.object({ caseReference: caseReferenceSchema });

type Meta = { requestId?: string };

/** Why an entry needs a person to look at it before it is disclosed; null when it does not. */
export type RedactionReview = string | null;

const REVIEW = {
  otherAgency: (agency: string) => `Written by ${agency}: a third party's information; ask them before disclosing it`,
  referrer: "Identifies the person who made the referral",
  otherChild: "About another child in the household",
  otherPeople: "May name or describe other people",
} as const;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function exportSubjectAccess(services: Services, actor: Actor, input: z.input<typeof subjectAccessInputSchema>, meta: Meta = {}) {
  assertCanExportCase(actor);
  const { caseReference } = subjectAccessInputSchema.parse(input);
  const { db, clock } = services;
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const child = await tx.childCase.findUnique({ where: { reference: caseReference }, select: { id: true, reference: true, initials: true, yearOfBirth: true, createdAt: true } });
    if (!child) {
      throw new DomainError("NOT_FOUND", `Concord holds nothing under case reference ${caseReference}. Check the reference: only the council's case references are held, not partners' own.`, {
        caseReference: `Concord holds nothing under case reference ${caseReference}`,
      });
    }
    const agencySelect = { select: { id: true, name: true, kind: true } } as const;
    const person = { select: { displayName: true, agency: { select: { name: true } } } } as const;

    const contacts = await tx.contact.findMany({
      where: { caseId: child.id },
      orderBy: { receivedAt: "asc" },
      select: {
        id: true,
        receivedAt: true,
        recordedAt: true,
        channel: true,
        concernCategory: true,
        referrerLevel: true,
        referrerName: true,
        referrerReference: true,
        childInitials: true,
        childYearOfBirth: true,
        summary: true,
        familyKnows: true,
        familyConsents: true,
        noConsentGround: true,
        noConsentExplanation: true,
        sourceAgency: agencySelect,
        recordedBy: person,
        decisions: { orderBy: { decidedAt: "asc" }, select: { id: true, levelApplied: true, outcome: true, rationale: true, closureReason: true, decidedAt: true, decidedBy: person, signedOffAt: true, signedOffBy: person } },
        referrerFeedback: { orderBy: { toldAt: "asc" }, select: { toldName: true, toldAt: true, method: true, recordedBy: person } },
      },
    });

    const meetingIds = (await tx.meetingChild.findMany({ where: { caseId: child.id }, select: { meetingId: true } })).map((m) => m.meetingId);
    const meetings = await tx.strategyMeeting.findMany({
      where: { id: { in: meetingIds } },
      orderBy: { scheduledStart: "asc" },
      select: {
        id: true,
        urgency: true,
        decisionAt: true,
        dueBy: true,
        scheduledStart: true,
        startedAt: true,
        endedAt: true,
        lateReason: true,
        summary: true,
        minutes: true,
        minutesCirculatedAt: true,
        chair: person,
        convenedBy: person,
        children: { orderBy: { position: "asc" }, select: { id: true, caseId: true, initials: true, yearOfBirth: true, case: { select: { reference: true } }, enquiryOutcome: { select: { kind: true, summary: true, outcomeDate: true, recordedAt: true } } } },
        invitations: {
          orderBy: { invitedAt: "asc" },
          select: {
            agency: agencySelect,
            required: true,
            convening: true,
            invitedAt: true,
            attendedAt: true,
            responses: { orderBy: { position: "asc" }, select: { kind: true, attendeeName: true, reason: true, contribution: true, respondedAt: true, respondedBy: person } },
          },
        },
        decisions: { orderBy: { recordedAt: "asc" }, select: { childId: true, kind: true, reason: true, recordedAt: true, recordedBy: person } },
        actions: { orderBy: { createdAt: "asc" }, select: { description: true, ownerName: true, dueDate: true, completedAt: true, owningAgency: agencySelect } },
      },
    });

    const contactIds = contacts.map((c) => c.id);
    const disagreements = await tx.disagreement.findMany({
      where: { OR: [{ caseId: child.id }, { contactId: { in: contactIds } }, { meetingId: { in: meetingIds } }] },
      orderBy: { raisedAt: "asc" },
      select: {
        id: true,
        subject: true,
        soughtOutcome: true,
        reasons: true,
        urgent: true,
        stage: true,
        status: true,
        outcome: true,
        resolution: true,
        outcomeStatement: true,
        raisedAt: true,
        resolvedAt: true,
        raisingAgency: agencySelect,
        receivingAgency: agencySelect,
        raisedBy: person,
        events: { orderBy: { seq: "asc" }, select: { type: true, stage: true, body: true, occurredAt: true, actor: { select: { displayName: true } }, actorAgency: agencySelect } },
      },
    });

    const records = [
      ...contactIds.map((id) => ({ entityType: "contact", entityId: id })),
      ...meetingIds.map((id) => ({ entityType: "meeting", entityId: id })),
      ...disagreements.map((d) => ({ entityType: "disagreement", entityId: d.id })),
      { entityType: "case", entityId: child.id },
    ];
    const audit = await tx.auditEvent.findMany({
      where: { OR: records },
      orderBy: { id: "asc" },
      select: { occurredAt: true, action: true, entityType: true, actorUser: { select: { displayName: true } }, actorAgency: { select: { name: true } } },
    });

    const thirdParty = (agency: { name: string; kind: Parameters<typeof writtenByCaseHolder>[0]["kind"] }): RedactionReview => (writtenByCaseHolder(agency) ? null : REVIEW.otherAgency(agency.name));
    const by = (p: { displayName: string; agency: { name: string } } | null) => (p ? `${p.displayName}, ${p.agency.name}` : null);

    const document = {
      caseReference: child.reference,
      exportedAt: now.toISOString(),
      exportedBy: `${actor.displayName}, ${actor.agencyName}`,
      child: { reference: child.reference, initials: child.initials, yearOfBirth: child.yearOfBirth, firstRecordedAt: child.createdAt.toISOString() },
      contacts: contacts.map((c) => ({
        id: c.id,
        receivedAt: c.receivedAt.toISOString(),
        recordedAt: c.recordedAt.toISOString(),
        recordedBy: by(c.recordedBy),
        how: CHANNEL_LABELS[c.channel],
        concern: CONCERN_LABELS[c.concernCategory],
        levelTheReferrerBelieved: c.referrerLevel,
        childAsReferred: { initials: c.childInitials, yearOfBirth: c.childYearOfBirth },
        referrer: { name: c.referrerName, agency: c.sourceAgency.name, theirReference: c.referrerReference, redactionReview: REVIEW.referrer as RedactionReview },
        summary: { text: c.summary, writtenBy: c.sourceAgency.name, redactionReview: thirdParty(c.sourceAgency) },
        consent:
          c.familyKnows === null || c.familyConsents === null
            ? null
            : {
                summary: consentSummary(c),
                familyKnows: c.familyKnows,
                familyConsents: c.familyConsents,
                ground: c.noConsentGround ? NO_CONSENT_GROUND_LABELS[c.noConsentGround] : null,
                explanation: c.noConsentExplanation,
                redactionReview: (c.familyConsents ? null : REVIEW.otherPeople) as RedactionReview,
              },
        decisions: c.decisions.map((d) => ({
          outcome: OUTCOME_LABELS[d.outcome],
          levelApplied: d.levelApplied,
          reasons: d.rationale,
          closureReason: d.closureReason,
          decidedAt: d.decidedAt.toISOString(),
          decidedBy: by(d.decidedBy),
          signedOffAt: iso(d.signedOffAt),
          signedOffBy: by(d.signedOffBy),
          redactionReview: null as RedactionReview,
        })),
        referrerTold: c.referrerFeedback.map((f) => ({ who: f.toldName, when: f.toldAt.toISOString(), how: FEEDBACK_METHOD_LABELS[f.method], recordedBy: by(f.recordedBy), redactionReview: REVIEW.referrer as RedactionReview })),
      })),
      meetings: meetings.map((m) => {
        const childName = new Map(m.children.map((ch) => [ch.id, ch.case.reference]));
        const thisChild = m.children.find((ch) => ch.caseId === child.id)!;
        return {
          id: m.id,
          urgency: URGENCY_LABELS[m.urgency],
          decidedNeededAt: m.decisionAt.toISOString(),
          dueBy: m.dueBy.toISOString(),
          scheduledStart: m.scheduledStart.toISOString(),
          startedAt: iso(m.startedAt),
          endedAt: iso(m.endedAt),
          lateReason: m.lateReason,
          chair: by(m.chair),
          convenedBy: by(m.convenedBy),
          children: m.children.map((ch) => ({
            reference: ch.case.reference,
            initials: ch.initials,
            yearOfBirth: ch.yearOfBirth,
            thisChild: ch.caseId === child.id,
            enquiryOutcome: ch.enquiryOutcome ? { outcome: ENQUIRY_OUTCOME_LABELS[ch.enquiryOutcome.kind], summary: ch.enquiryOutcome.summary, date: ch.enquiryOutcome.outcomeDate.toISOString().slice(0, 10) } : null,
            redactionReview: (ch.caseId === child.id ? null : REVIEW.otherChild) as RedactionReview,
          })),
          invitations: m.invitations.map((i) => ({
            agency: i.agency.name,
            required: i.required,
            convening: i.convening,
            invitedAt: i.invitedAt.toISOString(),
            attendedAt: iso(i.attendedAt),
            answers: i.responses.map((r) => ({
              answer: RESPONSE_LABELS[r.kind],
              attendee: r.attendeeName,
              reason: r.reason,
              contribution: r.contribution,
              answeredAt: r.respondedAt.toISOString(),
              answeredBy: by(r.respondedBy),
              redactionReview: (r.contribution || r.reason ? thirdParty(i.agency) : null) as RedactionReview,
            })),
          })),
          decisions: m.decisions.map((d) => ({
            child: childName.get(d.childId) ?? null,
            decision: MEETING_DECISION_LABELS[d.kind],
            reason: d.reason,
            recordedAt: d.recordedAt.toISOString(),
            recordedBy: by(d.recordedBy),
            redactionReview: (d.childId === thisChild.id ? null : REVIEW.otherChild) as RedactionReview,
          })),
          summary: m.summary ? { text: m.summary, redactionReview: (m.children.length > 1 ? REVIEW.otherChild : REVIEW.otherPeople) as RedactionReview } : null,
          minutes: m.minutes ? { text: m.minutes, circulatedAt: iso(m.minutesCirculatedAt), redactionReview: (m.children.length > 1 ? REVIEW.otherChild : REVIEW.otherPeople) as RedactionReview } : null,
          actions: m.actions.map((a) => ({ description: a.description, owner: `${a.ownerName}, ${a.owningAgency.name}`, dueDate: a.dueDate.toISOString().slice(0, 10), completedAt: iso(a.completedAt), redactionReview: thirdParty(a.owningAgency) })),
        };
      }),
      disagreements: disagreements.map((d) => ({
        id: d.id,
        subject: SUBJECT_LABELS[d.subject],
        raisedAt: d.raisedAt.toISOString(),
        raisedBy: by(d.raisedBy),
        between: `${d.raisingAgency.name} and ${d.receivingAgency.name}`,
        urgent: d.urgent,
        soughtOutcome: { text: d.soughtOutcome, redactionReview: thirdParty(d.raisingAgency) },
        reasons: { text: d.reasons, redactionReview: thirdParty(d.raisingAgency) },
        stageReached: d.stage,
        status: d.status === "OPEN" ? "Open" : "Resolved",
        outcome: d.outcome ? DISAGREEMENT_OUTCOME_LABELS[d.outcome] : null,
        resolution: d.resolution ? RESOLUTION_LABELS[d.resolution] : null,
        outcomeStatement: d.outcomeStatement ? { text: d.outcomeStatement, redactionReview: REVIEW.otherPeople as RedactionReview } : null,
        resolvedAt: iso(d.resolvedAt),
        timeline: d.events.map((e) => ({
          what: EVENT_LABELS[e.type] ?? e.type,
          stage: e.stage,
          text: e.body,
          by: e.actor ? `${e.actor.displayName}${e.actorAgency ? `, ${e.actorAgency.name}` : ""}` : "Concord",
          at: e.occurredAt.toISOString(),
          redactionReview: (e.body && e.actorAgency ? thirdParty(e.actorAgency) : null) as RedactionReview,
        })),
      })),
      /** Who saw or changed these records: the audit trail, oldest first (this export included). */
      accessLog: audit.map((e) => ({ when: e.occurredAt.toISOString(), who: e.actorUser?.displayName ?? "Concord", agency: e.actorAgency?.name ?? null, what: describeAuditAction(e.action), record: e.entityType })),
    };
    await recordAudit(
      tx,
      actor,
      { action: "case.subject_access_export", entityType: "case", entityId: child.id, detail: { contacts: contacts.length, meetings: meetings.length, disagreements: disagreements.length } },
      meta.requestId,
    );
    document.accessLog.push({ when: now.toISOString(), who: actor.displayName, agency: actor.agencyName, what: describeAuditAction("case.subject_access_export"), record: "case" });
    return { ...document, forRedactionReview: countForReview(document) };
  });
}
export type SubjectAccessDocument = Awaited<ReturnType<typeof exportSubjectAccess>>;

/** How many entries the document marks for redaction review, so the page can say so first. */
function countForReview(document: unknown): number {
  let count = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      if ("redactionReview" in value && (value as { redactionReview: unknown }).redactionReview) count += 1;
      Object.values(value).forEach(visit);
    }
  };
  visit(document);
  return count;
}
