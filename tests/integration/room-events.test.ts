// The live room as the browser follows it (decision 0033): each event's payload applied to the
// state gives exactly the server's snapshot; a gap in the sequence, and only a gap, makes the
// client take a snapshot; and entering the room is audited once, however many snapshots follow.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, type ClientSocket } from "../support/live-server";
import { conveneDemoMeeting } from "../support/meetings";
import { meetingSnapshot, type MeetingSnapshot } from "../../server/domain/meetings/view";
import { meetingEventsSince, type MeetingEventView } from "../../server/domain/meetings/timeline";
import { applyMeetingEvent, followEvent, followSnapshot, startFollowing, type RoomFollower } from "../../server/domain/meetings/room-state";
import {
  addMeetingAction,
  completeAction,
  draftMinutes,
  endMeeting,
  joinMeeting,
  leaveMeeting,
  markPresent,
  recordMeetingDecision,
  respondToInvitation,
  startMeeting,
  updateSummary,
} from "../../server/domain/meetings/room";

const h = useHarness();
const live = useLiveServer(h);

/** The snapshot without its read time (`now`), which no event carries. */
const state = (s: MeetingSnapshot) => ({ ...s, now: undefined });

describe("room events applied in the browser", () => {
  it("applying each event's payload gives the server's snapshot after every change of a whole meeting", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const { services } = h.services();
    const [chair, police, health] = await Promise.all([h.actor(DEMO.councilManager), h.actor(DEMO.policePractitioner), h.actor(DEMO.healthPractitioner)]);
    let local = await meetingSnapshot(h.db, meetingId, h.clock.now());
    let applied = 0;
    // One change at a time, a minute apart (rows of one minute are ordered by time on both sides).
    const step = async (change: () => Promise<unknown>) => {
      h.clock.advance(60_000);
      await change();
      const events = await meetingEventsSince(h.db, meetingId, local.seq);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        const next = applyMeetingEvent(local, event);
        expect(next, `${event.type} could not be applied`).not.toBeNull();
        local = next!;
        applied++;
      }
      expect(state(local)).toEqual(state(await meetingSnapshot(h.db, meetingId, h.clock.now())));
    };
    const lead = local.children[0]!.id;
    await step(() => respondToInvitation(services, police, { meetingId, kind: "ATTENDING", attendeeName: "Pat O'Brien" }));
    await step(() => respondToInvitation(services, chair, { meetingId, agencyId: agencies.riverside, kind: "APOLOGIES", reason: "Head teacher away" }));
    await step(() => joinMeeting(services, chair, { meetingId }, { connectionId: "chair-laptop" }));
    await step(() => joinMeeting(services, police, { meetingId }, { connectionId: "police-laptop" }));
    let phone = { attendanceId: "" };
    await step(async () => (phone = await joinMeeting(services, police, { meetingId }, { connectionId: "police-phone" })));
    await step(() => markPresent(services, chair, { meetingId, agencyId: agencies.icb, name: "Dr Hana Ali" }));
    await step(() => startMeeting(services, chair, { meetingId, earlyReason: "Everyone was here early." }));
    await step(() => updateSummary(services, chair, { meetingId, summary: "Bruising seen at school; joint enquiry." }));
    await step(() => recordMeetingDecision(services, chair, { meetingId, childId: lead, kind: "S47_JOINT", reason: "Significant harm suspected." }));
    let actionId = "";
    await step(async () => ({ actionId } = (await addMeetingAction(services, chair, { meetingId, description: "Share previous callouts", owningAgencyId: agencies.police, ownerName: "DC Hughes", dueDate: "2026-11-30" })) as { actionId: string }));
    await step(() => completeAction(services, police, { actionId }));
    await step(() => leaveMeeting(services, police, { meetingId, attendanceId: phone.attendanceId }));
    await step(() => joinMeeting(services, health, { meetingId }, { connectionId: "health-laptop" }));
    await step(() => endMeeting(services, chair, { meetingId }));
    await step(() => draftMinutes(services, chair, { meetingId, minutes: "Joint enquiry agreed." }));
    expect(applied).toBe(15);
    expect(local.status).toBe("CLOSED");
    expect(local.quorum.met).toBe(true);
  });

  it("a client applies events in order, drops repeats, and takes a snapshot only when one is missing", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const { services } = h.services();
    const chair = await h.actor(DEMO.councilManager);
    const first = await meetingSnapshot(h.db, meetingId, h.clock.now());
    for (const summary of ["One.", "Two.", "Three.", "Four."]) {
      h.clock.advance(60_000);
      await updateSummary(services, chair, { meetingId, summary });
    }
    const events = await meetingEventsSince(h.db, meetingId, first.seq);
    const [e1, e2, e3, e4] = events as [MeetingEventView, MeetingEventView, MeetingEventView, MeetingEventView];

    // The join's reply arrives after the first event: the event is held, then dropped as seen.
    let f: RoomFollower = startFollowing();
    let step = followEvent(f, e1);
    expect(step.fetchSnapshot).toBe(false);
    step = followSnapshot(step.follower, { ...first, seq: e1.seq, summary: "One." });
    expect(step).toMatchObject({ fetchSnapshot: false, follower: { held: [], waiting: false } });
    f = step.follower;

    // The next event is applied from its payload; a repeat changes nothing; neither fetches.
    step = followEvent(f, e2);
    expect(step.fetchSnapshot).toBe(false);
    expect(step.follower.snapshot).toMatchObject({ seq: e2.seq, summary: "Two." });
    f = step.follower;
    expect(followEvent(f, e2)).toEqual({ follower: f, fetchSnapshot: false });

    // Event 3 is lost: event 4 reveals the gap, and the client asks for a snapshot (once).
    step = followEvent(f, e4);
    expect(step.fetchSnapshot).toBe(true);
    expect(step.follower.snapshot!.summary).toBe("Two.");
    expect(followEvent(step.follower, e4).fetchSnapshot).toBe(false);
    // A snapshot from before event 4 arrives: the held event 4 is applied on top of it.
    const three = { ...first, seq: e3.seq, summary: "Three." };
    const after = followSnapshot(step.follower, three);
    expect(after).toMatchObject({ fetchSnapshot: false, follower: { waiting: false, held: [], snapshot: { seq: e4.seq, summary: "Four." } } });
  });
});

describe("the room over sockets", () => {
  const follow = (socket: ClientSocket, meetingId: string) => {
    const client = { follower: startFollowing(), snapshots: 0 };
    const apply = ({ follower, fetchSnapshot }: { follower: RoomFollower; fetchSnapshot: boolean }) => {
      client.follower = follower;
      if (!fetchSnapshot) return;
      client.snapshots++;
      socket.emit("meeting:snapshot", { meetingId }, (reply) => {
        if ("data" in reply) apply(followSnapshot(client.follower, reply.data));
      });
    };
    socket.on("meeting:event", ({ event }) => apply(followEvent(client.follower, event)));
    return { client, joined: (snapshot: MeetingSnapshot) => apply(followSnapshot(client.follower, snapshot)) };
  };
  /** Wait (up to 10 s) until the client's state satisfies `ready`. */
  const until = async (ready: () => boolean) => {
    for (let i = 0; i < 200 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it("a client in the room follows the chair's changes from the events alone, and its visit is audited once", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const [chairCookie, policeCookie] = await Promise.all([live.signIn(DEMO.councilManager), live.signIn(DEMO.policePractitioner)]);
    const chairSocket = live.open(chairCookie);
    const policeSocket = live.open(policeCookie);
    await Promise.all([connected(chairSocket), connected(policeSocket)]);
    const police = follow(policeSocket, meetingId);
    const joined = await policeSocket.emitWithAck("meeting:join", { meetingId });
    if (!("data" in joined)) throw new Error(JSON.stringify(joined));
    police.joined(joined.data.snapshot);

    const ok = (reply: unknown) => expect(reply).toHaveProperty("data");
    ok(await chairSocket.emitWithAck("meeting:join", { meetingId }));
    ok(await chairSocket.emitWithAck("meeting:start", { meetingId, earlyReason: "Everyone is here." }));
    ok(await chairSocket.emitWithAck("meeting:mark-present", { meetingId, agencyId: agencies.icb, name: "Dr Hana Ali" }));
    ok(await chairSocket.emitWithAck("meeting:update-summary", { meetingId, summary: "Joint enquiry." }));
    ok(await chairSocket.emitWithAck("meeting:record-decision", { meetingId, kind: "S47_JOINT", reason: "Significant harm suspected." }));
    ok(await chairSocket.emitWithAck("meeting:add-action", { meetingId, description: "Share callouts", owningAgencyId: agencies.police, ownerName: "DC Hughes", dueDate: "2026-11-30" }));
    const server = await meetingSnapshot(h.db, meetingId, h.clock.now());
    await until(() => police.client.follower.snapshot?.seq === server.seq);
    expect(police.client.snapshots).toBe(0);
    expect(state(police.client.follower.snapshot!)).toEqual(state(server));

    // Snapshots asked for in the room are part of the audited visit: one "meeting.join" row, no reads.
    for (let i = 0; i < 3; i++) ok(await policeSocket.emitWithAck("meeting:snapshot", { meetingId }));
    const police_ = await h.actor(DEMO.policePractitioner);
    const audited = () => h.db.auditEvent.findMany({ where: { actorUserId: police_.userId, entityId: meetingId }, select: { action: true }, orderBy: { id: "asc" } });
    expect((await audited()).map((a) => a.action)).toEqual(["meeting.join"]);

    // A connection that has not entered the room is audited for each snapshot it reads.
    const other = live.open(policeCookie);
    await connected(other);
    ok(await other.emitWithAck("meeting:snapshot", { meetingId }));
    expect((await audited()).map((a) => a.action)).toEqual(["meeting.join", "meeting.read"]);
  });

  it("a client that misses an event finds the gap at the next one and takes one snapshot", async () => {
    const { meetingId } = await conveneDemoMeeting(h);
    const [chairCookie, policeCookie] = await Promise.all([live.signIn(DEMO.councilManager), live.signIn(DEMO.policePractitioner)]);
    const chairSocket = live.open(chairCookie);
    const policeSocket = live.open(policeCookie);
    await Promise.all([connected(chairSocket), connected(policeSocket)]);
    // The page's follower, with the network dropping the first summary event on its way.
    let dropped = 0;
    const client = { follower: startFollowing(), snapshots: 0 };
    const apply = ({ follower, fetchSnapshot }: { follower: RoomFollower; fetchSnapshot: boolean }) => {
      client.follower = follower;
      if (!fetchSnapshot) return;
      client.snapshots++;
      policeSocket.emit("meeting:snapshot", { meetingId }, (reply) => "data" in reply && apply(followSnapshot(client.follower, reply.data)));
    };
    policeSocket.on("meeting:event", ({ event }) => {
      if (event.type === "summary.updated" && dropped++ === 0) return;
      apply(followEvent(client.follower, event));
    });
    const joined = await policeSocket.emitWithAck("meeting:join", { meetingId });
    if (!("data" in joined)) throw new Error(JSON.stringify(joined));
    apply(followSnapshot(client.follower, joined.data.snapshot));
    await chairSocket.emitWithAck("meeting:update-summary", { meetingId, summary: "First." });
    await until(() => dropped === 1);
    expect(client.snapshots).toBe(0);
    expect(client.follower.snapshot!.summary).toBeNull();
    await chairSocket.emitWithAck("meeting:update-summary", { meetingId, summary: "Second." });
    await until(() => client.follower.snapshot?.summary === "Second.");
    expect(client.snapshots).toBe(1);
    expect(state(client.follower.snapshot!)).toEqual(state(await meetingSnapshot(h.db, meetingId, h.clock.now())));
    expect(client.follower.snapshot!.summary).toBe("Second.");
  });
});
