// Page titles: what the page is about first, naming the record ("CSC-104233 contact – Concord"),
// then the service. "Error: " is added while the page shows errors (see ErrorSummary).
export function pageTitle(...parts: (string | null | undefined)[]): string {
  return [...parts.filter((part): part is string => Boolean(part)), "Concord"].join(" – ");
}
