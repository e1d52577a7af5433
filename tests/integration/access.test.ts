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
    expect(home.agencies).toBe(8);
  });

  it("refuses a page of another role", async () => {
    const { caller } = await h.caller(DEMO.policePractitioner);
    const error = await caller.home.forRole({ role: "partnership_chair" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });

  it("lands each role on its own page", async () => {
    const expectations: [string, string][] = [
      [DEMO.councilAdmin, "/admin/users"],
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
    const older = await sys.caller.audit.list({ action: "user.", before: filtered.nextBefore as never });
    expect(older.events).toHaveLength(1);
    expect(older.events[0]!.id).not.toBe(filtered.events[0]!.id);
    const chair = await h.caller(DEMO.chair);
    const refused = await chair.caller.audit.list({}).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
  });
});
