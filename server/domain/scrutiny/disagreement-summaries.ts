// Disagreement summaries for independent scrutiny (issue 17 item 6, decision 0040): what happened
// to each disagreement, never what anyone wrote. The query selects only these columns, so reasons,
// sought outcomes, positions, proposals, statements and the timeline cannot leak through it.
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanReadDisagreementSummaries } from "../access/policy";

export const DISAGREEMENT_SUMMARY_PAGE_SIZE = 25;
export const disagreementSummariesInputSchema = z
  .object({ page: z.coerce.number({ error: "Choose a page" }).int({ error: "Choose a page" }).min(1, { error: "Choose a page" }).max(10_000, { error: "Choose a page" }).default(1) })
  .default({ page: 1 });

interface SummaryRow {
  id: string;
  caseReference: string | null;
  raisingAgency: string;
  receivingAgency: string;
  subject: string;
  stage: number;
  status: "OPEN" | "RESOLVED";
  outcome: string | null;
  resolution: string | null;
  themes: string[] | null;
  raisedAt: Date;
  resolvedAt: Date | null;
  workingDays: number;
  total: number;
}

export async function disagreementSummaries(services: Services, actor: Actor, input: z.input<typeof disagreementSummariesInputSchema> = {}) {
  assertCanReadDisagreementSummaries(actor);
  const { page } = disagreementSummariesInputSchema.parse(input);
  const now = services.clock.now();
  const rows = await services.db.$queryRaw<SummaryRow[]>`
    SELECT d.id,
      coalesce(dc.reference, cc.reference, mc.reference, c.referrer_reference) AS "caseReference",
      ra.name AS "raisingAgency", rc.name AS "receivingAgency", d.subject::text AS subject, d.stage,
      d.status::text AS status, d.outcome::text AS outcome, d.resolution::text AS resolution,
      (SELECT array_agg(t.name ORDER BY t.name) FROM disagreement_theme dt JOIN theme t ON t.id = dt.theme_id WHERE dt.disagreement_id = d.id) AS themes,
      d.raised_at AS "raisedAt", d.resolved_at AS "resolvedAt",
      concord_working_days(d.raised_at, coalesce(d.resolved_at, ${now}::timestamptz))::int AS "workingDays",
      (count(*) OVER ())::int AS total
    FROM disagreement d
    JOIN agency ra ON ra.id = d.raising_agency_id
    JOIN agency rc ON rc.id = d.receiving_agency_id
    LEFT JOIN child_case dc ON dc.id = d.case_id
    LEFT JOIN contact c ON c.id = d.contact_id
    LEFT JOIN child_case cc ON cc.id = c.case_id
    LEFT JOIN strategy_meeting m ON m.id = d.meeting_id
    LEFT JOIN child_case mc ON mc.id = m.case_id
    ORDER BY d.raised_at DESC, d.id
    LIMIT ${DISAGREEMENT_SUMMARY_PAGE_SIZE} OFFSET ${(page - 1) * DISAGREEMENT_SUMMARY_PAGE_SIZE}`;
  const total = rows[0]?.total ?? (page > 1 ? await services.db.disagreement.count() : 0);
  return {
    page,
    pageSize: DISAGREEMENT_SUMMARY_PAGE_SIZE,
    total,
    pages: Math.max(1, Math.ceil(total / DISAGREEMENT_SUMMARY_PAGE_SIZE)),
    items: rows.map((r) => ({
      id: r.id,
      caseReference: r.caseReference,
      raisingAgency: r.raisingAgency,
      receivingAgency: r.receivingAgency,
      subject: r.subject,
      stageReached: r.stage,
      status: r.status,
      outcome: r.outcome,
      resolution: r.resolution,
      themes: r.themes ?? [],
      raisedAt: r.raisedAt.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      /** Working days from raising to resolution, or to now while it is open. */
      workingDays: r.workingDays,
    })),
  };
}
export type DisagreementSummaries = Awaited<ReturnType<typeof disagreementSummaries>>;
