import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Radios, SuccessBanner, SummaryList, TextInput, Textarea } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDateTime, formatDeadline } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { RESPONSE_LABELS, URGENCY_LABELS } from "../../server/domain/meetings/labels";
import { pageTitle } from "~/utils/title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.meeting ? `${data.meeting.caseReference} strategy meeting` : "Strategy meeting") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ meeting: await context.trpc.meetings.get({ meetingId: params.meetingId ?? "" }) }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    await context.trpc.meetings.respond({
      meetingId: params.meetingId ?? "",
      kind: text("kind") as never,
      attendeeName: text("attendeeName"),
      reason: text("reason"),
      contribution: text("contribution"),
    });
    return json({ done: "Your agency's answer has been sent" });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function MeetingPage() {
  const { meeting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  useRevalidateOn("meeting:changed", (e) => e.meetingId === meeting.id);
  const mine = meeting.invitations.find((i) => i.agencyId === meeting.viewer.agencyId);
  const closed = meeting.status === "CLOSED";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {done ? <SuccessBanner id="done-title" heading={done} /> : null}
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Strategy meeting {closed ? "(ended)" : meeting.startedAt ? "(in progress)" : ""}</span>
          {meeting.caseReference}
        </h1>
        <div className="govuk-button-group">
          {closed && (meeting.minutes.circulatedAt || meeting.viewer.isChair) ? (
            <Link className="govuk-button" to={`/meetings/${meeting.id}/minutes`} role="button">{meeting.minutes.circulatedAt ? "Read the minutes" : "Draft the minutes"}</Link>
          ) : closed ? (
            <p className="govuk-body">The minutes will be sent once the chair has approved them.</p>
          ) : (
            <Link className="govuk-button" to={`/meetings/${meeting.id}/room`} role="button">Join the meeting room</Link>
          )}
          <Link className="govuk-link" to={`/disagreements/new?meetingId=${meeting.id}`}>Disagree with a decision of this meeting</Link>
        </div>
        <SummaryList
          rows={[
            ["When", <>{formatDateTime(meeting.scheduledStart)} {meeting.late ? <strong className="govuk-tag govuk-tag--red">Late</strong> : null}</>],
            ["Due by", formatDeadline(meeting.dueBy)],
            ...(meeting.startedAt ? ([["Held", `${formatDateTime(meeting.startedAt)} to ${meeting.endedAt ? formatDateTime(meeting.endedAt) : "now (in progress)"}`]] as [string, string][]) : []),
            ...(meeting.startedEarlyReason ? ([["Why it was brought forward", meeting.startedEarlyReason]] as [string, string][]) : []),
            ...(meeting.lateReason ? ([["Why it is late", meeting.lateReason]] as [string, string][]) : []),
            ["Urgency", URGENCY_LABELS[meeting.urgency]],
            ["Where", [meeting.location, meeting.callLink].filter(Boolean).join(" / ")],
            ["Chair", meeting.chair.displayName],
            ["Convened by", meeting.convenedByName],
          ]}
        />
        <h2 className="govuk-heading-m">Invited agencies</h2>
        <table className="govuk-table" data-testid="invitations">
          <caption className="govuk-table__caption govuk-visually-hidden">Invited agencies and their answers</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Agency</th>
              <th scope="col" className="govuk-table__header">Answer</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {meeting.invitations.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <td className="govuk-table__cell">{i.agencyName} {i.required ? <strong className="govuk-tag govuk-tag--blue">Required</strong> : null}</td>
                <td className="govuk-table__cell">
                  {i.response ? (
                    <>
                      {RESPONSE_LABELS[i.response.kind]}
                      {i.response.attendeeName ? `: ${i.response.attendeeName}` : ""}
                      {i.response.reason ? ` (${i.response.reason})` : ""}
                      {i.history.length > 1 ? <><br /><span className="govuk-body-s">Changed {i.history.length - 1} time{i.history.length > 2 ? "s" : ""}; earlier: {i.history.slice(0, -1).map((h) => RESPONSE_LABELS[h.kind]).join(", ")}</span></> : null}
                    </>
                  ) : (
                    "No response yet"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {mine && !closed ? (
          <>
            <h2 className="govuk-heading-m">Your agency's answer</h2>
            <Form method="post" noValidate>
              <Radios name="kind" legend="Will your agency attend?" options={Object.entries(RESPONSE_LABELS).map(([value, label]) => ({ value, label }))} error={errors?.fieldErrors.kind} />
              <TextInput name="attendeeName" label="Who will attend (attending or delegate)" error={errors?.fieldErrors.attendeeName} autoComplete="off" />
              <Textarea name="reason" label="Reason (apologies)" error={errors?.fieldErrors.reason} rows={2} />
              <Textarea name="contribution" label="Written contribution" error={errors?.fieldErrors.contribution} />
              <button type="submit" className="govuk-button" disabled={busy}>Send answer</button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
