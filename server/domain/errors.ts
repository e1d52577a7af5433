// Domain errors. Domain code throws these; each door (tRPC, Remix, Socket.IO) maps them to its
// own form. Their messages are written for the person using Concord, so doors may show them.
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
