import { router, protectedProcedure } from "../init";
import { councilTeams, figuresInputSchema, meetingsBehind, meetingsBehindInputSchema, partnershipFigures, figuresScope } from "../../domain/figures/figures";
import { recordAudit } from "../../domain/audit/audit";

export const figuresRouter = router({
  partnership: protectedProcedure.input(figuresInputSchema).query(({ ctx, input }) => partnershipFigures(ctx.services, ctx.actor, input)),
  meetingsBehind: protectedProcedure.input(meetingsBehindInputSchema).query(async ({ ctx, input }) => {
    const rows = await meetingsBehind(ctx.services, ctx.actor, input);
    await ctx.services.db.$transaction((tx) => recordAudit(tx, ctx.actor, { action: "figures.meetings_behind", entityType: "meeting", detail: { measure: input.measure, meetingIds: rows.map((r) => r.id) } }, ctx.requestId));
    return rows;
  }),
  /** Filters the dashboard can offer this person. */
  options: protectedProcedure.query(async ({ ctx }) => {
    const scope = figuresScope(ctx.actor);
    const agencies = await ctx.services.db.agency.findMany({ where: { kind: { not: "PARTNERSHIP" }, ...(scope.all ? {} : { id: scope.agencyId }) }, orderBy: [{ kind: "asc" }, { name: "asc" }], select: { id: true, name: true } });
    return { all: scope.all, agencies, teams: scope.all || ctx.actor.agencyKind === "CHILDRENS_SOCIAL_CARE" ? await councilTeams(ctx.services) : [] };
  }),
});
