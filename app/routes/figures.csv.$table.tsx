import type { LoaderFunctionArgs } from "@remix-run/node";
import { FIGURES_TABLES } from "~/components/figures-tables";
import { loadPage } from "~/utils/errors.server";
import { figuresFilters } from "~/utils/figures.server";
import { toCsv } from "~/utils/csv";

/** One of the dashboard's tables as CSV, with the same filters and the same rows. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const table = FIGURES_TABLES.find((t) => t.id === params.table);
  if (!table) throw new Response("Not found", { status: 404 });
  const figures = await loadPage(request, () => context.trpc.figures.partnership(figuresFilters(new URL(request.url))));
  const csv = toCsv(table.columns, table.rows(figures) as Record<string, unknown>[]);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="concord-${table.id}-${figures.period.from}-to-${figures.period.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
