// Shared set-up for disagreement tests: a school refers, the council closes it with "no further
// action", and the school disputes it. Times come from the test clock.
import type { useHarness } from "./harness";
import { DEMO } from "./harness";

type Harness = ReturnType<typeof useHarness>;

let references = 0;

export async function schoolDisputesNfa(h: Harness, options: { at?: string; urgent?: boolean; startStage?: number; startReason?: string } = {}) {
  h.clock.set(options.at ?? "2026-11-23T09:00:00Z"); // a Monday unless told
  const receivedAt = new Date(h.clock.now().getTime() - 30 * 60_000);
  const school = await h.caller(DEMO.schoolDsl);
  const serial = String(++references).padStart(4, "0");
  const { contactId } = await school.caller.contacts.record({
    // A partner gives its own reference; the front door links the contact to its case record.
    referrerReference: `RPS/61${serial}`,
    receivedAt,
    familyKnows: true, familyConsents: true, concernCategory: "NEGLECT",
    referrerLevel: 3,
    summary: "Child arriving hungry and unkempt; younger sibling often left alone.",
  });
  const council = await h.caller(DEMO.councilPractitioner);
  await council.caller.contacts.decide({ contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Universal services meeting needs.", closureReason: "School to monitor.", caseReference: `CSC-61${serial}` });
  const { disagreementId } = await school.caller.disagreements.raise({
    contactId,
    subject: "OUTCOME",
    soughtLevel: 3,
    soughtOutcome: "Child-in-need assessment",
    reasons: "Pattern of neglect over two terms, not a single incident.",
    urgent: options.urgent ?? false,
    startStage: options.startStage,
    startReason: options.startReason,
  });
  return { contactId, disagreementId, school, council };
}

export async function versionOf(h: Harness, disagreementId: string) {
  return (await h.db.disagreement.findUniqueOrThrow({ where: { id: disagreementId }, select: { version: true } })).version;
}
