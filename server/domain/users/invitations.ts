// Accounts are created by invitation only: an administrator invites a person into an agency,
// and the person sets a password through a one-time link that expires. The link goes only to
// the invited address, by email; no response and no log carries it. When the roles would give
// case access, a second person (never the inviter) approves the invitation before the link is
// issued (docs/decisions/0013-account-approval.md).
import { afterFirstFactor } from "../auth/second-factor";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Services } from "../services";
import type { Tx } from "../../db/connect";
import type { Actor } from "../access/actor";
import { scopeOf } from "../access/policy";
import { assertCanApproveInvitation, assertCanInvite, assertCanWithdrawInvitation, canSeePeopleOf, invitationNeedsApproval, permissionsOfRoles } from "../access/users";
import { roleNameSchema, type RoleName } from "../access/roles";
import { recordAudit } from "../audit/audit";
import { enqueueEmails } from "../mail/outbox";
import { asDomainError, conflict, forbidden, invalid, notFound } from "../errors";
import { transaction } from "../../db/transaction";
import { emailSchema, newPasswordSchema } from "../auth/schemas";
import { assertSignInNotThrottled } from "../auth/throttle";
import { hashPassword } from "../../auth/password";
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

export const approveInvitationInputSchema = z.object({ invitationId: z.uuid({ error: "Choose an invitation" }) });
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

const linkTtlMs = (services: Services) => services.settings.invitationTtlHours * 3_600_000;

/** A fresh one-time link: the token for the email, its hash for the database. */
function newLink() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

const londonDateTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", dateStyle: "full", timeStyle: "short" });

/** The invitation email: the only place the link ever goes. Names no child. */
async function enqueueInvitationEmail(services: Services, tx: Tx, invitation: { email: string; displayName: string; agencyName: string; expiresAt: Date }, token: string, now: Date) {
  const url = `${services.settings.publicUrl ?? ""}/invitations/${token}`;
  await enqueueEmails(
    tx,
    [
      {
        to: invitation.email,
        subject: "Your Concord account: set your password",
        body:
          `Hello ${invitation.displayName},\n\nYou have been given an account in Concord, the safeguarding partnership's shared system, for ${invitation.agencyName}.\n\n` +
          `Set your password with this link. It works once and expires on ${londonDateTime.format(invitation.expiresAt)}:\n${url}\n\n` +
          `If you were not expecting this email, do not use the link: tell your agency's Concord administrator.`,
      },
    ],
    now,
  );
}

const SENT_AT_THE_SAME_MOMENT = "Someone else sent an invitation to that address at the same moment. Reload the People page to see it; send yours again only if theirs is not the one you meant.";

export async function inviteUser(services: Services, actor: Actor, input: InviteUserInput, meta: { requestId?: string } = {}) {
  const data = inviteUserInputSchema.parse(input);
  const agencyId = data.agencyId ?? actor.agencyId;
  const roles = [...new Set(data.roles)] as RoleName[];
  const { db, clock } = services;
  const agency = await db.agency.findUnique({ where: { id: agencyId }, select: { id: true, kind: true, name: true } });
  if (!agency) {
    // Only someone who may invite into any agency learns that the agency does not exist.
    if (scopeOf(actor, "invite", "user").kind === "any") throw invalid("Choose an agency", { agencyId: "That agency does not exist" });
    throw forbidden();
  }
  assertCanInvite(actor, agency, roles);
  const approvalRequired = invitationNeedsApproval(actor, await permissionsOfRoles(db, roles));

  const now = clock.now();
  const expiresAt = new Date(now.getTime() + linkTtlMs(services));
  // Without approval the link is issued at once; with it, only when someone else approves.
  const link = approvalRequired ? null : newLink();
  const invitation = await transaction(db, async (tx) => {
    // Only someone who may see that account learns that it exists (read:user:any, or an account
    // of their own agency, which their People page lists anyway). For anyone else an invitation
    // to a taken address goes ahead like any other: a refusal, however worded, would tell an
    // agency administrator which addresses have accounts in other agencies. Its link, if used,
    // is refused at acceptance, to the mailbox's owner (acceptInvitation).
    const existing = await tx.user.findUnique({ where: { email: data.email }, select: { agencyId: true } });
    if (existing && canSeePeopleOf(actor, existing)) throw conflict("Someone with that email address already has an account.");
    const roleRows = await tx.role.findMany({ where: { name: { in: roles } }, select: { id: true } });
    // A new invitation replaces any earlier one still open for the same person in the same
    // agency. Another agency's invitations are not the inviter's to touch: an administrator
    // could otherwise cancel, or learn of, another agency's invitations by inviting the address.
    await tx.accountInvitation.updateMany({
      where: { email: data.email, agencyId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    // At most one open invitation per agency and address (a partial unique index): of two sent at
    // the same moment, the second waits for the first and is refused here.
    const created = await tx.accountInvitation.create({
      data: {
        email: data.email,
        displayName: data.displayName,
        jobTitle: data.jobTitle,
        team: data.team,
        agencyId,
        tokenHash: link?.tokenHash ?? null,
        approvalRequired,
        expiresAt,
        invitedById: actor.userId,
        createdAt: now,
        roles: { create: roleRows.map((r) => ({ roleId: r.id })) },
      },
      select: { id: true },
    }).catch((error: unknown) => {
      if (asDomainError(error)?.code === "CONFLICT") throw conflict(SENT_AT_THE_SAME_MOMENT);
      throw error;
    });
    if (link) await enqueueInvitationEmail(services, tx, { email: data.email, displayName: data.displayName, agencyName: agency.name, expiresAt }, link.token, now);
    await recordAudit(tx, actor, { action: "user.invite", entityType: "invitation", entityId: created.id, detail: { agencyId, roles, approvalRequired } }, meta.requestId);
    return created;
  });
  services.realtime.agencyUsersChanged(agencyId);
  return { invitationId: invitation.id, awaitingApproval: approvalRequired, expiresAt };
}

/**
 * A second person approves an invitation that gives case access: the link is issued now, valid
 * for the usual time from now, and emailed to the invited address.
 */
export async function approveInvitation(services: Services, actor: Actor, input: z.input<typeof approveInvitationInputSchema>, meta: { requestId?: string } = {}) {
  const { invitationId } = approveInvitationInputSchema.parse(input);
  const { db, clock } = services;
  const invitation = await db.accountInvitation.findUnique({
    where: { id: invitationId },
    select: {
      id: true,
      email: true,
      displayName: true,
      agencyId: true,
      invitedById: true,
      approvalRequired: true,
      approvedAt: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      agency: { select: { name: true } },
      roles: { select: { role: { select: { name: true } } } },
    },
  });
  // Someone outside the actor's reach gets "not found", not a hint that the invitation exists.
  if (!invitation || !canSeePeopleOf(actor, invitation) || invitation.revokedAt) throw notFound("That invitation");
  const record = { ...invitation, roles: invitation.roles.map((r) => r.role.name as RoleName) };
  assertCanApproveInvitation(actor, record);
  const now = clock.now();
  if (invitation.acceptedAt) throw conflict("This invitation has already been used.");
  if (invitation.expiresAt <= now) throw invalid("This invitation has expired. Invite the person again.");

  const link = newLink();
  const expiresAt = new Date(now.getTime() + linkTtlMs(services));
  await db.$transaction(async (tx) => {
    // Of two approvers acting at once, one wins; a withdrawn invitation stays withdrawn.
    const claimed = await tx.accountInvitation.updateMany({
      where: { id: invitationId, approvalRequired: true, approvedAt: null, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { approvedById: actor.userId, approvedAt: now, tokenHash: link.tokenHash, expiresAt },
    });
    if (claimed.count !== 1) throw conflict("Someone has already approved or withdrawn this invitation.");
    await enqueueInvitationEmail(services, tx, { email: invitation.email, displayName: invitation.displayName, agencyName: invitation.agency.name, expiresAt }, link.token, now);
    await recordAudit(tx, actor, { action: "user.approve_invitation", entityType: "invitation", entityId: invitationId, detail: { agencyId: invitation.agencyId, roles: record.roles, invitedById: invitation.invitedById } }, meta.requestId);
  });
  services.realtime.agencyUsersChanged(invitation.agencyId);
  return { invitationId, expiresAt };
}

export const withdrawInvitationInputSchema = z.object({ invitationId: z.uuid({ error: "Choose an invitation" }) });

/**
 * Withdraw an invitation nobody has used: its link stops working at once (describe and accept
 * refuse a withdrawn invitation), and it leaves the pending list. Audited. Of a withdrawal and
 * an acceptance racing, one wins: the claim below only takes an unused invitation.
 */
export async function withdrawInvitation(services: Services, actor: Actor, input: z.input<typeof withdrawInvitationInputSchema>, meta: { requestId?: string } = {}) {
  const { invitationId } = withdrawInvitationInputSchema.parse(input);
  const { db, clock } = services;
  const invitation = await db.accountInvitation.findUnique({
    where: { id: invitationId },
    select: { id: true, email: true, agencyId: true, acceptedAt: true, revokedAt: true, roles: { select: { role: { select: { name: true } } } } },
  });
  // Someone outside the actor's reach gets "not found", not a hint that the invitation exists.
  if (!invitation || !canSeePeopleOf(actor, invitation) || invitation.revokedAt) throw notFound("That invitation");
  const roles = invitation.roles.map((r) => r.role.name as RoleName);
  assertCanWithdrawInvitation(actor, { agencyId: invitation.agencyId, roles });
  if (invitation.acceptedAt) throw conflict("This invitation has already been used: the person has an account. Deactivate the account instead.");
  const now = clock.now();
  await db.$transaction(async (tx) => {
    const claimed = await tx.accountInvitation.updateMany({ where: { id: invitationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    if (claimed.count !== 1) throw conflict("This invitation has already been used or withdrawn.");
    await recordAudit(tx, actor, { action: "user.revoke_invitation", entityType: "invitation", entityId: invitationId, detail: { agencyId: invitation.agencyId, roles, reason: "withdrawn" } }, meta.requestId);
  });
  services.realtime.agencyUsersChanged(invitation.agencyId);
  return { invitationId };
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

/**
 * Set the password and create the account. Every check (throttling, the link, the password)
 * comes before any change, and the account, its roles, the used link and the audit entry are
 * written in one transaction: a refused acceptance leaves the link usable and creates no one.
 */
export async function acceptInvitation(services: Services, input: AcceptInvitationInput, meta: { ipAddress: string; requestId?: string }) {
  const data = acceptInvitationInputSchema.parse(input);
  const described = await describeInvitation(services, data.token); // clear messages for used or expired links
  await assertSignInNotThrottled(services, { email: described.email, ipAddress: meta.ipAddress });
  const passwordHash = await hashPassword(data.password);
  const { db, clock } = services;
  const user = await db.$transaction(async (tx) => {
    const now = clock.now();
    // Claim the invitation atomically: of two racing acceptances, one wins. The database also
    // refuses a claim of an invitation still awaiting approval (it has no link).
    const claimed = await tx.accountInvitation.updateMany({
      where: { tokenHash: hashToken(data.token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw conflict("This invitation has already been used.");
    const invitation = await tx.accountInvitation.findUniqueOrThrow({
      where: { tokenHash: hashToken(data.token) },
      select: { id: true, email: true, displayName: true, jobTitle: true, team: true, agencyId: true, approvedById: true, roles: { select: { roleId: true } } },
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
    await recordAudit(tx, { userId: created.id, agencyId: created.agencyId }, { action: "user.accept_invitation", entityType: "user", entityId: created.id, detail: { invitationId: invitation.id, approvedById: invitation.approvedById } }, meta.requestId);
    return created;
  });
  services.realtime.agencyUsersChanged(user.agencyId);
  return { userId: user.id, agencyId: user.agencyId };
}

export type { RoleName };

/**
 * Accept an invitation and start the new user's first session. The session is started after
 * the account is committed (sessions are the session store's, outside the transaction); the
 * throttle was checked before anything changed, so nothing here refuses a fresh account.
 */
export async function acceptInvitationAndSignIn(
  services: Services,
  input: AcceptInvitationInput,
  meta: { ipAddress: string; requestId?: string; /** The session this browser already holds: it ends, as at sign-in. */ previousSessionId?: string | null },
) {
  const { userId } = await acceptInvitation(services, input, meta);
  // A shared PC may still hold a colleague's session: one browser never keeps two (decision 0012).
  // Someone who must use two-factor sign-in sets up their authenticator app before any session.
  const next = await afterFirstFactor(services, userId, { previousSessionId: meta.previousSessionId, requestId: meta.requestId, via: "invitation" });
  return { userId, sessionCookie: next.cookie, landingPath: next.landingPath, secondFactor: next.secondFactor };
}
