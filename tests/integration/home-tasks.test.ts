// Home is a task list: each person sees the work they can act on, the counts follow the work,
// and nobody sees another agency's records there.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { conveneDemoMeeting, demoAgencies } from "../support/meetings";

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
  familyKnows: true, familyConsents: true, concernCategory: "PHYSICAL_ABUSE" as const,
  referrerLevel: 4,
  summary: "Bruising to the face seen at a welfare check; the child gave an inconsistent account.",
};

describe("home pages list work", () => {
  it("gives each kind of person their own sections", async () => {
    expect((await home(await h.caller(DEMO.policePractitioner), "practitioner")).keys).toEqual(["invitationsToAnswer", "meetingsSoon", "agencyActions", "disagreementsWaiting", "newDecisions"]);
    expect((await home(await h.caller(DEMO.councilPractitioner), "practitioner")).keys).toEqual(["meetingsSoon", "agencyActions", "disagreementsWaiting", "contactsAwaitingDecision", "decisionsNeedingMeeting", "referrerNotTold", "discussionRequests"]);
    expect((await home(await h.caller(DEMO.councilManager), "manager")).keys).toEqual(expect.arrayContaining(["decisionsAwaitingSignOff", "discussionRequests", "teamOverdueWork"]));
    expect((await home(await h.caller(DEMO.policeManager), "manager")).keys).toContain("teamOverdueWork");
    // Practitioners are not shown their team's overdue work, nor partners the front door's requests.
    expect((await home(await h.caller(DEMO.policePractitioner), "practitioner")).keys).not.toContain("discussionRequests");
    expect((await home(await h.caller(DEMO.chair), "partnership_chair")).keys).toEqual(expect.arrayContaining(["agenciesBelowThreshold", "disagreementsOverdueOrLast", "minutesOverdue"]));
    expect((await home(await h.caller(DEMO.policeAdmin), "agency_admin")).keys).toEqual(["invitationsPending", "accountsToReview", "invitationsToApprove", "accessReviewDue"]);
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

  it("shows the front door the requests for a strategy discussion until it answers them, urgent first", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const dee = await h.caller(DEMO.schoolDsl);
    const pat = await h.caller(DEMO.policePractitioner);
    const dan = await h.actor(DEMO.policeManager);
    const sam = await h.caller(DEMO.councilPractitioner);
    // The demo data may already hold requests: these two come on top of them.
    const before = (await home(sam, "practitioner")).section("discussionRequests")!.count;
    const reason = "J. told her teacher this morning that her stepfather hit her with a belt last night; there is a red mark on her forearm.";
    const { requestId: standard } = await pat.caller.discussionRequests.create({ partnerReference: "NP/26/4410", urgency: "STANDARD", reason: "Third domestic abuse callout in a month with the children present.", backedById: dan.userId });
    h.clock.set("2026-11-23T10:00:00Z");
    const { requestId: urgent } = await dee.caller.discussionRequests.create({ partnerReference: "RPS/2231", initials: "JD", yearOfBirth: 2017, urgency: "URGENT", reason });
    const requests = (await home(sam, "practitioner")).section("discussionRequests")!;
    expect(requests.count).toBe(before + 2);
    const mine = (items: { href: string }[]) => items.map((i) => i.href).filter((href) => [urgent, standard].some((id) => href.endsWith(id)));
    // The urgent one first, though it came later.
    expect(mine(requests.items)).toEqual([`/meetings/requests/${urgent}`, `/meetings/requests/${standard}`]);
    expect(requests.items.find((i) => i.href.endsWith(urgent))!.label).toBe("RPS/2231 from Riverside Primary School");

    await sam.caller.discussionRequests.decline({ requestId: standard, reason: "The family is already known and a strategy meeting was held on Friday." } as never);
    const after = (await home(sam, "practitioner")).section("discussionRequests")!;
    expect(after.count).toBe(before + 1);
    expect(mine(after.items)).toEqual([`/meetings/requests/${urgent}`]);
    expect(await sam.caller.home.taskCount()).toBe((await home(sam, "practitioner")).page.total);
  });

  it("shows a council manager the contacts past their decision time", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    const { contactId } = await police.caller.contacts.record(policeContact);
    const maria = await h.caller(DEMO.councilManager);
    expect((await home(maria, "manager")).section("teamOverdueWork")!.count).toBe(0);
    // Due within 1 working day: overdue from Tuesday morning.
    h.clock.set("2026-11-24T09:00:00Z");
    const overdue = (await home(maria, "manager")).section("teamOverdueWork")!;
    expect(overdue.title).toBe("Your team's overdue work");
    expect(overdue.items.map((i) => [i.href, i.overdue])).toEqual([[`/contacts/${contactId}`, true]]);
    // A decision takes it off the list.
    const sam = await h.caller(DEMO.councilPractitioner);
    await sam.caller.contacts.decide({ contactId, caseReference: "CSC-551210", levelApplied: 3, outcome: "STRATEGY_DISCUSSION", rationale: "Unexplained facial bruising in a child of this age needs a strategy discussion today." } as never);
    expect((await home(maria, "manager")).section("teamOverdueWork")!.count).toBe(0);
  });

  it("shows a partner manager their own agency's overdue actions only", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T14:00:00Z");
    await chair.caller.meetings.start({ meetingId });
    await chair.caller.meetings.addAction({ meetingId, description: "Share the previous callouts with children's social care", owningAgencyId: agencies.police, ownerName: "DS Hughes", dueDate: "2026-11-24" });
    await chair.caller.meetings.addAction({ meetingId, description: "Check the child's attendance record", owningAgencyId: agencies.riverside, ownerName: "Dee Walker", dueDate: "2026-11-24" });
    const dan = await h.caller(DEMO.policeManager);
    // Due on Tuesday: still in time all of Tuesday, overdue on Wednesday.
    h.clock.set("2026-11-24T16:00:00Z");
    expect((await home(dan, "manager")).section("teamOverdueWork")!.count).toBe(0);
    h.clock.set("2026-11-25T09:00:00Z");
    const overdue = (await home(dan, "manager")).section("teamOverdueWork")!;
    expect(overdue.items.map((i) => i.label)).toEqual(["Share the previous callouts with children's social care"]);
    expect(JSON.stringify(overdue)).not.toContain("attendance record");
  });

  it("audits what a home page showed", async () => {
    const pat = await h.caller(DEMO.policePractitioner);
    await home(pat, "practitioner");
    expect(await h.db.auditEvent.count({ where: { action: "home.read", actorUserId: pat.actor!.userId } })).toBe(1);
  });
});

describe("accounts not used lately", () => {
  it("lists an agency's accounts two weeks before the access-review setting suspends them, and follows the setting", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const police = (await h.db.agency.findFirstOrThrow({ where: { name: "Northshire Police" }, select: { id: true } })).id;
    // Created 100 days ago; last signed in 80 days ago: within 14 days of the default 90-day suspension.
    const quiet = await h.db.user.create({ data: { email: "quiet.officer@police.example.org", displayName: "Quiet Officer", agencyId: police, createdAt: new Date("2026-08-15T09:00:00Z") }, select: { id: true } });
    await h.db.auditEvent.create({ data: { action: "auth.login", entityType: "user", entityId: quiet.id, actorUserId: quiet.id, actorAgencyId: police, occurredAt: new Date("2026-09-04T09:00:00Z") } });
    const priya = await h.caller(DEMO.policeAdmin);
    const listed = (await home(priya, "agency_admin")).section("accountsToReview")!;
    expect(listed.title).toBe("Accounts not used for 76 days");
    expect(listed.items.map((i) => i.label)).toContain("Quiet Officer");
    expect(listed.items.find((i) => i.label === "Quiet Officer")!.detail).toContain("suspended after 90 days without a sign-in");
    expect(await priya.caller.home.taskCount()).toBeGreaterThanOrEqual(listed.count);

    // With suspension after 120 days, 80 days without a sign-in is not yet worth a warning.
    await h.db.setting.upsert({ where: { key: "access.unusedAccountDays" }, create: { key: "access.unusedAccountDays", value: 120 }, update: { value: 120 } });
    const later = (await home(priya, "agency_admin")).section("accountsToReview")!;
    expect(later.title).toBe("Accounts not used for 106 days");
    expect(later.items.map((i) => i.label)).not.toContain("Quiet Officer");
  });
});
