// Independent scrutiny (issue 17 item 6, decision 0040): the scrutineer reads disagreement
// summaries without anything the parties wrote, has a home of their own, and can change nothing.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { appRouter, type Caller } from "../../server/trpc/root";
import { navigationAbilities } from "../../server/domain/access/policy";
import { useHarness, DEMO, rejection } from "../support/harness";
import { demoAgencies } from "../support/meetings";
import { buildFuzzWorld, inputsFor } from "../support/fuzz";
import { databaseFingerprint } from "../support/input";
import { auditRound, learningAction, type Answers } from "../support/audit-figures-fixture";

const h = useHarness();
const t = (iso: string) => new Date(iso);
const SECRET = { reasons: "Reasons only the parties may read", sought: "Sought outcome only the parties may read", statement: "Outcome statement only the parties may read" };

async function disagreements(count: number) {
  const a = await demoAgencies(h);
  const dee = await h.actor(DEMO.schoolDsl);
  const maria = await h.actor(DEMO.councilManager);
  const child = await h.db.childCase.create({ data: { reference: "CSC-900100" } });
  const contact = await h.db.contact.create({ data: { caseId: child.id, sourceAgencyId: a.riverside, referrerName: "Dee Walker", receivedAt: t("2026-11-02T08:00:00Z"), channel: "ONLINE", concernCategory: "NEGLECT", referrerLevel: 3, summary: "Child arriving hungry and tired.", recordedById: dee.userId, decisionDueAt: t("2026-11-03T08:00:00Z") } });
  const theme = await h.db.theme.findFirstOrThrow({ orderBy: { name: "asc" } });
  // Resolved: raised Monday 2 November, upheld on Wednesday 4 November (2 working days), at stage 2.
  const resolved = await h.db.disagreement.create({ data: { contactId: contact.id, raisingAgencyId: a.riverside, receivingAgencyId: a.council, raisedById: dee.userId, raisedAt: t("2026-11-02T09:00:00Z"), subject: "OUTCOME", soughtOutcome: SECRET.sought, reasons: SECRET.reasons, urgent: false, ladderVersion: 1, stage: 2, stageStartedAt: t("2026-11-03T09:00:00Z"), stageDueAt: t("2026-11-04T09:00:00Z"), status: "RESOLVED", outcome: "UPHELD", resolution: "AGREED", outcomeStatement: SECRET.statement, resolvedAt: t("2026-11-04T09:00:00Z"), resolvedById: maria.userId, resolvedByAgencyId: a.council, themes: { create: { themeId: theme.id } } } });
  // The rest open, raised a day apart before it (so the resolved one is newest).
  await h.db.disagreement.createMany({
    data: Array.from({ length: count - 1 }, (_, i) => ({ contactId: contact.id, raisingAgencyId: a.police, receivingAgencyId: a.council, raisedById: dee.userId, raisedAt: new Date(t("2026-10-30T09:00:00Z").getTime() - i * 86_400_000), subject: "LEVEL_APPLIED" as const, soughtOutcome: SECRET.sought, reasons: SECRET.reasons, urgent: false, ladderVersion: 1, stage: 1, stageStartedAt: t("2026-10-01T09:00:00Z"), stageDueAt: t("2026-10-02T09:00:00Z") })),
  });
  return { resolvedId: resolved.id, theme: theme.name, a };
}

describe("disagreement summaries", () => {
  it("show the case reference, agencies, stage, status, outcome, themes, dates and working days, and nothing the parties wrote", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const { resolvedId, theme } = await disagreements(27);
    const { caller } = await h.caller(DEMO.scrutineer);
    const first = await caller.scrutiny.disagreements({});
    expect(first).toMatchObject({ page: 1, pageSize: 25, total: 27, pages: 2 });
    expect(first.items).toHaveLength(25);
    expect(first.items[0]).toEqual({
      id: resolvedId, caseReference: "CSC-900100", raisingAgency: "Riverside Primary School", receivingAgency: "Northshire Council Children's Social Care",
      subject: "OUTCOME", stageReached: 2, status: "RESOLVED", outcome: "UPHELD", resolution: "AGREED", themes: [theme],
      raisedAt: "2026-11-02T09:00:00.000Z", resolvedAt: "2026-11-04T09:00:00.000Z", workingDays: 2,
    });
    // An open one counts its working days to now.
    expect(first.items[1]).toMatchObject({ status: "OPEN", outcome: null, resolvedAt: null, stageReached: 1, raisingAgency: "Northshire Police" });
    expect(first.items[1]!.workingDays).toBeGreaterThan(15);
    const second = await caller.scrutiny.disagreements({ page: 2 });
    expect(second.items).toHaveLength(2);
    const text = JSON.stringify([first, second]);
    for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
    expect(text).not.toContain("Child arriving hungry");
    expect(text).not.toContain("Dee Walker");
  });

  it("are for the partnership and its scrutineer; a page past the end is empty, not an error", async () => {
    await disagreements(1);
    for (const who of [DEMO.chair, DEMO.businessManager, DEMO.scrutineer]) {
      const { caller } = await h.caller(who);
      expect((await caller.scrutiny.disagreements({})).total).toBe(1);
      expect((await caller.scrutiny.disagreements({ page: 3 })).items).toEqual([]);
    }
    for (const who of [DEMO.councilManager, DEMO.schoolDsl, DEMO.policeAuditor, DEMO.systemAdmin]) {
      const { caller } = await h.caller(who);
      expect((await rejection(caller.scrutiny.disagreements({}))).code).toBe("FORBIDDEN");
    }
  });
});

describe("the scrutineer's home", () => {
  it("lists rounds closed, learning actions past their due date and open disagreements, with the headline audit figures", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const a = await demoAgencies(h);
    const yes: Answers = [true, true, true];
    await auditRound(h, { title: "Autumn closures", periodStart: "2026-09-01", periodEnd: "2026-10-31", state: "CLOSED", agencies: [a.council, a.police], items: [{ source: a.police, outcome: "NO_FURTHER_ACTION", grades: { [a.council]: yes, [a.police]: yes }, agreed: yes }] });
    await auditRound(h, { title: "November sample", periodStart: "2026-11-01", periodEnd: "2026-11-15", state: "GRADING", agencies: [a.council, a.police], items: [] });
    await learningAction(h, { title: "Refresh threshold training for police", owningAgencyId: a.police, dueOn: "2026-11-20", createdAt: "2026-10-01T10:00:00Z" });
    await learningAction(h, { title: "Review closure letters", owningAgencyId: a.council, dueOn: "2026-12-20", createdAt: "2026-10-01T10:00:00Z" });
    await learningAction(h, { title: "Done already", owningAgencyId: a.council, dueOn: "2026-11-01", createdAt: "2026-10-01T10:00:00Z", completedAt: "2026-10-20T10:00:00Z" });
    await disagreements(2);
    const { caller } = await h.caller(DEMO.scrutineer);
    const home = await caller.scrutiny.overview();
    expect(home.closedRounds.count).toBe(1);
    expect(home.closedRounds.items).toEqual([expect.objectContaining({ title: "Autumn closures", sampled: 1, findings: 0 })]);
    expect(home.overdueLearningActions).toMatchObject({ count: 1, open: 2, items: [{ title: "Refresh threshold training for police", owningAgency: "Northshire Police", dueOn: "2026-11-20" }] });
    expect(home.disagreements).toEqual({ open: 1, pastStageTime: 1 });
    expect(home.headline).toMatchObject({ rounds: 2, totals: { moderated: 1, judgedRight: 1, agreement: { compared: 1, allAgreed: 1 } } });
  });

  it("is the scrutineer's alone; the navigation offers it, with the figures, to them", async () => {
    for (const who of [DEMO.chair, DEMO.businessManager, DEMO.councilManager]) {
      const { caller } = await h.caller(who);
      expect((await rejection(caller.scrutiny.overview())).code).toBe("FORBIDDEN");
    }
    const nav = navigationAbilities(await h.actor(DEMO.scrutineer)).map((i) => i.href);
    expect(nav[0]).toBe("/scrutiny");
    expect(nav).toEqual(expect.arrayContaining(["/scrutiny", "/figures", "/account"]));
    expect(nav).not.toContain("/contacts");
    expect(nav).not.toContain("/disagreements");
    expect(nav).not.toContain("/meetings");
  });
});

describe("what else the scrutineer reaches", () => {
  it("the figures' drill-down names no case and opens no meeting for them", async () => {
    const { conveneDemoMeeting } = await import("../support/meetings");
    await conveneDemoMeeting(h);
    h.clock.set("2026-11-30T09:00:00Z");
    const { caller } = await h.caller(DEMO.scrutineer);
    const rows = await caller.figures.meetingsBehind({ from: "2026-11-01", to: "2026-11-30", measure: "late" });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(["agencies", "canOpen", "id", "late", "scheduledStart", "status", "urgency"]);
      expect(row.canOpen).toBe(false);
    }
    expect((await rejection(caller.meetings.get({ meetingId: rows[0]!.id }))).code).toBe("NOT_FOUND");
  });
});

// ---- "Can change nothing" ----------------------------------------------------------------------
// Every mutation of the API, called by the scrutineer with a known-good input where the fuzzer has
// one and with inputs built from the procedure's own schema otherwise: none succeeds, each is
// refused (FORBIDDEN, or NOT_FOUND for a record the scrutineer cannot see), and the database is
// unchanged. Signing in and out, and the first steps of signing in, are the person's own account.
const OWN_ACCOUNT = new Set(["auth.login", "auth.verifySecondFactor", "auth.confirmEnrolment", "auth.confirmItsYou", "auth.logout", "auth.logoutEverywhere", "invitations.accept", "sso.start", "sso.complete"]);
const REFUSED = new Set(["FORBIDDEN", "NOT_FOUND"]);

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  inputs: z.ZodType[];
}

async function call(caller: Caller, path: string, input: unknown): Promise<string> {
  const [area, name] = path.split(".") as [string, string];
  try {
    await (caller as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[area]![name]!(input);
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("the scrutineer can change nothing", () => {
  it("every mutating procedure refuses them and the database stays as it was", async () => {
    const world = await buildFuzzWorld(h);
    const { caller } = await h.caller(DEMO.scrutineer);
    const police = (await h.db.agency.findFirstOrThrow({ where: { name: "Northshire Police" } })).id;
    const ladder = await (await h.caller(DEMO.councilPractitioner)).caller.disagreements.ladder();
    const disagreement = { disagreementId: world.disagreementId, expectedVersion: (await h.db.disagreement.findUniqueOrThrow({ where: { id: world.disagreementId } })).version };
    // Known-good inputs (as the access matrix has them) where the fuzzer has none.
    const KNOWN_GOOD: Record<string, unknown> = {
      "auth.setSessionLifetimes": { idleMinutes: 30, absoluteHours: 12 },
      "meetings.recordEnquiryOutcome": { meetingId: world.meetingId, kind: "CHILD_IN_NEED_PLAN", summary: "Enquiry complete: a child in need plan.", outcomeDate: "2026-11-23" },
      "meetingSettings.setConferenceClockFrom": { from: "FIRST" },
      "meetingSettings.setChairRoles": { roles: ["manager"] },
      "discussionRequests.create": { partnerReference: "REF/90001", urgency: "STANDARD", reason: "Scrutiny." },
      "disagreements.addNextStep": { ...disagreement, kind: "CONVERSATION", who: "Both leads", when: new Date("2026-11-24T10:00:00Z") },
      "disagreements.propose": { ...disagreement, outcome: "UPHELD", statement: "Agreed." },
      "disagreements.answer": { ...disagreement, proposalId: "00000000-0000-4000-8000-000000000000", answer: "ACCEPT" },
      "disagreements.determine": { ...disagreement, outcome: "UPHELD", statement: "Determined." },
      "disagreements.recordChangedDecision": { ...disagreement, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "As agreed." },
      "disagreements.tagThemes": { ...disagreement, themeIds: [] },
      "disagreements.saveLadder": { stages: ladder.stages.map((st) => ({ label: st.label, raisingActor: st.raisingActor, receivingActor: st.receivingActor, workingDays: st.workingDays, urgentWorkingDays: st.urgentWorkingDays })), urgentCutoff: ladder.urgentCutoff, workingDayEnd: ladder.workingDayEnd },
      "identityProviders.save": { agencyId: police, issuer: "https://login.microsoftonline.com/police-tenant/v2.0", clientId: "concord", clientSecret: "scrutiny-secret", domains: "police.example.org" },
      "retention.setSchedule": { contacts: 25, meetings: 25, disagreements: 6, audit: 7 },
      "retention.placeHold": { caseReference: "CSC-300400", reason: "Litigation." },
      "accessReview.record": { decisions: [{ userId: "00000000-0000-4000-8000-000000000000", decision: "CONFIRM" }] },
      "accessReview.setSettings": { reviewDays: 90, unusedDays: 90 },
      "learningActions.create": { disagreementId: world.disagreementId, title: "Scrutiny", description: "Nothing changes.", owningAgencyId: police, dueOn: "2026-12-31" },
      "learningActions.changeDueDate": { learningActionId: "00000000-0000-4000-8000-000000000000", expectedVersion: 0, dueOn: "2026-12-31", reason: "Scrutiny." },
      "audits.create": { title: "Scrutiny", periodStart: "2026-11-02", periodEnd: "2026-11-13", sampleRule: "RANDOM", agencyIds: [police] },
      "audits.grade": { itemId: "00000000-0000-4000-8000-000000000000", levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: "Scrutiny." },
      "audits.moderate": { itemId: "00000000-0000-4000-8000-000000000000", agreedLevelRight: true, agreedOutcomeSafe: true, agreedRationaleRecorded: true },
      "audits.raiseDisagreement": { findingId: "00000000-0000-4000-8000-000000000000", subject: "LEVEL_APPLIED", soughtOutcome: "Level 3", reasons: "Scrutiny." },
    };
    const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).filter(([path, p]) => p._def.type === "mutation" && !OWN_ACCOUNT.has(path));
    expect(mutations.length).toBeGreaterThan(40);
    const before = await databaseFingerprint(h.db);
    const problems: string[] = [];
    for (const [path, procedure] of mutations) {
      const seed = world.seeds[path];
      const candidates: unknown[] = [...(path in KNOWN_GOOD ? [KNOWN_GOOD[path]] : []), ...(seed ? [seed] : []), ...fc.sample(inputsFor(procedure._def.inputs[0], world.ids, seed), { numRuns: 60, seed: 20261206 })];
      const codes = new Set<string>();
      for (const input of candidates) {
        const code = await call(caller, path, input);
        codes.add(code);
        if (REFUSED.has(code)) break;
      }
      if (codes.has("OK")) problems.push(`${path}: succeeded`);
      else if (![...codes].some((c) => REFUSED.has(c))) problems.push(`${path}: never reached the permission check (${[...codes].join(", ")})`);
    }
    expect(problems).toEqual([]);
    expect(await databaseFingerprint(h.db)).toEqual(before);
  }, 240_000);
});
