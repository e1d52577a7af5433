// Subject access: everything Concord holds about a case reference, as a document to read, print or
// save as PDF, and as JSON. Entries marked "for redaction review" need a person to decide before
// anything is disclosed (docs/decisions/0037). Each load of a document is an audited export.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import type { ReactNode } from "react";
import { ErrorSummary, SummaryList, TextInput } from "~/components/form";
import { describeError, loadPage, toPageResponse } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/title";
import type { SubjectAccessDocument } from "../../server/domain/data-protection/subject-access";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.document ? `Subject access: ${data.document.caseReference}` : "Subject access") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const abilities = await loadPage(request, () => context.trpc.dataProtection.abilities());
  if (!abilities.canExportCase) throw new Response("Forbidden", { status: 403, statusText: "Only a council manager or a system administrator can export a case for a subject access request." });
  const caseReference = new URL(request.url).searchParams.get("caseReference");
  if (caseReference === null) return json({ caseReference: null, document: null, forReview: 0, errors: null });
  try {
    const document = await context.trpc.dataProtection.subjectAccess({ caseReference });
    return json({ caseReference, document, forReview: document.forRedactionReview, errors: null });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) {
      const { formError, fieldErrors } = describeError(error);
      return json({ caseReference, document: null, forReview: 0, errors: { formError, fieldErrors: Object.keys(fieldErrors).length ? fieldErrors : { caseReference: formError } } }, { status: error.code === "NOT_FOUND" ? 404 : 400 });
    }
    toPageResponse(error, request);
  }
}

/** A third party's entry: shown with a tag, so the reviewer sees what to check before disclosing. */
function Review({ reason }: { reason: string | null }) {
  if (!reason) return null;
  return (
    <span className="concord-redaction-review">
      {" "}
      <strong className="govuk-tag govuk-tag--yellow">For redaction review</strong> <span className="govuk-body-s">{reason}</span>
    </span>
  );
}

function Text({ entry }: { entry: { text: string; redactionReview: string | null } | null }): ReactNode {
  if (!entry) return "None";
  return (
    <>
      <span className="concord-pre-wrap">{entry.text}</span>
      <Review reason={entry.redactionReview} />
    </>
  );
}

const when = (iso: string | null) => (iso ? formatDateTime(iso) : "Not yet");

export default function SubjectAccess() {
  const { caseReference, document: doc, forReview, errors } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
        {doc ? <SubjectAccessDocumentView doc={doc as SubjectAccessDocument} forReview={forReview} /> : <h1 className="govuk-heading-l">Subject access</h1>}
        <div className="concord-no-print">
          {doc ? <h2 className="govuk-heading-m">Export another case</h2> : <p className="govuk-body">Export everything Concord holds about a child's case: contacts, threshold decisions, strategy meetings, disagreements and who looked at them. Each export is recorded in the audit trail.</p>}
          <Form method="get" noValidate>
            <TextInput name="caseReference" label="Case reference" hint="The council's case-management number, like CSC-123456" width="10" defaultValue={caseReference ?? ""} error={errors?.fieldErrors.caseReference} autoComplete="off" spellCheck={false} />
            <button type="submit" className="govuk-button">Export</button>
          </Form>
        </div>
      </div>
    </div>
  );
}

function SubjectAccessDocumentView({ doc, forReview }: { doc: SubjectAccessDocument; forReview: number }) {
  return (
    <article data-testid="subject-access-document">
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">Subject access: everything Concord holds about</span>
        {doc.caseReference}
      </h1>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          {forReview === 1 ? "1 entry is" : `${forReview} entries are`} marked for redaction review: information from third parties or about other people. Review each before disclosing this document.
        </strong>
      </div>
      <div className="govuk-button-group concord-no-print">
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => window.print()}>Print or save as PDF</button>
        <a className="govuk-link" href={`/subject-access/json?caseReference=${encodeURIComponent(doc.caseReference)}`} download>Download as JSON</a>
      </div>
      <SummaryList
        rows={[
          ["Case reference", doc.child.reference],
          ["Initials", doc.child.initials ?? "Not held"],
          ["Year of birth", doc.child.yearOfBirth ? String(doc.child.yearOfBirth) : "Not held"],
          ["First recorded in Concord", formatDateTime(doc.child.firstRecordedAt)],
          ["Exported", `${formatDateTime(doc.exportedAt)} by ${doc.exportedBy}`],
        ]}
      />

      <h2 className="govuk-heading-m">Contacts and threshold decisions ({doc.contacts.length})</h2>
      {doc.contacts.length === 0 ? <p className="govuk-body">None.</p> : null}
      {doc.contacts.map((c, i) => (
        <section key={c.id} aria-labelledby={`contact-${i}`} data-testid="sar-contact">
          <h3 className="govuk-heading-s" id={`contact-${i}`}>Contact received {formatDateTime(c.receivedAt)}</h3>
          <SummaryList
            rows={[
              ["Referrer", <>{c.referrer.name}, {c.referrer.agency}{c.referrer.theirReference ? ` (their reference ${c.referrer.theirReference})` : ""}<Review reason={c.referrer.redactionReview} /></>],
              ["How", c.how],
              ["Recorded", `${formatDateTime(c.recordedAt)} by ${c.recordedBy}`],
              ["Main concern", c.concern],
              ["Level the referrer believed applied", String(c.levelTheReferrerBelieved)],
              ["Summary", <Text key="s" entry={c.summary} />],
              [
                "Family's knowledge and agreement",
                c.consent ? (
                  <>
                    {c.consent.summary}
                    {c.consent.ground ? <><br />Ground: {c.consent.ground}<br /><span className="concord-pre-wrap">{c.consent.explanation}</span></> : null}
                    <Review reason={c.consent.redactionReview} />
                  </>
                ) : (
                  "Not recorded"
                ),
              ],
              ...c.decisions.map(
                (d, n): [string, ReactNode] => [
                  n === 0 ? "Decision" : `Later decision ${n}`,
                  <>
                    {d.outcome} (level {d.levelApplied}), by {d.decidedBy}, {formatDateTime(d.decidedAt)}. Reasons: <span className="concord-pre-wrap">{d.reasons}</span>
                    {d.closureReason ? ` Closure reason: ${d.closureReason}` : ""} {d.signedOffAt ? `Signed off by ${d.signedOffBy}, ${formatDateTime(d.signedOffAt)}.` : "Not signed off."}
                  </>,
                ],
              ),
              [
                "Referrer told",
                c.referrerTold.length ? (
                  <ul className="govuk-list">
                    {c.referrerTold.map((f, n) => (
                      <li key={n}>
                        {f.who}, {f.how.toLowerCase()}, {formatDateTime(f.when)}
                        <Review reason={f.redactionReview} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  "Not recorded"
                ),
              ],
            ]}
          />
        </section>
      ))}

      <h2 className="govuk-heading-m">Strategy meetings ({doc.meetings.length})</h2>
      {doc.meetings.length === 0 ? <p className="govuk-body">None.</p> : null}
      {doc.meetings.map((m, i) => (
        <section key={m.id} aria-labelledby={`meeting-${i}`} data-testid="sar-meeting">
          <h3 className="govuk-heading-s" id={`meeting-${i}`}>Strategy meeting, {formatDateTime(m.scheduledStart)}</h3>
          <SummaryList
            rows={[
              ["Urgency", m.urgency],
              ["Chair", m.chair ?? ""],
              ["Held", m.startedAt ? `${when(m.startedAt)} to ${when(m.endedAt)}` : "Not held yet"],
              [
                "Children",
                <ul key="c" className="govuk-list">
                  {m.children.map((ch) => (
                    <li key={ch.reference}>
                      {ch.reference}
                      {ch.thisChild ? " (this child)" : ""}
                      {ch.enquiryOutcome ? `. Enquiry outcome: ${ch.enquiryOutcome.outcome}, ${formatDate(ch.enquiryOutcome.date)}: ${ch.enquiryOutcome.summary}` : ""}
                      <Review reason={ch.redactionReview} />
                    </li>
                  ))}
                </ul>,
              ],
              [
                "Invited agencies",
                <ul key="i" className="govuk-list">
                  {m.invitations.map((inv) => (
                    <li key={inv.agency}>
                      {inv.agency}
                      {inv.convening ? " (convening)" : inv.required ? " (required)" : ""}: {inv.attendedAt ? "attended" : "did not attend"}
                      {inv.answers.map((a, n) => (
                        <span key={n}>
                          ; {a.answer}
                          {a.attendee ? ` (${a.attendee})` : ""}
                          {a.reason ? `: ${a.reason}` : ""}
                          {a.contribution ? `: ${a.contribution}` : ""}
                          <Review reason={a.redactionReview} />
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>,
              ],
              [
                "Decisions",
                m.decisions.length ? (
                  <ul className="govuk-list">
                    {m.decisions.map((d, n) => (
                      <li key={n}>
                        {d.child}: {d.decision}. {d.reason}
                        <Review reason={d.redactionReview} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  "None recorded"
                ),
              ],
              ["Summary", <Text key="s" entry={m.summary} />],
              ["Minutes", <Text key="m" entry={m.minutes} />],
              [
                "Actions",
                m.actions.length ? (
                  <ul className="govuk-list">
                    {m.actions.map((a, n) => (
                      <li key={n}>
                        {a.description}: {a.owner}, due {formatDate(a.dueDate)}
                        {a.completedAt ? `, done ${formatDateTime(a.completedAt)}` : ""}
                        <Review reason={a.redactionReview} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  "None"
                ),
              ],
            ]}
          />
        </section>
      ))}

      <h2 className="govuk-heading-m">Disagreements ({doc.disagreements.length})</h2>
      {doc.disagreements.length === 0 ? <p className="govuk-body">None.</p> : null}
      {doc.disagreements.map((d, i) => (
        <section key={d.id} aria-labelledby={`disagreement-${i}`} data-testid="sar-disagreement">
          <h3 className="govuk-heading-s" id={`disagreement-${i}`}>Disagreement raised {formatDateTime(d.raisedAt)}</h3>
          <SummaryList
            rows={[
              ["Between", d.between],
              ["About", d.subject],
              ["Raised by", d.raisedBy ?? ""],
              ["Outcome sought", <Text key="o" entry={d.soughtOutcome} />],
              ["Reasons", <Text key="r" entry={d.reasons} />],
              ["Status", `${d.status}, stage ${d.stageReached}${d.outcome ? `: ${d.outcome}` : ""}${d.resolution ? ` (${d.resolution})` : ""}`],
              ["Outcome statement", <Text key="s" entry={d.outcomeStatement} />],
              [
                "Positions and timeline",
                <ol key="t" className="govuk-list govuk-list--number">
                  {d.timeline.map((e, n) => (
                    <li key={n}>
                      {e.what} (stage {e.stage}), {e.by}, {formatDateTime(e.at)}
                      {e.text ? <>: <span className="concord-pre-wrap">{e.text}</span></> : null}
                      <Review reason={e.redactionReview} />
                    </li>
                  ))}
                </ol>,
              ],
            ]}
          />
        </section>
      ))}

      <h2 className="govuk-heading-m">Who saw or changed these records ({doc.accessLog.length})</h2>
      <div className="concord-table-scroll" role="region" aria-label="Who saw or changed these records" tabIndex={0}>
        <table className="govuk-table" data-testid="sar-access-log">
          <caption className="govuk-table__caption govuk-visually-hidden">The audit trail of these records, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">Agency</th>
              <th scope="col" className="govuk-table__header">What</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {doc.accessLog.map((e, n) => (
              <tr className="govuk-table__row" key={n}>
                <td className="govuk-table__cell">{formatDateTime(e.when)}</td>
                <td className="govuk-table__cell">{e.who}</td>
                <td className="govuk-table__cell">{e.agency ?? ""}</td>
                <td className="govuk-table__cell">{e.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="govuk-body concord-no-print">
        <Link className="govuk-link" to="/subject-access">Start again</Link>
      </p>
    </article>
  );
}
