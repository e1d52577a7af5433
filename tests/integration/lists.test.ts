// Lists that scale (docs/decisions/0024): pages with an exact total, a search that only finds
// what the viewer may see, and the most overdue work first.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { schoolDisputesNfa } from "../support/disagreements";

const h = useHarness();

const contact = (reference: string, receivedAt: string) => ({
  referrerReference: reference,
  receivedAt: new Date(receivedAt),
  familyKnows: true, familyConsents: true, concernCategory: "NEGLECT" as const,
  referrerLevel: 3,
  summary: "Child arriving at school hungry and in the same clothes all week; attendance falling.",
});

describe("lists of contacts", () => {
  it("pages 25 at a time with the exact total, and a page past the end shows the last page", async () => {
    h.clock.set("2026-11-20T15:30:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    for (let i = 0; i < 27; i++) await police.caller.contacts.record(contact(`PPU/2026/${100100 + i}`, "2026-11-20T09:00:00Z"));
    const first = await police.caller.contacts.list({});
    expect(first).toMatchObject({ total: 27, page: 1, pageSize: 25, pageCount: 2 });
    expect(first.items).toHaveLength(25);
    const second = await police.caller.contacts.list({ page: 2 });
    expect(second.items).toHaveLength(2);
    expect(new Set([...first.items, ...second.items].map((c) => c.id)).size).toBe(27);
    expect(await police.caller.contacts.list({ page: 99 })).toMatchObject({ page: 2, total: 27 });
    expect((await police.caller.contacts.list({ search: "ppu/2026/10011" })).total).toBe(10);
  });

  it("never finds, or counts, another agency's child, by its reference or by the council's case reference", async () => {
    h.clock.set("2026-11-20T15:30:00Z");
    const health = await h.caller(DEMO.healthPractitioner);
    const police = await h.caller(DEMO.policePractitioner);
    const council = await h.caller(DEMO.councilPractitioner);
    const { contactId } = await health.caller.contacts.record(contact("NHS-555123", "2026-11-20T10:00:00Z"));
    await police.caller.contacts.record(contact("PPU/2026/555999", "2026-11-20T10:00:00Z"));
    await council.caller.contacts.decide({ contactId, levelApplied: 3, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Needs assessment under section 17.", caseReference: "CSC-555123" });

    expect((await health.caller.contacts.list({ search: "555123" })).items.map((c) => c.id)).toEqual([contactId]);
    // The police see neither the health reference nor the council's case number.
    for (const search of ["555123", "NHS-555", "CSC-555123"]) {
      expect(await police.caller.contacts.list({ search })).toMatchObject({ total: 0, items: [] });
    }
    // The referrer is not shown the council's case number, so cannot search by it either.
    expect((await health.caller.contacts.list({ search: "CSC-555" })).total).toBe(0);
    // The front door finds it by either reference.
    expect((await council.caller.contacts.list({ search: "CSC-555123" })).items.map((c) => c.id)).toEqual([contactId]);
    expect((await council.caller.contacts.list({ search: "555" })).total).toBe(2);
  });

  it("puts contacts awaiting a decision first, the most overdue first, then decided ones newest first", async () => {
    h.clock.set("2026-11-25T15:30:00Z");
    const police = await h.caller(DEMO.policePractitioner);
    const council = await h.caller(DEMO.councilPractitioner);
    const recent = await police.caller.contacts.record(contact("PPU/2026/1", "2026-11-25T10:00:00Z"));
    const oldest = await police.caller.contacts.record(contact("PPU/2026/2", "2026-11-20T10:00:00Z"));
    const decided = await police.caller.contacts.record(contact("PPU/2026/3", "2026-11-25T11:00:00Z"));
    const middle = await police.caller.contacts.record(contact("PPU/2026/4", "2026-11-23T10:00:00Z"));
    await council.caller.contacts.decide({ contactId: decided.contactId, levelApplied: 2, outcome: "CHILD_IN_NEED_ASSESSMENT", rationale: "Early help offer through the school." });
    const page = await police.caller.contacts.list({});
    expect(page.items.map((c) => c.id)).toEqual([oldest.contactId, middle.contactId, recent.contactId, decided.contactId]);
    expect(page.items.slice(0, 2).every((c) => c.timeliness.overdue)).toBe(true);
  });
});

describe("the list of people", () => {
  it("gives the total and one page of people", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    const list = await admin.caller.users.list({});
    const total = await h.db.user.count();
    expect(list.usersPage).toMatchObject({ total, page: 1, pageSize: 25 });
    expect(list.users).toHaveLength(Math.min(total, 25));
  });
});

describe("lists of disagreements", () => {
  it("finds a disagreement by the reference each side is shown, and never shows it to an outsider", async () => {
    const { disagreementId, school, council } = await schoolDisputesNfa(h);
    const ids = (page: { items: { id: string }[] }) => page.items.map((d) => d.id);
    // The school knows the child by its own reference; the council by its case reference.
    expect(ids(await school.caller.disagreements.list({ search: "RPS/61" }))).toEqual([disagreementId]);
    expect((await school.caller.disagreements.list({ search: "CSC-61" })).total).toBe(0);
    expect(ids(await council.caller.disagreements.list({ search: "CSC-61" }))).toEqual([disagreementId]);
    const police = await h.caller(DEMO.policePractitioner);
    for (const search of ["RPS/61", "CSC-61", "61"]) expect(await police.caller.disagreements.list({ search })).toMatchObject({ total: 0, items: [] });
  });

  it("puts open disagreements first, overdue first", async () => {
    const first = await schoolDisputesNfa(h, { at: "2026-11-23T09:00:00Z" });
    const second = await schoolDisputesNfa(h, { at: "2026-11-25T09:00:00Z" });
    h.clock.set("2026-12-10T09:00:00Z");
    const page = await first.school.caller.disagreements.list({ status: "OPEN" });
    expect(page.items.map((d) => d.id)).toEqual([first.disagreementId, second.disagreementId]);
    expect(page.items[0]!.overdue).toBe(true);
  });
});
