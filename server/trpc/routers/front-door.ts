import { router, protectedProcedure } from "../init";
import {
  contactIdInputSchema,
  listContactsInputSchema,
  recordContactInputSchema,
  recordDecisionInputSchema,
  recordFeedbackInputSchema,
  signOffInputSchema,
  thresholdLevelInputSchema,
} from "../../domain/front-door/schemas";
import { getContact, listContacts, listThresholdLevels, recordContact, recordDecision, recordReferrerFeedback, signOffDecision } from "../../domain/front-door/contacts";
import { contactAbilities } from "../../domain/access/policy";
import { updateThresholdLevel } from "../../domain/front-door/threshold-levels";
import { addBankHoliday, bankHolidayInputSchema, listBankHolidays, removeBankHoliday } from "../../domain/calendar/bank-holidays";

export const contactsRouter = router({
  list: protectedProcedure.input(listContactsInputSchema).query(({ ctx, input }) => listContacts(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  get: protectedProcedure.input(contactIdInputSchema).query(({ ctx, input }) => getContact(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  record: protectedProcedure.input(recordContactInputSchema).mutation(({ ctx, input }) => recordContact(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  decide: protectedProcedure.input(recordDecisionInputSchema).mutation(({ ctx, input }) => recordDecision(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  signOff: protectedProcedure.input(signOffInputSchema).mutation(({ ctx, input }) => signOffDecision(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** The referrer was told the decision: who, when and how (also for phone and email contacts). */
  recordFeedback: protectedProcedure.input(recordFeedbackInputSchema).mutation(({ ctx, input }) => recordReferrerFeedback(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** What the actor may do at the front door, so pages show only the forms that will work. */
  abilities: protectedProcedure.query(({ ctx }) => contactAbilities(ctx.actor)),
});

export const settingsRouter = router({
  thresholdLevels: protectedProcedure.query(({ ctx }) => listThresholdLevels(ctx.services)),
  updateThresholdLevel: protectedProcedure.input(thresholdLevelInputSchema).mutation(({ ctx, input }) => updateThresholdLevel(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  bankHolidays: protectedProcedure.query(({ ctx }) => listBankHolidays(ctx.services, ctx.actor)),
  addBankHoliday: protectedProcedure.input(bankHolidayInputSchema).mutation(({ ctx, input }) => addBankHoliday(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  removeBankHoliday: protectedProcedure.input(bankHolidayInputSchema.pick({ date: true })).mutation(({ ctx, input }) => removeBankHoliday(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});
