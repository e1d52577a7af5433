// The partnership's escalation ladder: versions of 3 to 6 stages, each with who acts for each
// side and its normal and urgent timescales. A saved version is never edited: a change is a new
// version, and an open disagreement keeps the version it started on unless the administrator
// moves open disagreements onto the new one (refused when one sits at a stage that would vanish).
import type { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanManageLadder } from "../access/disagreements";
import { STAGE_ACTOR_LABELS } from "./labels";
import { recordAudit } from "../audit/audit";
import { conflict, invalid, notFound } from "../errors";
import { addWorkingDays, endOfWorkingDayDue } from "../calendar/working-days";
import { loadBankHolidays } from "../calendar/bank-holidays";
import { ladderInputSchema } from "./schemas";
import { assertRecentlyAuthenticated } from "../auth/reauthentication";

const stageSelect = { stage: true, label: true, raisingActor: true, receivingActor: true, workingDays: true, urgentWorkingDays: true } as const;
const ladderSelect = { version: true, urgentCutoff: true, workingDayEnd: true, createdAt: true, stages: { orderBy: { stage: "asc" }, select: stageSelect } } as const;

export type Ladder = Awaited<ReturnType<typeof loadLadder>>;
export type LadderStage = Ladder["stages"][number];

export async function loadLadder(db: Db | Tx, version: number) {
  const ladder = await db.escalationLadder.findUnique({ where: { version }, select: ladderSelect });
  if (!ladder) throw notFound("That version of the escalation ladder");
  return ladder;
}

/** The ladder new disagreements start on: the latest version. */
export async function currentLadder(db: Db | Tx) {
  const ladder = await db.escalationLadder.findFirst({ orderBy: { version: "desc" }, select: ladderSelect });
  if (!ladder) throw notFound("The escalation ladder");
  return ladder;
}

/** The ladder for the Settings page and the raise form, with readable "who acts" labels. */
export async function describeCurrentLadder(db: Db | Tx) {
  const ladder = await currentLadder(db);
  return { ...ladder, createdAt: ladder.createdAt.toISOString(), stages: ladder.stages.map(describeStage) };
}

export function describeStage(s: LadderStage) {
  return { ...s, raisingActorLabel: STAGE_ACTOR_LABELS[s.raisingActor], receivingActorLabel: STAGE_ACTOR_LABELS[s.receivingActor] };
}

export function stageOf(ladder: Ladder, stage: number): LadderStage {
  const found = ladder.stages.find((s) => s.stage === stage);
  if (!found) throw invalid(`This ladder has no stage ${stage}.`);
  return found;
}

/**
 * When a stage is due. Normally its working days after it starts. Urgent: by the end of the
 * working day it starts (the next working day's end after the ladder's cut-off time), plus the
 * stage's urgent working days.
 */
export function stageDue(ladder: Ladder, stage: LadderStage, start: Date, urgent: boolean, holidays: ReadonlySet<string>): Date {
  if (urgent) return endOfWorkingDayDue(start, stage.urgentWorkingDays, { cutoff: ladder.urgentCutoff, end: ladder.workingDayEnd }, holidays);
  return addWorkingDays(start, stage.workingDays, holidays);
}

export async function stageDueAt(tx: Db | Tx, ladder: Ladder, stage: number, start: Date, urgent: boolean): Promise<Date> {
  return stageDue(ladder, stageOf(ladder, stage), start, urgent, await loadBankHolidays(tx));
}

/**
 * Save the ladder as a new version. With `moveOpen`, open disagreements move onto it (their
 * current stage's clock recomputed from when the stage started); refused, with the reason, if
 * any open disagreement is at a stage the new ladder does not have.
 */
export async function saveLadder(services: Services, actor: Actor, input: z.input<typeof ladderInputSchema>, meta: { requestId?: string } = {}) {
  assertCanManageLadder(actor);
  const data = ladderInputSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  const now = services.clock.now();
  const moved: { id: string; raisingAgencyId: string; receivingAgencyId: string }[] = [];
  const version = await services.db.$transaction(async (tx) => {
    const previous = await currentLadder(tx);
    const next = previous.version + 1;
    if (data.moveOpen) {
      // Lock the open disagreements first: no one acts on them while they change ladder.
      const locked = await tx.$queryRaw<{ stage: number }[]>`SELECT stage FROM disagreement WHERE status = 'OPEN' FOR UPDATE`;
      const stranded = new Map<number, number>();
      for (const { stage } of locked) if (stage > data.stages.length) stranded.set(stage, (stranded.get(stage) ?? 0) + 1);
      if (stranded.size) {
        const list = [...stranded].sort(([a], [b]) => a - b).map(([stage, count]) => `${count} at stage ${stage}`).join(", ");
        throw conflict(`Open disagreements cannot move to a ladder of ${data.stages.length} stages: ${list}. Nothing was saved. Keep them on the ladder they started on, or keep the stage until they are resolved.`);
      }
    }
    // A unique version number: two administrators saving at once cannot both make version N.
    const created = await tx.escalationLadder.createMany({ data: [{ version: next, urgentCutoff: data.urgentCutoff, workingDayEnd: data.workingDayEnd, createdAt: now, createdById: actor.userId }], skipDuplicates: true });
    if (created.count !== 1) throw conflict("Someone else saved the ladder at the same time. Reload the settings and try again.");
    await tx.escalationStage.createMany({ data: data.stages.map((s, i) => ({ ladderVersion: next, stage: i + 1, ...s })) });
    if (data.moveOpen) {
      const ladder = await loadLadder(tx, next);
      const holidays = await loadBankHolidays(tx);
      const open = await tx.disagreement.findMany({ where: { status: "OPEN" }, select: { id: true, stage: true, stageStartedAt: true, urgent: true, version: true, ladderVersion: true, raisingAgencyId: true, receivingAgencyId: true } });
      for (const d of open) {
        const due = stageDue(ladder, stageOf(ladder, d.stage), d.stageStartedAt, d.urgent, holidays);
        await tx.disagreement.update({ where: { id: d.id }, data: { ladderVersion: next, stageDueAt: due, overdueNotifiedStage: null, version: { increment: 1 } } });
        await tx.disagreementEvent.create({
          data: { disagreementId: d.id, seq: d.version + 1, type: "ladder.moved", stage: d.stage, body: null, payload: { from: d.ladderVersion, to: next, stageDueAt: due.toISOString() }, actorId: actor.userId, actorAgencyId: actor.agencyId, occurredAt: now },
        });
        moved.push(d);
      }
    }
    await recordAudit(tx, actor, { action: "settings.escalation_ladder", entityType: "escalation_ladder", entityId: String(next), detail: { stages: data.stages.length, moveOpen: data.moveOpen, moved: moved.length } }, meta.requestId);
    return next;
  });
  for (const d of moved) services.realtime.disagreementChanged({ disagreementId: d.id, agencyIds: [d.raisingAgencyId, d.receivingAgencyId], change: "ladder.moved" });
  return { version, moved: moved.length };
}
