// One zod schema per front-door input, used by the tRPC procedures, the Remix forms and tests.
import { z } from "zod";
import { ConcernCategory, ContactChannel, FeedbackMethod, NoConsentGround, ThresholdOutcome } from "../../db/generated/enums";
import { freeText, instant, optionalFreeText, wholeNumber, yesNo } from "../validation";
import { pagingShape } from "../lists/paging";

/** The council's case-management number: 2-5 letters, optional hyphen, 4-10 digits (e.g. CSC-123456). */
export const CASE_REFERENCE_PATTERN = /^[A-Z]{2,5}-?\d{4,10}$/;

export const caseReferenceSchema = z
  .string({ error: "Enter the case reference" })
  .trim()
  .toUpperCase()
  .min(1, "Enter the case reference")
  .regex(CASE_REFERENCE_PATTERN, "Enter the case reference in the council's format, like CSC-123456");

/**
 * A referring agency's own reference for the child (a police occurrence number, a school's pupil
 * record number...): any format, but at least one digit, so that a name cannot be typed in its place.
 */
export const referrerReferenceSchema = z
  .string({ error: "Enter your case reference" })
  .trim()
  .toUpperCase()
  .min(1, "Enter your case reference")
  .max(40, "Your case reference must be 40 characters or fewer")
  .regex(/^(?=.*\d)[A-Z0-9][A-Z0-9 /._-]*$/, "Enter your case reference: letters, digits, spaces, / . _ or -, with at least one digit (not the child's name)");

/**
 * Whether the family knows about a referral and agrees to it, and, when it is shared without
 * their agreement, the ground (DfE "Information sharing: advice for practitioners", 2024) and a
 * short explanation. See docs/decisions/0037.
 */
const consentShape = {
  familyKnows: yesNo("Say whether the family knows about this referral"),
  familyConsents: yesNo("Say whether the family agrees to this referral"),
  noConsentGround: z.preprocess((value) => (value === "" ? undefined : value), z.enum(NoConsentGround, { error: "Choose why the contact is shared without the family's agreement" }).optional()),
  noConsentExplanation: optionalFreeText("the explanation", 1000, "The explanation must be 1000 characters or fewer", { multiline: true }),
};

/** The answers must fit together; the database's CHECK constraints say the same. */
function checkConsent(value: { familyKnows: boolean; familyConsents: boolean; noConsentGround?: NoConsentGround; noConsentExplanation?: string }, ctx: z.RefinementCtx) {
  if (value.familyConsents && !value.familyKnows) {
    ctx.addIssue({ code: "custom", path: ["familyConsents"], message: "The family cannot agree to a referral they do not know about: check both answers" });
  }
  if (value.familyConsents) return;
  if (!value.noConsentGround) {
    ctx.addIssue({ code: "custom", path: ["noConsentGround"], message: "Choose why the contact is shared without the family's agreement" });
  } else if (value.noConsentGround === "REFUSED_RISK_OUTWEIGHS" && !value.familyKnows) {
    ctx.addIssue({ code: "custom", path: ["noConsentGround"], message: "The family cannot have refused a referral they do not know about: choose another reason, or say that the family knows" });
  }
  if (!value.noConsentExplanation) {
    ctx.addIssue({ code: "custom", path: ["noConsentExplanation"], message: "Explain briefly why the contact is shared without the family's agreement" });
  }
}

const levelSchema = wholeNumber("Choose a threshold level from 1 to 4", { min: 1, max: 4 });

/**
 * A partner names the child by its own reference and what it knows (initials, year of birth).
 * Only the council's front door gives the council's case reference, which links the contact to
 * the council's case record (see docs/decisions/0016).
 */
export const recordContactInputSchema = z.object({
  caseReference: z.union([z.literal("").transform(() => undefined), caseReferenceSchema]).optional(),
  referrerReference: z.union([z.literal("").transform(() => undefined), referrerReferenceSchema]).optional(),
  /** "J.S.", "j s" and "J-S" are all "JS": people write initials with stops and spaces. */
  initials: freeText("the initials")
    .toUpperCase()
    .optional()
    .transform((v) => v?.replace(/[.\s-]/g, "") || undefined)
    .pipe(z.string().regex(/^[A-Z]{1,3}$/, "Initials must be 1 to 3 letters").optional()),
  yearOfBirth: z
    .union([z.literal("").transform(() => undefined), wholeNumber("Enter a year of birth from 2000, like 2015", { min: 2000, max: 2100 })])
    .optional(),
  /** Defaults to the recorder's own agency; council staff may record on behalf of another. */
  sourceAgencyId: z.uuid({ error: "Choose the agency that made the contact" }).optional(),
  referrerName: optionalFreeText("the referrer's name", 120, "Referrer's name must be 120 characters or fewer"),
  receivedAt: instant("Enter the date and time the contact was made"),
  channel: z.enum(ContactChannel, { error: "Choose how the contact was made" }).default("ONLINE"),
  concernCategory: z.enum(ConcernCategory, { error: "Choose the main concern" }),
  referrerLevel: levelSchema,
  summary: freeText("the summary", { multiline: true, error: "Enter a short summary" }).min(1, "Enter a short summary").max(2000, "Summary must be 2000 characters or fewer"),
  ...consentShape,
}).superRefine(checkConsent);
export type RecordContactInput = z.input<typeof recordContactInputSchema>;

export const recordDecisionInputSchema = z.object({
  contactId: z.uuid({ error: "Choose a contact" }),
  levelApplied: levelSchema,
  outcome: z.enum(ThresholdOutcome, { error: "Choose the outcome" }),
  rationale: freeText("the reasons", { multiline: true, error: "Enter the reasons for the decision" }).min(1, "Enter the reasons for the decision").max(4000, "Reasons must be 4000 characters or fewer"),
  closureReason: optionalFreeText("the closure reason", 2000, "Closure reason must be 2000 characters or fewer", { multiline: true }),
  /** The council's case reference, linking a contact that is not linked to a case yet. */
  caseReference: z.union([z.literal("").transform(() => undefined), caseReferenceSchema]).optional(),
});
export type RecordDecisionInput = z.input<typeof recordDecisionInputSchema>;

export const signOffInputSchema = z.object({
  contactId: z.uuid({ error: "Choose a contact" }),
  /** The decision the manager read: sign-off fails if it is no longer the current one. */
  decisionId: z.uuid({ error: "Choose a decision" }),
});

/** A page of contacts: undecided first, most overdue first; then the rest, newest first. */
export const listContactsInputSchema = z
  .strictObject({
    status: z.enum(["AWAITING_DECISION", "AWAITING_SIGN_OFF", "DECIDED", "CLOSED"], { error: "Choose a status from the list" }).optional(),
    sourceAgencyId: z.uuid({ error: "Choose an agency from the list" }).optional(),
    ...pagingShape,
  })
  .default({ page: 1 });

export const contactIdInputSchema = z.object({ contactId: z.uuid({ error: "That contact was not found" }) });

export const thresholdLevelInputSchema = z.object({
  level: levelSchema,
  label: freeText("the label").min(1, "Enter a label").max(60, "Label must be 60 characters or fewer"),
  description: freeText("the description", { multiline: true }).min(1, "Enter a description").max(300, "Description must be 300 characters or fewer"),
});

/** Feedback to the referrer on the front door's decision: who was told, when and how. */
export const recordFeedbackInputSchema = z.object({
  contactId: z.uuid({ error: "That contact was not found" }),
  toldName: freeText("who was told", { error: "Enter who was told" }).min(1, "Enter who was told").max(120, "Who was told must be 120 characters or fewer"),
  toldAt: instant("Enter the date and time the referrer was told"),
  method: z.enum(FeedbackMethod, { error: "Choose how the referrer was told" }),
});
export type RecordFeedbackInput = z.input<typeof recordFeedbackInputSchema>;
