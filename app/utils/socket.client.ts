// The browser's one Socket.IO connection, typed by the shared contract in server/realtime/events.ts.
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../server/realtime/events";

export type ConcordSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ConcordSocket | undefined;

export function getSocket(): ConcordSocket {
  socket ??= io({ withCredentials: true });
  return socket;
}
