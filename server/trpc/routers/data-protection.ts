import { router, protectedProcedure } from "../init";
import { dataProtectionAbilities } from "../../domain/access/policy";
import { exportSubjectAccess, subjectAccessInputSchema } from "../../domain/data-protection/subject-access";
import { accessLogInputSchema, listAccessLog } from "../../domain/data-protection/access-log";

export const dataProtectionRouter = router({
  /** What the actor may do: export a case, read their agency's access log. */
  abilities: protectedProcedure.query(({ ctx }) => dataProtectionAbilities(ctx.actor)),
  /** Everything Concord holds about a case reference (a subject access request); audited. */
  subjectAccess: protectedProcedure.input(subjectAccessInputSchema).query(({ ctx, input }) => exportSubjectAccess(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** Who viewed or changed the actor's agency's records, newest first. */
  accessLog: protectedProcedure.input(accessLogInputSchema).query(({ ctx, input }) => listAccessLog(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
