import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, SummaryList } from "~/components/form";
import { loadPage, toFormResponse } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { MEETING_DECISION_LABELS, RESPONSE_LABELS } from "../../server/domain/meetings/labels";

export const meta: MetaFunction = () => [{ title: "Strategy meeting minutes - Concord" }];

/** Opening the minutes only shows them (a GET changes nothing); "Mark as read" is a POST. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ meeting: await context.trpc.meetings.minutes({ meetingId: params.meetingId ?? "" }) }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  try {
    return json(await context.trpc.meetings.markMinutesRead({ meetingId: params.meetingId ?? "" }));
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function Minutes() {
  const { meeting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const busy = useNavigation().state === "submitting";
  const byAgency = meeting.invitations.map((i) => ({
    ...i,
    attended: meeting.attendance.filter((a) => a.agencyId === i.agencyId),
  }));
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
            ["Minutes circulated", meeting.minutes.circulatedAt ? `${formatDateTime(meeting.minutes.circulatedAt)} ${meeting.minutes.circulatedInTime ? "(within 1 working day)" : "(later than 1 working day)"}` : "Not yet"],
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
                  {i.response ? RESPONSE_LABELS[i.response.kind] : "No response"}
                  {i.response?.reason ? `: ${i.response.reason}` : ""}
                  {i.response?.contribution ? <><br /><span className="concord-pre-wrap">{i.response.contribution}</span></> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 className="govuk-heading-m">Discussion</h2>
        <p className="govuk-body concord-pre-wrap">{meeting.summary ?? "No summary was recorded."}</p>
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
        <h2 className="govuk-heading-m">Read by</h2>
        {meeting.viewer.minutesReadAt ? (
          <p className="govuk-body govuk-!-display-none-print" data-testid="minutes-read-by-me">You marked these minutes as read on {formatDateTime(meeting.viewer.minutesReadAt)}.</p>
        ) : (
          <Form method="post" className="govuk-!-display-none-print">
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
