// Inputs of joint audit rounds (issue 17, decision 0038): one schema each, shared by the tRPC
// procedures and the Remix forms. Every message is written for the person filling the form.
import { z } from "zod";
import { AuditSampleRule, DisagreementSubject } from "../../db/generated/enums";
import { calendarDate, freeText, optionalFreeText, wholeNumber, yesNo } from "../validation";

const text = (min: string, max: number, field: string) =>
  freeText(field, { multiline: true, error: min }).min(1, min).max(max, `Keep ${field} to ${max.toLocaleString("en-GB")} characters or fewer`);
const optionalText = (max: number, field: string) => optionalFreeText(field, max, `Keep ${field} to ${max.toLocaleString("en-GB")} characters or fewer`, { multiline: true });
const blankAsMissing = (value: unknown) => (value === "" || value === null ? undefined : value);

export const MAX_SAMPLE = 200;

export const createRoundInputSchema = z.object({
  title: freeText("the title", { error: "Enter a title for the round" }).min(1, "Enter a title for the round").max(200, "Keep the title to 200 characters or fewer"),
  periodStart: calendarDate("Enter the start of the period as a real date"),
  periodEnd: calendarDate("Enter the end of the period as a real date"),
  sampleRule: z.enum(AuditSampleRule, { error: "Choose how to pick the contacts" }),
  /** At most this many, picked at random; left empty, every contact the rule matches. */
  sampleSize: z.preprocess(blankAsMissing, wholeNumber(`Enter the number of contacts as a whole number from 1 to ${MAX_SAMPLE}, or leave it empty`, { min: 1, max: MAX_SAMPLE }).optional()),
  sourceAgencyId: z.preprocess(blankAsMissing, z.uuid({ error: "Choose the agency that made the contacts" }).optional()),
  thresholdLevel: z.preprocess(blankAsMissing, wholeNumber("Choose a threshold level from 1 to 4", { min: 1, max: 4 }).optional()),
  agencyIds: z.array(z.uuid({ error: "Choose the agencies taking part from the list" }), { error: "Choose the agencies taking part" }).min(1, "Choose at least one agency to take part").max(50, "Choose no more than 50 agencies"),
});
export type CreateRoundInput = z.input<typeof createRoundInputSchema>;

export const roundIdInputSchema = z.object({ roundId: z.uuid({ error: "That audit round was not found" }) });
export const itemInputSchema = z.object({ roundId: z.uuid({ error: "That audit round was not found" }), itemId: z.uuid({ error: "That contact was not found in this round" }) });

export const gradeInputSchema = z.object({
  itemId: z.uuid({ error: "That contact was not found in this round" }),
  levelRight: yesNo("Say whether the threshold level was right"),
  outcomeSafe: yesNo("Say whether the outcome was safe for the child"),
  rationaleRecorded: yesNo("Say whether the rationale was recorded"),
  reason: text("Give a short reason for your grade", 2000, "the reason"),
});
export type GradeInput = z.input<typeof gradeInputSchema>;

export const moderateInputSchema = z.object({
  itemId: z.uuid({ error: "That contact was not found in this round" }),
  agreedLevelRight: yesNo("Say whether the agencies agreed the threshold level was right"),
  agreedOutcomeSafe: yesNo("Say whether the agencies agreed the outcome was safe"),
  agreedRationaleRecorded: yesNo("Say whether the agencies agreed the rationale was recorded"),
  note: optionalText(4000, "the moderation note"),
});

export const findingInputSchema = z.object({
  roundId: z.uuid({ error: "That audit round was not found" }),
  /** The sampled contact the finding is about; empty for a finding about the whole round. */
  itemId: z.preprocess(blankAsMissing, z.uuid({ error: "Choose the contact the finding is about, or the whole round" }).optional()),
  summary: text("Write the finding", 4000, "the finding"),
  themeIds: z.array(z.uuid({ error: "Choose themes from the list" })).max(20, "Choose no more than 20 themes").default([]),
});

export const closeRoundInputSchema = z.object({
  roundId: z.uuid({ error: "That audit round was not found" }),
  summary: text("Write a summary of the round", 8000, "the summary"),
});

/** A partner agency's auditor challenges the decision a finding is about (decision 0038). */
export const raiseFromFindingInputSchema = z.object({
  findingId: z.uuid({ error: "That finding was not found" }),
  subject: z.enum(DisagreementSubject, { error: "Choose what you disagree with" }),
  soughtLevel: z.preprocess(blankAsMissing, wholeNumber("Choose a level from 1 to 4", { min: 1, max: 4 }).optional()),
  soughtOutcome: text("Say what you believe the right decision is", 2000, "the decision you believe is right"),
  reasons: text("Give your reasons", 8000, "the reasons"),
  urgent: z.boolean({ error: "Say whether a child may be at risk of significant harm" }).default(false),
});
export type RaiseFromFindingInput = z.input<typeof raiseFromFindingInputSchema>;
