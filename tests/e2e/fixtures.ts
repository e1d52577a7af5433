import { test as base, expect, type Browser, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import * as OTPAuth from "otpauth";

import { pdfText } from "../support/pdf-text";

export const PASSWORD = "concord-demo-2026";

export const USERS = {
  practitioner: { email: "sam.patel@council.example.org", landing: "/work", heading: "Your work" },
  manager: { email: "maria.jones@council.example.org", landing: "/team", heading: "Your team" },
  agencyAdmin: { email: "priya.shah@police.example.org", landing: "/administration", heading: "Administration" },
  partnershipChair: { email: "chris.morgan@partnership.example.org", landing: "/partnership", heading: "Partnership overview" },
  systemAdmin: { email: "it.admin@partnership.example.org", landing: "/system/audit", heading: "Audit trail" },
} as const;
export type RoleKey = keyof typeof USERS;

/**
 * The demo's authenticator secret (prisma/seed.ts), set up for every demo manager, chair and
 * administrator. A test that sets up a new app for someone records its secret here.
 */
export const DEMO_TOTP_SECRET = "CONCORDDEMOSECRETKEY2FA234567ABC";
const secrets = new Map<string, string>();
export const totpSecretOf = (email: string) => secrets.get(email) ?? DEMO_TOTP_SECRET;
export const rememberTotpSecret = (email: string, secret: string) => secrets.set(email, secret.replace(/\s/g, ""));

/** Concord's clock, which POST /__test/clock moves: codes must be right for its time, not this machine's. */
export async function serverNow(page: Page): Promise<number> {
  const response = await page.request.get("/__test/clock");
  return Date.parse(((await response.json()) as { now: string }).now);
}

/** The code an authenticator app would show at `at` (ms). */
export function totpAt(secret: string, at: number): string {
  return new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });
}

// A code is good once: the time steps each person's codes were used for, so a second sign-in
// within 30 seconds uses the next step's code (Concord accepts one step either side).
const usedSteps = new Map<string, Set<number>>();

/** A current code for `email` that has not been used yet, for Concord's time. */
export async function freshCode(page: Page, email: string): Promise<string> {
  for (;;) {
    const now = await serverNow(page);
    const step = Math.floor(now / 30_000);
    const used = usedSteps.get(email) ?? new Set<number>();
    usedSteps.set(email, used);
    // The next step's code only when the current step has just begun, so it stays good long enough.
    const candidate = [step, step + 1].find((s) => !used.has(s));
    if (candidate !== undefined) {
      used.add(candidate);
      return totpAt(totpSecretOf(email), candidate * 30_000);
    }
    await page.waitForTimeout((step + 1) * 30_000 - now + 50);
  }
}

/** Mark a code's step as used (a test that typed a code itself). */
export function markCodeUsed(email: string, at: number) {
  const used = usedSteps.get(email) ?? new Set<number>();
  used.add(Math.floor(at / 30_000));
  usedSteps.set(email, used);
}

/** Submit the sign-in form; resolves once the next page (or an error) shows. */
export async function submitPassword(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const left = page.waitForURL((url) => url.pathname !== "/login", { waitUntil: "commit" });
  const refused = page.locator(".govuk-error-summary").waitFor();
  await Promise.race([left, refused]).catch(() => undefined);
  left.catch(() => undefined);
  refused.catch(() => undefined);
}

/**
 * Sign in as `email`. Demo managers, chairs and administrators then enter a code from the demo
 * authenticator secret; someone whose app was reset sets one up (its secret is remembered).
 */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await submitPassword(page, email, password);
  const path = new URL(page.url()).pathname;
  if (path === "/login/code") {
    // A code is good once, and this process remembers only the codes it used: a browser test run in
    // another worker (Playwright starts a new one after a failure) may have used this step already.
    // Concord then says so, and the next step's code goes in.
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.getByLabel("Code", { exact: true }).fill(await freshCode(page, email));
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === "/login/code" && r.request().method() === "POST"),
        page.getByRole("button", { name: "Continue" }).click(),
      ]);
      await page.waitForURL((url) => url.pathname !== "/login/code", { waitUntil: "commit", timeout: 5_000 }).catch(() => undefined);
      if (new URL(page.url()).pathname !== "/login/code") break;
    }
  } else if (path === "/login/set-up") {
    rememberTotpSecret(email, (await page.getByTestId("totp-secret").textContent()) ?? "");
    await page.getByLabel("Code", { exact: true }).fill(await freshCode(page, email));
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await page.getByRole("link", { name: "Continue to Concord" }).click();
  }
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

/** A4's printable width: 210mm less 12mm margins each side is 186mm, about 703 CSS pixels. */
export const A4_PRINTABLE_WIDTH = 703;

/**
 * In print media at A4's printable width: no navigation or "Sign out", every header cell of
 * `table` (when given) is there and lies within the page, and the page itself does not overflow.
 * Then prints it to an A4 PDF and reads the PDF's text: every named column is on the paper, and
 * "Sign out" is not. Puts the screen back afterwards.
 */
export async function expectPrintsOnA4(page: Page, table?: ReturnType<Page["locator"]>, columns?: (string | RegExp)[]) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: A4_PRINTABLE_WIDTH, height: 1000 });
  await page.emulateMedia({ media: "print" });
  for (const hidden of [page.getByRole("navigation", { name: "Menu" }), page.getByRole("button", { name: "Sign out" })]) await expect(hidden).toBeHidden();
  if (table) {
    const headers = table.locator("thead th");
    if (columns) await expect(headers).toHaveText(columns);
    for (const header of await headers.all()) {
      const box = (await header.boundingBox())!;
      expect(box.width).toBeGreaterThan(0);
      expect(box.x + box.width).toBeLessThanOrEqual(A4_PRINTABLE_WIDTH);
    }
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4_PRINTABLE_WIDTH);
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const printed = squash(pdfText(pdf));
  for (const column of columns ?? []) if (typeof column === "string") expect(printed).toContain(squash(column));
  expect(printed).not.toContain(squash("Sign out"));
  await page.emulateMedia({ media: "screen" });
  if (viewport) await page.setViewportSize(viewport);
}

/** Text without its spaces: a PDF's text runs split words where the letters are kerned. */
export const squash = (text: string) => text.replace(/\s+/g, "");

/** A new browser context signed in as `email`, with its live connection made. */
export async function pageFor(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  return page;
}

/** "YYYY-MM-DDTHH:MM" (UK time) some minutes from now, for the date input. */
export function localInMinutes(minutes: number) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(Date.now() + minutes * 60_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The contact form's consent questions: by default the family knows and agrees. */
export async function answerConsent(page: Page, answers: { knows?: boolean; agrees?: boolean } = {}) {
  await page.locator(answers.knows === false ? "#familyKnows-2" : "#familyKnows").check();
  await page.locator(answers.agrees === false ? "#familyConsents-2" : "#familyConsents").check();
}
