import { router, protectedProcedure } from "../init";
import { accessReviewSettingsSchema, retentionScheduleSchema, updateAccessReviewSettings, updateRetentionSchedule, viewAccessReviewSettings, viewRetentionSchedule } from "../../domain/settings/settings";
import { liftHold, liftHoldInputSchema, listHolds, partnershipHoldInputSchema, placeHold, placeHoldInputSchema, setPartnershipHold } from "../../domain/retention/holds";
import { destructionLog } from "../../domain/retention/destruction-log";
import { accessReviewInputSchema, recordAccessReview, viewAccessReview } from "../../domain/users/access-review";

export const retentionRouter = router({
  /** The retention schedule per record class, with each class's rule and minimum (Settings page). */
  schedule: protectedProcedure.query(({ ctx }) => viewRetentionSchedule(ctx.services, ctx.actor)),
  setSchedule: protectedProcedure.input(retentionScheduleSchema).mutation(({ ctx, input }) => updateRetentionSchedule(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** Standing legal holds and the partnership-wide hold. */
  holds: protectedProcedure.query(({ ctx }) => listHolds(ctx.services, ctx.actor)),
  placeHold: protectedProcedure.input(placeHoldInputSchema).mutation(({ ctx, input }) => placeHold(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  liftHold: protectedProcedure.input(liftHoldInputSchema).mutation(({ ctx, input }) => liftHold(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  setPartnershipHold: protectedProcedure.input(partnershipHoldInputSchema).mutation(({ ctx, input }) => setPartnershipHold(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** What the retention job has destroyed or anonymised, newest first. */
  destructionLog: protectedProcedure.query(({ ctx }) => destructionLog(ctx.services, ctx.actor)),
});

export const accessReviewRouter = router({
  /** The reviewer's agency's active people, and when its review is due. */
  view: protectedProcedure.query(({ ctx }) => viewAccessReview(ctx.services, ctx.actor)),
  record: protectedProcedure.input(accessReviewInputSchema).mutation(({ ctx, input }) => recordAccessReview(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  settings: protectedProcedure.query(({ ctx }) => viewAccessReviewSettings(ctx.services, ctx.actor)),
  setSettings: protectedProcedure.input(accessReviewSettingsSchema).mutation(({ ctx, input }) => updateAccessReviewSettings(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
