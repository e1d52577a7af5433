// Shared building blocks for every input schema (tRPC procedures, Remix forms, socket payloads),
// and the error map that writes zod's messages for a person. See
// docs/decisions/0017-input-validation-and-fuzzing.md.
//
// Why these exist: PostgreSQL refuses a NUL byte in text and a lone surrogate in JSON, and
// refuses dates it cannot represent; z.coerce turns null, true and 0 into 1 January 1970 or the
// number 1. Each of those used to reach the database and come back as a 500 (or, worse, be
// stored). Schemas built from these refuse them up front with a message that names the field.
import { z } from "zod";
import { fromLondon } from "./calendar/working-days";

// ---------------------------------------------------------------------------------------------
// The error map. Every schema should say what it wants in its own words; this is the safety net
// for the checks that do not (an id, a nested field, an unexpected key), so that no default
// English message ("Invalid input", "Too big: expected number to be <=4") reaches a person.
// Installed once, for the whole process, when this module is first imported.

/** "receivedAt" -> "received at", "owningAgencyId" -> "owning agency", "themeIds" -> "themes". */
export function fieldLabel(path: readonly PropertyKey[]): string | undefined {
  const key = [...path].reverse().find((segment): segment is string => typeof segment === "string");
  if (!key) return undefined;
  return key
    .replace(/Ids$/, "s")
    .replace(/Id$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type Issue = z.core.$ZodRawIssue;

export function humanMessage(issue: Issue): string {
  const label = fieldLabel(issue.path ?? []);
  const the = label ? `the ${label}` : "this";
  const The = capitalise(the);
  const bound = (value: unknown) => (typeof value === "number" || typeof value === "bigint" ? Number(value).toLocaleString("en-GB") : String(value));
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return label ? `Enter ${the}` : "Some information is missing. Check the form and try again.";
      if (issue.expected === "number" || issue.expected === "int" || issue.expected === "bigint") return `Enter ${the} as a whole number`;
      if (issue.expected === "date") return `Enter ${the} as a real date and time`;
      if (issue.expected === "array") return `Choose ${the} from the list`;
      return `Check ${the}: it is not in the right form`;
    case "too_big":
      if (issue.origin === "string") return `${The} is too long: keep it to ${bound(issue.maximum)} characters or fewer`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose no more than ${bound(issue.maximum)} for ${the}`;
      if (issue.origin === "date") return `Enter ${the} no later than 2100`;
      return `${The} must be ${bound(issue.maximum)} or less`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? `Enter ${the}` : `${The} must be at least ${bound(issue.minimum)} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at least ${Number(issue.minimum) <= 1 ? "one" : bound(issue.minimum)} for ${the}`;
      if (issue.origin === "date") return `Enter ${the} no earlier than 1900`;
      return `${The} must be ${bound(issue.minimum)} or more`;
    case "invalid_format":
      if (issue.format === "uuid" || issue.format === "guid") return label ? `${The} was not found. Choose it again from the list` : "That record was not found";
      if (issue.format === "email") return "Enter an email address in the correct format, like name@example.org";
      if (issue.format === "url") return `Enter ${the} as a web address, starting https://`;
      if (issue.format === "date") return `Enter ${the} as a date, like 2026-11-30`;
      if (issue.format === "datetime") return `Enter ${the} as a date and time`;
      return `Check ${the}: it is not in the right form`;
    case "not_multiple_of":
      return `Enter ${the} as a whole number`;
    case "invalid_value":
      return `Choose ${the} from the options given`;
    case "unrecognized_keys":
      return "The form sent information Concord does not recognise. Reload the page and try again.";
    case "invalid_key":
    case "invalid_element":
    case "invalid_union":
    case "custom":
    default:
      return label ? `Check ${the}` : "Check the information you entered and try again.";
  }
}

z.config({ customError: humanMessage });

// ---------------------------------------------------------------------------------------------
// Free text

/**
 * Characters PostgreSQL cannot store (NUL), that no person types (other C0 and C1 controls,
 * DEL) or that are half of a character (a lone UTF-16 surrogate, which text columns silently
 * turn into U+FFFD and JSON columns refuse outright).
 */
const UNSTORABLE_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Multi-line text may also hold tabs and line breaks (browsers send textareas with CRLF). */
const UNSTORABLE_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnstorableCharacters(value: string, multiline: boolean): boolean {
  return (multiline ? UNSTORABLE_MULTI_LINE : UNSTORABLE_SINGLE_LINE).test(value);
}

export const unstorableMessage = (field: string, multiline: boolean) =>
  `${capitalise(field)} contains ${multiline ? "a character" : "a line break or a character"} that cannot be saved, such as an invisible control character. Remove it and try again.`;

/**
 * A trimmed string a person typed, refusing what cannot be stored. `field` names it in
 * messages ("the summary"); `error` is the message when it is missing or not text. Chain
 * `.min()` / `.max()` with messages of your own, as before.
 */
export function freeText(field: string, options: { multiline?: boolean; error?: string } = {}) {
  const multiline = options.multiline ?? false;
  return z
    .string({ error: options.error ?? `Enter ${field}` })
    .trim()
    .refine((value) => !hasUnstorableCharacters(value, multiline), { error: unstorableMessage(field, multiline), abort: true });
}

/** Optional free text: blank becomes undefined. */
export function optionalFreeText(field: string, max: number, maxMessage: string, options: { multiline?: boolean } = {}) {
  return freeText(field, options).max(max, maxMessage).optional().transform((v) => v || undefined);
}

// ---------------------------------------------------------------------------------------------
// Dates and times

/** Concord has no business before 1900 or after 2100; PostgreSQL and JS disagree far outside. */
export const EARLIEST = new Date("1900-01-01T00:00:00.000Z");
export const LATEST = new Date("2100-12-31T23:59:59.999Z");
const yearInRange = (year: number) => year >= EARLIEST.getUTCFullYear() && year <= LATEST.getUTCFullYear();

/** A calendar date as "YYYY-MM-DD" (a date input's value), a real day between 1900 and 2100. */
export function calendarDate(message: string) {
  return z.iso.date({ error: message }).refine((value) => yearInRange(Number(value.slice(0, 4))), { error: message });
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A form's datetime-local value ("2026-11-23T09:40") is UK local time; anything odd is left for zod to refuse. */
function readInstant(value: unknown): unknown {
  if (value instanceof Date) return value;
  if (typeof value !== "string") return value;
  const local = LOCAL_DATE_TIME.exec(value);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
    // Date.UTC reads years 0-99 as 1900-1999 and rolls 31 February into March: check first.
    const probe = new Date(Date.UTC(2000, month - 1, day));
    if (!yearInRange(year) || month < 1 || month > 12 || probe.getUTCDate() !== day || hour > 23 || minute > 59) return value;
    return fromLondon(value.slice(0, 10), { hour, minute, second: 0, millisecond: 0 });
  }
  if (ISO_INSTANT.test(value)) return new Date(value);
  return value;
}

/**
 * An instant: a Date (from code), an ISO 8601 timestamp with a zone (from JSON) or a form's
 * datetime-local value (UK time). Null, booleans and numbers are refused, not read as 1970.
 */
export function instant(message: string) {
  return z.preprocess(readInstant, z.date({ error: message }).min(EARLIEST, message).max(LATEST, message));
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A number, or a form field's digits; anything else (null, true, "", "1e3") is left for zod to refuse. */
function readWholeNumber(value: unknown): unknown {
  if (typeof value === "string" && /^\s*-?\d{1,15}\s*$/.test(value)) return Number(value);
  return value;
}

/**
 * A whole number between min and max, from code or a form; `message` for anything else, unless
 * `messages` gives a more precise one for a fraction or a number below or above the bounds.
 */
export function wholeNumber(message: string, bounds: { min: number; max: number }, messages: { int?: string; min?: string; max?: string } = {}) {
  return z.preprocess(
    readWholeNumber,
    z
      .number({ error: message })
      .int(messages.int ?? message)
      .min(bounds.min, messages.min ?? message)
      .max(bounds.max, messages.max ?? message),
  );
}

const BIGINT_MAX = 2n ** 63n - 1n;

/** A positive id of a bigint column (e.g. a paging cursor), as digits, a safe integer or a bigint. */
export function bigintId(message: string) {
  return z
    .union([z.string().regex(/^\d{1,19}$/), z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), z.bigint()], { error: message })
    .transform((value) => BigInt(value))
    .refine((value) => value >= 1n && value <= BIGINT_MAX, { error: message });
}

// ---------------------------------------------------------------------------------------------
// Yes or no

/** A yes-or-no answer: true or false from code, "yes" or "no" from a form's radios. */
export function yesNo(message: string) {
  return z.preprocess((value) => (value === "yes" ? true : value === "no" ? false : value), z.boolean({ error: message }));
}
