// The partnership's learning actions (issue 17, docs/decisions/0039): every agency's for the chair,
// the business manager and the scrutineer; a manager's own agency's. Open ones first, overdue and
// soonest due first, then completed ones. Prints on A4 without the navigation.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ListCount, ListFilters, Pagination, pageParam, param, type FilterSelect } from "~/components/list";
import { loadPage } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/title";
import { LIST_STATES, SOURCE_KINDS } from "../../server/domain/learning/schemas";

export const meta: MetaFunction = () => [{ title: pageTitle("Learning actions") }];

const STATE_LABELS: Record<(typeof LIST_STATES)[number], string> = { all: "All", open: "Open", overdue: "Overdue", completed: "Completed" };
const KIND_LABELS: Record<(typeof SOURCE_KINDS)[number], string> = { FINDING: "Audit finding", DISAGREEMENT: "Disagreement", THEME: "Theme across disagreements", MEETING: "Strategy meeting" };

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const pick = <T extends string>(value: string | null, allowed: readonly T[]) => (allowed.includes(value as T) ? (value as T) : undefined);
  const state = pick(params.get("state"), LIST_STATES) ?? "all";
  const sourceKind = pick(params.get("sourceKind"), SOURCE_KINDS);
  const agency = param(params, "agency");
  return loadPage(request, async () => {
    // An agency id that is not one is ignored; the server keeps a manager to their own agency's.
    const owningAgencyId = agency && /^[0-9a-f-]{36}$/i.test(agency) ? agency : undefined;
    const actions = await context.trpc.learningActions.list({ state, sourceKind, owningAgencyId, search: param(params, "search"), page: pageParam(params) });
    return json({ state, actions });
  });
}

export default function LearningActions() {
  const { state, actions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const filters: FilterSelect[] = [
    { name: "state", label: "Show", value: state, options: LIST_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] })) },
    { name: "sourceKind", label: "Set from", value: params.get("sourceKind"), options: [{ value: "", label: "Any source" }, ...SOURCE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))] },
    ...(actions.agencies.length > 0 ? [{ name: "agency", label: "Owning agency", value: params.get("agency"), options: [{ value: "", label: "Any agency" }, ...actions.agencies.map((a) => ({ value: a.id, label: a.name }))] }] : []),
  ];
  return (
    <>
      <h1 className="govuk-heading-l">Learning actions</h1>
      <p className="govuk-body">What agencies will change because of what the partnership learned from audits, disagreements and strategy meetings. The owning agency's managers record the evidence when an action is done.</p>
      {actions.abilities.canCreate ? (
        <p className="govuk-body concord-no-print">
          Set a learning action from an audit finding, a resolved disagreement or <Link className="govuk-link" to="/learning-actions/new">a theme across disagreements</Link>.
        </p>
      ) : null}
      <div className="concord-no-print">
        <ListFilters searchLabel="Search learning actions by title" searchHint="A word or part of the title" search={params.get("search")} filters={filters} clearTo="/learning-actions" />
      </div>
      <ListCount info={actions} noun={{ one: "learning action", many: "learning actions" }} />
      {actions.items.length === 0 ? <p className="govuk-body" data-testid="no-learning-actions">There are none to show.</p> : (
        <table className="govuk-table concord-learning-actions" data-testid="learning-actions">
          <caption className="govuk-table__caption govuk-visually-hidden">Learning actions: open ones first, overdue and soonest due first; then completed ones, latest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Action</th>
              <th scope="col" className="govuk-table__header">Owning agency</th>
              <th scope="col" className="govuk-table__header">Set from</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {actions.items.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell"><Link className="govuk-link" to={`/learning-actions/${a.id}`}>{a.title}</Link></td>
                <td className="govuk-table__cell">{a.owningAgencyName}</td>
                <td className="govuk-table__cell">{a.sourceKindLabel}</td>
                <td className="govuk-table__cell">{formatDate(a.dueOn)}</td>
                <td className="govuk-table__cell">
                  {a.state === "COMPLETED" ? <>Completed<br /><span className="govuk-body-s">{formatDate(a.completedAt!)}</span></> : a.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : "Open"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="concord-no-print">
        <Pagination info={actions} label="Pages of learning actions" />
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>Print this list</button>
      </div>
    </>
  );
}
