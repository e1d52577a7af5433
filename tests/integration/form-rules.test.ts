// Small rules people meet on forms: initials written with stops, and due dates in the past.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { conveneDemoMeeting } from "../support/meetings";

const h = useHarness();

describe("initials", () => {
  it("accepts 'J.S.' and 'j s', stored as JS, and still refuses a name", async () => {
    h.clock.set("2026-11-20T15:30:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    const base = { referrerReference: "PPU/2026/700001", receivedAt: new Date("2026-11-20T14:00:00Z"), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT" as const, referrerLevel: 2, summary: "Child often collected late and hungry; parent says money is short." };
    for (const initials of ["J.S.", "j s", "J-S"]) {
      const { contactId } = await police.caller.contacts.record({ ...base, initials });
      expect((await police.caller.contacts.get({ contactId })).initials).toBe("JS");
    }
    const refused = await rejection(police.caller.contacts.record({ ...base, initials: "John" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/Initials must be 1 to 3 letters/);
  });
});

describe("action due dates", () => {
  it("refuses a due date before today (UK time) and accepts today", async () => {
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T13:50:00Z");
    await chair.caller.meetings.start({ meetingId });
    const action = { meetingId, description: "Share previous callouts", owningAgencyId: agencies.police, ownerName: "DS Hughes" };
    const refused = await rejection(chair.caller.meetings.addAction({ ...action, dueDate: "2026-11-22" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toBe("The due date must be today or in the future");
    await chair.caller.meetings.addAction({ ...action, dueDate: "2026-11-23" });
    expect(await h.db.meetingAction.count({ where: { meetingId } })).toBe(1);
  });
});
