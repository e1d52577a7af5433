// The records the access matrix (tests/integration/access-matrix.test.ts) asks about, each in a
// known state, built through the same tRPC callers a person would use, and the callers
// themselves: one session per demo user, reused for every row.
import { randomUUID } from "node:crypto";
import type { useHarness } from "./harness";
import { DEMO } from "./harness";
import { demoAgencies } from "./meetings";
import type { Caller } from "../../server/trpc/root";

type Harness = ReturnType<typeof useHarness>;
export type Who = "anonymous" | keyof typeof DEMO;
export const EVERYONE: readonly Who[] = ["anonymous", ...(Object.keys(DEMO) as (keyof typeof DEMO)[])];
export const SIGNED_IN: readonly Who[] = EVERYONE.filter((w) => w !== "anonymous");

/** How a caller stands to a record: the brief's relations, decided by the caller's agency. */
export type Relation = "own agency" | "party" | "invited" | "uninvolved" | "partnership" | "none";
type AgencyKey = "council" | "police" | "icb" | "riverside" | "partnership";
export const AGENCY_OF: Record<Exclude<Who, "anonymous">, AgencyKey> = {
  councilPractitioner: "council",
  councilManager: "council",
  councilServiceManager: "council",
  councilAdmin: "council",
  policePractitioner: "police",
  policeManager: "police",
  policeAdmin: "police",
  healthPractitioner: "icb",
  schoolDsl: "riverside",
  headTeacher: "riverside",
  chair: "partnership",
  businessManager: "partnership",
  systemAdmin: "partnership",
  councilAuditor: "council",
  policeAuditor: "police",
  healthAuditor: "icb",
  scrutineer: "partnership",
};

export interface RecordFixture {
  id: string;
  /** Each agency's relation to the record; agencies not named are uninvolved. */
  relations: Partial<Record<AgencyKey, Relation>>;
  /** Who may read the record at all (their refusals to act may say FORBIDDEN). */
  visibleTo: readonly Who[];
}

export function relationOf(record: RecordFixture | undefined, who: Who): Relation {
  if (!record || who === "anonymous") return "none";
  return record.relations[AGENCY_OF[who]] ?? "uninvolved";
}

export async function callersFor(h: Harness): Promise<Record<Who, Caller>> {
  const entries = await Promise.all(EVERYONE.map(async (who) => [who, (await h.caller(who === "anonymous" ? undefined : DEMO[who])).caller] as const));
  return Object.fromEntries(entries) as Record<Who, Caller>;
}

const FRONT_DOOR_READERS: Who[] = ["councilPractitioner", "councilManager", "councilServiceManager"];
const DISAGREEMENT_READERS: Who[] = ["schoolDsl", "headTeacher", ...FRONT_DOOR_READERS, "chair", "businessManager"];
const POLICE_MEETING_READERS: Who[] = [...FRONT_DOOR_READERS, "policePractitioner", "policeManager"];

export async function buildAccessFixture(h: Harness, callers: Record<Who, Caller>) {
  h.clock.set("2026-11-23T09:00:00Z"); // Monday
  const agencies = await demoAgencies(h);
  const maria = await h.actor(DEMO.councilManager);
  const { policePractitioner: police, schoolDsl: school, councilPractitioner: sam, councilManager: chair, policeAdmin: priya } = callers;
  let serial = 0;
  const next = () => String(++serial).padStart(6, "0");

  const contact = { receivedAt: new Date("2026-11-23T08:30:00Z"), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT" as const, referrerLevel: 3, summary: "Concern from the access matrix." };
  const freshPoliceContact = async () => (await police.contacts.record({ ...contact, referrerReference: `PPU/${next()}` })).contactId;
  /** A school contact the council closed with no further action (not yet signed off). */
  const freshDecidedSchoolContact = async () => {
    const { contactId } = await school.contacts.record({ ...contact, referrerReference: `RPS/${next()}` });
    await sam.contacts.decide({ contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Universal services.", closureReason: "School to monitor.", caseReference: `CSC-${next()}` });
    return contactId;
  };
  const raise = async (contactId: string) =>
    (await school.disagreements.raise({ contactId, subject: "OUTCOME", soughtOutcome: "A child-in-need assessment", reasons: "A pattern over two terms." })).disagreementId;
  const freshOpenDisagreement = async () => raise(await freshDecidedSchoolContact());
  const proposalOf = async (disagreementId: string) =>
    (await h.db.disagreementProposal.findFirst({ where: { disagreementId }, orderBy: { proposedAt: "desc" }, select: { id: true } }))?.id ?? randomUUID();
  /** An open disagreement on which the council has proposed an outcome, awaiting the school's answer. */
  const freshProposedDisagreement = async (outcome: "UPHELD" | "CHANGED" = "UPHELD") => {
    const disagreementId = await freshOpenDisagreement();
    await sam.disagreements.propose({ disagreementId, expectedVersion: 1, outcome, statement: "Both sides agree on the way forward." });
    return disagreementId;
  };
  /** Resolved by agreement: the council proposes, the school accepts. */
  const freshResolvedDisagreement = async (outcome: "UPHELD" | "CHANGED" = "UPHELD") => {
    const disagreementId = await freshProposedDisagreement(outcome);
    await school.disagreements.answer({ disagreementId, expectedVersion: 2, proposalId: await proposalOf(disagreementId), answer: "ACCEPT" });
    return disagreementId;
  };
  const freshChangedDisagreement = () => freshResolvedDisagreement("CHANGED");
  /** The current decision on a contact; any id at all for a contact that does not exist (the random-id probe). */
  const decisionOf = async (contactId: string) => (await h.db.contact.findUnique({ where: { id: contactId }, select: { currentDecisionId: true } }))?.currentDecisionId ?? randomUUID();
  /** A meeting the council convened, chaired by Maria, to which only the police are invited. */
  const freshPoliceMeeting = async () =>
    (
      await sam.meetings.convene({
        caseReference: `CSC-${next()}`,
        urgency: "STANDARD",
        scheduledStart: new Date("2026-11-23T14:00:00Z"),
        location: "MASH room",
        chairId: maria.userId,
        agencyIds: [agencies.police],
        confirmMissingRequired: true,
      })
    ).meetingId;
  /** The police meeting started (brought forward) with a decision recorded, ready to end. */
  const freshDecidedPoliceMeeting = async () => {
    const meetingId = await freshPoliceMeeting();
    await chair.meetings.start({ meetingId, earlyReason: "Everyone was available earlier." });
    await chair.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
    return meetingId;
  };
  /** The police meeting ended, its minutes not yet drafted. */
  const freshEndedPoliceMeeting = async () => {
    const meetingId = await freshDecidedPoliceMeeting();
    await chair.meetings.end({ meetingId });
    return meetingId;
  };
  /** The police meeting ended with its minutes drafted, awaiting the chair's approval. */
  const freshDraftedPoliceMeeting = async () => {
    const meetingId = await freshEndedPoliceMeeting();
    await chair.meetings.draftMinutes({ meetingId, minutes: "Joint enquiry agreed." });
    return meetingId;
  };
  /** A pending request for a strategy discussion from the police (Pat, backed by his sergeant Dan). */
  const freshPoliceRequest = async () => {
    const dan = await h.actor(DEMO.policeManager);
    return (await police.discussionRequests.create({ partnerReference: `NP/${next()}`, urgency: "STANDARD", reason: "Domestic abuse call-out; child present.", backedById: dan.userId })).requestId;
  };
  const freshPoliceUser = async () =>
    (await h.db.user.create({ data: { email: `matrix-${next()}@police.example.org`, displayName: "Matrix Officer", agencyId: agencies.police }, select: { id: true } })).id;

  /** A police practitioner's invitation sent by the police administrator, awaiting a second person's approval. */
  const freshPendingPoliceInvitation = async () =>
    (await priya.users.invite({ email: `matrix-invitee-${next()}@police.example.org`, displayName: "Matrix Invitee", roles: ["practitioner"] })).invitationId;
  /** A police account that was deactivated. */
  const freshDeactivatedPoliceUser = async () =>
    (await h.db.user.create({ data: { email: `matrix-${next()}@police.example.org`, displayName: "Former Officer", agencyId: agencies.police, isActive: false, deactivatedAt: h.clock.now() }, select: { id: true } })).id;

  /** A learning action owned by the police, set by the business manager from a theme (docs/decisions/0039). */
  const freshPoliceLearningAction = async () => {
    const theme = await h.db.theme.findFirstOrThrow({ where: { active: true }, select: { id: true } });
    return (await callers.businessManager.learningActions.create({ themeId: theme.id, title: "Brief duty sergeants on closures", description: "Every closure says who monitors.", owningAgencyId: agencies.police, dueOn: "2026-12-18" })).learningActionId;
  };

  const schoolContactId = await freshDecidedSchoolContact();
  // Ended, minuted and circulated: its minutes are open to the invited agencies.
  const closedMeetingId = await freshDraftedPoliceMeeting();
  await chair.meetings.approveMinutes({ meetingId: closedMeetingId });
  const meetingId = await freshPoliceMeeting();
  await chair.meetings.addAction({ meetingId, description: "Share the incident log", owningAgencyId: agencies.police, ownerName: "DC O'Brien", dueDate: "2026-11-30" });
  const action = await h.db.meetingAction.findFirstOrThrow({ where: { meetingId }, select: { id: true } });

  // Joint audit rounds (decision 0038) over a school contact of its own, decided on Friday 20 November
  // (the other records' contacts are decided today): council, police and health take part.
  h.clock.set("2026-11-20T11:00:00Z");
  const { contactId: auditedContactId } = await school.contacts.record({ ...contact, receivedAt: new Date("2026-11-20T10:30:00Z"), referrerReference: `RPS/${next()}` });
  await sam.contacts.decide({ contactId: auditedContactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Universal services.", closureReason: "School to monitor.", caseReference: `CSC-${next()}` });
  h.clock.set("2026-11-23T09:00:00Z");
  const jo = callers.businessManager;
  const auditAgencies = [agencies.council, agencies.police, agencies.icb];
  const freshGradingRound = async () =>
    (await jo.audits.create({ title: `Matrix audit ${next()}`, periodStart: "2026-11-20", periodEnd: "2026-11-20", sampleRule: "NO_FURTHER_ACTION", agencyIds: auditAgencies })).roundId;
  const itemOf = async (roundId: string) => (await h.db.auditItem.findFirst({ where: { roundId }, select: { id: true } }))?.id ?? randomUUID();
  /** Graded and submitted by all three agencies: in moderation. */
  const freshModerationRound = async () => {
    const roundId = await freshGradingRound();
    const itemId = await itemOf(roundId);
    for (const auditor of [callers.councilAuditor, callers.policeAuditor, callers.healthAuditor]) {
      await auditor.audits.grade({ itemId, levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: "Matrix grade." });
      await auditor.audits.submit({ roundId });
    }
    return roundId;
  };
  const moderationRoundId = await freshModerationRound();
  const moderationItemId = await itemOf(moderationRoundId);
  /** A finding about the moderated round's contact, not yet linked to a disagreement. */
  const freshFinding = async () => (await jo.audits.addFinding({ roundId: moderationRoundId, itemId: moderationItemId, summary: "The level applied overlooked repeated concerns.", themeIds: [] })).findingId;
  const gradingRoundId = await freshGradingRound();
  const AUDIT_READERS: Who[] = ["chair", "businessManager", "scrutineer", "councilAuditor", "policeAuditor", "healthAuditor"];
  const auditRelations = { council: "party", police: "party", icb: "party", partnership: "partnership" } as const;
  const policeContact: RecordFixture = { id: await freshPoliceContact(), relations: { police: "own agency", council: "party", partnership: "partnership" }, visibleTo: [...FRONT_DOOR_READERS, "policePractitioner", "policeManager"] };
  const schoolContact: RecordFixture = { id: schoolContactId, relations: { riverside: "own agency", council: "party", partnership: "partnership" }, visibleTo: [...FRONT_DOOR_READERS, "schoolDsl"] };
  const disagreementRelations = { riverside: "party", council: "party", partnership: "partnership" } as const;
  const records = {
    policeContact,
    schoolContact,
    openDisagreement: { id: await raise(schoolContactId), relations: disagreementRelations, visibleTo: DISAGREEMENT_READERS } as RecordFixture,
    resolvedDisagreement: { id: await freshResolvedDisagreement(), relations: disagreementRelations, visibleTo: DISAGREEMENT_READERS } as RecordFixture,
    policeMeeting: { id: meetingId, relations: { council: "own agency", police: "invited", partnership: "partnership" }, visibleTo: POLICE_MEETING_READERS } as RecordFixture,
    closedMeeting: { id: closedMeetingId, relations: { council: "own agency", police: "invited", partnership: "partnership" }, visibleTo: POLICE_MEETING_READERS } as RecordFixture,
    policeAction: { id: action.id, relations: { police: "own agency", council: "party", partnership: "partnership" }, visibleTo: POLICE_MEETING_READERS } as RecordFixture,
    policeRequest: { id: await freshPoliceRequest(), relations: { police: "own agency", council: "party", partnership: "partnership" }, visibleTo: POLICE_MEETING_READERS } as RecordFixture,
    policeUser: { id: await freshPoliceUser(), relations: { police: "own agency", partnership: "partnership" }, visibleTo: ["policeManager", "policeAdmin", "systemAdmin"] } as RecordFixture,
    pendingPoliceInvitation: { id: await freshPendingPoliceInvitation(), relations: { police: "own agency", partnership: "partnership" }, visibleTo: ["policeManager", "policeAdmin", "systemAdmin"] } as RecordFixture,
    deactivatedPoliceUser: { id: await freshDeactivatedPoliceUser(), relations: { police: "own agency", partnership: "partnership" }, visibleTo: ["policeManager", "policeAdmin", "systemAdmin"] } as RecordFixture,
    gradingRound: { id: gradingRoundId, relations: auditRelations, visibleTo: AUDIT_READERS } as RecordFixture,
    gradingItem: { id: await itemOf(gradingRoundId), relations: auditRelations, visibleTo: AUDIT_READERS } as RecordFixture,
    moderationRound: { id: moderationRoundId, relations: auditRelations, visibleTo: AUDIT_READERS } as RecordFixture,
    auditedContact: { id: auditedContactId, relations: { riverside: "own agency", council: "party", partnership: "partnership" }, visibleTo: [...FRONT_DOOR_READERS, "schoolDsl"] } as RecordFixture,
    moderationItem: { id: moderationItemId, relations: auditRelations, visibleTo: AUDIT_READERS } as RecordFixture,
    finding: { id: await freshFinding(), relations: auditRelations, visibleTo: AUDIT_READERS } as RecordFixture,
    policeLearningAction: { id: await freshPoliceLearningAction(), relations: { police: "own agency", partnership: "partnership" }, visibleTo: ["policeManager", "chair", "businessManager", "scrutineer"] } as RecordFixture,
  };
  const decisionId = (await sam.contacts.get({ contactId: schoolContactId })).decision!.id;
  /** An email the outbox gave up on. */
  const freshParkedEmail = async () =>
    (await h.db.outboxEmail.create({ data: { toAddress: "dan.hughes@police.example.org", subject: "Strategy meeting invitation", body: "Please answer in Concord.", createdAt: h.clock.now(), attempts: 5, parkedAt: h.clock.now(), lastError: "Mailbox unavailable" }, select: { id: true } })).id;
  /** A case the council knows, for a hold of its own. */
  const freshCase = async () => (await h.db.childCase.create({ data: { reference: `CSC-9${next()}` }, select: { reference: true } })).reference;
  /** A standing legal hold on a fresh case, placed by Maria. */
  const freshHold = async () => (await h.db.legalHold.create({ data: { case: { create: { reference: `CSC-8${next()}` } }, reason: "Litigation.", placedBy: { connect: { id: maria.userId } }, placedAt: h.clock.now() }, select: { id: true } })).id;
  const learningActionVersion = async (id: string) => (await h.db.learningAction.findUnique({ where: { id }, select: { version: true } }))?.version ?? 0;
  const version = async (disagreementId: string) => (await h.db.disagreement.findUnique({ where: { id: disagreementId }, select: { version: true } }))?.version ?? 1;
  /** A case the council holds (the police meeting's child), for the subject access export. */
  const caseReference = (await h.db.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { case: { select: { reference: true } } } })).case.reference;
  return {
    agencies,
    records,
    decisionId,
    caseReference,
    now: () => h.clock.now(),
    chairId: maria.userId,
    next,
    version,
    learningActionVersion,
    proposalOf,
    decisionOf,
    ladderAsSaved: async () => {
      const ladder = await sam.disagreements.ladder();
      const stages = ladder.stages.map((st) => ({ label: st.label, raisingActor: st.raisingActor, receivingActor: st.receivingActor, workingDays: st.workingDays, urgentWorkingDays: st.urgentWorkingDays }));
      return { stages, urgentCutoff: ladder.urgentCutoff, workingDayEnd: ladder.workingDayEnd };
    },
    fresh: { freshGradingRound, freshModerationRound, freshFinding, freshDecidedSchoolContact, freshProposedDisagreement: () => freshProposedDisagreement(), freshChangedDisagreement, freshPoliceContact, freshOpenDisagreement, freshResolvedDisagreement: () => freshResolvedDisagreement(), freshPoliceMeeting, freshDecidedPoliceMeeting, freshEndedPoliceMeeting, freshDraftedPoliceMeeting, freshPoliceRequest, freshPoliceUser, freshPendingPoliceInvitation, freshDeactivatedPoliceUser, freshParkedEmail, freshCase, freshHold, freshPoliceLearningAction },
    randomId: () => randomUUID(),
  };
}
export type AccessFixture = Awaited<ReturnType<typeof buildAccessFixture>>;
export type RecordName = keyof AccessFixture["records"];
