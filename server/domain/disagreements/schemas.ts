import { z } from "zod";
import { DisagreementOutcome, DisagreementSubject, ThresholdOutcome } from "../../db/generated/enums";
import { freeText, wholeNumber } from "../validation";

/** `field` names it in messages ("the comment"); `min` is the message when it is blank. */
const text = (field: string, min: string, max: number) => freeText(field, { multiline: true, error: min }).min(1, min).max(max, `${field.charAt(0).toUpperCase()}${field.slice(1)} must be ${max.toLocaleString("en-GB")} characters or fewer`);
const level = wholeNumber("Choose a level from 1 to 4", { min: 1, max: 4 });

export const raiseDisagreementInputSchema = z
  .object({
    contactId: z.uuid().optional(),
    meetingId: z.uuid().optional(),
    /** Needed when the council raises one (with a partner agency); otherwise it is the council. */
    receivingAgencyId: z.uuid({ error: "Choose the agency you disagree with" }).optional(),
    subject: z.enum(DisagreementSubject, { error: "Choose what you disagree with" }),
    soughtLevel: z.union([z.literal("").transform(() => undefined), level]).optional(),
    soughtOutcome: text("the decision you believe is right", "Say what you believe the right decision is", 2000),
    reasons: text("the reasons", "Give your reasons", 8000),
    urgent: z.boolean().default(false),
  })
  .refine((v) => v.contactId || v.meetingId, { path: ["contactId"], message: "Raise a disagreement from a decision or a meeting" });
export type RaiseDisagreementInput = z.input<typeof raiseDisagreementInputSchema>;

/** Every change carries the version the person saw, so a stale view cannot win. */
const STALE = "This page is out of date. Reload it and try again.";
const base = {
  disagreementId: z.uuid({ error: "That disagreement was not found" }),
  expectedVersion: z.number({ error: STALE }).int(STALE).min(0, STALE).max(1_000_000, STALE),
};

export const commentInputSchema = z.object({ ...base, body: text("the comment", "Enter your comment", 8000) });
/** A reference to a record or document held elsewhere (e.g. a case-file note number), not the document itself. */
export const referenceInputSchema = z.object({ ...base, reference: text("the reference", "Enter the reference", 500) });
export const escalateInputSchema = z.object({ ...base, reason: text("the reason for escalating", "Give the reason for escalating", 4000) });
export const resolveInputSchema = z
  .object({
    ...base,
    outcome: z.enum(DisagreementOutcome, { error: "Choose the outcome" }),
    statement: text("the outcome statement", "Write the outcome statement agreed by both sides", 8000),
    /** When the outcome changes a front-door decision: the decision as it now stands. */
    newLevel: z.union([z.literal("").transform(() => undefined), level]).optional(),
    newDecisionOutcome: z.union([z.literal("").transform(() => undefined), z.enum(ThresholdOutcome)]).optional(),
  });
export const acknowledgeInputSchema = z.object(base);
export const tagThemesInputSchema = z.object({ ...base, themeIds: z.array(z.uuid({ error: "Choose themes from the list" }), { error: "Choose themes from the list" }).max(20, "Choose up to 20 themes") });

export const listDisagreementsInputSchema = z
  .object({ status: z.enum(["OPEN", "RESOLVED"]).optional(), overdueOnly: z.boolean().default(false) })
  .default({ overdueOnly: false });

export const escalationStageInputSchema = z.object({
  stage: wholeNumber("Choose a stage of the ladder, from 1 to 4", { min: 1, max: 4 }),
  workingDays: wholeNumber("Enter a whole number of working days, from 1 to 20", { min: 1, max: 20 }),
});
