// The browser's side of the access boundary: the Content-Security-Policy lets every page work
// (Remix's scripts, GOV.UK Frontend's styles, the live connection) and refuses nothing of ours;
// sign-in never sends the browser to another site.
import type { ConsoleMessage, Page } from "@playwright/test";
import { test, expect, signIn, USERS } from "./fixtures";

/** Collects what Chromium reports when the Content-Security-Policy refuses something. */
function watchCspViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

test("pages work under the Content-Security-Policy with no violations: scripts, styles and the live connection", async ({ page, signInAs }) => {
  const violations = watchCspViolations(page);
  const login = await page.goto("/login");
  expect(login?.headers()["content-security-policy"]).toContain("'nonce-");
  expect(login?.headers()["cache-control"]).toBe("no-store");
  await signInAs("partnershipChair");
  // GOV.UK Frontend's stylesheet applies (its page width and secondary button colour)...
  await page.goto("/figures");
  await expect(page.locator(".govuk-width-container").first()).toHaveCSS("max-width", "960px");
  await expect(page.getByRole("button", { name: "Show figures" })).toHaveCSS("background-color", "rgb(243, 243, 243)");
  // ...Remix's scripts hydrate the page and the live connection (Socket.IO) is made.
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  for (const [label, path] of [["Partnership", "/partnership"], ["Disagreements", "/disagreements"], ["Your account", "/account"]] as const) {
    // Client-side navigation (only possible once hydrated), then a full load of the same page.
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: new RegExp(`^${label}( |$)`) }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    const response = await page.reload();
    expect(response?.headers()["cache-control"]).toBe("no-store");
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  }
  expect(violations).toEqual([]);
});

test("a practitioner's pages, a meeting and its minutes raise no violations either", async ({ page, signInAs }) => {
  const violations = watchCspViolations(page);
  await signInAs("practitioner");
  for (const path of ["/work", "/contacts", "/meetings?scope=closed"]) {
    await page.goto(path);
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  }
  // A closed meeting from the demo history, and its minutes.
  const meeting = page.locator('td a[href^="/meetings/"]').first();
  const href = await meeting.getAttribute("href");
  expect(href).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);
  await page.goto(href!);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  await page.goto(`${href}/minutes`);
  await expect(page.getByRole("heading", { name: "Read by" })).toBeVisible();
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  expect(violations).toEqual([]);
});

test("signing in never leaves the site, whatever redirectTo says", async ({ page, baseURL }) => {
  // A tab inside the path: browsers drop it, so "/\t/evil.example/" would be "//evil.example/".
  await page.goto("/login?redirectTo=/%09/evil.example/");
  await page.getByLabel("Email address").fill(USERS.practitioner.email);
  await page.getByLabel("Password").fill("concord-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}${USERS.practitioner.landing}`);

  // Already signed in: the sign-in page redirects at once; a newline must not become a 500.
  for (const target of ["/%0A/evil.example/", "/%0D%0ASet-Cookie:%20x=y", "//evil.example/", "/%5Cevil.example/"]) {
    const response = await page.goto(`/login?redirectTo=${target}`);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(`${baseURL}${USERS.practitioner.landing}`);
  }
  // A path on this site is still honoured.
  await page.goto("/login?redirectTo=/contacts%3Fstatus%3Dopen");
  await expect(page).toHaveURL(`${baseURL}/contacts?status=open`);
});
