// Legal holds (docs/data-protection/retention-schedule.md, "Legal holds come first"): the
// council's managers and the system administrator keep a case's records past the retention
// schedule; the system administrator alone turns the partnership-wide hold (IICSA) on or off.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RowAction } from "~/components/row-action";
import { ErrorSummary, Radios, SuccessBanner, TextInput, Textarea } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Legal holds - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => json(await context.trpc.retention.holds()));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    switch (text("intent")) {
      case "lift":
        await context.trpc.retention.liftHold({ holdId: text("holdId") });
        return json({ done: "Hold lifted" });
      case "partnership": {
        const choice = text("partnershipHold");
        if (choice !== "on" && choice !== "off") return json<{ errors: { formError: string; fieldErrors: Record<string, string> } }>({ errors: { formError: "Choose whether the partnership-wide hold is on or off", fieldErrors: { partnershipHold: "Choose on or off" } } }, { status: 400 });
        try {
          await context.trpc.retention.setPartnershipHold({ on: choice === "on", reason: text("partnershipReason") || undefined });
        } catch (error) {
          return toFormResponse(error, request, { fieldNames: { reason: "partnershipReason" } });
        }
        return json({ done: choice === "on" ? "The partnership-wide hold is on" : "The partnership-wide hold is off" });
      }
      default:
        await context.trpc.retention.placeHold({ caseReference: text("caseReference"), reason: text("reason") });
        return json({ done: `Hold placed on ${text("caseReference").trim().toUpperCase()}` });
    }
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function LegalHolds() {
  const { abilities, partnershipHold, holds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  return (
    <>
      {done ? <SuccessBanner id="done-title" heading={done} /> : null}
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      <h1 className="govuk-heading-l">Legal holds</h1>
      <p className="govuk-body">A hold keeps everything Concord holds about a case past the retention schedule: nothing about it is anonymised while the hold stands.</p>
      <div className="govuk-inset-text" data-testid="partnership-hold">
        {partnershipHold
          ? "The partnership-wide hold is on: following the Independent Inquiry into Child Sexual Abuse's instruction not to destroy records that may be relevant, no case record is anonymised."
          : "The partnership-wide hold is off: case records past their retention period are anonymised unless a hold below keeps them."}
      </div>
      {abilities.partnershipHold ? (
        <Form method="post" noValidate className="govuk-!-margin-bottom-6">
          <input type="hidden" name="intent" value="partnership" />
          <Radios
            name="partnershipHold"
            legend="Partnership-wide hold"
            small
            defaultValue={partnershipHold ? "on" : "off"}
            options={[
              { value: "on", label: "On (the default)" },
              { value: "off", label: "Off", hint: "Only when the inquiry's instruction no longer applies, or on your DPO's written advice" },
            ]}
            error={errors?.fieldErrors.partnershipHold}
          />
          <Textarea name="partnershipReason" label="Why (needed to turn it off)" rows={2} error={errors?.fieldErrors.partnershipReason} />
          <button type="submit" className="govuk-button govuk-button--secondary">Save partnership-wide hold</button>
        </Form>
      ) : null}
      <h2 className="govuk-heading-m">Place a hold on a case</h2>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6">
        <input type="hidden" name="intent" value="place" />
        <TextInput name="caseReference" label="The council's case reference" hint="For example, CSC-123456" width="10" error={errors?.fieldErrors.caseReference} autoComplete="off" spellCheck={false} />
        <Textarea name="reason" label="Reason for the hold" hint="For example: litigation, a child safeguarding practice review, a police investigation, a subject access request in progress" rows={3} error={errors?.fieldErrors.reason} />
        <button type="submit" className="govuk-button">Place hold</button>
      </Form>
      <h2 className="govuk-heading-m">Holds in place</h2>
      {holds.length === 0 ? (
        <p className="govuk-body" data-testid="no-holds">No case is on hold.</p>
      ) : (
        <div className="concord-table-scroll" role="region" aria-label="Holds in place" tabIndex={0}>
          <table className="govuk-table" data-testid="holds">
            <caption className="govuk-table__caption govuk-table__caption--s">{holds.length} {holds.length === 1 ? "case" : "cases"} on hold</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Case</th>
                <th scope="col" className="govuk-table__header">Reason</th>
                <th scope="col" className="govuk-table__header">Placed</th>
                <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {holds.map((hold) => (
                <tr className="govuk-table__row" key={hold.id}>
                  <td className="govuk-table__cell">{hold.caseReference}</td>
                  <td className="govuk-table__cell">{hold.reason}</td>
                  <td className="govuk-table__cell">{formatDateTime(hold.placedAt)} by {hold.placedBy} ({hold.placedByAgency})</td>
                  <td className="govuk-table__cell">
                    <RowAction fields={{ intent: "lift", holdId: hold.id }} label="Lift hold" names={`on ${hold.caseReference}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
