// A meeting's timeline: every change is an appended event with the next sequence number.
// The sequence comes from bumping strategy_meeting.version inside the change's transaction:
// the row lock orders concurrent changes, and a reconnecting client replays events after
// the last number it saw.
import type { Tx } from "../../db/connect";

export type MeetingEventType =
  | "meeting.convened"
  | "invitation.responded"
  | "attendee.joined"
  | "attendee.left"
  | "summary.updated"
  | "decision.recorded"
  | "action.added"
  | "action.completed"
  | "meeting.started"
  | "meeting.ended"
  | "minutes.drafted"
  | "minutes.circulated"
  | "minutes.read"
  | "enquiry.outcome_recorded";

export interface MeetingEventView {
  seq: number;
  type: MeetingEventType;
  payload: Record<string, unknown>;
  occurredAt: string;
}

export async function appendMeetingEvent(tx: Tx, meetingId: string, type: MeetingEventType, payload: Record<string, unknown>, actorId: string | null, now: Date): Promise<MeetingEventView> {
  const { version } = await tx.strategyMeeting.update({ where: { id: meetingId }, data: { version: { increment: 1 } }, select: { version: true } });
  await tx.meetingEvent.create({ data: { meetingId, seq: version, type, payload: payload as never, actorId, occurredAt: now } });
  return { seq: version, type, payload, occurredAt: now.toISOString() };
}

export async function meetingEventsSince(tx: Tx, meetingId: string, afterSeq: number): Promise<MeetingEventView[]> {
  const rows = await tx.meetingEvent.findMany({ where: { meetingId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, select: { seq: true, type: true, payload: true, occurredAt: true } });
  return rows.map((row) => ({ seq: row.seq, type: row.type as MeetingEventType, payload: row.payload as Record<string, unknown>, occurredAt: row.occurredAt.toISOString() }));
}
