// Races on one meeting, as real parallel requests to a live server on the test database: twenty
// ends, approvals or joins at once give one event (and one email per recipient); every caller
// gets the same answer; nothing is doubled and no attendance is left open.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, disconnected } from "../support/live-server";
import { conveneDemoMeeting } from "../support/meetings";

const h = useHarness();
const live = useLiveServer(h);
const TRIES = 20;

type Reply = { status: number; data: unknown; message: string | null };
async function call(cookie: string, path: string, input: unknown): Promise<Reply> {
  const response = await live.mutate(cookie, path, input);
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
  return { status: response.status, data: body.result?.data ?? null, message: body.error?.message ?? null };
}
const inParallel = (cookie: string, path: string, input: unknown) => Promise.all(Array.from({ length: TRIES }, () => call(cookie, path, input)));

/** Events numbered 1..n with no gap or duplicate, and the meeting's version equal to n. */
async function expectIntactTimeline(meetingId: string) {
  const seqs = (await h.db.meetingEvent.findMany({ where: { meetingId }, orderBy: { seq: "asc" }, select: { seq: true } })).map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect((await h.db.strategyMeeting.findUniqueOrThrow({ where: { id: meetingId }, select: { version: true } })).version).toBe(seqs.length);
}
const eventsOf = (meetingId: string, type: string) => h.db.meetingEvent.count({ where: { meetingId, type } });

/** The demo meeting started on time with a decision recorded. (Sign in after moving the clock: sessions time out.) */
async function startedMeeting() {
  const { meetingId } = await conveneDemoMeeting(h);
  const chair = await h.caller(DEMO.councilManager);
  h.clock.set("2026-11-23T14:00:00Z");
  await chair.caller.meetings.start({ meetingId });
  await chair.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
  return { meetingId, chair, signIn: () => live.signIn(DEMO.councilManager) };
}

describe("twenty at once", () => {
  it("starts: one start, one event, everyone told the same time", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    h.clock.set("2026-11-23T13:55:00Z");
    const replies = await inParallel(await live.signIn(DEMO.councilManager), "meetings.start", { meetingId });
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect(new Set(replies.map((r) => JSON.stringify((r.data as { startedAt: string }).startedAt)))).toEqual(new Set([JSON.stringify("2026-11-23T13:55:00.000Z")]));
    expect(await eventsOf(meetingId, "meeting.started")).toBe(1);
    await expectIntactTimeline(meetingId);
  });

  it("ends: one end, one event, no email", async () => {
    const { meetingId, signIn } = await startedMeeting();
    h.clock.set("2026-11-23T15:00:00Z");
    const replies = await inParallel(await signIn(), "meetings.end", { meetingId });
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect(replies.map((r) => (r.data as { endedAt: string }).endedAt)).toEqual(replies.map(() => "2026-11-23T15:00:00.000Z"));
    expect(await eventsOf(meetingId, "meeting.ended")).toBe(1);
    expect(await h.db.auditEvent.count({ where: { entityId: meetingId, action: "meeting.end" } })).toBe(1);
    expect(await h.db.outboxEmail.count({ where: { subject: "Strategy meeting minutes are ready" } })).toBe(0);
    await expectIntactTimeline(meetingId);
  });

  it("approvals: the minutes circulate once, one email per recipient", async () => {
    const { meetingId, chair, signIn } = await startedMeeting();
    h.clock.set("2026-11-23T15:00:00Z");
    await chair.caller.meetings.end({ meetingId });
    h.clock.set("2026-11-23T17:00:00Z");
    await chair.caller.meetings.draftMinutes({ meetingId, minutes: "Joint section 47 enquiry agreed." });
    const replies = await inParallel(await signIn(), "meetings.approveMinutes", { meetingId });
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect(await eventsOf(meetingId, "minutes.circulated")).toBe(1);
    const emails = await h.db.outboxEmail.findMany({ where: { subject: "Strategy meeting minutes are ready" }, select: { toAddress: true } });
    expect(emails.length).toBeGreaterThan(3);
    expect(new Set(emails.map((e) => e.toAddress)).size).toBe(emails.length);
    await expectIntactTimeline(meetingId);
  });

  it("joins on one connection: one attendance, one event, and nothing left open after it drops", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    h.clock.set("2026-11-23T14:00:00Z");
    const socket = live.open(await live.signIn(DEMO.policePractitioner));
    await connected(socket);
    const acks = await Promise.all(Array.from({ length: TRIES }, () => socket.emitWithAck("meeting:join", { meetingId })));
    const ids = acks.map((ack) => ("data" in ack ? ack.data.attendanceId : ack.error.message));
    expect(new Set(ids).size).toBe(1);
    expect(await h.db.meetingAttendance.count({ where: { meetingId } })).toBe(1);
    expect(await eventsOf(meetingId, "attendee.joined")).toBe(1);

    // A second device is a second connection, but still one person present.
    const phone = live.open(await live.signIn(DEMO.policePractitioner));
    await connected(phone);
    const fromPhone = await phone.emitWithAck("meeting:join", { meetingId });
    expect("data" in fromPhone && fromPhone.data.snapshot.present.filter((p) => p.name === "Pat O'Brien").map((p) => p.devices)).toEqual([2]);

    const gone = disconnected(socket);
    socket.close();
    await gone;
    phone.close();
    await expect.poll(() => h.db.meetingAttendance.count({ where: { meetingId, leftAt: null } }), { timeout: 5000 }).toBe(0);
    await expectIntactTimeline(meetingId);
  });

  it("joins racing the end: each lands before the end (which closes it) or is refused, none after it", async () => {
    const { meetingId, signIn } = await startedMeeting();
    h.clock.set("2026-11-23T15:00:00Z");
    const police = await live.signIn(DEMO.policePractitioner);
    const sockets = Array.from({ length: TRIES }, () => live.open(police));
    await Promise.all(sockets.map(connected));
    const chair = await signIn();
    const [ended, ...acks] = await Promise.all([call(chair, "meetings.end", { meetingId }), ...sockets.map((socket) => socket.emitWithAck("meeting:join", { meetingId }))]);
    expect(ended.status).toBe(200);
    const joined = acks.filter((ack) => "data" in ack).length;
    for (const ack of acks) if ("error" in ack) expect(ack.error).toMatchObject({ code: "CONFLICT", message: "This meeting has ended: its record can no longer change." });

    // Every join that was acknowledged is recorded, before the end; nobody is left present.
    expect(await eventsOf(meetingId, "attendee.joined")).toBe(joined);
    expect(await h.db.meetingAttendance.count({ where: { meetingId, connectionId: { not: null } } })).toBe(joined);
    expect(await h.db.meetingAttendance.count({ where: { meetingId, leftAt: null } })).toBe(0);
    const endSeq = (await h.db.meetingEvent.findFirstOrThrow({ where: { meetingId, type: "meeting.ended" }, select: { seq: true } })).seq;
    expect(await h.db.meetingEvent.count({ where: { meetingId, type: "attendee.joined", seq: { gt: endSeq } } })).toBe(0);
    for (const socket of sockets) socket.close();
    await expectIntactTimeline(meetingId);
  });

  it("the chair's record racing the end: each action lands before the end or is refused", async () => {
    const { meetingId, signIn } = await startedMeeting();
    h.clock.set("2026-11-23T15:00:00Z");
    const chair = await signIn();
    const police = (await h.db.agency.findFirstOrThrow({ where: { kind: "POLICE" }, select: { id: true } })).id;
    const action = (i: number) => ({ meetingId, description: `Visit ${i}`, owningAgencyId: police, ownerName: "DC Obi", dueDate: "2026-11-30" });
    const [ended, ...added] = await Promise.all([call(chair, "meetings.end", { meetingId }), ...Array.from({ length: TRIES }, (_, i) => call(chair, "meetings.addAction", action(i)))]);
    expect(ended.status).toBe(200);
    for (const reply of added) if (reply.status !== 200) expect(reply).toMatchObject({ status: 409, message: "This meeting has ended: its record can no longer change." });
    const endSeq = (await h.db.meetingEvent.findFirstOrThrow({ where: { meetingId, type: "meeting.ended" }, select: { seq: true } })).seq;
    expect(await h.db.meetingEvent.count({ where: { meetingId, type: "action.added", seq: { gt: endSeq } } })).toBe(0);
    expect(await h.db.meetingAction.count({ where: { meetingId } })).toBe(added.filter((r) => r.status === 200).length);
    await expectIntactTimeline(meetingId);
  });
});
