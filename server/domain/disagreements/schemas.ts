import { z } from "zod";
import { pagingShape } from "../lists/paging";
import { DisagreementSubject, StageActor, ThresholdOutcome } from "../../db/generated/enums";
import { freeText, instant, optionalFreeText, wholeNumber } from "../validation";

/** Multi-line text a person writes: `min` is the message when it is blank; `field` names it in other messages. */
const text = (min: string, max: number, field = "this text") =>
  freeText(field, { multiline: true, error: min }).min(1, min).max(max, `Keep ${field} to ${max.toLocaleString("en-GB")} characters or fewer`);
const optionalText = (max: number, field: string) =>
  optionalFreeText(field, max, `Keep ${field} to ${max.toLocaleString("en-GB")} characters or fewer`, { multiline: true });
const level = wholeNumber("Choose a level from 1 to 4", { min: 1, max: 4 });

export const raiseDisagreementInputSchema = z
  .object({
    contactId: z.uuid({ error: "That contact was not found" }).optional(),
    meetingId: z.uuid({ error: "That meeting was not found" }).optional(),
    /** For a meeting: the invited agency the raiser disagrees with (the chair's agency if left out). For a contact it is fixed by the decision. */
    receivingAgencyId: z.uuid({ error: "Choose the agency you disagree with" }).optional(),
    subject: z.enum(DisagreementSubject, { error: "Choose what you disagree with" }),
    soughtLevel: z.union([z.literal("").transform(() => undefined), level]).optional(),
    soughtOutcome: text("Say what you believe the right decision is", 2000, "the decision you believe is right"),
    reasons: text("Give your reasons", 8000, "the reasons"),
    /** A child may be at risk of significant harm: urgent timescales, and the raiser may start higher. */
    urgent: z.boolean({ error: "Say whether a child may be at risk of significant harm" }).default(false),
    startStage: wholeNumber("Choose the stage to start at", { min: 1, max: 6 }).default(1),
    startReason: optionalText(4000, "the reason for starting higher"),
  })
  .refine((v) => v.contactId || v.meetingId, { path: ["contactId"], message: "Raise a disagreement from a decision or a meeting" })
  .refine((v) => v.startStage === 1 || v.urgent, { path: ["startStage"], message: "Start above stage 1 only when a child may be at risk of significant harm" })
  .refine((v) => v.startStage === 1 || v.startReason, { path: ["startReason"], message: "Say why this needs to start above stage 1" });
export type RaiseDisagreementInput = z.input<typeof raiseDisagreementInputSchema>;

/** Every change carries the version the person saw, so a stale view cannot win. */
const STALE = "This page is out of date. Reload it and try again.";
const base = {
  disagreementId: z.uuid({ error: "That disagreement was not found" }),
  expectedVersion: wholeNumber(STALE, { min: 0, max: 1_000_000 }),
};

export const commentInputSchema = z.object({ ...base, body: text("Enter your comment", 8000, "the comment") });
/** A reference to a record or document held elsewhere (e.g. a case-file note number), not the document itself. */
export const referenceInputSchema = z.object({ ...base, reference: text("Enter the reference", 500, "the reference") });
/** A side's position at the current stage. */
export const positionInputSchema = z.object({ ...base, position: text("Write your agency's position at this stage", 8000, "your agency's position") });
/** One dated next step of the stage's plan: a conversation or a meeting, who, when. */
export const nextStepInputSchema = z.object({
  ...base,
  kind: z.enum(["CONVERSATION", "MEETING"], { error: "Choose a conversation or a meeting" }),
  who: text("Say who will take part", 500, "who will take part"),
  when: instant("Enter the date and time of the next step"),
  note: optionalText(2000, "the note"),
});
export const escalateInputSchema = z.object({ ...base, reason: text("Give the reason for escalating", 4000, "the reason for escalating") });

/** An outcome both sides could agree; withdrawal is the raiser's alone. */
const AGREEABLE = ["UPHELD", "CHANGED", "PARTLY_CHANGED"] as const;
const agreeableOutcome = z.enum(AGREEABLE, { error: "Choose the outcome: upheld, changed or partly changed" });

export const proposeInputSchema = z.object({ ...base, outcome: agreeableOutcome, statement: text("Write the outcome statement you propose", 8000, "the outcome statement") });
export const answerInputSchema = z
  .object({
    ...base,
    proposalId: z.uuid({ error: "That proposal was not found" }),
    answer: z.enum(["ACCEPT", "DECLINE"], { error: "Choose whether you accept or decline the proposal" }),
    reasons: optionalText(4000, "the reasons"),
  })
  .refine((v) => v.answer === "ACCEPT" || v.reasons, { path: ["reasons"], message: "Give your reasons for declining" });
export const withdrawInputSchema = z.object({ ...base, statement: text("Say why you are withdrawing the disagreement", 8000, "the reasons for withdrawing") });
export const determineInputSchema = z.object({ ...base, outcome: agreeableOutcome, statement: text("Write the partnership's determination", 8000, "the determination") });
/** The council's new decision after an outcome that changed it. */
export const changedDecisionInputSchema = z.object({
  ...base,
  levelApplied: level,
  outcome: z.enum(ThresholdOutcome, { error: "Choose the outcome that now applies" }),
  rationale: text("Give the reasons for the new decision", 8000, "the reasons for the new decision"),
  closureReason: optionalText(4000, "the closure reason"),
});
export const acknowledgeInputSchema = z.object(base);
export const tagThemesInputSchema = z.object({ ...base, themeIds: z.array(z.uuid({ error: "Choose themes from the list" }), { error: "Choose themes from the list" }).max(20, "Choose at most 20 themes") });

/** A page of disagreements: open ones first, overdue and soonest due first; then the rest, newest first. */
export const listDisagreementsInputSchema = z
  .strictObject({
    status: z.enum(["OPEN", "RESOLVED"], { error: "Choose open or resolved" }).optional(),
    overdueOnly: z.boolean({ error: "Choose whether to show only overdue disagreements" }).default(false),
    urgentOnly: z.boolean({ error: "Choose whether to show only urgent disagreements" }).default(false),
    /** Either side: the raising or the receiving agency. */
    agencyId: z.uuid({ error: "Choose an agency from the list" }).optional(),
    ...pagingShape,
  })
  .default({ overdueOnly: false, urgentOnly: false, page: 1 });

const time = (label: string) => z.string({ error: `Enter ${label} as HH:MM` }).trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter ${label} as HH:MM, for example 16:00`);

export const ladderStageInputSchema = z.object({
  label: freeText("the stage's name", { error: "Give the stage a name" }).min(1, "Give the stage a name").max(120, "Keep the stage's name to 120 characters or fewer"),
  raisingActor: z.enum(StageActor, { error: "Choose who acts for the raising agency" }),
  receivingActor: z.enum(StageActor, { error: "Choose who acts for the other agency" }),
  workingDays: wholeNumber("Enter a number of working days", { min: 1, max: 20 }, { int: "Enter a whole number of working days", min: "At least 1 working day", max: "At most 20 working days" }),
  urgentWorkingDays: wholeNumber("Enter a number of working days", { min: 0, max: 5 }, { int: "Enter a whole number of working days", min: "0 means the end of the same working day", max: "At most 5 working days" }),
});

/** A whole ladder, saved as a new version. */
export const ladderInputSchema = z
  .object({
    stages: z.array(ladderStageInputSchema).min(3, "A ladder has 3 to 6 stages").max(6, "A ladder has 3 to 6 stages"),
    urgentCutoff: time("the cut-off time"),
    workingDayEnd: time("the end of the working day"),
    /** Move open disagreements onto the new ladder (refused if one is at a stage it no longer has). */
    moveOpen: z.boolean().default(false),
  })
  .refine((v) => v.urgentCutoff <= v.workingDayEnd, { path: ["urgentCutoff"], message: "The cut-off must be no later than the end of the working day" });
export type LadderInput = z.input<typeof ladderInputSchema>;
