import { z } from "zod";
import { router, protectedProcedure } from "../init";
import { listAgencies } from "../../domain/agencies/agencies";
import { auditFilterSchema, listAuditEvents } from "../../domain/audit/audit";
import { roleHome } from "../../domain/home/home";
import { homeTaskCount } from "../../domain/home/tasks";
import { roleNameSchema } from "../../domain/access/roles";

export const agenciesRouter = router({
  list: protectedProcedure.query(({ ctx }) => listAgencies(ctx.services, ctx.actor)),
});

export const auditRouter = router({
  list: protectedProcedure.input(auditFilterSchema.partial()).query(({ ctx, input }) => listAuditEvents(ctx.services, ctx.actor, input)),
});

export const homeRouter = router({
  forRole: protectedProcedure.input(z.object({ role: roleNameSchema })).query(({ ctx, input }) => roleHome(ctx.services, ctx.actor, input.role, { requestId: ctx.requestId })),
  /** How many things wait for this person, for the navigation's count (refreshed live). */
  taskCount: protectedProcedure.query(({ ctx }) => homeTaskCount(ctx.services, ctx.actor)),
});
