// Domain errors. Domain code throws these; each door (tRPC, Remix, Socket.IO) maps them to its
// own form. Their messages are written for the person using Concord, so doors may show them.
import { isRetryableTransactionFailure } from "../db/transaction";

export type DomainErrorCode = "INVALID" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHENTICATED" | "TOO_MANY_REQUESTS";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Per-field messages for forms, keyed by input field name. */
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, fieldErrors?: Record<string, string>) => new DomainError("INVALID", message, fieldErrors);
export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do that.") => new DomainError("FORBIDDEN", message);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const unauthenticated = (message = "Sign in to continue.") => new DomainError("UNAUTHENTICATED", message);
export const tooManyRequests = (message: string) => new DomainError("TOO_MANY_REQUESTS", message);

/**
 * What a door should show for an error thrown below it: a domain error as itself, and the
 * database refusing a second copy of something unique (two people doing the same thing at the
 * same moment, after both passed the domain's own check) or a transaction PostgreSQL aborted for
 * a concurrent one (serialization failure, deadlock) as a conflict; null for anything else,
 * which is a fault of ours. Every door translates through here (toTRPCError, the socket handler).
 */
export function asDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (isUniqueViolation(error)) return conflict(SAME_MOMENT);
  // A transaction that kept losing to concurrent ones (db/transaction.ts gave up retrying), or
  // one that was never retried: nothing of it was written, so the person may simply try again.
  if (error instanceof Error && (error.name === "TransactionContention" || isRetryableTransactionFailure(error))) return conflict(BUSY);
  return null;
}

const BUSY = "Several people changed this at the same moment and your change was not saved. Reload the page to see the latest, then try again if you still need to.";

const SAME_MOMENT = "Someone else made the same change at the same moment. Reload the page to see it, then try again if you still need to.";

/** Prisma's P2002 ("Unique constraint failed"), recognised without tying the domain to Prisma's classes. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && error.name === "PrismaClientKnownRequestError" && (error as { code?: unknown }).code === "P2002";
}

