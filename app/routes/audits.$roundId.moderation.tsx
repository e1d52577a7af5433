// Moderation of a joint audit round (decision 0038): for each sampled contact every agency's
// answers side by side, with agreement and disagreement said in words; the moderator records the
// agreed answers and a note, the round's findings (tagged with the partnership's themes), and
// closes the round with a summary once every contact is moderated.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Checkboxes, ErrorSummary, Radios, Select, SuccessBanner, Textarea } from "~/components/form";
import { FindingsList } from "~/components/audit-findings";
import { loadPage, readForm, toFormResponse } from "~/utils/errors.server";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/title";
import { AUDIT_QUESTIONS, yesNoLabel } from "../../server/domain/audits/labels";
import { OUTCOME_LABELS } from "../../server/domain/front-door/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.round ? `Moderate ${data.round.title}` : "Moderate an audit round") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const round = await context.trpc.audits.get({ roundId: params.roundId ?? "" });
    if (!round.abilities.canCreate) throw new Response("Only the partnership's business manager or chair moderates audit rounds.", { status: 403 });
    // Moderation is open only between the last agency's submission and the round's closing.
    if (!round.abilities.canModerate) throw redirect(`/audits/${round.id}`);
    return json({ round });
  });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const roundId = params.roundId ?? "";
  const intent = text("intent");
  const position = text("position");
  const fieldNames: Record<string, Record<string, string>> = {
    moderate: { agreedLevelRight: `agreedLevelRight-${position}`, agreedOutcomeSafe: `agreedOutcomeSafe-${position}`, agreedRationaleRecorded: `agreedRationaleRecorded-${position}`, note: `note-${position}` },
    finding: { summary: "findingSummary", itemId: "findingItemId", themeIds: "themeIds" },
    close: { summary: "roundSummary" },
  };
  try {
    switch (intent) {
      case "moderate":
        await context.trpc.audits.moderate({
          itemId: text("itemId"),
          agreedLevelRight: text(`agreedLevelRight-${position}`) as never,
          agreedOutcomeSafe: text(`agreedOutcomeSafe-${position}`) as never,
          agreedRationaleRecorded: text(`agreedRationaleRecorded-${position}`) as never,
          note: text(`note-${position}`),
        });
        return json({ done: `Agreed answers recorded for contact ${position}` });
      case "finding":
        await context.trpc.audits.addFinding({ roundId, itemId: text("findingItemId"), summary: text("findingSummary"), themeIds: form.getAll("themeIds").map(String) });
        return json({ done: "Finding recorded" });
      case "close":
        await context.trpc.audits.close({ roundId, summary: text("roundSummary") });
        return redirect(`/audits/${roundId}`);
      default:
        throw new Response("Unknown action", { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return toFormResponse(error, request, { fieldNames: fieldNames[intent] });
  }
}

type Agreement = { yes: number; no: number; agree: boolean };

/** Agreement in words, never by colour alone. */
function agreementInWords(a: Agreement | undefined, grades: { agencyName: string; answer: boolean }[]): string {
  if (!a || grades.length === 0) return "No grades";
  if (a.agree) return `All ${grades.length} agencies agree: ${a.yes > 0 ? "yes" : "no"}`;
  const said = (answer: boolean) => grades.filter((g) => g.answer === answer).map((g) => g.agencyName).join(", ");
  return `Agencies differ: ${a.yes} said yes (${said(true)}), ${a.no} said no (${said(false)})`;
}

export default function Moderation() {
  const { round } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  const unmoderated = round.items.filter((i) => !i.moderated).length;
  const differing = round.items.filter((i) => i.agreement && AUDIT_QUESTIONS.some((q) => !i.agreement![q.key].agree)).length;
  return (
    <>
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      {done ? <SuccessBanner id="moderated" heading={done} /> : null}
      <Link className="govuk-back-link" to={`/audits/${round.id}`}>Back to the round</Link>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Moderation</span>
        {round.title}
      </h1>
      <p className="govuk-body" data-testid="moderation-overview">
        Every agency has submitted its grades. The agencies differ on {differing} of {round.items.length} contacts. {unmoderated === 0 ? "Every contact is moderated." : `${unmoderated} still to moderate.`}
      </p>

      {round.items.map((item) => (
        <section key={item.id} className="govuk-!-margin-bottom-8" aria-labelledby={`contact-${item.position}`} data-testid={`moderate-item-${item.position}`}>
          <h2 className="govuk-heading-m" id={`contact-${item.position}`}>
            Contact {item.position}: {item.caseReference ?? "no reference"}
            {item.decision ? <span className="govuk-caption-m">Level {item.decision.levelApplied}, {OUTCOME_LABELS[item.decision.outcome]}, decided {formatDate(item.decision.decidedAt)} by {item.decision.decidedByName}</span> : null}
          </h2>
          <p className="govuk-body"><Link className="govuk-link" to={`/audits/${round.id}/items/${item.id}`}>Read the decision, what followed and each agency's reasons<span className="govuk-visually-hidden"> for contact {item.position}</span></Link></p>
          <div className="concord-table-scroll" role="region" aria-label={`Each agency's answers for contact ${item.position}`} tabIndex={0}>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Each agency's answers</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Question</th>
                  {item.grades.map((g) => (
                    <th scope="col" className="govuk-table__header" key={g.agencyId}>{g.agencyName}</th>
                  ))}
                  <th scope="col" className="govuk-table__header">Agreement</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {AUDIT_QUESTIONS.map((q) => (
                  <tr className="govuk-table__row" key={q.key}>
                    <th scope="row" className="govuk-table__header">{q.label}</th>
                    {item.grades.map((g) => (
                      <td className="govuk-table__cell" key={g.agencyId}>{yesNoLabel(g[q.key])}</td>
                    ))}
                    <td className="govuk-table__cell" data-testid={`agreement-${q.key}`}>
                      {item.agreement?.[q.key].agree ? (
                        agreementInWords(item.agreement?.[q.key], item.grades.map((g) => ({ agencyName: g.agencyName, answer: g[q.key] })))
                      ) : (
                        <strong>{agreementInWords(item.agreement?.[q.key], item.grades.map((g) => ({ agencyName: g.agencyName, answer: g[q.key] })))}</strong>
                      )}
                    </td>
                  </tr>
                ))}
                <tr className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">Reason</th>
                  {item.grades.map((g) => (
                    <td className="govuk-table__cell concord-pre-wrap" key={g.agencyId}>{g.reason}</td>
                  ))}
                  <td className="govuk-table__cell" />
                </tr>
              </tbody>
            </table>
          </div>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="moderate" />
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="position" value={item.position} />
            <h3 className="govuk-heading-s">{item.agreed ? "Agreed answers (recorded; you can change them until the round closes)" : "Agreed answers"}</h3>
            {AUDIT_QUESTIONS.map((q) => (
              <Radios
                key={q.key}
                name={`${q.agreedKey}-${item.position}`}
                legend={q.label}
                small
                options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]}
                defaultValue={item.agreed ? (item.agreed[q.key] ? "yes" : "no") : undefined}
                error={errors?.fieldErrors[`${q.agreedKey}-${item.position}`]}
              />
            ))}
            <Textarea name={`note-${item.position}`} label="Moderation note (optional)" hint="What the agencies agreed and why, where they differed" rows={3} defaultValue={item.agreed?.note ?? undefined} error={errors?.fieldErrors[`note-${item.position}`]} />
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy} data-testid={`save-moderation-${item.position}`}>
              Save the agreed answers<span className="govuk-visually-hidden"> for contact {item.position}</span>
            </button>
          </Form>
        </section>
      ))}

      <h2 className="govuk-heading-m">Findings</h2>
      <FindingsList roundId={round.id} findings={round.findings} />
      <Form method="post" noValidate className="govuk-!-margin-bottom-8">
        <input type="hidden" name="intent" value="finding" />
        <h3 className="govuk-heading-s">Record a finding</h3>
        <Select
          name="findingItemId"
          label="What the finding is about"
          options={[{ value: "", label: "The whole round" }, ...round.items.map((i) => ({ value: i.id, label: `Contact ${i.position}: ${i.caseReference ?? "no reference"}` }))]}
          error={errors?.fieldErrors.findingItemId}
        />
        <Textarea name="findingSummary" label="Finding" hint="What the audit found, in a sentence or two. A finding about one contact can start a threshold disagreement; any finding can start a learning action." rows={4} error={errors?.fieldErrors.findingSummary} />
        <Checkboxes name="themeIds" legend="Themes (optional)" hint="The partnership's themes, as used for disagreements" options={round.themes.map((t) => ({ value: t.id, label: t.name }))} error={errors?.fieldErrors.themeIds} />
        <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy} data-testid="record-finding">Record the finding</button>
      </Form>

      <h2 className="govuk-heading-m">Close the round</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="close" />
        <p className="govuk-body">Close the round when every contact is moderated. It then becomes read-only.</p>
        <Textarea name="roundSummary" label="Summary of the round" hint="What the audit found overall, for the partnership and its yearly report" rows={5} error={errors?.fieldErrors.roundSummary} />
        <button type="submit" className="govuk-button" disabled={busy} data-testid="close-round">Close the round</button>
      </Form>
    </>
  );
}
