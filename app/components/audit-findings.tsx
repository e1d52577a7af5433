// The findings of a joint audit round (decision 0038), on the round's page and its moderation
// page: what each is about, its themes, the disagreement it started and its learning actions.
import { Link } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/utils/format";

interface Finding {
  id: string;
  itemPosition: number | null;
  caseReference: string | null;
  summary: string;
  recordedAt: string;
  recordedByName: string;
  themes: { id: string; name: string }[];
  /** `id` is null when the reader may not open the disagreement: they learn only that one was raised. */
  disagreement: { id: string | null; status: string | null; stage: number | null } | null;
  learningActions: { id: string; title: string; state: string; dueOn: string; owningAgencyName: string }[];
  canRaiseDisagreement: boolean;
  canStartLearningAction: boolean;
}

export function FindingsList({ roundId, findings }: { roundId: string; findings: Finding[] }) {
  if (findings.length === 0) return <p className="govuk-body" data-testid="no-findings">No findings recorded yet.</p>;
  return (
    <ol className="govuk-list" data-testid="findings">
      {findings.map((f) => (
        <li key={f.id} className="govuk-!-margin-bottom-6" data-testid="finding">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{f.itemPosition ? `About contact ${f.itemPosition}${f.caseReference ? ` (${f.caseReference})` : ""}` : "About the whole round"}</h3>
          <p className="govuk-body concord-pre-wrap govuk-!-margin-bottom-1">{f.summary}</p>
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            {f.themes.length > 0 ? `Themes: ${f.themes.map((t) => t.name).join(", ")}. ` : "No themes. "}
            Recorded {formatDateTime(f.recordedAt)} by {f.recordedByName}.
          </p>
          {f.disagreement ? (
            <p className="govuk-body govuk-!-margin-bottom-1" data-testid="finding-disagreement">
              {f.disagreement.id ? (
                <>
                  Started a threshold disagreement: <Link className="govuk-link" to={`/disagreements/${f.disagreement.id}`}>see the disagreement</Link>
                  {f.disagreement.status === "RESOLVED" ? " (resolved)" : f.disagreement.stage ? ` (open, stage ${f.disagreement.stage})` : ""}.
                </>
              ) : (
                "Started a threshold disagreement between other agencies."
              )}
            </p>
          ) : null}
          {f.learningActions.length > 0 ? (
            <ul className="govuk-list govuk-list--bullet govuk-!-margin-bottom-1" data-testid="finding-learning-actions">
              {f.learningActions.map((l) => (
                <li key={l.id}>
                  Learning action: <Link className="govuk-link" to={`/learning-actions/${l.id}`}>{l.title}</Link>, owned by {l.owningAgencyName}, due {formatDate(l.dueOn)}
                  {l.state === "COMPLETED" ? " (completed)" : ""}
                </li>
              ))}
            </ul>
          ) : null}
          <div className="govuk-button-group govuk-!-margin-bottom-0">
            {f.canRaiseDisagreement ? (
              <Link className="govuk-link" to={`/audits/${roundId}/findings/${f.id}/disagreement`} data-testid="raise-from-finding">
                Raise a threshold disagreement<span className="govuk-visually-hidden"> about this finding</span>
              </Link>
            ) : null}
            {f.canStartLearningAction ? (
              <Link className="govuk-link" to={`/learning-actions/new?finding=${f.id}`} data-testid="learning-action-from-finding">
                Set a learning action<span className="govuk-visually-hidden"> from this finding</span>
              </Link>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
