import { CONTACT_STATUS_LABELS, type ContactStatus } from "../../server/domain/front-door/labels";

const TAG_CLASS: Record<ContactStatus, string> = {
  AWAITING_DECISION: "govuk-tag--yellow",
  AWAITING_SIGN_OFF: "govuk-tag--orange",
  DECIDED: "govuk-tag--green",
  CLOSED: "govuk-tag--grey",
};

export function ContactStatusTag({ status }: { status: ContactStatus }) {
  return <strong className={`govuk-tag ${TAG_CLASS[status]}`}>{CONTACT_STATUS_LABELS[status]}</strong>;
}

export function Timeliness({ timeliness }: { timeliness: { decidedInTime: boolean | null; overdue: boolean } }) {
  if (timeliness.decidedInTime === true) return <strong className="govuk-tag govuk-tag--green">Decided within 1 working day</strong>;
  if (timeliness.decidedInTime === false) return <strong className="govuk-tag govuk-tag--red">Decided late</strong>;
  if (timeliness.overdue) return <strong className="govuk-tag govuk-tag--red">Decision overdue</strong>;
  return <strong className="govuk-tag govuk-tag--blue">Decision due</strong>;
}
