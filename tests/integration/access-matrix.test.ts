// The access matrix: for every tRPC procedure, every client socket event and every Remix route,
// which callers may use it and which are refused, and how. The lists of procedures, events and
// routes are read from the code (the router, the socket contract, app/routes), so a new one
// without a row here fails the test. For a record, the caller's relation to it (own agency,
// invited, party, uninvolved, partnership) comes from the caller's agency; a refused read, and
// any refusal to someone who cannot see the record, must look exactly like a random id.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { appRouter, type Caller } from "../../server/trpc/root";
import { clientPayloadSchemas } from "../../server/realtime/events";
import { navigationAbilities } from "../../server/domain/access/policy";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { startSession } from "../../server/domain/auth/sessions";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, refused, type ClientSocket } from "../support/live-server";
import { buildAccessFixture, callersFor, relationOf, EVERYONE, SIGNED_IN, type AccessFixture, type RecordName, type Who } from "../support/access-fixture";

const h = useHarness();
const live = useLiveServer(h);

const FRONT_DOOR: Who[] = ["councilPractitioner", "councilManager", "councilServiceManager"];
const CASE_WORKERS: Who[] = [...FRONT_DOOR, "policePractitioner", "policeManager", "healthPractitioner", "schoolDsl", "headTeacher"];
const PRACTITIONERS: Who[] = ["councilPractitioner", "policePractitioner", "healthPractitioner", "schoolDsl", "headTeacher"];
const FIGURES: Who[] = ["councilManager", "councilServiceManager", "policeManager", "chair", "businessManager", "scrutineer"];
/** Every agency's figures, the joint audit's figures and the yearly report (decision 0040). */
const PARTNERSHIP_READERS: Who[] = ["chair", "businessManager", "scrutineer"];
const PEOPLE_ADMINS: Who[] = ["councilAdmin", "policeAdmin", "businessManager", "systemAdmin"];
const SYSTEM_ADMIN: Who[] = ["systemAdmin"];
/** Agency administrators (their own agency's single sign-on) and the system administrator (any agency's). */
const AGENCY_ADMINS: Who[] = ["councilAdmin", "policeAdmin", "businessManager", "systemAdmin"];
const DISAGREEMENT_PARTIES: Who[] = ["schoolDsl", "headTeacher", ...FRONT_DOOR];
/** The school's side of the disagreement the fixture raises (it raised it). */
const RAISING_SCHOOL: Who[] = ["schoolDsl", "headTeacher"];
const MEETING_CHAIR: Who[] = ["councilManager"];
const POLICE_MEETING: Who[] = [...FRONT_DOOR, "policePractitioner", "policeManager"];
/** Partners' practitioners and managers ask the council for a strategy discussion; the front door does not ask itself. */
/** Who exports a case for a subject access request: council managers and the system administrator. */
const CASE_EXPORTERS: Who[] = ["councilManager", "councilServiceManager", "systemAdmin"];
/** Who reads their own agency's access log: its managers and administrators. */
const ACCESS_LOG_READERS: Who[] = ["councilManager", "councilServiceManager", "councilAdmin", "policeManager", "policeAdmin", "businessManager"];
const REQUESTERS: Who[] = ["policePractitioner", "policeManager", "healthPractitioner", "schoolDsl", "headTeacher"];
/** Legal holds: the council's managers and the system administrator (decision 0036). */
const HOLDERS: Who[] = ["councilManager", "councilServiceManager", "systemAdmin"];
/** The access review: each agency's managers and administrators, for their own agency. */
const REVIEWERS: Who[] = ["councilManager", "councilServiceManager", "councilAdmin", "policeManager", "policeAdmin", "businessManager"];
/** Learning actions (decision 0039): the partnership sets them; every agency's managers read and complete their own; the scrutineer reads all. */
const LEARNING_SETTERS: Who[] = ["chair", "businessManager"];
const LEARNING_READERS: Who[] = ["councilManager", "councilServiceManager", "policeManager", ...LEARNING_SETTERS, "scrutineer"];
const POLICE_LEARNING_READERS: Who[] = ["policeManager", ...LEARNING_SETTERS, "scrutineer"];

/** Joint audit rounds (decision 0038): the partnership and the scrutineer read every round; each taking-part agency's auditor reads its rounds. */
const AUDIT_READERS: Who[] = ["chair", "businessManager", "scrutineer", "councilAuditor", "policeAuditor", "healthAuditor"];
const AUDIT_MANAGERS: Who[] = ["chair", "businessManager"];
const AUDITORS: Who[] = ["councilAuditor", "policeAuditor", "healthAuditor"];
/** A finding about a contact: raised as a disagreement by a partner agency's auditor (not the council, which decided). */
const PARTNER_AUDITORS: Who[] = ["policeAuditor", "healthAuditor"];

/** The police's single sign-on, set up (again) so that switching it off can succeed. */
async function policeSingleSignOn(fx: AccessFixture): Promise<string> {
  const { caller } = await h.caller(DEMO.systemAdmin);
  await caller.identityProviders.save({ agencyId: fx.agencies.police, issuer: "https://login.microsoftonline.com/police-tenant/v2.0", clientId: "concord", clientSecret: "matrix-secret", domains: "police.example.org" });
  return fx.agencies.police;
}

interface ProcedureRow {
  /** The record the call is about, in the state the fixture gives it. */
  record?: RecordName;
  /** A new record in that state for each allowed caller, where a success would change the state (refusals change nothing). */
  fresh?: (fx: AccessFixture) => Promise<string>;
  input?: (fx: AccessFixture, id: string) => unknown;
  allow: readonly Who[];
  /** A read of a record: every refusal is NOT_FOUND, exactly as for a random id. */
  read?: boolean;
  /** Needs no sign-in: every caller gets the same answer. */
  public?: boolean;
  /** The call ends the caller's session: it gets a session of its own. */
  ownSession?: boolean;
  /** Refusals that do not yet look like a random id, and why; remove the entry when fixed. */
  known?: Partial<Record<Who, { code: string; issue: string }>>;
}


/** Public steps of signing in that refuse (401) whoever lacks what the step checks: a password, a pending sign-in. */
const SIGN_IN_STEPS = ["auth.login", "auth.verifySecondFactor", "auth.confirmEnrolment"];

const PROCEDURES: Record<string, ProcedureRow> = {
  "auth.me": { public: true, allow: EVERYONE },
  "auth.login": { public: true, allow: EVERYONE, input: () => ({ email: DEMO.systemAdmin, password: DEMO_PASSWORD }) },
  "auth.logout": { allow: SIGNED_IN, ownSession: true },
  "auth.logoutEverywhere": { allow: SIGNED_IN, ownSession: true },
  "auth.sessionLifetimes": { allow: SYSTEM_ADMIN },
  "auth.setSessionLifetimes": { allow: SYSTEM_ADMIN, input: () => ({ idleMinutes: 30, absoluteHours: 12 }) },
  // The second step of a two-factor sign-in reads only the pending sign-in's cookie: no caller here has one.
  "auth.pendingSignIn": { public: true, allow: EVERYONE },
  "auth.verifySecondFactor": { public: true, allow: EVERYONE, input: () => ({ code: "123456" }) },
  "auth.confirmEnrolment": { public: true, allow: EVERYONE, input: () => ({ code: "123456" }) },
  "auth.reauthenticationMethods": { allow: SIGNED_IN },
  "auth.confirmItsYou": { allow: SIGNED_IN, input: () => ({ password: DEMO_PASSWORD }) },
  "auth.secondFactorPolicy": { allow: SYSTEM_ADMIN },
  "auth.setSecondFactorPolicy": { allow: SYSTEM_ADMIN, input: () => ({ everyone: "no" }) },
  "users.list": { allow: ["councilManager", "councilServiceManager", "policeManager", ...PEOPLE_ADMINS], input: () => ({}) },
  "users.invite": { allow: PEOPLE_ADMINS, input: (fx) => ({ email: `invitee-${fx.next()}@example.org`, displayName: "New Person", roles: ["practitioner"] }) },
  "users.approveInvitation": {
    record: "pendingPoliceInvitation",
    fresh: (fx) => fx.fresh.freshPendingPoliceInvitation(),
    input: (_fx, invitationId) => ({ invitationId }),
    // Never the inviter (the police administrator); a manager of the agency or a system administrator.
    allow: ["policeManager", "systemAdmin"],
  },
  "users.withdrawInvitation": {
    record: "pendingPoliceInvitation",
    fresh: (fx) => fx.fresh.freshPendingPoliceInvitation(),
    input: (_fx, invitationId) => ({ invitationId }),
    // Whoever may send it: the police administrator (who sent it) or a system administrator.
    allow: ["policeAdmin", "systemAdmin"],
  },
  "users.reactivate": {
    record: "deactivatedPoliceUser",
    fresh: (fx) => fx.fresh.freshDeactivatedPoliceUser(),
    input: (_fx, userId) => ({ userId }),
    allow: ["policeAdmin", "systemAdmin"],
  },
  // The police user has no authenticator app: the system administrator is allowed, and told so (409).
  "users.resetSecondFactor": {
    record: "policeUser",
    input: (_fx, userId) => ({ userId }),
    allow: SYSTEM_ADMIN,
  },
  "users.deactivate": {
    record: "policeUser",
    fresh: (fx) => fx.fresh.freshPoliceUser(),
    input: (_fx, userId) => ({ userId }),
    allow: ["policeAdmin", "systemAdmin"],
  },
  "invitations.describe": { public: true, allow: EVERYONE, input: () => ({ token: "t".repeat(43) }) },
  "invitations.accept": { public: true, allow: EVERYONE, input: () => ({ token: "t".repeat(43), password: "a long enough passphrase", confirmPassword: "a long enough passphrase" }) },
  "sso.organisations": { public: true, allow: EVERYONE },
  // No agency in the fixture has single sign-on: everyone is told to use their password.
  "sso.start": { public: true, allow: EVERYONE, input: () => ({ email: DEMO.policePractitioner }) },
  "sso.complete": { public: true, allow: EVERYONE, input: () => ({ query: "?code=abc&state=never-issued", browserKey: null }) },
  "identityProviders.agencies": { allow: AGENCY_ADMINS },
  "identityProviders.get": { input: (fx) => ({ agencyId: fx.agencies.police }), allow: ["policeAdmin", "systemAdmin"] },
  "identityProviders.save": {
    input: (fx) => ({ agencyId: fx.agencies.police, issuer: "https://login.microsoftonline.com/police-tenant/v2.0", clientId: "concord", clientSecret: "matrix-secret", domains: "police.example.org" }),
    allow: ["policeAdmin", "systemAdmin"],
  },
  "identityProviders.remove": { fresh: (fx) => policeSingleSignOn(fx), input: (fx) => ({ agencyId: fx.agencies.police }), allow: ["policeAdmin", "systemAdmin"] },
  "agencies.list": { allow: SIGNED_IN },
  "audit.list": { allow: SYSTEM_ADMIN, input: () => ({}) },
  "mail.parked": { allow: SYSTEM_ADMIN },
  "mail.resend": { fresh: (fx) => fx.fresh.freshParkedEmail(), input: (_fx, emailId) => ({ emailId: emailId || "00000000-0000-4000-8000-000000000000" }), allow: SYSTEM_ADMIN },
  "home.forRole": { allow: PRACTITIONERS, input: () => ({ role: "practitioner" }) },
  "home.taskCount": { allow: SIGNED_IN },

  "contacts.list": { allow: CASE_WORKERS, input: () => ({}) },
  "contacts.get": { record: "policeContact", read: true, input: (_fx, contactId) => ({ contactId }), allow: [...FRONT_DOOR, "policePractitioner", "policeManager"] },
  "contacts.record": { allow: CASE_WORKERS, input: (fx) => ({ referrerReference: `REF/${fx.next()}`, receivedAt: new Date("2026-11-23T08:00:00Z"), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT", referrerLevel: 2, summary: "Matrix." }) },
  "contacts.decide": { record: "policeContact", fresh: (fx) => fx.fresh.freshPoliceContact(), input: (_fx, contactId) => ({ contactId, levelApplied: 2, outcome: "STEP_DOWN_EARLY_HELP", rationale: "Early help.", closureReason: "Family hub." }), allow: FRONT_DOOR },
  "contacts.signOff": { record: "schoolContact", fresh: (fx) => fx.fresh.freshDecidedSchoolContact(), input: async (fx, contactId) => ({ contactId, decisionId: await fx.decisionOf(contactId) }), allow: ["councilManager", "councilServiceManager"] },
  "contacts.abilities": { allow: SIGNED_IN },
  "contacts.recordFeedback": { record: "schoolContact", input: (fx, contactId) => ({ contactId, toldName: "Dee Walker", toldAt: fx.now(), method: "PHONE" }), allow: FRONT_DOOR },

  "dataProtection.abilities": { allow: SIGNED_IN },
  "dataProtection.subjectAccess": { allow: CASE_EXPORTERS, input: (fx) => ({ caseReference: fx.caseReference }) },
  "dataProtection.accessLog": { allow: ACCESS_LOG_READERS, input: () => ({}) },

  "settings.thresholdLevels": { allow: SIGNED_IN },
  "settings.updateThresholdLevel": { allow: SYSTEM_ADMIN, input: () => ({ level: 2, label: "Early help", description: "Needs met with early help." }) },
  "settings.bankHolidays": { allow: SYSTEM_ADMIN },
  "settings.addBankHoliday": { allow: SYSTEM_ADMIN, input: () => ({ date: "2031-06-02", name: "Extra day" }) },
  "settings.removeBankHoliday": { allow: SYSTEM_ADMIN, input: () => ({ date: "2031-06-02" }) },

  "meetings.list": { allow: CASE_WORKERS, input: () => ({}) },
  "meetings.get": { record: "policeMeeting", read: true, input: (_fx, meetingId) => ({ meetingId }), allow: POLICE_MEETING },
  "meetings.eventsAfter": { record: "policeMeeting", read: true, input: (_fx, meetingId) => ({ meetingId, lastSeq: 0 }), allow: POLICE_MEETING },
  "meetings.checkRequiredAgencies": { allow: FRONT_DOOR, input: (fx) => ({ agencyIds: [fx.agencies.police] }) },
  "meetings.chairs": { allow: FRONT_DOOR },
  "meetings.convene": { allow: FRONT_DOOR, input: (fx) => ({ caseReference: `CSC-${fx.next()}`, urgency: "STANDARD", scheduledStart: new Date("2026-11-23T15:00:00Z"), location: "Room", chairId: fx.chairId, agencyIds: [fx.agencies.police, fx.agencies.icb] }) },
  "meetings.respond": { record: "policeMeeting", input: (_fx, meetingId) => ({ meetingId, kind: "ATTENDING", attendeeName: "Someone" }), allow: POLICE_MEETING },
  "meetings.markPresent": { record: "policeMeeting", input: (fx, meetingId) => ({ meetingId, agencyId: fx.agencies.police, name: "On the phone" }), allow: MEETING_CHAIR },
  "meetings.updateSummary": { record: "policeMeeting", input: (_fx, meetingId) => ({ meetingId, summary: "Discussed." }), allow: MEETING_CHAIR },
  "meetings.recordDecision": { record: "policeMeeting", input: (_fx, meetingId) => ({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." }), allow: MEETING_CHAIR },
  "meetings.addAction": { record: "policeMeeting", input: (fx, meetingId) => ({ meetingId, description: "Visit", owningAgencyId: fx.agencies.police, ownerName: "DC", dueDate: "2026-11-30" }), allow: MEETING_CHAIR },
  "meetings.start": { record: "policeMeeting", fresh: (fx) => fx.fresh.freshPoliceMeeting(), input: (_fx, meetingId) => ({ meetingId, earlyReason: "Brought forward." }), allow: MEETING_CHAIR },
  "meetings.end": { record: "policeMeeting", fresh: (fx) => fx.fresh.freshDecidedPoliceMeeting(), input: (_fx, meetingId) => ({ meetingId }), allow: MEETING_CHAIR },
  "meetings.draftMinutes": { record: "policeMeeting", fresh: (fx) => fx.fresh.freshEndedPoliceMeeting(), input: (_fx, meetingId) => ({ meetingId, minutes: "Joint enquiry agreed." }), allow: MEETING_CHAIR },
  "meetings.approveMinutes": { record: "policeMeeting", fresh: (fx) => fx.fresh.freshDraftedPoliceMeeting(), input: (_fx, meetingId) => ({ meetingId }), allow: MEETING_CHAIR },
  "meetings.minutes": { record: "closedMeeting", input: (_fx, meetingId) => ({ meetingId }), allow: POLICE_MEETING, read: true },
  "meetings.markMinutesRead": { record: "closedMeeting", input: (_fx, meetingId) => ({ meetingId }), allow: POLICE_MEETING },
  "meetings.invitableAgencies": { allow: FRONT_DOOR },
  "meetings.recordEnquiryOutcome": { record: "closedMeeting", input: (_fx, meetingId) => ({ meetingId, kind: "CHILD_IN_NEED_PLAN", summary: "Enquiry complete: a child in need plan.", outcomeDate: "2026-11-23" }), allow: FRONT_DOOR },
  "meetings.abilities": { allow: SIGNED_IN },
  "meetings.suggestedAgencies": { allow: FRONT_DOOR, input: () => ({}) },
  "discussionRequests.list": { allow: CASE_WORKERS },
  "discussionRequests.get": { record: "policeRequest", read: true, input: (_fx, requestId) => ({ requestId }), allow: POLICE_MEETING },
  "discussionRequests.backers": { allow: REQUESTERS },
  // Pat and Hana are not designated leads and name none here: an INVALID answer, not a refusal.
  "discussionRequests.create": { allow: REQUESTERS, input: (fx) => ({ partnerReference: `REF/${fx.next()}`, urgency: "STANDARD", reason: "Matrix." }) },
  "discussionRequests.decline": { record: "policeRequest", fresh: (fx) => fx.fresh.freshPoliceRequest(), input: (_fx, requestId) => ({ requestId, reason: "Not needed." }), allow: FRONT_DOOR },
  "discussionRequests.abilities": { allow: SIGNED_IN },
  "actions.mine": { allow: CASE_WORKERS },
  "actions.complete": { record: "policeAction", input: (_fx, actionId) => ({ actionId }), allow: ["policePractitioner", "policeManager"] },
  "meetingSettings.dueWorkingDays": { allow: SIGNED_IN },
  "meetingSettings.setDueWorkingDays": { allow: SYSTEM_ADMIN, input: () => ({ days: 1 }) },
  "meetingSettings.chairRoles": { allow: SYSTEM_ADMIN },
  "meetingSettings.setChairRoles": { allow: SYSTEM_ADMIN, input: () => ({ roles: ["manager"] }) },
  "meetingSettings.conferenceClockFrom": { allow: SIGNED_IN },
  "meetingSettings.setConferenceClockFrom": { allow: SYSTEM_ADMIN, input: () => ({ from: "FIRST" }) },

  // Auditors list only the disagreements their agency raised from audit findings (decision 0038).
  "disagreements.list": { allow: [...CASE_WORKERS, "chair", "businessManager", ...AUDITORS], input: () => ({}) },
  "disagreements.get": { record: "openDisagreement", read: true, input: (_fx, disagreementId) => ({ disagreementId }), allow: [...DISAGREEMENT_PARTIES, "chair", "businessManager"] },
  "disagreements.raise": { record: "schoolContact", input: (fx, contactId) => ({ contactId, receivingAgencyId: fx.agencies.riverside, subject: "OUTCOME", soughtOutcome: "An assessment", reasons: "Reasons." }), allow: DISAGREEMENT_PARTIES },
  "disagreements.comment": { record: "openDisagreement", input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), body: "A comment." }), allow: DISAGREEMENT_PARTIES },
  "disagreements.attachReference": { record: "openDisagreement", input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), reference: "Log 14" }), allow: DISAGREEMENT_PARTIES },
  "disagreements.recordPosition": { record: "openDisagreement", input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), position: "Our position." }), allow: DISAGREEMENT_PARTIES },
  "disagreements.addNextStep": { record: "openDisagreement", input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), kind: "CONVERSATION", who: "Both leads", when: new Date("2026-11-24T10:00:00Z") }), allow: DISAGREEMENT_PARTIES },
  "disagreements.escalate": { record: "openDisagreement", fresh: (fx) => fx.fresh.freshOpenDisagreement(), input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), reason: "Not resolved." }), allow: DISAGREEMENT_PARTIES },
  // Stage 1 of the default ladder: a practitioner of either side acts; nobody closes it alone.
  "disagreements.propose": { record: "openDisagreement", fresh: (fx) => fx.fresh.freshOpenDisagreement(), input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), outcome: "UPHELD", statement: "Agreed." }), allow: DISAGREEMENT_PARTIES },
  // The council proposed: only the school's side answers.
  "disagreements.answer": { record: "openDisagreement", fresh: (fx) => fx.fresh.freshProposedDisagreement(), input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), proposalId: await fx.proposalOf(disagreementId), answer: "ACCEPT" }), allow: RAISING_SCHOOL },
  "disagreements.withdraw": { record: "openDisagreement", fresh: (fx) => fx.fresh.freshOpenDisagreement(), input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), statement: "No longer needed." }), allow: RAISING_SCHOOL },
  // Only the partnership, and only at the last stage: nobody at stage 1.
  "disagreements.determine": { record: "openDisagreement", input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), outcome: "UPHELD", statement: "Determined." }), allow: [] },
  // The council records its own changed decision.
  "disagreements.recordChangedDecision": { record: "resolvedDisagreement", fresh: (fx) => fx.fresh.freshChangedDisagreement(), input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "As agreed." }), allow: FRONT_DOOR },
  // Each agency once: fresh records, so one person's acknowledgement does not close it for colleagues.
  "disagreements.acknowledge": { record: "resolvedDisagreement", fresh: (fx) => fx.fresh.freshResolvedDisagreement(), input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId) }), allow: DISAGREEMENT_PARTIES },
  "disagreements.tagThemes": { record: "resolvedDisagreement", fresh: (fx) => fx.fresh.freshResolvedDisagreement(), input: async (fx, disagreementId) => ({ disagreementId, expectedVersion: await fx.version(disagreementId), themeIds: [] }), allow: ["chair", "businessManager"] },
  "disagreements.themes": { allow: SIGNED_IN },
  "learningActions.abilities": { allow: SIGNED_IN },
  "learningActions.list": { allow: LEARNING_READERS, input: () => ({}) },
  "learningActions.get": { record: "policeLearningAction", read: true, input: (_fx, learningActionId) => ({ learningActionId }), allow: POLICE_LEARNING_READERS },
  "learningActions.newForm": { allow: LEARNING_SETTERS, input: (fx) => ({ disagreementId: fx.records.resolvedDisagreement.id }) },
  "learningActions.create": { allow: LEARNING_SETTERS, input: (fx) => ({ disagreementId: fx.records.resolvedDisagreement.id, title: "Share closure reasons", description: "Closures name who monitors.", owningAgencyId: fx.agencies.police, dueOn: "2026-12-18" }) },
  "learningActions.complete": { record: "policeLearningAction", fresh: (fx) => fx.fresh.freshPoliceLearningAction(), input: (_fx, learningActionId) => ({ learningActionId, evidence: "Sergeants briefed on 1 December." }), allow: ["policeManager"] },
  "learningActions.changeDueDate": { record: "policeLearningAction", fresh: (fx) => fx.fresh.freshPoliceLearningAction(), input: async (fx, learningActionId) => ({ learningActionId, expectedVersion: await fx.learningActionVersion(learningActionId), dueOn: "2027-01-15", reason: "Training moved." }), allow: LEARNING_SETTERS },
  "disagreements.ladder": { allow: SIGNED_IN },
  "disagreements.saveLadder": { allow: SYSTEM_ADMIN, input: (fx) => fx.ladderAsSaved() },

  "figures.partnership": { allow: FIGURES, input: () => ({}) },
  "figures.meetingsBehind": { allow: FIGURES, input: () => ({ measure: "late" }) },
  "figures.options": { allow: FIGURES },
  "figures.audits": { allow: PARTNERSHIP_READERS, input: () => ({}) },
  "scrutiny.overview": { allow: ["scrutineer"] },
  "scrutiny.disagreements": { allow: PARTNERSHIP_READERS, input: () => ({}) },
  "report.yearly": { allow: PARTNERSHIP_READERS, input: () => ({}) },
  "figures.attendanceThreshold": { allow: SYSTEM_ADMIN },
  "figures.setAttendanceThreshold": { allow: SYSTEM_ADMIN, input: () => ({ percent: 75 }) },

  "retention.schedule": { allow: SYSTEM_ADMIN },
  "retention.setSchedule": { allow: SYSTEM_ADMIN, input: () => ({ contacts: 25, meetings: 25, disagreements: 6, audit: 7 }) },
  "retention.destructionLog": { allow: SYSTEM_ADMIN },
  "retention.holds": { allow: HOLDERS },
  // A fresh case for each allowed caller, so each places a hold of its own.
  "retention.placeHold": { fresh: (fx) => fx.fresh.freshCase(), input: (_fx, caseReference) => ({ caseReference: caseReference || "CSC-000001", reason: "Litigation." }), allow: HOLDERS },
  "retention.liftHold": { fresh: (fx) => fx.fresh.freshHold(), input: (_fx, holdId) => ({ holdId: holdId || "00000000-0000-4000-8000-000000000000" }), allow: HOLDERS },
  "retention.setPartnershipHold": { allow: SYSTEM_ADMIN, input: () => ({ on: true }) },
  "accessReview.view": { allow: REVIEWERS },
  "accessReview.record": { allow: REVIEWERS, input: () => ({ decisions: [{ userId: "00000000-0000-4000-8000-000000000000", decision: "CONFIRM" }] }) },
  "accessReview.settings": { allow: SYSTEM_ADMIN },
  "accessReview.setSettings": { allow: SYSTEM_ADMIN, input: () => ({ reviewDays: 90, unusedDays: 90 }) },
  "audits.list": { allow: AUDIT_READERS },
  "audits.newRoundForm": { allow: AUDIT_MANAGERS },
  "audits.create": { allow: AUDIT_MANAGERS, input: (fx) => ({ title: "Matrix round", periodStart: "2026-11-23", periodEnd: "2026-11-23", sampleRule: "NO_FURTHER_ACTION", agencyIds: [fx.agencies.council, fx.agencies.police] }) },
  "audits.get": { record: "gradingRound", read: true, input: (_fx, roundId) => ({ roundId }), allow: AUDIT_READERS },
  "audits.item": { record: "gradingItem", read: true, input: (fx, itemId) => ({ roundId: fx.records.gradingRound.id, itemId }), allow: AUDIT_READERS },
  "audits.grade": { record: "gradingItem", input: (_fx, itemId) => ({ itemId, levelRight: true, outcomeSafe: false, rationaleRecorded: true, reason: "Matrix grade." }), allow: AUDITORS },
  // Fresh rounds for the auditors, so no submission moves the fixture's round on (they are refused for ungraded contacts, which is not a refusal of access).
  "audits.submit": { record: "gradingRound", fresh: (fx) => fx.fresh.freshGradingRound(), input: (_fx, roundId) => ({ roundId }), allow: AUDITORS },
  "audits.moderate": { record: "moderationItem", input: (_fx, itemId) => ({ itemId, agreedLevelRight: true, agreedOutcomeSafe: true, agreedRationaleRecorded: true }), allow: AUDIT_MANAGERS },
  "audits.addFinding": { record: "moderationRound", input: (_fx, roundId) => ({ roundId, summary: "A finding.", themeIds: [] }), allow: AUDIT_MANAGERS },
  "audits.close": { record: "moderationRound", fresh: (fx) => fx.fresh.freshModerationRound(), input: (_fx, roundId) => ({ roundId, summary: "Closed." }), allow: AUDIT_MANAGERS },
  "audits.finding": { record: "finding", input: (_fx, findingId) => ({ findingId }), allow: PARTNER_AUDITORS },
  "audits.raiseDisagreement": { record: "finding", fresh: (fx) => fx.fresh.freshFinding(), input: (_fx, findingId) => ({ findingId, subject: "LEVEL_APPLIED", soughtLevel: 3, soughtOutcome: "Level 3", reasons: "Repeated concerns." }), allow: PARTNER_AUDITORS },
};

type Outcome = { code: string; message?: string };
const REFUSALS = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]);

async function call(caller: Caller, path: string, input: unknown): Promise<Outcome> {
  const [area, name] = path.split(".") as [string, string];
  const procedure = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[area]![name]!;
  try {
    await procedure(input);
    return { code: "OK" };
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
}

describe("the access matrix", () => {
  it("has a row for every procedure, socket event and route, and none for one that is gone", () => {
    expect(Object.keys(PROCEDURES).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
    expect(Object.keys(SOCKET_EVENTS).sort()).toEqual(Object.keys(clientPayloadSchemas).sort());
    expect(Object.keys(ROUTES).sort()).toEqual(readdirSync(join(process.cwd(), "app/routes")).sort());
  });

  it("tRPC: each caller is allowed or refused as its row says; refusals never disclose a record", async () => {
    const callers = await callersFor(h);
    const fx = await buildAccessFixture(h, callers);
    const mismatches: string[] = [];
    for (const [path, row] of Object.entries(PROCEDURES)) {
      const record = row.record ? fx.records[row.record] : undefined;
      const input = row.input ?? (() => undefined);
      const publicAnswers = new Set<string>();
      for (const who of EVERYONE) {
        const caller = row.ownSession && who !== "anonymous" ? (await h.caller(DEMO[who])).caller : callers[who];
        const allowed = row.allow.includes(who);
        const id = row.fresh && allowed ? await row.fresh(fx) : (record?.id ?? "");
        const got = await call(caller, path, await input(fx, id));
        const where = `${path} as ${who} (${relationOf(record, who)})`;
        if (row.public) {
          publicAnswers.add(got.code);
          if (got.code === "UNAUTHORIZED" && who === "anonymous" && allowed && !SIGN_IN_STEPS.includes(path)) mismatches.push(`${where}: refused a public procedure`);
          continue;
        }
        if (got.code === "INTERNAL_SERVER_ERROR") {
          mismatches.push(`${where}: ${got.code} ${got.message}`);
          continue;
        }
        if (allowed) {
          if (REFUSALS.has(got.code)) mismatches.push(`${where}: expected allowed, got ${got.code} "${got.message}"`);
          continue;
        }
        if (who === "anonymous") {
          if (got.code !== "UNAUTHORIZED") mismatches.push(`${where}: expected UNAUTHORIZED, got ${got.code}`);
          continue;
        }
        const known = row.known?.[who];
        if (known) {
          if (got.code !== known.code) mismatches.push(`${where}: the known issue "${known.issue}" changed: got ${got.code}; update the row`);
          continue;
        }
        if (!record) {
          if (got.code !== "FORBIDDEN") mismatches.push(`${where}: expected FORBIDDEN, got ${got.code} "${got.message}"`);
          continue;
        }
        // A record: someone who cannot see it must get exactly what a random id gets.
        const sees = record.visibleTo.includes(who);
        if (row.read || !sees) {
          const random = await call(caller, path, await input(fx, fx.randomId()));
          if (row.read && got.code !== "NOT_FOUND") mismatches.push(`${where}: a refused read must be NOT_FOUND, got ${got.code}`);
          if (got.code !== random.code || got.message !== random.message) mismatches.push(`${where}: refused with ${got.code} "${got.message}", but a random id gets ${random.code} "${random.message}"`);
        } else if (got.code !== "FORBIDDEN") {
          mismatches.push(`${where}: expected FORBIDDEN, got ${got.code} "${got.message}"`);
        }
      }
      if (row.public && publicAnswers.size !== 1) mismatches.push(`${path}: a public procedure answered callers differently (${[...publicAnswers].join(", ")})`);
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});

// ---- Socket events ----------------------------------------------------------------------------
// Anonymous connections are refused at the handshake, so no event reaches a handler without a user.

interface SocketRow {
  allow: readonly Who[];
  /** The payload, for the police meeting (only the police are invited). */
  payload: (meetingId: string, fx: { police: string }) => unknown;
  read?: boolean;
}
const SOCKET_EVENTS: Record<keyof typeof clientPayloadSchemas, SocketRow> = {
  "session:whoami": { allow: SIGNED_IN, payload: () => ({}) },
  "meeting:join": { allow: POLICE_MEETING, payload: (meetingId) => ({ meetingId }) },
  // Leaving a room one never joined is a no-op that discloses nothing.
  "meeting:leave": { allow: SIGNED_IN, payload: (meetingId) => ({ meetingId }) },
  "meeting:catch-up": { allow: POLICE_MEETING, read: true, payload: (meetingId) => ({ meetingId, lastSeq: 0 }) },
  "meeting:snapshot": { allow: POLICE_MEETING, read: true, payload: (meetingId) => ({ meetingId }) },
  "meeting:mark-present": { allow: MEETING_CHAIR, payload: (meetingId, fx) => ({ meetingId, agencyId: fx.police, name: "On the phone" }) },
  "meeting:update-summary": { allow: MEETING_CHAIR, payload: (meetingId) => ({ meetingId, summary: "Discussed." }) },
  "meeting:record-decision": { allow: MEETING_CHAIR, payload: (meetingId) => ({ meetingId, kind: "S47_JOINT", reason: "Joint." }) },
  "meeting:add-action": { allow: MEETING_CHAIR, payload: (meetingId, fx) => ({ meetingId, description: "Visit", owningAgencyId: fx.police, ownerName: "DC", dueDate: "2026-11-30" }) },
  "meeting:start": { allow: MEETING_CHAIR, payload: (meetingId) => ({ meetingId, earlyReason: "Brought forward." }) },
  "meeting:end": { allow: MEETING_CHAIR, payload: (meetingId) => ({ meetingId }) },
};

type AckOutcome = { code: string; message?: string };
function emit(socket: ClientSocket, event: string, payload: unknown): Promise<AckOutcome> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (r: { data?: unknown; error?: { code: string; message: string } }) => void) => void)(event, payload, (response) =>
      resolve(response.error ? { code: response.error.code, message: response.error.message } : { code: "OK" }),
    );
  });
}

describe("socket events", () => {
  it("each signed-in socket is allowed or refused as its row says; an anonymous one never connects", async () => {
    const callers = await callersFor(h);
    const fx = await buildAccessFixture(h, callers);
    expect(await refused(live.open())).toBe("unauthenticated");
    const { services } = h.services();
    const sockets = {} as Record<Exclude<Who, "anonymous">, ClientSocket>;
    for (const who of SIGNED_IN as Exclude<Who, "anonymous">[]) {
      const { session } = await startSession(services, (await h.actor(DEMO[who])).userId);
      sockets[who] = live.open(`concord_session=${session.id}`);
    }
    await Promise.all(Object.values(sockets).map(connected));
    const record = fx.records.policeMeeting;
    const mismatches: string[] = [];
    // Chair-only changes last, and the end at the very end, so the room stays open for the rest.
    const order = Object.keys(SOCKET_EVENTS).sort((a, b) => Number(a === "meeting:end") - Number(b === "meeting:end"));
    for (const event of order) {
      const row = SOCKET_EVENTS[event as keyof typeof SOCKET_EVENTS];
      for (const who of SIGNED_IN as Exclude<Who, "anonymous">[]) {
        const got = await emit(sockets[who], event, row.payload(record.id, { police: fx.agencies.police }));
        const where = `${event} as ${who} (${relationOf(record, who)})`;
        if (row.allow.includes(who)) {
          if (["FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED", "INTERNAL"].includes(got.code)) mismatches.push(`${where}: expected allowed, got ${got.code} "${got.message}"`);
          continue;
        }
        const sees = record.visibleTo.includes(who);
        if (row.read || !sees) {
          const random = await emit(sockets[who], event, row.payload(fx.randomId(), { police: fx.agencies.police }));
          if (row.read && got.code !== "NOT_FOUND") mismatches.push(`${where}: a refused read must be NOT_FOUND, got ${got.code}`);
          if (got.code !== random.code || got.message !== random.message) mismatches.push(`${where}: refused with ${got.code} "${got.message}", but a random id gets ${random.code} "${random.message}"`);
        } else if (got.code !== "FORBIDDEN") {
          mismatches.push(`${where}: expected FORBIDDEN, got ${got.code} "${got.message}"`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});

// ---- Remix routes -----------------------------------------------------------------------------
// A route's loader is a door: it must go through the tRPC caller (its gate), so the server decides.
// Each row names the gate the loader calls (checked in the file's source), who may load the page
// (checked by calling the gate as each caller), and the page's link in the navigation, which
// must never be offered to someone the gate refuses.

interface RouteRow {
  /** Text the route file must contain: the call its loader makes through the caller. */
  source?: string;
  /** The gate procedure and input; absent for pages anyone may open. */
  gate?: { path: string; input?: (fx: AccessFixture) => unknown; accept?: (result: unknown) => boolean };
  allow: readonly Who[];
  nav?: string;
}
const ROUTES: Record<string, RouteRow> = {
  "_index.tsx": { source: "context.trpc.auth.me", allow: EVERYONE },
  "accessibility.tsx": { allow: EVERYONE },
  "login.tsx": { source: "context.trpc.auth.login", allow: EVERYONE },
  "login_.code.tsx": { source: "context.trpc.auth.pendingSignIn", allow: EVERYONE },
  "login_.set-up.tsx": { source: "context.trpc.auth.pendingSignIn", allow: EVERYONE },
  "confirm-its-you.tsx": { source: "context.trpc.auth.reauthenticationMethods", gate: { path: "auth.reauthenticationMethods" }, allow: SIGNED_IN },
  "logout.tsx": { source: "context.trpc.auth.logout", allow: EVERYONE },
  "invitations.$token.tsx": { source: "context.trpc.invitations.describe", allow: EVERYONE },
  "account.tsx": { source: "context.trpc.auth.me", gate: { path: "auth.me", accept: (me) => me !== null }, allow: SIGNED_IN, nav: "/account" },
  "work.tsx": { source: 'roleHomeLoader("practitioner")', gate: { path: "home.forRole", input: () => ({ role: "practitioner" }) }, allow: PRACTITIONERS, nav: "/work" },
  "team.tsx": { source: 'roleHomeLoader("manager")', gate: { path: "home.forRole", input: () => ({ role: "manager" }) }, allow: ["councilManager", "councilServiceManager", "policeManager"], nav: "/team" },
  "partnership.tsx": { source: 'roleHomeLoader("partnership_chair")', gate: { path: "home.forRole", input: () => ({ role: "partnership_chair" }) }, allow: ["chair", "businessManager"], nav: "/partnership" },
  "administration.tsx": { source: 'roleHomeLoader("agency_admin")', gate: { path: "home.forRole", input: () => ({ role: "agency_admin" }) }, allow: ["councilAdmin", "policeAdmin", "businessManager"], nav: "/administration" },
  "actions.tsx": { source: "context.trpc.actions.mine", gate: { path: "actions.mine" }, allow: CASE_WORKERS, nav: "/actions" },
  "admin.users.tsx": { source: "context.trpc.users.list", gate: { path: "users.list", input: () => ({}) }, allow: ["councilManager", "councilServiceManager", "policeManager", ...PEOPLE_ADMINS], nav: "/admin/users" },
  "contacts._index.tsx": { source: "context.trpc.contacts.list", gate: { path: "contacts.list", input: () => ({}) }, allow: CASE_WORKERS, nav: "/contacts" },
  "contacts.new.tsx": { source: "context.trpc.contacts.abilities", gate: { path: "contacts.abilities", accept: (a) => (a as { canRecord: boolean }).canRecord }, allow: CASE_WORKERS },
  "contacts.$contactId.tsx": { source: "context.trpc.contacts.get", gate: { path: "contacts.get", input: (fx) => ({ contactId: fx.records.policeContact.id }) }, allow: [...FRONT_DOOR, "policePractitioner", "policeManager"] },
  "meetings._index.tsx": { source: "context.trpc.meetings.list", gate: { path: "meetings.list", input: () => ({}) }, allow: CASE_WORKERS, nav: "/meetings" },
  "meetings.new.tsx": { source: "context.trpc.meetings.chairs", gate: { path: "meetings.chairs" }, allow: FRONT_DOOR },
  "meetings.requests._index.tsx": { source: "context.trpc.discussionRequests.list", gate: { path: "discussionRequests.list", input: () => ({}) }, allow: CASE_WORKERS, nav: "/meetings/requests" },
  "meetings.requests.new.tsx": { source: "context.trpc.discussionRequests.backers", gate: { path: "discussionRequests.backers" }, allow: REQUESTERS },
  "meetings.requests.$requestId.tsx": { source: "context.trpc.discussionRequests.get", gate: { path: "discussionRequests.get", input: (fx) => ({ requestId: fx.records.policeRequest.id }) }, allow: POLICE_MEETING },
  "meetings.$meetingId._index.tsx": { source: "context.trpc.meetings.get", gate: { path: "meetings.get", input: (fx) => ({ meetingId: fx.records.policeMeeting.id }) }, allow: POLICE_MEETING },
  "meetings.$meetingId.room.tsx": { source: "context.trpc.meetings.get", gate: { path: "meetings.get", input: (fx) => ({ meetingId: fx.records.policeMeeting.id }) }, allow: POLICE_MEETING },
  "meetings.$meetingId.minutes.tsx": { source: "context.trpc.meetings.minutes", gate: { path: "meetings.minutes", input: (fx) => ({ meetingId: fx.records.closedMeeting.id }) }, allow: POLICE_MEETING },
  "disagreements._index.tsx": { source: "context.trpc.disagreements.list", gate: { path: "disagreements.list", input: () => ({}) }, allow: [...CASE_WORKERS, "chair", "businessManager", ...AUDITORS], nav: "/disagreements" },
  "disagreements.new.tsx": { source: "context.trpc.contacts.get", gate: { path: "contacts.get", input: (fx) => ({ contactId: fx.records.schoolContact.id }) }, allow: DISAGREEMENT_PARTIES },
  "disagreements.$disagreementId._index.tsx": { source: "context.trpc.disagreements.get", gate: { path: "disagreements.get", input: (fx) => ({ disagreementId: fx.records.openDisagreement.id }) }, allow: [...DISAGREEMENT_PARTIES, "chair", "businessManager"] },
  "disagreements.$disagreementId.outcome.tsx": { source: "context.trpc.disagreements.get", gate: { path: "disagreements.get", input: (fx) => ({ disagreementId: fx.records.resolvedDisagreement.id }) }, allow: [...DISAGREEMENT_PARTIES, "chair", "businessManager"] },
  "learning-actions._index.tsx": { source: "context.trpc.learningActions.list", gate: { path: "learningActions.list", input: () => ({}) }, allow: LEARNING_READERS, nav: "/learning-actions" },
  "learning-actions.new.tsx": { source: "context.trpc.learningActions.newForm", gate: { path: "learningActions.newForm", input: () => ({}) }, allow: LEARNING_SETTERS },
  "learning-actions.$learningActionId.tsx": { source: "context.trpc.learningActions.get", gate: { path: "learningActions.get", input: (fx) => ({ learningActionId: fx.records.policeLearningAction.id }) }, allow: POLICE_LEARNING_READERS },
  "figures._index.tsx": { source: "context.trpc.figures.partnership", gate: { path: "figures.partnership", input: () => ({}) }, allow: FIGURES, nav: "/figures" },
  "figures.csv.$table.tsx": { source: "context.trpc.figures.partnership", gate: { path: "figures.partnership", input: () => ({}) }, allow: FIGURES },
  "figures.meetings.tsx": { source: "context.trpc.figures.meetingsBehind", gate: { path: "figures.meetingsBehind", input: () => ({ measure: "late" }) }, allow: FIGURES },
  "figures.audits.tsx": { source: "context.trpc.figures.audits", gate: { path: "figures.audits", input: () => ({}) }, allow: PARTNERSHIP_READERS },
  "figures.audits_.csv.$table.tsx": { source: "context.trpc.figures.audits", gate: { path: "figures.audits", input: () => ({}) }, allow: PARTNERSHIP_READERS },
  "scrutiny._index.tsx": { source: "context.trpc.scrutiny.overview", gate: { path: "scrutiny.overview" }, allow: ["scrutineer"], nav: "/scrutiny" },
  "scrutiny.disagreements.tsx": { source: "context.trpc.scrutiny.disagreements", gate: { path: "scrutiny.disagreements", input: () => ({}) }, allow: PARTNERSHIP_READERS },
  "report.yearly.tsx": { source: "context.trpc.report.yearly", gate: { path: "report.yearly", input: () => ({}) }, allow: PARTNERSHIP_READERS },
  "subject-access._index.tsx": { source: "context.trpc.dataProtection.abilities", gate: { path: "dataProtection.abilities", accept: (a) => (a as { canExportCase: boolean }).canExportCase }, allow: CASE_EXPORTERS, nav: "/subject-access" },
  "subject-access.json.tsx": { source: "context.trpc.dataProtection.subjectAccess", gate: { path: "dataProtection.subjectAccess", input: (fx) => ({ caseReference: fx.caseReference }) }, allow: CASE_EXPORTERS },
  "access-log.tsx": { source: "context.trpc.dataProtection.accessLog", gate: { path: "dataProtection.accessLog", input: () => ({}) }, allow: ACCESS_LOG_READERS, nav: "/access-log" },
  "system.audit.tsx": { source: "context.trpc.audit.list", gate: { path: "audit.list", input: () => ({}) }, allow: SYSTEM_ADMIN, nav: "/system/audit" },
  "system.mail.tsx": { source: "context.trpc.mail.parked", gate: { path: "mail.parked" }, allow: SYSTEM_ADMIN, nav: "/system/mail" },
  "sso._index.tsx": { source: "context.trpc.sso.organisations", allow: EVERYONE },
  "sso.callback.tsx": { source: "context.trpc.sso.complete", allow: EVERYONE },
  "admin.single-sign-on.tsx": { source: "context.trpc.identityProviders.agencies", gate: { path: "identityProviders.agencies" }, allow: AGENCY_ADMINS, nav: "/admin/single-sign-on" },
  "system.settings.tsx": { source: "context.trpc.settings.bankHolidays", gate: { path: "settings.bankHolidays" }, allow: SYSTEM_ADMIN, nav: "/system/settings" },
  "audits._index.tsx": { source: "context.trpc.audits.list", gate: { path: "audits.list" }, allow: AUDIT_READERS, nav: "/audits" },
  "audits.new.tsx": { source: "context.trpc.audits.newRoundForm", gate: { path: "audits.newRoundForm" }, allow: AUDIT_MANAGERS },
  "audits.$roundId._index.tsx": { source: "context.trpc.audits.get", gate: { path: "audits.get", input: (fx) => ({ roundId: fx.records.gradingRound.id }) }, allow: AUDIT_READERS },
  "audits.$roundId.items.$itemId.tsx": { source: "context.trpc.audits.item", gate: { path: "audits.item", input: (fx) => ({ roundId: fx.records.gradingRound.id, itemId: fx.records.gradingItem.id }) }, allow: AUDIT_READERS },
  "audits.$roundId.moderation.tsx": { source: "context.trpc.audits.get", gate: { path: "audits.get", input: (fx) => ({ roundId: fx.records.moderationRound.id }), accept: (r) => (r as { abilities: { canModerate: boolean } }).abilities.canModerate }, allow: AUDIT_MANAGERS },
  "audits.$roundId.findings.$findingId.disagreement.tsx": { source: "context.trpc.audits.finding", gate: { path: "audits.finding", input: (fx) => ({ findingId: fx.records.finding.id }) }, allow: PARTNER_AUDITORS },
  "legal-holds.tsx": { source: "context.trpc.retention.holds", gate: { path: "retention.holds" }, allow: HOLDERS, nav: "/legal-holds" },
  "admin.access-review.tsx": { source: "context.trpc.accessReview.view", gate: { path: "accessReview.view" }, allow: REVIEWERS, nav: "/admin/access-review" },
};

describe("Remix routes", () => {
  it("each loader goes through the caller; its gate refuses anonymous users and those the row refuses; the navigation never offers a refused page", async () => {
    const callers = await callersFor(h);
    const fx = await buildAccessFixture(h, callers);
    const mismatches: string[] = [];
    for (const [file, row] of Object.entries(ROUTES)) {
      const source = readFileSync(join(process.cwd(), "app/routes", file), "utf8");
      if (row.source && !source.includes(row.source)) mismatches.push(`${file}: its loader no longer calls ${row.source}; update the row`);
      if (!row.gate) {
        if (row.allow !== EVERYONE) mismatches.push(`${file}: a page without a gate must be open to everyone`);
        continue;
      }
      for (const who of EVERYONE) {
        const { gate } = row;
        let allowed: boolean;
        try {
          const [area, name] = gate.path.split(".") as [string, string];
          const result = await (callers[who] as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[area]![name]!(gate.input?.(fx));
          allowed = gate.accept ? gate.accept(result) : true;
        } catch (error) {
          if (!(error instanceof TRPCError) || !REFUSALS.has(error.code)) throw error;
          allowed = false;
        }
        if (allowed !== row.allow.includes(who)) mismatches.push(`${file} as ${who}: the gate ${allowed ? "lets them in" : "refuses them"}, the row says otherwise`);
        if (row.nav && who !== "anonymous") {
          const offered = navigationAbilities(await h.actor(DEMO[who])).some((item) => item.href === row.nav);
          if (offered && !allowed) mismatches.push(`${file}: the navigation offers ${row.nav} to ${who}, whom the server refuses`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});
