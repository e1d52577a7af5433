// The landing page of each role: who the actor is and what their role's page shows.
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertRole, navigationAbilities } from "../access/policy";
import { landingPathFor, ROLE_LABELS, type RoleName } from "../access/roles";
import { homeTasks } from "./tasks";

export function describeActor(actor: Actor) {
  return {
    userId: actor.userId,
    displayName: actor.displayName,
    agencyId: actor.agencyId,
    agencyName: actor.agencyName,
    roles: actor.roles,
    roleLabels: actor.roles.map((r) => ROLE_LABELS[r]),
    landingPath: landingPathFor(actor.roles),
    /** The pages this person may use, for the service navigation. */
    navigation: navigationAbilities(actor),
  };
}

/** A role's home page: refused to anyone without that role. It lists the person's work. */
export async function roleHome(services: Services, actor: Actor, role: RoleName, meta: { requestId?: string } = {}) {
  assertRole(actor, role);
  const tasks = await homeTasks(services, actor, meta);
  return { role, roleLabel: ROLE_LABELS[role], me: describeActor(actor), ...tasks };
}
