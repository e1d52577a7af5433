import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { loadPage } from "~/utils/errors.server";

type RoleName = "practitioner" | "manager" | "agency_admin" | "partnership_chair" | "system_admin";

/** The loader of a role's home page: the server refuses anyone without the role. */
export function roleHomeLoader(role: RoleName) {
  return ({ context, request }: LoaderFunctionArgs) =>
    loadPage(request, async () => json(await context.trpc.home.forRole({ role })));
}

export function RoleHome({ title, data }: { title: string; data: { roleLabel: string; me: { displayName: string; agencyName: string; roleLabels: string[] }; agencyPeople: number; agencies: number } }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{data.roleLabel}</span>
          {title}
        </h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Name</dt>
            <dd className="govuk-summary-list__value">{data.me.displayName}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Agency</dt>
            <dd className="govuk-summary-list__value">{data.me.agencyName}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Roles</dt>
            <dd className="govuk-summary-list__value">{data.me.roleLabels.join(", ")}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Active people in your agency</dt>
            <dd className="govuk-summary-list__value">{data.agencyPeople}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Agencies in the partnership</dt>
            <dd className="govuk-summary-list__value">{data.agencies}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
