// Who looked at our records: for an agency's managers and administrators, the people of every
// agency who viewed or changed their agency's contacts, meetings and disagreements, newest first
// (docs/decisions/0037). Filters live in the address, so a page of it can be shared.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { ErrorSummary } from "~/components/form";
import { DateInput } from "~/components/date-input";
import { ListCount, Pagination, pageParam, param } from "~/components/list";
import { describeError, loadPage, toPageResponse } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/title";
import { dateInputValues, readDateInput } from "../../server/domain/calendar/date-input";
import { RECORD_TYPE_LABELS } from "../../server/domain/data-protection/labels";

export const meta: MetaFunction = () => [{ title: pageTitle("Who looked at your agency's records") }];

const DATE_LABELS = { from: "From date", to: "To date" } as const;

/** A GOV.UK date input from the address: its "YYYY-MM-DD", or a message keyed by the part to fix. */
function readDate(params: URLSearchParams, name: "from" | "to"): { value?: string; error?: Record<string, string>; parts: Record<string, string> } {
  const parts = dateInputValues(params, name) as Record<string, string>;
  const sent = ["day", "month", "year"].some((part) => params.get(`${name}-${part}`)?.trim());
  if (!sent) return { parts };
  const result = readDateInput(dateInputValues(params, name), { label: DATE_LABELS[name] });
  if (result.ok) return { value: result.value, parts };
  const part = result.parts[0]!;
  return { error: { [part === "day" ? name : `${name}-${part}`]: result.message }, parts };
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const from = readDate(params, "from");
  const to = readDate(params, "to");
  const input = { from: from.value, to: to.value, recordType: param(params, "recordType") as never, viewerAgencyId: param(params, "viewerAgencyId"), page: pageParam(params) };
  const dateErrors = { ...from.error, ...to.error };
  const fallback = () => loadPage(request, () => context.trpc.dataProtection.accessLog({}));
  if (Object.keys(dateErrors).length > 0) {
    const log = await fallback();
    return json({ log, dates: { from: from.parts, to: to.parts }, input, errors: { formError: undefined as string | undefined, fieldErrors: dateErrors } }, { status: 400 });
  }
  try {
    const log = await context.trpc.dataProtection.accessLog(input);
    return json({ log, dates: { from: from.parts, to: to.parts }, input, errors: null });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      const { formError, fieldErrors } = describeError(error);
      const log = await fallback();
      return json({ log, dates: { from: from.parts, to: to.parts }, input, errors: { formError, fieldErrors } }, { status: 400 });
    }
    toPageResponse(error, request);
  }
}

export default function AccessLog() {
  const { log, dates, input, errors } = useLoaderData<typeof loader>();
  const info = { total: log.total, page: log.page, pageSize: log.pageSize, pageCount: Math.max(1, Math.ceil(log.total / log.pageSize)) };
  const recordHref = (item: (typeof log.items)[number]) => (item.recordType === "contact" ? `/contacts/${item.recordId}` : item.recordType === "meeting" ? `/meetings/${item.recordId}` : `/disagreements/${item.recordId}`);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{log.agencyName}</span>
          Who looked at your agency's records
        </h1>
        <p className="govuk-body">Everyone, of any agency, who opened or changed a contact your agency made, a strategy meeting your agency was invited to or convened, or a disagreement your agency raised or received. From the audit trail, newest first.</p>
        <Form method="get" className="govuk-!-margin-bottom-4" role="search" aria-label="Filter the access log">
          <DateInput name="from" legend="From" defaultValue={dates.from} errors={errors?.fieldErrors} />
          <DateInput name="to" legend="To" defaultValue={dates.to} errors={errors?.fieldErrors} />
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="recordType">Record type</label>
            <select className="govuk-select" id="recordType" name="recordType" defaultValue={input.recordType ?? ""}>
              <option value="">All records</option>
              {Object.entries(RECORD_TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </select>
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="viewerAgencyId">Agency of the person</label>
            <select className="govuk-select" id="viewerAgencyId" name="viewerAgencyId" defaultValue={input.viewerAgencyId ?? ""}>
              <option value="">Any agency</option>
              {log.agencies.map((a) => (
                <option key={a.id} value={a.id}>{a.name}</option>
              ))}
            </select>
          </div>
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--secondary">Apply filters</button>
            <Link className="govuk-link" to="/access-log">Clear filters</Link>
          </div>
        </Form>
        <ListCount info={info} noun={{ one: "entry", many: "entries" }} />
        {log.items.length > 0 ? (
          <div className="concord-table-scroll" role="region" aria-label="Access to your agency's records" tabIndex={0}>
            <table className="govuk-table" data-testid="access-log">
              <caption className="govuk-table__caption govuk-visually-hidden">Who viewed or changed your agency's records, newest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">When</th>
                  <th scope="col" className="govuk-table__header">Who</th>
                  <th scope="col" className="govuk-table__header">Agency</th>
                  <th scope="col" className="govuk-table__header">What</th>
                  <th scope="col" className="govuk-table__header">Record</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {log.items.map((item) => (
                  <tr className="govuk-table__row" key={item.id}>
                    <td className="govuk-table__cell">{formatDateTime(item.occurredAt)}</td>
                    <td className="govuk-table__cell">{item.who}</td>
                    <td className="govuk-table__cell">
                      {item.agencyName ?? ""}
                      {item.otherAgency && item.agencyName ? <> <strong className="govuk-tag govuk-tag--grey">Another agency</strong></> : null}
                    </td>
                    <td className="govuk-table__cell">{item.what}</td>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={recordHref(item)}>
                        {RECORD_TYPE_LABELS[item.recordType]}
                        {item.reference ? ` ${item.reference}` : ""}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pagination info={info} label="Pages of the access log" />
      </div>
    </div>
  );
}
