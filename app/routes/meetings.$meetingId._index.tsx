import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ConditionalRadios, ErrorSummary, Radios, SuccessBanner, SummaryList, TextInput, Textarea } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDateTime, formatDeadline, formatUkDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { ENQUIRY_OUTCOME_LABELS, RESPONSE_LABELS, SECTION_47_DECISIONS, URGENCY_LABELS } from "../../server/domain/meetings/labels";
import { MeetingChain, MeetingChildren } from "~/components/meeting-children";
import { pageTitle } from "~/utils/title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.meeting ? `${data.meeting.caseReference} strategy meeting` : "Strategy meeting") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ meeting: await context.trpc.meetings.get({ meetingId: params.meetingId ?? "" }) }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  // Attending and sending a delegate each ask for a name under their own answer (two fields when
  // the page runs without JavaScript); the domain keeps only the chosen answer's.
  const delegate = text("kind") === "DELEGATE";
  try {
    if (text("intent") === "enquiry-outcome") {
      await context.trpc.meetings.recordEnquiryOutcome({ meetingId: params.meetingId ?? "", childId: text("childId") || undefined, kind: text("kind") as never, summary: text("summary"), outcomeDate: text("outcomeDate") });
      return json({ done: "The enquiry's outcome has been recorded and sent to everyone who took part" });
    }
    await context.trpc.meetings.respond({
      meetingId: params.meetingId ?? "",
      kind: text("kind") as never,
      attendeeName: delegate ? text("delegateName") : text("attendeeName"),
      reason: text("reason"),
      contribution: text("contribution"),
    });
    return json({ done: "Your agency's answer has been sent" });
  } catch (error) {
    return toFormResponse(error, request, { fieldNames: delegate ? { attendeeName: "delegateName" } : {} });
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
  // Children whose section 47 enquiry this meeting decided and whose outcome is not yet recorded.
  const enquiries = closed && meeting.viewer.canRecordEnquiryOutcome ? meeting.children.filter((c) => !c.enquiryOutcome && meeting.decisions.some((d) => d.childId === c.id && SECTION_47_DECISIONS.includes(d.kind))) : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {done ? <SuccessBanner id="done-title" heading={done} /> : null}
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Strategy meeting {closed ? "(ended)" : meeting.startedAt ? "(in progress)" : ""}</span>
          {meeting.children.map((c) => c.caseReference).join(", ")}
        </h1>
        {meeting.fromRequest ? (
          <p className="govuk-body" data-testid="meeting-from-request">Convened at the <Link className="govuk-link" to={`/meetings/requests/${meeting.fromRequest.id}`}>request of {meeting.fromRequest.agencyName}</Link>.</p>
        ) : null}
        <div className="govuk-button-group">
          {closed && (meeting.minutes.circulatedAt || meeting.viewer.isChair) ? (
            <Link className="govuk-button" to={`/meetings/${meeting.id}/minutes`} role="button">{meeting.minutes.circulatedAt ? "Read the minutes" : "Draft the minutes"}</Link>
          ) : closed ? (
            <p className="govuk-body">The minutes will be sent once the chair has approved them.</p>
          ) : (
            <Link className="govuk-button" to={`/meetings/${meeting.id}/room`} role="button">Join the meeting room</Link>
          )}
          <Link className="govuk-link" to={`/disagreements/new?meetingId=${meeting.id}`}>Disagree with a decision of this meeting</Link>
          {meeting.viewer.canConvene ? <Link className="govuk-link" to={`/meetings/new?further=${meeting.id}`}>Convene a further discussion about these children</Link> : null}
        </div>
        <SummaryList
          rows={[
            ["When", <>{formatUkDateTime(meeting.scheduledStart)} {meeting.late ? <strong className="govuk-tag govuk-tag--red">Late</strong> : null}</>],
            ["Due by", formatDeadline(meeting.dueBy)],
            ...(meeting.startedAt ? ([["Held", `${formatDateTime(meeting.startedAt)} to ${meeting.endedAt ? formatDateTime(meeting.endedAt) : "now (in progress)"}`]] as [string, string][]) : []),
            ...(meeting.startedEarlyReason ? ([["Why it was brought forward", meeting.startedEarlyReason]] as [string, string][]) : []),
            ...(meeting.lateReason ? ([["Why it is late", meeting.lateReason]] as [string, string][]) : []),
            ["Urgency", URGENCY_LABELS[meeting.urgency]],
            ...(meeting.location ? ([["Where", meeting.location]] as [string, string][]) : []),
            // Only an https link on a named host is accepted at convening (callLinkSchema).
            ...(meeting.callLink ? ([["Call link", <a className="govuk-link" href={meeting.callLink} rel="noreferrer" key="call">{meeting.callLink}</a>]] as [string, ReactNode][]) : []),
            ["Chair", meeting.chair.displayName],
            ["Convened by", meeting.convenedByName],
          ]}
        />
        <h2 className="govuk-heading-m">Why the meeting is being held</h2>
        {meeting.brief.concern || meeting.brief.requestedAt ? (
          <SummaryList
            rows={[
              ...(meeting.brief.concern ? ([["Main concern", meeting.brief.concern]] as [string, string][]) : []),
              ...(meeting.brief.referredBy ? ([["Referred by", meeting.brief.referredBy]] as [string, string][]) : []),
              ...(meeting.brief.requestedAt ? ([["Requested", `${formatUkDateTime(meeting.brief.requestedAt)}${meeting.brief.requestedBy ? `, by ${meeting.brief.requestedBy}` : ""}`]] as [string, string][]) : []),
              ...(meeting.brief.requestReasons ? ([["Reasons given in the request", <span className="concord-pre-wrap" key="request-reasons" data-testid="request-reasons">{meeting.brief.requestReasons}</span>]] as [string, ReactNode][]) : []),
              ...(meeting.brief.level ? ([["Threshold level applied", meeting.brief.level]] as [string, string][]) : []),
              ...(meeting.brief.decidedAt ? ([["Strategy discussion decided", formatUkDateTime(meeting.brief.decidedAt)]] as [string, string][]) : []),
              ...(meeting.brief.reasons ? ([["The council's reasons", <span className="concord-pre-wrap" key="reasons">{meeting.brief.reasons}</span>]] as [string, ReactNode][]) : []),
            ]}
          />
        ) : (
          <p className="govuk-body" data-testid="brief-none">This meeting was convened from the case record: the chair will set out the concern at the start of the meeting.</p>
        )}
        <MeetingChildren children={meeting.children} decisions={meeting.decisions} />
        {enquiries.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">Record the outcome of a section 47 enquiry</h2>
            <p className="govuk-body">Everyone who took part is emailed and sees it here.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="enquiry-outcome" />
              <Radios name="childId" legend="Child" small options={enquiries.map((c) => ({ value: c.id, label: c.caseReference }))} defaultValue={enquiries.length === 1 ? enquiries[0]!.id : undefined} error={errors?.fieldErrors.childId} />
              <Radios name="kind" legend="Outcome of the enquiry" small options={Object.entries(ENQUIRY_OUTCOME_LABELS).map(([value, label]) => ({ value, label }))} error={errors?.fieldErrors.kind} />
              <Textarea name="summary" label="Summary" rows={2} error={errors?.fieldErrors.summary} />
              <div className={`govuk-form-group${errors?.fieldErrors.outcomeDate ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor="outcomeDate">Date of the outcome</label>
                {errors?.fieldErrors.outcomeDate ? <p id="outcomeDate-error" className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.fieldErrors.outcomeDate}</p> : null}
                <input className="govuk-input govuk-input--width-10" id="outcomeDate" name="outcomeDate" type="date" />
              </div>
              <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Record the outcome</button>
            </Form>
          </>
        ) : null}
        <MeetingChain chain={meeting.chain} scheduledStart={meeting.scheduledStart} />
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
              <ConditionalRadios
                name="kind"
                legend="Will your agency attend?"
                error={errors?.fieldErrors.kind}
                options={[
                  { value: "ATTENDING", label: RESPONSE_LABELS.ATTENDING, conditional: <TextInput name="attendeeName" label="Who will attend" error={errors?.fieldErrors.attendeeName} autoComplete="off" /> },
                  { value: "DELEGATE", label: RESPONSE_LABELS.DELEGATE, conditional: <TextInput name="delegateName" label="Name and role of the delegate" hint="Someone who can make decisions for your agency" error={errors?.fieldErrors.delegateName} autoComplete="off" /> },
                  { value: "APOLOGIES", label: RESPONSE_LABELS.APOLOGIES, conditional: <Textarea name="reason" label="Why your agency cannot attend" error={errors?.fieldErrors.reason} rows={2} /> },
                  { value: "WRITTEN_CONTRIBUTION", label: RESPONSE_LABELS.WRITTEN_CONTRIBUTION, conditional: <Textarea name="contribution" label="Your agency's written contribution" hint="What your agency knows about the child and the household, and any risks" error={errors?.fieldErrors.contribution} /> },
                ]}
              />
              <button type="submit" className="govuk-button" disabled={busy}>Send answer</button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
