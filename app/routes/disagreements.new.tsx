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
    const me = (await context.trpc.auth.me())!;
    const [contact, meeting, ladder] = await Promise.all([
      contactId ? context.trpc.contacts.get({ contactId }) : null,
      meetingId ? context.trpc.meetings.get({ meetingId }) : null,
      context.trpc.disagreements.ladder(),
    ]);
    if (!contact && !meeting) throw new Response("Not found", { status: 404 });
    return json({
      contact: contact && { id: contact.id, caseReference: contact.reference ?? contact.caseReference, sourceAgencyName: contact.sourceAgencyName, ownAgency: contact.sourceAgencyId === me.agencyId },
      // For a meeting: the other agencies invited to it; the disagreement is with one of them.
      meeting: meeting && { id: meeting.id, caseReference: meeting.caseReference, agencies: meeting.invitations.filter((i) => i.agencyId !== me.agencyId).map((i) => ({ id: i.agencyId, name: i.agencyName })) },
      stages: ladder.stages.map((s) => ({ stage: s.stage, label: s.label })),
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
      startStage: (text("startStage") || "1") as never,
      startReason: text("startReason"),
    });
    return redirect(`/disagreements/${disagreementId}`);
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function RaiseDisagreement() {
  const { contact, meeting, stages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const busy = useNavigation().state === "submitting";
  const subjects = contact ? FOR_CONTACT : FOR_MEETING;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {/* Before anything else: a disagreement is never the way to protect a child in danger now. */}
        <div className="govuk-warning-text" data-testid="immediate-danger">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            If a child is in immediate danger, call 999 now. If a child may be at risk of significant harm, phone the council's front door (MASH) straight away. Do not wait for a disagreement to be resolved.
          </strong>
        </div>
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{contact ? `Decision on ${contact.caseReference}` : `Strategy meeting for ${meeting!.caseReference}`}</span>
          Raise a disagreement
        </h1>
        <p className="govuk-body">
          {contact
            ? contact.ownAgency
              ? "It is raised with the council, which made the decision."
              : `It is raised with ${contact.sourceAgencyName}, which made the referral.`
            : "It is raised with another agency invited to the meeting."}{" "}
          It starts at stage 1, between practitioners, and is shared with the other agency and the partnership. It ends when both agencies agree an outcome.
        </p>
        <Form method="post" noValidate>
          {contact ? <input type="hidden" name="contactId" value={contact.id} /> : <input type="hidden" name="meetingId" value={meeting!.id} />}
          {meeting ? (
            <Select
              name="receivingAgencyId"
              label="Agency you disagree with"
              defaultValue=""
              options={[{ value: "", label: "The agency of the meeting's chair" }, ...meeting.agencies.map((a) => ({ value: a.id, label: a.name }))]}
              error={errors?.fieldErrors.receivingAgencyId}
            />
          ) : null}
          <Radios name="subject" legend="What do you disagree with?" options={subjects.map((s) => ({ value: s, label: SUBJECT_LABELS[s] }))} error={errors?.fieldErrors.subject} />
          {contact ? <TextInput name="soughtLevel" label="The threshold level you believe applies (1 to 4, optional)" width="2" error={errors?.fieldErrors.soughtLevel} autoComplete="off" /> : null}
          <TextInput name="soughtOutcome" label="The decision you believe is right" error={errors?.fieldErrors.soughtOutcome} autoComplete="off" />
          <Textarea name="reasons" label="Your reasons" error={errors?.fieldErrors.reasons} rows={6} />
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="urgent" name="urgent" type="checkbox" value="yes" aria-describedby="urgent-hint" />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="urgent">A child may be at risk of significant harm</label>
                <div id="urgent-hint" className="govuk-hint govuk-checkboxes__hint">Each stage is then due by the end of the working day it starts (the next working day after the cut-off time).</div>
              </div>
            </div>
          </div>
          <Radios
            name="startStage"
            legend="Stage to start at"
            hint="Start above stage 1 only when a child may be at risk of significant harm, and say why."
            small
            defaultValue="1"
            options={stages.map((s) => ({ value: String(s.stage), label: `Stage ${s.stage}: ${s.label}` }))}
            error={errors?.fieldErrors.startStage}
          />
          <Textarea name="startReason" label="Why it needs to start above stage 1 (if it does)" error={errors?.fieldErrors.startReason} rows={2} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Raise disagreement</button>
            <Link className="govuk-link" to={contact ? `/contacts/${contact.id}` : `/meetings/${meeting!.id}`}>Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
