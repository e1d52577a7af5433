// The Socket.IO contract, in one file shared by server and browser: what each side may emit,
// and the acknowledgement envelope every client request gets back.
import { z } from "zod";

export type AckError = { code: "INVALID" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHENTICATED" | "TOO_MANY_REQUESTS" | "INTERNAL"; message: string };
export type Ack<T> = { data: T } | { error: AckError };
export type AckCallback<T> = (response: Ack<T>) => void;

export const clientPayloadSchemas = {
  "session:whoami": z.object({}).strict(),
} as const;

export interface WhoAmI {
  userId: string;
  displayName: string;
  agencyId: string;
  agencyName: string;
}

export interface ClientToServerEvents {
  /** Who is this connection signed in as? */
  "session:whoami": (payload: z.input<(typeof clientPayloadSchemas)["session:whoami"]>, ack: AckCallback<WhoAmI>) => void;
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
};
