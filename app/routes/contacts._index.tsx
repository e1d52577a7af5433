import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { ContactStatusTag, Timeliness } from "~/components/contact-status";
import { CONCERN_LABELS, CONTACT_STATUS_LABELS, type ContactStatus } from "../../server/domain/front-door/labels";

export const meta: MetaFunction = () => [{ title: "Contacts - Concord" }];

const STATUSES = Object.keys(CONTACT_STATUS_LABELS) as ContactStatus[];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const status = new URL(request.url).searchParams.get("status");
  return loadPage(request, async () => {
    const [contacts, abilities] = await Promise.all([
      context.trpc.contacts.list({ status: STATUSES.includes(status as ContactStatus) ? (status as ContactStatus) : undefined }),
      context.trpc.contacts.abilities(),
    ]);
    return json({ contacts, abilities });
  });
}

export default function Contacts() {
  const { contacts, abilities } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = params.get("status");
  useRevalidateOn("contact:changed");
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{abilities.reach === "all" ? "Front door: every agency" : "Your agency"}</span>
            Contacts
          </h1>
        </div>
        <div className="govuk-grid-column-one-third govuk-!-text-align-right">
          {abilities.canRecord ? (
            <Link to="/contacts/new" className="govuk-button" role="button">
              Record a contact
            </Link>
          ) : null}
        </div>
      </div>
      <nav aria-label="Filter by status" className="govuk-!-margin-bottom-4">
        <ul className="govuk-list govuk-!-display-inline">
          <li className="govuk-!-display-inline govuk-!-margin-right-4">
            {current ? <Link className="govuk-link" to="/contacts">All</Link> : <strong>All</strong>}
          </li>
          {STATUSES.map((status) => (
            <li key={status} className="govuk-!-display-inline govuk-!-margin-right-4">
              {current === status ? <strong>{CONTACT_STATUS_LABELS[status]}</strong> : <Link className="govuk-link" to={`/contacts?status=${status}`}>{CONTACT_STATUS_LABELS[status]}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      {contacts.length === 0 ? (
        <p className="govuk-body" data-testid="no-contacts">There are no contacts to show.</p>
      ) : (
        <table className="govuk-table" data-testid="contacts">
          <caption className="govuk-table__caption govuk-table__caption--m govuk-visually-hidden">Contacts, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Case</th>
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">From</th>
              <th scope="col" className="govuk-table__header">Concern</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Timeliness</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {contacts.map((contact) => (
              <tr className="govuk-table__row" key={contact.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/contacts/${contact.id}`}>{contact.reference ?? "No reference given"}</Link>
                </td>
                <td className="govuk-table__cell">{formatDateTime(contact.receivedAt)}</td>
                <td className="govuk-table__cell">{contact.sourceAgencyName}</td>
                <td className="govuk-table__cell">{CONCERN_LABELS[contact.concernCategory]}</td>
                <td className="govuk-table__cell"><ContactStatusTag status={contact.status} /></td>
                <td className="govuk-table__cell"><Timeliness timeliness={contact.timeliness} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
