import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { useHarness, DEMO } from "../support/harness";

const h = useHarness();

describe("role pages", () => {
  it.each([
    [DEMO.councilPractitioner, "practitioner", "/work"],
    [DEMO.councilManager, "manager", "/team"],
    [DEMO.chair, "partnership_chair", "/partnership"],
  ] as const)("%s may open the %s page and lands on %s", async (email, role, path) => {
    const { caller } = await h.caller(email);
    const home = await caller.home.forRole({ role });
    expect(home.me.landingPath).toBe(path);
    // The page is the person's work: sections of tasks with their counts, not facts about them.
    expect(home.sections.length).toBeGreaterThan(0);
    expect(home.total).toBe(home.sections.reduce((sum, s) => sum + s.count, 0));
  });

  it("refuses a page of another role", async () => {
    const { caller } = await h.caller(DEMO.policePractitioner);
    const error = await caller.home.forRole({ role: "partnership_chair" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });

  it("lands each role on its own page", async () => {
    const expectations: [string, string][] = [
      [DEMO.councilAdmin, "/administration"],
      [DEMO.systemAdmin, "/system/audit"],
      [DEMO.businessManager, "/partnership"],
      [DEMO.schoolDsl, "/work"],
    ];
    for (const [email, path] of expectations) {
      const { caller } = await h.caller(email);
      expect((await caller.auth.me())?.landingPath).toBe(path);
    }
  });
});

describe("audit trail", () => {
  it("is readable and filterable by a system administrator only", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    await admin.caller.users.invite({ email: "a@police.example.org", displayName: "A", roles: ["practitioner"] });
    await admin.caller.users.invite({ email: "b@police.example.org", displayName: "B", roles: ["practitioner"] });
    const sys = await h.caller(DEMO.systemAdmin);
    const all = await sys.caller.audit.list({});
    expect(all.events.map((e) => e.action)).toEqual(["user.invite", "user.invite", "system.seed_demo_data"]);
    expect(all.events[0]!.actorName).toBe("Priya Shah");
    expect(all.events[0]!.actorAgencyName).toBe("Northshire Police");
    const filtered = await sys.caller.audit.list({ action: "user.", limit: 1 });
    expect(filtered.events).toHaveLength(1);
    expect(filtered.nextBefore).not.toBeNull();
    // One shown, and the page says how many match: the list never stops silently.
    expect(filtered.total).toBe(2);
    expect(all.total).toBe(3);
    const older = await sys.caller.audit.list({ action: "user.", before: filtered.nextBefore as never });
    expect(older.events).toHaveLength(1);
    expect(older.events[0]!.id).not.toBe(filtered.events[0]!.id);
    const chair = await h.caller(DEMO.chair);
    const refused = await chair.caller.audit.list({}).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
  });
});

describe("the permission data says what the code does", () => {
  const grants = async (email: string) => [...(await h.actor(email)).permissions].sort();

  it("gives council children's social care the front door's reach, and other agencies their own", async () => {
    const council = await grants(DEMO.councilPractitioner);
    expect(council).toEqual(expect.arrayContaining(["read:contact:any", "create:contact:any", "decide:threshold:any", "convene:meeting:any", "read:meeting:any", "respond:meeting:any", "raise:disagreement:any", "read:disagreement:any"]));
    expect(council).not.toContain("signoff:threshold:any");
    expect(await grants(DEMO.councilManager)).toEqual(expect.arrayContaining(["signoff:threshold:any", "manage:disagreement:party"]));

    const police = await grants(DEMO.policePractitioner);
    expect(police).toEqual([
      "complete:action:own_agency",
      "create:contact:own_agency",
      "create:request:own_agency",
      "raise:disagreement:own_agency",
      "read:agency:any",
      "read:contact:own_agency",
      "read:disagreement:party",
      "read:meeting:invited",
      "read:request:own_agency",
      "respond:meeting:own_agency",
    ]);
    const policeManager = await grants(DEMO.policeManager);
    expect(policeManager).toContain("manage:disagreement:party");
    expect(policeManager.filter((p) => /^(decide|signoff|convene):/.test(p))).toEqual([]);
  });

  it("names in role_permission who holds the council-only permissions", async () => {
    const rows = await h.database.db.rolePermission.findMany({
      where: { permission: { OR: [{ action: "convene" }, { action: "decide" }, { action: "signoff" }] } },
      select: { agencyKind: true, role: { select: { name: true } }, permission: { select: { action: true } } },
    });
    expect(rows.map((r) => `${r.role.name} ${r.permission.action} ${r.agencyKind}`).sort()).toEqual([
      "manager convene CHILDRENS_SOCIAL_CARE",
      "manager decide CHILDRENS_SOCIAL_CARE",
      "manager decide CHILDRENS_SOCIAL_CARE", // decide:request:any (decision 0020)
      "manager signoff CHILDRENS_SOCIAL_CARE",
      "practitioner convene CHILDRENS_SOCIAL_CARE",
      "practitioner decide CHILDRENS_SOCIAL_CARE",
      "practitioner decide CHILDRENS_SOCIAL_CARE",
    ]);
  });

  it("takes reach from the data alone: granting police practitioners 'convene:meeting:any' lets them convene", async () => {
    const before = await h.caller(DEMO.policePractitioner);
    expect((await before.caller.meetings.abilities()).canConvene).toBe(false);
    const db = h.database.db;
    const role = await db.role.findUniqueOrThrow({ where: { name: "practitioner" }, select: { id: true } });
    const permission = await db.permission.findUniqueOrThrow({ where: { action_entity_access: { action: "convene", entity: "meeting", access: "any" } }, select: { id: true } });
    await db.rolePermission.update({ where: { roleId_permissionId: { roleId: role.id, permissionId: permission.id } }, data: { agencyKind: null } });
    const after = await h.caller(DEMO.policePractitioner);
    expect((await after.caller.meetings.abilities()).canConvene).toBe(true);
    expect((await after.caller.meetings.chairs()).length).toBeGreaterThan(0);
  });

});

describe("navigation", () => {
  it.each([
    [DEMO.councilPractitioner, ["/work", "/contacts", "/meetings", "/meetings/requests", "/actions", "/disagreements", "/account"]],
    [DEMO.schoolDsl, ["/work", "/contacts", "/meetings", "/meetings/requests", "/actions", "/disagreements", "/account"]],
    [DEMO.councilManager, ["/contacts", "/meetings", "/meetings/requests", "/actions", "/disagreements", "/team", "/learning-actions", "/figures", "/admin/users", "/access-log", "/subject-access", "/admin/access-review", "/legal-holds", "/account"]],
    [DEMO.councilAdmin, ["/administration", "/admin/users", "/access-log", "/admin/access-review", "/admin/single-sign-on", "/account"]],
    [DEMO.chair, ["/disagreements", "/partnership", "/learning-actions", "/audits", "/figures", "/account"]],
    [DEMO.businessManager, ["/disagreements", "/partnership", "/learning-actions", "/audits", "/figures", "/admin/users", "/access-log", "/admin/access-review", "/admin/single-sign-on", "/account"]],
    [DEMO.policeAuditor, ["/disagreements", "/audits", "/account"]],
    [DEMO.scrutineer, ["/scrutiny", "/learning-actions", "/audits", "/figures", "/account"]],
    [DEMO.systemAdmin, ["/admin/users", "/subject-access", "/legal-holds", "/system/audit", "/system/mail", "/system/settings", "/admin/single-sign-on", "/account"]],
  ])("the server gives %s the pages they may use", async (email, pages) => {
    const { caller } = await h.caller(email);
    expect((await caller.auth.me())!.navigation.map((item) => item.href)).toEqual(pages);
  });
});
