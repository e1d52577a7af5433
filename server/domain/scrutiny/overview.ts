// The scrutineer's home (decision 0040): a read-only task list in the manner of decision 0026 — the
// rounds lately closed, the learning actions past their due date, the disagreements still open —
// with the partnership's headline audit figures and links to everything the scrutineer reads.
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertScrutineerHome } from "../access/policy";
import { londonDate } from "../calendar/working-days";
import { auditFigures } from "../figures/audit-figures";

const LIST_LENGTH = 5;

export async function scrutinyOverview(services: Services, actor: Actor) {
  assertScrutineerHome(actor);
  const db = services.db;
  const today = londonDate(services.clock.now());
  const [figures, closedRounds, closedRoundCount, overdue, overdueCount, openActions, openDisagreements, longestOpen] = await Promise.all([
    auditFigures(services, actor, {}),
    db.auditRound.findMany({
      where: { state: "CLOSED" },
      orderBy: [{ closedAt: "desc" }, { id: "asc" }],
      take: LIST_LENGTH,
      select: { id: true, title: true, closedAt: true, periodStart: true, periodEnd: true, _count: { select: { items: true, findings: true } } },
    }),
    db.auditRound.count({ where: { state: "CLOSED" } }),
    db.learningAction.findMany({
      where: { state: "OPEN", dueOn: { lt: new Date(`${today}T00:00:00Z`) } },
      orderBy: [{ dueOn: "asc" }, { id: "asc" }],
      take: LIST_LENGTH,
      select: { id: true, title: true, dueOn: true, owningAgency: { select: { name: true } } },
    }),
    db.learningAction.count({ where: { state: "OPEN", dueOn: { lt: new Date(`${today}T00:00:00Z`) } } }),
    db.learningAction.count({ where: { state: "OPEN" } }),
    db.disagreement.count({ where: { status: "OPEN" } }),
    db.disagreement.count({ where: { status: "OPEN", stageDueAt: { lt: services.clock.now() } } }),
  ]);
  return {
    me: { displayName: actor.displayName, agencyName: actor.agencyName },
    headline: { period: figures.period, rounds: figures.rounds, totals: figures.totals },
    closedRounds: {
      count: closedRoundCount,
      items: closedRounds.map((r) => ({ id: r.id, title: r.title, closedAt: r.closedAt?.toISOString() ?? null, periodStart: r.periodStart.toISOString().slice(0, 10), periodEnd: r.periodEnd.toISOString().slice(0, 10), sampled: r._count.items, findings: r._count.findings })),
    },
    overdueLearningActions: {
      count: overdueCount,
      open: openActions,
      items: overdue.map((a) => ({ id: a.id, title: a.title, dueOn: a.dueOn.toISOString().slice(0, 10), owningAgency: a.owningAgency.name })),
    },
    disagreements: { open: openDisagreements, pastStageTime: longestOpen },
  };
}
export type ScrutinyOverview = Awaited<ReturnType<typeof scrutinyOverview>>;
