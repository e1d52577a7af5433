// Partners ask for a strategy discussion; the front door convenes one from the request or
// declines it with reasons (decision record 0020). Also who may chair (a setting) and the
// agencies the facts about the child call for.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { useLiveServer, connected, collect } from "../support/live-server";
import { demoAgencies } from "../support/meetings";

const h = useHarness();
const live = useLiveServer(h);

const REASON = "J. told her teacher this morning that her stepfather hit her with a belt last night; there is a red mark on her forearm. Mum has been told nothing yet.";

async function schoolRequest(overrides: Record<string, unknown> = {}) {
  const dee = await h.caller(DEMO.schoolDsl);
  const { requestId } = await dee.caller.discussionRequests.create({ partnerReference: "RPS/2231", initials: "JD", yearOfBirth: 2017, urgency: "URGENT", reason: REASON, ...overrides });
  return { requestId, dee };
}

async function conveneInput(requestId: string, overrides: Record<string, unknown> = {}) {
  const agencies = await demoAgencies(h);
  const maria = await h.actor(DEMO.councilManager);
  return {
    requestId,
    caseReference: "CSC-411230",
    urgency: "URGENT" as const,
    scheduledStart: new Date("2026-11-23T13:00:00Z"),
    location: "MASH meeting room 1",
    chairId: maria.userId,
    agencyIds: [agencies.police, agencies.icb, agencies.riverside],
    ...overrides,
  };
}

describe("asking for a strategy discussion", () => {
  it("a designated lead asks for her own agency; a practitioner names the lead who backs it; the front door does not ask itself", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId, dee } = await schoolRequest();
    const row = await h.db.strategyDiscussionRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, backedById: true, requestingAgencyId: true, partnerReference: true } });
    expect(row).toMatchObject({ status: "PENDING", backedById: dee.actor!.userId, partnerReference: "RPS/2231" });

    const pat = await h.caller(DEMO.policePractitioner);
    const unbacked = await rejection(pat.caller.discussionRequests.create({ partnerReference: "NP/26/1", urgency: "STANDARD", reason: "Concern." }));
    expect(unbacked.code).toBe("BAD_REQUEST");
    expect(unbacked.message).toContain("designated lead");
    // Another agency's lead cannot back a police request.
    expect((await rejection(pat.caller.discussionRequests.create({ partnerReference: "NP/26/1", urgency: "STANDARD", reason: "Concern.", backedById: dee.actor!.userId }))).code).toBe("BAD_REQUEST");
    const dan = await h.actor(DEMO.policeManager);
    const { requestId: policeRequestId } = await pat.caller.discussionRequests.create({ partnerReference: "NP/26/1", urgency: "STANDARD", reason: "Concern.", backedById: dan.userId });
    expect(policeRequestId).toBeTruthy();

    const sam = await h.caller(DEMO.councilPractitioner);
    expect((await rejection(sam.caller.discussionRequests.create({ partnerReference: "CSC/1", urgency: "STANDARD", reason: "x" }))).code).toBe("FORBIDDEN");
  });

  it("a partner sees only its own agency's requests; the council sees every one", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId, dee } = await schoolRequest();
    const pat = await h.caller(DEMO.policePractitioner);
    const sam = await h.caller(DEMO.councilPractitioner);
    const dan = await h.actor(DEMO.policeManager);
    const { requestId: policeRequestId } = await pat.caller.discussionRequests.create({ partnerReference: "NP/26/2", urgency: "STANDARD", reason: "Concern.", backedById: dan.userId });

    const ids = async (caller: typeof dee) => (await caller.caller.discussionRequests.list()).requests.items.map((r) => r.id);
    expect(await ids(dee)).toEqual([requestId]);
    expect(await ids(pat)).toContain(policeRequestId);
    expect(await ids(pat)).not.toContain(requestId);
    expect(await ids(sam)).toEqual(expect.arrayContaining([requestId, policeRequestId]));
    expect((await rejection(pat.caller.discussionRequests.get({ requestId }))).code).toBe("NOT_FOUND");
    expect((await sam.caller.discussionRequests.get({ requestId })).abilities.canConvene).toBe(true);
    expect((await dee.caller.discussionRequests.get({ requestId })).abilities.canConvene).toBe(false);

    // A partner may ask about its own contacts only.
    const policeContact = await pat.caller.contacts.record({ referrerReference: "PPU/7001", receivedAt: new Date("2026-11-23T08:00:00Z"), familyKnows: true, familyConsents: true, concernCategory: "PHYSICAL_ABUSE", referrerLevel: 4, summary: "Injury." });
    expect((await rejection(dee.caller.discussionRequests.create({ contactId: policeContact.contactId, urgency: "URGENT", reason: "x" }))).code).toBe("NOT_FOUND");
  });
});

describe("the list of requests", () => {
  it("pages 25 at a time with the total, waiting requests first (urgent, then the longest waiting); a search finds the reference the viewer is shown", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const dee = await h.caller(DEMO.schoolDsl);
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) {
      h.clock.set(new Date(Date.parse("2026-11-23T09:30:00Z") + i * 60_000).toISOString());
      ids.push((await dee.caller.discussionRequests.create({ partnerReference: `RPS/${3000 + i}`, urgency: i === 20 ? "URGENT" : "STANDARD", reason: REASON })).requestId);
    }
    const sam = await h.caller(DEMO.councilPractitioner);
    await sam.caller.discussionRequests.decline({ requestId: ids[0]!, reason: "Already open to the allocated social worker, who will call the school today." });
    const first = await dee.caller.discussionRequests.list({});
    expect(first.requests).toMatchObject({ total: 27, page: 1, pageSize: 25, pageCount: 2 });
    expect(first.requests.items.map((r) => r.id).slice(0, 3)).toEqual([ids[20], ids[1], ids[2]]);
    const second = await dee.caller.discussionRequests.list({ page: 2 });
    expect(second.requests.items.map((r) => r.id)).toEqual([ids[26], ids[0]]);
    expect((await dee.caller.discussionRequests.list({ page: 9 })).requests.page).toBe(2);
    expect((await dee.caller.discussionRequests.list({ search: "rps/301" })).requests.total).toBe(10);
    // Another agency finds nothing, even by the reference.
    const pat = await h.caller(DEMO.policePractitioner);
    expect((await pat.caller.discussionRequests.list({ search: "RPS/3001" })).requests).toMatchObject({ total: 0, items: [] });
  });
});

describe("answering a request", () => {
  it("convening from a request links both ways, tells the requester by email, and answers it once", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId, dee } = await schoolRequest();
    const sam = await h.caller(DEMO.councilPractitioner);
    h.clock.set("2026-11-23T10:00:00Z");
    const withoutCase = await rejection(sam.caller.meetings.convene(await conveneInput(requestId, { caseReference: undefined })));
    expect(withoutCase.code).toBe("BAD_REQUEST");
    expect(withoutCase.message).toContain("case reference");

    const { meetingId } = await sam.caller.meetings.convene(await conveneInput(requestId));
    const request = await h.db.strategyDiscussionRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, meetingId: true, decidedById: true, decidedAt: true } });
    expect(request).toEqual({ status: "CONVENED", meetingId, decidedById: sam.actor!.userId, decidedAt: new Date("2026-11-23T10:00:00Z") });
    expect((await sam.caller.meetings.get({ meetingId })).fromRequest).toEqual({ id: requestId, agencyName: "Riverside Primary School" });
    expect((await dee.caller.discussionRequests.get({ requestId })).status).toBe("CONVENED");
    const answer = await h.db.outboxEmail.findMany({ where: { toAddress: DEMO.schoolDsl, subject: { contains: "strategy discussion" } }, select: { subject: true, body: true } });
    expect(answer).toHaveLength(1);
    expect(answer[0]!.subject).toContain("RPS/2231");
    expect(answer[0]!.body).toContain(`/meetings/requests/${requestId}`);
    expect(answer[0]!.body).not.toContain("CSC-411230");

    expect((await rejection(sam.caller.meetings.convene(await conveneInput(requestId, { caseReference: "CSC-411231" })))).code).toBe("CONFLICT");
    expect((await rejection(sam.caller.discussionRequests.decline({ requestId, reason: "Too late." }))).code).toBe("CONFLICT");
    expect(await h.db.strategyMeeting.count({ where: { discussionRequest: { id: requestId } } })).toBe(1);
  });

  it("convening from a request for a household takes the lead child's reference from the children the form sends", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId } = await schoolRequest();
    const sam = await h.caller(DEMO.councilPractitioner);
    const input = await conveneInput(requestId, { caseReference: undefined, children: [{ caseReference: "CSC-411230" }, { caseReference: "CSC-411231", yearOfBirth: 2021 }] });
    const { meetingId } = await sam.caller.meetings.convene(input);
    const meeting = await sam.caller.meetings.get({ meetingId });
    expect(meeting.children.map((c) => c.caseReference)).toEqual(["CSC-411230", "CSC-411231"]);
    expect(meeting.fromRequest?.id).toBe(requestId);
  });

  it("the invitation says when a partner asked and the council agreed; the page gives the request's reasons, the email does not", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId } = await schoolRequest();
    const sam = await h.caller(DEMO.councilPractitioner);
    h.clock.set("2026-11-23T10:00:00Z");
    const { meetingId } = await sam.caller.meetings.convene(await conveneInput(requestId));
    const emails = await h.db.outboxEmail.findMany({ where: { toAddress: "dan.hughes@police.example.org" }, select: { subject: true, body: true } });
    expect(emails).toHaveLength(1);
    const { body } = emails[0]!;
    expect(body).toContain("On Monday 23 November 2026, 9:30am a partner agency asked for a strategy discussion. On Monday 23 November 2026, 10am the council decided that a strategy discussion is needed.");
    expect(body).not.toContain("The chair will set out the concern");
    // Not the partner's words, the agency that asked, its reference or the case reference.
    for (const secret of [REASON.slice(0, 40), "belt", "Riverside", "RPS/2231", "CSC-411230", "JD", "2017"]) expect(body).not.toContain(secret);
    const pat = await h.caller(DEMO.policePractitioner);
    const { brief } = await pat.caller.meetings.get({ meetingId });
    expect(brief).toMatchObject({ requestReasons: REASON, requestedBy: "Riverside Primary School", requestedAt: "2026-11-23T09:30:00.000Z", decidedAt: "2026-11-23T10:00:00.000Z" });
  });

  it("declining needs reasons, which the requester is told; the database refuses a decline without them", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId, dee } = await schoolRequest();
    const sam = await h.caller(DEMO.councilPractitioner);
    expect((await rejection(sam.caller.discussionRequests.decline({ requestId, reason: "  " }))).code).toBe("BAD_REQUEST");
    expect((await rejection(dee.caller.discussionRequests.decline({ requestId, reason: "Mine." }))).code).toBe("FORBIDDEN");
    await sam.caller.discussionRequests.decline({ requestId, reason: "Already an open child protection enquiry: the allocated social worker will call you today." });
    const seen = await dee.caller.discussionRequests.get({ requestId });
    expect(seen.status).toBe("DECLINED");
    expect(seen.declineReason).toContain("allocated social worker");
    const emails = await h.db.outboxEmail.findMany({ where: { toAddress: DEMO.schoolDsl }, select: { body: true } });
    expect(emails.map((e) => e.body).join("\n")).toContain("allocated social worker");

    const { requestId: other } = await schoolRequest({ partnerReference: "RPS/2232" });
    await expect(h.db.$executeRawUnsafe(`UPDATE strategy_discussion_request SET status = 'DECLINED', decided_at = now(), decided_by_id = '${sam.actor!.userId}' WHERE id = '${other}'`)).rejects.toThrow(/decline_reason_check/);
    await expect(h.db.$executeRawUnsafe(`UPDATE strategy_discussion_request SET status = 'ANSWERED', decided_at = now(), decided_by_id = '${sam.actor!.userId}' WHERE id = '${other}'`)).rejects.toThrow(/status_check/);
  });

  it("the requester's agency hears the answer live; another agency hears nothing", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId } = await schoolRequest();
    const [school, health, council] = await Promise.all([live.signIn(DEMO.schoolDsl), live.signIn(DEMO.healthPractitioner), live.signIn(DEMO.councilPractitioner)]);
    const sockets = { school: live.open(school), health: live.open(health) };
    await Promise.all(Object.values(sockets).map(connected));
    const heard = { school: collect(sockets.school, "discussion-request:changed"), health: collect(sockets.health, "discussion-request:changed") };
    const told = new Promise((resolve) => sockets.school.once("discussion-request:changed", resolve));
    const response = await live.mutate(council, "discussionRequests.decline", { requestId, reason: "Section 17 assessment already under way." });
    expect(response.status).toBe(200);
    await told;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.school).toEqual([{ requestId, change: "declined" }]);
    expect(heard.health).toEqual([]);
  });

  it("twenty parallel convenes and declines on one request: one wins, the rest get 409", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const { requestId } = await schoolRequest();
    const [sam, maria] = await Promise.all([live.signIn(DEMO.councilPractitioner), live.signIn(DEMO.councilManager)]);
    const input = await conveneInput(requestId);
    const tries = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? live.mutate(i % 4 === 0 ? sam : maria, "meetings.convene", { ...input, scheduledStart: input.scheduledStart.toISOString() })
        : live.mutate(i % 4 === 1 ? sam : maria, "discussionRequests.decline", { requestId, reason: "Not needed: already known to the allocated team." }),
    );
    const statuses = (await Promise.all(tries)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const row = await h.db.strategyDiscussionRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, meetingId: true } });
    expect(await h.db.strategyMeeting.count()).toBe(row.status === "CONVENED" ? 1 : 0);
    expect(await h.db.outboxEmail.count({ where: { toAddress: DEMO.schoolDsl, subject: { contains: "the council's answer" } } })).toBe(1);
  }, 60_000);
});

describe("who chairs", () => {
  it("a council manager by default; the roles are a setting, validated", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const agencies = await demoAgencies(h);
    const sam = await h.caller(DEMO.councilPractitioner);
    const base = { caseReference: "CSC-500600", urgency: "STANDARD" as const, scheduledStart: new Date("2026-11-23T14:00:00Z"), location: "MASH room", agencyIds: [agencies.police, agencies.icb] };
    expect((await sam.caller.meetings.chairs()).map((c) => c.displayName)).toEqual(["Maria Jones", "Olu Adeyemi"]);
    const refused = await rejection(sam.caller.meetings.convene({ ...base, chairId: sam.actor!.userId }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toBe("The chair must be an active council social care manager");

    const admin = await h.caller(DEMO.systemAdmin);
    expect((await admin.caller.meetingSettings.chairRoles()).roles).toEqual(["manager"]);
    expect((await rejection(admin.caller.meetingSettings.setChairRoles({ roles: ["agency_admin"] }))).code).toBe("BAD_REQUEST");
    expect((await rejection(admin.caller.meetingSettings.setChairRoles({ roles: [] }))).code).toBe("BAD_REQUEST");
    expect((await rejection(sam.caller.meetingSettings.setChairRoles({ roles: ["practitioner"] }))).code).toBe("FORBIDDEN");
    await admin.caller.meetingSettings.setChairRoles({ roles: ["practitioner", "manager"] });
    expect((await sam.caller.meetings.chairs()).map((c) => c.displayName)).toContain("Sam Patel");
    await sam.caller.meetings.convene({ ...base, chairId: sam.actor!.userId });
  });
});

describe("required agencies beyond the core three", () => {
  it("a looked-after child needs the fostering or residential provider; a suspected injury needs a paediatrician; unless confirmed", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const agencies = await demoAgencies(h);
    const fostering = (await h.db.agency.findFirstOrThrow({ where: { providesCarePlacements: true }, select: { id: true } })).id;
    const sam = await h.caller(DEMO.councilPractitioner);
    const chairId = (await h.actor(DEMO.councilManager)).userId;
    let serial = 0;
    const convene = (extra: Record<string, unknown>) =>
      sam.caller.meetings.convene({ caseReference: `CSC-70000${++serial}`, urgency: "STANDARD", scheduledStart: new Date("2026-11-23T14:00:00Z"), location: "MASH room", chairId, agencyIds: [agencies.police, agencies.icb], ...extra });

    const lookedAfter = await rejection(convene({ childLookedAfter: true }));
    expect(lookedAfter.code).toBe("BAD_REQUEST");
    expect(lookedAfter.message).toContain("looked after");
    await convene({ childLookedAfter: true, agencyIds: [agencies.police, agencies.icb, fostering] });

    const injury = await rejection(convene({ suspectedInjuryOrInHospital: true }));
    expect(injury.message).toContain("paediatrician");
    await convene({ suspectedInjuryOrInHospital: true, agencyIds: [agencies.police, agencies.hospital] });
    await convene({ suspectedInjuryOrInHospital: true, childLookedAfter: true, confirmMissingPrompted: true });
    // Without the facts, nothing more is asked.
    await convene({});
  });

  it("suggests the referring agency and the child's school", async () => {
    h.clock.set("2026-11-23T09:30:00Z");
    const agencies = await demoAgencies(h);
    const { requestId } = await schoolRequest();
    const sam = await h.caller(DEMO.councilPractitioner);
    expect((await sam.caller.meetings.suggestedAgencies({ requestId })).suggested).toEqual([{ agencyId: agencies.riverside, why: "referring agency and the child's school" }]);

    // A police contact about a child whose school also made a contact on the same case.
    const school = await h.caller(DEMO.schoolDsl);
    const pat = await h.caller(DEMO.policePractitioner);
    const contact = { receivedAt: new Date("2026-11-23T08:00:00Z"), familyKnows: true, familyConsents: true, concernCategory: "PHYSICAL_ABUSE" as const, referrerLevel: 4, summary: "Bruising." };
    const fromSchool = await school.caller.contacts.record({ ...contact, referrerReference: "RPS/2300" });
    const fromPolice = await pat.caller.contacts.record({ ...contact, referrerReference: "PPU/2300" });
    await sam.caller.contacts.decide({ contactId: fromSchool.contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Injury.", caseReference: "CSC-812300" });
    await sam.caller.contacts.decide({ contactId: fromPolice.contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: "Injury.", caseReference: "CSC-812300" });
    const suggestions = await sam.caller.meetings.suggestedAgencies({ contactId: fromPolice.contactId });
    expect(suggestions.suggested).toEqual([
      { agencyId: agencies.police, why: "referring agency" },
      { agencyId: agencies.riverside, why: "the child's school" },
    ]);
    expect(suggestions.paediatricsIds).toEqual([agencies.hospital]);
  });
});
