import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SummaryList } from "~/components/form";
import { share } from "~/components/audit-figures-tables";
import { loadPage } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Independent scrutiny - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => json(await context.trpc.scrutiny.overview()));
}

const day = (iso: string) => formatDate(`${iso}T12:00:00Z`);

export default function ScrutinyHome() {
  const data = useLoaderData<typeof loader>();
  const { headline, closedRounds, overdueLearningActions: overdue, disagreements } = data;
  const t = headline.totals;
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{data.me.displayName}, {data.me.agencyName}</span>
            Independent scrutiny
          </h1>
          <p className="govuk-body">You read the partnership’s figures, audit rounds, learning actions and disagreement summaries. You see case references only, and you change nothing.</p>
        </div>
      </div>

      <section className="concord-task-section govuk-!-margin-bottom-7" aria-labelledby="scrutiny-rounds">
        <h2 className="govuk-heading-m" id="scrutiny-rounds">
          Audit rounds closed <span className="govuk-tag govuk-tag--grey" data-testid="count-closed-rounds">{closedRounds.count}</span>
        </h2>
        {closedRounds.items.length === 0 ? <p className="govuk-body">No audit round has closed yet.</p> : (
          <ul className="govuk-list govuk-list--spaced">
            {closedRounds.items.map((r) => (
              <li key={r.id}>
                <Link className="govuk-link" to={`/audits/${r.id}`}>{r.title}</Link>
                <span className="govuk-body-s"> — decisions from {day(r.periodStart)} to {day(r.periodEnd)}; {r.sampled} contacts, {r.findings} finding{r.findings === 1 ? "" : "s"}{r.closedAt ? `; closed ${formatDate(r.closedAt)}` : ""}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="concord-task-section govuk-!-margin-bottom-7" aria-labelledby="scrutiny-actions">
        <h2 className="govuk-heading-m" id="scrutiny-actions">
          Learning actions past their due date <span className="govuk-tag govuk-tag--grey" data-testid="count-overdue-actions">{overdue.count}</span>
        </h2>
        {overdue.items.length === 0 ? <p className="govuk-body">No learning action is past its due date ({overdue.open} open).</p> : (
          <ul className="govuk-list govuk-list--spaced">
            {overdue.items.map((a) => (
              <li key={a.id}>
                <Link className="govuk-link" to={`/learning-actions/${a.id}`}>{a.title}</Link>
                <span className="govuk-body-s"> — {a.owningAgency}, due {day(a.dueOn)}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="govuk-body"><Link className="govuk-link" to="/learning-actions">All learning actions</Link></p>
      </section>

      <section className="concord-task-section govuk-!-margin-bottom-7" aria-labelledby="scrutiny-disagreements">
        <h2 className="govuk-heading-m" id="scrutiny-disagreements">
          Disagreements open <span className="govuk-tag govuk-tag--grey" data-testid="count-open-disagreements">{disagreements.open}</span>
        </h2>
        <p className="govuk-body">{disagreements.pastStageTime} of them past the time their current stage allows.</p>
        <p className="govuk-body"><Link className="govuk-link" to="/scrutiny/disagreements">Disagreement summaries</Link></p>
      </section>

      <section className="govuk-!-margin-bottom-7" aria-labelledby="scrutiny-headline">
        <h2 className="govuk-heading-m" id="scrutiny-headline">Audit figures, {day(headline.period.from)} to {day(headline.period.to)}</h2>
        {headline.rounds === 0 ? <p className="govuk-body">No audit round in this period, so there are no audit figures yet.</p> : (
          <SummaryList
            rows={[
              ["Audit rounds", String(headline.rounds)],
              ["Decisions judged right", share(t.judgedRight, t.moderated, t.judgedRightPercent)],
              ["Closures judged unsafe", share(t.closuresUnsafe, t.closures, t.closuresUnsafePercent)],
              ["Agreement between agencies", share(t.agreement.allAgreed, t.agreement.compared, t.agreement.allAgreedPercent)],
            ]}
          />
        )}
      </section>

      <h2 className="govuk-heading-m">What you can read</h2>
      <ul className="govuk-list">
        <li><Link className="govuk-link" to="/figures">Partnership figures</Link></li>
        <li><Link className="govuk-link" to="/figures/audits">Audit figures</Link></li>
        <li><Link className="govuk-link" to="/audits">Audit rounds</Link></li>
        <li><Link className="govuk-link" to="/learning-actions">Learning actions</Link></li>
        <li><Link className="govuk-link" to="/scrutiny/disagreements">Disagreement summaries</Link></li>
        <li><Link className="govuk-link" to="/report/yearly">The yearly report</Link></li>
      </ul>
    </>
  );
}
