// Accounts are created by invitation only: an administrator invites a person into an agency,
// and the person sets a password through a one-time link that expires.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan, hasRole } from "../access/policy";
import { roleNameSchema, type RoleName } from "../access/roles";
import { recordAudit } from "../audit/audit";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { emailSchema, newPasswordSchema } from "../auth/schemas";
import { hashPassword } from "../../auth/password";
import { login } from "../auth/login";
import { freeText, optionalFreeText } from "../validation";

export const inviteUserInputSchema = z.object({
  email: emailSchema,
  displayName: freeText("the name", { error: "Enter the person's full name" }).min(1, "Enter the person's full name").max(120, "Name must be 120 characters or fewer"),
  jobTitle: optionalFreeText("the job title", 120, "Job title must be 120 characters or fewer"),
  /** The team within the agency (e.g. MASH, Assessment), used to filter the figures. */
  team: optionalFreeText("the team", 60, "Team must be 60 characters or fewer"),
  roles: z.array(roleNameSchema, { error: "Choose at least one role" }).min(1, "Choose at least one role").max(5, "Choose up to 5 roles"),
  /** Defaults to the inviter's own agency. */
  agencyId: z.uuid({ error: "Choose an agency" }).optional(),
});
export type InviteUserInput = z.input<typeof inviteUserInputSchema>;

/** Tokens are URL-safe text; anything else cannot be one of ours. */
export const INVITATION_LINK = "This invitation link is not valid. Check you copied the whole link, or ask for a new invitation.";

export const acceptInvitationInputSchema = z
  .object({
    token: z.string({ error: INVITATION_LINK }).min(20, INVITATION_LINK).max(200, INVITATION_LINK).regex(/^[\x21-\x7e]+$/, INVITATION_LINK),
    password: newPasswordSchema,
    confirmPassword: z.string({ error: "Enter the password again" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "Passwords do not match" });
export type AcceptInvitationInput = z.input<typeof acceptInvitationInputSchema>;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function inviteUser(services: Services, actor: Actor, input: InviteUserInput, meta: { requestId?: string } = {}) {
  const data = inviteUserInputSchema.parse(input);
  const agencyId = data.agencyId ?? actor.agencyId;
  assertCan(actor, "invite", "user", { agencyId });
  const roles = [...new Set(data.roles)];
  if (roles.includes("system_admin") && !hasRole(actor, "system_admin")) {
    throw forbidden("Only a system administrator can grant the system administrator role.");
  }

  const { db, clock } = services;
  const agency = await db.agency.findUnique({ where: { id: agencyId }, select: { id: true, kind: true } });
  if (!agency) throw invalid("Choose an agency", { agencyId: "That agency does not exist" });
  if (roles.includes("partnership_chair") && agency.kind !== "PARTNERSHIP") {
    throw invalid("The partnership chair role belongs to the partnership's own agency.", { roles: "Partnership chair is only for the partnership" });
  }

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(clock.now().getTime() + services.settings.invitationTtlHours * 3_600_000);
  const invitation = await db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (existing) throw conflict("Someone with that email address already has an account.");
    const roleRows = await tx.role.findMany({ where: { name: { in: roles } }, select: { id: true } });
    // A new invitation replaces any earlier one still open for the same person.
    await tx.accountInvitation.updateMany({
      where: { email: data.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: clock.now() },
    });
    const created = await tx.accountInvitation.create({
      data: {
        email: data.email,
        displayName: data.displayName,
        jobTitle: data.jobTitle,
        team: data.team,
        agencyId,
        tokenHash: hashToken(token),
        expiresAt,
        invitedById: actor.userId,
        createdAt: clock.now(),
        roles: { create: roleRows.map((r) => ({ roleId: r.id })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "user.invite", entityType: "invitation", entityId: created.id, detail: { agencyId, roles } }, meta.requestId);
    return created;
  });
  return { invitationId: invitation.id, token, expiresAt };
}

/** What the invitee sees before setting a password. Unknown, used and expired links are told apart. */
export async function describeInvitation(services: Services, token: string) {
  const invitation = await services.db.accountInvitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { displayName: true, email: true, expiresAt: true, acceptedAt: true, revokedAt: true, agency: { select: { name: true } } },
  });
  if (!invitation || invitation.revokedAt) throw notFound("That invitation link");
  if (invitation.acceptedAt) throw conflict("This invitation has already been used. Sign in with your email address and password.");
  if (invitation.expiresAt <= services.clock.now()) throw invalid("This invitation link has expired. Ask your agency administrator for a new one.");
  return { displayName: invitation.displayName, email: invitation.email, agencyName: invitation.agency.name, expiresAt: invitation.expiresAt };
}

export async function acceptInvitation(services: Services, input: AcceptInvitationInput, meta: { requestId?: string } = {}) {
  const data = acceptInvitationInputSchema.parse(input);
  await describeInvitation(services, data.token); // clear messages for used or expired links
  const passwordHash = await hashPassword(data.password);
  const { db, clock } = services;
  const user = await db.$transaction(async (tx) => {
    const now = clock.now();
    // Claim the invitation atomically: of two racing acceptances, one wins.
    const claimed = await tx.accountInvitation.updateMany({
      where: { tokenHash: hashToken(data.token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw conflict("This invitation has already been used.");
    const invitation = await tx.accountInvitation.findUniqueOrThrow({
      where: { tokenHash: hashToken(data.token) },
      select: { id: true, email: true, displayName: true, jobTitle: true, team: true, agencyId: true, roles: { select: { roleId: true } } },
    });
    if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
      throw conflict("Someone with that email address already has an account.");
    }
    const created = await tx.user.create({
      data: {
        email: invitation.email,
        displayName: invitation.displayName,
        jobTitle: invitation.jobTitle,
        team: invitation.team,
        agencyId: invitation.agencyId,
        passwordHash,
        createdAt: now,
        roles: { create: invitation.roles.map((r) => ({ roleId: r.roleId })) },
      },
      select: { id: true, agencyId: true },
    });
    await tx.accountInvitation.update({ where: { id: invitation.id }, data: { acceptedUserId: created.id } });
    await recordAudit(tx, { userId: created.id, agencyId: created.agencyId }, { action: "user.accept_invitation", entityType: "user", entityId: created.id, detail: { invitationId: invitation.id } }, meta.requestId);
    return created;
  });
  services.realtime.agencyUsersChanged(user.agencyId);
  return { userId: user.id };
}

export type { RoleName };

/** Accept an invitation and start the new user's first session. */
export async function acceptInvitationAndSignIn(services: Services, input: AcceptInvitationInput, meta: { ipAddress: string; requestId?: string }) {
  const invitation = await describeInvitation(services, input.token);
  await acceptInvitation(services, input, meta);
  return login(services, { email: invitation.email, password: input.password }, meta);
}
