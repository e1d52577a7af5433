import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { hashToken } from "../../server/domain/users/invitations";
import { MAX_FAILURES_PER_ADDRESS } from "../../server/domain/auth/login";
import { DEMO_PASSWORD } from "../../prisma/seed";
import type { RoleName } from "../../server/domain/access/roles";
import { validateSession } from "../../server/domain/auth/sessions";

const h = useHarness();

const agencyId = async (kind: "POLICE" | "PARTNERSHIP" | "CHILDRENS_SOCIAL_CARE") =>
  (await h.db.agency.findFirstOrThrow({ where: { kind }, select: { id: true } })).id;

/** The token of the last invitation link emailed to an address: the only place a link goes. */
async function emailedToken(email: string): Promise<string> {
  const mails = await h.db.outboxEmail.findMany({ where: { toAddress: email }, select: { body: true } });
  const token = mails.at(-1)?.body.match(/\/invitations\/([A-Za-z0-9_-]{20,})/)?.[1];
  if (!token) throw new Error(`no invitation email to ${email}`);
  return token;
}

/** An invitation from `inviter`, approved by `approver` when it needs approval; returns the emailed token. */
async function invite(input: { email: string; displayName: string; roles: RoleName[]; team?: string; agencyId?: string }, inviter: string = DEMO.policeAdmin, approver: string = DEMO.policeManager) {
  const { caller } = await h.caller(inviter);
  const invited = await caller.users.invite(input);
  if (invited.awaitingApproval) await (await h.caller(approver)).caller.users.approveInvitation({ invitationId: invited.invitationId });
  return emailedToken(input.email);
}

/** An extra account put straight into the database, for scenarios the demo data lacks. */
async function addUser(email: string, agencyKind: "PARTNERSHIP" | "POLICE", roles: RoleName[]) {
  const roleRows = await h.db.role.findMany({ where: { name: { in: roles } }, select: { id: true } });
  const user = await h.db.user.create({
    data: { email, displayName: email.split("@")[0]!, agencyId: await agencyId(agencyKind), roles: { create: roleRows.map((r) => ({ roleId: r.id })) } },
    select: { id: true },
  });
  return user.id;
}

const PASSWORD = { password: "a long enough password", confirmPassword: "a long enough password" };

describe("listing people", () => {
  it("shows an agency administrator only their own agency", async () => {
    const { caller, actor } = await h.caller(DEMO.policeAdmin);
    const { users, abilities } = await caller.users.list({});
    expect(abilities).toEqual({ invite: true, chooseAgency: false, seeEveryAgency: false, grantableRoles: ["practitioner", "manager", "agency_admin"] });
    // Pat O'Brien, Dan Hughes, Priya Shah and the force's auditor, Mark Fisher.
    expect(users.length).toBe(4);
    expect(users.every((u) => u.agency.id === actor!.agencyId)).toBe(true);
    const council = await agencyId("CHILDRENS_SOCIAL_CARE");
    expect((await rejection(caller.users.list({ agencyId: council }))).code).toBe("FORBIDDEN");
  });

  it("shows a system administrator every agency, and refuses practitioners", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    const list = await admin.caller.users.list({});
    expect(list.users.length).toBe(await h.db.user.count());
    expect(list.abilities).toMatchObject({ chooseAgency: true, seeEveryAgency: true, grantableRoles: ["practitioner", "manager", "agency_admin", "partnership_chair", "system_admin", "auditor", "scrutineer"] });
    const practitioner = await h.caller(DEMO.councilPractitioner);
    expect((await rejection(practitioner.caller.users.list({}))).code).toBe("FORBIDDEN");
  });

  it("gives each account the abilities the page renders: no one acts on a role they lack", async () => {
    const { caller } = await h.caller(DEMO.businessManager); // partnership chair and agency administrator
    const { users, abilities } = await caller.users.list({});
    const row = (email: string) => users.find((u) => u.email === email)!;
    expect(row(DEMO.systemAdmin).abilities).toEqual({ deactivate: false, reactivate: false, resetSecondFactor: false });
    expect(row(DEMO.chair).abilities).toEqual({ deactivate: true, reactivate: false, resetSecondFactor: false });
    expect(row(DEMO.businessManager).abilities).toEqual({ deactivate: false, reactivate: false, resetSecondFactor: false });
    expect(abilities.grantableRoles).toEqual(["practitioner", "manager", "agency_admin", "partnership_chair"]);
  });
});

describe("inviting people", () => {
  it("never returns the link: it goes by email to the invited address only, and only its hash is stored", async () => {
    const { caller, actor } = await h.caller(DEMO.systemAdmin);
    const police = await agencyId("POLICE");
    const invited = await caller.users.invite({ email: " New.Admin@Police.example.org ", displayName: "New Admin", roles: ["agency_admin"], agencyId: police });
    expect(invited.awaitingApproval).toBe(false);
    const token = await emailedToken("new.admin@police.example.org");
    const mail = await h.db.outboxEmail.findFirstOrThrow({ where: { toAddress: "new.admin@police.example.org" } });
    expect(mail.body).toContain(`/invitations/${token}`);
    expect(JSON.stringify(invited)).not.toContain(token);
    expect(JSON.stringify(await caller.users.list({}))).not.toContain(token);
    const row = await h.db.accountInvitation.findUniqueOrThrow({ where: { id: invited.invitationId }, select: { email: true, agencyId: true, tokenHash: true, expiresAt: true } });
    expect(row.email).toBe("new.admin@police.example.org");
    expect(row.agencyId).toBe(police);
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.expiresAt.getTime() - h.clock.now().getTime()).toBe(72 * 3_600_000);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "user.invite" } });
    expect(audit.entityId).toBe(invited.invitationId);
    expect(audit.actorAgencyId).toBe(actor!.agencyId);
    expect(JSON.stringify(audit.detail)).not.toContain(token);
  });

  it("holds an invitation that gives case access until someone other than the inviter approves it", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const invited = await admin.caller.users.invite({ email: "new.officer@police.example.org", displayName: "New Officer", roles: ["practitioner"] });
    expect(invited.awaitingApproval).toBe(true);
    expect(await h.db.outboxEmail.count({ where: { toAddress: "new.officer@police.example.org" } })).toBe(0);
    expect((await h.db.accountInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } })).tokenHash).toBeNull();

    const pending = (await admin.caller.users.list({})).pendingInvitations;
    expect(pending).toMatchObject([{ id: invited.invitationId, awaitingApproval: true, invitedByName: "Priya Shah", abilities: { approve: false } }]);
    expect((await rejection(admin.caller.users.approveInvitation({ invitationId: invited.invitationId }))).message).toMatch(/someone else must approve/);
    const councilManager = await h.caller(DEMO.councilManager);
    // Another agency's invitation is not even there for them: no hint that it exists.
    expect((await rejection(councilManager.caller.users.approveInvitation({ invitationId: invited.invitationId }))).code).toBe("NOT_FOUND");
    const practitioner = await h.caller(DEMO.policePractitioner);
    expect((await rejection(practitioner.caller.users.approveInvitation({ invitationId: invited.invitationId }))).code).toBe("NOT_FOUND");
    expect(await h.db.outboxEmail.count({ where: { toAddress: "new.officer@police.example.org" } })).toBe(0);

    const manager = await h.caller(DEMO.policeManager);
    expect((await manager.caller.users.list({})).pendingInvitations[0]!.abilities.approve).toBe(true);
    h.clock.advance(24 * 3_600_000);
    const approved = await manager.caller.users.approveInvitation({ invitationId: invited.invitationId });
    expect(new Date(approved.expiresAt).getTime() - h.clock.now().getTime()).toBe(72 * 3_600_000); // from approval
    const token = await emailedToken("new.officer@police.example.org");
    expect(JSON.stringify(approved)).not.toContain(token);
    const row = await h.db.accountInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } });
    expect(row).toMatchObject({ approvedById: manager.actor!.userId, tokenHash: hashToken(token) });
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "user.approve_invitation", entityId: invited.invitationId } });
    expect(audit.actorUserId).toBe(manager.actor!.userId);
    expect((await rejection(manager.caller.users.approveInvitation({ invitationId: invited.invitationId }))).code).toBe("CONFLICT");
  });

  it("holds an administrator's invitation of another administrator too, so no one approves through a second account of their own", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const second = await admin.caller.users.invite({ email: "second.admin@police.example.org", displayName: "Second Admin", roles: ["agency_admin"] });
    expect(second.awaitingApproval).toBe(true);
    expect(await h.db.outboxEmail.count({ where: { toAddress: "second.admin@police.example.org" } })).toBe(0);
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
    expect(await h.db.outboxEmail.count()).toBe(0);
  });

  it("refuses bad input and an email that already has an account", async () => {
    const { caller } = await h.caller(DEMO.policeAdmin);
    const bad = await rejection(caller.users.invite({ email: "not an email", displayName: "", roles: [] }));
    expect(bad.code).toBe("BAD_REQUEST");
    const taken = await rejection(caller.users.invite({ email: DEMO.policeManager, displayName: "Dan again", roles: ["manager"] }));
    expect(taken.code).toBe("CONFLICT");
    expect(await h.db.accountInvitation.count()).toBe(0);
  });

  it("never tells an agency administrator whether an address has an account in another agency", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    // An address taken in the council and a fresh one get the same answer...
    const taken = await admin.caller.users.invite({ email: DEMO.councilPractitioner, displayName: "Sam", roles: ["practitioner"] });
    const fresh = await admin.caller.users.invite({ email: "nobody.yet@police.example.org", displayName: "Nobody", roles: ["practitioner"] });
    expect(Object.keys(taken).sort()).toEqual(Object.keys(fresh).sort());
    expect(taken.awaitingApproval).toBe(fresh.awaitingApproval);
    // ...and the taken address's link, once approved, creates nothing: its owner is told at acceptance.
    await (await h.caller(DEMO.policeManager)).caller.users.approveInvitation({ invitationId: taken.invitationId });
    const token = await emailedToken(DEMO.councilPractitioner);
    const refused = await rejection((await h.caller()).caller.invitations.accept({ token, ...PASSWORD }));
    expect(refused.code).toBe("CONFLICT");
    expect(await h.db.user.count({ where: { email: DEMO.councilPractitioner } })).toBe(1);
    // Someone who may see every agency's people is told plainly.
    const systemAdmin = await h.caller(DEMO.systemAdmin);
    expect((await rejection(systemAdmin.caller.users.invite({ email: DEMO.councilPractitioner, displayName: "Sam", roles: ["practitioner"] }))).message).toBe("Someone with that email address already has an account.");
  });

  it("lets a system administrator invite into any agency, including a partnership chair whom a chair then approves", async () => {
    const { caller } = await h.caller(DEMO.systemAdmin);
    const partnership = await agencyId("PARTNERSHIP");
    const invited = await caller.users.invite({ email: "scrutineer@partnership.example.org", displayName: "Sam Scrutineer", roles: ["partnership_chair"], agencyId: partnership });
    expect((await h.db.accountInvitation.findUniqueOrThrow({ where: { id: invited.invitationId } })).agencyId).toBe(partnership);
    expect(invited.awaitingApproval).toBe(true);
    await (await h.caller(DEMO.businessManager)).caller.users.approveInvitation({ invitationId: invited.invitationId });
    expect(await emailedToken("scrutineer@partnership.example.org")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it("is held by the database too: no self-approval, no link before approval, no case access without approval", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const { invitationId } = await admin.caller.users.invite({ email: "held@police.example.org", displayName: "Held", roles: ["practitioner"] });
    const { userId } = admin.actor!;
    await expect(h.db.$executeRaw`UPDATE account_invitation SET approved_by_id = ${userId}::uuid, approved_at = now() WHERE id = ${invitationId}::uuid`).rejects.toThrow();
    await expect(h.db.$executeRaw`UPDATE account_invitation SET token_hash = 'x' WHERE id = ${invitationId}::uuid`).rejects.toThrow();
    await expect(h.db.$executeRaw`UPDATE account_invitation SET approval_required = false WHERE id = ${invitationId}::uuid`).rejects.toThrow();
    const practitionerRole = await h.db.role.findUniqueOrThrow({ where: { name: "practitioner" } });
    await expect(
      h.db.accountInvitation.create({
        data: { email: "sneaky@police.example.org", displayName: "Sneaky", agencyId: admin.actor!.agencyId, tokenHash: "y", approvalRequired: false, expiresAt: h.clock.now(), invitedById: userId, roles: { create: [{ roleId: practitionerRole.id }] } },
      }),
    ).rejects.toThrow();
    expect(await h.db.accountInvitation.count({ where: { email: "sneaky@police.example.org" } })).toBe(0);
  });
});

describe("accepting an invitation", () => {
  it("sets the password, creates the account with its roles and signs the person in, once", async () => {
    const token = await invite({ email: "new.officer@police.example.org", displayName: "New Officer", team: "Public protection unit", roles: ["practitioner", "manager"] });
    const visitor = await h.caller();
    const described = await visitor.caller.invitations.describe({ token });
    expect(described.agencyName).toBe("Northshire Police");
    // A manager must use two-factor sign-in: no session yet, but a pending sign-in that sets up an app first.
    const accepted = await visitor.caller.invitations.accept({ token, ...PASSWORD });
    expect(accepted.next).toBe("/login/set-up");
    expect(visitor.cookies.some((c) => c.startsWith("concord_session="))).toBe(false);
    expect(visitor.cookies.some((c) => c.startsWith("concord_pending=") && !c.startsWith("concord_pending=;"))).toBe(true);
    expect(await h.db.session.count({ where: { user: { email: "new.officer@police.example.org" } } })).toBe(0);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: "new.officer@police.example.org" }, select: { isActive: true, passwordHash: true, team: true, roles: { select: { role: { select: { name: true } } } } } });
    expect(user.isActive).toBe(true);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.team).toBe("Public protection unit");
    expect(user.roles.map((r) => r.role.name).sort()).toEqual(["manager", "practitioner"]);
    const again = await rejection(visitor.caller.invitations.accept({ token, password: "another long password", confirmPassword: "another long password" }));
    expect(again.code).toBe("CONFLICT");
  });

  it("refuses an expired link, a short password and mismatched passwords without creating anyone", async () => {
    const token = await invite({ email: "late@police.example.org", displayName: "Late", roles: ["practitioner"] });
    const visitor = await h.caller();
    expect((await rejection(visitor.caller.invitations.accept({ token, password: "short", confirmPassword: "short" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(visitor.caller.invitations.accept({ token, password: "a long enough password", confirmPassword: "a different password!" }))).code).toBe("BAD_REQUEST");
    h.clock.advance(73 * 3_600_000);
    const expired = await rejection(visitor.caller.invitations.accept({ token, ...PASSWORD }));
    expect(expired.message).toMatch(/expired/);
    expect(await h.db.user.count({ where: { email: "late@police.example.org" } })).toBe(0);
    expect((await rejection(visitor.caller.invitations.describe({ token: "x".repeat(43) }))).code).toBe("NOT_FOUND");
  });

  it("lets exactly one of two simultaneous acceptances win", async () => {
    const token = await invite({ email: "race@police.example.org", displayName: "Race", roles: ["practitioner"] });
    const [a, b] = await Promise.all([h.caller(), h.caller()]);
    const results = await Promise.allSettled([
      a.caller.invitations.accept({ token, password: "first long password", confirmPassword: "first long password" }),
      b.caller.invitations.accept({ token, password: "second long password", confirmPassword: "second long password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await h.db.user.count({ where: { email: "race@police.example.org" } })).toBe(1);
  });

  it("ends the session the browser already held, as signing in does (a colleague's, on a shared PC)", async () => {
    const token = await invite({ email: "shared.pc@police.example.org", displayName: "Shared PC", roles: ["practitioner"] });
    const colleague = await h.caller(DEMO.policePractitioner);
    await colleague.caller.invitations.accept({ token, ...PASSWORD });
    expect(await validateSession(colleague.services, colleague.session!.id)).toBeNull();
    const started = colleague.cookies.find((c) => c.startsWith("concord_session=") && !c.startsWith("concord_session=;"));
    const newSessionId = started!.split(";")[0]!.slice("concord_session=".length);
    expect((await validateSession(colleague.services, newSessionId))?.actor.email).toBe("shared.pc@police.example.org");
  });

  it("20 acceptances at once of different invitations for one email address: one account, the rest a conflict told in words", async () => {
    // Two agencies can each invite the same person (one open invitation per agency and address):
    // here twenty agencies' links are live for one address.
    const [police, inviter, approver] = await Promise.all([agencyId("POLICE"), h.actor(DEMO.policeAdmin), h.actor(DEMO.policeManager)]);
    const practitioner = await h.db.role.findUniqueOrThrow({ where: { name: "practitioner" }, select: { id: true } });
    const tokens = Array.from({ length: 20 }, (_, i) => `same-moment-link-${i}-${"x".repeat(30)}`);
    const agencies = [police];
    for (let i = 1; i < tokens.length; i++) agencies.push((await h.db.agency.create({ data: { name: `Northshire Police unit ${i}`, kind: "POLICE" }, select: { id: true } })).id);
    for (const [i, token] of tokens.entries()) {
      await h.db.accountInvitation.create({
        data: {
          email: "twice@police.example.org", displayName: "Twice", agencyId: agencies[i]!, tokenHash: hashToken(token), approvalRequired: true,
          approvedById: approver.userId, approvedAt: h.clock.now(), expiresAt: new Date(h.clock.now().getTime() + 3_600_000),
          invitedById: inviter.userId, createdAt: h.clock.now(), roles: { create: [{ roleId: practitioner.id }] },
        },
      });
    }
    const visitors = await Promise.all(tokens.map(() => h.caller()));
    const results = await Promise.allSettled(tokens.map((token, i) => visitors[i]!.caller.invitations.accept({ token, ...PASSWORD })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code: string; message: string }] : []));
    expect(refusals.map((e) => e.code)).toEqual(Array(19).fill("CONFLICT"));
    for (const refusal of refusals) expect(refusal.message).not.toMatch(/went wrong|prisma|constraint/i);
    expect(await h.db.user.count({ where: { email: "twice@police.example.org" } })).toBe(1);
    expect(await h.db.accountInvitation.count({ where: { email: "twice@police.example.org", acceptedAt: { not: null } } })).toBe(1);
  });

  it("refuses while sign-in is throttled before changing anything, and the link still works afterwards", async () => {
    const token = await invite({ email: "throttled@police.example.org", displayName: "Throttled", roles: ["practitioner"] });
    await h.db.loginAttempt.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_ADDRESS }, (_, i) => ({ emailKey: `guess${i}@example.org`, ipAddress: "192.0.2.77", succeeded: false, attemptedAt: h.clock.now() })),
    });
    const visitor = await h.caller(undefined, { ipAddress: "192.0.2.77" });
    expect((await rejection(visitor.caller.invitations.accept({ token, ...PASSWORD }))).code).toBe("TOO_MANY_REQUESTS");
    expect(visitor.cookies).toEqual([]);
    expect(await h.db.user.count({ where: { email: "throttled@police.example.org" } })).toBe(0);
    expect((await h.db.accountInvitation.findFirstOrThrow({ where: { email: "throttled@police.example.org" } })).acceptedAt).toBeNull();
    expect(await h.db.auditEvent.count({ where: { action: "user.accept_invitation" } })).toBe(0);

    h.clock.advance(16 * 60_000);
    await visitor.caller.invitations.accept({ token, ...PASSWORD });
    expect(await h.db.user.count({ where: { email: "throttled@police.example.org", isActive: true } })).toBe(1);
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

  it("revokes the open invitations a deactivated person sent, in the same step, each audited", async () => {
    await addUser("deputy.admin@police.example.org", "POLICE", ["agency_admin"]);
    const sentLink = await invite({ email: "linked@police.example.org", displayName: "Linked", roles: ["practitioner"] }, "deputy.admin@police.example.org");
    const deputy = await h.caller("deputy.admin@police.example.org");
    const awaiting = await deputy.caller.users.invite({ email: "awaiting@police.example.org", displayName: "Awaiting", roles: ["practitioner"] });
    const othersLink = await invite({ email: "others@police.example.org", displayName: "Others", roles: ["practitioner"] });

    const admin = await h.caller(DEMO.policeAdmin);
    await admin.caller.users.deactivate({ userId: deputy.actor!.userId });

    const visitor = await h.caller();
    expect((await rejection(visitor.caller.invitations.accept({ token: sentLink, ...PASSWORD }))).code).toBe("NOT_FOUND");
    expect(await h.db.user.count({ where: { email: "linked@police.example.org" } })).toBe(0);
    expect((await rejection(h.caller(DEMO.policeManager).then(({ caller }) => caller.users.approveInvitation({ invitationId: awaiting.invitationId })))).code).toBe("NOT_FOUND");
    const revoked = await h.db.auditEvent.findMany({ where: { action: "user.revoke_invitation" }, select: { entityId: true, actorUserId: true } });
    expect(revoked).toHaveLength(2);
    expect(revoked.every((event) => event.actorUserId === admin.actor!.userId)).toBe(true);
    // An invitation someone else sent still works.
    await visitor.caller.invitations.accept({ token: othersLink, ...PASSWORD });
    expect(await h.db.user.count({ where: { email: "others@police.example.org", isActive: true } })).toBe(1);
  });

  it("refuses another agency's people, one's own account, and non-administrators, changing nothing", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const councilUser = await h.actor(DEMO.councilPractitioner);
    expect((await rejection(admin.caller.users.deactivate({ userId: councilUser.userId }))).code).toBe("NOT_FOUND");
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

  it("refuses an agency administrator the system administrator, and anyone holding a role the administrator lacks", async () => {
    const businessManager = await h.caller(DEMO.businessManager); // chair and agency administrator
    const systemAdmin = await h.actor(DEMO.systemAdmin);
    expect((await rejection(businessManager.caller.users.deactivate({ userId: systemAdmin.userId }))).code).toBe("FORBIDDEN");

    await addUser("office.admin@partnership.example.org", "PARTNERSHIP", ["agency_admin"]);
    const officeAdmin = await h.caller("office.admin@partnership.example.org");
    const chair = await h.actor(DEMO.chair);
    expect((await rejection(officeAdmin.caller.users.deactivate({ userId: chair.userId }))).message).toMatch(/partnership chair/);
    expect((await rejection(officeAdmin.caller.users.deactivate({ userId: businessManager.actor!.userId }))).code).toBe("FORBIDDEN");
    expect(await h.db.user.count({ where: { isActive: false } })).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: "user.deactivate" } })).toBe(0);
  });

  it("never leaves the partnership without an active system administrator, even when two deactivate each other at once", async () => {
    await addUser("second.it@partnership.example.org", "PARTNERSHIP", ["system_admin"]);
    const [robin, second] = await Promise.all([h.caller(DEMO.systemAdmin), h.caller("second.it@partnership.example.org")]);
    const results = await Promise.allSettled([
      robin.caller.users.deactivate({ userId: second.actor!.userId }),
      second.caller.users.deactivate({ userId: robin.actor!.userId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.code).toBe("CONFLICT");
    expect(await h.db.user.count({ where: { isActive: true, roles: { some: { role: { name: "system_admin" } } } } })).toBe(1);
  });
});

describe("reactivating people", () => {
  it("reactivates a deactivated account, audited; the person signs in with their password again", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const target = await h.actor(DEMO.policePractitioner);
    await admin.caller.users.deactivate({ userId: target.userId });
    const row = (await admin.caller.users.list({})).users.find((u) => u.id === target.userId)!;
    expect(row.abilities).toEqual({ deactivate: false, reactivate: true, resetSecondFactor: false });

    await admin.caller.users.reactivate({ userId: target.userId });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: target.userId } })).isActive).toBe(true);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "user.reactivate", entityId: target.userId } });
    expect(audit.actorUserId).toBe(admin.actor!.userId);
    const visitor = await h.caller();
    await visitor.caller.auth.login({ email: DEMO.policePractitioner, password: DEMO_PASSWORD });
    expect((await rejection(admin.caller.users.reactivate({ userId: target.userId }))).code).toBe("CONFLICT");
  });

  it("follows the same rules as deactivation", async () => {
    await addUser("second.it@partnership.example.org", "PARTNERSHIP", ["system_admin"]);
    const second = await h.caller("second.it@partnership.example.org");
    const robin = await h.actor(DEMO.systemAdmin);
    await second.caller.users.deactivate({ userId: robin.userId });

    const businessManager = await h.caller(DEMO.businessManager);
    expect((await rejection(businessManager.caller.users.reactivate({ userId: robin.userId }))).code).toBe("FORBIDDEN");
    const councilPractitioner = await h.actor(DEMO.councilPractitioner);
    await (await h.caller(DEMO.councilAdmin)).caller.users.deactivate({ userId: councilPractitioner.userId });
    const policeAdmin = await h.caller(DEMO.policeAdmin);
    expect((await rejection(policeAdmin.caller.users.reactivate({ userId: councilPractitioner.userId }))).code).toBe("NOT_FOUND");
    const manager = await h.caller(DEMO.councilManager);
    expect((await rejection(manager.caller.users.reactivate({ userId: councilPractitioner.userId }))).code).toBe("FORBIDDEN");
    expect(await h.db.auditEvent.count({ where: { action: "user.reactivate" } })).toBe(0);

    await second.caller.users.reactivate({ userId: robin.userId });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: robin.userId } })).isActive).toBe(true);
  });
});

describe("withdrawing invitations", () => {
  it("stops the link working at once, removes it from the pending list, and is audited", async () => {
    const token = await invite({ email: "changed.mind@police.example.org", displayName: "Changed Mind", roles: ["practitioner"] });
    const admin = await h.caller(DEMO.policeAdmin);
    const pending = (await admin.caller.users.list({})).pendingInvitations.find((i) => i.email === "changed.mind@police.example.org")!;
    expect(pending.abilities.withdraw).toBe(true);
    await admin.caller.users.withdrawInvitation({ invitationId: pending.id });

    expect((await admin.caller.users.list({})).pendingInvitations.map((i) => i.id)).not.toContain(pending.id);
    const visitor = await h.caller();
    expect((await rejection(visitor.caller.invitations.describe({ token }))).code).toBe("NOT_FOUND");
    expect((await rejection(visitor.caller.invitations.accept({ token, ...PASSWORD }))).code).toBe("NOT_FOUND");
    expect(await h.db.user.count({ where: { email: "changed.mind@police.example.org" } })).toBe(0);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "user.revoke_invitation", entityId: pending.id } });
    expect(audit.actorUserId).toBe(admin.actor!.userId);
    expect(audit.detail).toMatchObject({ reason: "withdrawn" });
    // A second withdrawal finds nothing to withdraw.
    expect((await rejection(admin.caller.users.withdrawInvitation({ invitationId: pending.id }))).code).toBe("NOT_FOUND");
  });

  it("withdraws one still awaiting approval, so it can never be approved", async () => {
    const admin = await h.caller(DEMO.policeAdmin);
    const invited = await admin.caller.users.invite({ email: "not.yet@police.example.org", displayName: "Not Yet", roles: ["practitioner"] });
    await admin.caller.users.withdrawInvitation({ invitationId: invited.invitationId });
    const manager = await h.caller(DEMO.policeManager);
    expect((await rejection(manager.caller.users.approveInvitation({ invitationId: invited.invitationId }))).code).toBe("NOT_FOUND");
    expect(await h.db.outboxEmail.count({ where: { toAddress: "not.yet@police.example.org" } })).toBe(0);
  });

  it("refuses another agency's administrator (as if it did not exist), a manager, and a used invitation", async () => {
    const token = await invite({ email: "kept@police.example.org", displayName: "Kept", roles: ["practitioner"] });
    const invitation = await h.db.accountInvitation.findFirstOrThrow({ where: { email: "kept@police.example.org" }, select: { id: true } });
    const councilAdmin = await h.caller(DEMO.councilAdmin);
    expect((await rejection(councilAdmin.caller.users.withdrawInvitation({ invitationId: invitation.id }))).code).toBe("NOT_FOUND");
    const manager = await h.caller(DEMO.policeManager);
    expect((await rejection(manager.caller.users.withdrawInvitation({ invitationId: invitation.id }))).code).toBe("FORBIDDEN");
    await (await h.caller()).caller.invitations.accept({ token, ...PASSWORD });
    const admin = await h.caller(DEMO.policeAdmin);
    expect((await rejection(admin.caller.users.withdrawInvitation({ invitationId: invitation.id }))).message).toMatch(/already been used/);
    expect(await h.db.auditEvent.count({ where: { action: "user.revoke_invitation" } })).toBe(0);
  });
});

describe("one agency's invitations are its own", () => {
  it("inviting an address another agency has invited leaves that agency's invitation open and its link working", async () => {
    const email = "shared.person@example.org";
    const councilToken = await invite({ email, displayName: "Shared Person", roles: ["practitioner"] }, DEMO.councilAdmin, DEMO.councilManager);
    // The police administrator invites the same address into the police.
    await (await h.caller(DEMO.policeAdmin)).caller.users.invite({ email, displayName: "Shared Person", roles: ["practitioner"] });
    const council = await agencyId("CHILDRENS_SOCIAL_CARE");
    const councilInvitation = await h.db.accountInvitation.findFirstOrThrow({ where: { email, agencyId: council }, select: { revokedAt: true } });
    expect(councilInvitation.revokedAt).toBeNull();
    expect(await h.db.auditEvent.count({ where: { action: "user.revoke_invitation" } })).toBe(0);
    await (await h.caller()).caller.invitations.accept({ token: councilToken, ...PASSWORD });
    expect((await h.db.user.findUniqueOrThrow({ where: { email }, select: { agencyId: true } })).agencyId).toBe(council);
  });

  it("a new invitation in the same agency still replaces that agency's earlier one", async () => {
    const email = "again@police.example.org";
    const first = await invite({ email, displayName: "Again", roles: ["practitioner"] });
    await (await h.caller(DEMO.policeAdmin)).caller.users.invite({ email, displayName: "Again", roles: ["practitioner"] });
    expect((await rejection((await h.caller()).caller.invitations.describe({ token: first }))).code).toBe("NOT_FOUND");
  });
});

describe("deactivating oneself", () => {
  it("is refused on the server with a message, even to a system administrator, and changes nothing", async () => {
    for (const email of [DEMO.policeAdmin, DEMO.systemAdmin]) {
      const { caller, actor } = await h.caller(email);
      const refused = await rejection(caller.users.deactivate({ userId: actor!.userId }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.message).toBe("You cannot deactivate your own account.");
      const me = (await caller.users.list({})).users.find((u) => u.id === actor!.userId)!;
      expect(me.abilities.deactivate).toBe(false);
    }
    expect(await h.db.user.count({ where: { isActive: false } })).toBe(0);
  });
});
