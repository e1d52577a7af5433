// The browser's tRPC client. Pages load through Remix loaders (server-side caller); the browser
// calls the API directly for live refreshes.
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "../../server/trpc/root";

export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/trpc", fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }) })],
});
