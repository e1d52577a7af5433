// The children a strategy meeting is about: one household, each child known only by the council's
// case reference (with initials and year of birth when known). The lead child (position 0) is also
// strategy_meeting.case_id, which pages, figures and older code read (decision record 0021).
import type { Tx } from "../../db/connect";
import { invalid } from "../errors";
import { londonDate } from "../calendar/working-days";
import type { MeetingChildInput } from "./schemas";

export type HouseholdChild = { caseReference: string; initials?: string; yearOfBirth?: number };

/**
 * The children of a convene request, lead child first, checked before anything is written:
 * `children` if given, else the single `caseReference` (or none: the contact's own case).
 */
export function householdOf(input: { caseReference?: string; children?: MeetingChildInput[] }, now: Date): HouseholdChild[] {
  const children = (input.children ?? (input.caseReference ? [{ caseReference: input.caseReference }] : [])) as HouseholdChild[];
  const thisYear = Number(londonDate(now).slice(0, 4));
  children.forEach((child, i) => {
    if (child.yearOfBirth !== undefined && child.yearOfBirth > thisYear) {
      throw invalid(`Child ${i + 1}'s year of birth is in the future`, { [`children.${i}.yearOfBirth`]: `Year of birth must be ${thisYear} or earlier` });
    }
  });
  return children;
}

/** The council's case record for a reference, created if new; refused when its known details differ. */
async function caseFor(tx: Tx, child: HouseholdChild, field: string, now: Date): Promise<string> {
  const existing = await tx.childCase.findUnique({ where: { reference: child.caseReference }, select: { id: true, initials: true, yearOfBirth: true } });
  if (!existing) {
    // Two conveners creating the same new case at once: the second finds the first's row.
    await tx.childCase.createMany({ data: [{ reference: child.caseReference, initials: child.initials ?? null, yearOfBirth: child.yearOfBirth ?? null, createdAt: now }], skipDuplicates: true });
    return (await tx.childCase.findUniqueOrThrow({ where: { reference: child.caseReference }, select: { id: true } })).id;
  }
  if ((child.initials && existing.initials && child.initials !== existing.initials) || (child.yearOfBirth && existing.yearOfBirth && child.yearOfBirth !== existing.yearOfBirth)) {
    throw invalid(`Case ${child.caseReference} belongs to a child with different initials or year of birth. Check the reference.`, { [field]: "Check the case reference: it belongs to a child with different details" });
  }
  return existing.id;
}

/** The case of each child in order; the lead child's case may already be known (a contact's). */
export async function householdCases(tx: Tx, children: HouseholdChild[], now: Date, leadCaseId?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, child] of children.entries()) {
    ids.push(i === 0 && leadCaseId ? leadCaseId : await caseFor(tx, child, `children.${i}.caseReference`, now));
  }
  return ids;
}

/** Record the meeting's children: the lead child first (strategy_meeting.case_id), then the rest. */
export async function addMeetingChildren(tx: Tx, meetingId: string, leadCaseId: string, children: HouseholdChild[], now: Date) {
  const caseIds = await householdCases(tx, children, now, leadCaseId);
  if (caseIds.length === 0) caseIds.push(leadCaseId);
  if (caseIds.slice(1).includes(leadCaseId)) throw invalid("Enter each child once: the lead child is listed twice.", { "children.0.caseReference": "Enter each child once" });
  const known = await tx.childCase.findMany({ where: { id: { in: caseIds } }, select: { id: true, initials: true, yearOfBirth: true } });
  const byId = new Map(known.map((c) => [c.id, c]));
  await tx.meetingChild.createMany({
    data: caseIds.map((caseId, position) => ({
      meetingId,
      caseId,
      position,
      initials: children[position]?.initials ?? byId.get(caseId)?.initials ?? null,
      yearOfBirth: children[position]?.yearOfBirth ?? byId.get(caseId)?.yearOfBirth ?? null,
    })),
  });
  return caseIds;
}

/** The child a decision or outcome is for: the one named, or the only one. */
export async function meetingChildFor(tx: Tx, meetingId: string, childId: string | undefined, field = "childId") {
  const children = await tx.meetingChild.findMany({ where: { meetingId }, orderBy: { position: "asc" }, select: { id: true, caseId: true, position: true, case: { select: { reference: true } } } });
  if (childId) {
    const child = children.find((c) => c.id === childId);
    if (!child) throw invalid("That child is not part of this meeting.", { [field]: "Choose a child from this meeting" });
    return child;
  }
  if (children.length !== 1) throw invalid("Choose the child the decision is for.", { [field]: "Choose the child" });
  return children[0]!;
}

/**
 * A meeting is complete when every child has a decision: the chair cannot end it before. The
 * message names the children still waiting, by case reference.
 */
export async function assertEveryChildDecided(tx: Tx, meetingId: string) {
  const waiting = await tx.meetingChild.findMany({ where: { meetingId, decisions: { none: {} } }, orderBy: { position: "asc" }, select: { case: { select: { reference: true } } } });
  if (waiting.length === 0) return;
  const all = await tx.meetingChild.count({ where: { meetingId } });
  if (all === 1) throw invalid("Record at least one decision before ending the meeting.");
  throw invalid(`Record a decision for each child before ending the meeting: ${waiting.map((w) => w.case.reference).join(", ")} ${waiting.length === 1 ? "has" : "have"} none yet.`);
}
