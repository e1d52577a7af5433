// Learning actions (issue 17, docs/decisions/0039): set from one source by the partnership, owned
// and completed by an agency, followed on the chair's home page.
import { z } from "zod";
import { router, protectedProcedure } from "../init";
import {
  changeLearningActionDueDate,
  completeLearningAction,
  createLearningAction,
  getLearningAction,
  listLearningActions,
  newLearningActionForm,
} from "../../domain/learning/learning-actions";
import { learningActionAbilities } from "../../domain/access/policy";
import {
  changeDueDateInputSchema,
  completeLearningActionInputSchema,
  createLearningActionInputSchema,
  learningActionIdSchema,
  listLearningActionsInputSchema,
  sourceShape,
} from "../../domain/learning/schemas";

export const learningActionsRouter = router({
  /** What the person may do with learning actions, for pages that offer a start point (a disagreement's page). */
  abilities: protectedProcedure.query(({ ctx }) => learningActionAbilities(ctx.actor)),
  list: protectedProcedure.input(listLearningActionsInputSchema).query(({ ctx, input }) => listLearningActions(ctx.services, ctx.actor, input)),
  get: protectedProcedure.input(learningActionIdSchema).query(({ ctx, input }) => getLearningAction(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** The form's start: the source described (or, with none, the themes to start from) and the agencies. */
  newForm: protectedProcedure.input(z.object(sourceShape).optional()).query(({ ctx, input }) => newLearningActionForm(ctx.services, ctx.actor, input ?? {})),
  create: protectedProcedure.input(createLearningActionInputSchema).mutation(({ ctx, input }) => createLearningAction(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  complete: protectedProcedure.input(completeLearningActionInputSchema).mutation(({ ctx, input }) => completeLearningAction(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  changeDueDate: protectedProcedure.input(changeDueDateInputSchema).mutation(({ ctx, input }) => changeLearningActionDueDate(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
