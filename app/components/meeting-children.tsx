// A meeting's household on its page: each child by case reference (initials, year of birth), the
// decisions for that child, the initial child protection conference due date once a section 47
// enquiry was decided, and the enquiry's outcome once the council has recorded it.
import { Link } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/utils/format";
import { childLabel, CONFERENCE_CLOCK_LABELS, ENQUIRY_OUTCOME_LABELS, MEETING_DECISION_LABELS } from "../../server/domain/meetings/labels";
import type { MeetingSnapshot } from "../../server/domain/meetings/view";
import type { MeetingChainEntry } from "../../server/domain/meetings/follow-through";

type Child = MeetingSnapshot["children"][number];
type Decision = MeetingSnapshot["decisions"][number];

export function MeetingChildren({ children, decisions }: { children: Child[]; decisions: Decision[] }) {
  return (
    <>
      <h2 className="govuk-heading-m">{children.length === 1 ? "Child" : `Children (${children.length})`}</h2>
      {children.map((child) => {
        const mine = decisions.filter((d) => d.childId === child.id);
        return (
          <div className="govuk-summary-card" key={child.id} data-testid={`child-${child.caseReference}`}>
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">{childLabel(child)}</h3>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Decision</dt>
                  <dd className="govuk-summary-list__value">{mine.length ? mine.map((d) => <p className="govuk-body" key={d.id}>{MEETING_DECISION_LABELS[d.kind]}: {d.reason}</p>) : "No decision yet"}</dd>
                </div>
                {child.conference ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Initial child protection conference due by</dt>
                    <dd className="govuk-summary-list__value" data-testid="conference-due">
                      <strong>{formatDate(child.conference.dueDate)}</strong>
                      <br />
                      <span className="govuk-body-s">15 working days from {CONFERENCE_CLOCK_LABELS[child.conference.from]} ({formatDateTime(child.conference.discussionAt)})</span>
                    </dd>
                  </div>
                ) : null}
                {child.enquiryOutcome ? (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Outcome of the enquiry</dt>
                    <dd className="govuk-summary-list__value" data-testid="enquiry-outcome">
                      <strong>{ENQUIRY_OUTCOME_LABELS[child.enquiryOutcome.kind]}</strong>, {formatDate(child.enquiryOutcome.outcomeDate)}
                      <br />
                      {child.enquiryOutcome.summary}
                      <br />
                      <span className="govuk-body-s">Recorded by {child.enquiryOutcome.recordedByName}, {formatDateTime(child.enquiryOutcome.recordedAt)}</span>
                    </dd>
                  </div>
                ) : null}
              </dl>
            </div>
          </div>
        );
      })}
    </>
  );
}

/** The other strategy discussions about these children that the viewer may see, oldest first. */
export function MeetingChain({ chain, scheduledStart }: { chain: MeetingChainEntry[]; scheduledStart: string }) {
  if (chain.length === 0) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Other strategy discussions about these children</h2>
      <ul className="govuk-list govuk-list--bullet" data-testid="meeting-chain">
        {chain.map((m) => (
          <li key={m.id}>
            <Link className="govuk-link" to={`/meetings/${m.id}`}>
              {m.scheduledStart < scheduledStart ? "Earlier" : "Later"} discussion, {formatDateTime(m.startedAt ?? m.scheduledStart)}
            </Link>{" "}
            ({m.children.map((c) => `${c.caseReference}${c.decisions.length ? `: ${c.decisions.map((k) => MEETING_DECISION_LABELS[k]).join(", ")}` : ""}`).join("; ")})
          </li>
        ))}
      </ul>
    </>
  );
}

/** The meeting room's household: who the meeting is about, and which children still need a decision. */
export function RoomChildren({ children }: { children: Child[] }) {
  return (
    <ul className="govuk-list" data-testid="room-children">
      {children.map((c) => (
        <li key={c.id}>
          <strong>{childLabel(c)}</strong> {c.decided ? <strong className="govuk-tag govuk-tag--green">Decided</strong> : <strong className="govuk-tag govuk-tag--grey">Decision needed</strong>}
        </li>
      ))}
    </ul>
  );
}

/** The child a decision is for: chosen by the chair when the meeting covers more than one (never preselected). */
export function DecisionChildSelect({ children }: { children: Child[] }) {
  if (children.length === 1) return <input type="hidden" name="childId" value={children[0]!.id} />;
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor="decision-child">Child</label>
      <select className="govuk-select" id="decision-child" name="childId" defaultValue="">
        <option value="">Choose the child</option>
        {children.map((c) => <option key={c.id} value={c.id}>{childLabel(c)}</option>)}
      </select>
    </div>
  );
}

/** "CSC-123456: " before a decision, when the meeting covers more than one child. */
export function decisionChildPrefix(children: Child[], childId: string): string {
  if (children.length < 2) return "";
  const child = children.find((c) => c.id === childId);
  return child ? `${child.caseReference}: ` : "";
}
