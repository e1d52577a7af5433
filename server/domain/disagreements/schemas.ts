import { z } from "zod";
import { DisagreementOutcome, DisagreementSubject, ThresholdOutcome } from "../../db/generated/enums";

const text = (min: string, max: number) => z.string({ error: min }).trim().min(1, min).max(max, `Must be ${max} characters or fewer`);
const level = z.coerce.number({ error: "Choose a level from 1 to 4" }).int().min(1, "Choose a level from 1 to 4").max(4, "Choose a level from 1 to 4");

export const raiseDisagreementInputSchema = z
  .object({
    contactId: z.uuid().optional(),
    meetingId: z.uuid().optional(),
    /** Needed when the council raises one (with a partner agency); otherwise it is the council. */
    receivingAgencyId: z.uuid({ error: "Choose the agency you disagree with" }).optional(),
    subject: z.enum(DisagreementSubject, { error: "Choose what you disagree with" }),
    soughtLevel: z.union([z.literal("").transform(() => undefined), level]).optional(),
    soughtOutcome: text("Say what you believe the right decision is", 2000),
    reasons: text("Give your reasons", 8000),
    urgent: z.boolean().default(false),
  })
  .refine((v) => v.contactId || v.meetingId, { path: ["contactId"], message: "Raise a disagreement from a decision or a meeting" });
export type RaiseDisagreementInput = z.input<typeof raiseDisagreementInputSchema>;

/** Every change carries the version the person saw, so a stale view cannot win. */
const base = { disagreementId: z.uuid({ error: "That disagreement was not found" }), expectedVersion: z.number().int().min(0) };

export const commentInputSchema = z.object({ ...base, body: text("Enter your comment", 8000) });
/** A reference to a record or document held elsewhere (e.g. a case-file note number), not the document itself. */
export const referenceInputSchema = z.object({ ...base, reference: text("Enter the reference", 500) });
export const escalateInputSchema = z.object({ ...base, reason: text("Give the reason for escalating", 4000) });
export const resolveInputSchema = z
  .object({
    ...base,
    outcome: z.enum(DisagreementOutcome, { error: "Choose the outcome" }),
    statement: text("Write the outcome statement agreed by both sides", 8000),
    /** When the outcome changes a front-door decision: the decision as it now stands. */
    newLevel: z.union([z.literal("").transform(() => undefined), level]).optional(),
    newDecisionOutcome: z.union([z.literal("").transform(() => undefined), z.enum(ThresholdOutcome)]).optional(),
  });
export const acknowledgeInputSchema = z.object(base);
export const tagThemesInputSchema = z.object({ ...base, themeIds: z.array(z.uuid()).max(20) });

export const listDisagreementsInputSchema = z
  .object({ status: z.enum(["OPEN", "RESOLVED"]).optional(), overdueOnly: z.boolean().default(false) })
  .default({ overdueOnly: false });

export const escalationStageInputSchema = z.object({
  stage: z.coerce.number().int().min(1).max(4),
  workingDays: z.coerce.number({ error: "Enter a number of working days" }).int("Enter a whole number").min(1, "At least 1 working day").max(20, "At most 20 working days"),
});
