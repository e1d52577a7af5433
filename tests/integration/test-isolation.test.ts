// Each test starts from the same reference data: a setting or a bank holiday one test changes
// must not leak into the next (a leaked "3 working days" once made a lateness figure read 0).
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";

const h = useHarness();

describe("reference data between tests", () => {
  it("a test changes the meeting timescale and adds a bank holiday", async () => {
    const admin = await h.caller(DEMO.systemAdmin);
    await admin.caller.meetingSettings.setDueWorkingDays({ days: 3 });
    await admin.caller.settings.addBankHoliday({ date: "2027-03-03", name: "Isolation test day" });
    expect((await h.db.setting.findUnique({ where: { key: "meeting.dueWorkingDays" } }))?.value).toBe(3);
  });

  it("the next test finds them as the migrations left them", async () => {
    expect((await h.db.setting.findUnique({ where: { key: "meeting.dueWorkingDays" } }))?.value ?? 1).toBe(1);
    expect(await h.db.bankHoliday.count({ where: { name: "Isolation test day" } })).toBe(0);
    const [{ working }] = (await h.db.$queryRawUnsafe<{ working: boolean }[]>(`SELECT concord_working_days('2027-03-03T09:00:00Z', '2027-03-04T09:00:00Z') = 1 AS working`)) as [{ working: boolean }];
    expect(working).toBe(true);
  });
});
