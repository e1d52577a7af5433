import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Audit trail - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const text = (name: string) => params.get(name)?.trim() || undefined;
  return loadPage(request, async () => {
    const [result, agencies] = await Promise.all([
      context.trpc.audit.list({
        action: text("action"),
        entityType: text("entityType"),
        entityId: text("entityId"),
        actorAgencyId: text("agencyId"),
        from: text("from") ? new Date(`${text("from")}T00:00:00Z`) : undefined,
        to: text("to") ? new Date(`${text("to")}T23:59:59.999Z`) : undefined,
        before: text("before") as never,
      }),
      context.trpc.agencies.list(),
    ]);
    return json({ ...result, agencies });
  });
}

export default function AuditTrail() {
  const { events, nextBefore, agencies, total } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  if (nextBefore) next.set("before", nextBefore);
  return (
    <>
      <h1 className="govuk-heading-l">Audit trail</h1>
      <p className="govuk-body">Every change in Concord, and every read of case-level data, newest first.</p>
      <Form method="get" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="action">Action starts with</label>
              <input className="govuk-input" id="action" name="action" defaultValue={params.get("action") ?? ""} />
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="entityType">Record type</label>
              <input className="govuk-input" id="entityType" name="entityType" defaultValue={params.get("entityType") ?? ""} />
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="from">From (date)</label>
              <input className="govuk-input" id="from" name="from" type="date" defaultValue={params.get("from") ?? ""} />
            </div>
          </div>
          <div className="govuk-grid-column-one-quarter">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="to">To (date)</label>
              <input className="govuk-input" id="to" name="to" type="date" defaultValue={params.get("to") ?? ""} />
            </div>
          </div>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="agencyId">Agency of the person acting</label>
          <select className="govuk-select" id="agencyId" name="agencyId" defaultValue={params.get("agencyId") ?? ""}>
            <option value="">Any agency</option>
            {agencies.map((agency) => (
              <option key={agency.id} value={agency.id}>{agency.name}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Filter</button>
      </Form>
      <table className="govuk-table" data-testid="audit-events">
        <caption className="govuk-table__caption govuk-table__caption--m">
          Events <span className="govuk-caption-m" data-testid="audit-total">{params.get("before") ? `Older events of ${total.toLocaleString("en-GB")} that match` : `Showing the newest ${events.length.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} that match`}</span>
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">When</th>
            <th scope="col" className="govuk-table__header">Who</th>
            <th scope="col" className="govuk-table__header">Action</th>
            <th scope="col" className="govuk-table__header">Record</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {events.map((event) => (
            <tr className="govuk-table__row" key={event.id}>
              <td className="govuk-table__cell">{formatDateTime(event.occurredAt)}</td>
              <td className="govuk-table__cell">
                {event.actorName}
                {event.actorAgencyName ? <><br /><span className="govuk-body-s">{event.actorAgencyName}</span></> : null}
              </td>
              <td className="govuk-table__cell"><code>{event.action}</code></td>
              <td className="govuk-table__cell">
                {event.entityType}
                {event.entityId ? <><br /><span className="govuk-body-s">{event.entityId}</span></> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length === 0 ? <p className="govuk-body">No events match these filters.</p> : null}
      {nextBefore ? (
        <Link className="govuk-link" to={`?${next.toString()}`}>Older events</Link>
      ) : null}
    </>
  );
}
