// Who may do what to a person's account. Like policy.ts, this is code that reads role names;
// the users domain asserts these abilities and the People page renders what the server returns.
//
//   reach       an administrator acts on their own agency's accounts; a system administrator on
//               every agency's (the `own_agency` / `any` access of the permission rows);
//   roles       an agency's own administrators look after its ordinary roles (practitioner,
//               manager, agency administrator); the partnership chair and system administrator
//               roles only someone who holds them, or a system administrator, may grant or remove;
//   approval    an invitation that would give case access needs a second person's approval
//               before its link is sent: never the inviter (decision 0013);
//   last admin  the last active system administrator cannot be deactivated.
import type { Db, Tx } from "../../db/connect";
import type { AgencyKind } from "../../db/generated/enums";
import { conflict, forbidden, invalid } from "../errors";
import type { Actor } from "./actor";
import { scopeOf, type Scope } from "./permissions";
import { ROLE_LABELS, ROLE_NAMES, type RoleName } from "./roles";

/** The roles an agency's own administrators (and, for approval, managers) look after. */
const AGENCY_ROLES: readonly RoleName[] = ["practitioner", "manager", "agency_admin"];

/** Reading any of these is case access: contacts, strategy meetings, disagreements. */
const CASE_ACCESS_PERMISSIONS = ["read:contact:", "read:meeting:", "read:disagreement:"];

type UserAction = "invite" | "approve" | "deactivate" | "reactivate" | "review";

function reaches(scope: Scope, agencyId: string): boolean {
  return scope.kind === "any" || (scope.kind === "agency" && scope.agencyId === agencyId);
}

/** Never act on someone holding a role one lacks, beyond the agency's ordinary roles. */
function coversRoles(actor: Actor, scope: Scope, roles: readonly RoleName[]): boolean {
  if (scope.kind === "none") return false;
  if (scope.kind === "any") return true;
  return roles.every((role) => AGENCY_ROLES.includes(role) || actor.roles.includes(role));
}

function mayActOn(actor: Actor, action: UserAction, target: { agencyId: string; roles: readonly RoleName[] }): boolean {
  const scope = scopeOf(actor, action, "user");
  return reaches(scope, target.agencyId) && coversRoles(actor, scope, target.roles);
}

const rolesMessage = (roles: readonly RoleName[]) => {
  const labels = roles.filter((r) => !AGENCY_ROLES.includes(r)).map((r) => ROLE_LABELS[r].toLowerCase());
  return `Only a system administrator, or someone who is a ${labels.join(" and ")} themselves, can do that to a ${labels.join(" and ")}.`;
};

// ---- The People page ------------------------------------------------------------------------

/** What the actor may do on the People page as a whole. */
export function peopleAbilities(actor: Actor) {
  const invite = scopeOf(actor, "invite", "user");
  return {
    invite: invite.kind !== "none",
    /** Invite into any agency (otherwise only their own). */
    chooseAgency: invite.kind === "any",
    /** The list spans every agency, so it shows each person's agency. */
    seeEveryAgency: scopeOf(actor, "read", "user").kind === "any",
    /** The roles the actor may grant in an invitation. */
    grantableRoles: ROLE_NAMES.filter((role) => coversRoles(actor, invite, [role])),
  };
}
export type PeopleAbilities = ReturnType<typeof peopleAbilities>;

// ---- Accounts -------------------------------------------------------------------------------

export interface UserRecord {
  id: string;
  agencyId: string;
  isActive: boolean;
  roles: readonly RoleName[];
}

/** Facts about the whole partnership that a single account's abilities depend on. */
export interface AccountsContext {
  activeSystemAdmins: number;
}

function isLastActiveSystemAdmin(target: UserRecord, context: AccountsContext): boolean {
  return target.isActive && target.roles.includes("system_admin") && context.activeSystemAdmins <= 1;
}

/** Whether the actor may see a person or an invitation of this agency at all: outside it, "not found". */
export function canSeePeopleOf(actor: Actor, record: { agencyId: string }): boolean {
  const scope = scopeOf(actor, "read", "user");
  return scope.kind === "any" || (scope.kind === "agency" && scope.agencyId === record.agencyId);
}

export function userAbilities(actor: Actor, target: UserRecord, context: AccountsContext) {
  const self = target.id === actor.userId;
  return {
    deactivate: target.isActive && !self && mayActOn(actor, "deactivate", target) && !isLastActiveSystemAdmin(target, context),
    reactivate: !target.isActive && !self && mayActOn(actor, "reactivate", target),
  };
}
export type UserAbilities = ReturnType<typeof userAbilities>;

/** Throws the reason the actor may not deactivate (or reactivate) the account, if any. */
export function assertCanChangeAccount(actor: Actor, action: "deactivate" | "reactivate", target: UserRecord, context: AccountsContext): void {
  if (!reaches(scopeOf(actor, action, "user"), target.agencyId)) throw forbidden();
  if (target.id === actor.userId) throw invalid(`You cannot ${action} your own account.`);
  if (!mayActOn(actor, action, target)) throw forbidden(rolesMessage(target.roles));
  if (action === "deactivate" && isLastActiveSystemAdmin(target, context)) {
    throw conflict("This is the last active system administrator. Invite and approve another before deactivating this account.");
  }
}

/** Lock the active system administrators' rows and count them, so two deactivations cannot both pass. */
export async function lockActiveSystemAdmins(tx: Tx): Promise<AccountsContext> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM app_user u
    WHERE u.is_active AND EXISTS (
      SELECT 1 FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = 'system_admin'
    )
    FOR UPDATE OF u`;
  return { activeSystemAdmins: rows.length };
}

export async function loadAccountsContext(db: Db | Tx): Promise<AccountsContext> {
  const activeSystemAdmins = await db.user.count({ where: { isActive: true, roles: { some: { role: { name: "system_admin" } } } } });
  return { activeSystemAdmins };
}

// ---- Invitations ----------------------------------------------------------------------------

/** Throws if the actor may not invite someone with these roles into this agency. */
export function assertCanInvite(actor: Actor, agency: { id: string; kind: AgencyKind }, roles: readonly RoleName[]): void {
  const scope = scopeOf(actor, "invite", "user");
  if (!reaches(scope, agency.id)) throw forbidden();
  if (roles.includes("partnership_chair") && agency.kind !== "PARTNERSHIP") {
    throw invalid("The partnership chair role belongs to the partnership's own agency.", { roles: "Partnership chair is only for the partnership" });
  }
  if (!coversRoles(actor, scope, roles)) throw forbidden(rolesMessage(roles));
}

/** The permission keys ("action:entity:access") that a set of roles carries. */
export async function permissionsOfRoles(db: Db | Tx, roles: readonly RoleName[]): Promise<string[]> {
  const rows = await db.rolePermission.findMany({
    where: { role: { name: { in: [...roles] } } },
    select: { permission: { select: { action: true, entity: true, access: true } } },
  });
  return rows.map(({ permission: p }) => `${p.action}:${p.entity}:${p.access}`);
}

/**
 * Whether an invitation needs a second person's approval before its link is sent: when its
 * roles give case access, or the power to approve others (otherwise an administrator could
 * invite a second administrator account of their own and approve through it), unless a system
 * administrator sent it.
 */
export function invitationNeedsApproval(inviter: Actor, grantedPermissions: readonly string[]): boolean {
  const caseAccess = grantedPermissions.some((key) => CASE_ACCESS_PERMISSIONS.some((prefix) => key.startsWith(prefix)));
  const vouches = grantedPermissions.some((key) => key.startsWith("approve:user:"));
  return caseAccess || (vouches && scopeOf(inviter, "invite", "user").kind !== "any");
}

export interface InvitationRecord {
  agencyId: string;
  invitedById: string;
  approvalRequired: boolean;
  approvedAt: Date | string | null;
  roles: readonly RoleName[];
}

export function invitationAbilities(actor: Actor, invitation: InvitationRecord) {
  const awaiting = invitation.approvalRequired && !invitation.approvedAt;
  return {
    approve: awaiting && invitation.invitedById !== actor.userId && mayActOn(actor, "approve", invitation),
    /** Whoever may send such an invitation may withdraw it: its link stops working. */
    withdraw: mayActOn(actor, "invite", invitation),
  };
}
export type InvitationAbilities = ReturnType<typeof invitationAbilities>;

export function assertCanApproveInvitation(actor: Actor, invitation: InvitationRecord): void {
  if (!reaches(scopeOf(actor, "approve", "user"), invitation.agencyId)) throw forbidden();
  if (!invitation.approvalRequired || invitation.approvedAt) throw conflict("This invitation does not need approval.");
  if (invitation.invitedById === actor.userId) throw forbidden("You sent this invitation, so someone else must approve it.");
  if (!mayActOn(actor, "approve", invitation)) throw forbidden(rolesMessage(invitation.roles));
}

/** Throws if the actor may not withdraw this invitation (the same reach and roles as sending it). */
export function assertCanWithdrawInvitation(actor: Actor, invitation: { agencyId: string; roles: readonly RoleName[] }): void {
  if (!reaches(scopeOf(actor, "invite", "user"), invitation.agencyId)) throw forbidden();
  if (!mayActOn(actor, "invite", invitation)) throw forbidden(rolesMessage(invitation.roles));
}

// ---- The access review ------------------------------------------------------------------------

/** Each person's role names, to hand back to the abilities below (which decide). */
export async function rolesOfUsers(db: Db | Tx, userIds: readonly string[]): Promise<Map<string, RoleName[]>> {
  const rows = await db.userRole.findMany({ where: { userId: { in: [...userIds] } }, select: { userId: true, role: { select: { name: true } } } });
  const roles = new Map<string, RoleName[]>(userIds.map((id) => [id, []]));
  for (const row of rows) roles.get(row.userId)?.push(row.role.name as RoleName);
  return roles;
}

/** Whether the actor reviews an agency's access: their own agency's, as a manager or administrator. */
export function canReviewAccessOf(actor: Actor, agencyId: string): boolean {
  return reaches(scopeOf(actor, "review", "user"), agencyId);
}

export function assertCanReviewAccess(actor: Actor, agencyId: string): void {
  if (!canReviewAccessOf(actor, agencyId)) throw forbidden("The access review is for your agency's managers and administrators.");
}

/**
 * Whether the reviewer may take away this person's access in the review: never their own, never
 * someone holding a role beyond the agency's ordinary ones that the reviewer lacks, never the last
 * system administrator.
 */
export function reviewAbilities(actor: Actor, target: UserRecord, context: AccountsContext) {
  return { deactivate: target.isActive && target.id !== actor.userId && mayActOn(actor, "review", target) && !isLastActiveSystemAdmin(target, context) };
}

export function assertCanDeactivateInReview(actor: Actor, target: UserRecord, context: AccountsContext): void {
  if (target.id === actor.userId) throw invalid("You cannot take away your own access: confirm it, and ask another manager if it should end.");
  if (!mayActOn(actor, "review", target)) throw forbidden(rolesMessage(target.roles));
  if (isLastActiveSystemAdmin(target, context)) throw conflict("This is the last active system administrator. Invite and approve another before deactivating this account.");
}

/** An account Concord suspends for want of use: never the last active system administrator. */
export function mayAutoSuspend(target: UserRecord, context: AccountsContext): boolean {
  return target.isActive && !isLastActiveSystemAdmin(target, context);
}
