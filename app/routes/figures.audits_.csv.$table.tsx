import type { LoaderFunctionArgs } from "@remix-run/node";
import { AUDIT_FIGURES_TABLES } from "~/components/audit-figures-tables";
import { loadPage } from "~/utils/errors.server";
import { figuresFilters } from "~/utils/figures.server";
import { toCsv } from "~/utils/csv";

/** One of the audit figures' tables as CSV, for the same period and with the same rows. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const table = AUDIT_FIGURES_TABLES.find((t) => t.id === params.table);
  if (!table) throw new Response("Not found", { status: 404 });
  const { from, to } = figuresFilters(new URL(request.url));
  const figures = await loadPage(request, () => context.trpc.figures.audits({ from, to }));
  const csv = toCsv(table.columns, table.rows(figures));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="concord-${table.id}-${figures.period.from}-to-${figures.period.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
