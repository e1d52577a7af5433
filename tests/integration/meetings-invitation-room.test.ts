// Issue #12, items 4 and 8 (decision 0022): what an invitation tells a partner, the answer
// form's questions per answer, and a room everyone can use (ending asks to confirm, no decision
// is preselected, errors name their field, the quorum after the end).
import { describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useHarness, DEMO, rejection } from "../support/harness";
import { useLiveServer, connected } from "../support/live-server";
import { conveneDemoMeeting, demoAgencies } from "../support/meetings";
import { describeError } from "../../app/utils/errors.server";
import { joinMeeting } from "../../server/domain/meetings/room";
import * as meetingPage from "../../app/routes/meetings.$meetingId._index";
import * as roomPage from "../../app/routes/meetings.$meetingId.room";

const h = useHarness();
const live = useLiveServer(h);

const RATIONALE = "Jamie told the PCSO a parent grabbed them; bruising consistent with the account. Reasonable cause to suspect significant harm.";
const SUMMARY = "Bruising to the upper arm seen at a welfare check; child says a parent grabbed them.";

/** The police refer; the council decides a strategy discussion is needed and convenes it from the contact. */
async function conveneFromContact() {
  h.clock.set("2026-11-23T09:00:00Z");
  const police = await h.caller(DEMO.policePractitioner);
  const { contactId } = await police.caller.contacts.record({
    referrerReference: "PPU/2026/104233",
    initials: "JD",
    yearOfBirth: 2016,
    receivedAt: new Date("2026-11-23T08:30:00Z"),
    familyKnows: true, familyConsents: true, concernCategory: "PHYSICAL_ABUSE",
    referrerLevel: 4,
    summary: SUMMARY,
  });
  const council = await h.caller(DEMO.councilPractitioner);
  await council.caller.contacts.decide({ contactId, levelApplied: 4, outcome: "STRATEGY_DISCUSSION", rationale: RATIONALE, caseReference: "CSC-104233" });
  const agencies = await demoAgencies(h);
  const chair = await h.actor(DEMO.councilManager);
  const { meetingId } = await council.caller.meetings.convene({
    contactId,
    urgency: "URGENT",
    scheduledStart: new Date("2026-11-24T14:30:00Z"), // GMT in November: 2:30pm in the UK
    callLink: "https://meet.example.org/strategy-7f3a",
    chairId: chair.userId,
    agencyIds: [agencies.police, agencies.icb],
    lateReason: "The officer in the case is on a rest day until Tuesday afternoon.",
  });
  return { meetingId, police, council };
}

async function context(email: string) {
  const { caller, actor } = await h.caller(email);
  return { trpc: caller, actor, requestId: "test" };
}

function post(path: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields) });
}

describe("the invitation tells a partner what to prepare", () => {
  it("the email gives the concern, the level, the UK time and a clickable https call link, and nothing that identifies the child", async () => {
    const { meetingId } = await conveneFromContact();
    const emails = await h.db.outboxEmail.findMany({ where: { toAddress: "dan.hughes@police.example.org" }, select: { subject: true, body: true } });
    expect(emails).toHaveLength(1);
    const { subject, body } = emails[0]!;
    expect(subject).toBe("Urgent: strategy meeting invitation, Tuesday 24 November 2026, 2:30pm");
    expect(body).toContain("When: Tuesday 24 November 2026, 2:30pm (UK time)");
    expect(body).toContain("Main concern: Physical abuse");
    expect(body).toMatch(/Threshold level the council applied: Level 4/);
    expect(body).toContain("On Monday 23 November 2026, 9am the council decided that a strategy discussion is needed.");
    expect(body).toContain("What to prepare");
    // The call link stands alone on its line, so mail clients make it a link.
    expect(body.split("\n")).toContain("https://meet.example.org/strategy-7f3a");
    expect(body.split("\n")).toContain(`http://localhost:3000/meetings/${meetingId}`);
    // No case reference, initials, year of birth, partner reference, or typed text (which may name people).
    for (const secret of ["CSC-104233", "JD", "2016", "PPU/2026/104233", "Jamie", RATIONALE, SUMMARY]) expect(`${subject}\n${body}`).not.toContain(secret);
  });

  it("the meeting page, after sign-in, adds the referring agency and the council's written reasons", async () => {
    const { meetingId, police } = await conveneFromContact();
    const meeting = await police.caller.meetings.get({ meetingId });
    expect(meeting.brief).toMatchObject({ concern: "Physical abuse", referredBy: "Northshire Police", reasons: RATIONALE, decidedAt: "2026-11-23T09:00:00.000Z" });
    expect(meeting.brief.level).toMatch(/^Level 4/);
    expect(meeting.caseReference).toBe("CSC-104233");
  });

  it("a meeting convened from a case reference alone says the chair will set out the concern", async () => {
    await conveneDemoMeeting(h);
    const { body } = await h.db.outboxEmail.findFirstOrThrow({ where: { toAddress: "dan.hughes@police.example.org" }, select: { body: true } });
    expect(body).toContain("The chair will set out the concern at the start of the meeting.");
    expect(body).toContain("When: Monday 23 November 2026, 2pm (UK time)");
    expect(body).not.toContain("CSC-300400");
  });
});

describe("the answer form asks exactly what the chosen answer needs", () => {
  it("each answer requires its own field, with the message beside it", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policePractitioner);
    const fieldErrorsOf = async (input: Record<string, unknown>) => describeError(await rejection(police.caller.meetings.respond({ meetingId, ...input } as never))).fieldErrors;
    expect(await fieldErrorsOf({ kind: "ATTENDING", reason: "A reason is not a name" })).toEqual({ attendeeName: "Enter the name of the person who will attend" });
    expect(await fieldErrorsOf({ kind: "DELEGATE" })).toEqual({ attendeeName: "Enter the name of the delegate who will attend" });
    expect(await fieldErrorsOf({ kind: "APOLOGIES", attendeeName: "DS Hughes" })).toEqual({ reason: "Enter the reason your agency cannot attend" });
    expect(await fieldErrorsOf({ kind: "WRITTEN_CONTRIBUTION", reason: "On leave" })).toEqual({ contribution: "Enter your agency's written contribution" });
    expect(await fieldErrorsOf({})).toEqual({ kind: "Choose your agency's answer" });
    expect(await h.db.invitationResponse.count()).toBe(0);
  });

  it("keeps only the chosen answer's field: what was typed under another answer is not recorded", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policePractitioner);
    await police.caller.meetings.respond({ meetingId, kind: "APOLOGIES", reason: "Called to an incident", attendeeName: "DS Hughes", contribution: "Half-written notes" });
    expect(await h.db.invitationResponse.findFirstOrThrow({ select: { kind: true, attendeeName: true, reason: true, contribution: true } })).toEqual({ kind: "APOLOGIES", attendeeName: null, reason: "Called to an incident", contribution: null });
  });

  it("the page's delegate question fills the delegate's name, and its error points at that question", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const path = `/meetings/${meetingId}`;
    const args = async (fields: Record<string, string>) => ({ request: post(path, fields), params: { meetingId }, context: await context(DEMO.policePractitioner) }) as unknown as ActionFunctionArgs;
    // Without JavaScript every question shows: a name typed under "Attending" is not the delegate's.
    const refused = (await meetingPage.action(await args({ kind: "DELEGATE", attendeeName: "DS Hughes", delegateName: "" }))) as Response;
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { fieldErrors: Record<string, string> } }).errors.fieldErrors).toEqual({ delegateName: "Enter the name of the delegate who will attend" });
    await meetingPage.action(await args({ kind: "DELEGATE", attendeeName: "DS Hughes", delegateName: "DC O'Brien, duty sergeant" }));
    expect(await h.db.invitationResponse.findFirstOrThrow({ select: { kind: true, attendeeName: true } })).toEqual({ kind: "DELEGATE", attendeeName: "DC O'Brien, duty sergeant" });
  });
});

describe("a room everyone can use", () => {
  async function startedWithDecision() {
    const { meetingId } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T13:55:00Z");
    await chair.caller.meetings.start({ meetingId });
    await chair.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
    return { meetingId, chair };
  }
  const loaderArgs = async (email: string, meetingId: string, search = "") =>
    ({ request: new Request(`http://localhost/meetings/${meetingId}/room${search}`), params: { meetingId }, context: await context(email) }) as unknown as LoaderFunctionArgs;
  const ended = async (meetingId: string) => (await h.db.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { endedAt: true } })).endedAt;

  it("ending asks for confirmation first: asking changes nothing, only the confirmation ends the meeting", async () => {
    const { meetingId } = await startedWithDecision();
    const asked = (await (await roomPage.loader(await loaderArgs(DEMO.councilManager, meetingId, "?end=confirm"))).json()) as { confirmEnd: boolean };
    expect(asked.confirmEnd).toBe(true);
    expect(await ended(meetingId)).toBeNull();
    // Only the chair is asked; to anyone else the address is just the room.
    expect(((await (await roomPage.loader(await loaderArgs(DEMO.policePractitioner, meetingId, "?end=confirm"))).json()) as { confirmEnd: boolean }).confirmEnd).toBe(false);
    const actionArgs = async (fields: Record<string, string>, email: string = DEMO.councilManager) => ({ request: post(`/meetings/${meetingId}/room`, fields), params: { meetingId }, context: await context(email) }) as unknown as ActionFunctionArgs;
    // A POST without the confirmation, or by someone else, ends nothing.
    expect(((await roomPage.action(await actionArgs({ intent: "end" }))) as Response).status).toBe(400);
    expect(((await roomPage.action(await actionArgs({ intent: "confirm-end" }, DEMO.policePractitioner))) as Response).status).toBe(403);
    expect(await ended(meetingId)).toBeNull();
    const done = (await roomPage.action(await actionArgs({ intent: "confirm-end" }))) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/meetings/${meetingId}/room`);
    expect(await ended(meetingId)).not.toBeNull();
  });

  it("after the end, the quorum says who took part, not who is still in the room", async () => {
    const { meetingId, chair } = await startedWithDecision();
    const { services } = h.services();
    await joinMeeting(services, await h.actor(DEMO.councilManager), { meetingId }, { connectionId: "chair-laptop" });
    await joinMeeting(services, await h.actor(DEMO.policePractitioner), { meetingId }, { connectionId: "police-laptop" });
    await chair.caller.meetings.end({ meetingId });
    const { quorum } = await chair.caller.meetings.get({ meetingId });
    expect(quorum.ended).toBe(true);
    expect(quorum.absentRequired.map((a) => a.kind)).toEqual(["HEALTH"]);
  });

  it("no decision is chosen for the chair: sending none, or an early start without a reason, is refused with a message for the field", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    h.clock.set("2026-11-23T09:00:00Z");
    const socket = live.open(await live.signIn(DEMO.councilManager));
    await connected(socket);
    const early = await socket.emitWithAck("meeting:start", { meetingId });
    expect(early).toMatchObject({ error: { code: "INVALID", fieldErrors: { earlyReason: "Enter why the meeting was brought forward" } } });
    await socket.emitWithAck("meeting:start", { meetingId, earlyReason: "Everyone was free earlier." });
    const none = await socket.emitWithAck("meeting:record-decision", { meetingId, kind: "" as never, reason: "" });
    expect(none).toMatchObject({ error: { code: "INVALID", fieldErrors: { kind: "Choose the decision", reason: "Enter the reasons for the decision" } } });
    expect(await h.db.meetingDecision.count({ where: { meetingId } })).toBe(0);
  });
});
