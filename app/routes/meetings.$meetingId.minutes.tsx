import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, SummaryList, Textarea } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { MEETING_DECISION_LABELS, STANDING_LABELS } from "../../server/domain/meetings/labels";

export const meta: MetaFunction = () => [{ title: "Strategy meeting minutes - Concord" }];

/** Opening the minutes only shows them (a GET changes nothing); "Mark as read" is a POST. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ meeting: await context.trpc.meetings.minutes({ meetingId: params.meetingId ?? "" }) }));
}

/** Mark as read (anyone who may see the minutes); the chair saves a draft or approves it, which circulates it. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const meetingId = params.meetingId ?? "";
  const form = await readForm(request);
  try {
    const intent = form.get("intent");
    if (intent === "draft") return json({ done: "drafted" as const, ...(await context.trpc.meetings.draftMinutes({ meetingId, minutes: String(form.get("minutes") ?? "") })) });
    if (intent === "approve") return json({ done: "circulated" as const, ...(await context.trpc.meetings.approveMinutes({ meetingId })) });
    return json({ done: "read" as const, ...(await context.trpc.meetings.markMinutesRead({ meetingId })) });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function Minutes() {
  const { meeting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const busy = useNavigation().state === "submitting";
  // Read receipts (and the approval) appear without a reload: the event names only the meeting,
  // and the page reloads its data through the API, which checks access and audits the read.
  useRevalidateOn("meeting:changed", (e) => e.meetingId === meeting.id && (e.change === "minutes.read" || e.change === "minutes.circulated"));
  // Each person once, however many devices they joined on.
  const byAgency = meeting.invitations.map((i) => ({
    ...i,
    attended: meeting.people.filter((p) => p.agencyId === i.agencyId),
  }));
  const circulated = meeting.minutes.circulatedAt !== null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <p className="govuk-body govuk-!-display-none-print"><Link className="govuk-back-link" to={`/meetings/${meeting.id}`}>Back to the meeting</Link></p>
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Minutes of a strategy meeting</span>
          {meeting.caseReference}, {formatDateTime(meeting.scheduledStart)}
        </h1>
        <SummaryList
          rows={[
            ["Chair", meeting.chair.displayName],
            ["Held", meeting.startedAt ? `${formatDateTime(meeting.startedAt)} to ${meeting.endedAt ? formatDateTime(meeting.endedAt) : "now"}` : "Not started"],
            ["Minutes due by", meeting.minutes.dueBy ? formatDateTime(meeting.minutes.dueBy) : "1 working day after the meeting ends"],
            ["Minutes circulated", meeting.minutes.circulatedAt ? `${formatDateTime(meeting.minutes.circulatedAt)} ${meeting.minutes.circulatedInTime ? "(within 1 working day)" : "(later than 1 working day)"}${meeting.minutes.approvedByName ? `, approved by ${meeting.minutes.approvedByName}` : ""}` : "Not yet"],
          ]}
        />
        <h2 className="govuk-heading-m">Attendance</h2>
        <table className="govuk-table" data-testid="minutes-attendance">
          <caption className="govuk-table__caption govuk-visually-hidden">Attendance by agency</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Agency</th>
              <th scope="col" className="govuk-table__header">Present</th>
              <th scope="col" className="govuk-table__header">Answer to the invitation</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {byAgency.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <td className="govuk-table__cell">{i.agencyName}{i.required ? " (required)" : ""}</td>
                <td className="govuk-table__cell">{i.attended.length ? i.attended.map((a) => `${a.name}${a.byPhone ? " (phone)" : ""}`).join(", ") : "Not present"}</td>
                <td className="govuk-table__cell">
                  {STANDING_LABELS[i.standing]}
                  {i.standing !== "ATTENDED" && i.response?.reason ? `: ${i.response.reason}` : ""}
                  {i.response?.contribution ? <><br /><span className="concord-pre-wrap">{i.response.contribution}</span></> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 className="govuk-heading-m">Minutes</h2>
        {circulated ? (
          <p className="govuk-body concord-pre-wrap" data-testid="minutes-text">{meeting.minutes.text}</p>
        ) : (
          <div data-testid="minutes-draft">
            {result && "done" in result && result.done === "drafted" ? <p className="govuk-body" role="status">Draft saved. Approve the minutes to send them to every invited agency.</p> : null}
            <Form method="post">
              <input type="hidden" name="intent" value="draft" />
              <Textarea name="minutes" label="Draft minutes" hint="Written after the meeting from the discussion summary. Only you see the draft until you approve it." defaultValue={meeting.minutes.draft ?? ""} rows={10} error={errors?.fieldErrors?.minutes} />
              <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Save draft</button>
            </Form>
            {meeting.minutes.drafted ? (
              <Form method="post">
                <input type="hidden" name="intent" value="approve" />
                <button type="submit" className="govuk-button" disabled={busy}>Approve and send the minutes</button>
              </Form>
            ) : null}
          </div>
        )}
        <h2 className="govuk-heading-m">Decisions</h2>
        <ul className="govuk-list govuk-list--bullet" data-testid="minutes-decisions">
          {meeting.decisions.map((d) => (
            <li key={d.id}><strong>{MEETING_DECISION_LABELS[d.kind]}</strong>: {d.reason}</li>
          ))}
        </ul>
        <h2 className="govuk-heading-m">Actions</h2>
        {meeting.actions.length ? (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Actions</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Action</th>
                <th scope="col" className="govuk-table__header">Owner</th>
                <th scope="col" className="govuk-table__header">Due</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {meeting.actions.map((a) => (
                <tr className="govuk-table__row" key={a.id}>
                  <td className="govuk-table__cell">{a.description}{a.completedAt ? " (done)" : ""}</td>
                  <td className="govuk-table__cell">{a.ownerName}, {a.owningAgencyName}</td>
                  <td className="govuk-table__cell">{formatDate(`${a.dueDate}T12:00:00Z`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p className="govuk-body">No actions.</p>}
        {circulated ? <h2 className="govuk-heading-m">Read by</h2> : null}
        {!circulated ? null : meeting.viewer.minutesReadAt ? (
          <p className="govuk-body govuk-!-display-none-print" data-testid="minutes-read-by-me">You marked these minutes as read on {formatDateTime(meeting.viewer.minutesReadAt)}.</p>
        ) : (
          <Form method="post" className="govuk-!-display-none-print">
            <input type="hidden" name="intent" value="read" />
            <button type="submit" className="govuk-button" disabled={busy}>
              Mark as read
            </button>
          </Form>
        )}
        <ul className="govuk-list" data-testid="minutes-read-by">
          {meeting.minutes.readBy.map((r) => (
            <li key={r.name + r.readAt}>{r.name}, {r.agencyName}: {formatDateTime(r.readAt)}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
