// The pages a person may use, for the service navigation: the server decides, the layout renders
// the list. Each page appears when the actor holds the permission its content needs; a role's own
// home page appears for that role.
import { forbidden } from "../errors";
import type { Actor } from "./actor";
import { accessOf, can } from "./permissions";
import { auditRoundReach } from "./audit-rounds";
import type { RoleName } from "./roles";

export interface NavigationItem {
  href: string;
  label: string;
  /** The person's home: the navigation shows how many tasks wait there (refreshed live). */
  showsTasks?: boolean;
}

/** The home page of each role that has one, in the order the navigation shows them. */
const ROLE_HOMES: Partial<Record<RoleName, NavigationItem>> = {
  practitioner: { href: "/work", label: "My work" },
  manager: { href: "/team", label: "Team" },
  partnership_chair: { href: "/partnership", label: "Partnership" },
  agency_admin: { href: "/administration", label: "Administration" },
  // The independent scrutineer's home lists what is new to read (decision 0040).
  scrutineer: { href: "/scrutiny", label: "Scrutiny" },
};

function roleHome(actor: Actor, role: RoleName): NavigationItem[] {
  const home = ROLE_HOMES[role];
  return home && actor.roles.includes(role) ? [home] : [];
}

function when(allowed: boolean, ...items: NavigationItem[]): NavigationItem[] {
  return allowed ? items : [];
}

export function navigationAbilities(actor: Actor): NavigationItem[] {
  const items: NavigationItem[] = [
    ...roleHome(actor, "practitioner"),
    ...when(can(actor, "read", "contact"), { href: "/contacts", label: "Contacts" }),
    ...when(can(actor, "read", "meeting"), { href: "/meetings", label: "Meetings" }),
    // Partners ask here for a strategy discussion; the front door answers here (decision 0020).
    ...when(can(actor, "read", "request"), { href: "/meetings/requests", label: "Requests" }),
    ...when(can(actor, "complete", "action"), { href: "/actions", label: "Actions" }),
    ...when(can(actor, "read", "disagreement"), { href: "/disagreements", label: "Disagreements" }),
    ...roleHome(actor, "manager"),
    ...roleHome(actor, "partnership_chair"),
    ...roleHome(actor, "scrutineer"),
    // Set by the partnership, owned and completed by an agency (docs/decisions/0039).
    ...when(can(actor, "read", "learning_action"), { href: "/learning-actions", label: "Learning actions" }),
    // An administrator's work (invitations, approvals, accounts to review) shows on any other home
    // they have; only someone who is just an administrator needs a home of their own.
    ...(actor.roles.some((r) => r !== "agency_admin" && ROLE_HOMES[r]) ? [] : roleHome(actor, "agency_admin")),
    // Joint audit rounds (decision 0038): the partnership, the scrutineer and the agencies' auditors.
    ...when(auditRoundReach(actor) !== "none", { href: "/audits", label: "Audit rounds" }),
    ...when(can(actor, "read", "figures"), { href: "/figures", label: "Figures" }),
    // Managers see People too: they approve invitations into their agency (decision 0013).
    ...when(can(actor, "invite", "user") || can(actor, "approve", "user"), { href: "/admin/users", label: "People" }),
    ...when(can(actor, "read", "access_log"), { href: "/access-log", label: "Access log" }),
    ...when(accessOf(actor, "export", "case") === "any", { href: "/subject-access", label: "Subject access" }),
    // Each agency's managers and administrators confirm who still needs access (decision 0036).
    ...when(can(actor, "review", "user"), { href: "/admin/access-review", label: "Access review" }),
    ...when(can(actor, "manage", "hold"), { href: "/legal-holds", label: "Legal holds" }),
    ...when(can(actor, "read", "audit"), { href: "/system/audit", label: "Audit trail" }, { href: "/system/mail", label: "Mail not sent" }),
    ...when(can(actor, "manage", "calendar"), { href: "/system/settings", label: "Settings" }),
    ...when(can(actor, "manage", "identity_provider"), { href: "/admin/single-sign-on", label: "Single sign-on" }),
    { href: "/account", label: "Your account" },
  ];
  // The first home page carries the count of waiting tasks (every home lists the same work).
  // An auditor with no other home has the audit rounds as theirs: the rounds waiting for their grades.
  const home = items.find((item) => Object.values(ROLE_HOMES).some((h) => h.href === item.href)) ?? items.find((item) => item.href === "/audits" && hasRole(actor, "auditor"));
  return items.map((item) => (item === home ? { ...item, showsTasks: true } : item));
}

export function hasRole(actor: Actor, role: RoleName): boolean {
  return actor.roles.includes(role);
}

/** A role's home page is for people with that role. */
export function assertRole(actor: Actor, role: RoleName): void {
  if (!hasRole(actor, role)) throw forbidden("This page is for another role.");
}
