// The live room's state as the browser keeps it (decision 0033). Pure: the room page and the
// realtime benchmark run it, and the server computes presence and quorum with the same code.
//
// Every change to a meeting is an event with the next sequence number of that meeting's event
// log (strategy_meeting.version, bumped only by appendMeetingEvent). A client holding the
// snapshot at seq N applies event N+1's payload to it; an event it has already seen is dropped;
// a jump (N+2 before N+1: a dropped message, a reconnect, two nodes delivering out of order) is
// a gap, and only then does the client ask the server for a fresh snapshot.
import type { MeetingEventView } from "./timeline";
import { absentRequiredAgencies, type QuorumAgency } from "../access/quorum";
import type { MeetingSnapshot } from "./view";

export interface AttendanceRow {
  id: string;
  agencyId: string;
  userId: string | null;
  name: string;
  /** ISO times: they compare in order as strings. */
  joinedAt: string;
  leftAt: string | null;
  byPhone: boolean;
}

/** Whose a row is: a signed-in person by user, someone on the phone by agency and name. */
const personKey = (row: AttendanceRow) => row.userId ?? `phone:${row.agencyId}:${row.name.trim().toLowerCase()}`;

/** Whether a row is the person's with this key, building no string for a signed-in row. */
const isPersons = (row: AttendanceRow, key: string) => (row.userId !== null ? row.userId === key : key.startsWith("phone:") && personKey(row) === key);

/**
 * Attendance rows grouped into people: a signed-in person is one person on any number of
 * devices (connections); someone on the phone is known by agency and name.
 */
export function attendingPeople(rows: readonly AttendanceRow[]) {
  // One pass over the rows (a snapshot, and the end of a large meeting, run this).
  const byPerson = new Map<string, { first: AttendanceRow; firstOpen: AttendanceRow | null; open: number; allPhone: boolean; lastLeft: string | null }>();
  for (const row of rows) {
    const key = personKey(row);
    let person = byPerson.get(key);
    if (!person) byPerson.set(key, (person = { first: row, firstOpen: null, open: 0, allPhone: true, lastLeft: null }));
    if (!row.leftAt) {
      person.open++;
      person.firstOpen ??= row;
    } else if (person.lastLeft === null || row.leftAt > person.lastLeft) person.lastLeft = row.leftAt;
    if (!row.byPhone) person.allPhone = false;
  }
  return [...byPerson.entries()].map(([key, p]) => ({
    /** Who this is (personKey): a join or leave finds its person by it. */
    key,
    id: (p.firstOpen ?? p.first).id,
    name: p.first.name,
    agencyId: p.first.agencyId,
    byPhone: p.allPhone,
    present: p.open > 0,
    devices: p.open,
    firstJoinedAt: p.first.joinedAt,
    lastLeftAt: p.open > 0 ? null : p.lastLeft,
  }));
}

type InvitedAgency = QuorumAgency;
type Person = ReturnType<typeof attendingPeople>[number] & { agencyName: string };

/**
 * Who is present and the quorum follow from the people alone (so an event that changes one person
 * need not regroup the rows). `unchangedQuorum`: the quorum as it was, when the change cannot move
 * it (no one arrived or went: an existing person's presence stayed as it was).
 */
type Quorum = { met: boolean; absentRequired: ReturnType<typeof absentRequiredAgencies>; ended: boolean };
function presenceOf(people: Person[], invitations: readonly InvitedAgency[], ended: boolean, unchangedQuorum?: Quorum) {
  const present = people.filter((p) => p.present);
  const absentRequired = unchangedQuorum ? null : absentRequiredAgencies(invitations, (ended ? people : present).map((p) => p.agencyId));
  return {
    people,
    present: present.map((p) => ({ id: p.id, name: p.name, agencyId: p.agencyId, agencyName: p.agencyName, byPhone: p.byPhone, devices: p.devices })),
    quorum: unchangedQuorum ?? ({ met: absentRequired!.length === 0, absentRequired: absentRequired!, ended } satisfies Quorum),
  };
}

/**
 * Who is in the room (each person once), and the quorum: while the meeting runs, whether
 * council, police and health are in the room now; once it has ended, whether each took part.
 */
export function roomPresence(attendance: readonly AttendanceRow[], invitations: readonly InvitedAgency[], ended: boolean) {
  const agencyNames = new Map(invitations.map((i) => [i.agencyId, i.agencyName]));
  return presenceOf(attendingPeople(attendance).map((p) => ({ ...p, agencyName: agencyNames.get(p.agencyId) ?? "" })), invitations, ended);
}

/** Where in `people` the person with this key is (-1: not among them). */
const personIndex = (people: readonly Person[], key: string) => people.findIndex((p) => p.key === key);

/** The snapshot's presence with one person replaced (or added at the end), the rest as they were. */
function withPerson(s: MeetingSnapshot, attendance: MeetingSnapshot["attendance"], index: number, person: Person): MeetingSnapshot {
  const people = index < 0 ? [...s.people, person] : s.people.map((p, i) => (i === index ? person : p));
  const sameQuorum = index >= 0 && s.people[index]!.present === person.present;
  return { ...s, attendance, ...presenceOf(people, s.invitations, s.quorum.ended, sameQuorum ? s.quorum : undefined) };
}

/**
 * A row joined (it is the last row): the same person as `roomPresence` would make, from the
 * person as they were. Their id moves to this row only if it is now their one open row.
 */
function withJoin(s: MeetingSnapshot, row: MeetingSnapshot["attendance"][number]): MeetingSnapshot {
  const index = personIndex(s.people, personKey(row));
  const was = s.people[index];
  const person: Person = was
    ? { ...was, id: was.present ? was.id : row.id, byPhone: was.byPhone && row.byPhone, present: true, devices: was.devices + 1, lastLeftAt: null }
    : { key: personKey(row), id: row.id, name: row.name, agencyId: row.agencyId, byPhone: row.byPhone, present: true, devices: 1, firstJoinedAt: row.joinedAt, lastLeftAt: null, agencyName: row.agencyName };
  return withPerson(s, [...s.attendance, row], index, person);
}

/**
 * The open row at `position` left: the same person as `roomPresence` would make. Their rows are
 * scanned only when this row stood as their id (to find the next), or was their last open one.
 */
function withLeave(s: MeetingSnapshot, position: number, leftAt: string): MeetingSnapshot {
  const attendance = s.attendance.map((a, i) => (i === position ? { ...a, leftAt } : a));
  const row = attendance[position]!;
  const key = personKey(row);
  const index = personIndex(s.people, key);
  const was = s.people[index]!;
  const devices = was.devices - 1;
  // Their id is their first open row: if that was this one, now their next open row, or (none open) their first row.
  const id = was.id !== row.id ? was.id : (attendance.find((a) => a.leftAt === null && isPersons(a, key)) ?? attendance.find((a) => isPersons(a, key))!).id;
  // Nobody open now: the latest time any of their rows left (this event's time need not be the latest).
  let lastLeftAt: string | null = null;
  if (devices === 0) for (const a of attendance) if (a.leftAt !== null && (lastLeftAt === null || a.leftAt > lastLeftAt) && isPersons(a, key)) lastLeftAt = a.leftAt;
  return withPerson(s, attendance, index, { ...was, id, present: devices > 0, devices, lastLeftAt });
}

type P = Record<string, unknown>;

/** The children with the conference clocks an event carries (a decision or the start can move them). */
function withClocks(s: MeetingSnapshot, conferences: unknown): MeetingSnapshot | null {
  if (!conferences || typeof conferences !== "object") return null;
  const clocks = conferences as Record<string, MeetingSnapshot["children"][number]["conference"]>;
  return { ...s, children: s.children.map((c) => (c.id in clocks ? { ...c, conference: clocks[c.id] ?? null } : c)) };
}
const str = (v: unknown) => (typeof v === "string" ? v : null);

/** Whether the snapshot's people carry their keys (one served before they did, e.g. by an older node mid-deploy, does not: recompute in full). */
const keyed = (s: MeetingSnapshot) => s.people.every((p) => typeof p.key === "string");

/** Attendance changed: recompute who is present and the quorum from all the rows (a join or leave changes one person: withJoin, withLeave). */
function withAttendance(s: MeetingSnapshot, attendance: MeetingSnapshot["attendance"], ended: boolean): MeetingSnapshot {
  return { ...s, attendance, ...roomPresence(attendance, s.invitations, ended) };
}

/**
 * The snapshot after one event, worked out from the event's payload; null when the payload does
 * not carry what the room shows (the client then takes a snapshot). `event.seq` must be
 * `snapshot.seq + 1`: the caller (followEvent) checks.
 */
export function applyMeetingEvent(s: MeetingSnapshot, event: MeetingEventView): MeetingSnapshot | null {
  const p = event.payload as P;
  const at = event.occurredAt;
  const next = (changed: MeetingSnapshot | null) => (changed ? { ...changed, seq: event.seq } : null);
  switch (event.type) {
    case "attendee.joined": {
      const id = str(p.attendanceId);
      const agencyId = str(p.agencyId);
      const name = str(p.name);
      // A repeated event is dropped by its sequence number before it gets here.
      if (!id || !agencyId || name === null) return null;
      const row = { id, agencyId, userId: str(p.userId), name, joinedAt: at, leftAt: null, byPhone: p.byPhone === true, agencyName: s.invitations.find((i) => i.agencyId === agencyId)?.agencyName ?? "" };
      const invitations = s.invitations.map((i) => (i.agencyId === agencyId ? { ...i, attended: true, standing: "ATTENDED" as const } : i));
      if (!keyed(s)) return next(withAttendance({ ...s, invitations }, [...s.attendance, row], s.quorum.ended));
      return next(withJoin({ ...s, invitations }, row));
    }
    case "attendee.left": {
      const id = str(p.attendanceId);
      const position = s.attendance.findIndex((a) => a.id === id && a.leftAt === null);
      if (position < 0) return null;
      if (!keyed(s)) return next(withAttendance(s, s.attendance.map((a, i) => (i === position ? { ...a, leftAt: at } : a)), s.quorum.ended));
      return next(withLeave(s, position, at));
    }
    case "summary.updated":
      return typeof p.summary === "string" ? next({ ...s, summary: p.summary }) : null;
    case "decision.recorded": {
      const id = str(p.decisionId);
      const childId = str(p.childId);
      if (!id || !childId || typeof p.kind !== "string" || typeof p.reason !== "string") return null;
      const decision = { id, childId, kind: p.kind as MeetingSnapshot["decisions"][number]["kind"], reason: p.reason, recordedAt: at };
      return next(withClocks({ ...s, decisions: [...s.decisions, decision], children: s.children.map((c) => (c.id === childId ? { ...c, decided: true } : c)) }, p.conferences));
    }
    case "action.added": {
      const id = str(p.actionId);
      const agency = s.invitations.find((i) => i.agencyId === p.owningAgencyId);
      if (!id || !agency || typeof p.description !== "string" || typeof p.ownerName !== "string" || typeof p.dueDate !== "string") return null;
      const action = { id, description: p.description, ownerName: p.ownerName, owningAgencyId: agency.agencyId, owningAgencyName: agency.agencyName, dueDate: p.dueDate, completedAt: null };
      return next({ ...s, actions: [...s.actions, action] });
    }
    case "action.completed": {
      if (!s.actions.some((a) => a.id === p.actionId)) return null;
      return next({ ...s, actions: s.actions.map((a) => (a.id === p.actionId ? { ...a, completedAt: at } : a)) });
    }
    case "meeting.started": {
      const startedAt = str(p.startedAt);
      if (!startedAt || !("earlyReason" in p)) return null;
      return next(withClocks({ ...s, startedAt, startedEarlyReason: str(p.earlyReason), late: startedAt > s.dueBy }, p.conferences));
    }
    case "meeting.ended": {
      const endedAt = str(p.endedAt);
      if (!endedAt || !("minutesDueBy" in p)) return null;
      const attendance = s.attendance.map((a) => (a.leftAt ? a : { ...a, leftAt: endedAt }));
      return next(withAttendance({ ...s, status: "CLOSED", endedAt, minutes: { ...s.minutes, dueBy: str(p.minutesDueBy) } }, attendance, true));
    }
    case "minutes.drafted": {
      const draftedAt = str(p.draftedAt);
      return draftedAt ? next({ ...s, minutes: { ...s.minutes, drafted: true, draftedAt } }) : null;
    }
    case "minutes.read": {
      if (typeof p.name !== "string" || typeof p.agencyName !== "string") return null;
      return next({ ...s, minutes: { ...s.minutes, readBy: [...s.minutes.readBy, { name: p.name, agencyName: p.agencyName, readAt: at }] } });
    }
    case "invitation.responded": {
      const invitation = s.invitations.find((i) => i.agencyId === p.agencyId);
      const id = str(p.responseId);
      if (!invitation || !id || typeof p.kind !== "string" || !("reason" in p)) return null;
      const response = { id, kind: p.kind as MeetingSnapshot["invitations"][number]["history"][number]["kind"], attendeeName: str(p.attendeeName), reason: str(p.reason), contribution: str(p.contribution), respondedAt: at };
      const invitations = s.invitations.map((i) => (i === invitation ? { ...i, response, history: [...i.history, response], standing: i.attended ? ("ATTENDED" as const) : response.kind } : i));
      return next({ ...s, invitations });
    }
    // The approved minutes' text, the household's conference clocks after an enquiry outcome and
    // a new meeting's whole state are not in their events: the room takes a snapshot for these
    // (each happens once in a meeting's life, outside the live meeting).
    case "minutes.circulated":
    case "enquiry.outcome_recorded":
    case "meeting.convened":
      return null;
  }
}

/**
 * What a room client holds: the state it shows, events that arrived while a snapshot was on its
 * way, and whether one is on its way (the join's reply counts: a client starts waiting).
 */
export interface RoomFollower {
  snapshot: MeetingSnapshot | null;
  held: MeetingEventView[];
  waiting: boolean;
}

export const startFollowing = (): RoomFollower => ({ snapshot: null, held: [], waiting: true });

/** After an event or a snapshot: the new state, and whether to ask the server for a snapshot. */
export interface FollowStep {
  follower: RoomFollower;
  /** Ask for a snapshot now (a gap, or an event whose payload does not carry the change). */
  fetchSnapshot: boolean;
}

/** Apply held events in order on top of the state; stop at a gap or an event that needs a snapshot. */
function drain(f: RoomFollower): FollowStep {
  let snapshot = f.snapshot!;
  const held = [...f.held].sort((a, b) => a.seq - b.seq).filter((e) => e.seq > snapshot.seq);
  while (held.length && held[0]!.seq === snapshot.seq + 1) {
    const applied = applyMeetingEvent(snapshot, held[0]!);
    if (!applied) return { follower: { snapshot, held: held.slice(1), waiting: true }, fetchSnapshot: true };
    snapshot = applied;
    held.shift();
  }
  // Anything still held is beyond a gap: take a snapshot.
  return held.length ? { follower: { snapshot, held, waiting: true }, fetchSnapshot: true } : { follower: { snapshot, held: [], waiting: false }, fetchSnapshot: false };
}

/** One `meeting:event` for this meeting arrived. */
export function followEvent(f: RoomFollower, event: MeetingEventView): FollowStep {
  if (f.snapshot && event.seq <= f.snapshot.seq) return { follower: f, fetchSnapshot: false };
  if (f.waiting || !f.snapshot) {
    if (f.held.some((e) => e.seq === event.seq)) return { follower: f, fetchSnapshot: false };
    return { follower: { ...f, held: [...f.held, event] }, fetchSnapshot: false };
  }
  return drain({ ...f, held: [event] });
}

/** A snapshot arrived (the join's reply, or one asked for): keep the newer state, then apply held events. */
export function followSnapshot(f: RoomFollower, snapshot: MeetingSnapshot): FollowStep {
  const base = f.snapshot && f.snapshot.seq > snapshot.seq ? f.snapshot : snapshot;
  return drain({ ...f, snapshot: base });
}

/** The snapshot asked for did not come (an error, a dropped connection): the next event tries again. */
export function snapshotFailed(f: RoomFollower): RoomFollower {
  return { ...f, waiting: false, held: [] };
}
