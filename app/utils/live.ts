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
    (socket.on as (e: string, l: typeof listener) => void)(event, listener);
    return () => {
      (socket.off as (e: string, l: typeof listener) => void)(event, listener);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [event, revalidate]);
}
