// The audit figures (decision 0040) against a fixture worked out by hand. Each figure has an item
// that would change it if the rule behind it were broken: an unmoderated item (judged figures),
// an item one agency did not grade and a round still grading (agreement), a round outside the
// period, a disagreement between agencies on two of the three questions.
import { beforeEach, describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { demoAgencies } from "../support/meetings";
import { auditRound, type Answers } from "../support/audit-figures-fixture";
import { AUDIT_FIGURES_TABLES } from "../../app/components/audit-figures-tables";
import { toCsv } from "../../app/utils/csv";

const h = useHarness();
const YEAR = { from: "2026-04-01", to: "2027-03-31" };
const YES: Answers = [true, true, true];
let ids: { a: string; b: string; c: string; agencies: Awaited<ReturnType<typeof demoAgencies>> };

beforeEach(async () => {
  const ag = await demoAgencies(h);
  const three = [ag.council, ag.police, ag.icb];
  const all = (answers: Answers) => ({ [ag.council]: answers, [ag.police]: answers, [ag.icb]: answers });
  // Round A, closed, three agencies, decisions from September and October 2026:
  //  i1 police NFA: all agree yes; moderated yes, yes, yes.
  //  i2 school NFA: council yes/yes/yes, police no/no/yes, health yes/no/yes (level and outcome differ, rationale agrees); moderated no, no (unsafe closure), yes.
  //  i3 police advice: all yes/yes/no; moderated yes, yes, no.
  //  i4 school strategy discussion: all agree yes; NOT moderated (counts in agreement, not in judged).
  //  i6 police NFA: only council and police graded, and differently; NOT moderated (counts nowhere but sampled).
  const a = await auditRound(h, {
    title: "Autumn closures", periodStart: "2026-09-01", periodEnd: "2026-10-31", state: "CLOSED", agencies: three,
    items: [
      { source: ag.police, outcome: "NO_FURTHER_ACTION", grades: all(YES), agreed: YES },
      { source: ag.riverside, outcome: "NO_FURTHER_ACTION", level: 2, grades: { [ag.council]: YES, [ag.police]: [false, false, true], [ag.icb]: [true, false, true] }, agreed: [false, false, true] },
      { source: ag.police, outcome: "ADVICE_AND_INFORMATION", level: 2, grades: all([true, true, false]), agreed: [true, true, false] },
      { source: ag.riverside, outcome: "STRATEGY_DISCUSSION", level: 4, grades: all(YES) },
      { source: ag.police, outcome: "NO_FURTHER_ACTION", grades: { [ag.council]: YES, [ag.police]: [false, true, true] } },
    ],
  });
  // Round B, still grading (two agencies), November: both graded i5 and disagree; hidden, so not in agreement.
  const b = await auditRound(h, {
    title: "November sample", periodStart: "2026-11-01", periodEnd: "2026-11-15", state: "GRADING", agencies: [ag.council, ag.police],
    items: [{ source: ag.police, outcome: "NO_FURTHER_ACTION", grades: { [ag.council]: YES, [ag.police]: [false, true, true] } }],
  });
  // Round C, closed, decisions from the spring of 2025: outside the reporting year. An unsafe closure every agency agreed on.
  const c = await auditRound(h, {
    title: "Spring 2025", periodStart: "2025-04-01", periodEnd: "2025-06-30", state: "CLOSED", agencies: three,
    items: [{ source: ag.police, outcome: "NO_FURTHER_ACTION", grades: all([false, false, false]), agreed: [false, false, false] }],
  });
  ids = { a: a.roundId, b: b.roundId, c: c.roundId, agencies: ag };
});

describe("audit figures", () => {
  it("over the rounds of a year: judged right, closures judged unsafe and agreement, each with its counts", async () => {
    const { caller } = await h.caller(DEMO.businessManager);
    const f = await caller.figures.audits(YEAR);
    expect(f.rounds).toBe(2); // A and B; C's decisions end before the period
    expect(f.totals).toMatchObject({
      sampled: 6, // A's five and B's one
      moderated: 3, // i1, i2, i3
      levelRight: 2, levelRightPercent: 66.7,
      outcomeSafe: 2, outcomeSafePercent: 66.7,
      judgedRight: 2, judgedRightPercent: 66.7,
      rationaleRecorded: 2, rationaleRecordedPercent: 66.7, // i1, i2
      closures: 3, closuresUnsafe: 1, closuresUnsafePercent: 33.3, // i1, i2 (unsafe), i3
    });
    // Compared: i1-i4 (i6 lacks health's grade; B is still grading). i2 differs on level and outcome.
    expect(f.totals.agreement).toEqual({
      compared: 4,
      levelAgreed: 3, levelAgreedPercent: 75,
      outcomeAgreed: 3, outcomeAgreedPercent: 75,
      rationaleAgreed: 4, rationaleAgreedPercent: 100,
      allAgreed: 3, allAgreedPercent: 75,
    });
  });

  it("per round: a round still grading has no agreement figure and no judged decisions", async () => {
    const { caller } = await h.caller(DEMO.scrutineer);
    const f = await caller.figures.audits(YEAR);
    expect(f.byRound.map((r) => r.title)).toEqual(["November sample", "Autumn closures"]);
    const [b, a] = f.byRound;
    expect(a).toMatchObject({ roundId: ids.a, state: "CLOSED", periodStart: "2026-09-01", periodEnd: "2026-10-31", sampled: 5, moderated: 3, judgedRight: 2, closures: 3, closuresUnsafe: 1 });
    expect(a!.agreement).toMatchObject({ compared: 4, allAgreed: 3, allAgreedPercent: 75 });
    expect(b).toMatchObject({ roundId: ids.b, state: "GRADING", sampled: 1, moderated: 0, judgedRightPercent: null, closuresUnsafePercent: null });
    expect(b!.agreement).toMatchObject({ compared: 0, allAgreedPercent: null });
  });

  it("by outcome and by source agency, moderated decisions only", async () => {
    const { caller } = await h.caller(DEMO.chair);
    const f = await caller.figures.audits(YEAR);
    expect(f.byOutcome).toEqual([
      expect.objectContaining({ outcome: "NO_FURTHER_ACTION", moderated: 2, levelRight: 1, outcomeSafe: 1, judgedRight: 1, judgedRightPercent: 50 }),
      expect.objectContaining({ outcome: "ADVICE_AND_INFORMATION", moderated: 1, levelRight: 1, outcomeSafe: 1, judgedRight: 1, rationaleRecorded: 0 }),
    ]);
    const byAgency = Object.fromEntries(f.bySourceAgency.map((r) => [r.agencyId, r]));
    expect(Object.keys(byAgency).sort()).toEqual([ids.agencies.police, ids.agencies.riverside].sort());
    expect(byAgency[ids.agencies.police]).toMatchObject({ moderated: 2, judgedRight: 2, judgedRightPercent: 100 });
    expect(byAgency[ids.agencies.riverside]).toMatchObject({ moderated: 1, judgedRight: 0, judgedRightPercent: 0 });
  });

  it("one round, and a period of its own: the earlier round's unsafe closure counts there", async () => {
    const { caller } = await h.caller(DEMO.businessManager);
    const c = await caller.figures.audits({ from: "2025-01-01", to: "2025-12-31" });
    expect(c.rounds).toBe(1);
    expect(c.totals).toMatchObject({ moderated: 1, judgedRight: 0, closures: 1, closuresUnsafe: 1, closuresUnsafePercent: 100 });
    expect(c.totals.agreement).toMatchObject({ compared: 1, allAgreed: 1 });
    const a = await caller.figures.audits({ ...YEAR, roundId: ids.a });
    expect(a.rounds).toBe(1);
    expect(a.totals).toMatchObject({ sampled: 5, moderated: 3 });
  });

  it("no rounds in the period: zero rounds and no percentage, never 100% by construction", async () => {
    const { caller } = await h.caller(DEMO.scrutineer);
    const f = await caller.figures.audits({ from: "2024-01-01", to: "2024-12-31" });
    expect(f.rounds).toBe(0);
    expect(f.byRound).toEqual([]);
    expect(f.totals).toMatchObject({ sampled: 0, moderated: 0, judgedRightPercent: null, levelRightPercent: null, closuresUnsafePercent: null });
    expect(f.totals.agreement).toMatchObject({ compared: 0, allAgreedPercent: null });
  });

  it("the page's tables and their CSV carry the same figures, a round still grading saying so", async () => {
    const { caller } = await h.caller(DEMO.scrutineer);
    const f = await caller.figures.audits(YEAR);
    const table = (id: string) => AUDIT_FIGURES_TABLES.find((t) => t.id === id)!;
    const rounds = table("audit-rounds");
    const csv = toCsv(rounds.columns, rounds.rows(f)).trim().split("\r\n");
    expect(csv[0]).toContain("Agencies agreed on all three");
    expect(csv[1]).toBe("November sample,Grading,1 November 2026 to 15 November 2026,1,0,0,,0,,0,,0,0,,still grading,still grading,");
    expect(csv[2]).toBe("Autumn closures,Closed,1 September 2026 to 31 October 2026,5,3,2,66.7,2,66.7,2,66.7,3,1,33.3,4,3,75");
    expect(table("audit-agreement").rows(f).map((r) => [r.agreed, r.compared])).toEqual([[3, 4], [3, 4], [4, 4], [3, 4]]);
  });

  it("is the partnership's: agency managers and auditors are refused; a period back to front is told", async () => {
    for (const who of [DEMO.councilManager, DEMO.policeManager, DEMO.councilAuditor, DEMO.councilPractitioner]) {
      const { caller } = await h.caller(who);
      expect((await rejection(caller.figures.audits(YEAR))).code).toBe("FORBIDDEN");
    }
    const { caller } = await h.caller(DEMO.chair);
    const error = await rejection(caller.figures.audits({ from: "2026-05-01", to: "2026-04-01" }));
    expect(error.code).toBe("BAD_REQUEST");
  });
});
