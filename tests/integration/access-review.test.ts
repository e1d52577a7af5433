// The access review and the suspension of unused accounts (issue 16, item 5; decision 0036).
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { startSession } from "../../server/domain/auth/sessions";
import { suspendUnusedAccounts } from "../../server/domain/users/access-review";
import { runScheduledRetention } from "../../server/domain/retention/retention";

const h = useHarness();
const DAY = 86_400_000;

async function home(email: string, role: "manager" | "agency_admin") {
  const { caller } = await h.caller(email);
  const page = await caller.home.forRole({ role });
  return page.sections.find((s) => s.key === "accessReviewDue");
}

async function policeAgencyId() {
  return (await h.actor(DEMO.policeManager)).agencyId;
}

describe("the access review", () => {
  it("shows as due on the manager's and the administrator's home once the interval has passed, and is recorded person by person", async () => {
    const agencyId = await policeAgencyId();
    // The demo's review was made when the partnership went live; make it 91 days old.
    await h.db.accessReview.updateMany({ where: { agencyId }, data: { reviewedAt: new Date(h.clock.now().getTime() - 91 * DAY) } });
    const due = await home(DEMO.policeManager, "manager");
    expect(due).toMatchObject({ title: "Access review due", count: 1, items: [{ href: "/admin/access-review", overdue: true }] });
    expect((await home(DEMO.policeAdmin, "agency_admin"))?.count).toBe(1);
    // The council's review is not overdue: its manager sees nothing to do.
    await h.db.accessReview.updateMany({ where: { agency: { name: { contains: "Council" } } }, data: { reviewedAt: h.clock.now() } });
    expect((await home(DEMO.councilManager, "manager"))?.count).toBe(0);

    const { caller: dan } = await h.caller(DEMO.policeManager);
    const view = await dan.accessReview.view();
    expect(view).toMatchObject({ due: true, reviewDays: 90 });
    const pat = view.people.find((p) => p.email === DEMO.policePractitioner)!;
    expect(view.people.map((p) => p.email).sort()).toEqual([DEMO.policeManager, DEMO.policePractitioner, DEMO.policeAdmin, DEMO.policeAuditor].sort());
    expect(view.people.find((p) => p.self)!.abilities.deactivate).toBe(false);
    expect(pat.abilities.deactivate).toBe(true);

    // Everyone must be answered: a missing answer is refused, and nothing changes.
    const others = view.people.filter((p) => p.id !== pat.id);
    const missing = await rejection(dan.accessReview.record({ decisions: others.map((p) => ({ userId: p.id, decision: "CONFIRM" as const })) }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.message).toBe("Choose whether Pat O'Brien still needs access");
    expect(await h.db.accessReview.count({ where: { agencyId } })).toBe(1);

    const patSession = await startSession(h.services().services, pat.id);
    const result = await dan.accessReview.record({ decisions: [...others.map((p) => ({ userId: p.id, decision: "CONFIRM" as const })), { userId: pat.id, decision: "DEACTIVATE" }] });
    expect(result).toMatchObject({ confirmed: 3, deactivated: 1 });
    expect(await h.db.user.findUniqueOrThrow({ where: { id: pat.id }, select: { isActive: true, deactivationReason: true } })).toEqual({ isActive: false, deactivationReason: "Access review: no longer needs access" });
    expect(await h.db.session.count({ where: { id: patSession.session.id } })).toBe(0);
    const audited = await h.db.auditEvent.findMany({ where: { action: { startsWith: "access_review." } }, select: { action: true, entityId: true } });
    expect(audited.map((a) => a.action).sort()).toEqual(["access_review.confirm", "access_review.confirm", "access_review.confirm", "access_review.deactivate", "access_review.record"]);
    expect((await home(DEMO.policeManager, "manager"))?.count).toBe(0);
  });

  it("refuses someone outside the agency's managers and administrators, and a review of people the page did not show", async () => {
    const { caller: pat } = await h.caller(DEMO.policePractitioner);
    expect((await rejection(pat.accessReview.view())).code).toBe("FORBIDDEN");
    const { caller: dan } = await h.caller(DEMO.policeManager);
    const maria = await h.actor(DEMO.councilManager);
    const view = await dan.accessReview.view();
    const error = await rejection(dan.accessReview.record({ decisions: [...view.people.map((p) => ({ userId: p.id, decision: "CONFIRM" as const })), { userId: maria.userId, decision: "DEACTIVATE" }] }));
    expect(error.code).toBe("CONFLICT");
    expect(await h.db.user.count({ where: { id: maria.userId, isActive: true } })).toBe(1);
  });

  it("keeps its interval and the unused-account time as settings, validated", async () => {
    const { caller } = await h.caller(DEMO.systemAdmin);
    expect(await caller.accessReview.settings()).toEqual({ reviewDays: 90, unusedDays: 90 });
    expect((await rejection(caller.accessReview.setSettings({ reviewDays: 500, unusedDays: 90 }))).message).toContain("at least once a year");
    await caller.accessReview.setSettings({ reviewDays: 30, unusedDays: 60 });
    expect(await caller.accessReview.settings()).toEqual({ reviewDays: 30, unusedDays: 60 });
  });
});

describe("unused accounts", () => {
  it("are suspended by the scheduled job: deactivated with a reason, sessions ended, audited; recent users and the last system administrator stay", async () => {
    const now = h.clock.now().getTime();
    await h.db.user.updateMany({ data: { createdAt: new Date(now - 400 * DAY) } });
    const pat = await h.actor(DEMO.policePractitioner);
    const dan = await h.actor(DEMO.policeManager);
    const robin = await h.actor(DEMO.systemAdmin);
    // Pat last used Concord 100 days ago (his session is still in the table); Dan signed in last week.
    h.clock.set(new Date(now - 100 * DAY).toISOString());
    const patSession = await startSession(h.services().services, pat.userId);
    h.clock.set(new Date(now).toISOString());
    await h.db.auditEvent.create({ data: { occurredAt: new Date(now - 7 * DAY), action: "auth.login", entityType: "session", entityId: dan.userId, actorUserId: dan.userId, actorAgencyId: dan.agencyId } });

    const { suspendedAccounts } = await runScheduledRetention(h.services().services);
    const state = async (id: string) => h.db.user.findUniqueOrThrow({ where: { id }, select: { isActive: true, deactivationReason: true } });
    expect(await state(pat.userId)).toEqual({ isActive: false, deactivationReason: "Suspended automatically: no sign-in for 90 days" });
    expect(await h.db.session.count({ where: { id: patSession.session.id } })).toBe(0);
    expect((await state(dan.userId)).isActive).toBe(true);
    // Robin is the only system administrator: never suspended, or nobody could run Concord.
    expect((await state(robin.userId)).isActive).toBe(true);
    const audited = await h.db.auditEvent.findMany({ where: { action: "user.suspend_unused" }, select: { entityId: true, actorUserId: true, detail: true } });
    expect(audited.length).toBe(suspendedAccounts);
    expect(audited).toContainEqual({ entityId: pat.userId, actorUserId: null, detail: expect.objectContaining({ unusedDays: 90 }) });
    // Nothing more to do on the next run.
    expect((await suspendUnusedAccounts(h.services().services)).suspended).toEqual([]);
  });

  it("spares an account reactivated since", async () => {
    const now = h.clock.now().getTime();
    await h.db.user.updateMany({ data: { createdAt: new Date(now - 400 * DAY) } });
    const pat = await h.actor(DEMO.policePractitioner);
    await h.db.auditEvent.create({ data: { occurredAt: new Date(now - DAY), action: "user.reactivate", entityType: "user", entityId: pat.userId } });
    await suspendUnusedAccounts(h.services().services);
    expect((await h.db.user.findUniqueOrThrow({ where: { id: pat.userId }, select: { isActive: true } })).isActive).toBe(true);
  });
});
