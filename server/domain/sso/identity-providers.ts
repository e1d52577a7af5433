// An agency's identity provider (OpenID Connect): configured by its agency administrators or a
// system administrator; the client secret is encrypted at rest and never shown back
// (docs/decisions/0035-single-sign-on-per-agency.md).
import { assertRecentlyAuthenticated } from "../auth/reauthentication";
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCanManageIdentityProvider, identityProviderScope } from "../access/identity-providers";
import { recordAudit } from "../audit/audit";
import { forbidden, invalid, notFound } from "../errors";
import { transaction } from "../../db/transaction";
import { sealSecret } from "../../auth/secret-box";

const ISSUER = "Enter the issuer as a web address, like https://login.microsoftonline.com/your-tenant-id/v2.0";
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;

export const agencyIdInputSchema = z.object({ agencyId: z.uuid({ error: "Choose an agency" }) });

export const saveIdentityProviderInputSchema = z.object({
  agencyId: z.uuid({ error: "Choose an agency" }),
  issuer: z
    .string({ error: ISSUER })
    .trim()
    .min(1, ISSUER)
    .max(300, "The issuer must be 300 characters or fewer")
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && !/\s/.test(value), ISSUER),
  clientId: z.string({ error: "Enter the client id" }).trim().min(1, "Enter the client id").max(300, "The client id must be 300 characters or fewer").regex(/^[\x21-\x7e]+$/, "The client id is letters, digits and symbols, with no spaces"),
  /** Blank keeps the secret already stored. */
  clientSecret: z.string({ error: "Enter the client secret" }).max(1000, "The client secret must be 1000 characters or fewer").regex(/^[\x20-\x7e]*$/, "The client secret is letters, digits and symbols only").default(""),
  /** Comma-, space- or line-separated, like "icb.example.org, nhs.net". */
  domains: z
    .union([z.string().max(2000, "Enter at most 20 email domains"), z.array(z.string().max(253, "Enter each email domain like icb.example.org")).max(20, "Enter at most 20 email domains")], { error: "Enter the email domains" })
    .transform((value) => (Array.isArray(value) ? value.join(" ") : value))
    .transform((text) => [...new Set(text.toLowerCase().split(/[\s,;]+/).map((d) => d.replace(/^@/, "")).filter(Boolean))])
    .pipe(
      z
        .array(z.string().regex(DOMAIN, "Enter each email domain like icb.example.org, without the @ or anything before it"))
        .min(1, "Enter at least one email domain the provider vouches for")
        .max(20, "Enter at most 20 email domains"),
    ),
});
export type SaveIdentityProviderInput = z.input<typeof saveIdentityProviderInputSchema>;

/** The agencies whose single sign-on the actor may configure, each with whether it is set up. */
export async function listConfigurableAgencies(services: Services, actor: Actor) {
  const scope = identityProviderScope(actor);
  if (scope.kind === "none") throw forbidden();
  const agencies = await services.db.agency.findMany({
    where: scope.kind === "agency" ? { id: scope.agencyId } : {},
    select: { id: true, name: true, identityProvider: { select: { issuer: true } } },
    orderBy: { name: "asc" },
  });
  return agencies.map((a) => ({ agencyId: a.id, name: a.name, issuer: a.identityProvider?.issuer ?? null }));
}

/** One agency's configuration, without its secret. */
export async function viewIdentityProvider(services: Services, actor: Actor, input: z.input<typeof agencyIdInputSchema>) {
  const { agencyId } = agencyIdInputSchema.parse(input);
  assertCanManageIdentityProvider(actor);
  const agency = await services.db.agency.findUnique({
    where: { id: agencyId },
    select: {
      id: true,
      name: true,
      identityProvider: { select: { issuer: true, clientId: true, updatedAt: true, updatedBy: { select: { displayName: true } }, domains: { select: { domain: true }, orderBy: { domain: "asc" } }, _count: { select: { identities: true } } } },
    },
  });
  // Agencies are no secret (every signed-in person can list them); another agency's is refused.
  if (agency && !canReach(actor, agency.id)) throw forbidden();
  if (!agency) throw notFound("That agency");
  // Whoever controls the provider can sign in as the agency's people: prove it's you first.
  assertRecentlyAuthenticated(services, actor);
  const p = agency.identityProvider;
  return {
    agencyId: agency.id,
    agencyName: agency.name,
    callbackUrl: ssoCallbackUrl(services),
    canStoreSecrets: services.settings.singleSignOn.secretKey !== null,
    provider: p
      ? { issuer: p.issuer, clientId: p.clientId, domains: p.domains.map((d) => d.domain), updatedAt: p.updatedAt, updatedBy: p.updatedBy.displayName, linkedPeople: p._count.identities, hasSecret: true as const }
      : null,
  };
}

function canReach(actor: Actor, agencyId: string): boolean {
  const scope = identityProviderScope(actor);
  return scope.kind === "any" || (scope.kind === "agency" && scope.agencyId === agencyId);
}

/** Where providers send people back to: registered as the client's redirect URI. */
export function ssoCallbackUrl(services: Services): string {
  return `${services.settings.publicUrl ?? ""}/sso/callback`;
}

export async function saveIdentityProvider(services: Services, actor: Actor, input: SaveIdentityProviderInput, meta: { requestId?: string } = {}) {
  const data = saveIdentityProviderInputSchema.parse(input);
  assertCanManageIdentityProvider(actor);
  const { db, clock } = services;
  const agency = await db.agency.findUnique({ where: { id: data.agencyId }, select: { id: true, identityProvider: { select: { id: true, clientSecret: true } } } });
  if (agency && !canReach(actor, agency.id)) throw forbidden();
  if (!agency) throw notFound("That agency");
  // Whoever controls the provider can sign in as the agency's people: prove it's you first.
  assertRecentlyAuthenticated(services, actor);
  const { secretKey, allowHttpIssuers } = services.settings.singleSignOn;
  if (new URL(data.issuer).protocol !== "https:" && !allowHttpIssuers) throw invalid("Check the issuer", { issuer: "The issuer must start with https://" });
  if (!secretKey) {
    throw invalid("Concord cannot store a client secret yet: its operator must set IDENTITY_SECRET_KEY first (see the README, Single sign-on).");
  }
  const existing = agency.identityProvider;
  if (!existing && !data.clientSecret) throw invalid("Enter the client secret", { clientSecret: "Enter the client secret" });
  const clientSecret = data.clientSecret ? sealSecret(secretKey, data.clientSecret, agency.id) : existing!.clientSecret;
  const now = clock.now();
  const issuer = data.issuer;
  await transaction(db, async (tx) => {
    const saved = await tx.identityProvider.upsert({
      where: { agencyId: agency.id },
      create: { agencyId: agency.id, issuer, clientId: data.clientId, clientSecret, updatedAt: now, updatedById: actor.userId },
      update: { issuer, clientId: data.clientId, clientSecret, updatedAt: now, updatedById: actor.userId },
      select: { id: true },
    });
    await tx.identityProviderDomain.deleteMany({ where: { providerId: saved.id } });
    await tx.identityProviderDomain.createMany({ data: data.domains.map((domain) => ({ providerId: saved.id, domain })) });
    await recordAudit(
      tx,
      actor,
      // Never the secret; only whether it changed.
      { action: existing ? "identity_provider.update" : "identity_provider.create", entityType: "identity_provider", entityId: saved.id, detail: { agencyId: agency.id, issuer, clientId: data.clientId, domains: data.domains, secretChanged: !!data.clientSecret } },
      meta.requestId,
    );
  });
  return viewIdentityProvider(services, actor, { agencyId: agency.id });
}

/** Switch single sign-on off for an agency: its people's links to the provider go too (audited). */
export async function removeIdentityProvider(services: Services, actor: Actor, input: z.input<typeof agencyIdInputSchema>, meta: { requestId?: string } = {}) {
  const { agencyId } = agencyIdInputSchema.parse(input);
  assertCanManageIdentityProvider(actor);
  if (!canReach(actor, agencyId)) throw forbidden();
  assertRecentlyAuthenticated(services, actor);
  await transaction(services.db, async (tx) => {
    const provider = await tx.identityProvider.findUnique({ where: { agencyId }, select: { id: true, issuer: true } });
    if (!provider) throw notFound("That agency's single sign-on");
    const unlinked = await tx.userIdentity.deleteMany({ where: { providerId: provider.id } });
    await tx.identityProvider.delete({ where: { id: provider.id } });
    await recordAudit(tx, actor, { action: "identity_provider.remove", entityType: "identity_provider", entityId: provider.id, detail: { agencyId, issuer: provider.issuer, unlinkedPeople: unlinked.count } }, meta.requestId);
  });
  return { agencyId };
}
