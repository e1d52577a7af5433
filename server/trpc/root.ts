// The whole tRPC API, served under /trpc and called server-side by Remix loaders.
import { router, createCallerFactory } from "./init";
import { authRouter } from "./routers/auth";
import { usersRouter, invitationsRouter } from "./routers/users";
import { agenciesRouter, auditRouter, homeRouter } from "./routers/misc";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  invitations: invitationsRouter,
  agencies: agenciesRouter,
  audit: auditRouter,
  home: homeRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
