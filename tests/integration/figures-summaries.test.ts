// The dashboard's maintained summaries (figure_count, docs/decisions/0031) against the same
// figures computed straight from the raw tables, on generated activity: for random periods and
// agencies, and again after the changes people make through the doors (answers changed,
// attendance, minutes circulated, disagreements resolved) and behind them (SQL).
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { conveneDemoMeeting } from "../support/meetings";
import { schoolDisputesNfa } from "../support/disagreements";
import { generateActivity } from "../../server/db/generate-activity";
import { bucketRanges, partnershipFigures, partnershipFiguresFromRawTables, type FiguresInput } from "../../server/domain/figures/figures";
import { joinMeeting } from "../../server/domain/meetings/room";
import { addCalendarDays } from "../../server/domain/calendar/working-days";

const h = useHarness();
// Each test generates activity and compares dozens of dashboards: give it time on a busy machine.
const SORTS = ["agencyName", "invited", "attended", "attendanceRate", "noResponse"] as const;

/** A small deterministic generator, so a failure names inputs that can be run again. */
function randomFrom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function generate(years = 3) {
  await generateActivity(h.db, { years, meetings: 90 * years, contacts: 160 * years, disagreements: 16 * years, extraSchools: 2, extraHealth: 1, until: h.clock.now(), seed: 0.21 });
}

/** Periods that cross years and months, single days, today, the future, and random ones. */
async function inputs(seed: number, count: number): Promise<FiguresInput[]> {
  const random = randomFrom(seed);
  const agencies = (await h.db.agency.findMany({ where: { kind: { not: "PARTNERSHIP" } }, select: { id: true }, orderBy: { name: "asc" } })).map((a) => a.id);
  const today = h.clock.now().toISOString().slice(0, 10);
  const fixed: FiguresInput[] = [
    {},
    { from: "2022-06-15", to: addCalendarDays(today, 60) },
    { from: "2024-01-01", to: "2025-12-31" },
    { from: today, to: today },
    { from: addCalendarDays(today, -40), to: addCalendarDays(today, 3) },
  ];
  const random_: FiguresInput[] = Array.from({ length: count }, () => {
    const from = addCalendarDays(today, -Math.floor(random() * 1300));
    const to = addCalendarDays(from, Math.floor(random() * 900));
    const pick = random();
    return {
      from,
      to,
      agencyId: pick < 0.5 ? agencies[Math.floor(random() * agencies.length)] : undefined,
      sort: SORTS[Math.floor(random() * SORTS.length)],
      dir: random() < 0.5 ? "asc" : "desc",
    };
  });
  return [...fixed, ...random_];
}

async function expectSummariesToMatchRawTables(seed: number, count = 8) {
  const { services } = h.services();
  const chair = await h.actor(DEMO.chair);
  for (const input of await inputs(seed, count)) {
    const summed = await partnershipFigures(services, chair, input);
    const raw = await partnershipFiguresFromRawTables(services, chair, input);
    expect(summed, JSON.stringify(input)).toEqual(raw);
  }
}

describe("the dashboard's maintained summaries", () => {
  it("split a period into whole years, months and days", () => {
    expect(bucketRanges("2016-11-01", "2026-11-01")).toEqual([
      { grain: "m", from: "2016-11-01", to: "2017-01-01" },
      { grain: "y", from: "2017-01-01", to: "2026-01-01" },
      { grain: "m", from: "2026-01-01", to: "2026-11-01" },
    ]);
    expect(bucketRanges("2016-11-15", "2018-02-03")).toEqual([
      { grain: "d", from: "2016-11-15", to: "2016-12-01" },
      { grain: "m", from: "2016-12-01", to: "2017-01-01" },
      { grain: "y", from: "2017-01-01", to: "2018-01-01" },
      { grain: "m", from: "2018-01-01", to: "2018-02-01" },
      { grain: "d", from: "2018-02-01", to: "2018-02-03" },
    ]);
    expect(bucketRanges("2026-11-03", "2026-11-04")).toEqual([{ grain: "d", from: "2026-11-03", to: "2026-11-04" }]);
    expect(bucketRanges("2026-12-20", "2027-01-10")).toEqual([{ grain: "d", from: "2026-12-20", to: "2027-01-10" }]);
    expect(bucketRanges("2026-11-05", "2026-11-05")).toEqual([]);
    // The months of a trend never merge into years.
    expect(bucketRanges("2024-01-01", "2026-01-01", "m")).toEqual([{ grain: "m", from: "2024-01-01", to: "2026-01-01" }]);
  });

  it("give exactly the raw tables' figures on generated activity, for random periods and agencies", { timeout: 180_000 }, async () => {
    await generate();
    const { services } = h.services();
    const everything = await partnershipFigures(services, await h.actor(DEMO.chair), { from: "2023-01-01", to: "2026-12-31" });
    // Not an empty comparison: every kind of figure has something in it.
    expect(everything.attendance.partnership.invited).toBeGreaterThan(500);
    expect(everything.attendance.allCorePresent.withAllCore).toBeGreaterThan(0);
    expect(everything.timeliness.contactsDecided).toBeGreaterThan(100);
    expect(everything.thresholds.closuresDisputed).toBeGreaterThan(0);
    expect(everything.disagreements.workingDaysPerStage.length).toBeGreaterThan(1);
    expect(everything.disagreements.stageTimersBreached.length).toBeGreaterThan(0);
    expect(everything.disagreements.themes.length).toBeGreaterThan(0);
    await expectSummariesToMatchRawTables(1);
  });

  it("stay equal after answers change, people attend, minutes go out and disagreements are resolved, through the doors and in SQL", { timeout: 180_000 }, async () => {
    await generate(2);
    await expectSummariesToMatchRawTables(2, 3); // the summaries are now built and in use

    // Through the doors: a meeting convened, answered, answered again, attended, held, minuted.
    const { meetingId, agencies } = await conveneDemoMeeting(h);
    const police = await h.caller(DEMO.policePractitioner);
    const school = await h.caller(DEMO.schoolDsl);
    await police.caller.meetings.respond({ meetingId, kind: "ATTENDING", attendeeName: "DC O'Brien" });
    await school.caller.meetings.respond({ meetingId, kind: "WRITTEN_CONTRIBUTION", contribution: "Attendance has dropped this term." });
    await police.caller.meetings.respond({ meetingId, kind: "APOLOGIES", reason: "Called to an incident." });
    const chair = await h.caller(DEMO.councilManager);
    h.clock.set("2026-11-23T14:00:00Z");
    await chair.caller.meetings.start({ meetingId });
    await joinMeeting(police.services, police.actor!, { meetingId }, { connectionId: "police-laptop" });
    await chair.caller.meetings.markPresent({ meetingId, agencyId: agencies.icb, name: "Grace Owen (phone)" });
    await chair.caller.meetings.recordDecision({ meetingId, kind: "S17_ASSESSMENT", reason: "Needs assessment." });
    h.clock.set("2026-11-23T15:00:00Z");
    await chair.caller.meetings.end({ meetingId });
    await expectSummariesToMatchRawTables(3, 3);
    // Two working days later the minutes are overdue (the time-dependent part), then they go out.
    h.clock.set("2026-11-25T17:00:00Z");
    await expectSummariesToMatchRawTables(4, 3);
    await chair.caller.meetings.draftMinutes({ meetingId, minutes: "Agreed a child-in-need assessment." });
    await chair.caller.meetings.approveMinutes({ meetingId });

    // A closure disputed and withdrawn (resolved), on a contact decided today.
    const { disagreementId } = await schoolDisputesNfa(h, { at: "2026-11-25T18:00:00Z" });
    const disputing = await h.caller(DEMO.schoolDsl);
    const { version } = await h.db.disagreement.findUniqueOrThrow({ where: { id: disagreementId }, select: { version: true } });
    await disputing.caller.disagreements.withdraw({ disagreementId, expectedVersion: version, statement: "New information from the GP resolves our concern." });
    await expectSummariesToMatchRawTables(5, 3);

    // Behind the doors, on history years old: an answer changed, attendance removed, minutes
    // circulated again later, a disagreement resolved, a decision's level changed, a meeting moved.
    await h.db.$executeRawUnsafe(`UPDATE meeting_invitation SET current_response = 'DELEGATE' WHERE id IN (SELECT id FROM meeting_invitation WHERE current_response = 'APOLOGIES' ORDER BY id LIMIT 5)`);
    await h.db.$executeRawUnsafe(`UPDATE meeting_invitation SET attended_at = NULL WHERE id IN (SELECT id FROM meeting_invitation WHERE attended_at IS NOT NULL ORDER BY id LIMIT 5)`);
    await h.db.$executeRawUnsafe(`DELETE FROM meeting_attendance WHERE id IN (SELECT id FROM meeting_attendance ORDER BY id LIMIT 7)`);
    await h.db.$executeRawUnsafe(`UPDATE strategy_meeting SET minutes_circulated_at = minutes_circulated_at + interval '3 days' WHERE id IN (SELECT id FROM strategy_meeting WHERE minutes_circulated_at IS NOT NULL ORDER BY id LIMIT 5)`);
    await h.db.$executeRawUnsafe(`UPDATE strategy_meeting SET scheduled_start = scheduled_start - interval '40 days' WHERE id IN (SELECT id FROM strategy_meeting ORDER BY id LIMIT 3)`);
    await h.db.$executeRawUnsafe(
      `UPDATE disagreement SET status = 'RESOLVED', outcome = 'WITHDRAWN', resolution = 'WITHDRAWN', outcome_statement = 'Withdrawn', resolved_at = raised_at + interval '5 days', resolved_by_id = raised_by_id, resolved_by_agency_id = raising_agency_id WHERE id IN (SELECT id FROM disagreement WHERE status = 'OPEN' ORDER BY id LIMIT 3)`,
    );
    await h.db.$executeRawUnsafe(`UPDATE threshold_decision SET level_applied = 4 WHERE id IN (SELECT current_decision_id FROM contact WHERE current_decision_id IS NOT NULL ORDER BY id LIMIT 5)`);
    await h.db.$executeRawUnsafe(`DELETE FROM disagreement_theme WHERE disagreement_id IN (SELECT disagreement_id FROM disagreement_theme ORDER BY disagreement_id LIMIT 3)`);
    await expectSummariesToMatchRawTables(6, 6);

    // A bank holiday changes working days everywhere: the summaries follow the calendar.
    await h.db.$executeRawUnsafe(`INSERT INTO bank_holiday (date, name) VALUES ('2025-06-02', 'A test holiday') ON CONFLICT DO NOTHING`);
    await h.db.$executeRawUnsafe(`SELECT concord_rebuild_calendar()`);
    await expectSummariesToMatchRawTables(7, 3);
  });

  it("would show a change the triggers did not see (the comparison can fail)", { timeout: 180_000 }, async () => {
    await generate(1);
    await expectSummariesToMatchRawTables(8, 1);
    const { services } = h.services();
    const chair = await h.actor(DEMO.chair);
    const year = { from: "2025-11-01", to: "2026-11-30" };
    await h.db.$executeRawUnsafe(`ALTER TABLE meeting_invitation DISABLE TRIGGER meeting_invitation_figures_update`);
    try {
      await h.db.$executeRawUnsafe(`UPDATE meeting_invitation SET current_response = 'WRITTEN_CONTRIBUTION' WHERE id IN (SELECT id FROM meeting_invitation WHERE current_response = 'ATTENDING' ORDER BY id LIMIT 3)`);
    } finally {
      await h.db.$executeRawUnsafe(`ALTER TABLE meeting_invitation ENABLE TRIGGER meeting_invitation_figures_update`);
    }
    const raw = await partnershipFiguresFromRawTables(services, chair, year);
    expect(await partnershipFigures(services, chair, year)).not.toEqual(raw);
    // Marking the days (as the trigger would have) brings the summaries back in step.
    await h.db.$executeRawUnsafe(`INSERT INTO figure_stale_day (day) VALUES (NULL)`);
    expect(await partnershipFigures(services, chair, year)).toEqual(raw);
  });
});
