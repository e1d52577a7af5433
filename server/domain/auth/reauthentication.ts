// Sensitive actions (deactivating people, changing settings, identity configuration, resetting
// someone's second factor) need the person to have proved who they are recently in this session,
// not only to hold a session: a browser left signed in on a shared PC must not be enough.
// The session keeps when it last authenticated (sign-in, or the "Confirm it's you" page,
// markSessionFreshlyAuthenticated); the domain refuses the action when that is too long ago.
// See docs/decisions/0034-two-factor-and-reauthentication.md.
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { DomainError } from "../errors";

/** How long a proof of identity counts for sensitive actions. */
export const REAUTHENTICATE_WITHIN_MINUTES = 10;

export const REAUTHENTICATION_MESSAGE = "Confirm it's you before you do that: enter your password again.";

/** Refused until the person confirms it's them; doors send them to the "Confirm it's you" page. */
export class ReauthenticationRequired extends DomainError {
  readonly reauthenticate = true;
  constructor() {
    super("FORBIDDEN", REAUTHENTICATION_MESSAGE);
    this.name = "ReauthenticationRequired";
  }
}

export function isReauthenticationRequired(error: unknown): boolean {
  return error instanceof DomainError && (error as Partial<ReauthenticationRequired>).reauthenticate === true;
}

/** Whether the actor's session proved who they are within the last few minutes. */
export function recentlyAuthenticated(services: Services, actor: Actor): boolean {
  if (!actor.authenticatedAt) return false;
  const age = services.clock.now().getTime() - actor.authenticatedAt.getTime();
  return age <= REAUTHENTICATE_WITHIN_MINUTES * 60_000;
}

/** Throws ReauthenticationRequired unless the actor authenticated recently. Call after the permission check. */
export function assertRecentlyAuthenticated(services: Services, actor: Actor): void {
  if (!recentlyAuthenticated(services, actor)) throw new ReauthenticationRequired();
}
