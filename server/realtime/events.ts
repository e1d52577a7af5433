// The Socket.IO contract, in one file shared by server and browser: what each side may emit,
// and the acknowledgement envelope every client request gets back.
import { z } from "zod";
import {
  addActionInputSchema,
  joinInputSchema,
  markPresentInputSchema,
  meetingDecisionInputSchema,
  meetingIdSchema,
  startMeetingInputSchema,
  summaryInputSchema,
} from "../domain/meetings/schemas";
import type { MeetingSnapshot } from "../domain/meetings/view";
import type { MeetingEventView } from "../domain/meetings/timeline";

export type AckError = {
  code: "INVALID" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHENTICATED" | "TOO_MANY_REQUESTS" | "INTERNAL";
  message: string;
  /** Per-field messages, keyed by payload field, so the page can show each beside its field. */
  fieldErrors?: Record<string, string>;
};
export type Ack<T> = { data: T } | { error: AckError };
export type AckCallback<T> = (response: Ack<T>) => void;

/**
 * The largest message a client may send, in bytes. Socket.IO's default (1 MB) closes the
 * connection without a word when a message is bigger, and the chair's summary is lost. The
 * longest field (a 20,000-character summary) is at most about 120 KB even as escaped JSON, so
 * this bound accepts any honest message and a pasted megabyte (even of non-Latin text); the
 * schema then refuses the long field in the acknowledgement and the connection stays.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 4 * 1024 * 1024;

// The same zod schemas as the tRPC procedures and Remix forms use.
export const clientPayloadSchemas = {
  "session:whoami": z.object({}).strict(),
  "meeting:join": joinInputSchema,
  "meeting:leave": meetingIdSchema,
  "meeting:catch-up": joinInputSchema.required({ lastSeq: true }),
  "meeting:snapshot": meetingIdSchema,
  "meeting:mark-present": markPresentInputSchema,
  "meeting:update-summary": summaryInputSchema,
  "meeting:record-decision": meetingDecisionInputSchema,
  "meeting:add-action": addActionInputSchema,
  "meeting:start": startMeetingInputSchema,
  "meeting:end": meetingIdSchema,
} as const;
type Payload<E extends keyof typeof clientPayloadSchemas> = z.input<(typeof clientPayloadSchemas)[E]>;

export interface WhoAmI {
  userId: string;
  displayName: string;
  agencyId: string;
  agencyName: string;
}

export interface ClientToServerEvents {
  /** Who is this connection signed in as? */
  "session:whoami": (payload: Payload<"session:whoami">, ack: AckCallback<WhoAmI>) => void;
  /** Enter a meeting's live room: attendance starts; the reply has the state and missed events. */
  "meeting:join": (payload: Payload<"meeting:join">, ack: AckCallback<{ attendanceId: string; snapshot: MeetingSnapshot; missed: MeetingEventView[] }>) => void;
  "meeting:leave": (payload: Payload<"meeting:leave">, ack: AckCallback<{ left: boolean }>) => void;
  /** Events after the last one this client saw (after a reconnect). */
  "meeting:catch-up": (payload: Payload<"meeting:catch-up">, ack: AckCallback<MeetingEventView[]>) => void;
  /** The meeting's current state, for a client in the room after it sees an event. */
  "meeting:snapshot": (payload: Payload<"meeting:snapshot">, ack: AckCallback<MeetingSnapshot>) => void;
  "meeting:mark-present": (payload: Payload<"meeting:mark-present">, ack: AckCallback<Record<string, unknown>>) => void;
  "meeting:update-summary": (payload: Payload<"meeting:update-summary">, ack: AckCallback<Record<string, unknown>>) => void;
  "meeting:record-decision": (payload: Payload<"meeting:record-decision">, ack: AckCallback<Record<string, unknown>>) => void;
  "meeting:add-action": (payload: Payload<"meeting:add-action">, ack: AckCallback<Record<string, unknown>>) => void;
  /** The chair starts the meeting (a reason when well before its time); repeating it changes nothing. */
  "meeting:start": (payload: Payload<"meeting:start">, ack: AckCallback<Record<string, unknown>>) => void;
  /** The chair ends the meeting; repeating it changes nothing. */
  "meeting:end": (payload: Payload<"meeting:end">, ack: AckCallback<Record<string, unknown>>) => void;
}

export interface ServerToClientEvents {
  /** Sent just before the server closes a connection whose session has ended. */
  "session:ended": (payload: { reason: "signed-out" | "signed-out-everywhere" | "deactivated" | string }) => void;
  /** The people of the recipient's agency changed (an invitation accepted, a deactivation). */
  "agency:users-changed": (payload: { agencyId: string }) => void;
  /**
   * A contact the recipient may see was recorded, decided or signed off. Only the id travels:
   * the page fetches the contact through the API, which applies the same scope and audits the read.
   */
  "contact:changed": (payload: { contactId: string; change: "recorded" | "decided" | "signed-off" }) => void;
  /** A meeting the recipient's agency is invited to (or any, for the front door) changed. */
  "meeting:changed": (payload: { meetingId: string; change: string }) => void;
  /** A disagreement the recipient may see changed (raised, commented, escalated, overdue, resolved...). */
  "disagreement:changed": (payload: { disagreementId: string; change: string }) => void;
  /**
   * A strategy discussion request the recipient may see was made or answered. Only the id travels:
   * the page fetches the request through the API, which applies the same scope and audits the read.
   */
  "discussion-request:changed": (payload: { requestId: string; change: "requested" | "convened" | "declined" }) => void;
  /** The next event of a meeting's timeline, to those in its live room. */
  "meeting:event": (payload: { meetingId: string; event: MeetingEventView }) => void;
}

/** Room names, so that server code never spells them twice. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  agency: (agencyId: string) => `agency:${agencyId}`,
  /** Those who may see every contact: the council's front door. */
  frontDoor: () => "contacts:front-door",
  /** Those who may see one agency's contacts. */
  agencyContacts: (agencyId: string) => `contacts:agency:${agencyId}`,
  /** Those who may see every meeting (the front door), and one agency's meetings. */
  meetingsFrontDoor: () => "meetings:front-door",
  agencyMeetings: (agencyId: string) => `meetings:agency:${agencyId}`,
  /** Those who may see every disagreement (front door, partnership chair), and one agency's. */
  disagreementsAll: () => "disagreements:all",
  agencyDisagreements: (agencyId: string) => `disagreements:agency:${agencyId}`,
  /** Those who may see every strategy discussion request (the front door), and one agency's. */
  requestsAll: () => "requests:all",
  agencyRequests: (agencyId: string) => `requests:agency:${agencyId}`,
  /** Everyone in one meeting's live room. */
  meetingRoom: (meetingId: string) => `meeting:${meetingId}`,
};
