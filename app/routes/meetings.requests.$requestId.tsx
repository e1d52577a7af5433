import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, SuccessBanner, SummaryList, Textarea } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { REQUEST_STATUS_LABELS, URGENCY_LABELS } from "../../server/domain/meetings/labels";

export const meta: MetaFunction = () => [{ title: "Request for a strategy discussion - Concord" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => json({ request: await context.trpc.discussionRequests.get({ requestId: params.requestId ?? "" }) }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.discussionRequests.decline({ requestId: params.requestId ?? "", reason: String(form.get("reason") ?? "") });
    return json({ done: "Request declined: the requester has been told your reasons" });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function DiscussionRequest() {
  const { request: r } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  useRevalidateOn("discussion-request:changed", (event) => event.requestId === r.id);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {done ? <SuccessBanner id="done-title" heading={done} /> : null}
        <p className="govuk-body"><Link className="govuk-back-link" to="/meetings/requests">All requests</Link></p>
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Request for a strategy discussion from {r.requestingAgency.name}</span>
          {r.reference ?? "No reference given"}
        </h1>
        <div aria-live="polite" data-testid="request-answer">
          {r.status === "PENDING" ? (
            <p className="govuk-body"><strong className="govuk-tag govuk-tag--yellow">{REQUEST_STATUS_LABELS.PENDING}</strong></p>
          ) : r.status === "CONVENED" ? (
            <div className="govuk-inset-text">
              <strong className="govuk-tag govuk-tag--green">{REQUEST_STATUS_LABELS.CONVENED}</strong>
              <p className="govuk-body govuk-!-margin-top-2">
                {r.decidedBy?.displayName} convened a strategy meeting on {formatDateTime(r.decidedAt!)}{r.meeting ? `, for ${formatDateTime(r.meeting.scheduledStart)}` : ""}.{" "}
                {r.meetingId ? <Link className="govuk-link" to={`/meetings/${r.meetingId}`}>See the meeting</Link> : null} (if your agency is invited).
              </p>
            </div>
          ) : (
            <div className="govuk-inset-text">
              <strong className="govuk-tag govuk-tag--grey">{REQUEST_STATUS_LABELS.DECLINED}</strong>
              <p className="govuk-body govuk-!-margin-top-2">{r.decidedBy?.displayName} declined the request on {formatDateTime(r.decidedAt!)}. Their reasons:</p>
              <p className="govuk-body concord-pre-wrap" data-testid="decline-reason">{r.declineReason}</p>
              <p className="govuk-body">If you still believe the child is at risk of significant harm, speak to your designated lead about escalating under the partnership's procedure.</p>
            </div>
          )}
        </div>
        <SummaryList
          rows={[
            ["Child, as the requester knows them", [r.reference, r.initials, r.yearOfBirth ? `born ${r.yearOfBirth}` : null].filter(Boolean).join(", ") || "Not given"],
            ...(r.caseReference ? ([["Council case", r.caseReference]] as [string, string][]) : []),
            ["Requested by", `${r.requestedBy.displayName}${r.requestedBy.jobTitle ? `, ${r.requestedBy.jobTitle}` : ""}, ${formatDateTime(r.requestedAt)}`],
            ["Supported by", `${r.backedBy.displayName}${r.backedBy.jobTitle ? `, ${r.backedBy.jobTitle}` : ""}`],
            ["Urgency", URGENCY_LABELS[r.urgency]],
            ["Why a strategy discussion is needed", <span key="r" className="concord-pre-wrap">{r.reason}</span>],
            ...(r.contactId ? ([["Contact", <Link key="c" className="govuk-link" to={`/contacts/${r.contactId}`}>The agency's contact about this child</Link>]] as [string, React.ReactNode][]) : []),
          ]}
        />
        {r.abilities.canConvene ? (
          <>
            <h2 className="govuk-heading-m">Answer the request</h2>
            <p className="govuk-body">
              <Link className="govuk-button" role="button" to={`/meetings/new?requestId=${r.id}`}>Convene a strategy meeting</Link>
            </p>
            <Form method="post" noValidate>
              <Textarea name="reason" label="Or decline it: your reasons" hint="The requester and their designated lead are told these reasons" error={errors?.fieldErrors.reason} rows={4} />
              <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>Decline the request</button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
