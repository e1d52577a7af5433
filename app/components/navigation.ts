// Which pages a signed-in person's roles give them, for the service navigation.
// (Access itself is decided on the server; this only decides which links to show.)
export function navigationFor(roles: readonly string[]) {
  const items: { href: string; label: string }[] = [];
  if (roles.includes("practitioner")) items.push({ href: "/work", label: "My work" });
  if (roles.includes("practitioner") || roles.includes("manager")) {
    items.push({ href: "/contacts", label: "Contacts" }, { href: "/meetings", label: "Meetings" }, { href: "/actions", label: "Actions" });
  }
  if (roles.some((r) => r === "practitioner" || r === "manager" || r === "partnership_chair")) items.push({ href: "/disagreements", label: "Disagreements" });
  if (roles.includes("manager")) items.push({ href: "/team", label: "Team" });
  if (roles.includes("partnership_chair")) items.push({ href: "/partnership", label: "Partnership" });
  if (roles.includes("manager") || roles.includes("partnership_chair")) items.push({ href: "/figures", label: "Figures" });
  // Managers see People too: they approve invitations into their agency (decision 0013).
  if (roles.includes("agency_admin") || roles.includes("system_admin") || roles.includes("manager")) items.push({ href: "/admin/users", label: "People" });
  if (roles.includes("system_admin")) items.push({ href: "/system/audit", label: "Audit trail" }, { href: "/system/settings", label: "Settings" });
  items.push({ href: "/account", label: "Your account" });
  return items;
}
