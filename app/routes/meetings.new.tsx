import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Checkboxes, ErrorSummary, Radios, Select, TextInput, Textarea } from "~/components/form";
import { loadPage, readForm, type FormErrors } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { URGENCY_LABELS } from "../../server/domain/meetings/labels";
import { MAX_MEETING_CHILDREN } from "../../server/domain/meetings/schemas";
import { HouseholdChildren } from "~/components/household-children";
import { DateInput } from "~/components/date-input";
import { readDateField, withDateErrors } from "~/utils/date-field";
import { householdFormResponse, readHousehold } from "~/utils/household.server";

export const meta: MetaFunction = () => [{ title: "Convene a strategy meeting - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const contactId = new URL(request.url).searchParams.get("contactId");
  const requestId = new URL(request.url).searchParams.get("requestId");
  // A further or review discussion: the earlier meeting's children, to start from.
  const further = new URL(request.url).searchParams.get("further");
  return loadPage(request, async () => {
    const [chairs, agencies, me] = await Promise.all([context.trpc.meetings.chairs(), context.trpc.meetings.invitableAgencies(), context.trpc.auth.me()]);
    const contact = contactId ? await context.trpc.contacts.get({ contactId }) : null;
    // Convening from a partner's request: the form is filled from it (decision record 0020).
    const fromRequest = requestId ? await context.trpc.discussionRequests.get({ requestId }) : null;
    const suggestions = await context.trpc.meetings.suggestedAgencies({ contactId: contact?.id, requestId: fromRequest?.id });
    const earlier = further ? await context.trpc.meetings.get({ meetingId: further }) : null;
    return json({
      chairs,
      agencies: agencies.filter((a) => a.id !== me!.agencyId),
      me: me!,
      contact: contact && { id: contact.id, caseReference: contact.caseReference, reference: contact.reference },
      fromRequest,
      suggestions,
      maxChildren: MAX_MEETING_CHILDREN,
      earlier: earlier && { scheduledStart: earlier.scheduledStart, children: earlier.children.map((c) => ({ caseReference: c.caseReference, initials: c.initials, yearOfBirth: c.yearOfBirth })) },
    });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const household = readHousehold(form);
  const scheduledStart = readDateField(form, "scheduledStart", { label: "Date of the meeting", time: true, timeLabel: "Time of the meeting" });
  try {
    const { meetingId } = await context.trpc.meetings.convene({
      contactId: text("contactId") || undefined,
      caseReference: text("caseReference") || undefined,
      // A contact's own case stands in when no child is entered; otherwise every row filled in.
      children: text("contactId") && household.children.length === 0 ? undefined : household.children,
      urgency: text("urgency") as never,
      scheduledStart: scheduledStart.value as never,
      location: text("location"),
      callLink: text("callLink"),
      chairId: text("chairId"),
      agencyIds: form.getAll("agencyIds").map(String),
      lateReason: text("lateReason"),
      confirmMissingRequired: form.get("confirmMissingRequired") === "yes",
      requestId: text("requestId") || undefined,
      childLookedAfter: form.getAll("childFacts").includes("lookedAfter"),
      suspectedInjuryOrInHospital: form.getAll("childFacts").includes("injuryOrHospital"),
      confirmMissingPrompted: form.get("confirmMissingPrompted") === "yes",
    });
    return redirect(`/meetings/${meetingId}`);
  } catch (error) {
    const response = householdFormResponse(error, request, household.rows);
    const body = (await response.json()) as { errors: FormErrors };
    return json({ errors: { ...body.errors, fieldErrors: withDateErrors(body.errors.fieldErrors, ["scheduledStart", scheduledStart]) } }, { status: response.status });
  }
}

export default function ConveneMeeting() {
  const { chairs, agencies, me, contact, fromRequest, suggestions, maxChildren, earlier } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const busy = useNavigation().state === "submitting";
  const missingWarning = errors?.fieldErrors.agencyIds?.startsWith("Invite");
  const promptedWarning = errors?.fieldErrors.agencyIds?.startsWith("Also invite");
  const suggestedWhy = new Map(suggestions.suggested.map((s) => [s.agencyId, s.why]));
  const agencyLabel = (a: { id: string; name: string; requiredAs: string | null }) =>
    [
      a.name,
      a.requiredAs ? `(required: ${a.requiredAs})` : null,
      suggestedWhy.has(a.id) ? `(suggested: ${suggestedWhy.get(a.id)})` : null,
      suggestions.carePlacementIds.includes(a.id) ? "(fostering or residential care)" : null,
      suggestions.paediatricsIds.includes(a.id) ? "(paediatrics)" : null,
    ]
      .filter(Boolean)
      .join(" ");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">Convene a strategy meeting</h1>
        <Form method="post" noValidate>
          {fromRequest ? (
            <div data-testid="from-request">
              <input type="hidden" name="requestId" value={fromRequest.id} />
              <p className="govuk-body">
                Answering the <Link className="govuk-link" to={`/meetings/requests/${fromRequest.id}`}>request from {fromRequest.requestingAgency.name}</Link>
                {fromRequest.reference ? <> (their reference <strong>{fromRequest.reference}</strong>{fromRequest.initials ? `, ${fromRequest.initials}` : ""}{fromRequest.yearOfBirth ? `, born ${fromRequest.yearOfBirth}` : ""})</> : null}. The clock starts when you convene.
              </p>
            </div>
          ) : contact?.caseReference ? (
            <>
              <input type="hidden" name="contactId" value={contact.id} />
              <p className="govuk-body">The clock starts from the front-door decision.</p>
            </>
          ) : contact ? (
            <>
              <input type="hidden" name="contactId" value={contact.id} />
              <p className="govuk-body">Contact {contact.reference ? <strong>{contact.reference}</strong> : null} is not linked to a case record yet: enter the council's case reference for this child. The clock starts from the front-door decision.</p>
            </>
          ) : earlier ? (
            <p className="govuk-body">A further strategy discussion about the children of the meeting on {formatDateTime(earlier.scheduledStart)}: it is linked to the earlier ones by their case references.</p>
          ) : null}
          <HouseholdChildren
            max={maxChildren}
            lead={fromRequest?.caseReference ? { caseReference: fromRequest.caseReference } : contact?.caseReference ? { caseReference: contact.caseReference } : earlier?.children[0]}
            others={earlier?.children.slice(1)}
            fixedLead={Boolean(contact?.caseReference || fromRequest?.caseReference)}
            errors={errors?.fieldErrors}
          />
          <Radios name="urgency" legend="Urgency" small defaultValue={fromRequest?.urgency ?? "STANDARD"} options={Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label, hint: value === "URGENT" ? "Due by the end of the working day" : "Due within the partnership's working days" }))} error={errors?.fieldErrors.urgency} />
          <DateInput name="scheduledStart" legend="Date and time of the meeting" hint="For example, 27 11 2026" time timeLabel="Time (UK time)" errors={errors?.fieldErrors} />
          <TextInput name="location" label="Place (optional if there is a call link)" error={errors?.fieldErrors.location} autoComplete="off" />
          <TextInput name="callLink" label="Call link (optional)" error={errors?.fieldErrors.callLink} autoComplete="off" spellCheck={false} />
          <Select name="chairId" label="Chair (a council manager)" defaultValue={me.userId} options={chairs.map((c) => ({ value: c.id, label: c.jobTitle ? `${c.displayName}, ${c.jobTitle}` : c.displayName }))} error={errors?.fieldErrors.chairId} />
          <Checkboxes
            name="childFacts"
            legend="What applies to the child"
            hint="Decides who else must be invited: a fostering or residential provider for a looked-after child; a paediatrician for a suspected injury or a child in hospital"
            options={[
              { value: "lookedAfter", label: "The child is looked after" },
              { value: "injuryOrHospital", label: "There is a suspected non-accidental injury, or the child is in hospital" },
            ]}
          />
          <Checkboxes
            name="agencyIds"
            defaultValues={suggestions.suggested.map((s) => s.agencyId)}
            legend="Agencies to invite"
            hint={`${me.agencyName} is always invited. Working Together 2023: council social care, police and health must take part.`}
            options={agencies.map((a) => ({ value: a.id, label: agencyLabel(a) }))}
            error={errors?.fieldErrors.agencyIds}
          />
          {missingWarning ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                A required agency is not invited.
                <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-top-2">
                  <div className="govuk-checkboxes__item">
                    <input className="govuk-checkboxes__input" id="confirmMissingRequired" name="confirmMissingRequired" type="checkbox" value="yes" />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor="confirmMissingRequired">Send the invitations without them</label>
                  </div>
                </div>
              </div>
            </div>
          ) : null}
          {promptedWarning ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <div className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {errors?.fieldErrors.agencyIds}, because of what applies to the child; or send without them.
                <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-top-2">
                  <div className="govuk-checkboxes__item">
                    <input className="govuk-checkboxes__input" id="confirmMissingPrompted" name="confirmMissingPrompted" type="checkbox" value="yes" />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor="confirmMissingPrompted">Send the invitations without them</label>
                  </div>
                </div>
              </div>
            </div>
          ) : null}
          <Textarea name="lateReason" label="If the meeting is later than it is due, why (optional otherwise)" error={errors?.fieldErrors.lateReason} rows={2} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Send invitations</button>
            <Link className="govuk-link" to="/meetings">Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
