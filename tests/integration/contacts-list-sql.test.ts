// The contacts list is read by one hand-written statement (readContactPage, decision 0042). It
// must return exactly what the Prisma query with the policy's filter returned: for every demo
// person, every status, every agency filter, searches (the wildcards Prisma's `contains` does not
// escape too), and pages from the first to past the last. The reference below is the Prisma code
// the list used before (decision 0032), kept here as the oracle.
import { describe, expect, it } from "vitest";
import type { Prisma } from "../../server/db/generated/client";
import { useHarness } from "../support/harness";
import { DEMO_USERS } from "../../prisma/seed";
import { generateActivity, DEMO_HISTORY } from "../../server/db/generate-activity";
import { CONTACT_STATUS_WHERE, contactReferenceWhere, contactSelect, listContacts, readContactPage, type ContactRow } from "../../server/domain/front-door/contacts";
import { recordAudit } from "../../server/domain/audit/audit";
import { contactFilter } from "../../server/domain/access/policy";
import { PAGE_SIZE, readPage, type Page } from "../../server/domain/lists/paging";
import type { ContactStatus } from "../../server/domain/front-door/labels";
import type { Services } from "../../server/domain/services";
import type { Actor } from "../../server/domain/access/actor";
import { DomainError } from "../../server/domain/errors";

const h = useHarness();

type ListInput = { status?: ContactStatus; sourceAgencyId?: string; search?: string; page: number };

/** The list as Prisma read it, with the policy's filter: the oracle. */
async function referencePage(services: Services, actor: Actor, { status, sourceAgencyId, search, page }: ListInput): Promise<Page<ContactRow>> {
  const where: Prisma.ContactWhereInput = {
    AND: [contactFilter(actor), status ? CONTACT_STATUS_WHERE[status] : {}, sourceAgencyId ? { sourceAgencyId } : {}, search ? contactReferenceWhere(actor, search) : {}],
  };
  const segment = (part: Prisma.ContactWhereInput, orderBy: Prisma.ContactOrderByWithRelationInput[]) => ({
    count: () => services.db.contact.count({ where: { AND: [where, part] } }),
    find: (skip: number, take: number) => services.db.contact.findMany({ where: { AND: [where, part] }, orderBy, skip, take, select: contactSelect }),
  });
  return readPage(
    [segment({ currentDecisionId: null }, [{ decisionDueAt: "asc" }, { id: "asc" }]), segment({ currentDecisionId: { not: null } }, [{ receivedAt: "desc" }, { id: "asc" }])],
    page,
    PAGE_SIZE,
  );
}

/** Work in every status, several decisions on some contacts, and partners' contacts linked to cases. */
async function varietyOfContacts() {
  // Some decisions awaiting sign-off.
  await h.db.$executeRaw`UPDATE threshold_decision SET signed_off_at = NULL, signed_off_by_id = NULL WHERE id IN (SELECT current_decision_id FROM contact WHERE current_decision_id IS NOT NULL ORDER BY received_at DESC LIMIT 7)`;
  // A later decision on some contacts (as a disagreement's outcome makes), which becomes current.
  await h.db.$executeRaw`WITH later AS (
      INSERT INTO threshold_decision (contact_id, level_applied, outcome, rationale, decided_by_id, decided_at, signed_off_by_id, signed_off_at)
      SELECT d.contact_id, 3, 'CHILD_IN_NEED_ASSESSMENT', 'Reconsidered after the school raised a disagreement.', d.decided_by_id, d.decided_at + interval '3 days', d.signed_off_by_id, d.decided_at + interval '4 days'
      FROM threshold_decision d JOIN contact c ON c.current_decision_id = d.id
      WHERE d.signed_off_at IS NOT NULL ORDER BY c.received_at DESC OFFSET 10 LIMIT 12
      RETURNING id, contact_id)
    UPDATE contact c SET current_decision_id = later.id FROM later WHERE later.contact_id = c.id`;
  // References with characters a LIKE pattern treats specially.
  await h.db.$executeRaw`UPDATE contact SET referrer_reference = 'PPU_2026%' || substr(id::text, 1, 4) WHERE id IN (SELECT id FROM contact ORDER BY received_at LIMIT 3)`;
}

describe("the contacts list in one statement", () => {
  it("returns exactly what the Prisma query with the policy's filter returns, for every demo person", async () => {
    await generateActivity(h.db, { ...DEMO_HISTORY, until: h.clock.now() });
    await varietyOfContacts();
    const { services } = h.services();
    const agencies = await h.db.agency.findMany({ select: { id: true } });
    const linked = await h.db.contact.findFirstOrThrow({ where: { caseId: { not: null }, referrerReference: { not: null } }, select: { referrerReference: true, case: { select: { reference: true } } } });
    const searches = [linked.referrerReference!.slice(0, 6), linked.referrerReference!, linked.case!.reference, linked.case!.reference.slice(-4), "%", "_", "PPU_2026%", "NO-SUCH-REFERENCE"];
    const statuses: ContactStatus[] = ["AWAITING_DECISION", "AWAITING_SIGN_OFF", "DECIDED", "CLOSED"];
    const inputs: Omit<ListInput, "page">[] = [
      {},
      ...statuses.map((status) => ({ status })),
      ...agencies.map((a) => ({ sourceAgencyId: a.id })),
      ...searches.map((search) => ({ search })),
      { status: "CLOSED", search: searches[0] },
      { status: "AWAITING_SIGN_OFF", sourceAgencyId: agencies[0]!.id },
    ];
    let compared = 0;
    let refused = 0;
    let sawTwoSegments = false;
    for (const { email } of DEMO_USERS) {
      const actor = await h.actor(email);
      for (const input of inputs) {
        const first = await referencePage(services, actor, { ...input, page: 1 }).catch((e: unknown) => e);
        if (first instanceof DomainError) {
          // No reach: both refuse alike.
          await expect(readContactPage(services, actor, { ...input, page: 1 })).rejects.toThrow(first.message);
          refused++;
          continue;
        }
        const { pageCount } = first as Page<ContactRow>;
        for (const page of new Set([1, 2, Math.max(1, pageCount - 1), pageCount, pageCount + 3])) {
          const expected = await referencePage(services, actor, { ...input, page });
          const actual = await readContactPage(services, actor, { ...input, page });
          expect(actual, `${email} ${JSON.stringify(input)} page ${page}`).toEqual(expected);
          if (expected.items.length > 0) compared++;
          if (new Set(expected.items.map((i) => i.currentDecision === null)).size === 2) sawTwoSegments = true;
        }
      }
    }
    // The comparisons had something to compare: pages with rows, a page spanning both segments.
    expect(compared).toBeGreaterThan(200);
    expect(sawTwoSegments).toBe(true);
    expect(refused + compared).toBeGreaterThan(0);
  }, 180_000);

  it("writes the same audit row as recordAudit, in the statement that reads the page", async () => {
    await generateActivity(h.db, { ...DEMO_HISTORY, until: h.clock.now() });
    const { services } = h.services();
    const columns = { actorUserId: true, actorAgencyId: true, action: true, entityType: true, entityId: true, detail: true, requestId: true } as const;
    const cases: [string, Parameters<typeof listContacts>[2]][] = [
      ["pat.obrien@police.example.org", {}],
      ["pat.obrien@police.example.org", { page: 2 }],
      ["sam.patel@council.example.org", { status: "CLOSED", page: 99 }],
      ["sam.patel@council.example.org", { search: "no-such-reference" }],
      ["sam.patel@council.example.org", { search: "GEN", status: "DECIDED" }],
    ];
    for (const [email, input] of cases) {
      const actor = await h.actor(email);
      const requestId = `list-${email}-${JSON.stringify(input)}`;
      const listed = await listContacts(services, actor, input, { requestId });
      const written = await h.db.auditEvent.findMany({ where: { requestId }, select: columns });
      // What recordAudit writes for this page, as the list did before (decision 0032).
      await recordAudit(h.db, actor, { action: "contact.list", entityType: "contact", detail: { status: input?.status ?? null, searched: input?.search !== undefined, page: listed.page, contactIds: listed.items.map((i) => i.id) } }, `${requestId}-expected`);
      const expected = await h.db.auditEvent.findMany({ where: { requestId: `${requestId}-expected` }, select: columns });
      expect(written, requestId).toEqual(expected.map((row) => ({ ...row, requestId })));
      expect(written).toHaveLength(1);
    }
    // The cases cover a page with contacts and one without.
    const details = (await h.db.auditEvent.findMany({ where: { action: "contact.list", requestId: { startsWith: "list-" } }, select: { detail: true } })).map((r) => (r.detail as { contactIds: string[] }).contactIds.length);
    expect(details.some((n) => n === 0) && details.some((n) => n > 0)).toBe(true);
  });
});
