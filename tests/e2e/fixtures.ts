import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const PASSWORD = "concord-demo-2026";

export const USERS = {
  practitioner: { email: "sam.patel@council.example.org", landing: "/work", heading: "Your work" },
  manager: { email: "maria.jones@council.example.org", landing: "/team", heading: "Your team" },
  agencyAdmin: { email: "priya.shah@police.example.org", landing: "/administration", heading: "Administration" },
  partnershipChair: { email: "chris.morgan@partnership.example.org", landing: "/partnership", heading: "Partnership overview" },
  systemAdmin: { email: "it.admin@partnership.example.org", landing: "/system/audit", heading: "Audit trail" },
} as const;
export type RoleKey = keyof typeof USERS;

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** WCAG 2.2 AA, as axe checks it. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

export const test = base.extend<{ signInAs: (role: RoleKey) => Promise<void> }>({
  signInAs: async ({ page }, use) => {
    await use(async (role) => {
      await signIn(page, USERS[role].email);
      await expect(page).toHaveURL(new RegExp(`${USERS[role].landing}$`));
    });
  },
});
export { expect };

/** Fill a GOV.UK date input (and its time field) named `name` from "YYYY-MM-DDTHH:MM" (UK time). */
export async function fillDateInput(page: Page, name: string, value: string) {
  const [date, time] = value.split("T") as [string, string | undefined];
  const [year, month, day] = date.split("-") as [string, string, string];
  await page.locator(`#${name}`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year);
  if (time !== undefined) await page.locator(`#${name}-time`).fill(time);
}

/** Now, less `minutes`, as "YYYY-MM-DDTHH:MM" in UK time. */
export function ukLocalMinutesAgo(minutes: number): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(new Date(Date.now() - minutes * 60_000)).replace(" ", "T");
}
