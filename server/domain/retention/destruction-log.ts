// The destruction log, for the system administrator: what the retention job destroyed or
// anonymised, how many, under which rule, when. It holds no personal data.
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanManageRetention } from "../access/policy";

const SHOWN = 50;

export async function destructionLog(services: Services, actor: Actor) {
  assertCanManageRetention(actor);
  const rows = await services.db.destructionLog.findMany({
    orderBy: [{ runAt: "desc" }, { id: "desc" }],
    take: SHOWN,
    select: { id: true, runAt: true, recordClass: true, action: true, count: true, rule: true, periodYears: true, cutoff: true },
  });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
