// The live meeting room. Joining records attendance; presence, quorum and the chair's record
// update live over Socket.IO; a reconnect rejoins with the last event number and catches up.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { loadPage } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { getSocket } from "~/utils/socket.client";
import { EARLY_START_MINUTES, MEETING_DECISION_LABELS } from "../../server/domain/meetings/labels";
import type { MeetingSnapshot } from "../../server/domain/meetings/view";
import type { Ack } from "../../server/realtime/events";
import { decisionChildPrefix, DecisionChildSelect, RoomChildren } from "~/components/meeting-children";

/** How long to wait for the room to acknowledge a change before telling the person it was not saved. */
const ACK_TIMEOUT_MS = 15_000;

export const meta: MetaFunction = () => [{ title: "Meeting room - Concord" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const meeting = await context.trpc.meetings.get({ meetingId: params.meetingId ?? "" });
    return json({ meetingId: meeting.id, caseReference: meeting.caseReference, isChair: meeting.viewer.isChair });
  });
}

type Status = "joining" | "in" | "reconnecting" | "refused";

export default function MeetingRoom() {
  const { meetingId, caseReference, isChair } = useLoaderData<typeof loader>();
  const [snapshot, setSnapshot] = useState<MeetingSnapshot | null>(null);
  const [status, setStatus] = useState<Status>("joining");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastSeq = useRef<number | undefined>(undefined);

  useEffect(() => {
    const socket = getSocket();
    const join = () => {
      socket.emit("meeting:join", { meetingId, lastSeq: lastSeq.current }, (reply) => {
        if ("error" in reply) {
          setStatus("refused");
          setError(reply.error.message);
          return;
        }
        const missedOthers = reply.data.missed.filter((e) => e.type !== "attendee.joined" && e.type !== "attendee.left").length;
        if (lastSeq.current !== undefined && missedOthers > 0) setNotice(`You were disconnected. ${missedOthers} update${missedOthers > 1 ? "s" : ""} to the record arrived meanwhile and are shown below.`);
        lastSeq.current = reply.data.snapshot.seq;
        setSnapshot(reply.data.snapshot);
        setStatus("in");
      });
    };
    const refresh = ({ meetingId: id, event }: { meetingId: string; event: { seq: number } }) => {
      if (id !== meetingId) return;
      socket.emit("meeting:snapshot", { meetingId }, (reply) => {
        if ("data" in reply) {
          lastSeq.current = reply.data.seq;
          setSnapshot(reply.data);
        }
      });
      lastSeq.current = Math.max(lastSeq.current ?? 0, event.seq);
    };
    const onDisconnect = () => setStatus("reconnecting");
    socket.on("connect", join);
    socket.on("disconnect", onDisconnect);
    socket.on("meeting:event", refresh);
    if (socket.connected) join();
    return () => {
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      socket.off("meeting:event", refresh);
      socket.emit("meeting:leave", { meetingId }, () => {});
    };
  }, [meetingId]);

  /** Send one of the chair's changes; the room's state comes back through the event. */
  function send(event: "meeting:mark-present" | "meeting:update-summary" | "meeting:record-decision" | "meeting:add-action" | "meeting:start" | "meeting:end", build: (form: FormData) => Record<string, unknown>) {
    return (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const formElement = e.currentTarget;
      const payload = { meetingId, ...build(new FormData(formElement)) };
      // If no answer comes (the connection dropped on the way), say so: the text stays in the form.
      (getSocket().timeout(ACK_TIMEOUT_MS).emit as (ev: string, p: unknown, ack: (err: Error | null, r: Ack<unknown>) => void) => void)(event, payload, (timedOut, reply) => {
        if (timedOut) setError("The meeting room did not answer, so this was not saved. Check your connection, then try again: what you entered is still here.");
        else if ("error" in reply) setError(reply.error.message);
        else {
          setError(null);
          if (event !== "meeting:update-summary") formElement.reset();
        }
      });
    };
  }

  if (status === "refused") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">You cannot join this meeting</h1>
          <p className="govuk-body">{error}</p>
        </div>
      </div>
    );
  }
  const closed = snapshot?.status === "CLOSED";
  const text = (form: FormData, name: string) => String(form.get(name) ?? "");
  return (
    <>
      <p className="govuk-body"><Link className="govuk-back-link" to={`/meetings/${meetingId}`}>Meeting details</Link></p>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Meeting room{isChair ? ": you are chairing" : ""}</span>
        {caseReference}
      </h1>
      {snapshot ? <RoomChildren children={snapshot.children} /> : null}
      <p className="govuk-body" role="status" data-testid="room-status">
        {status === "in" ? <strong className="govuk-tag govuk-tag--green">In the meeting</strong> : status === "joining" ? <strong className="govuk-tag govuk-tag--grey">Joining</strong> : <strong className="govuk-tag govuk-tag--yellow">Reconnecting</strong>}
      </p>
      {notice ? <div className="govuk-inset-text" data-testid="room-notice">{notice}</div> : null}
      {error ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body"><p className="govuk-body">{error}</p></div>
        </div>
      ) : null}
      {closed ? (
        <div className="govuk-panel govuk-panel--confirmation" data-testid="meeting-closed">
          <h2 className="govuk-panel__title">The meeting has ended</h2>
          <div className="govuk-panel__body">
            {snapshot?.minutes.circulatedAt ? (
              <Link className="govuk-link govuk-link--inverse" to={`/meetings/${meetingId}/minutes`}>Read the minutes</Link>
            ) : isChair ? (
              <Link className="govuk-link govuk-link--inverse" to={`/meetings/${meetingId}/minutes`}>Draft the minutes</Link>
            ) : (
              "The chair will send the minutes once they are approved."
            )}
          </div>
        </div>
      ) : null}
      {snapshot && !closed ? (
        <p className="govuk-body" data-testid="held">
          {snapshot.startedAt ? `Started at ${formatDateTime(snapshot.startedAt)}${snapshot.startedEarlyReason ? ` (brought forward: ${snapshot.startedEarlyReason})` : ""}.` : `Not started yet: due to start at ${formatDateTime(snapshot.scheduledStart)}.`}
        </p>
      ) : null}
      {snapshot && isChair && !closed && !snapshot.startedAt ? (
        <form onSubmit={send("meeting:start", (f) => ({ earlyReason: text(f, "earlyReason") || undefined }))}>
          <h2 className="govuk-heading-m">Start the meeting</h2>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="early-reason">If you are starting more than {EARLY_START_MINUTES} minutes early, why was it brought forward?</label>
            <textarea className="govuk-textarea" id="early-reason" name="earlyReason" rows={2} />
          </div>
          <button type="submit" className="govuk-button">Start the meeting</button>
        </form>
      ) : null}
      {snapshot ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <h2 className="govuk-heading-m">Present</h2>
            <div data-testid="quorum" className="govuk-!-margin-bottom-4">
              {snapshot.quorum.met ? (
                <strong className="govuk-tag govuk-tag--green">Quorum: council, police and health present</strong>
              ) : (
                <div className="govuk-warning-text">
                  <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
                  <div className="govuk-warning-text__text">
                    <span className="govuk-visually-hidden">Warning</span>
                    Required agencies absent: {snapshot.quorum.absentRequired.map((a) => `${a.label}${a.agencies.length ? ` (${a.agencies.join(", ")})` : " (not invited)"}`).join("; ")}
                  </div>
                </div>
              )}
            </div>
            <ul className="govuk-list" data-testid="present">
              {snapshot.present.map((p) => (
                <li key={p.id}><strong>{p.agencyName}</strong>: {p.name}{p.byPhone ? " (phone)" : ""}</li>
              ))}
            </ul>
            {isChair && !closed ? (
              <form onSubmit={send("meeting:mark-present", (f) => ({ agencyId: text(f, "agencyId"), name: text(f, "name") }))}>
                <h3 className="govuk-heading-s">Someone joined by phone</h3>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="phone-agency">Agency</label>
                  <select className="govuk-select" id="phone-agency" name="agencyId">
                    {snapshot.invitations.map((i) => <option key={i.agencyId} value={i.agencyId}>{i.agencyName}</option>)}
                  </select>
                </div>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="phone-name">Name</label>
                  <input className="govuk-input" id="phone-name" name="name" autoComplete="off" />
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary">Mark present</button>
              </form>
            ) : null}
          </div>
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Discussion summary</h2>
            {isChair && !closed ? (
              <form onSubmit={send("meeting:update-summary", (f) => ({ summary: text(f, "summary") }))}>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="summary">Summary of the discussion</label>
                  <textarea className="govuk-textarea" id="summary" name="summary" rows={5} defaultValue={snapshot.summary ?? ""} key={snapshot.summary ?? ""} />
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary">Save summary</button>
              </form>
            ) : (
              <p className="govuk-body concord-pre-wrap" data-testid="summary">{snapshot.summary ?? "The chair has not written a summary yet."}</p>
            )}
            <h2 className="govuk-heading-m">Decisions</h2>
            <ul className="govuk-list govuk-list--bullet" data-testid="decisions">
              {snapshot.decisions.map((d) => <li key={d.id}>{decisionChildPrefix(snapshot.children, d.childId)}<strong>{MEETING_DECISION_LABELS[d.kind]}</strong>: {d.reason}</li>)}
            </ul>
            {isChair && !closed ? (
              <form onSubmit={send("meeting:record-decision", (f) => ({ childId: text(f, "childId") || undefined, kind: text(f, "kind"), reason: text(f, "reason") }))}>
                <DecisionChildSelect children={snapshot.children} />
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="decision-kind">Decision</label>
                  <select className="govuk-select" id="decision-kind" name="kind">
                    {Object.entries(MEETING_DECISION_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                  </select>
                </div>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="decision-reason">Reasons</label>
                  <textarea className="govuk-textarea" id="decision-reason" name="reason" rows={2} />
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary">Record decision</button>
              </form>
            ) : null}
            <h2 className="govuk-heading-m">Actions</h2>
            <ul className="govuk-list govuk-list--bullet" data-testid="actions">
              {snapshot.actions.map((a) => <li key={a.id}>{a.description}: {a.ownerName}, {a.owningAgencyName}, due {formatDate(`${a.dueDate}T12:00:00Z`)}</li>)}
            </ul>
            {isChair && !closed ? (
              <form onSubmit={send("meeting:add-action", (f) => ({ description: text(f, "description"), owningAgencyId: text(f, "owningAgencyId"), ownerName: text(f, "ownerName"), dueDate: text(f, "dueDate") }))}>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="action-description">Action</label>
                  <input className="govuk-input" id="action-description" name="description" autoComplete="off" />
                </div>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="action-agency">Owning agency</label>
                  <select className="govuk-select" id="action-agency" name="owningAgencyId">
                    {snapshot.invitations.map((i) => <option key={i.agencyId} value={i.agencyId}>{i.agencyName}</option>)}
                  </select>
                </div>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="action-owner">Owner</label>
                  <input className="govuk-input govuk-!-width-one-half" id="action-owner" name="ownerName" autoComplete="off" />
                </div>
                <div className="govuk-form-group">
                  <label className="govuk-label" htmlFor="action-due">Due date</label>
                  <input className="govuk-input govuk-input--width-10" id="action-due" name="dueDate" type="date" />
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary">Add action</button>
              </form>
            ) : null}
            {isChair && !closed && snapshot.startedAt ? (
              <form onSubmit={send("meeting:end", () => ({}))}>
                <h2 className="govuk-heading-m">End the meeting</h2>
                <p className="govuk-body">Ending records when the meeting finished and ends attendance. You then draft the minutes and approve them, which sends them to every invited agency: within 1 working day of the end.</p>
                <button type="submit" className="govuk-button govuk-button--warning">End the meeting</button>
              </form>
            ) : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
