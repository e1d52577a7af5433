import { z } from "zod";
import { router, protectedProcedure } from "../init";
import { figuresInputSchema, figuresOptions, meetingsBehind, meetingsBehindInputSchema, partnershipFigures } from "../../domain/figures/figures";
import { auditFigures, auditFiguresInputSchema } from "../../domain/figures/audit-figures";
import { attendanceThresholdSchema, updateAttendanceThreshold, viewAttendanceThreshold } from "../../domain/settings/settings";

export const figuresRouter = router({
  partnership: protectedProcedure.input(figuresInputSchema).query(({ ctx, input }) => partnershipFigures(ctx.services, ctx.actor, input)),
  meetingsBehind: protectedProcedure.input(meetingsBehindInputSchema).query(({ ctx, input }) => meetingsBehind(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** The joint audit's figures (decision 0040). */
  audits: protectedProcedure.input(auditFiguresInputSchema).query(({ ctx, input }) => auditFigures(ctx.services, ctx.actor, input)),
  options: protectedProcedure.query(({ ctx }) => figuresOptions(ctx.services, ctx.actor)),
  /** The attendance threshold the figures flag agencies against (for the Settings page). */
  attendanceThreshold: protectedProcedure.query(({ ctx }) => viewAttendanceThreshold(ctx.services, ctx.actor)),
  setAttendanceThreshold: protectedProcedure
    .input(z.object({ percent: attendanceThresholdSchema }))
    .mutation(({ ctx, input }) => updateAttendanceThreshold(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
