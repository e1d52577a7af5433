// The room applies a join or a leave to the people it already has (room-state.ts) instead of
// regrouping every attendance row: after any sequence of joins and leaves, what it holds must be
// exactly what the server's full recompute (roomPresence over all the rows) gives.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyMeetingEvent, roomPresence } from "../../server/domain/meetings/room-state";
import type { MeetingSnapshot } from "../../server/domain/meetings/view";
import type { MeetingEventView } from "../../server/domain/meetings/timeline";

type Row = MeetingSnapshot["attendance"][number];

/** Invited agencies: each required kind (two of health, so the quorum lists both), and one that is not required. */
const invited = [
  { agencyId: "council", agencyName: "Northshire Council Children's Social Care", agencyKind: "CHILDRENS_SOCIAL_CARE" },
  { agencyId: "police", agencyName: "Northshire Police", agencyKind: "POLICE" },
  { agencyId: "icb", agencyName: "Northshire ICB", agencyKind: "HEALTH" },
  { agencyId: "hospital", agencyName: "Northshire Hospitals", agencyKind: "HEALTH" },
  { agencyId: "school", agencyName: "Riverside Primary", agencyKind: "EDUCATION" },
] as const;

/**
 * Who joins: signed-in people (two with the same name and agency, told apart by user), and
 * people on the phone whose names differ only in case and spaces (the same person), or share a
 * name across agencies (two people). "outsider" is an agency that was not invited.
 */
const joiners = [
  { userId: "u-maria", agencyId: "council", name: "Maria Jones" },
  { userId: "u-pat", agencyId: "police", name: "Pat O'Brien" },
  { userId: "u-sam-1", agencyId: "icb", name: "Sam Lee" },
  { userId: "u-sam-2", agencyId: "icb", name: "Sam Lee" },
  { userId: "u-kim", agencyId: "school", name: "Kim Shah" },
  { userId: null, agencyId: "icb", name: "Dr Hana Ali" },
  { userId: null, agencyId: "icb", name: " dr hana ALI " },
  { userId: null, agencyId: "hospital", name: "Dr Hana Ali" },
  { userId: null, agencyId: "police", name: "DC Ray Wood" },
  { userId: null, agencyId: "outsider", name: "Jo Bell" },
] as const;

const agencyName = (agencyId: string) => invited.find((i) => i.agencyId === agencyId)?.agencyName ?? "";
/** Minutes after 09:00 as an ISO time; times may repeat and need not follow the rows' order. */
const time = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();

/** A meeting's snapshot with these rows, presence and quorum filled in as the server does (meetingSnapshot). */
function snapshotWith(attendance: Row[], ended: boolean): MeetingSnapshot {
  const invitations = invited.map((i, n) => ({
    ...i,
    id: `inv-${i.agencyId}`,
    required: i.agencyKind !== "EDUCATION",
    convening: n === 0,
    attended: attendance.some((a) => a.agencyId === i.agencyId),
    standing: "NO_RESPONSE" as const,
    response: null,
    history: [],
  }));
  return {
    id: "meeting",
    caseReference: "CASE-1",
    contactId: null,
    urgency: "URGENT",
    status: ended ? "CLOSED" : "SCHEDULED",
    seq: 10,
    decisionAt: time(-120),
    dueBy: time(600),
    scheduledStart: time(0),
    late: false,
    startedAt: time(0),
    startedEarlyReason: null,
    endedAt: ended ? time(500) : null,
    lateReason: null,
    location: null,
    callLink: null,
    chair: { id: "u-maria", displayName: "Maria Jones" },
    convenedByName: "Maria Jones",
    summary: null,
    minutes: { text: null, drafted: false, draftedAt: null, approvedByName: null, circulatedAt: null, dueBy: null, circulatedInTime: null, readBy: [] },
    invitations,
    attendance,
    ...roomPresence(attendance, invitations, ended),
    decisions: [],
    children: [],
    actions: [],
    now: time(0),
  };
}

const joiner = fc.integer({ min: 0, max: joiners.length - 1 });
const minute = fc.integer({ min: 0, max: 480 });
/** A row already in the snapshot: open, or closed at some time. */
const initialRow = fc.record({ who: joiner, byPhone: fc.boolean(), joinedAt: minute, leftAt: fc.option(minute, { nil: null }) });
/** An event: a join (any device), a leave of one of the open rows, or a leave of a row no longer open. */
const step = fc.oneof(
  fc.record({ kind: fc.constant("join" as const), who: joiner, byPhone: fc.boolean(), at: minute }),
  fc.record({ kind: fc.constant("leave" as const), pick: fc.nat(), at: minute }),
  fc.record({ kind: fc.constant("leave again" as const), pick: fc.nat(), at: minute }),
);

describe("room presence applied event by event", () => {
  it("a join or leave gives the same people, present list and quorum as recomputing from every row", () => {
    fc.assert(
      fc.property(fc.array(initialRow, { maxLength: 30 }), fc.boolean(), fc.array(step, { minLength: 1, maxLength: 60 }), (initial, ended, steps) => {
        const rows: Row[] = initial.map((r, n) => {
          const j = joiners[r.who]!;
          return { id: `r${n}`, ...j, agencyName: agencyName(j.agencyId), joinedAt: time(r.joinedAt), leftAt: r.leftAt === null ? null : time(r.leftAt), byPhone: r.byPhone };
        });
        let snapshot = snapshotWith(rows, ended);
        steps.forEach((s, n) => {
          const seq = snapshot.seq + 1;
          let event: MeetingEventView;
          if (s.kind === "join") {
            const j = joiners[s.who]!;
            event = { seq, type: "attendee.joined", occurredAt: time(s.at), payload: { attendanceId: `e${n}`, ...j, byPhone: s.byPhone } };
          } else {
            const candidates = snapshot.attendance.filter((a) => (s.kind === "leave" ? a.leftAt === null : a.leftAt !== null));
            const row = candidates[s.pick % Math.max(candidates.length, 1)];
            event = { seq, type: "attendee.left", occurredAt: time(s.at), payload: { attendanceId: row?.id ?? "nobody" } };
          }
          const applied = applyMeetingEvent(snapshot, event);
          if (s.kind === "leave again" || (s.kind === "leave" && event.payload.attendanceId === "nobody")) {
            // Leaving a row that is not open is not something the room can apply: it takes a snapshot.
            expect(applied).toBeNull();
            return;
          }
          // The rows the server would hold after this event: the event's row added, or the leaver's closed.
          const expectedRows =
            s.kind === "join"
              ? [...snapshot.attendance, { id: `e${n}`, ...joiners[s.who]!, agencyName: agencyName(joiners[s.who]!.agencyId), joinedAt: event.occurredAt, leftAt: null, byPhone: s.byPhone }]
              : snapshot.attendance.map((a) => (a.id === event.payload.attendanceId ? { ...a, leftAt: event.occurredAt } : a));
          expect(applied).not.toBeNull();
          expect(applied).toEqual({ ...applied, seq, attendance: expectedRows, ...roomPresence(expectedRows, applied!.invitations, ended) });
          snapshot = applied!;
        });
      }),
      { numRuns: 300 },
    );
  });

  it("a snapshot whose people carry no keys (from a node before they did) is recomputed in full, not duplicated", () => {
    const rows: Row[] = [{ id: "r0", ...joiners[1], agencyName: agencyName("police"), joinedAt: time(0), leftAt: null, byPhone: false }];
    const full = snapshotWith(rows, false);
    const old = { ...full, people: full.people.map(({ key: _key, ...person }) => person) } as unknown as MeetingSnapshot;
    const joined = applyMeetingEvent(old, { seq: full.seq + 1, type: "attendee.joined", occurredAt: time(5), payload: { attendanceId: "r1", ...joiners[1] } })!;
    expect(joined.people.map((p) => [p.name, p.devices])).toEqual([["Pat O'Brien", 2]]);
    const left = applyMeetingEvent(old, { seq: full.seq + 1, type: "attendee.left", occurredAt: time(5), payload: { attendanceId: "r0" } })!;
    expect(left.people.map((p) => [p.name, p.present, p.lastLeftAt])).toEqual([["Pat O'Brien", false, time(5)]]);
  });
});
