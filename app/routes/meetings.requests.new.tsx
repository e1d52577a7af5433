import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Radios, Select, TextInput, Textarea } from "~/components/form";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { URGENCY_LABELS } from "../../server/domain/meetings/labels";

export const meta: MetaFunction = () => [{ title: "Request a strategy discussion - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const contactId = new URL(request.url).searchParams.get("contactId");
  return loadPage(request, async () => {
    const backers = await context.trpc.discussionRequests.backers();
    const contact = contactId ? await context.trpc.contacts.get({ contactId }) : null;
    return json({ backers, contact: contact && { id: contact.id, reference: contact.reference, initials: contact.initials, yearOfBirth: contact.yearOfBirth } });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    const { requestId } = await context.trpc.discussionRequests.create({
      contactId: text("contactId") || undefined,
      partnerReference: text("partnerReference"),
      initials: text("initials"),
      yearOfBirth: text("yearOfBirth") as never,
      urgency: text("urgency") as never,
      reason: text("reason"),
      backedById: text("backedById"),
    });
    return redirect(`/meetings/requests/${requestId}`);
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function RequestDiscussion() {
  const { backers, contact } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">Request a strategy discussion</h1>
        <p className="govuk-body">
          Ask the council's children's social care front door to hold a strategy discussion about a child you believe is suffering, or likely to suffer, significant harm.
          Your designated safeguarding lead must support the request. The council decides whether to hold one and tells you its answer here and by email.
        </p>
        <Form method="post" noValidate>
          {contact ? (
            <>
              <input type="hidden" name="contactId" value={contact.id} />
              <p className="govuk-body" data-testid="request-contact">
                About your agency's contact {contact.reference ? <strong>{contact.reference}</strong> : null}
                {contact.initials ? `, ${contact.initials}` : ""}
                {contact.yearOfBirth ? `, born ${contact.yearOfBirth}` : ""}.
              </p>
            </>
          ) : (
            <>
              <TextInput name="partnerReference" label="Your agency's reference for the child" hint="For example a police occurrence number or a pupil record number. Not the child's name." width="20" error={errors?.fieldErrors.partnerReference} autoComplete="off" spellCheck={false} />
              <TextInput name="initials" label="Child's initials (optional)" width="10" error={errors?.fieldErrors.initials} autoComplete="off" spellCheck={false} />
              <TextInput name="yearOfBirth" label="Child's year of birth (optional)" hint="For example, 2015" width="10" error={errors?.fieldErrors.yearOfBirth} autoComplete="off" />
            </>
          )}
          <Radios
            name="urgency"
            legend="How urgent is it?"
            small
            options={Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label, hint: value === "URGENT" ? "The child may be at immediate risk: a discussion today" : "Within the partnership's usual working days" }))}
            error={errors?.fieldErrors.urgency}
          />
          <Textarea name="reason" label="Why a strategy discussion is needed" hint="What has happened, what you know and what worries you. Keep to what the council needs to decide." error={errors?.fieldErrors.reason} rows={6} />
          {backers.actorIsLead ? (
            <p className="govuk-body">You are your agency's designated lead: the request is made with your support.</p>
          ) : (
            <Select name="backedById" label="Designated lead who supports this request" options={[{ value: "", label: "Choose" }, ...backers.leads.map((l) => ({ value: l.id, label: l.jobTitle ? `${l.displayName}, ${l.jobTitle}` : l.displayName }))]} error={errors?.fieldErrors.backedById} />
          )}
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Send the request</button>
            <Link className="govuk-link" to="/meetings/requests">Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
