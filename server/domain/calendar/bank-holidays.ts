// England and Wales bank holidays. The list ships with Concord (seeded by migration) and a
// system administrator can add or remove days as the government announces them.
import { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan } from "../access/policy";
import { recordAudit } from "../audit/audit";
import { conflict, notFound } from "../errors";
import { transaction } from "../../db/transaction";
import type { IsoDate } from "./working-days";
import { calendarDate, freeText } from "../validation";
import { assertRecentlyAuthenticated } from "../auth/reauthentication";

/** The holidays as a set of ISO dates, read fresh so every node agrees after a change. */
export async function loadBankHolidays(db: Db | Tx): Promise<Set<IsoDate>> {
  const rows = await db.bankHoliday.findMany({ select: { date: true } });
  return new Set(rows.map((row) => row.date.toISOString().slice(0, 10)));
}

/**
 * Changes to the holiday list queue one behind another (readers are not held up): each rebuilds
 * the whole of calendar_day from the list, so two at once would collide on its rows, or one would
 * rebuild from a list missing the other's day.
 */
async function lockHolidayList(tx: Tx) {
  await tx.$executeRaw`LOCK TABLE bank_holiday IN SHARE ROW EXCLUSIVE MODE`;
}

/** The database's working-day counts (calendar_day) follow the holiday list, in the same transaction. */
async function rebuildCalendar(tx: Tx) {
  await tx.$executeRaw`SELECT concord_rebuild_calendar()`;
}

export const bankHolidayInputSchema = z.object({
  date: calendarDate("Enter a real date from 1900 to 2100, like 2027-12-27"),
  name: freeText("the name", { error: "Enter the holiday's name" }).min(1, "Enter the holiday's name").max(100, "Name must be 100 characters or fewer"),
});

export async function listBankHolidays(services: Services, actor: Actor) {
  assertCan(actor, "manage", "calendar");
  const rows = await services.db.bankHoliday.findMany({ orderBy: { date: "asc" }, select: { date: true, name: true } });
  return rows.map((row) => ({ date: row.date.toISOString().slice(0, 10), name: row.name }));
}

export async function addBankHoliday(services: Services, actor: Actor, input: z.input<typeof bankHolidayInputSchema>, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const { date, name } = bankHolidayInputSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  await transaction(services.db, async (tx) => {
    await lockHolidayList(tx);
    // ON CONFLICT DO NOTHING: of two people adding the same day, one adds it; the other is told.
    const added = await tx.bankHoliday.createMany({ data: [{ date: new Date(`${date}T00:00:00Z`), name }], skipDuplicates: true });
    if (added.count === 0) throw conflict(`${date} is already a bank holiday.`);
    await rebuildCalendar(tx);
    await recordAudit(tx, actor, { action: "calendar.add_bank_holiday", entityType: "bank_holiday", entityId: date, detail: { name } }, meta.requestId);
  });
  return { date, name };
}

export async function removeBankHoliday(services: Services, actor: Actor, input: { date: string }, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const { date } = bankHolidayInputSchema.pick({ date: true }).parse(input);
  assertRecentlyAuthenticated(services, actor);
  await transaction(services.db, async (tx) => {
    await lockHolidayList(tx);
    const removed = await tx.bankHoliday.deleteMany({ where: { date: new Date(`${date}T00:00:00Z`) } });
    if (removed.count === 0) throw notFound(`A bank holiday on ${date}`);
    await rebuildCalendar(tx);
    await recordAudit(tx, actor, { action: "calendar.remove_bank_holiday", entityType: "bank_holiday", entityId: date }, meta.requestId);
  });
  return { date };
}
