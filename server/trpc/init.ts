// tRPC base procedures. Domain errors become TRPCErrors here, once, for every procedure;
// internal errors are logged and reach the caller only as a generic message.
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { DomainError, asDomainError, invalid, type DomainErrorCode } from "../domain/errors";
import { requireActor } from "../domain/access/policy";
import type { Context } from "./context";
import { logger } from "../logger";
// Installs the error map that writes zod's messages for a person, before any schema is parsed.
import "../domain/validation";

const SOMETHING_WENT_WRONG = "Something went wrong on our side. Try again.";
const UNREADABLE = "The request could not be read. Reload the page and try again.";

/**
 * tRPC's own refusals (unparseable JSON, an unknown procedure, a GET to a mutation) carry
 * messages for developers, such as the JSON parser's; a person gets one of these instead.
 */
const TRPC_OWN_MESSAGES: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  NOT_FOUND: "Concord has no such request. Reload the page and try again.",
  PAYLOAD_TOO_LARGE: "The request is too large. Shorten the text and try again.",
};

const CODE_MAP: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  INVALID: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  UNAUTHENTICATED: "UNAUTHORIZED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

/** Translate anything thrown below a door into a TRPCError with a message fit for a user. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  // Domain errors, and the database's unique-key refusals (a race the domain's check lost): 409.
  const domain = asDomainError(error);
  if (domain) return new TRPCError({ code: CODE_MAP[domain.code], message: domain.message, cause: domain });
  if (error instanceof ZodError) {
    return new TRPCError({ code: "BAD_REQUEST", message: error.issues[0]?.message ?? "Check the information you entered and try again.", cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: SOMETHING_WENT_WRONG, cause: error instanceof Error ? error : undefined });
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof DomainError
        ? cause.fieldErrors
        : cause instanceof ZodError
          ? Object.fromEntries(cause.issues.map((i) => [i.path.join("."), i.message]))
          : undefined;
    // Only our own messages reach a person: domain errors' and zod issues' (see validation.ts).
    // A message Concord writes for a person always travels as a DomainError, even a door's own
    // refusal (soloProcedure below), so it is told apart from tRPC's texts for developers
    // (a JSON parser's error, "No procedure found on path ...", a batch limit), which are replaced.
    const message =
      error.code === "INTERNAL_SERVER_ERROR"
        ? SOMETHING_WENT_WRONG
        : cause instanceof ZodError
          ? (cause.issues[0]?.message ?? "Check the information you entered and try again.")
          : cause instanceof DomainError
            ? cause.message
            : (TRPC_OWN_MESSAGES[error.code] ?? UNREADABLE);
    return {
      message,
      code: shape.code,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, fieldErrors: fieldErrors ?? null },
    };
  },
});

const translateErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    // tRPC wraps whatever a procedure throws as INTERNAL_SERVER_ERROR with the original as
    // cause; its own errors (unparseable input, failed validation) keep their code. Failed
    // validation gets the first issue's message (not zod's JSON dump) for server-side callers.
    const { error } = result;
    const translated =
      error.code === "INTERNAL_SERVER_ERROR" ? toTRPCError(error.cause ?? error) : error.cause instanceof ZodError ? toTRPCError(error.cause) : error;
    if (translated.code === "INTERNAL_SERVER_ERROR") logger.error({ err: result.error.cause ?? result.error, path }, "procedure failed");
    throw translated;
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(translateErrors);

/** Any signed-in, active user. Narrower checks live in the domain's policy functions. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  const actor = requireActor(ctx.actor);
  return next({ ctx: { ...ctx, actor, session: ctx.session! } });
});


/**
 * A public procedure that must be the only call in its HTTP request. Each sign-in costs a
 * password hash; refusing it inside a batch keeps one request to one check (and one throttle claim).
 */
export const soloProcedure = publicProcedure.use(({ ctx, next }) => {
  if ((ctx.callsInRequest ?? 1) > 1) {
    // A DomainError, not a bare TRPCError, so that the errorFormatter keeps this message for a person.
    throw invalid("Send a sign-in on its own, not together with other requests.");
  }
  return next();
});
