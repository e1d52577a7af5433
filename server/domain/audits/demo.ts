// Demo joint audit rounds (decision 0038), for a demo seeded with a year of history: last month's
// "no further action" closures audited, moderated and closed, and this month's closures being
// graded (the police have submitted, the council is half way, health has not started). Drawn
// from the generated contacts by the same SQL as a real round.
import { Prisma } from "../../db/generated/client";
import type { Db } from "../../db/connect";
import { addCalendarDays, fromLondon, londonDate } from "../calendar/working-days";

const REASONS = {
  agree: [
    "Single incident with no injury; the family accepted advice and the closure reason is clear.",
    "Universal services were already involved; closing with advice was proportionate.",
    "Checked our own records: nothing further known. The decision and reasons are sound.",
    "Rationale recorded fully; the referrer was told the same day.",
  ],
  level: "Our records show two earlier call-outs to this address that the front door did not ask about: level 2 at least.",
  unsafe: "The GP had recorded concerns about the child's weight the week before; closing without asking health was not safe.",
  rationale: "The rationale repeats the referral and does not say why the threshold was not met.",
};

async function sample(db: Db, roundId: string, start: string, end: string, outcomes: string[], size: number) {
  return db.$executeRaw`
    INSERT INTO audit_item (round_id, contact_id, decision_id, position)
    SELECT ${roundId}::uuid, s.contact_id, s.decision_id, row_number() OVER (ORDER BY s.decided_at, s.contact_id)
    FROM (
      SELECT c.id AS contact_id, d.id AS decision_id, d.decided_at
      FROM contact c JOIN threshold_decision d ON d.id = c.current_decision_id
      WHERE c.anonymised_at IS NULL
        AND (d.decided_at AT TIME ZONE 'Europe/London')::date BETWEEN ${start}::date AND ${end}::date
        AND d.outcome::text IN (${Prisma.join(outcomes)})
      ORDER BY random()
      LIMIT ${size}::int
    ) s`;
}

export async function seedAuditRounds(db: Db, now: Date) {
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, agencyId: true } });
  const jo = await user("jo.bennett@partnership.example.org");
  const auditors = { council: await user("helen.price@council.example.org"), police: await user("mark.fisher@police.example.org"), health: await user("priti.desai@icb.example.org") };
  const today = londonDate(now);
  const monthStart = `${today.slice(0, 8)}01`;
  const lastMonthEnd = addCalendarDays(monthStart, -1);
  const lastMonthStart = `${lastMonthEnd.slice(0, 8)}01`;
  const at = (date: string, hour: number) => fromLondon(date, { hour, minute: 0, second: 0, millisecond: 0 });
  const monthName = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${lastMonthStart}T00:00:00Z`));
  const agencyIds = [auditors.council.agencyId, auditors.police.agencyId, auditors.health.agencyId];

  // Last month's closures: graded, moderated, closed.
  const closed = await db.auditRound.create({
    data: { title: `No further action closures, ${monthName}`, periodStart: new Date(`${lastMonthStart}T00:00:00Z`), periodEnd: new Date(`${lastMonthEnd}T00:00:00Z`), sampleRule: "NO_FURTHER_ACTION", sampleSize: 8, createdById: jo.id, createdAt: at(monthStart, 9), agencies: { create: agencyIds.map((agencyId) => ({ agencyId })) } },
    select: { id: true },
  });
  if ((await sample(db, closed.id, lastMonthStart, lastMonthEnd, ["NO_FURTHER_ACTION"], 8)) === 0) {
    await db.auditRound.delete({ where: { id: closed.id } });
    return;
  }
  const items = await db.auditItem.findMany({ where: { roundId: closed.id }, orderBy: { position: "asc" }, select: { id: true, position: true } });
  const gradedAt = at(addCalendarDays(monthStart, 3), 11);
  for (const item of items) {
    const i = item.position;
    const answers = {
      council: { levelRight: true, outcomeSafe: true, rationaleRecorded: i % 4 !== 0, reason: i % 4 !== 0 ? REASONS.agree[i % 4]! : REASONS.rationale },
      police: { levelRight: i % 3 !== 1, outcomeSafe: true, rationaleRecorded: i % 4 !== 0, reason: i % 3 !== 1 ? REASONS.agree[(i + 1) % 4]! : REASONS.level },
      health: { levelRight: true, outcomeSafe: i !== 2, rationaleRecorded: true, reason: i !== 2 ? REASONS.agree[(i + 2) % 4]! : REASONS.unsafe },
    };
    for (const [key, a] of Object.entries(answers) as [keyof typeof auditors, (typeof answers)["council"]][]) {
      await db.auditGrade.create({ data: { itemId: item.id, roundId: closed.id, agencyId: auditors[key].agencyId, gradedById: auditors[key].id, gradedAt, ...a } });
    }
    await db.auditItem.update({
      where: { id: item.id },
      data: { agreedLevelRight: i % 3 !== 1, agreedOutcomeSafe: i !== 2, agreedRationaleRecorded: i % 4 !== 0, moderationNote: i % 3 === 1 || i === 2 ? "Agreed at the moderation meeting after hearing each agency's reasons." : null, moderatedAt: at(addCalendarDays(monthStart, 7), 14), moderatedById: jo.id },
    });
  }
  for (const key of Object.keys(auditors) as (keyof typeof auditors)[]) {
    await db.auditRoundAgency.update({ where: { roundId_agencyId: { roundId: closed.id, agencyId: auditors[key].agencyId } }, data: { submittedAt: gradedAt, submittedById: auditors[key].id } });
  }
  const theme = async (name: string) => (await db.theme.findUnique({ where: { name }, select: { id: true } }))?.id;
  const findings = [
    { itemId: items.find((i) => i.position % 3 === 1)?.id ?? null, summary: "Police history was not sought before closing: the front door did not ask about earlier call-outs to the address.", themes: ["Information sharing", "Threshold interpretation"] },
    { itemId: null, summary: "Closure reasons were recorded for every contact, but a quarter of rationales restated the referral without saying why the threshold was not met.", themes: ["Threshold interpretation"] },
  ];
  for (const f of findings) {
    const themeIds = (await Promise.all(f.themes.map(theme))).filter((id): id is string => !!id);
    await db.auditFinding.create({ data: { roundId: closed.id, itemId: f.itemId, summary: f.summary, recordedById: jo.id, recordedAt: at(addCalendarDays(monthStart, 7), 15), themes: { create: themeIds.map((themeId) => ({ themeId })) } } });
  }
  await db.auditRound.update({
    where: { id: closed.id },
    data: { state: "CLOSED", moderationStartedAt: gradedAt, closedAt: at(addCalendarDays(monthStart, 7), 16), closedById: jo.id, summary: "Most closures were safe and proportionate. Where the agencies differed, the front door had not asked partners what they knew before closing; rationales need to say why the threshold was not met." },
  });

  // This month's closures so far: being graded.
  const grading = await db.auditRound.create({
    data: { title: `Closures since 1 ${new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${monthStart}T00:00:00Z`))}`, periodStart: new Date(`${monthStart}T00:00:00Z`), periodEnd: new Date(`${today}T00:00:00Z`), sampleRule: "CLOSURES", sampleSize: 6, createdById: jo.id, createdAt: now, agencies: { create: agencyIds.map((agencyId) => ({ agencyId })) } },
    select: { id: true },
  });
  if ((await sample(db, grading.id, monthStart, today, ["NO_FURTHER_ACTION", "ADVICE_AND_INFORMATION", "STEP_DOWN_EARLY_HELP"], 6)) === 0) {
    await db.auditRound.delete({ where: { id: grading.id } });
    return;
  }
  const open = await db.auditItem.findMany({ where: { roundId: grading.id }, orderBy: { position: "asc" }, select: { id: true, position: true } });
  for (const item of open) {
    await db.auditGrade.create({ data: { itemId: item.id, roundId: grading.id, agencyId: auditors.police.agencyId, gradedById: auditors.police.id, gradedAt: now, levelRight: true, outcomeSafe: true, rationaleRecorded: true, reason: REASONS.agree[item.position % 4]! } });
    if (item.position <= Math.ceil(open.length / 2)) {
      await db.auditGrade.create({ data: { itemId: item.id, roundId: grading.id, agencyId: auditors.council.agencyId, gradedById: auditors.council.id, gradedAt: now, levelRight: true, outcomeSafe: true, rationaleRecorded: item.position !== 1, reason: item.position !== 1 ? REASONS.agree[(item.position + 1) % 4]! : REASONS.rationale } });
    }
  }
  await db.auditRoundAgency.update({ where: { roundId_agencyId: { roundId: grading.id, agencyId: auditors.police.agencyId } }, data: { submittedAt: now, submittedById: auditors.police.id } });
}
