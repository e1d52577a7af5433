// The live meeting room. Joining records attendance; presence, quorum and the chair's record
// update live over Socket.IO: the page applies each event's payload and takes a snapshot only when
// it finds a gap in the events' numbers (decision 0033); a reconnect rejoins with the last number.
// Changes are announced in a polite live region; ending the meeting asks for confirmation
// (a page state, ?end=confirm, that works without JavaScript).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ErrorMessage, ErrorSummary } from "~/components/form";
import { DateInput, datePartId } from "~/components/date-input";
import { dateInputValues, readDateInput } from "../../server/domain/calendar/date-input";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { getSocket } from "~/utils/socket.client";
import { EARLY_START_MINUTES, MEETING_DECISION_LABELS } from "../../server/domain/meetings/labels";
import { roomAnnouncements } from "../../server/domain/meetings/announcements";
import type { MeetingSnapshot } from "../../server/domain/meetings/view";
import type { MeetingEventView } from "../../server/domain/meetings/timeline";
import { followEvent, followSnapshot, snapshotFailed, startFollowing, type FollowStep, type RoomFollower } from "../../server/domain/meetings/room-state";
import type { Ack } from "../../server/realtime/events";
import { decisionChildPrefix, DecisionChildSelect, RoomChildren } from "~/components/meeting-children";

/** How long to wait for the room to acknowledge a change before telling the person it was not saved. */
const ACK_TIMEOUT_MS = 15_000;
/** How many recent announcements the live region keeps. */
const ANNOUNCEMENTS_KEPT = 5;

export const meta: MetaFunction = () => [{ title: "Meeting room - Concord" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const meeting = await context.trpc.meetings.get({ meetingId: params.meetingId ?? "" });
    const isChair = meeting.viewer.isChair;
    const ended = meeting.status === "CLOSED";
    return json({
      meetingId: meeting.id,
      caseReference: meeting.caseReference,
      isChair,
      started: meeting.startedAt !== null,
      ended,
      /** The chair asked to end the meeting: the page asks "Are you sure?" before anything changes. */
      confirmEnd: isChair && !ended && new URL(request.url).searchParams.get("end") === "confirm",
    });
  });
}

/** The chair confirmed the end (the second step): only this POST ends the meeting. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const meetingId = params.meetingId ?? "";
  const form = await readForm(request);
  try {
    if (form.get("intent") === "confirm-end") {
      await context.trpc.meetings.end({ meetingId });
      return redirect(`/meetings/${meetingId}/room`);
    }
    return json({ errors: { formError: "This page is out of date. Reload it and try again.", fieldErrors: {} } }, { status: 400 });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

/** Each form's payload fields, by the id of the element that shows them (for error links). */
const FIELD_IDS: Record<string, Record<string, string>> = {
  "meeting:start": { earlyReason: "early-reason" },
  "meeting:mark-present": { agencyId: "phone-agency", name: "phone-name" },
  "meeting:update-summary": { summary: "summary" },
  "meeting:record-decision": { kind: "decision-kind", reason: "decision-reason" },
  "meeting:add-action": { description: "action-description", owningAgencyId: "action-agency", ownerName: "action-owner", dueDate: "action-due" },
};

type Status = "joining" | "in" | "reconnecting" | "refused";

export default function MeetingRoom() {
  const { meetingId, caseReference, isChair, started: startedAtLoad, ended: endedAtLoad, confirmEnd } = useLoaderData<typeof loader>();
  const endResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [snapshot, setSnapshot] = useState<MeetingSnapshot | null>(null);
  const [status, setStatus] = useState<Status>("joining");
  const [notice, setNotice] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  /** The last change's problem: a message, and messages by the id of the field they belong to. */
  const [problem, setProblem] = useState<{ formError: string; fieldErrors: Record<string, string> } | null>(null);
  const [announcements, setAnnouncements] = useState<{ id: number; text: string }[]>([]);
  const lastSeq = useRef<number | undefined>(undefined);
  const current = useRef<MeetingSnapshot | null>(null);
  const follower = useRef<RoomFollower>(startFollowing());
  const announced = useRef(0);
  const confirmHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (confirmEnd) confirmHeading.current?.focus();
  }, [confirmEnd]);

  useEffect(() => {
    /** Show the state the follower now holds, and say what changed since the last one shown. */
    const show = (next: MeetingSnapshot | null) => {
      const before = current.current;
      if (!next || next === before) return;
      current.current = next;
      lastSeq.current = next.seq;
      setSnapshot(next);
      const said = before ? roomAnnouncements(before, next) : [];
      if (said.length) setAnnouncements((kept) => [...kept, ...said.map((text) => ({ id: ++announced.current, text }))].slice(-ANNOUNCEMENTS_KEPT));
    };
    const socket = getSocket();
    /**
     * Events are applied to the state as they come (decision 0033); a snapshot is asked for only
     * when one is missing (a gap in the sequence) or an event does not carry its change.
     */
    const step = ({ follower: next, fetchSnapshot }: FollowStep) => {
      follower.current = next;
      show(next.snapshot);
      if (fetchSnapshot) {
        socket.emit("meeting:snapshot", { meetingId }, (reply) => {
          if ("data" in reply) step(followSnapshot(follower.current, reply.data));
          else follower.current = snapshotFailed(follower.current);
        });
      }
    };
    const join = () => {
      // Until the join's reply, events are held (the reply's snapshot may already include them).
      follower.current = { ...follower.current, waiting: true };
      socket.emit("meeting:join", { meetingId, lastSeq: lastSeq.current }, (reply) => {
        if ("error" in reply) {
          setStatus("refused");
          setRefusal(reply.error.message);
          return;
        }
        const missedOthers = reply.data.missed.filter((e) => e.type !== "attendee.joined" && e.type !== "attendee.left").length;
        if (lastSeq.current !== undefined && missedOthers > 0) setNotice(`You were disconnected. ${missedOthers} update${missedOthers > 1 ? "s" : ""} to the record arrived meanwhile and are shown below.`);
        step(followSnapshot(follower.current, reply.data.snapshot));
        setStatus("in");
      });
    };
    const onEvent = ({ meetingId: id, event }: { meetingId: string; event: MeetingEventView }) => {
      if (id === meetingId) step(followEvent(follower.current, event));
    };
    const onDisconnect = () => setStatus("reconnecting");
    socket.on("connect", join);
    socket.on("disconnect", onDisconnect);
    socket.on("meeting:event", onEvent);
    if (socket.connected) join();
    return () => {
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      socket.off("meeting:event", onEvent);
      socket.emit("meeting:leave", { meetingId }, () => {});
    };
  }, [meetingId]);

  /** Send one of the chair's changes; the room's state comes back through the event. */
  function send(event: "meeting:mark-present" | "meeting:update-summary" | "meeting:record-decision" | "meeting:add-action" | "meeting:start", build: (form: FormData) => Record<string, unknown>, check?: (form: FormData) => Record<string, string> | null) {
    return (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const formElement = e.currentTarget;
      // A date that cannot be read is reported here, keyed by the part to fix, before anything is sent.
      const unread = check?.(new FormData(formElement));
      if (unread) {
        setProblem({ formError: Object.values(unread)[0]!, fieldErrors: unread });
        return;
      }
      const payload = { meetingId, ...build(new FormData(formElement)) };
      // If no answer comes (the connection dropped on the way), say so: the text stays in the form.
      (getSocket().timeout(ACK_TIMEOUT_MS).emit as (ev: string, p: unknown, ack: (err: Error | null, r: Ack<unknown>) => void) => void)(event, payload, (timedOut, reply) => {
        if (timedOut) setProblem({ formError: "The meeting room did not answer, so this was not saved. Check your connection, then try again: what you entered is still here.", fieldErrors: {} });
        else if ("error" in reply) {
          // Each message beside its field, and in the summary as a link to it (GOV.UK error summary).
          const ids = FIELD_IDS[event] ?? {};
          const fieldErrors = Object.fromEntries(Object.entries(reply.error.fieldErrors ?? {}).filter(([field]) => ids[field]).map(([field, message]) => [ids[field]!, message]));
          setProblem({ formError: reply.error.message, fieldErrors });
        } else {
          setProblem(null);
          if (event !== "meeting:update-summary") formElement.reset();
        }
      });
    };
  }
  /** The message for the field with this element id, and the attributes that show it. */
  const fieldError = (id: string) => problem?.fieldErrors[id];
  const groupClass = (id: string) => `govuk-form-group${fieldError(id) ? " govuk-form-group--error" : ""}`;
  const describedBy = (id: string) => (fieldError(id) ? `${id}-error` : undefined);

  if (status === "refused") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">You cannot join this meeting</h1>
          <p className="govuk-body">{refusal}</p>
        </div>
      </div>
    );
  }
  const closed = snapshot ? snapshot.status === "CLOSED" : endedAtLoad;
  const started = snapshot ? snapshot.startedAt !== null : startedAtLoad;
  const text = (form: FormData, name: string) => String(form.get(name) ?? "");
  /** The action's due date from the GOV.UK date input (day, month, year). */
  const dueDate = (form: FormData) => readDateInput(dateInputValues(form, "action-due"), { label: "Due date" });
  const dueDateProblem = (form: FormData) => {
    const result = dueDate(form);
    return result.ok ? null : { [datePartId("action-due", result.parts[0]!)]: result.message };
  };
  const endErrors = endResult && "errors" in endResult ? endResult.errors : undefined;
  const absentNames = snapshot?.quorum.absentRequired.map((a) => a.label) ?? [];
  const absentSentence = absentNames.length ? `${absentNames.slice(0, -1).join(", ")}${absentNames.length > 1 ? " and " : ""}${absentNames.at(-1)}` : "";
  return (
    <>
      <p className="govuk-body"><Link className="govuk-back-link" to={`/meetings/${meetingId}`}>Meeting details</Link></p>
      {/* One polite live region: joins, leaves, decisions, actions and the meeting's start and end, in a few words. */}
      <div className="govuk-visually-hidden" aria-live="polite" data-testid="announcements">
        {announcements.map((a) => <p key={a.id}>{a.text}</p>)}
      </div>
      {problem ? <ErrorSummary formError={problem.formError} fieldErrors={problem.fieldErrors} /> : endErrors ? <ErrorSummary formError={endErrors.formError} fieldErrors={endErrors.fieldErrors} /> : null}
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Meeting room{isChair ? ": you are chairing" : ""}</span>
        {caseReference}
      </h1>
      {snapshot ? <RoomChildren children={snapshot.children} /> : null}
      <p className="govuk-body" role="status" data-testid="room-status">
        {status === "in" ? <strong className="govuk-tag govuk-tag--green">In the meeting</strong> : status === "joining" ? <strong className="govuk-tag govuk-tag--grey">Joining</strong> : <strong className="govuk-tag govuk-tag--yellow">Reconnecting</strong>}
      </p>
      {notice ? <div className="govuk-inset-text" data-testid="room-notice">{notice}</div> : null}
      {isChair && !closed && started && confirmEnd ? (
        <div className="govuk-warning-text" data-testid="confirm-end">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            <h2 className="govuk-heading-m" ref={confirmHeading} tabIndex={-1}>Are you sure you want to end the meeting?</h2>
            <p className="govuk-body">Ending records when the meeting finished and ends everyone's attendance. The record can no longer change: no more decisions or actions. You then draft the minutes.</p>
            <Form method="post" className="govuk-button-group">
              <input type="hidden" name="intent" value="confirm-end" />
              <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>Yes, end the meeting</button>
              <Link className="govuk-link" to={`/meetings/${meetingId}/room`}>No, go back to the meeting</Link>
            </Form>
          </div>
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
        <form onSubmit={send("meeting:start", (f) => ({ earlyReason: text(f, "earlyReason") || undefined }))} noValidate>
          <h2 className="govuk-heading-m">Start the meeting</h2>
          <div className={groupClass("early-reason")}>
            <label className="govuk-label" htmlFor="early-reason">If you are starting more than {EARLY_START_MINUTES} minutes early, why was it brought forward?</label>
            <ErrorMessage id="early-reason-error" message={fieldError("early-reason")} />
            <textarea className={`govuk-textarea${fieldError("early-reason") ? " govuk-textarea--error" : ""}`} id="early-reason" name="earlyReason" rows={2} aria-describedby={describedBy("early-reason")} />
          </div>
          <button type="submit" className="govuk-button">Start the meeting</button>
        </form>
      ) : null}
      {snapshot ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <h2 className="govuk-heading-m">{closed ? "Who took part" : "Present"}</h2>
            <div data-testid="quorum" className="govuk-!-margin-bottom-4">
              {snapshot.quorum.met ? (
                <strong className="govuk-tag govuk-tag--green">{snapshot.quorum.ended ? "Council, police and health all took part" : "Quorum: council, police and health present"}</strong>
              ) : (
                <div className="govuk-warning-text">
                  <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
                  <div className="govuk-warning-text__text">
                    <span className="govuk-visually-hidden">Warning</span>
                    {snapshot.quorum.ended
                      ? `${absentSentence.charAt(0).toUpperCase()}${absentSentence.slice(1)} did not take part in this meeting: ${snapshot.quorum.absentRequired.map((a) => (a.agencies.length ? a.agencies.join(", ") : `${a.label} not invited`)).join("; ")}.`
                      : `Required agencies absent: ${snapshot.quorum.absentRequired.map((a) => `${a.label}${a.agencies.length ? ` (${a.agencies.join(", ")})` : " (not invited)"}`).join("; ")}`}
                  </div>
                </div>
              )}
            </div>
            <ul className="govuk-list" data-testid="present">
              {(closed ? snapshot.people : snapshot.present).map((p) => (
                <li key={p.id}><strong>{p.agencyName}</strong>: {p.name}{p.byPhone ? " (phone)" : ""}</li>
              ))}
            </ul>
            {isChair && !closed ? (
              <form onSubmit={send("meeting:mark-present", (f) => ({ agencyId: text(f, "agencyId"), name: text(f, "name") }))} noValidate>
                <h3 className="govuk-heading-s">Someone joined by phone</h3>
                <div className={groupClass("phone-agency")}>
                  <label className="govuk-label" htmlFor="phone-agency">Agency</label>
                  <ErrorMessage id="phone-agency-error" message={fieldError("phone-agency")} />
                  <select className="govuk-select" id="phone-agency" name="agencyId" aria-describedby={describedBy("phone-agency")}>
                    {snapshot.invitations.map((i) => <option key={i.agencyId} value={i.agencyId}>{i.agencyName}</option>)}
                  </select>
                </div>
                <div className={groupClass("phone-name")}>
                  <label className="govuk-label" htmlFor="phone-name">Name</label>
                  <ErrorMessage id="phone-name-error" message={fieldError("phone-name")} />
                  <input className={`govuk-input${fieldError("phone-name") ? " govuk-input--error" : ""}`} id="phone-name" name="name" autoComplete="off" aria-describedby={describedBy("phone-name")} />
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary">Mark present</button>
              </form>
            ) : null}
          </div>
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Discussion summary</h2>
            {isChair && !closed ? (
              <form onSubmit={send("meeting:update-summary", (f) => ({ summary: text(f, "summary") }))} noValidate>
                <div className={groupClass("summary")}>
                  <label className="govuk-label" htmlFor="summary">Summary of the discussion</label>
                  <ErrorMessage id="summary-error" message={fieldError("summary")} />
                  <textarea className={`govuk-textarea${fieldError("summary") ? " govuk-textarea--error" : ""}`} id="summary" name="summary" rows={5} defaultValue={snapshot.summary ?? ""} key={snapshot.summary ?? ""} aria-describedby={describedBy("summary")} />
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
              <form onSubmit={send("meeting:record-decision", (f) => ({ childId: text(f, "childId") || undefined, kind: text(f, "kind"), reason: text(f, "reason") }))} noValidate>
                <DecisionChildSelect children={snapshot.children} />
                {/* No decision is preselected: the chair chooses one, or is told to. */}
                <div className={groupClass("decision-kind")}>
                  <fieldset className="govuk-fieldset" aria-describedby={describedBy("decision-kind")}>
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Decision</legend>
                    <ErrorMessage id="decision-kind-error" message={fieldError("decision-kind")} />
                    <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
                      {Object.entries(MEETING_DECISION_LABELS).map(([value, label], index) => {
                        const id = index === 0 ? "decision-kind" : `decision-kind-${index + 1}`;
                        return (
                          <div className="govuk-radios__item" key={value}>
                            <input className="govuk-radios__input" id={id} name="kind" type="radio" value={value} />
                            <label className="govuk-label govuk-radios__label" htmlFor={id}>{label}</label>
                          </div>
                        );
                      })}
                    </div>
                  </fieldset>
                </div>
                <div className={groupClass("decision-reason")}>
                  <label className="govuk-label" htmlFor="decision-reason">Reasons</label>
                  <ErrorMessage id="decision-reason-error" message={fieldError("decision-reason")} />
                  <textarea className={`govuk-textarea${fieldError("decision-reason") ? " govuk-textarea--error" : ""}`} id="decision-reason" name="reason" rows={2} aria-describedby={describedBy("decision-reason")} />
                </div>
                <button type="submit" className="govuk-button govuk-button--secondary">Record decision</button>
              </form>
            ) : null}
            <h2 className="govuk-heading-m">Actions</h2>
            <ul className="govuk-list govuk-list--bullet" data-testid="actions">
              {snapshot.actions.map((a) => <li key={a.id}>{a.description}: {a.ownerName}, {a.owningAgencyName}, due {formatDate(`${a.dueDate}T12:00:00Z`)}</li>)}
            </ul>
            {isChair && !closed ? (
              <form onSubmit={send("meeting:add-action", (f) => ({ description: text(f, "description"), owningAgencyId: text(f, "owningAgencyId"), ownerName: text(f, "ownerName"), dueDate: (dueDate(f) as { value?: string }).value ?? "" }), dueDateProblem)} noValidate>
                <div className={groupClass("action-description")}>
                  <label className="govuk-label" htmlFor="action-description">Action</label>
                  <ErrorMessage id="action-description-error" message={fieldError("action-description")} />
                  <input className={`govuk-input${fieldError("action-description") ? " govuk-input--error" : ""}`} id="action-description" name="description" autoComplete="off" aria-describedby={describedBy("action-description")} />
                </div>
                <div className={groupClass("action-agency")}>
                  <label className="govuk-label" htmlFor="action-agency">Owning agency</label>
                  <ErrorMessage id="action-agency-error" message={fieldError("action-agency")} />
                  <select className="govuk-select" id="action-agency" name="owningAgencyId" aria-describedby={describedBy("action-agency")}>
                    {snapshot.invitations.map((i) => <option key={i.agencyId} value={i.agencyId}>{i.agencyName}</option>)}
                  </select>
                </div>
                <div className={groupClass("action-owner")}>
                  <label className="govuk-label" htmlFor="action-owner">Owner</label>
                  <ErrorMessage id="action-owner-error" message={fieldError("action-owner")} />
                  <input className={`govuk-input govuk-!-width-one-half${fieldError("action-owner") ? " govuk-input--error" : ""}`} id="action-owner" name="ownerName" autoComplete="off" aria-describedby={describedBy("action-owner")} />
                </div>
                <DateInput name="action-due" legend="Due date" hint="For example, 27 11 2026" errors={problem?.fieldErrors} />
                <button type="submit" className="govuk-button govuk-button--secondary">Add action</button>
              </form>
            ) : null}
          </div>
        </div>
      ) : null}
      {isChair && !closed && started && !confirmEnd ? (
        // The first step only asks: a GET to ?end=confirm, which shows "Are you sure?" (with or without JavaScript).
        <Form method="get">
          <h2 className="govuk-heading-m">End the meeting</h2>
          <p className="govuk-body">Ending records when the meeting finished and ends attendance. You then draft the minutes and approve them, which sends them to every invited agency: within 1 working day of the end.</p>
          <input type="hidden" name="end" value="confirm" />
          <button type="submit" className="govuk-button govuk-button--warning">End the meeting</button>
        </Form>
      ) : null}
    </>
  );
}
