// Joint audit rounds (decision 0038): an auditor's home (the rounds waiting for their agency's
// grades first), the partnership's list of rounds, and the scrutineer's.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { loadPage } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/title";
import { ROUND_STATE_LABELS } from "../../server/domain/audits/labels";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit rounds") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const list = await context.trpc.audits.list();
    // For an auditor this page is home: their other waiting work (a disagreement they raised from a
    // finding, waiting for their answer) shows here too, as the navigation's count includes it.
    const home = list.abilities.gradesForAgency ? await context.trpc.home.forRole({ role: "auditor" }).catch(() => null) : null;
    const otherWork = (home?.sections ?? []).filter((section) => section.key !== "auditRoundsToGrade" && section.count > 0);
    return json({ ...list, otherWork });
  });
}

type Round = ReturnType<typeof useLoaderData<typeof loader>>["rounds"][number];

function RoundsTable({ rounds, caption, testId }: { rounds: Round[]; caption: string; testId: string }) {
  return (
    <div className="concord-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="govuk-table" data-testid={testId}>
        <caption className="govuk-table__caption govuk-visually-hidden">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Round</th>
            <th scope="col" className="govuk-table__header">Decisions made</th>
            <th scope="col" className="govuk-table__header">Contacts</th>
            <th scope="col" className="govuk-table__header">State</th>
            <th scope="col" className="govuk-table__header">Agencies submitted</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rounds.map((r) => (
            <tr className="govuk-table__row" key={r.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/audits/${r.id}`}>{r.title}</Link>
                <br />
                <span className="govuk-body-s">{r.sampleRuleLabel}</span>
              </td>
              <td className="govuk-table__cell">{formatDate(r.periodStart)} to {formatDate(r.periodEnd)}</td>
              <td className="govuk-table__cell">{r.contacts}</td>
              <td className="govuk-table__cell">{ROUND_STATE_LABELS[r.state]}</td>
              <td className="govuk-table__cell">{r.agencies.filter((a) => a.submitted).length} of {r.agencies.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function AuditRounds() {
  const { abilities, waiting, rounds, otherWork } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Audit rounds</h1>
      <p className="govuk-body">
        The partnership's joint audits of front-door decisions. Each taking-part agency grades every sampled decision on its own; no agency sees another's grades until all have submitted. The partnership then moderates: it agrees the answers for each contact and the round's findings.
      </p>
      {abilities.canCreate ? (
        <Link className="govuk-button" to="/audits/new" data-testid="new-round">Start an audit round</Link>
      ) : null}
      {abilities.gradesForAgency ? (
        <>
          <h2 className="govuk-heading-m">Audit rounds waiting for your agency's grades</h2>
          {waiting.length === 0 ? <p className="govuk-body" data-testid="nothing-waiting">No audit round is waiting for your agency's grades.</p> : <RoundsTable rounds={waiting} caption="Audit rounds waiting for your agency's grades" testId="rounds-waiting" />}
        </>
      ) : null}
      {otherWork.map((section) => (
        <div key={section.key} data-testid={`other-work-${section.key}`}>
          <h2 className="govuk-heading-m">{section.title} ({section.count})</h2>
          <ul className="govuk-list">
            {section.items.map((item) => (
              <li key={item.href}>
                <Link className="govuk-link" to={item.href}>{item.label}</Link>: {item.detail}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <h2 className="govuk-heading-m">{waiting.length > 0 ? "Other audit rounds" : "All audit rounds"}</h2>
      {rounds.length === 0 ? <p className="govuk-body" data-testid="no-rounds">There are no other audit rounds to show.</p> : <RoundsTable rounds={rounds} caption="Audit rounds, newest first" testId="rounds" />}
    </>
  );
}
