// Single sign-on through a real OpenID Connect provider (oidc-provider, started beside Concord by
// scripts/e2e-server.mjs on the next port): the system administrator sets it up for the ICB, and
// a health practitioner signs in through the provider's own pages and lands on their work.
import { test, expect, expectAccessible, signIn, USERS } from "./fixtures";

const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
const ISSUER = `http://127.0.0.1:${E2E_PORT + 1}`;

test("a health practitioner signs in through their organisation's identity provider", async ({ page, browser }) => {
  // The system administrator sets up the ICB's identity provider.
  await signIn(page, USERS.systemAdmin.email);
  await expect(page).toHaveURL(/\/system\/audit$/);
  await page.getByRole("link", { name: "Single sign-on" }).first().click();
  await page.getByRole("link", { name: "Northshire Integrated Care Board" }).click();
  await page.getByLabel("Issuer").fill(ISSUER);
  await page.getByLabel("Client id").fill("concord-test");
  await page.getByLabel("Client secret").fill("concord-test-secret-0123456789abcdef");
  await page.getByLabel("Email domains").fill("icb.example.org");
  await page.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(page.getByText("Single sign-on saved")).toBeVisible();
  // The secret is never shown back.
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await page.reload();
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await expect(page.getByLabel("Issuer")).toHaveValue(ISSUER);
  await expectAccessible(page);
  await expect(page.locator("body")).not.toContainText("concord-test-secret");

  // Hana, in her own browser, starts from the sign-in page.
  const context = await browser.newContext();
  const hana = await context.newPage();
  await hana.goto("/login");
  await hana.getByRole("link", { name: "Sign in with your organisation" }).click();
  await expect(hana.getByRole("heading", { name: "Sign in with your organisation" })).toBeVisible();
  await expectAccessible(hana);
  await hana.getByLabel("Work email address").fill("hana.ali@icb.example.org");
  await hana.getByRole("button", { name: "Continue", exact: true }).click();

  // The provider's own sign-in page.
  await expect(hana).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
  await hana.locator('input[name="login"]').fill("hana.ali");
  await hana.locator('input[name="password"]').fill("her organisation's password");
  await hana.getByRole("button", { name: "Sign-in" }).click();

  // Back in Concord, signed in, on her work.
  await expect(hana).toHaveURL(/\/work$/);
  await expect(hana.getByRole("heading", { name: "Your work" })).toBeVisible();

  await context.close();
});

test("someone whose organisation has no single sign-on is told to use their password", async ({ page }) => {
  await page.goto("/sso");
  await page.getByLabel("Work email address").fill("pat.obrien@police.example.org");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("sign in with your email address and password");
});
