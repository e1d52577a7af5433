import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { validateSession } from "../../server/domain/auth/sessions";

const h = useHarness();


const agencyId = async (kind: "POLICE" | "PARTNERSHIP" | "CHILDRENS_SOCIAL_CARE") =>
  (await h.db.agency.findFirstOrThrow({ where: { kind }, select: { id: true } })).id;

describe("listing people", () => {
  it("shows an agency administrator only their own agency", async () => {
    const { caller, actor } = await h.caller(DEMO.policeAdmin);
    const { users, canInvite } = await caller.users.list({});
    expect(canInvite).toBe(true);
    expect(users.length).toBe(3);
    expect(users.every((u) => u.agency.id === actor!.agencyId)).toBe(true);
    const council = await agencyId("CHILDRENS_SOCIAL_CARE");
    expect((await rejection(caller.users.list({ agencyId: council }))).code).toBe("FORBIDDEN");
  });

  it("shows a system administrator every agency, and refuses practitioners", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    expect((await admin.caller.users.list({})).users.length).toBe(await h.db.user.count());
    const practitioner = await h.caller(DEMO.councilPractitioner);
    expect((await rejection(practitioner.caller.users.list({}))).code).toBe("FORBIDDEN");
  });
});

describe("inviting people", () => {
  it("creates an invitation into the administrator's own agency, audited in the same transaction", async () => {
    const { caller, actor } = await h.caller(DEMO.policeAdmin);
    const invited = await caller.users.invite({ email: " New.Officer@Police.example.org ", displayName: "New Officer", roles: ["practitioner"] });
    expect(invited.token.length).toBeGreaterThan(30);
    const row = await h.db.accountInvitation.findUniqueOrThrow({ where: { id: invited.invitationId }, select: { email: true, agencyId: true, tokenHash: true, expiresAt: true } });
    expect(row.email).toBe("new.officer@police.example.org");
    expect(row.agencyId).toBe(actor!.agencyId);
    expect(row.tokenHash).not.toContain(invited.token); // only a hash is stored
    expect(row.expiresAt.getTime() - h.clock.now().getTime()).toBe(72 * 3_600_000);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "user.invite" } });
    expect(audit.entityId).toBe(invited.invitationId);
    expect(audit.actorAgencyId).toBe(actor!.agencyId);
  });

  it("refuses to invite into another agency, or to grant roles beyond the inviter's reach, and writes nothing", async () => {
    const { caller } = await h.caller(DEMO.policeAdmin);
    const council = await agencyId("CHILDRENS_SOCIAL_CARE");
    expect((await rejection(caller.users.invite({ email: "x@council.example.org", displayName: "X", roles: ["practitioner"], agencyId: council }))).code).toBe("FORBIDDEN");
    expect((await rejection(caller.users.invite({ email: "y@police.example.org", displayName: "Y", roles: ["system_admin"] }))).code).toBe("FORBIDDEN");
    const chair = await rejection(caller.users.invite({ email: "z@police.example.org", displayName: "Z", roles: ["partnership_chair"] }));
    expect(chair.code).toBe("BAD_REQUEST");
    const practitioner = await h.caller(DEMO.policePractitioner);
    expect((await rejection(practitioner.caller.users.invite({ email: "p@police.example.org", displayName: "P", roles: ["practitioner"] }))).code).toBe("FORBIDDEN");
    expect(await h.db.accountInvitation.count()).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: "user.invite" } })).toBe(0);
  });

  it("refuses bad input and an email that already has an account", async () => {
    const { caller } = await h.caller(DEMO.policeAdmin);
    const bad = await rejection(caller.users.invite({ email: "not an email", displayName: "", roles: [] }));
    expect(bad.code).toBe("BAD_REQUEST");
    const taken = await rejection(caller.users.invite({ email: DEMO.policeManager, displayName: "Dan again", roles: ["manager"] }));
    expect(taken.code).toBe("CONFLICT");
    expect(await h.db.accountInvitation.count()).toBe(0);
  });

  it("lets a system administrator invite into any agency, including a partnership chair", async () => {
    const { caller } = await h.caller(DEMO.systemAdmin);
    const partnership = await agencyId("PARTNERSHIP");
    const invited = await caller.users.invite({ email: "scrutineer@partnership.example.org", displayName: "Sam Scrutineer", roles: ["partnership_chair"], agencyId: partnership });
    expect((await h.db.accountInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } })).agencyId).toBe(partnership);
  });
});

describe("accepting an invitation", () => {
  it("sets the password, creates the account with its roles and signs the person in, once", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const { token } = await admin.caller.users.invite({ email: "new.officer@police.example.org", displayName: "New Officer", team: "Public protection unit", roles: ["practitioner", "manager"] });
    const visitor = await h.caller();
    const described = await visitor.caller.invitations.describe({ token });
    expect(described.agencyName).toBe("Northshire Police");
    await visitor.caller.invitations.accept({ token, password: "a long enough password", confirmPassword: "a long enough password" });
    expect(visitor.cookies.some((c) => c.startsWith("concord_session=") && !c.startsWith("concord_session=;"))).toBe(true);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: "new.officer@police.example.org" }, select: { passwordHash: true, team: true, roles: { select: { role: { select: { name: true } } } } } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.team).toBe("Public protection unit");
    expect(user.roles.map((r) => r.role.name).sort()).toEqual(["manager", "practitioner"]);
    const again = await rejection(visitor.caller.invitations.accept({ token, password: "another long password", confirmPassword: "another long password" }));
    expect(again.code).toBe("CONFLICT");
  });

  it("refuses an expired link, a short password and mismatched passwords without creating anyone", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const { token } = await admin.caller.users.invite({ email: "late@police.example.org", displayName: "Late", roles: ["practitioner"] });
    const visitor = await h.caller();
    expect((await rejection(visitor.caller.invitations.accept({ token, password: "short", confirmPassword: "short" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(visitor.caller.invitations.accept({ token, password: "a long enough password", confirmPassword: "a different password!" }))).code).toBe("BAD_REQUEST");
    h.clock.advance(73 * 3_600_000);
    const expired = await rejection(visitor.caller.invitations.accept({ token, password: "a long enough password", confirmPassword: "a long enough password" }));
    expect(expired.message).toMatch(/expired/);
    expect(await h.db.user.count({ where: { email: "late@police.example.org" } })).toBe(0);
    expect((await rejection(visitor.caller.invitations.describe({ token: "x".repeat(43) }))).code).toBe("NOT_FOUND");
  });

  it("lets exactly one of two simultaneous acceptances win", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const { token } = await admin.caller.users.invite({ email: "race@police.example.org", displayName: "Race", roles: ["practitioner"] });
    const [a, b] = await Promise.all([h.caller(), h.caller()]);
    const results = await Promise.allSettled([
      a.caller.invitations.accept({ token, password: "first long password", confirmPassword: "first long password" }),
      b.caller.invitations.accept({ token, password: "second long password", confirmPassword: "second long password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await h.db.user.count({ where: { email: "race@police.example.org" } })).toBe(1);
  });
});

describe("deactivating people", () => {
  it("ends the person's sessions at once and is audited", async () => {
    const target = await h.caller(DEMO.policePractitioner);
    const admin = await h.caller(DEMO.policeAdmin);
    await admin.caller.users.deactivate({ userId: target.actor!.userId });
    expect(await validateSession(target.services, target.session!.id)).toBeNull();
    expect(await h.db.session.count({ where: { userId: target.actor!.userId } })).toBe(0);
    expect((await h.db.user.findUniqueOrThrow({ where: { id: target.actor!.userId } })).isActive).toBe(false);
    expect(await h.db.auditEvent.count({ where: { action: "user.deactivate", entityId: target.actor!.userId } })).toBe(1);
    expect((await rejection(admin.caller.users.deactivate({ userId: target.actor!.userId }))).code).toBe("CONFLICT");
  });

  it("refuses another agency's people, one's own account, and non-administrators, changing nothing", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const councilUser = await h.actor(DEMO.councilPractitioner);
    expect((await rejection(admin.caller.users.deactivate({ userId: councilUser.userId }))).code).toBe("FORBIDDEN");
    expect((await rejection(admin.caller.users.deactivate({ userId: admin.actor!.userId }))).code).toBe("BAD_REQUEST");
    const manager = await h.caller(DEMO.policeManager);
    const colleague = await h.actor(DEMO.policePractitioner);
    expect((await rejection(manager.caller.users.deactivate({ userId: colleague.userId }))).code).toBe("FORBIDDEN");
    expect((await rejection(admin.caller.users.deactivate({ userId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
    expect(await h.db.user.count({ where: { isActive: false } })).toBe(0);
  });

  it("lets a system administrator deactivate anyone", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    const chair = await h.actor(DEMO.chair);
    await admin.caller.users.deactivate({ userId: chair.userId });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: chair.userId } })).isActive).toBe(false);
  });
});
