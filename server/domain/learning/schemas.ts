// Inputs of learning actions (issue 17, docs/decisions/0039): every door parses through these.
import { z } from "zod";
import { pageSchema } from "../lists/paging";
import { calendarDate, freeText, wholeNumber } from "../validation";

export const SOURCE_KINDS = ["FINDING", "DISAGREEMENT", "THEME", "MEETING"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const id = (what: string) => z.uuid({ error: `That ${what} was not found` });

/** Exactly one source, as the page's query parameter gives it (finding=, disagreement=, theme=, meeting=). */
export const sourceShape = {
  findingId: id("audit finding").optional(),
  disagreementId: id("disagreement").optional(),
  themeId: id("theme").optional(),
  meetingId: id("meeting").optional(),
};
const ONE_SOURCE = "Set a learning action from one source: an audit finding, a disagreement, a theme or a strategy meeting";
const oneSource = (v: { findingId?: string; disagreementId?: string; themeId?: string; meetingId?: string }) =>
  [v.findingId, v.disagreementId, v.themeId, v.meetingId].filter(Boolean).length === 1;

export const sourceInputSchema = z.object(sourceShape).refine(oneSource, { path: ["source"], message: ONE_SOURCE });

export const createLearningActionInputSchema = z
  .object({
    ...sourceShape,
    title: freeText("the title", { error: "Enter a title for the learning action" }).min(1, "Enter a title for the learning action").max(200, "Keep the title to 200 characters or fewer"),
    description: freeText("what will change", { multiline: true, error: "Say what will change" }).min(1, "Say what will change").max(8000, "Keep what will change to 8,000 characters or fewer"),
    owningAgencyId: z.uuid({ error: "Choose the agency that owns the action" }),
    dueOn: calendarDate("Enter the due date as a real date"),
  })
  .refine(oneSource, { path: ["source"], message: ONE_SOURCE });
export type CreateLearningActionInput = z.input<typeof createLearningActionInputSchema>;

const STALE = "This page is out of date. Reload it and try again.";
export const learningActionIdSchema = z.object({ learningActionId: id("learning action") });

export const completeLearningActionInputSchema = z.object({
  learningActionId: id("learning action"),
  /** The version the person saw: a stale view cannot complete (or complete twice). */
  expectedVersion: wholeNumber(STALE, { min: 0, max: 1_000_000 }).optional(),
  evidence: freeText("the evidence", { multiline: true, error: "Describe the evidence that the action is complete" })
    .min(1, "Describe the evidence that the action is complete")
    .max(8000, "Keep the evidence to 8,000 characters or fewer"),
});

export const changeDueDateInputSchema = z.object({
  learningActionId: id("learning action"),
  expectedVersion: wholeNumber(STALE, { min: 0, max: 1_000_000 }),
  dueOn: calendarDate("Enter the new due date as a real date"),
  reason: freeText("the reason", { multiline: true, error: "Say why the due date changes" }).min(1, "Say why the due date changes").max(2000, "Keep the reason to 2,000 characters or fewer"),
});

export const LIST_STATES = ["all", "open", "overdue", "completed"] as const;
export const listLearningActionsInputSchema = z.object({
  state: z.enum(LIST_STATES, { error: "Choose which learning actions to show" }).default("all"),
  sourceKind: z.enum(SOURCE_KINDS, { error: "Choose where the actions came from" }).optional(),
  owningAgencyId: z.uuid({ error: "Choose the agency from the list" }).optional(),
  /** Part of the title, any case. */
  search: freeText("the words to search for").max(100, "Search for 100 characters or fewer").transform((v) => v || undefined).optional(),
  page: pageSchema,
});
