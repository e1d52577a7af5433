import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan } from "../access/policy";

export async function listAgencies(services: Services, actor: Actor) {
  assertCan(actor, "read", "agency");
  return services.db.agency.findMany({ select: { id: true, name: true, kind: true }, orderBy: [{ kind: "asc" }, { name: "asc" }] });
}
