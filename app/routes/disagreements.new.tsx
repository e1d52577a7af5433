import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Radios, Select, TextInput, Textarea } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { SUBJECT_LABELS } from "../../server/domain/disagreements/labels";

export const meta: MetaFunction = () => [{ title: "Raise a disagreement - Concord" }];

const FOR_CONTACT = ["LEVEL_APPLIED", "OUTCOME", "CLOSURE", "REFERRAL_QUALITY", "OTHER"] as const;
const FOR_MEETING = ["MEETING_DECISION", "NON_ATTENDANCE", "OTHER"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const contactId = params.get("contactId");
  const meetingId = params.get("meetingId");
  return loadPage(request, async () => {
    const [me, raising] = await Promise.all([context.trpc.auth.me(), context.trpc.disagreements.raising()]);
    const [contact, meeting] = await Promise.all([
      contactId ? context.trpc.contacts.get({ contactId }) : null,
      meetingId ? context.trpc.meetings.get({ meetingId }) : null,
    ]);
    if (!contact && !meeting) throw new Response("Not found", { status: 404 });
    // The other side can only be an agency party to the decision (the domain refuses any other):
    // the agency that made the contact, or an agency invited to the meeting.
    const parties = contact
      ? [{ id: contact.sourceAgencyId, name: contact.sourceAgencyName }]
      : meeting!.invitations.map((i) => ({ id: i.agencyId, name: i.agencyName }));
    return json({
      contact: contact && { id: contact.id, reference: contact.reference ?? "a contact", sourceAgencyId: contact.sourceAgencyId },
      meeting: meeting && { id: meeting.id, caseReference: meeting.caseReference },
      choosesReceivingAgency: raising.choosesReceivingAgency,
      agencies: raising.choosesReceivingAgency ? parties.filter((a) => a.id !== me!.agencyId) : [],
    });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    const { disagreementId } = await context.trpc.disagreements.raise({
      contactId: text("contactId") || undefined,
      meetingId: text("meetingId") || undefined,
      receivingAgencyId: text("receivingAgencyId") || undefined,
      subject: text("subject") as never,
      soughtLevel: text("soughtLevel") as never,
      soughtOutcome: text("soughtOutcome"),
      reasons: text("reasons"),
      urgent: form.get("urgent") === "yes",
    });
    return redirect(`/disagreements/${disagreementId}`);
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function RaiseDisagreement() {
  const { contact, meeting, choosesReceivingAgency, agencies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const busy = useNavigation().state === "submitting";
  const subjects = contact ? FOR_CONTACT : FOR_MEETING;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{contact ? `Decision on ${contact.reference}` : `Strategy meeting for ${meeting!.caseReference}`}</span>
          Raise a disagreement
        </h1>
        <p className="govuk-body">It starts at stage 1, between practitioners, and is shared with the other agency and the partnership.</p>
        <Form method="post" noValidate>
          {contact ? <input type="hidden" name="contactId" value={contact.id} /> : <input type="hidden" name="meetingId" value={meeting!.id} />}
          {choosesReceivingAgency ? (
            <Select name="receivingAgencyId" label="Agency you disagree with" defaultValue={contact?.sourceAgencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} error={errors?.fieldErrors.receivingAgencyId} />
          ) : null}
          <Radios name="subject" legend="What do you disagree with?" options={subjects.map((s) => ({ value: s, label: SUBJECT_LABELS[s] }))} error={errors?.fieldErrors.subject} />
          {contact ? <TextInput name="soughtLevel" label="The threshold level you believe applies (1 to 4, optional)" width="2" error={errors?.fieldErrors.soughtLevel} autoComplete="off" /> : null}
          <TextInput name="soughtOutcome" label="The decision you believe is right" error={errors?.fieldErrors.soughtOutcome} autoComplete="off" />
          <Textarea name="reasons" label="Your reasons" error={errors?.fieldErrors.reasons} rows={6} />
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="urgent" name="urgent" type="checkbox" value="yes" />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="urgent">The child is at immediate risk (every stage's clock is shortened)</label>
              </div>
            </div>
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Raise disagreement</button>
            <Link className="govuk-link" to={contact ? `/contacts/${contact.id}` : `/meetings/${meeting!.id}`}>Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
