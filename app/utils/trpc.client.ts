// The browser's tRPC client. Pages load through Remix loaders (server-side caller); the browser
// calls the API directly for live refreshes. Batches stay within the server's limit, and the
// auth procedures and accepting an invitation (each a sign-in) always go alone: the server
// refuses them in a batch.
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import type { AppRouter } from "../../server/trpc/root";
import { MAX_CALLS_PER_REQUEST } from "../../server/trpc/limits";

const url = "/trpc";
const fetchSameOrigin: typeof fetch = (input, init) => fetch(input, { ...init, credentials: "same-origin" });

export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.path.startsWith("auth.") || op.path === "invitations.accept",
      true: httpLink({ url, fetch: fetchSameOrigin }),
      false: httpBatchLink({ url, fetch: fetchSameOrigin, maxItems: MAX_CALLS_PER_REQUEST }),
    }),
  ],
});
