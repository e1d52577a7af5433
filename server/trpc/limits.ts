// Limits on tRPC batching, shared by the server and the browser's client (no imports: it is
// bundled into the browser). One HTTP request may carry at most this many procedure calls; the
// browser's batch link never sends more. Sign-in is never batched (see soloProcedure).
export const MAX_CALLS_PER_REQUEST = 10;
