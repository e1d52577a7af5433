import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { formatDateTime } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { ListCount, ListFilters, Pagination, pageParam, param, type FilterSelect } from "~/components/list";
import { ContactStatusTag, Timeliness } from "~/components/contact-status";
import { CONCERN_LABELS, CONTACT_STATUS_LABELS, type ContactStatus } from "../../server/domain/front-door/labels";

export const meta: MetaFunction = () => [{ title: "Contacts - Concord" }];

const STATUSES = Object.keys(CONTACT_STATUS_LABELS) as ContactStatus[];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const status = param(params, "status");
  const agency = param(params, "agency");
  return loadPage(request, async () => {
    const abilities = await context.trpc.contacts.abilities();
    const agencies = abilities.reach === "all" ? await context.trpc.agencies.list() : [];
    const contacts = await context.trpc.contacts.list({
      status: STATUSES.includes(status as ContactStatus) ? (status as ContactStatus) : undefined,
      sourceAgencyId: agencies.some((a) => a.id === agency) ? agency : undefined,
      search: param(params, "search"),
      page: pageParam(params),
    });
    return json({ contacts, abilities, agencies });
  });
}

export default function Contacts() {
  const { contacts, abilities, agencies } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = params.get("status");
  const filters: FilterSelect[] = [
    { name: "status", label: "Status", value: current, options: [{ value: "", label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: CONTACT_STATUS_LABELS[s] }))] },
    ...(agencies.length > 0 ? [{ name: "agency", label: "From", value: params.get("agency"), options: [{ value: "", label: "Any agency" }, ...agencies.map((a) => ({ value: a.id, label: a.name }))] }] : []),
  ];
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
      <ListFilters
        searchLabel="Search contacts by reference"
        searchHint={abilities.reach === "all" ? "The council's case reference or the referrer's own reference, or part of it" : "Your agency's own reference, or part of it"}
        search={params.get("search")}
        filters={filters}
        clearTo="/contacts"
      />
      <ListCount info={contacts} noun={{ one: "contact", many: "contacts" }} />
      {contacts.items.length === 0 ? (
        <p className="govuk-body" data-testid="no-contacts">There are no contacts to show. Try a different search or fewer filters.</p>
      ) : (
        <table className="govuk-table" data-testid="contacts">
          <caption className="govuk-table__caption govuk-table__caption--m govuk-visually-hidden">Contacts: those awaiting a decision first, most overdue first; then the rest, newest first</caption>
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
            {contacts.items.map((contact) => (
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
      <Pagination info={contacts} label="Pages of contacts" />
    </>
  );
}
