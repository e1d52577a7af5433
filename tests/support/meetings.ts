// Fixtures for meeting tests: agency ids of the demo partnership and a convened meeting.
import type { useHarness } from "./harness";
import { DEMO } from "./harness";

export async function demoAgencies(h: ReturnType<typeof useHarness>) {
  const byName = async (name: string) => (await h.db.agency.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
  return {
    council: await byName("Northshire Council Children's Social Care"),
    police: await byName("Northshire Police"),
    icb: await byName("Northshire Integrated Care Board"),
    hospital: await byName("Northshire Hospitals NHS Foundation Trust"),
    riverside: await byName("Riverside Primary School"),
    hillcrest: await byName("Hillcrest Academy"),
  };
}

/** Monday 23 November 2026, 09:00: the council decides a strategy discussion is needed. */
export const DECISION_TIME = "2026-11-23T09:00:00.000Z";

/** Sam (council) convenes a meeting chaired by Maria, inviting police, the ICB and Riverside school. */
export async function conveneDemoMeeting(h: ReturnType<typeof useHarness>, overrides: Record<string, unknown> = {}) {
  h.clock.set(DECISION_TIME);
  const agencies = await demoAgencies(h);
  const convener = await h.caller(DEMO.councilPractitioner);
  const chair = await h.actor(DEMO.councilManager);
  const result = await convener.caller.meetings.convene({
    caseReference: "CSC-300400",
    urgency: "STANDARD",
    scheduledStart: new Date("2026-11-23T14:00:00Z"),
    location: "MASH meeting room 2",
    chairId: chair.userId,
    agencyIds: [agencies.police, agencies.icb, agencies.riverside],
    ...overrides,
  } as never);
  return { ...result, agencies, convener, chairId: chair.userId };
}
