// The meeting room over real sockets: joining, presence seen by others, chair-only actions,
// scope, and a reconnect that catches up on what it missed.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, collect, disconnected } from "../support/live-server";
import { demoAgencies } from "../support/meetings";

const h = useHarness();
const live = useLiveServer(h);

async function convene(cookie: string) {
  const agencies = await demoAgencies(h);
  const chair = await h.actor(DEMO.councilManager);
  const response = await live.mutate(cookie, "meetings.convene", {
    caseReference: "CSC-400500",
    urgency: "URGENT",
    scheduledStart: "2026-11-23T09:30:00.000Z", // half an hour after the test clock
    callLink: "https://meet.example.org/strategy-1",
    chairId: chair.userId,
    agencyIds: [agencies.police, agencies.icb],
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: { meetingId: string } } }).result.data.meetingId;
}

describe("meeting room", () => {
  it("an invitation reaches invited agencies live, and not others", async () => {
    const [council, police, school] = await Promise.all([live.signIn(DEMO.councilPractitioner), live.signIn(DEMO.policeManager), live.signIn(DEMO.schoolDsl)]);
    const policeSocket = live.open(police);
    const schoolSocket = live.open(school);
    await Promise.all([connected(policeSocket), connected(schoolSocket)]);
    const schoolHeard = collect(schoolSocket, "meeting:changed");
    const invited = new Promise<{ meetingId: string; change: string }>((resolve) => policeSocket.once("meeting:changed", resolve));
    const meetingId = await convene(council);
    expect(await invited).toEqual({ meetingId, change: "convened" });
    await new Promise((r) => setTimeout(r, 150));
    expect(schoolHeard).toEqual([]);
  });

  it("two agencies join and see each other's presence; the quorum names the absent agency", async () => {
    const [chair, police] = await Promise.all([live.signIn(DEMO.councilManager), live.signIn(DEMO.policePractitioner)]);
    const meetingId = await convene(await live.signIn(DEMO.councilPractitioner));
    const chairSocket = live.open(chair);
    const policeSocket = live.open(police);
    await Promise.all([connected(chairSocket), connected(policeSocket)]);
    const chairJoin = await chairSocket.emitWithAck("meeting:join", { meetingId });
    expect("data" in chairJoin && chairJoin.data.snapshot.present.map((p) => p.name)).toEqual(["Maria Jones"]);
    const seenByChair = new Promise<{ event: { type: string; payload: Record<string, unknown> } }>((resolve) => chairSocket.once("meeting:event", resolve));
    const policeJoin = await policeSocket.emitWithAck("meeting:join", { meetingId });
    if (!("data" in policeJoin)) throw new Error(JSON.stringify(policeJoin));
    expect(policeJoin.data.snapshot.present.map((p) => p.agencyName).sort()).toEqual(["Northshire Council Children's Social Care", "Northshire Police"]);
    expect(policeJoin.data.snapshot.quorum.absentRequired.map((a) => a.agencies)).toEqual([["Northshire Integrated Care Board"]]);
    const event = await seenByChair;
    expect(event.event).toMatchObject({ type: "attendee.joined", payload: { name: "Pat O'Brien" } });

    // Leaving by disconnecting ends the attendance, and the chair sees it.
    const left = new Promise<{ event: { type: string } }>((resolve) => chairSocket.on("meeting:event", (e) => e.event.type === "attendee.left" && resolve(e)));
    policeSocket.disconnect();
    expect((await left).event.type).toBe("attendee.left");
    const attendance = await h.db.meetingAttendance.findFirstOrThrow({ where: { meetingId, name: "Pat O'Brien" } });
    expect(attendance.leftAt).not.toBeNull();
  });

  it("refuses a chair-only action from anyone else, and everything to an uninvited agency", async () => {
    const [police, school] = await Promise.all([live.signIn(DEMO.policeManager), live.signIn(DEMO.schoolDsl)]);
    const meetingId = await convene(await live.signIn(DEMO.councilPractitioner));
    const policeSocket = live.open(police);
    const schoolSocket = live.open(school);
    await Promise.all([connected(policeSocket), connected(schoolSocket)]);
    await policeSocket.emitWithAck("meeting:join", { meetingId });
    expect(await policeSocket.emitWithAck("meeting:record-decision", { meetingId, kind: "S47_JOINT", reason: "x" })).toEqual({ error: { code: "FORBIDDEN", message: "Only the meeting's chair can do that." } });
    expect(await policeSocket.emitWithAck("meeting:end", { meetingId })).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(await schoolSocket.emitWithAck("meeting:join", { meetingId })).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(await schoolSocket.emitWithAck("meeting:catch-up", { meetingId, lastSeq: 0 })).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(await policeSocket.emitWithAck("meeting:join", { meetingId: "not-a-uuid" })).toMatchObject({ error: { code: "INVALID" } });
    expect(await h.db.meetingDecision.count()).toBe(0);
    expect(await h.db.meetingAttendance.count({ where: { name: "Dee Walker" } })).toBe(0);
  });

  it("a client that reconnects catches up on what it missed", async () => {
    const [chair, police] = await Promise.all([live.signIn(DEMO.councilManager), live.signIn(DEMO.policePractitioner)]);
    const meetingId = await convene(await live.signIn(DEMO.councilPractitioner));
    const chairSocket = live.open(chair);
    let policeSocket = live.open(police);
    await Promise.all([connected(chairSocket), connected(policeSocket)]);
    await chairSocket.emitWithAck("meeting:join", { meetingId });
    const joined = await policeSocket.emitWithAck("meeting:join", { meetingId });
    if (!("data" in joined)) throw new Error("join failed");
    const lastSeq = joined.data.snapshot.seq;

    const gone = disconnected(policeSocket);
    const leftSeen = new Promise((resolve) => chairSocket.on("meeting:event", (e) => e.event.type === "attendee.left" && resolve(e)));
    policeSocket.disconnect();
    await Promise.all([gone, leftSeen]);
    expect(await chairSocket.emitWithAck("meeting:record-decision", { meetingId, kind: "S47_JOINT", reason: "Significant harm suspected." })).toHaveProperty("data");
    expect(await chairSocket.emitWithAck("meeting:update-summary", { meetingId, summary: "Joint enquiry agreed." })).toHaveProperty("data");

    policeSocket = live.open(police);
    await connected(policeSocket);
    const rejoined = await policeSocket.emitWithAck("meeting:join", { meetingId, lastSeq });
    if (!("data" in rejoined)) throw new Error("rejoin failed");
    const types = rejoined.data.missed.map((e) => e.type);
    expect(types).toEqual(["attendee.left", "decision.recorded", "summary.updated", "attendee.joined"]);
    expect(rejoined.data.missed.map((e) => e.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4]);
    expect(rejoined.data.snapshot.decisions.map((d) => d.kind)).toEqual(["S47_JOINT"]);
    expect(rejoined.data.snapshot.summary).toBe("Joint enquiry agreed.");
  });
});
