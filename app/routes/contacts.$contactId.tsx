import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Radios, SuccessBanner, SummaryList, TextInput, Textarea } from "~/components/form";
import { DateInput } from "~/components/date-input";
import { readDateField, withDateErrors } from "~/utils/date-field";
import { ContactStatusTag, Timeliness } from "~/components/contact-status";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDateTime, formatDeadline } from "~/utils/format";
import { useRevalidateOn } from "~/utils/live";
import { CHANNEL_LABELS, CONCERN_LABELS, FEEDBACK_METHOD_LABELS, NO_CONSENT_GROUND_LABELS, OUTCOME_LABELS, consentSummary } from "../../server/domain/front-door/labels";
import { pageTitle } from "~/utils/title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.contact ? `${data.contact.reference ?? "Unreferenced"} contact` : "Contact") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const [contact, abilities, levels, me, meetingAbilities, requestAbilities] = await Promise.all([
      context.trpc.contacts.get({ contactId: params.contactId ?? "" }),
      context.trpc.contacts.abilities(),
      context.trpc.settings.thresholdLevels(),
      context.trpc.auth.me(),
      context.trpc.meetings.abilities(),
      context.trpc.discussionRequests.abilities(),
    ]);
    return json({ contact, abilities, levels, userId: me!.userId, canConvene: meetingAbilities.canConvene, canRequestDiscussion: requestAbilities.canRequest });
  });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const contactId = params.contactId ?? "";
  try {
    if (text("intent") === "feedback") {
      const toldAt = readDateField(form, "toldAt", { label: "Date the referrer was told", time: true, timeLabel: "Time the referrer was told" });
      try {
        await context.trpc.contacts.recordFeedback({ contactId, toldName: text("toldName"), toldAt: toldAt.value as never, method: text("method") as never });
      } catch (error) {
        const response = toFormResponse(error, request);
        const body = (await response.json()) as { errors: { formError?: string; fieldErrors: Record<string, string> } };
        return json({ errors: { ...body.errors, fieldErrors: withDateErrors(body.errors.fieldErrors, ["toldAt", toldAt]) } }, { status: response.status });
      }
      return json({ done: "Feedback to the referrer recorded" });
    }
    if (text("intent") === "sign-off") {
      await context.trpc.contacts.signOff({ contactId, decisionId: text("decisionId") });
      return json({ done: "Decision signed off" });
    }
    await context.trpc.contacts.decide({
      contactId,
      levelApplied: text("levelApplied") as never,
      outcome: text("outcome") as never,
      rationale: text("rationale"),
      closureReason: text("closureReason"),
      caseReference: text("caseReference"),
    });
    return json({ done: "Decision recorded" });
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function ContactPage() {
  const { contact, abilities, levels, userId, canConvene, canRequestDiscussion } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const busy = useNavigation().state === "submitting";
  useRevalidateOn("contact:changed", (event) => event.contactId === contact.id);
  const levelLabel = (level: number) => `${level}: ${levels.find((l) => l.level === level)?.label ?? ""}`;
  const decision = contact.decision;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {done ? <SuccessBanner id="done-title" heading={done} /> : null}
        <p className="govuk-body"><Link className="govuk-back-link" to="/contacts">All contacts</Link></p>
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">Contact from {contact.sourceAgencyName}</span>
          {contact.reference ?? "No reference given"}
        </h1>
        <p className="govuk-body" data-testid="contact-status">
          <ContactStatusTag status={contact.status} /> <Timeliness timeliness={contact.timeliness} />
        </p>
        <SummaryList
          rows={[
            ["Child, as referred", [contact.initials, contact.yearOfBirth ? `born ${contact.yearOfBirth}` : null].filter(Boolean).join(", ") || "Not given"],
            ...(contact.referrerReference && contact.referrerReference !== contact.reference ? ([["Referrer's reference", contact.referrerReference]] as [string, string][]) : []),
            ...(abilities.canLinkCase
              ? ([["Council case", contact.case ? [contact.case.reference, contact.case.initials, contact.case.yearOfBirth ? `born ${contact.case.yearOfBirth}` : null].filter(Boolean).join(", ") : "Not linked yet"]] as [string, string][])
              : []),
            ["Received", formatDateTime(contact.receivedAt)],
            ["How", CHANNEL_LABELS[contact.channel]],
            ["Referrer", `${contact.referrerName}, ${contact.sourceAgencyName}`],
            ["Main concern", CONCERN_LABELS[contact.concernCategory]],
            ["Level the referrer believes applies", levelLabel(contact.referrerLevel)],
            ["Summary", <span key="s" className="concord-pre-wrap">{contact.summary}</span>],
            ["Family's knowledge and agreement", contact.consent ? consentSummary(contact.consent) : "Not recorded (recorded before Concord asked)"],
            ...(contact.consent && !contact.consent.familyConsents
              ? ([
                  ["Why shared without consent", contact.consent.ground ? NO_CONSENT_GROUND_LABELS[contact.consent.ground] : ""],
                  ["Explanation", <span key="e" className="concord-pre-wrap">{contact.consent.explanation}</span>],
                ] as [string, React.ReactNode][])
              : []),
            ["Decision due by", formatDeadline(contact.timeliness.decisionDueAt)],
          ]}
        />

        {canRequestDiscussion ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/meetings/requests/new?contactId=${contact.id}`}>Request a strategy discussion about this child</Link>
          </p>
        ) : null}
        <h2 className="govuk-heading-m">Threshold decision</h2>
        {decision ? (
          <div data-testid="decision">
            <SummaryList
              rows={[
                ["Outcome", OUTCOME_LABELS[decision.outcome]],
                ["Level applied", levelLabel(decision.levelApplied)],
                ["Reasons", <span key="r" className="concord-pre-wrap">{decision.rationale}</span>],
                ...(decision.closureReason ? ([["Closure reason", decision.closureReason]] as [string, string][]) : []),
                ["Decided by", `${decision.decidedByName}, ${formatDateTime(decision.decidedAt)}`],
                ["Manager sign-off", decision.signedOffAt ? `${decision.signedOffByName}, ${formatDateTime(decision.signedOffAt)}` : <strong key="u" className="govuk-tag govuk-tag--orange">Not yet signed off</strong>],
              ]}
            />
            {decision.disagreementId ? (
              <p className="govuk-body" data-testid="changed-by-disagreement">
                This decision was changed by the outcome of a <Link className="govuk-link" to={`/disagreements/${decision.disagreementId}`}>disagreement</Link>.
              </p>
            ) : null}
            {contact.history.length > 1 ? (
              <>
                <h3 className="govuk-heading-s">Decision history</h3>
                <p className="govuk-body">Timeliness is measured by the original decision; a later decision caused by a disagreement does not change it.</p>
                <ol className="govuk-list govuk-list--number" data-testid="decision-history">
                  {contact.history.map((h, i) => (
                    <li key={h.id}>
                      <strong>{i === 0 ? "Original decision" : h.disagreementId ? "Later decision, caused by a disagreement" : "Later decision"}</strong>: {OUTCOME_LABELS[h.outcome]} (level {h.levelApplied}), by {h.decidedByName}, {formatDateTime(h.decidedAt)}
                      {h.signedOffAt ? `; signed off by ${h.signedOffByName}, ${formatDateTime(h.signedOffAt)}` : "; not yet signed off"}
                      {h.disagreementId ? <> (<Link className="govuk-link" to={`/disagreements/${h.disagreementId}`}>the disagreement</Link>)</> : null}
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            <p className="govuk-body">
              <Link className="govuk-link" to={`/disagreements/new?contactId=${contact.id}`}>Disagree with this decision</Link>
            </p>
            {decision.outcome === "STRATEGY_DISCUSSION" && canConvene ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/meetings/new?contactId=${contact.id}`}>Convene a strategy meeting</Link>
              </p>
            ) : null}
            {abilities.canSignOff && !decision.signedOffAt && decision.decidedById !== userId ? (
              <Form method="post">
                <input type="hidden" name="intent" value="sign-off" />
                <input type="hidden" name="decisionId" value={decision.id} />
                <button type="submit" className="govuk-button" disabled={busy}>Sign off this decision</button>
              </Form>
            ) : null}
            <h2 className="govuk-heading-m" id="feedback">Feedback to the referrer</h2>
            {contact.feedback.length > 0 ? (
              <ul className="govuk-list" data-testid="referrer-feedback">
                {contact.feedback.map((f) => (
                  <li key={f.id}>
                    {f.toldName} was told {FEEDBACK_METHOD_LABELS[f.method].toLowerCase()}, {formatDateTime(f.toldAt)} (recorded by {f.recordedByName})
                  </li>
                ))}
              </ul>
            ) : (
              <p className="govuk-body" data-testid="referrer-not-told">
                <strong className="govuk-tag govuk-tag--yellow">Referrer not yet told</strong>
              </p>
            )}
            {abilities.canRecordFeedback ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="feedback" />
                <TextInput name="toldName" label="Who was told" hint="The referrer, or who at their agency" error={errors?.fieldErrors.toldName} autoComplete="off" />
                <DateInput name="toldAt" legend="When they were told" time timeLabel="Time (UK time)" errors={errors?.fieldErrors} />
                <Radios name="method" legend="How they were told" small options={Object.entries(FEEDBACK_METHOD_LABELS).map(([value, label]) => ({ value, label }))} error={errors?.fieldErrors.method} />
                <button type="submit" className="govuk-button govuk-button--secondary" disabled={busy}>Record feedback</button>
              </Form>
            ) : null}
          </div>
        ) : abilities.canDecide ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="decide" />
            <Radios name="levelApplied" legend="Level of need that applies" options={levels.map((l) => ({ value: String(l.level), label: levelLabel(l.level) }))} error={errors?.fieldErrors.levelApplied} />
            <Radios name="outcome" legend="Outcome" options={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))} error={errors?.fieldErrors.outcome} />
            <Textarea name="rationale" label="Reasons for the decision" error={errors?.fieldErrors.rationale} />
            <Textarea name="closureReason" label="Closure reason" hint="Needed when the outcome is no further action, advice and information, or step down to early help" error={errors?.fieldErrors.closureReason} />
            {contact.case ? null : (
              <TextInput name="caseReference" label="Council case reference (optional)" hint="Links this contact to the child's case record, like CSC-123456" width="10" error={errors?.fieldErrors.caseReference} autoComplete="off" spellCheck={false} />
            )}
            <button type="submit" className="govuk-button" disabled={busy}>Record decision</button>
          </Form>
        ) : (
          <p className="govuk-body" data-testid="awaiting-decision">The council's front door has not recorded a decision yet.</p>
        )}
      </div>
    </div>
  );
}
