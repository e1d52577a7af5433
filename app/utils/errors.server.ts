// How Remix loaders and actions (a door) show errors from the tRPC caller: page errors become
// redirects or HTTP responses, form errors become messages next to fields. Never a stack trace.
import { json, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";

export interface FormErrors {
  formError: string;
  fieldErrors: Record<string, string>;
}

export function describeError(error: TRPCError): FormErrors & { status: number } {
  const cause = error.cause as (Error & { fieldErrors?: Record<string, string> }) | undefined;
  const fieldErrors: Record<string, string> = {};
  let formError = error.message;
  if (cause instanceof ZodError) {
    for (const issue of cause.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
    formError = cause.issues[0]?.message ?? "Check the information you entered.";
  } else if (cause?.fieldErrors) {
    Object.assign(fieldErrors, cause.fieldErrors);
  }
  if (error.code === "INTERNAL_SERVER_ERROR") formError = "Something went wrong on our side. Try again.";
  return { status: getHTTPStatusCodeFromError(error), formError, fieldErrors };
}

/**
 * A sensitive action refused until the person confirms it's them (server/domain/auth/
 * reauthentication.ts): send them to "Confirm it's you", which brings them back to the page they
 * acted from (the Referer of a form post, when it is this site's) to do it again.
 */
function confirmItsYouRedirect(error: TRPCError, request: Request): void {
  const cause = error.cause as { reauthenticate?: unknown } | undefined;
  if (cause?.reauthenticate !== true) return;
  const url = new URL(request.url);
  let back = url.pathname + url.search;
  const referer = request.headers.get("referer");
  if (request.method !== "GET" && referer) {
    try {
      const from = new URL(referer);
      if (from.origin === url.origin) back = from.pathname + from.search;
    } catch {
      // An unreadable Referer: back to the URL the form posted to.
    }
  }
  throw redirect(`/confirm-its-you?${new URLSearchParams({ returnTo: back })}`);
}

/** For loaders: signed-out users go to the sign-in page; refusals become 403/404 pages. */
export function toPageResponse(error: unknown, request: Request): never {
  if (!(error instanceof TRPCError)) throw error;
  confirmItsYouRedirect(error, request);
  if (error.code === "UNAUTHORIZED") {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const { status, formError } = describeError(error);
  throw new Response(formError, { status, statusText: formError });
}

/** For actions: a 4xx with messages for the form; anything unexpected is rethrown. */
export function toFormResponse(error: unknown, request: Request, options: { fieldNames?: Record<string, string> } = {}) {
  if (!(error instanceof TRPCError)) throw error;
  confirmItsYouRedirect(error, request);
  if (error.code === "UNAUTHORIZED" && !new URL(request.url).pathname.startsWith("/login")) toPageResponse(error, request);
  const { status, ...errors } = describeError(error);
  // A form whose field has another name than the input it fills (fieldNames: input -> form field).
  const fieldErrors = Object.fromEntries(Object.entries(errors.fieldErrors).map(([field, message]) => [options.fieldNames?.[field] ?? field, message]));
  return json<{ errors: FormErrors }>({ errors: { ...errors, fieldErrors } }, { status });
}

export const UNREADABLE_FORM = "The form could not be read. Reload the page and try again.";

/** For actions: the submitted form; a body that is not a form is a 400 with a message, never a 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(UNREADABLE_FORM, { status: 400, statusText: "Bad Request" });
  }
}

/** Run a loader body; map tRPC refusals to pages. */
export async function loadPage<T>(request: Request, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    toPageResponse(error, request);
  }
}
