// Home is a task list: each person sees the work they can act on, the counts follow the work,
// and nobody sees another agency's records there.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { demoAgencies } from "../support/meetings";

const h = useHarness();

type Caller = Awaited<ReturnType<typeof h.caller>>;
async function home(who: Caller, role: "practitioner" | "manager" | "partnership_chair" | "agency_admin") {
  const page = await who.caller.home.forRole({ role });
  const section = (key: string) => page.sections.find((s) => s.key === key);
  return { page, section, keys: page.sections.map((s) => s.key) };
}

const policeContact = {
  referrerReference: "PPU/2026/55120",
  initials: "KL",
  yearOfBirth: 2015,
  receivedAt: new Date("2026-11-23T08:30:00Z"),
  concernCategory: "PHYSICAL_ABUSE" as const,
  referrerLevel: 4,
  summary: "Bruising to the face seen at a welfare check; the child gave an inconsistent account.",
};

describe("home pages list work", () => {
  it("gives each kind of person their own sections", async () => {
    expect((await home(await h.caller(DEMO.policePractitioner), "practitioner")).keys).toEqual(["invitationsToAnswer", "meetingsSoon", "agencyActions", "disagreementsWaiting", "newDecisions"]);
    expect((await home(await h.caller(DEMO.councilPractitioner), "practitioner")).keys).toEqual(["meetingsSoon", "agencyActions", "disagreementsWaiting", "contactsAwaitingDecision", "decisionsNeedingMeeting"]);
    expect((await home(await h.caller(DEMO.councilManager), "manager")).keys).toContain("decisionsAwaitingSignOff");
    expect((await home(await h.caller(DEMO.chair), "partnership_chair")).keys).toEqual(expect.arrayContaining(["agenciesBelowThreshold", "disagreementsOverdueOrLast", "minutesOverdue"]));
    expect((await home(await h.caller(DEMO.policeAdmin), "agency_admin")).keys).toEqual(["invitationsPending", "accountsToReview", "invitationsToApprove"]);
  });

  it("follows a contact from the partner to the front door, the manager and back, most overdue first", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    const sam = await h.caller(DEMO.councilPractitioner);
    const maria = await h.caller(DEMO.councilManager);
    const older = await police.caller.contacts.record({ ...policeContact, receivedAt: new Date("2026-11-20T10:00:00Z") });
    const newer = await police.caller.contacts.record({ ...policeContact, referrerReference: "PPU/2026/55121" });

    const awaiting = (await home(sam, "practitioner")).section("contactsAwaitingDecision")!;
    expect(awaiting.count).toBe(2);
    // Friday's contact was due Monday 10:00 and is not yet overdue at 09:00; it still comes first.
    expect(awaiting.items.map((i) => i.href)).toEqual([`/contacts/${older.contactId}`, `/contacts/${newer.contactId}`]);
    h.clock.set("2026-11-23T11:00:00Z");
    expect((await home(sam, "practitioner")).section("contactsAwaitingDecision")!.items.map((i) => i.overdue)).toEqual([true, false]);

    // Sam decides a strategy discussion is needed: the contact leaves Sam's list and joins others'.
    await sam.caller.contacts.decide({ contactId: older.contactId, caseReference: "CSC-551200", levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Unexplained facial bruising in a child of this age needs a strategy discussion today." } as never);
    const samAfter = await home(sam, "practitioner");
    expect(samAfter.section("contactsAwaitingDecision")!.count).toBe(1);
    expect(samAfter.section("decisionsNeedingMeeting")!.items.map((i) => i.href)).toEqual([`/meetings/new?contactId=${older.contactId}`]);
    // Sam never signs off Sam's own decision; Maria does.
    expect((await home(maria, "manager")).section("decisionsAwaitingSignOff")!.count).toBe(1);
    // The police see the decision on their contact, by their own reference.
    const newDecisions = (await home(police, "practitioner")).section("newDecisions")!;
    expect(newDecisions.items.map((i) => i.label)).toEqual(["PPU/2026/55120"]);

    // Another agency's practitioner sees none of it.
    const school = await home(await h.caller(DEMO.schoolDsl), "practitioner");
    expect(school.section("newDecisions")!.count).toBe(0);
    expect(JSON.stringify(school.page)).not.toContain("55120");
  });

  it("asks a partner to answer a meeting invitation until their agency answers", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const a = await demoAgencies(h);
    const sam = await h.caller(DEMO.councilPractitioner);
    const maria = await h.caller(DEMO.councilManager);
    const { meetingId } = await sam.caller.meetings.convene({ caseReference: "CSC-551201", urgency: "STANDARD", scheduledStart: new Date("2026-11-23T15:00:00Z"), location: "MASH meeting room 1", chairId: maria.actor!.userId, agencyIds: [a.police, a.icb] });
    const pat = await h.caller(DEMO.policePractitioner);
    const before = await home(pat, "practitioner");
    expect(before.section("invitationsToAnswer")!.items.map((i) => i.href)).toEqual([`/meetings/${meetingId}`]);
    expect(before.section("meetingsSoon")!.count).toBe(1);
    expect(await pat.caller.home.taskCount()).toBe(before.page.total);
    // The school was not invited: no invitation, no meeting on its home.
    const dee = await home(await h.caller(DEMO.schoolDsl), "practitioner");
    expect(dee.section("invitationsToAnswer")!.count).toBe(0);
    expect(dee.section("meetingsSoon")!.count).toBe(0);

    await pat.caller.meetings.respond({ meetingId, agencyId: a.police, kind: "ATTENDING", attendeeName: "Pat O'Brien" } as never);
    const after = await home(pat, "practitioner");
    expect(after.section("invitationsToAnswer")!.count).toBe(0);
    expect(await pat.caller.home.taskCount()).toBe(before.page.total - 1);

    // Once the chair starts the meeting, the home offers Join.
    h.clock.set("2026-11-23T15:00:00Z");
    await maria.caller.meetings.start({ meetingId });
    expect((await home(pat, "practitioner")).section("meetingsSoon")!.items[0]!.joinHref).toBe(`/meetings/${meetingId}/room`);
  });

  it("shows the chair the agencies below the attendance threshold this quarter, computed by the database", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const a = await demoAgencies(h);
    const sam = await h.caller(DEMO.councilPractitioner);
    const maria = await h.caller(DEMO.councilManager);
    const { meetingId } = await sam.caller.meetings.convene({ caseReference: "CSC-551202", urgency: "STANDARD", scheduledStart: new Date("2026-11-23T14:00:00Z"), location: "MASH meeting room 1", chairId: maria.actor!.userId, agencyIds: [a.police, a.icb] });
    const { joinMeeting } = await import("../../server/domain/meetings/room");
    const { services } = h.services();
    h.clock.set("2026-11-23T14:00:00Z");
    await joinMeeting(services, (await h.caller(DEMO.policePractitioner)).actor!, { meetingId }, { connectionId: "pat-laptop" });
    h.clock.set("2026-11-23T15:00:00Z");
    const chair = await h.caller(DEMO.chair);
    const below = (await home(chair, "partnership_chair")).section("agenciesBelowThreshold")!;
    // Police attended; the ICB did not (0 of 1); the council convened it and is not counted.
    expect(below.items.map((i) => i.label)).toEqual(["Northshire Integrated Care Board"]);
    expect(below.title).toBe("Agencies below 75% attendance this quarter");

    // The threshold is a setting: at 1% nobody attending at all is still below it; next quarter starts clean.
    h.clock.set("2027-01-04T09:00:00Z");
    expect((await home(chair, "partnership_chair")).section("agenciesBelowThreshold")!.count).toBe(0);
  });

  it("shows an administrator the invitations that wait for someone, in their own agency only", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const priya = await h.caller(DEMO.policeAdmin);
    await priya.caller.users.invite({ email: "new.officer@police.example.org", displayName: "Jamie Ford", roles: ["practitioner"] } as never);
    const priyaHome = await home(priya, "agency_admin");
    expect(priyaHome.section("invitationsPending")!.items.map((i) => i.label)).toEqual(["Jamie Ford"]);
    // It needs a second person: not Priya, who sent it...
    expect(priyaHome.section("invitationsToApprove")!.count).toBe(0);
    // ...and not the council's administrator, whose agency it is not.
    const alex = await home(await h.caller(DEMO.councilAdmin), "agency_admin");
    expect(alex.section("invitationsPending")!.count).toBe(0);
    expect(alex.section("invitationsToApprove")!.count).toBe(0);
    // The police manager approves invitations into the police.
    const dan = await home(await h.caller(DEMO.policeManager), "manager");
    expect(dan.section("invitationsToApprove")!.items.map((i) => i.label)).toEqual(["Jamie Ford"]);
  });

  it("audits what a home page showed", async () => {
    const pat = await h.caller(DEMO.policePractitioner);
    await home(pat, "practitioner");
    expect(await h.db.auditEvent.count({ where: { action: "home.read", actorUserId: pat.actor!.userId } })).toBe(1);
  });
});
