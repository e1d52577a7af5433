// The database's working-day count (used by the figures) agrees with the domain's, and follows
// the bank holiday list when an administrator changes it.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { workingDaysBetween } from "../../server/domain/calendar/working-days";
import { loadBankHolidays } from "../../server/domain/calendar/bank-holidays";

const h = useHarness();
const sqlDays = async (from: Date, to: Date) => (await h.db.$queryRaw<{ n: number }[]>`SELECT concord_working_days(${from}, ${to})::int AS n`)[0]!.n;

describe("concord_working_days", () => {
  it("matches workingDaysBetween across weekends, holidays, year ends and the clock change", async () => {
    const holidays = await loadBankHolidays(h.db);
    const starts = ["2026-03-27T10:00:00Z", "2026-04-02T23:30:00Z", "2026-12-23T09:00:00Z", "2027-12-24T16:00:00Z", "2026-11-21T10:00:00Z", "2026-06-30T23:30:00Z"];
    for (const start of starts) {
      for (const days of [0, 1, 2, 5, 9, 20]) {
        const from = new Date(start);
        const to = new Date(from.getTime() + days * 86_400_000 + 3_600_000);
        expect(await sqlDays(from, to), `${start} + ${days} days`).toBe(Math.max(0, workingDaysBetween(from, to, holidays)));
      }
    }
  });

  it("follows a bank holiday added by an administrator", async () => {
    const from = new Date("2026-11-20T10:00:00Z"); // Friday
    const to = new Date("2026-11-24T10:00:00Z"); // Tuesday: Mon and Tue are working days
    expect(await sqlDays(from, to)).toBe(2);
    const admin = await h.caller(DEMO.systemAdmin);
    await admin.caller.settings.addBankHoliday({ date: "2026-11-23", name: "Extra day" });
    expect(await sqlDays(from, to)).toBe(1);
    await admin.caller.settings.removeBankHoliday({ date: "2026-11-23" });
    expect(await sqlDays(from, to)).toBe(2);
  });
});
