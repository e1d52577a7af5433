// Partnership settings that an administrator can change without a deploy.
import { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { wholeNumber } from "../validation";

export const MEETING_DUE_WORKING_DAYS = "meeting.dueWorkingDays";
export const meetingDueWorkingDaysSchema = wholeNumber("A strategy meeting is due within 1 to 3 working days: enter 1, 2 or 3", { min: 1, max: 3 });

export async function meetingDueWorkingDays(db: Db | Tx): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: MEETING_DUE_WORKING_DAYS }, select: { value: true } });
  const parsed = meetingDueWorkingDaysSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : 1;
}

export async function updateMeetingDueWorkingDays(services: Services, actor: Actor, input: { days: number | string }, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const days = meetingDueWorkingDaysSchema.parse(input.days);
  await services.db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: MEETING_DUE_WORKING_DAYS }, create: { key: MEETING_DUE_WORKING_DAYS, value: days }, update: { value: days } });
    await recordAudit(tx, actor, { action: "settings.meeting_due_working_days", entityType: "setting", entityId: MEETING_DUE_WORKING_DAYS, detail: { days } }, meta.requestId);
  });
  return { days };
}
