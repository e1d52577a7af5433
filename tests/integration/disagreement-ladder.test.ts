// The ladder each partnership sets: versions of 3 to 6 stages edited in Settings, pinned per
// disagreement; starting higher when a child may be at risk; urgent clocks that end with the
// working day (after a cut-off, the next one), never at midnight and never halved.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { schoolDisputesNfa, versionOf } from "../support/disagreements";
import type { LadderInput } from "../../server/domain/disagreements/schemas";
import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

/** The message a person reads for a refused input (the form shows the first field's message). */
const firstMessage = (error: TRPCError) => (error.cause instanceof ZodError ? error.cause.issues[0]!.message : error.message);

const h = useHarness();

const FIVE_STAGES: LadderInput = {
  urgentCutoff: "15:00",
  workingDayEnd: "17:30",
  stages: [
    { label: "Acknowledge and talk", raisingActor: "PRACTITIONER", receivingActor: "PRACTITIONER", workingDays: 1, urgentWorkingDays: 0 },
    { label: "Plan agreed", raisingActor: "PRACTITIONER", receivingActor: "MANAGER", workingDays: 2, urgentWorkingDays: 0 },
    { label: "Managers", raisingActor: "DESIGNATED_LEAD", receivingActor: "MANAGER", workingDays: 5, urgentWorkingDays: 1 },
    { label: "Senior managers", raisingActor: "SENIOR_MANAGER", receivingActor: "SENIOR_MANAGER", workingDays: 5, urgentWorkingDays: 1 },
    { label: "Independently chaired meeting", raisingActor: "PARTNERSHIP", receivingActor: "PARTNERSHIP", workingDays: 10, urgentWorkingDays: 2 },
  ],
};

async function saveLadder(input: LadderInput) {
  return (await h.caller(DEMO.systemAdmin)).caller.disagreements.saveLadder(input);
}

describe("the ladder in Settings", () => {
  it("a 5-stage ladder: a disagreement climbs all five, on each stage's timescale, and only the last lets the partnership determine", async () => {
    expect(await saveLadder(FIVE_STAGES)).toEqual({ version: 2, moved: 0 });
    const ladder = await (await h.caller(DEMO.schoolDsl)).caller.disagreements.ladder();
    expect(ladder.stages.map((s) => s.label)).toEqual(FIVE_STAGES.stages.map((s) => s.label));

    const { disagreementId, school } = await schoolDisputesNfa(h);
    const chair = await h.caller(DEMO.chair);
    const head = await h.caller(DEMO.headTeacher);
    expect((await school.caller.disagreements.get({ disagreementId })).ladderVersion).toBe(2);
    const climbers = [school, school, school, head];
    for (const [i, who] of climbers.entries()) {
      await who.caller.disagreements.escalate({ disagreementId, expectedVersion: i + 1, reason: `Next: stage ${i + 2}` });
      if (i + 2 < 5) expect((await chair.caller.disagreements.get({ disagreementId })).abilities.determine).toBe(false);
    }
    const d = await chair.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ stage: 5, stageLabel: "Independently chaired meeting", stageDueAt: "2026-12-07T09:00:00.000Z" }); // 10 working days from Monday 23 Nov
    expect(d.abilities).toMatchObject({ determine: true, escalate: false });
    expect((await rejection(head.caller.disagreements.escalate({ disagreementId, expectedVersion: 5, reason: "Further" }))).code).toBe("FORBIDDEN");
    await chair.caller.disagreements.determine({ disagreementId, expectedVersion: 5, outcome: "UPHELD", statement: "The panel upholds the decision." });
    expect((await chair.caller.disagreements.get({ disagreementId })).resolution).toBe("PARTNERSHIP_DETERMINED");
  });

  it("at stage 2 of that ladder the council's practitioner no longer acts, its manager does", async () => {
    await saveLadder(FIVE_STAGES);
    const { disagreementId, school, council } = await schoolDisputesNfa(h);
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "Plan needed" });
    expect((await council.caller.disagreements.get({ disagreementId })).abilities).toMatchObject({ comment: true, propose: false, escalate: false });
    expect((await (await h.caller(DEMO.councilManager)).caller.disagreements.get({ disagreementId })).abilities).toMatchObject({ propose: true, escalate: true });
    // The school's raising side is a practitioner at stage 2 here.
    expect((await school.caller.disagreements.get({ disagreementId })).abilities).toMatchObject({ propose: true });
  });

  it("an open disagreement keeps the version it started on; new ones take the new version", async () => {
    const first = await schoolDisputesNfa(h);
    const head = await h.caller(DEMO.headTeacher);
    await first.school.caller.disagreements.escalate({ disagreementId: first.disagreementId, expectedVersion: 1, reason: "x" });
    await first.school.caller.disagreements.escalate({ disagreementId: first.disagreementId, expectedVersion: 2, reason: "x" });
    await head.caller.disagreements.escalate({ disagreementId: first.disagreementId, expectedVersion: 3, reason: "x" });

    const three = { ...FIVE_STAGES, stages: FIVE_STAGES.stages.slice(2) };
    await saveLadder(three);
    const pinned = await first.school.caller.disagreements.get({ disagreementId: first.disagreementId });
    expect(pinned).toMatchObject({ ladderVersion: 1, onCurrentLadder: false, stage: 4, stageLabel: "The partnership" });
    expect(pinned.ladder.stages).toHaveLength(4);
    const chair = await h.caller(DEMO.chair);
    expect((await chair.caller.disagreements.get({ disagreementId: first.disagreementId })).abilities.determine).toBe(true);

    const second = await schoolDisputesNfa(h);
    const fresh = await second.school.caller.disagreements.get({ disagreementId: second.disagreementId });
    expect(fresh).toMatchObject({ ladderVersion: 2, onCurrentLadder: true, stageLabel: "Managers" });
    expect(fresh.ladder.stages).toHaveLength(3);
  });

  it("refuses, with the reason, to move open disagreements onto a ladder without their stage; nothing is saved", async () => {
    const { disagreementId, school } = await schoolDisputesNfa(h);
    const head = await h.caller(DEMO.headTeacher);
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "x" });
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 2, reason: "x" });
    await head.caller.disagreements.escalate({ disagreementId, expectedVersion: 3, reason: "x" });
    const three = { ...FIVE_STAGES, stages: FIVE_STAGES.stages.slice(0, 3), moveOpen: true };
    const refused = await rejection(saveLadder(three));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/1 at stage 4/);
    expect(await h.db.escalationLadder.count()).toBe(1);
    expect(await versionOf(h, disagreementId)).toBe(4);

    // With a stage for it, the move goes ahead: the clock follows the new ladder, on the timeline.
    const moved = await saveLadder({ ...FIVE_STAGES, moveOpen: true });
    expect(moved).toEqual({ version: 2, moved: 1 });
    const d = await school.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ ladderVersion: 2, stage: 4, stageLabel: "Senior managers", stageDueAt: "2026-11-30T09:00:00.000Z" });
    expect(d.timeline.at(-1)).toMatchObject({ type: "ladder.moved", payload: { from: 1, to: 2 } });
  });

  it("only a system administrator saves a ladder; bad ladders are refused with messages for people", async () => {
    expect((await rejection((await h.caller(DEMO.chair)).caller.disagreements.saveLadder(FIVE_STAGES))).code).toBe("FORBIDDEN");
    const admin = await h.caller(DEMO.systemAdmin);
    for (const bad of [
      { ...FIVE_STAGES, stages: FIVE_STAGES.stages.slice(0, 2) },
      { ...FIVE_STAGES, stages: [...FIVE_STAGES.stages, ...FIVE_STAGES.stages.slice(0, 2)] },
      { ...FIVE_STAGES, urgentCutoff: "18:00" },
      { ...FIVE_STAGES, workingDayEnd: "25:00" },
      { ...FIVE_STAGES, stages: FIVE_STAGES.stages.map((s, i) => (i === 0 ? { ...s, label: " ", workingDays: 0 } : s)) },
    ]) {
      const error = await rejection(admin.caller.disagreements.saveLadder(bad));
      expect(error.code).toBe("BAD_REQUEST");
      expect(firstMessage(error)).not.toMatch(/invalid|expected|too_|^Too|^Number/i);
    }
    expect(await h.db.escalationLadder.count()).toBe(1);
  });
});

describe("starting higher", () => {
  it("starts at stage 3 with a reason when a child may be at risk of significant harm; those acting at stage 3 are told", async () => {
    const { disagreementId, school } = await schoolDisputesNfa(h, { urgent: true, startStage: 3, startReason: "Disclosure today; the front door has not acted." });
    const d = await school.caller.disagreements.get({ disagreementId });
    expect(d).toMatchObject({ stage: 3, startStage: 3, startReason: "Disclosure today; the front door has not acted.", stageLabel: "Service and senior managers" });
    expect(d.stageRecords.map((r) => r.stage)).toEqual([3]);
    expect(d.timeline[0]).toMatchObject({ type: "raised", stage: 3, payload: { startStage: 3 } });
    // The DSL raised it but does not act at stage 3; the head teacher and the service manager do.
    expect(d.abilities).toMatchObject({ comment: true, propose: false, withdraw: true });
    expect((await (await h.caller(DEMO.headTeacher)).caller.disagreements.get({ disagreementId })).abilities.propose).toBe(true);
    const told = (await h.db.outboxEmail.findMany({ where: { subject: { contains: "at stage 3" } }, select: { toAddress: true } })).map((e) => e.toAddress);
    expect(told).toEqual(expect.arrayContaining([DEMO.councilServiceManager, DEMO.headTeacher]));
    expect(told).not.toContain(DEMO.councilPractitioner);
  });

  it("needs a reason, and a child at risk of significant harm, to start above stage 1", async () => {
    const school = await h.caller(DEMO.schoolDsl);
    const { contactId } = await schoolDisputesNfa(h);
    const before = await h.db.disagreement.count();
    const noReason = await rejection(school.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtOutcome: "x", reasons: "y", urgent: true, startStage: 3 }));
    expect(firstMessage(noReason)).toBe("Say why this needs to start above stage 1");
    const notUrgent = await rejection(school.caller.disagreements.raise({ contactId, subject: "OUTCOME", soughtOutcome: "x", reasons: "y", startStage: 3, startReason: "z" }));
    expect(firstMessage(notUrgent)).toBe("Start above stage 1 only when a child may be at risk of significant harm");
    expect(await h.db.disagreement.count()).toBe(before);
  });
});

describe("urgent clocks", () => {
  const dueOf = async (at: string) => {
    const { disagreementId, school } = await schoolDisputesNfa(h, { at, urgent: true });
    return (await school.caller.disagreements.get({ disagreementId })).stageDueAt;
  };

  it("are due by the end of the same working day before the cut-off (16:00), never at midnight", async () => {
    expect(await dueOf("2026-11-27T10:00:00Z")).toBe("2026-11-27T17:00:00.000Z"); // Friday morning: Friday 17:00
  });

  it("raised on a Friday evening: due at the end of Monday", async () => {
    expect(await dueOf("2026-11-27T18:30:00Z")).toBe("2026-11-30T17:00:00.000Z");
  });

  it("raised after the cut-off on Christmas Eve: Christmas Day and the Boxing Day substitute are skipped", async () => {
    expect(await dueOf("2026-12-24T16:30:00Z")).toBe("2026-12-29T17:00:00.000Z");
  });

  it("raised after the cut-off on New Year's Eve: due at the end of the first working day of the new year", async () => {
    expect(await dueOf("2026-12-31T16:15:00Z")).toBe("2027-01-04T17:00:00.000Z");
  });

  it("in British Summer Time the working day still ends at 17:00 in London", async () => {
    expect(await dueOf("2027-06-09T16:30:00Z")).toBe("2027-06-10T16:00:00.000Z"); // 17:30 BST Wednesday: Thursday 17:00 BST
  });

  it("a stage with urgent working days adds them to the end of the day; a normal clock is not halved", async () => {
    const { disagreementId, school } = await schoolDisputesNfa(h, { at: "2026-12-30T10:00:00Z", urgent: true });
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 1, reason: "x" });
    await school.caller.disagreements.escalate({ disagreementId, expectedVersion: 2, reason: "x" });
    // Stage 3: urgent, 1 working day after today's end: Thursday 31 December, 17:00.
    expect((await school.caller.disagreements.get({ disagreementId })).stageDueAt).toBe("2026-12-31T17:00:00.000Z");
    const normal = await schoolDisputesNfa(h, { at: "2026-12-30T10:00:00Z" });
    await normal.school.caller.disagreements.escalate({ disagreementId: normal.disagreementId, expectedVersion: 1, reason: "x" });
    await normal.school.caller.disagreements.escalate({ disagreementId: normal.disagreementId, expectedVersion: 2, reason: "x" });
    // 5 working days from Wednesday 30 December, skipping New Year's Day.
    expect((await normal.school.caller.disagreements.get({ disagreementId: normal.disagreementId })).stageDueAt).toBe("2027-01-07T10:00:00.000Z");
  });
});
