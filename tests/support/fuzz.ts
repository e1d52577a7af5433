// Arbitraries for the fuzz tests: hostile leaves (NUL, lone surrogates, control characters,
// absurd numbers and dates, huge strings), values that look right (real ids, enum values, good
// dates) so that inputs get past the first field and reach the domain and the database, and
// objects shaped like a schema's keys.
import fc from "fast-check";
import type { z } from "zod";
import * as enums from "../../server/db/generated/enums";
import type { useHarness } from "./harness";
import { DEMO } from "./harness";

/** How many inputs per procedure and user. CI runs the default; FUZZ_RUNS=500 digs deeper locally. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10);
/** A fixed seed by default so a failure on CI reproduces; FUZZ_SEED=random explores. */
export const FUZZ_SEED = process.env.FUZZ_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20261123);

const HOSTILE_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDC00y",
  "\uDBFF\uDBFF",
  "\u0007bell",
  "\u001b[31m",
  "\u0085",
  "line\nbreak",
  "\u202Eevil",
  "0000-01-01",
  "0000-01-01T00:00",
  "-271821-04-20T00:00:00.000Z",
  "+275760-09-13T00:00:00.000Z",
  "2026-02-30",
  "2026-13-45T25:61",
  "1899-12-31",
  "2101-01-01",
  "1e308",
  "-1",
  "NaN",
  "Infinity",
  "99999999999999999999999",
  "__proto__",
  "constructor",
  "",
  "   ",
  "null",
  "true",
  "00000000-0000-0000-0000-000000000000",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "x".repeat(25_000),
  "\uD800".repeat(3_000),
];

const HOSTILE_NUMBERS = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -1, -0, 0, 0.5, 1, 4, 5, 9_007_199_254_740_991, 1_700_000_000_000];

/** Any UTF-16 code unit, so lone surrogates and every control character turn up. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);

export const hostileLeaf = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
);

/** Nested junk: arrays and objects of hostile leaves, a few levels deep. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, hostileLeaf, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor")), tie("value"), { maxKeys: 4 })),
})).value;

/** Every value of every enum in the schema, and the string unions the schemas use. */
const ENUM_VALUES = [
  ...Object.values(enums).flatMap((e) => (typeof e === "object" && e ? Object.values(e as Record<string, string>) : [])),
  "OPEN",
  "RESOLVED",
  "upcoming",
  "closed",
  "AWAITING_DECISION",
  "DECIDED",
  "all",
];

export interface FuzzIds {
  agencies: string[];
  users: string[];
  contacts: string[];
  decisions: string[];
  meetings: string[];
  actions: string[];
  disagreements: string[];
  themes: string[];
}

/** Values that pass a field's own check, so that the junk in another field is what gets tested. */
export function plausibleValue(ids: FuzzIds): fc.Arbitrary<unknown> {
  const anyId = fc.constantFrom(...Object.values(ids).flat());
  return fc.oneof(
    anyId,
    fc.constantFrom(...ENUM_VALUES),
    fc.constantFrom("CSC-123456", "Sam Patel", "Bruising seen at a welfare check.", "https://meet.example.org/strategy", "maria.jones@council.example.org", "concord-demo-2026"),
    fc.constantFrom("2026-11-30", "2026-11-23T14:00:00.000Z", "2026-11-23T14:00", "2027-12-27"),
    fc.integer({ min: 0, max: 5 }),
    fc.boolean(),
    fc.array(anyId, { maxLength: 3 }),
  );
}

/** The keys of an object schema (through optional/default/pipe wrappers), or none. */
export function schemaKeys(schema: unknown): string[] {
  let current = schema as { def?: { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown> }; shape?: Record<string, unknown> } | undefined;
  for (let i = 0; i < 6 && current; i++) {
    if (current.def?.type === "object") return Object.keys(current.def.shape ?? current.shape ?? {});
    current = (current.def?.innerType ?? current.def?.in) as typeof current;
  }
  return [];
}

/**
 * Inputs for a schema: mostly objects with its own keys, each either plausible or hostile,
 * sometimes a known-good input with one field made hostile, sometimes pure junk.
 */
export function inputsFor(schema: z.ZodType | undefined, ids: FuzzIds, seed?: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = schemaKeys(schema);
  const field = fc.oneof({ weight: 2, arbitrary: hostileValue }, { weight: 3, arbitrary: plausibleValue(ids) });
  const shaped = keys.length
    ? fc.record(Object.fromEntries(keys.map((key) => [key, field])), { requiredKeys: [] })
    : fc.dictionary(hostileString, hostileValue, { maxKeys: 3 });
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 5, arbitrary: shaped },
    { weight: 1, arbitrary: hostileValue },
  ];
  if (seed) {
    const seedKeys = Object.keys(seed);
    options.push({
      weight: 5,
      arbitrary: fc.tuple(fc.constantFrom(...seedKeys), hostileValue).map(([key, value]) => ({ ...seed, [key]: value })),
    });
  }
  return fc.oneof(...options);
}

/**
 * A small world to fuzz against: a contact awaiting a decision, one decided with no further
 * action and disputed, and a convened meeting with an action. Built through the API as it
 * would be by people.
 */
export async function buildFuzzWorld(h: ReturnType<typeof useHarness>) {
  h.clock.set("2026-11-23T09:00:00Z");
  const school = await h.caller(DEMO.schoolDsl);
  const sam = await h.caller(DEMO.councilPractitioner);
  const contact = { receivedAt: new Date("2026-11-23T08:30:00Z"), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT" as const, referrerLevel: 3, summary: "Child arriving hungry." };
  // A partner names the child by its own reference; only the council's front door gives a case reference.
  const waiting = await school.caller.contacts.record({ ...contact, referrerReference: "RPS/610001" });
  const decided = await school.caller.contacts.record({ ...contact, referrerReference: "RPS/610002" });
  await sam.caller.contacts.decide({ contactId: decided.contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Universal services.", closureReason: "School to monitor." });
  const { disagreementId } = await school.caller.disagreements.raise({ contactId: decided.contactId, subject: "OUTCOME", soughtLevel: 3, soughtOutcome: "Assessment", reasons: "A pattern over two terms." });
  const byName = async (name: string) => (await h.db.agency.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
  const police = await byName("Northshire Police");
  const icb = await byName("Northshire Integrated Care Board");
  const chairId = (await h.actor(DEMO.councilManager)).userId;
  const { meetingId } = await sam.caller.meetings.convene({ caseReference: "CSC-300400", urgency: "STANDARD", scheduledStart: new Date("2026-11-23T14:00:00Z"), location: "MASH room 2", chairId, agencyIds: [police, icb] });
  const maria = await h.caller(DEMO.councilManager);
  await maria.caller.meetings.addAction({ meetingId, description: "Joint visit", owningAgencyId: police, ownerName: "DS Hughes", dueDate: "2026-11-30" });
  const all = async <T>(rows: Promise<{ id: T }[]>) => (await rows).map((r) => String(r.id));
  const ids: FuzzIds = {
    agencies: await all(h.db.agency.findMany({ select: { id: true } })),
    users: await all(h.db.user.findMany({ select: { id: true } })),
    contacts: [waiting.contactId, decided.contactId],
    decisions: await all(h.db.thresholdDecision.findMany({ select: { id: true } })),
    meetings: [meetingId],
    actions: await all(h.db.meetingAction.findMany({ select: { id: true } })),
    disagreements: [disagreementId],
    themes: await all(h.db.theme.findMany({ select: { id: true }, take: 3 })),
  };
  // Known-good inputs: one field at a time is made hostile, so the rest gets past validation.
  const seeds: Record<string, Record<string, unknown>> = {
    "contacts.record": { referrerReference: "PPU/610003", receivedAt: "2026-11-23T08:30:00.000Z", familyKnows: true, familyConsents: false, noConsentGround: "NOT_IN_TIME", noConsentExplanation: "Disclosed at home time.", concernCategory: "NEGLECT", referrerLevel: 3, summary: "Hungry.", referrerName: "Dee Walker", initials: "AB", yearOfBirth: 2016 },
    "contacts.recordFeedback": { contactId: decided.contactId, toldName: "Dee Walker", toldAt: "2026-11-23T09:00:00.000Z", method: "PHONE" },
    "dataProtection.subjectAccess": { caseReference: "CSC-300400" },
    "dataProtection.accessLog": { from: "2026-11-01", to: "2026-11-30", recordType: "contact", viewerAgencyId: police, page: 1 },
    "contacts.decide": { contactId: waiting.contactId, levelApplied: 2, outcome: "STEP_DOWN_EARLY_HELP", rationale: "Family support.", closureReason: "Stepped down." },
    "meetings.convene": { caseReference: "CSC-300401", urgency: "STANDARD", scheduledStart: "2026-11-24T14:00:00.000Z", location: "Room 3", chairId, agencyIds: [police, icb], lateReason: "Late", decisionAt: "2026-11-23T08:00:00.000Z" },
    "meetings.respond": { meetingId, kind: "APOLOGIES", reason: "On leave", attendeeName: "Pat", contribution: "Notes" },
    "meetings.markPresent": { meetingId, agencyId: icb, name: "Grace Owen" },
    "meetings.updateSummary": { meetingId, summary: "Agreed a joint enquiry." },
    "meetings.recordDecision": { meetingId, kind: "S47_JOINT", reason: "Significant harm." },
    "meetings.addAction": { meetingId, description: "Visit", owningAgencyId: police, ownerName: "DS Hughes", dueDate: "2026-11-30" },
    "disagreements.raise": { contactId: decided.contactId, subject: "OUTCOME", soughtLevel: 3, soughtOutcome: "Assessment", reasons: "Pattern.", urgent: false },
    "disagreements.comment": { disagreementId, expectedVersion: 1, body: "A comment." },
    "disagreements.attachReference": { disagreementId, expectedVersion: 1, reference: "Note 42" },
    "disagreements.escalate": { disagreementId, expectedVersion: 1, reason: "No reply." },
    "disagreements.resolve": { disagreementId, expectedVersion: 1, outcome: "CHANGED", statement: "Agreed.", newLevel: 3, newDecisionOutcome: "CHILD_IN_NEED_ASSESSMENT" },
    "disagreements.setStageDays": { stage: 2, workingDays: 3 },
    "settings.addBankHoliday": { date: "2027-12-29", name: "Extra day" },
    "settings.updateThresholdLevel": { level: 1, label: "Universal", description: "Needs met by universal services." },
    "users.invite": { email: "new.person@police.example.org", displayName: "New Person", jobTitle: "DC", team: "PPU", roles: ["practitioner"] },
    "audit.list": { action: "contact", entityType: "contact", from: "2026-11-01T00:00:00.000Z", to: "2026-11-30T00:00:00.000Z", before: "100", limit: 20 },
    "figures.partnership": { from: "2026-01-01", to: "2026-12-31", team: "MASH" },
    "figures.meetingsBehind": { from: "2026-01-01", to: "2026-12-31", measure: "attended" },
    "auth.login": { email: "maria.jones@council.example.org", password: "wrong password" },
    "auth.verifySecondFactor": { code: "123456" },
    "auth.confirmEnrolment": { code: "123456" },
    "auth.confirmItsYou": { password: "wrong password", code: "123456" },
    "auth.setSecondFactorPolicy": { everyone: "no" },
    "invitations.accept": { token: "a".repeat(43), password: "a long enough password", confirmPassword: "a long enough password" },
  };
  return { ids, seeds, meetingId, disagreementId, contactId: waiting.contactId, decidedContactId: decided.contactId };
}
