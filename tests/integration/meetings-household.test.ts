// A strategy meeting for a household (several children, each by case reference, a decision for
// each) and its follow-through: the initial child protection conference clock, the enquiry's
// outcome sent once to everyone who took part, and the chain of discussions about a child,
// shown only as far as the viewer may see (issue #12, items 2 and 7; decision record 0021).
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { useLiveServer } from "../support/live-server";
import { demoAgencies } from "../support/meetings";
import { describeError } from "../../app/utils/errors.server";

const h = useHarness();
const live = useLiveServer(h);

/** Sam (council) convenes, chaired by Maria, at the time given; the clock is set to two hours before. */
async function convene(at: string, input: Record<string, unknown>) {
  h.clock.set(new Date(new Date(at).getTime() - 2 * 3600_000).toISOString());
  const agencies = await demoAgencies(h);
  const sam = await h.caller(DEMO.councilPractitioner);
  const maria = await h.actor(DEMO.councilManager);
  const { meetingId } = await sam.caller.meetings.convene({
    urgency: "STANDARD",
    scheduledStart: new Date(at),
    location: "MASH meeting room 2",
    chairId: maria.userId,
    agencyIds: [agencies.police, agencies.icb],
    ...input,
  } as never);
  return { meetingId, agencies };
}

const SIBLINGS = [
  { caseReference: "CSC-410001", initials: "AB", yearOfBirth: 2016 },
  { caseReference: "CSC-410002", initials: "CB", yearOfBirth: 2019 },
];

/** The chair starts the meeting at its time, records the decisions given (child index to kind) and, if asked, ends it. */
async function hold(meetingId: string, at: string, decisions: [number, "S47_JOINT" | "S47_SINGLE_AGENCY" | "S17_ASSESSMENT" | "NO_FURTHER_ACTION"][], end = true) {
  h.clock.set(at);
  const chair = await h.caller(DEMO.councilManager);
  await chair.caller.meetings.start({ meetingId });
  const { children } = await chair.caller.meetings.get({ meetingId });
  for (const [index, kind] of decisions) await chair.caller.meetings.recordDecision({ meetingId, childId: children[index]!.id, kind, reason: "Discussed with all agencies present." });
  if (end) {
    h.clock.set(new Date(new Date(at).getTime() + 3600_000).toISOString());
    await (await h.caller(DEMO.councilManager)).caller.meetings.end({ meetingId });
  }
  return children;
}

describe("a household meeting", () => {
  it("covers several children, each by case reference, initials and year of birth; the first is the lead child", async () => {
    const { meetingId } = await convene("2026-11-23T14:00:00Z", { children: SIBLINGS });
    const police = await h.caller(DEMO.policePractitioner);
    const meeting = await police.caller.meetings.get({ meetingId });
    expect(meeting.children.map((c) => [c.caseReference, c.initials, c.yearOfBirth, c.lead])).toEqual([
      ["CSC-410001", "AB", 2016, true],
      ["CSC-410002", "CB", 2019, false],
    ]);
    expect(meeting.caseReference).toBe("CSC-410001");
    const lead = await h.db.childCase.findUniqueOrThrow({ where: { reference: "CSC-410001" }, select: { id: true } });
    expect((await h.db.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { caseId: true } })).caseId).toBe(lead.id);
    // The lone caseReference of older callers is still one child.
    const single = await convene("2026-11-23T15:00:00Z", { caseReference: "CSC-410009" });
    expect((await police.caller.meetings.get({ meetingId: single.meetingId })).children.map((c) => c.caseReference)).toEqual(["CSC-410009"]);
  });

  it("is found in the list by any child's case reference, not only the lead child's, and only by an invited agency", async () => {
    const { meetingId } = await convene("2026-11-23T14:00:00Z", { children: SIBLINGS });
    const police = await h.caller(DEMO.policePractitioner);
    for (const search of ["CSC-410001", "CSC-410002"]) expect((await police.caller.meetings.list({ search })).items.map((m) => m.id)).toEqual([meetingId]);
    const school = await h.caller(DEMO.schoolDsl);
    expect((await school.caller.meetings.list({ search: "CSC-410002" })).total).toBe(0);
  });

  it("refuses a duplicate child, no child or a bad year of birth with a message on the field, and writes nothing", async () => {
    const before = { meetings: await h.db.strategyMeeting.count(), cases: await h.db.childCase.count(), children: await h.db.meetingChild.count(), emails: await h.db.outboxEmail.count() };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ children: [SIBLINGS[0], { caseReference: "csc-410001" }] }, "children.1.caseReference", /already child 1/],
      [{ children: [] }, "children.0.caseReference", /at least one child/],
      [{}, "caseReference", /Enter the case reference/],
      [{ children: [SIBLINGS[0], { caseReference: "CSC-410002", yearOfBirth: "20x5" }] }, "children.1.yearOfBirth", /4 digits/],
      [{ children: [{ caseReference: "CSC-410001", yearOfBirth: 1985 }] }, "children.0.yearOfBirth", /from 2000/],
      [{ children: [SIBLINGS[0], { caseReference: "CSC-410002", yearOfBirth: 2031 }] }, "children.1.yearOfBirth", /2026 or earlier/],
      [{ children: [SIBLINGS[0], { caseReference: "CSC-410002", initials: "C3" }] }, "children.1.initials", /1 to 3 letters/],
    ];
    for (const [input, field, message] of cases) {
      const refused = await rejection(convene("2026-11-23T14:00:00Z", input));
      expect(refused.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(describeError(refused).fieldErrors[field], JSON.stringify(input)).toMatch(message);
    }
    // A case whose known details differ: refused inside the transaction, so the first child's new case is not kept either.
    await h.db.childCase.create({ data: { reference: "CSC-410002", initials: "ZZ", yearOfBirth: 2010, createdAt: new Date("2026-11-01T00:00:00Z") } });
    const mismatch = await rejection(convene("2026-11-23T14:00:00Z", { children: [{ caseReference: "CSC-410077" }, SIBLINGS[1]] }));
    expect(describeError(mismatch).fieldErrors["children.1.caseReference"]).toMatch(/different details/);
    expect({ meetings: await h.db.strategyMeeting.count(), cases: await h.db.childCase.count(), children: await h.db.meetingChild.count(), emails: await h.db.outboxEmail.count() }).toEqual({ ...before, cases: before.cases + 1 });
    expect(await h.db.childCase.count({ where: { reference: "CSC-410077" } })).toBe(0);
  });

  it("takes a decision per child, and ends only when every child has one", async () => {
    const { meetingId } = await convene("2026-11-23T14:00:00Z", { children: SIBLINGS });
    const other = await convene("2026-11-23T15:00:00Z", { caseReference: "CSC-410050" });
    h.clock.set("2026-11-23T14:00:00Z");
    const chair = await h.caller(DEMO.councilManager);
    await chair.caller.meetings.start({ meetingId });
    const { children } = await chair.caller.meetings.get({ meetingId });
    // Two children: the decision must name one, of this meeting.
    const unnamed = await rejection(chair.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." }));
    expect(describeError(unnamed).fieldErrors.childId).toBe("Choose the child");
    const otherChild = (await chair.caller.meetings.get({ meetingId: other.meetingId })).children[0]!.id;
    expect(describeError(await rejection(chair.caller.meetings.recordDecision({ meetingId, childId: otherChild, kind: "S47_JOINT", reason: "Joint enquiry." }))).fieldErrors.childId).toMatch(/from this meeting/);
    expect(await h.db.meetingDecision.count({ where: { meetingId } })).toBe(0);

    await chair.caller.meetings.recordDecision({ meetingId, childId: children[0]!.id, kind: "S47_JOINT", reason: "Bruising seen at school; joint enquiry with police." });
    const early = await rejection(chair.caller.meetings.end({ meetingId }));
    expect(early.message).toBe("Record a decision for each child before ending the meeting: CSC-410002 has none yet.");
    expect((await chair.caller.meetings.get({ meetingId })).status).toBe("SCHEDULED");
    await chair.caller.meetings.recordDecision({ meetingId, childId: children[1]!.id, kind: "S17_ASSESSMENT", reason: "Needs assessed as a child in need." });
    await chair.caller.meetings.end({ meetingId });
    const ended = await chair.caller.meetings.get({ meetingId });
    expect(ended.decisions.map((d) => [ended.children.find((c) => c.id === d.childId)!.caseReference, d.kind])).toEqual([
      ["CSC-410001", "S47_JOINT"],
      ["CSC-410002", "S17_ASSESSMENT"],
    ]);
    expect(ended.children.map((c) => c.decided)).toEqual([true, true]);
  });
});

describe("the initial child protection conference clock", () => {
  // The first discussion on Friday 11 December 2026, a further one on Monday 14 December. 15
  // working days skip weekends, Christmas Day (Fri 25), the Boxing Day substitute (Mon 28) and
  // New Year's Day (Fri 1 January): from the 11th that is Wednesday 6 January 2027, from the
  // 14th Thursday 7 January. Counting weekends only would give 31 December and 4 January.
  async function twoDiscussions() {
    const first = await convene("2026-12-11T10:00:00Z", { children: SIBLINGS });
    await hold(first.meetingId, "2026-12-11T10:00:00Z", [[0, "S17_ASSESSMENT"], [1, "S17_ASSESSMENT"]]);
    const further = await convene("2026-12-14T10:00:00Z", { children: [SIBLINGS[0]] });
    await hold(further.meetingId, "2026-12-14T10:00:00Z", [[0, "S47_JOINT"]]);
    return { first: first.meetingId, further: further.meetingId };
  }

  it("runs 15 working days from the first strategy discussion about the child (the default), skipping weekends and bank holidays", async () => {
    const { first, further } = await twoDiscussions();
    const police = await h.caller(DEMO.policePractitioner);
    const seen = await police.caller.meetings.get({ meetingId: further });
    expect(seen.children[0]!.conference).toEqual({ from: "FIRST", discussionAt: "2026-12-11T10:00:00.000Z", dueDate: "2027-01-06" });
    // The first meeting shows the lead child's clock too; the sibling had no section 47 outcome.
    const earlier = await police.caller.meetings.get({ meetingId: first });
    expect(earlier.children.map((c) => c.conference?.dueDate ?? null)).toEqual(["2027-01-06", null]);
  });

  it("runs from the latest strategy discussion when the partnership sets it so", async () => {
    const { further } = await twoDiscussions();
    const admin = await h.caller(DEMO.systemAdmin);
    expect(await admin.caller.meetingSettings.conferenceClockFrom()).toBe("FIRST");
    expect((await rejection(admin.caller.meetingSettings.setConferenceClockFrom({ from: "MIDDLE" as never }))).code).toBe("BAD_REQUEST");
    expect((await rejection((await h.caller(DEMO.councilManager)).caller.meetingSettings.setConferenceClockFrom({ from: "LATEST" }))).code).toBe("FORBIDDEN");
    await admin.caller.meetingSettings.setConferenceClockFrom({ from: "LATEST" });
    const health = await h.caller(DEMO.healthPractitioner);
    expect((await health.caller.meetings.get({ meetingId: further })).children[0]!.conference).toEqual({ from: "LATEST", discussionAt: "2026-12-14T10:00:00.000Z", dueDate: "2027-01-07" });
  });
});

describe("the enquiry's outcome", () => {
  it("is recorded by the council once, emailed to everyone who took part, and shown to the invited agencies", async () => {
    const { meetingId } = await convene("2026-11-23T14:00:00Z", { children: SIBLINGS });
    const children = await hold(meetingId, "2026-11-23T14:00:00Z", [[0, "S47_JOINT"], [1, "S17_ASSESSMENT"]]);
    h.clock.set("2026-12-04T11:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    const sam = await h.caller(DEMO.councilPractitioner);
    const input = { meetingId, childId: children[0]!.id, kind: "INITIAL_CONFERENCE" as const, summary: "Enquiry found significant harm: conference arranged.", outcomeDate: "2026-12-04" };
    expect((await rejection(police.caller.meetings.recordEnquiryOutcome(input))).code).toBe("FORBIDDEN");
    // The sibling's meeting decided no section 47 enquiry for them; an outcome in the future is refused.
    expect(describeError(await rejection(sam.caller.meetings.recordEnquiryOutcome({ ...input, childId: children[1]!.id }))).fieldErrors.childId).toMatch(/section 47 enquiry this meeting decided/);
    expect(describeError(await rejection(sam.caller.meetings.recordEnquiryOutcome({ ...input, outcomeDate: "2026-12-05" }))).fieldErrors.outcomeDate).toMatch(/not in the future/);
    expect(await h.db.enquiryOutcome.count()).toBe(0);

    const answer = await sam.caller.meetings.recordEnquiryOutcome(input);
    expect(answer).toMatchObject({ caseReference: "CSC-410001", kind: "INITIAL_CONFERENCE", repeat: false });
    const seen = await police.caller.meetings.get({ meetingId });
    expect(seen.children[0]!.enquiryOutcome).toMatchObject({ kind: "INITIAL_CONFERENCE", outcomeDate: "2026-12-04", summary: input.summary });
    expect(seen.children[1]!.enquiryOutcome).toBeNull();
    const emails = await h.db.outboxEmail.findMany({ where: { subject: "Outcome of a section 47 enquiry" }, select: { toAddress: true, body: true } });
    expect(emails.map((e) => e.toAddress)).toEqual(expect.arrayContaining([DEMO.policePractitioner, DEMO.policeManager, DEMO.healthPractitioner, DEMO.councilManager]));
    expect(emails.some((e) => e.toAddress === DEMO.schoolDsl)).toBe(false); // the school was not invited
    expect(emails.every((e) => !e.body.includes("CSC-410001"))).toBe(true);
    // A second recording changes nothing.
    expect(await sam.caller.meetings.recordEnquiryOutcome({ ...input, kind: "NO_FURTHER_ACTION" })).toMatchObject({ kind: "INITIAL_CONFERENCE", repeat: true });
    expect(await h.db.outboxEmail.count({ where: { subject: "Outcome of a section 47 enquiry" } })).toBe(emails.length);
  });

  it("twenty at once: one outcome, one event, one email per recipient", async () => {
    const { meetingId } = await convene("2026-11-23T14:00:00Z", { children: SIBLINGS });
    const children = await hold(meetingId, "2026-11-23T14:00:00Z", [[0, "S47_SINGLE_AGENCY"], [1, "NO_FURTHER_ACTION"]]);
    h.clock.set("2026-12-04T11:00:00Z");
    const cookie = await live.signIn(DEMO.councilPractitioner);
    const input = { meetingId, childId: children[0]!.id, kind: "CHILD_IN_NEED_PLAN", summary: "No significant harm found; a child in need plan agreed.", outcomeDate: "2026-12-04" };
    const replies = await Promise.all(Array.from({ length: 20 }, () => live.mutate(cookie, "meetings.recordEnquiryOutcome", input).then((r) => r.status)));
    expect(replies).toEqual(replies.map(() => 200));
    expect(await h.db.enquiryOutcome.count()).toBe(1);
    expect(await h.db.meetingEvent.count({ where: { meetingId, type: "enquiry.outcome_recorded" } })).toBe(1);
    expect(await h.db.auditEvent.count({ where: { entityId: meetingId, action: "meeting.enquiry_outcome" } })).toBe(1);
    const to = (await h.db.outboxEmail.findMany({ where: { subject: "Outcome of a section 47 enquiry" }, select: { toAddress: true } })).map((e) => e.toAddress);
    expect(to.length).toBeGreaterThan(3);
    expect(new Set(to).size).toBe(to.length);
  });
});

describe("the chain of discussions about a child", () => {
  it("links a further discussion to the earlier ones by case reference, showing only meetings the viewer may see", async () => {
    const first = await convene("2026-11-23T14:00:00Z", { children: SIBLINGS });
    // A further discussion about the younger child, to which the police are not invited.
    const agencies = await demoAgencies(h);
    const healthOnly = await convene("2026-11-25T14:00:00Z", { children: [SIBLINGS[1]], agencyIds: [agencies.icb], confirmMissingRequired: true });
    const unrelated = await convene("2026-11-26T14:00:00Z", { caseReference: "CSC-410099" });

    const council = await h.caller(DEMO.councilManager);
    const chain = (await council.caller.meetings.get({ meetingId: first.meetingId })).chain;
    expect(chain.map((m) => [m.id, m.children.map((c) => c.caseReference)])).toEqual([[healthOnly.meetingId, ["CSC-410002"]]]);
    expect((await council.caller.meetings.get({ meetingId: healthOnly.meetingId })).chain.map((m) => m.id)).toEqual([first.meetingId]);
    expect(chain.some((m) => m.id === unrelated.meetingId)).toBe(false);

    const health = await h.caller(DEMO.healthPractitioner);
    expect((await health.caller.meetings.get({ meetingId: first.meetingId })).chain.map((m) => m.id)).toEqual([healthOnly.meetingId]);
    // The police see the first meeting but not the one they were not invited to, nor its existence.
    const police = await h.caller(DEMO.policePractitioner);
    const seen = await police.caller.meetings.get({ meetingId: first.meetingId });
    expect(seen.chain).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(healthOnly.meetingId);
    expect((await rejection(police.caller.meetings.get({ meetingId: healthOnly.meetingId }))).code).toBe("NOT_FOUND");
  });
});
