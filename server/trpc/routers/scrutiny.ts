// Independent scrutiny and the yearly report (decision 0040): reads only.
import { router, protectedProcedure } from "../init";
import { scrutinyOverview } from "../../domain/scrutiny/overview";
import { disagreementSummaries, disagreementSummariesInputSchema } from "../../domain/scrutiny/disagreement-summaries";
import { yearlyReport, yearlyReportInputSchema } from "../../domain/report/yearly";

export const scrutinyRouter = router({
  overview: protectedProcedure.query(({ ctx }) => scrutinyOverview(ctx.services, ctx.actor)),
  disagreements: protectedProcedure.input(disagreementSummariesInputSchema).query(({ ctx, input }) => disagreementSummaries(ctx.services, ctx.actor, input)),
});

export const reportRouter = router({
  yearly: protectedProcedure.input(yearlyReportInputSchema).query(({ ctx, input }) => yearlyReport(ctx.services, ctx.actor, input)),
});
