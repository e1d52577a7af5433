import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Checkboxes, ErrorSummary, Radios, SuccessBanner, SummaryList, TextInput, Textarea } from "~/components/form";
import { loadPage, toFormResponse, type FormErrors, readForm } from "~/utils/errors.server";
import { DateInput } from "~/components/date-input";
import { readDateField, withDateErrors } from "~/utils/date-field";
import { formatDateTime, formatDeadline } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { DISAGREEMENT_OUTCOME_LABELS, EVENT_LABELS, RESOLUTION_LABELS, STEP_KIND_LABELS, SUBJECT_LABELS } from "../../server/domain/disagreements/labels";
import { OUTCOME_LABELS } from "../../server/domain/front-door/labels";
import { pageTitle } from "~/utils/title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.disagreement ? `${data.disagreement.caseReference ?? "No case"} disagreement` : "Disagreement") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const [disagreement, themes, levels, learning] = await Promise.all([
      context.trpc.disagreements.get({ disagreementId: params.disagreementId ?? "" }),
      context.trpc.disagreements.themes(),
      context.trpc.settings.thresholdLevels(),
      context.trpc.learningActions.abilities(),
    ]);
    return json({ disagreement, themes, levels, canSetLearningAction: learning.canCreate });
  });
}

const DONE: Record<string, string> = {
  comment: "Comment added",
  reference: "Reference attached",
  position: "Your agency's position is recorded",
  step: "Next step added to the plan",
  propose: "Outcome proposed: the other agency will accept or decline it",
  accept: "Proposal accepted: the disagreement is resolved by agreement",
  decline: "Proposal declined: the disagreement stays open",
  escalate: "Escalated to the next stage",
  withdraw: "Disagreement withdrawn",
  determine: "The partnership's determination is recorded",
  "changed-decision": "Changed decision recorded: it now needs sign-off by another council manager",
  acknowledge: "Outcome acknowledged",
  themes: "Themes saved",
};

/** Input field names that a form names differently, per form. */
const FIELD_NAMES: Record<string, Record<string, string>> = {
  withdraw: { statement: "withdrawStatement" },
  determine: { outcome: "determination", statement: "determinationStatement" },
  "changed-decision": { outcome: "decisionOutcome" },
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const intent = text("intent");
  const base = { disagreementId: params.disagreementId ?? "", expectedVersion: Number(text("expectedVersion")) };
  const d = context.trpc.disagreements;
  const when = readDateField(form, "when", { label: "Date of the next step", time: true, timeLabel: "Time of the next step" });
  try {
    switch (intent) {
      case "comment":
        await d.comment({ ...base, body: text("body") });
        break;
      case "reference":
        await d.attachReference({ ...base, reference: text("reference") });
        break;
      case "position":
        await d.recordPosition({ ...base, position: text("position") });
        break;
      case "step":
        await d.addNextStep({ ...base, kind: text("kind") as never, who: text("who"), when: when.value as never, note: text("note") });
        break;
      case "propose":
        await d.propose({ ...base, outcome: text("outcome") as never, statement: text("statement") });
        break;
      case "answer":
        await d.answer({ ...base, proposalId: text("proposalId"), answer: text("answer") as never, reasons: text("reasons") });
        return json({ done: DONE[text("answer") === "ACCEPT" ? "accept" : "decline"]! });
      case "escalate":
        await d.escalate({ ...base, reason: text("reason") });
        break;
      case "withdraw":
        await d.withdraw({ ...base, statement: text("withdrawStatement") });
        break;
      case "determine":
        await d.determine({ ...base, outcome: text("determination") as never, statement: text("determinationStatement") });
        break;
      case "changed-decision":
        await d.recordChangedDecision({ ...base, levelApplied: text("levelApplied") as never, outcome: text("decisionOutcome") as never, rationale: text("rationale"), closureReason: text("closureReason") });
        break;
      case "acknowledge":
        await d.acknowledge(base);
        break;
      case "themes":
        await d.tagThemes({ ...base, themeIds: form.getAll("themeIds").map(String) });
        break;
      default:
        return json({ errors: { formError: "Choose what to do", fieldErrors: {} } as FormErrors, values: {} as Record<string, string> }, { status: 400 });
    }
    return json({ done: DONE[intent]! });
  } catch (error) {
    // Keep what the person wrote, so nothing is lost when the record changed under them.
    const response = toFormResponse(error, request);
    const body = (await response.json()) as { errors: FormErrors };
    const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
    // Messages go beside the fields of the form that was sent (some forms name theirs differently).
    const rename = FIELD_NAMES[intent] ?? {};
    const renamed = Object.fromEntries(Object.entries(body.errors.fieldErrors).map(([key, message]) => [rename[key] ?? key, message]));
    const fieldErrors = intent === "step" ? withDateErrors(renamed, ["when", when]) : renamed;
    return json({ errors: { ...body.errors, fieldErrors }, values }, { status: response.status });
  }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m">{title}</h2>
      {children}
    </section>
  );
}

export default function DisagreementPage() {
  const { disagreement: d, themes, levels, canSetLearningAction } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const values = (result && "values" in result ? result.values : {}) as Record<string, string>;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  useRevalidateOn("disagreement:changed", (e) => e.disagreementId === d.id);
  const a = d.abilities;
  const version = <input type="hidden" name="expectedVersion" value={d.version} />;
  const next = d.ladder.stages.find((s) => s.stage === d.stage + 1);
  const current = d.ladder.stages.find((s) => s.stage === d.stage)!;
  const pending = d.pendingProposal;
  const mine = pending && d.viewerSide && ((d.viewerSide === "raising" && pending.proposedBy.agencyName === d.raisingAgencyName) || (d.viewerSide === "receiving" && pending.proposedBy.agencyName === d.receivingAgencyName));
  const agreeable = (["UPHELD", "CHANGED", "PARTLY_CHANGED"] as const).map((o) => ({ value: o, label: DISAGREEMENT_OUTCOME_LABELS[o] }));
  const fe = errors?.fieldErrors ?? {};
  /** A form's field errors only when that form was the one sent. */
  const feFor = (intent: string): Record<string, string> => (values.intent === intent ? fe : {});
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {done ? <SuccessBanner id="done-title" heading={done} /> : null}
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{d.raisingAgencyName} with {d.receivingAgencyName}</span>
          Disagreement about {d.caseReference ?? "a case"}
        </h1>
        <p className="govuk-body" data-testid="disagreement-state">
          {d.status === "OPEN" ? (
            <>
              <strong className="govuk-tag govuk-tag--blue">Stage {d.stage}: {d.stageLabel}</strong> Due {formatDeadline(d.stageDueAt)}{" "}
              {d.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null}
              {pending ? <> <strong className="govuk-tag govuk-tag--yellow">Outcome proposed</strong></> : null}
            </>
          ) : (
            <>
              <strong className="govuk-tag govuk-tag--green">Resolved: {DISAGREEMENT_OUTCOME_LABELS[d.outcome!]}</strong> {d.resolution ? RESOLUTION_LABELS[d.resolution] : null}
            </>
          )}
          {d.urgent ? <> <strong className="govuk-tag govuk-tag--red">Child may be at risk of significant harm</strong></> : null}
        </p>
        {d.status === "RESOLVED" ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/disagreements/${d.id}/outcome`}>Open the outcome record to print or acknowledge</Link>
          </p>
        ) : null}
        {/* The partnership turns what it learned into learning actions (docs/decisions/0039). */}
        {d.status === "RESOLVED" && canSetLearningAction ? (
          <ul className="govuk-list" data-testid="set-learning-action">
            <li><Link className="govuk-link" to={`/learning-actions/new?disagreement=${d.id}`}>Set a learning action from this disagreement</Link></li>
            {d.themes.map((t) => (
              <li key={t.id}><Link className="govuk-link" to={`/learning-actions/new?theme=${t.id}`}>Set a learning action for the theme: {t.name}</Link></li>
            ))}
          </ul>
        ) : null}

        {pending ? (
          <div className="govuk-inset-text" data-testid="pending-proposal">
            <p className="govuk-body">
              <strong>{pending.proposedBy.name}, {pending.proposedBy.agencyName}</strong> proposes: <strong>{DISAGREEMENT_OUTCOME_LABELS[pending.outcome]}</strong> ({formatDateTime(pending.proposedAt)})
            </p>
            <p className="govuk-body concord-pre-wrap">{pending.statement}</p>
            {a.answer ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="answer" />
                <input type="hidden" name="proposalId" value={pending.id} />
                {version}
                <Radios
                  name="answer"
                  legend="Your agency's answer"
                  options={[
                    { value: "ACCEPT", label: "Accept: this is the outcome both agencies agree" },
                    { value: "DECLINE", label: "Decline: we do not agree" },
                  ]}
                  defaultValue={values.answer}
                  error={feFor("answer").answer}
                />
                <Textarea name="reasons" label="Reasons for declining" hint="Needed if you decline" defaultValue={values.reasons} error={feFor("answer").reasons} rows={3} />
                <button type="submit" className="govuk-button" disabled={busy}>Send answer</button>
              </Form>
            ) : (
              <p className="govuk-body">{mine ? "Waiting for the other agency to accept or decline." : `Waiting for an answer from the people who act at stage ${d.stage}.`}</p>
            )}
          </div>
        ) : null}

        <SummaryList
          rows={[
            ["About", SUBJECT_LABELS[d.subject]],
            ["Raised by", `${d.raisedByName}, ${d.raisingAgencyName}, ${formatDateTime(d.raisedAt)}`],
            ["Decision sought", `${d.soughtOutcome}${d.soughtLevel ? ` (level ${d.soughtLevel})` : ""}`],
            ["Reasons", <span key="r" className="concord-pre-wrap">{d.reasons}</span>],
            ...(d.startStage > 1 ? ([["Started at", `Stage ${d.startStage}: ${d.startReason}`]] as [string, string][]) : []),
            ...(d.status === "OPEN" ? ([["Who acts at this stage", `${d.raisingAgencyName}: ${current.raisingActorLabel}. ${d.receivingAgencyName}: ${current.receivingActorLabel}.`]] as [string, string][]) : []),
            ...(d.contactId ? ([["Front-door record", <Link key="c" className="govuk-link" to={`/contacts/${d.contactId}`}>Open the contact</Link>]] as [string, ReactNode][]) : []),
            ...(d.outcomeStatement ? ([["Outcome statement", <span key="o" className="concord-pre-wrap">{d.outcomeStatement}</span>]] as [string, ReactNode][]) : []),
            ...(d.themes.length ? ([["Themes", d.themes.map((t) => t.name).join(", ")]] as [string, string][]) : []),
            // Started from a joint audit finding (decision 0038): the link back to the round.
            ...(d.auditFinding
              ? ([["Started from", <span key="f" data-testid="from-audit-finding">A finding of the joint audit round {d.auditFinding.canOpenRound ? <Link className="govuk-link" to={`/audits/${d.auditFinding.roundId}`}>{d.auditFinding.roundTitle}</Link> : d.auditFinding.roundTitle}</span>]] as [string, ReactNode][])
              : []),
          ]}
        />

        {d.changedDecisions.length ? (
          <Section title="The council's changed decision">
            {d.changedDecisions.map((n) => (
              <p className="govuk-body" key={n.id} data-testid="changed-decision">
                Level {n.levelApplied}: {OUTCOME_LABELS[n.outcome]}. Recorded by {n.decidedByName}, {formatDateTime(n.decidedAt)}.{" "}
                {n.signedOffAt ? `Signed off by ${n.signedOffByName}, ${formatDateTime(n.signedOffAt)}.` : <strong className="govuk-tag govuk-tag--orange">Awaiting sign-off by another council manager</strong>}
              </p>
            ))}
          </Section>
        ) : d.status === "RESOLVED" && d.changesDecision && (d.outcome === "CHANGED" || d.outcome === "PARTLY_CHANGED") ? (
          <p className="govuk-body" data-testid="changed-decision">The council has not yet recorded the changed decision.</p>
        ) : null}

        {a.recordChangedDecision ? (
          <Section title="Record the changed decision">
            <p className="govuk-body">The council records the decision the outcome calls for. It is added to the contact as a later decision and needs sign-off by a council manager other than you.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="changed-decision" />
              {version}
              <Radios name="levelApplied" legend="Level of need that now applies" small options={levels.map((l) => ({ value: String(l.level), label: `${l.level}: ${l.label}` }))} defaultValue={values.levelApplied} error={feFor("changed-decision").levelApplied} />
              <Radios name="decisionOutcome" legend="Outcome that now applies" small options={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))} defaultValue={values.decisionOutcome} error={feFor("changed-decision").decisionOutcome} />
              <Textarea name="rationale" label="Reasons for the new decision" defaultValue={values.rationale} error={feFor("changed-decision").rationale} rows={3} />
              <Textarea name="closureReason" label="Closure reason" hint="Needed when the new outcome closes the contact" defaultValue={values.closureReason} error={feFor("changed-decision").closureReason} rows={2} />
              <button type="submit" className="govuk-button" disabled={busy}>Record the changed decision</button>
            </Form>
          </Section>
        ) : null}

        <Section title="Each stage, in writing">
          {d.stageRecords.map((r) => (
            <div key={r.stage} data-testid={`stage-record-${r.stage}`} className="govuk-!-margin-bottom-4">
              <h3 className="govuk-heading-s">Stage {r.stage}: {r.label}</h3>
              <dl className="govuk-summary-list govuk-summary-list--no-border">
                {(["raising", "receiving"] as const).map((side) => {
                  const latest = r.positions.filter((p) => p.side === side).at(-1);
                  return (
                    <div className="govuk-summary-list__row" key={side}>
                      <dt className="govuk-summary-list__key">{side === "raising" ? d.raisingAgencyName : d.receivingAgencyName}'s position</dt>
                      <dd className="govuk-summary-list__value concord-pre-wrap">{latest ? `${latest.body} (${latest.actorName}, ${formatDateTime(latest.occurredAt)})` : "Not recorded"}</dd>
                    </div>
                  );
                })}
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Plan: next steps</dt>
                  <dd className="govuk-summary-list__value">
                    {r.steps.length ? (
                      <ul className="govuk-list govuk-list--bullet">
                        {r.steps.map((s) => {
                          const p = s.payload as { kind: "CONVERSATION" | "MEETING"; who: string; when: string };
                          return <li key={s.seq}>{STEP_KIND_LABELS[p.kind]} with {p.who}, {formatDateTime(p.when)}{s.body ? `: ${s.body}` : ""}</li>;
                        })}
                      </ul>
                    ) : "None planned"}
                  </dd>
                </div>
              </dl>
            </div>
          ))}
          {a.comment && d.viewerSide ? (
            <>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="position" />
                {version}
                <Textarea name="position" label={`Your agency's position at stage ${d.stage}`} defaultValue={values.position} error={feFor("position").position} rows={3} />
                <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Record position</button>
              </Form>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="step" />
                {version}
                <fieldset className="govuk-fieldset">
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Add a dated next step to the plan</legend>
                  <Radios name="kind" legend="What" small options={[{ value: "CONVERSATION", label: "A conversation" }, { value: "MEETING", label: "A meeting" }]} defaultValue={values.kind} error={feFor("step").kind} />
                  <TextInput name="who" label="Who" defaultValue={values.who} error={feFor("step").who} autoComplete="off" />
                  <DateInput name="when" legend="When" time timeLabel="Time (UK time)" errors={feFor("step")} defaultValue={{ day: values["when-day"], month: values["when-month"], year: values["when-year"], time: values["when-time"] }} />
                  <TextInput name="note" label="Note (optional)" defaultValue={values.note} error={feFor("step").note} autoComplete="off" />
                </fieldset>
                <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Add next step</button>
              </Form>
            </>
          ) : null}
        </Section>

        {a.propose ? (
          <Section title="Propose an outcome">
            <p className="govuk-body">The other agency accepts or declines it. Nobody closes a disagreement alone.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="propose" />
              {version}
              <Radios name="outcome" legend="Outcome" options={agreeable} defaultValue={values.outcome} error={feFor("propose").outcome} />
              <Textarea name="statement" label="Outcome statement for both agencies to agree" defaultValue={values.statement} error={feFor("propose").statement} rows={4} />
              <button type="submit" className="govuk-button" disabled={busy}>Propose outcome</button>
            </Form>
          </Section>
        ) : null}

        {a.escalate && next ? (
          <Section title="Escalate">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="escalate" />
              {version}
              <Textarea
                name="reason"
                label={`Escalate to stage ${next.stage}: ${next.label}`}
                hint={`${pending ? "The proposal waiting for an answer lapses. " : ""}At stage ${next.stage}, ${d.raisingAgencyName}: ${next.raisingActorLabel}; ${d.receivingAgencyName}: ${next.receivingActorLabel}.`}
                defaultValue={values.reason}
                error={feFor("escalate").reason}
                rows={2}
              />
              <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>Escalate</button>
            </Form>
          </Section>
        ) : null}

        {a.determine ? (
          <Section title="The partnership's determination">
            <p className="govuk-body">At the last stage, when the agencies still do not agree, the partnership determines the outcome. A changed threshold decision is then recorded by the council.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="determine" />
              {version}
              <Radios name="determination" legend="Outcome" options={agreeable} defaultValue={values.determination} error={feFor("determine").determination} />
              <Textarea name="determinationStatement" label="The partnership's written determination" defaultValue={values.determinationStatement} error={feFor("determine").determinationStatement} rows={4} />
              <button type="submit" className="govuk-button" disabled={busy}>Record determination</button>
            </Form>
          </Section>
        ) : null}

        {a.comment ? (
          <Section title="Add to the record">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="comment" />
              {version}
              <Textarea name="body" label="Add a response or comment" defaultValue={values.body} error={feFor("comment").body} rows={3} />
              <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Add to the record</button>
            </Form>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reference" />
              {version}
              <TextInput name="reference" label="Attach a reference" hint="The number or title of a record or document held in your agency's system. The document itself stays there." defaultValue={values.reference} error={feFor("reference").reference} autoComplete="off" />
              <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Attach reference</button>
            </Form>
          </Section>
        ) : null}

        {a.withdraw ? (
          <details className="govuk-details">
            <summary className="govuk-details__summary"><span className="govuk-details__summary-text">Withdraw the disagreement</span></summary>
            <div className="govuk-details__text">
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="withdraw" />
                {version}
                <Textarea name="withdrawStatement" label="Why you are withdrawing it" defaultValue={values.withdrawStatement} error={feFor("withdraw").withdrawStatement} rows={2} />
                <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Withdraw</button>
              </Form>
            </div>
          </details>
        ) : null}

        {a.tag ? (
          <Form method="post">
            <input type="hidden" name="intent" value="themes" />
            {version}
            <Checkboxes name="themeIds" legend="Themes, for the partnership's learning" options={themes.map((t) => ({ value: t.id, label: t.name }))} defaultValues={d.themes.map((t) => t.id)} error={feFor("themes").themeIds} />
            <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Save themes</button>
          </Form>
        ) : null}

        <Section title="Timeline">
          <ol className="govuk-list" data-testid="timeline">
            {d.timeline.map((e) => (
              <li key={e.seq} className="govuk-!-margin-bottom-4">
                <strong>{EVENT_LABELS[e.type] ?? e.type}</strong> (stage {e.stage}) by {e.actorName}{e.actorAgencyName ? `, ${e.actorAgencyName}` : ""}, {formatDateTime(e.occurredAt)}
                {e.body ? <p className="govuk-body govuk-!-margin-bottom-0 concord-pre-wrap">{e.body}</p> : null}
              </li>
            ))}
          </ol>
        </Section>

        <Section title={`The ladder this disagreement follows${d.onCurrentLadder ? "" : ` (version ${d.ladderVersion}, kept from when it was raised)`}`}>
          <table className="govuk-table" data-testid="ladder">
            <caption className="govuk-table__caption govuk-visually-hidden">Stages of the escalation ladder</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Stage</th>
                <th scope="col" className="govuk-table__header">Who acts</th>
                <th scope="col" className="govuk-table__header">Timescale</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {d.ladder.stages.map((s) => (
                <tr className="govuk-table__row" key={s.stage}>
                  <td className="govuk-table__cell">{s.stage}: {s.label}</td>
                  <td className="govuk-table__cell">Raising agency: {s.raisingActorLabel}. Other agency: {s.receivingActorLabel}.</td>
                  <td className="govuk-table__cell">{s.workingDays} working day{s.workingDays === 1 ? "" : "s"}; urgent: end of {s.urgentWorkingDays === 0 ? "the same working day" : `${s.urgentWorkingDays} more working day${s.urgentWorkingDays === 1 ? "" : "s"}`} (after {d.ladder.urgentCutoff}, the next)</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>

        {a.acknowledge ? (
          <p className="govuk-body"><Link className="govuk-link" to={`/disagreements/${d.id}/outcome`}>Acknowledge the outcome for your agency</Link></p>
        ) : null}
      </div>
    </div>
  );
}
