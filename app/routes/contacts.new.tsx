import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { readDateField, withDateErrors } from "~/utils/date-field";
import { ConditionalRadios, ErrorSummary, Radios, Select, TextInput, Textarea } from "~/components/form";
import { loadPage, toFormResponse, readForm, type FormErrors } from "~/utils/errors.server";
import { CHANNEL_LABELS, CONCERN_LABELS, NO_CONSENT_GROUND_LABELS } from "../../server/domain/front-door/labels";

export const meta: MetaFunction = () => [{ title: "Record a contact - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const [abilities, levels, me] = await Promise.all([context.trpc.contacts.abilities(), context.trpc.settings.thresholdLevels(), context.trpc.auth.me()]);
    if (!abilities.canRecord) throw new Response("Forbidden", { status: 403 });
    const agencies = abilities.canRecordOnBehalf ? await context.trpc.agencies.list() : [];
    return json({ abilities, levels, agencies, me: me! });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const receivedAt = readDateField(form, "receivedAt", { label: "Date the contact was made", time: true, timeLabel: "Time the contact was made" });
  try {
    const { contactId } = await context.trpc.contacts.record({
      caseReference: text("caseReference"),
      referrerReference: text("referrerReference"),
      initials: text("initials"),
      yearOfBirth: text("yearOfBirth") as never,
      sourceAgencyId: text("sourceAgencyId") || undefined,
      referrerName: text("referrerName"),
      receivedAt: receivedAt.value as never,
      channel: (text("channel") || "ONLINE") as never,
      concernCategory: text("concernCategory") as never,
      referrerLevel: text("referrerLevel") as never,
      summary: text("summary"),
      familyKnows: text("familyKnows") as never,
      familyConsents: text("familyConsents") as never,
      noConsentGround: text("noConsentGround") as never,
      noConsentExplanation: text("noConsentExplanation"),
    });
    return redirect(`/contacts/${contactId}`);
  } catch (error) {
    const response = toFormResponse(error, request);
    const body = (await response.json()) as { errors: FormErrors };
    return json({ errors: { ...body.errors, fieldErrors: withDateErrors(body.errors.fieldErrors, ["receivedAt", receivedAt]) } }, { status: response.status });
  }
}

export default function RecordContact() {
  const { abilities, levels, agencies, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">Record a contact</h1>
        <p className="govuk-body">Record only what the front door needs to decide. The child's record stays in the council's case-management system.</p>
        <Form method="post" noValidate>
          {abilities.canLinkCase ? (
            <>
              <TextInput name="caseReference" label="Case reference" hint="The council's case-management number, like CSC-123456" width="10" error={errors?.fieldErrors.caseReference} autoComplete="off" spellCheck={false} />
              <TextInput name="referrerReference" label="The referring agency's own reference (optional)" hint="For a contact made by phone or email on another agency's behalf" width="20" error={errors?.fieldErrors.referrerReference} autoComplete="off" spellCheck={false} />
            </>
          ) : (
            <TextInput name="referrerReference" label="Your case reference" hint="Your agency's own reference for this child, like a crime or record number. The council matches it to its own records." width="20" error={errors?.fieldErrors.referrerReference} autoComplete="off" spellCheck={false} />
          )}
          <TextInput name="initials" label="Child's initials (optional)" width="10" error={errors?.fieldErrors.initials} autoComplete="off" />
          <TextInput name="yearOfBirth" label="Year of birth (optional)" width="10" error={errors?.fieldErrors.yearOfBirth} autoComplete="off" />
          {abilities.canRecordOnBehalf ? (
            <>
              <Select name="sourceAgencyId" label="Agency that made the contact" defaultValue={me.agencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} error={errors?.fieldErrors.sourceAgencyId} />
              <TextInput name="referrerName" label="Name of the person who made the contact" hint="Leave blank if it was you" error={errors?.fieldErrors.referrerName} autoComplete="off" />
              <Radios name="channel" legend="How the contact was made" defaultValue="ONLINE" small options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))} error={errors?.fieldErrors.channel} />
            </>
          ) : null}
          <DateInput name="receivedAt" legend="When the contact was made" time timeLabel="Time (UK time)" errors={errors?.fieldErrors} />
          <Select name="concernCategory" label="Main concern" options={[{ value: "", label: "Choose the main concern" }, ...Object.entries(CONCERN_LABELS).map(([value, label]) => ({ value, label }))]} error={errors?.fieldErrors.concernCategory} />
          <Radios name="referrerLevel" legend="Level of need you believe applies" options={levels.map((l) => ({ value: String(l.level), label: `${l.level}: ${l.label}`, hint: l.description }))} error={errors?.fieldErrors.referrerLevel} />
          <Textarea name="summary" label="Summary" hint="What happened and why you are concerned. No more than the decision needs." error={errors?.fieldErrors.summary} />
          <Radios
            name="familyKnows"
            legend="Does the family know about this referral?"
            small
            options={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
            error={errors?.fieldErrors.familyKnows}
          />
          <ConditionalRadios
            name="familyConsents"
            legend="Does the family agree to it?"
            hint="Share without consent when there is a good reason to: the safety of the child comes first (DfE information sharing advice, 2024)."
            options={[
              { value: "yes", label: "Yes, the family agrees" },
              {
                value: "no",
                label: "No: shared without the family's agreement",
                conditional: (
                  <>
                    <Radios
                      name="noConsentGround"
                      legend="Why is it shared without their agreement?"
                      small
                      options={Object.entries(NO_CONSENT_GROUND_LABELS).map(([value, label]) => ({ value, label }))}
                      error={errors?.fieldErrors.noConsentGround}
                    />
                    <Textarea name="noConsentExplanation" label="Explain briefly" hint="For example, who refused and when, or why asking would put the child at risk" rows={3} error={errors?.fieldErrors.noConsentExplanation} />
                  </>
                ),
              },
            ]}
            error={errors?.fieldErrors.familyConsents}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>Record contact</button>
            <Link className="govuk-link" to="/contacts">Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
