// The whole tRPC API, served under /trpc and called server-side by Remix loaders.
import { router, createCallerFactory } from "./init";
import { authRouter } from "./routers/auth";
import { usersRouter, invitationsRouter } from "./routers/users";
import { agenciesRouter, auditRouter, homeRouter } from "./routers/misc";
import { contactsRouter, settingsRouter } from "./routers/front-door";
import { meetingsRouter, actionsRouter, meetingSettingsRouter, discussionRequestsRouter } from "./routers/meetings";
import { disagreementsRouter } from "./routers/disagreements";
import { figuresRouter } from "./routers/figures";
import { mailRouter } from "./routers/mail";
import { ssoRouter, identityProvidersRouter } from "./routers/sso";
import { dataProtectionRouter } from "./routers/data-protection";
import { accessReviewRouter, retentionRouter } from "./routers/retention";
import { auditsRouter } from "./routers/audits";
import { learningActionsRouter } from "./routers/learning-actions";
import { reportRouter, scrutinyRouter } from "./routers/scrutiny";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  invitations: invitationsRouter,
  agencies: agenciesRouter,
  audit: auditRouter,
  home: homeRouter,
  contacts: contactsRouter,
  settings: settingsRouter,
  meetings: meetingsRouter,
  actions: actionsRouter,
  meetingSettings: meetingSettingsRouter,
  discussionRequests: discussionRequestsRouter,
  disagreements: disagreementsRouter,
  figures: figuresRouter,
  mail: mailRouter,
  sso: ssoRouter,
  identityProviders: identityProvidersRouter,
  dataProtection: dataProtectionRouter,
  retention: retentionRouter,
  accessReview: accessReviewRouter,
  audits: auditsRouter,
  learningActions: learningActionsRouter,
  scrutiny: scrutinyRouter,
  report: reportRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
