// Shows whether this page receives live updates, and signs the page out when the server ends
// the session (sign-out elsewhere, deactivation).
import { useEffect, useState } from "react";
import { getSocket } from "~/utils/socket.client";

type Status = "connecting" | "live" | "offline";

export function LiveStatus() {
  const [status, setStatus] = useState<Status>("connecting");
  useEffect(() => {
    const socket = getSocket();
    const onConnect = () => {
      socket.emit("session:whoami", {}, (reply) => setStatus("data" in reply ? "live" : "offline"));
    };
    const onDisconnect = () => setStatus("offline");
    const onEnded = ({ reason }: { reason: string }) => {
      window.location.assign(`/login?ended=${encodeURIComponent(reason)}`);
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onDisconnect);
    socket.on("session:ended", onEnded);
    if (socket.connected) onConnect();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onDisconnect);
      socket.off("session:ended", onEnded);
    };
  }, []);
  const label = { connecting: "Connecting for live updates", live: "Live updates on", offline: "Live updates off: reload the page" }[status];
  return (
    <p className="govuk-body-s concord-live-status" role="status" data-live-status={status}>
      <strong className={`govuk-tag ${status === "live" ? "govuk-tag--green" : "govuk-tag--grey"}`}>{label}</strong>
    </p>
  );
}
