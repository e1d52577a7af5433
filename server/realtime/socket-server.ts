// Socket.IO on the same HTTP server. The handshake authenticates with the same session cookie
// and the same createContext as tRPC; handlers are thin doors onto the domain.
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Services, RealtimePort } from "../domain/services";
import { sameAccess, type Actor } from "../domain/access/actor";
import { endedSessionIds, validateSession } from "../domain/auth/sessions";
import { contactReach, disagreementReach, meetingReach, requestReach } from "../domain/access/policy";
import type { MeetingEventView } from "../domain/meetings/timeline";
import {
  addMeetingAction,
  endMeeting,
  joinMeeting,
  leaveMeeting,
  markPresent,
  meetingEventsAfter,
  meetingState,
  recordMeetingDecision,
  startMeeting,
  updateSummary,
} from "../domain/meetings/room";
import { createContext } from "../trpc/context";
import { asDomainError } from "../domain/errors";
import { clientPayloadSchemas, MAX_CLIENT_MESSAGE_BYTES, rooms, type Ack, type ClientToServerEvents, type ServerToClientEvents } from "./events";
import { isAllowedOrigin } from "../http/origin";
import { logger } from "../logger";

export interface SocketData {
  actor: Actor;
  sessionId: string;
  /** Meeting id -> attendance id, for the meetings this connection has joined. */
  attendances: Record<string, string>;
}
export type ConcordIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type ConcordSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The domain's RealtimePort, backed by Socket.IO. It exists before the Socket.IO server does
 * (services are built first), so it forwards once `attach` is called.
 */
export class SocketRealtime implements RealtimePort {
  private io: ConcordIo | null = null;
  private services: Services | null = null;
  attach(io: ConcordIo, services: Services) {
    this.io = io;
    this.services = services;
  }
  /**
   * Close this node's connections whose session has ended while they sat idle (timed out,
   * deleted, user deactivated). Events re-check on their own; this catches quiet connections.
   */
  async closeEndedSessions(): Promise<void> {
    if (!this.io || !this.services) return;
    const sockets = [...this.io.of("/").sockets.values()];
    const ended = await endedSessionIds(this.services, [...new Set(sockets.map((s) => s.data.sessionId))]);
    for (const socket of sockets) {
      if (!ended.has(socket.data.sessionId)) continue;
      socket.emit("session:ended", { reason: "expired" });
      socket.disconnect(true);
    }
  }
  endUserConnections(userId: string, reason: string) {
    this.io?.to(rooms.user(userId)).emit("session:ended", { reason });
    this.io?.in(rooms.user(userId)).disconnectSockets(true);
  }
  endSessionConnections(sessionId: string, reason: string) {
    this.io?.to(rooms.session(sessionId)).emit("session:ended", { reason });
    this.io?.in(rooms.session(sessionId)).disconnectSockets(true);
  }
  agencyUsersChanged(agencyId: string) {
    this.io?.to(rooms.agency(agencyId)).emit("agency:users-changed", { agencyId });
  }
  meetingChanged({ meetingId, agencyIds, change }: { meetingId: string; agencyIds: string[]; change: string }) {
    // The same audience as the policy's meetingFilter: invited agencies and the front door. Not
    // the connections in this meeting's room: they have just been sent the event itself, which
    // the page treats as this message too (app/utils/live.ts), so each hears of a change once.
    this.io
      ?.to([rooms.meetingsFrontDoor(), ...agencyIds.map(rooms.agencyMeetings)])
      .except(rooms.meetingRoom(meetingId))
      .emit("meeting:changed", { meetingId, change });
  }
  disagreementChanged({ disagreementId, agencyIds, change }: { disagreementId: string; agencyIds: string[]; change: string }) {
    // The same audience as the policy's disagreementFilter.
    this.io?.to([rooms.disagreementsAll(), ...agencyIds.map(rooms.agencyDisagreements)]).emit("disagreement:changed", { disagreementId, change });
  }
  discussionRequestChanged({ requestId, agencyId, change }: { requestId: string; agencyId: string; change: "requested" | "convened" | "declined" }) {
    // The same audience as the policy's requestFilter: the requesting agency and the front door.
    this.io?.to([rooms.requestsAll(), rooms.agencyRequests(agencyId)]).emit("discussion-request:changed", { requestId, change });
  }
  meetingEvent(meetingId: string, event: MeetingEventView) {
    this.io?.to(rooms.meetingRoom(meetingId)).emit("meeting:event", { meetingId, event });
  }
  contactChanged({ contactId, sourceAgencyId, change }: { contactId: string; sourceAgencyId: string; change: "recorded" | "decided" | "signed-off" }) {
    // The same audience as the policy's contactFilter: the source agency and the front door.
    this.io?.to([rooms.agencyContacts(sourceAgencyId), rooms.frontDoor()]).emit("contact:changed", { contactId, change });
  }
}

/**
 * One actor object per person for all their connections (decision 0033): a thousand tabs of
 * one person hold one copy of their roles and permissions, not a thousand. A fresh load that
 * differs in anything (access, name, agency) replaces it for the connections that load it;
 * others keep theirs until their next event re-checks the session. Held weakly: the entry goes
 * when the person's last connection does.
 */
const actors = new Map<string, WeakRef<Actor>>();
const forgetActor = new FinalizationRegistry<string>((userId) => {
  if (!actors.get(userId)?.deref()) actors.delete(userId);
});
export function sharedActor(fresh: Actor): Actor {
  const known = actors.get(fresh.userId)?.deref();
  if (known && known.displayName === fresh.displayName && known.email === fresh.email && known.agencyName === fresh.agencyName && sameAccess(known, fresh)) return known;
  actors.set(fresh.userId, new WeakRef(fresh));
  forgetActor.register(fresh, fresh.userId);
  return fresh;
}

/** Work started by disconnects that must finish before the process stops. */
const inFlight = new Set<Promise<void>>();
export async function settleSocketWork(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}

export function createSocketServer(httpServer: HttpServer, services: Services, realtime: SocketRealtime, options: { publicUrl?: string; adapter?: ServerOptions["adapter"] }): ConcordIo {
  const io: ConcordIo = new Server(httpServer, {
    serveClient: false,
    // Over-long fields are refused in the acknowledgement, not by dropping the connection.
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    // With Redis, rooms span every node; without, this node's memory holds them.
    ...(options.adapter ? { adapter: options.adapter } : {}),
    // Refuse cross-site WebSocket hijacking: the browser's Origin must be this site.
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, options.publicUrl, true)),
  });

  io.use(async (socket, next) => {
    try {
      const ctx = await createContext({
        services,
        cookieHeader: socket.request.headers.cookie,
        ipAddress: socket.handshake.address,
        requestId: randomUUID(),
      });
      if (!ctx.actor || !ctx.session) return next(new Error("unauthenticated"));
      socket.data = { actor: sharedActor(ctx.actor), sessionId: ctx.session.id, attendances: {} };
      next();
    } catch (error) {
      logger.error({ err: error }, "socket handshake failed");
      next(new Error("unavailable"));
    }
  });

  const listeners = handlerTable(services);
  // A dropped connection ends its attendance in every meeting it had joined. The work is
  // tracked so that shutting down waits for it (no attendance is left open by a restart).
  listeners.push([
    "disconnect",
    function (this: ConcordSocket) {
      for (const [meetingId, attendanceId] of Object.entries(this.data.attendances)) {
        const work = leaveMeeting(services, this.data.actor, { meetingId, attendanceId })
          .then(() => undefined)
          .catch((error) => logger.warn({ err: error, meetingId }, "could not record leaving"));
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      }
    },
  ]);

  io.on("connection", (socket) => {
    const { actor, sessionId } = socket.data;
    const joined = [rooms.user(actor.userId), rooms.session(sessionId), rooms.agency(actor.agencyId)];
    // Contact events go only to those the policy lets see contacts.
    const reach = contactReach(actor);
    if (reach === "all") joined.push(rooms.frontDoor());
    if (reach === "own_agency") joined.push(rooms.agencyContacts(actor.agencyId));
    const meetings = meetingReach(actor);
    if (meetings === "all") joined.push(rooms.meetingsFrontDoor());
    if (meetings === "own_agency") joined.push(rooms.agencyMeetings(actor.agencyId));
    const disagreements = disagreementReach(actor);
    if (disagreements === "all") joined.push(rooms.disagreementsAll());
    if (disagreements === "own_agency") joined.push(rooms.agencyDisagreements(actor.agencyId));
    const requests = requestReach(actor);
    if (requests === "all") joined.push(rooms.requestsAll());
    if (requests === "own_agency") joined.push(rooms.agencyRequests(actor.agencyId));
    void socket.join(joined);
    recheckSessionBeforeEachEvent(socket, services);
    // The listeners are made once per server, not per connection: each receives its socket as `this`.
    for (const [event, listener] of listeners) (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(event, listener);
  });

  realtime.attach(io, services);
  const sweep = setInterval(() => {
    realtime.closeEndedSessions().catch((error) => logger.warn({ err: error }, "could not check live connections' sessions"));
  }, ENDED_SESSION_SWEEP_MS);
  sweep.unref();
  httpServer.once("close", () => clearInterval(sweep));
  return io;
}

/** How often each node looks for idle connections whose session has ended. */
const ENDED_SESSION_SWEEP_MS = 15_000;

/**
 * Before any event is handled, the connection's session must still be alive (not timed out,
 * signed out or deleted, its user still active) and grant the same access as at the handshake.
 * Otherwise the event is refused and the connection closed: the page signs out, or reloads
 * with its new access (rooms were joined for the old one). Events are checked one after
 * another so that they still reach their handlers in the order they arrived.
 */
function recheckSessionBeforeEachEvent(socket: ConcordSocket, services: Services) {
  let previous = Promise.resolve();
  socket.use((packet, next) => {
    previous = previous.then(async () => {
      const ack = packet[packet.length - 1];
      const refuse = (reason: string, message: string) => {
        if (typeof ack === "function") (ack as (r: Ack<never>) => void)({ error: { code: "UNAUTHENTICATED", message } });
        socket.emit("session:ended", { reason });
        socket.disconnect(true);
      };
      try {
        const current = await validateSession(services, socket.data.sessionId);
        if (!current) return refuse("expired", "Your session has ended. Sign in again.");
        if (!sameAccess(current.actor, socket.data.actor)) return refuse("access-changed", "Your access has changed. Reload the page.");
        socket.data.actor = sharedActor(current.actor);
        next();
      } catch (error) {
        logger.error({ err: error }, "socket session check failed");
        if (typeof ack === "function") (ack as (r: Ack<never>) => void)({ error: { code: "INTERNAL", message: "Something went wrong on our side. Try again." } });
      }
    });
  });
}

type Listener = (this: ConcordSocket, ...args: unknown[]) => void;

/** Every client event's listener, built once per server; Socket.IO calls each with the socket as `this`. */
function handlerTable(services: Services): [string, Listener][] {
  const s = clientPayloadSchemas;
  return [
    on("session:whoami", s["session:whoami"], async (_socket, _payload, actor) => ({
      userId: actor.userId,
      displayName: actor.displayName,
      agencyId: actor.agencyId,
      agencyName: actor.agencyName,
    })),
    on("meeting:join", s["meeting:join"], async (socket, payload, actor) => {
      // One attendance per connection (the domain keeps it so): joining again on it, even in
      // parallel, gives back the same attendance, which leaving or disconnecting then ends.
      // Events reach this connection from the moment the join is recorded, before the snapshot is
      // read, so the page misses none between the two (it drops those the snapshot already has).
      const joined = await joinMeeting(services, actor, payload, { connectionId: socket.id, admitted: () => socket.join(rooms.meetingRoom(payload.meetingId)) });
      socket.data.attendances[payload.meetingId] = joined.attendanceId;
      return joined;
    }),
    on("meeting:leave", s["meeting:leave"], async (socket, { meetingId }, actor) => {
      const attendanceId = socket.data.attendances[meetingId];
      if (!attendanceId) return { left: false };
      delete socket.data.attendances[meetingId];
      await socket.leave(rooms.meetingRoom(meetingId));
      await leaveMeeting(services, actor, { meetingId, attendanceId });
      return { left: true };
    }),
    on("meeting:catch-up", s["meeting:catch-up"], (_socket, payload, actor) => meetingEventsAfter(services, actor, payload)),
    // In the room (joined on this connection), a snapshot is part of the audited visit; otherwise it is an audited read.
    on("meeting:snapshot", s["meeting:snapshot"], (socket, { meetingId }, actor) => meetingState(services, actor, meetingId, { entered: meetingId in socket.data.attendances })),
    on("meeting:mark-present", s["meeting:mark-present"], (_socket, payload, actor) => markPresent(services, actor, payload)),
    on("meeting:update-summary", s["meeting:update-summary"], (_socket, payload, actor) => updateSummary(services, actor, payload)),
    on("meeting:record-decision", s["meeting:record-decision"], (_socket, payload, actor) => recordMeetingDecision(services, actor, payload)),
    on("meeting:add-action", s["meeting:add-action"], (_socket, payload, actor) => addMeetingAction(services, actor, payload)),
    on("meeting:start", s["meeting:start"], (_socket, payload, actor) => startMeeting(services, actor, payload)),
    on("meeting:end", s["meeting:end"], (_socket, payload, actor) => endMeeting(services, actor, payload)),
  ];
}

/**
 * A listener that validates its payload with the event's zod schema and always answers
 * with the `{ data } | { error }` envelope. Domain errors keep their message; others do not.
 */
function on<S extends z.ZodType, T>(event: keyof ClientToServerEvents, schema: S, handler: (socket: ConcordSocket, payload: z.output<S>, actor: Actor) => Promise<T>): [string, Listener] {
  return [
    event,
    async function (this: ConcordSocket, payload: unknown, ack: unknown) {
      const reply = typeof ack === "function" ? (ack as (r: Ack<T>) => void) : () => {};
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) if (issue.path.length) fieldErrors[issue.path.join(".")] ??= issue.message;
        return reply({ error: { code: "INVALID", message: parsed.error.issues[0]?.message ?? "The message is not valid.", ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}) } });
      }
      try {
        reply({ data: await handler(this, parsed.data, this.data.actor) });
      } catch (error) {
        // The same translation as tRPC's (toTRPCError): domain errors and unique-key races keep their message.
        const domain = asDomainError(error);
        if (domain) return reply({ error: { code: domain.code, message: domain.message, ...(domain.fieldErrors ? { fieldErrors: domain.fieldErrors } : {}) } });
        logger.error({ err: error, event }, "socket handler failed");
        reply({ error: { code: "INTERNAL", message: "Something went wrong on our side. Try again." } });
      }
    } as Listener,
  ];
}
