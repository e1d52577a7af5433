// The yearly report pack (issue 17 item 7, decision 0040): its numbers are the dashboard's and the
// audit figures' for the same period (reused, not recounted), and its learning actions are counted
// against a fixture worked out by hand.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { demoAgencies } from "../support/meetings";
import { auditRound, decidedContact, learningAction, type Answers } from "../support/audit-figures-fixture";
import { reportPeriod } from "../../server/domain/report/yearly";

const h = useHarness();
const YEAR_2026 = { from: "2026-04-01", to: "2027-03-31" };

async function fixture() {
  const a = await demoAgencies(h);
  const yes: Answers = [true, true, true];
  // Decided contacts in the year (and one before it), an audit round in it, learning actions.
  await decidedContact(h, { source: a.police, outcome: "NO_FURTHER_ACTION", level: 1, decidedAt: "2026-06-10T10:00:00Z" });
  await decidedContact(h, { source: a.riverside, outcome: "STRATEGY_DISCUSSION", level: 4, decidedAt: "2026-09-15T10:00:00Z" });
  await decidedContact(h, { source: a.police, outcome: "ADVICE_AND_INFORMATION", level: 2, decidedAt: "2026-02-10T10:00:00Z" });
  await auditRound(h, { title: "Autumn closures", periodStart: "2026-09-01", periodEnd: "2026-10-31", state: "CLOSED", agencies: [a.council, a.police], items: [
    { source: a.police, outcome: "NO_FURTHER_ACTION", grades: { [a.council]: yes, [a.police]: [false, true, true] }, agreed: [false, true, true] },
    { source: a.riverside, outcome: "NO_FURTHER_ACTION", grades: { [a.council]: yes, [a.police]: yes }, agreed: yes },
  ] });
  // In the year: police — one completed by its due date, one open and overdue (due 20 Nov; today 23 Nov);
  // council — one completed late, one open and not yet due. Before the year: one (not counted).
  await learningAction(h, { title: "Threshold training for response officers", owningAgencyId: a.police, dueOn: "2026-10-31", createdAt: "2026-05-01T10:00:00Z", completedAt: "2026-10-30T10:00:00Z" });
  await learningAction(h, { title: "Share the closure checklist with custody", owningAgencyId: a.police, dueOn: "2026-11-20", createdAt: "2026-09-01T10:00:00Z" });
  await learningAction(h, { title: "Closure letters name the lead professional", owningAgencyId: a.council, dueOn: "2026-09-30", createdAt: "2026-06-01T10:00:00Z", completedAt: "2026-10-05T10:00:00Z" });
  await learningAction(h, { title: "Audit the step-down template", owningAgencyId: a.council, dueOn: "2027-01-31", createdAt: "2026-11-02T10:00:00Z" });
  await learningAction(h, { title: "Last year's action", owningAgencyId: a.council, dueOn: "2026-05-31", createdAt: "2026-03-01T10:00:00Z" });
  return a;
}

describe("the yearly report", () => {
  it("has the dashboard's and the audit figures' numbers for the same period, and learning actions counted by hand", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const a = await fixture();
    const { caller } = await h.caller(DEMO.scrutineer);
    const report = await caller.report.yearly({ year: 2026 });
    expect(report.period).toEqual({ ...YEAR_2026, year: 2026 });
    expect(report.figures).toEqual(await caller.figures.partnership(YEAR_2026));
    expect(report.audit).toEqual(await caller.figures.audits(YEAR_2026));
    // The fixture shows in both: four decided contacts in the year (two of them sampled by the round), one round with two moderated decisions.
    expect(report.figures.thresholds.decided).toBe(4);
    expect(report.audit).toMatchObject({ rounds: 1, totals: { moderated: 2, judgedRight: 1, agreement: { compared: 2, allAgreed: 1 } } });
    expect(report.learningActions).toMatchObject({ set: 4, completed: 2, completedPercent: 50, completedInTime: 1, open: 2, overdue: 1 });
    const byAgency = Object.fromEntries(report.learningActions.byAgency.map((r) => [r.agencyId, r]));
    expect(Object.keys(byAgency).sort()).toEqual([a.council, a.police].sort());
    expect(byAgency[a.police]).toMatchObject({ set: 2, completed: 1, completedInTime: 1, open: 1, overdue: 1 });
    expect(byAgency[a.council]).toMatchObject({ set: 2, completed: 1, completedInTime: 0, open: 1, overdue: 0 });
  });

  it("a chosen period is the same as the figures' for that period; the chair and business manager read it too", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    await fixture();
    for (const who of [DEMO.chair, DEMO.businessManager]) {
      const { caller } = await h.caller(who);
      const period = { from: "2026-01-01", to: "2026-06-30" };
      const report = await caller.report.yearly(period);
      expect(report.period).toEqual({ ...period, year: null });
      expect(report.figures).toEqual(await caller.figures.partnership(period));
      expect(report.audit).toEqual(await caller.figures.audits(period));
      expect(report.figures.thresholds.decided).toBe(2);
      expect(report.audit.rounds).toBe(0);
      expect(report.learningActions).toMatchObject({ set: 3 }); // set on 1 March, 1 May and 1 June
    }
  });

  it("the reporting year runs from 1 April; without one, the year holding today", () => {
    const parse = (input: object) => ({ year: undefined, from: undefined, to: undefined, ...input });
    expect(reportPeriod(parse({}), new Date("2026-11-23T09:00:00Z"))).toEqual({ ...YEAR_2026, year: 2026 });
    // London days: 11:30pm on 31 March (BST) is still the old year; half past midnight on 1 April the new.
    expect(reportPeriod(parse({}), new Date("2027-03-31T22:30:00Z"))).toEqual({ ...YEAR_2026, year: 2026 });
    expect(reportPeriod(parse({}), new Date("2027-03-31T23:30:00Z"))).toEqual({ from: "2027-04-01", to: "2028-03-31", year: 2027 });
    expect(reportPeriod(parse({}), new Date("2027-03-30T12:00:00Z"))).toEqual({ ...YEAR_2026, year: 2026 });
    expect(reportPeriod(parse({ year: 2025 }), new Date("2026-11-23T09:00:00Z"))).toEqual({ from: "2025-04-01", to: "2026-03-31", year: 2025 });
  });

  it("is refused to agency managers and practitioners; a year that cannot be read is told", async () => {
    for (const who of [DEMO.councilManager, DEMO.policeManager, DEMO.councilAuditor, DEMO.schoolDsl]) {
      const { caller } = await h.caller(who);
      expect((await rejection(caller.report.yearly({ year: 2026 }))).code).toBe("FORBIDDEN");
    }
    const { caller } = await h.caller(DEMO.chair);
    const error = await rejection(caller.report.yearly({ year: "twenty" as never }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Enter the year as 4 digits");
  });
});
