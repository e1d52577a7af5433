// Contact events over real sockets: the referring agency and the council's front door hear
// about a contact; other agencies hear nothing.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, collect } from "../support/live-server";

const h = useHarness();
const live = useLiveServer(h);

describe("contact events", () => {
  it("reach the referring agency and the council, never another agency", async () => {
    const [police, council, health, school] = await Promise.all([
      live.signIn(DEMO.policePractitioner),
      live.signIn(DEMO.councilPractitioner),
      live.signIn(DEMO.healthPractitioner),
      live.signIn(DEMO.schoolDsl),
    ]);
    const sockets = { police: live.open(police), council: live.open(council), health: live.open(health), school: live.open(school) };
    await Promise.all(Object.values(sockets).map(connected));
    const heard = {
      police: collect(sockets.police, "contact:changed"),
      council: collect(sockets.council, "contact:changed"),
      health: collect(sockets.health, "contact:changed"),
      school: collect(sockets.school, "contact:changed"),
    };
    const councilHeard = new Promise((resolve) => sockets.council.once("contact:changed", resolve));

    const response = await live.mutate(police, "contacts.record", {
      referrerReference: "PPU/555123",
      receivedAt: h.clock.now().toISOString(),
      familyKnows: true, familyConsents: true, concernCategory: "NEGLECT",
      referrerLevel: 3,
      summary: "Child repeatedly arriving at school hungry.",
    });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { data: { contactId: string } } };
    await councilHeard;

    const decided = new Promise((resolve) => sockets.police.once("contact:changed", (e) => e.change === "decided" && resolve(e)));
    const decision = await live.mutate(council, "contacts.decide", { contactId: result.data.contactId, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Assess." });
    expect(decision.status).toBe(200);
    await decided;
    // Give any stray event time to arrive before asserting silence.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(heard.council.map((e) => e.change)).toEqual(["recorded", "decided"]);
    expect(heard.police.map((e) => e.change)).toEqual(["recorded", "decided"]);
    expect(heard.police[0]).toEqual({ contactId: result.data.contactId, change: "recorded" });
    expect(heard.health).toEqual([]);
    expect(heard.school).toEqual([]);
  });

  it("a health user cannot fetch the contact the event was about", async () => {
    const police = await live.signIn(DEMO.policePractitioner);
    const health = await live.signIn(DEMO.healthPractitioner);
    const recorded = await live.mutate(police, "contacts.record", { referrerReference: "PPU/777001", receivedAt: h.clock.now().toISOString(), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT", referrerLevel: 2, summary: "Concern." });
    const { result } = (await recorded.json()) as { result: { data: { contactId: string } } };
    const input = encodeURIComponent(JSON.stringify({ contactId: result.data.contactId }));
    const response = await fetch(`${live.base}/trpc/contacts.get?input=${input}`, { headers: { cookie: health } });
    expect(response.status).toBe(404);
  });
});
