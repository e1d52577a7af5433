// Email the outbox gave up on after repeated failures: a system administrator sees why and,
// once the mail server is fixed, sends it again.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RowAction } from "~/components/row-action";
import { ErrorSummary, SuccessBanner } from "~/components/form";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Mail not sent - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => json(await context.trpc.mail.parked()));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.mail.resend({ emailId: String(form.get("emailId") ?? "") });
    return json({ done: true as const });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function ParkedMail() {
  const { total, emails } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {result && "errors" in result ? <ErrorSummary formError={result.errors.formError} /> : null}
      {result && "done" in result ? <SuccessBanner id="resent" heading="The email is queued and will be sent in the next few seconds." /> : null}
      <h1 className="govuk-heading-l">Mail not sent</h1>
      <p className="govuk-body">
        Concord tries each email up to 5 times, waiting longer after each failure. These {total === 1 ? "email" : `${total} emails`} failed every time. Fix the cause (usually the mail server's
        address or password in the configuration), then send each again.
      </p>
      {emails.length === 0 ? (
        <p className="govuk-body" data-testid="no-parked-mail">Every email has been sent.</p>
      ) : (
        <div className="concord-table-scroll" role="region" aria-label="Emails not sent" tabIndex={0}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{total} {total === 1 ? "email" : "emails"} not sent</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">To</th>
                <th scope="col" className="govuk-table__header">Subject</th>
                <th scope="col" className="govuk-table__header">Written</th>
                <th scope="col" className="govuk-table__header">Last error</th>
                <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {emails.map((e) => (
                <tr className="govuk-table__row" key={e.id}>
                  <td className="govuk-table__cell">{e.toAddress}</td>
                  <td className="govuk-table__cell">{e.subject}</td>
                  <td className="govuk-table__cell">{formatDateTime(e.createdAt)}</td>
                  <td className="govuk-table__cell">{e.lastError ?? "None recorded"} (tried {e.attempts} times)</td>
                  <td className="govuk-table__cell">
                    <RowAction fields={{ emailId: e.id }} label="Send again" names={`to ${e.toAddress}`} />
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
