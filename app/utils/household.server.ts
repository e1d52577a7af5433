// The convene form's children (one household): rows of case reference, initials and year of
// birth. Blank rows are left out; errors about the children the server numbered are put back
// on the rows the person filled in.
import { json } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { MAX_MEETING_CHILDREN } from "../../server/domain/meetings/schemas";
import { describeError, toFormResponse, type FormErrors } from "./errors.server";

export function readHousehold(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const rows: number[] = [];
  const children = [];
  for (let i = 0; i < MAX_MEETING_CHILDREN; i++) {
    const row = { caseReference: text(`children.${i}.caseReference`), initials: text(`children.${i}.initials`), yearOfBirth: text(`children.${i}.yearOfBirth`) };
    if (!row.caseReference && !row.initials && !row.yearOfBirth) continue;
    rows.push(i);
    children.push({ caseReference: row.caseReference, initials: row.initials || undefined, yearOfBirth: (row.yearOfBirth || undefined) as never });
  }
  return { children, rows };
}

/** toFormResponse, with the children's errors on the rows as filled in (and the lone case reference on the first). */
export function householdFormResponse(error: unknown, request: Request, rows: number[]) {
  if (!(error instanceof TRPCError) || error.code === "UNAUTHORIZED") return toFormResponse(error, request);
  const { status, formError, fieldErrors } = describeError(error);
  const mapped: Record<string, string> = {};
  for (const [key, message] of Object.entries(fieldErrors)) {
    const match = /^children\.(\d+)\.(.+)$/.exec(key);
    const target = match ? `children.${rows[Number(match[1])] ?? 0}.${match[2]}` : key === "caseReference" ? "children.0.caseReference" : key;
    mapped[target] ??= message;
  }
  return json<{ errors: FormErrors }>({ errors: { formError, fieldErrors: mapped } }, { status });
}
