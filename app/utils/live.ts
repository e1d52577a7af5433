// Re-run the page's loaders when the server says something the page shows has changed.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getSocket } from "./socket.client";
import type { ServerToClientEvents } from "../../server/realtime/events";

export function useRevalidateOn<E extends keyof ServerToClientEvents>(event: E, when: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true) {
  const { revalidate } = useRevalidator();
  useEffect(() => {
    const socket = getSocket();
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (when(payload)) revalidate();
    };
    // A connection in a meeting's room is sent that meeting's events instead of "meeting:changed"
    // (one message per change, server/realtime/socket-server.ts): each event is that message too.
    const roomEvent: ServerToClientEvents["meeting:event"] = ({ meetingId, event: { type } }) => listener({ meetingId, change: type } as Parameters<ServerToClientEvents[E]>[0]);
    (socket.on as (e: string, l: typeof listener) => void)(event, listener);
    if (event === "meeting:changed") socket.on("meeting:event", roomEvent);
    return () => {
      (socket.off as (e: string, l: typeof listener) => void)(event, listener);
      socket.off("meeting:event", roomEvent);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [event, revalidate]);
}

/**
 * The server events that can change someone's work: a contact, meeting, disagreement, account or
 * request for a discussion ("meeting:event" is how a connection in a meeting's room hears of it).
 */
const WORK_EVENTS = ["contact:changed", "meeting:changed", "meeting:event", "disagreement:changed", "agency:users-changed", "discussion-request:changed"] as const;

/** Call `onChange` (at most every half second) when work may have changed. */
export function useOnWorkChanged(onChange: () => void) {
  useEffect(() => {
    const socket = getSocket();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Several events often arrive together (a decision and its sign-off): one refresh for all.
    const listener = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        onChange();
      }, 500);
    };
    for (const event of WORK_EVENTS) (socket.on as (e: string, l: () => void) => void)(event, listener);
    return () => {
      if (timer) clearTimeout(timer);
      for (const event of WORK_EVENTS) (socket.off as (e: string, l: () => void) => void)(event, listener);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

/** Re-run the page's loaders when work may have changed (the home pages). */
export function useRevalidateOnWork() {
  const { revalidate } = useRevalidator();
  useOnWorkChanged(revalidate);
}
