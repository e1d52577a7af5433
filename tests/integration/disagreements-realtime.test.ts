// Disagreement events over real sockets reach both sides, the front door and the chair only.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, collect } from "../support/live-server";

const h = useHarness();
const live = useLiveServer(h);

describe("disagreement events", () => {
  it("reach the raising school, the council and the chair; never the police", async () => {
    const [school, council, chair, police] = await Promise.all([live.signIn(DEMO.schoolDsl), live.signIn(DEMO.councilPractitioner), live.signIn(DEMO.chair), live.signIn(DEMO.policePractitioner)]);
    const recorded = await live.mutate(school, "contacts.record", { referrerReference: "RPS/820001", receivedAt: "2026-11-23T08:00:00.000Z", familyKnows: true, familyConsents: true, concernCategory: "NEGLECT", referrerLevel: 3, summary: "Concern." });
    const contactId = ((await recorded.json()) as { result: { data: { contactId: string } } }).result.data.contactId;
    expect((await live.mutate(council, "contacts.decide", { contactId, levelApplied: 1, outcome: "NO_FURTHER_ACTION", rationale: "Universal.", closureReason: "Monitor." })).status).toBe(200);

    const sockets = { school: live.open(school), council: live.open(council), chair: live.open(chair), police: live.open(police) };
    await Promise.all(Object.values(sockets).map(connected));
    const heard = Object.fromEntries(Object.entries(sockets).map(([k, s]) => [k, collect(s, "disagreement:changed")])) as Record<keyof typeof sockets, { disagreementId: string; change: string }[]>;
    const chairHeard = new Promise((resolve) => sockets.chair.once("disagreement:changed", resolve));

    const raised = await live.mutate(school, "disagreements.raise", { contactId, subject: "OUTCOME", soughtOutcome: "Assessment", reasons: "Pattern of neglect." });
    expect(raised.status).toBe(200);
    const { disagreementId } = ((await raised.json()) as { result: { data: { disagreementId: string } } }).result.data;
    await chairHeard;
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const who of ["school", "council", "chair"] as const) expect(heard[who]).toEqual([{ disagreementId, change: "raised" }]);
    expect(heard.police).toEqual([]);
  });
});
