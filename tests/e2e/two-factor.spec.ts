// Two-factor sign-in in the browser (issue 15): a chair sets up an authenticator app, signs in
// with a code and with a recovery code (once), and wrong codes are throttled. Codes are computed
// from the secret the page shows, for the server's clock, as an authenticator app would.
import type { Page } from "@playwright/test";
import { test, expect, expectAccessible, freshCode, rememberTotpSecret, signIn, submitPassword, USERS } from "./fixtures";

const CHAIR = USERS.partnershipChair;

/** Sign out and wait for the sign-in page, so the next navigation does not cut the sign-out short. */
async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
}

test("a chair sets up an authenticator app, signs in with a code, and uses a recovery code once", async ({ page, browser, baseURL }) => {
  // The system administrator resets the chair's two-factor sign-in (a lost phone), so the chair sets up a new app.
  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signIn(admin, USERS.systemAdmin.email);
  await admin.goto("/admin/users?page=1");
  const chairRow = admin.getByTestId("people").getByRole("row", { name: /Chris Morgan/ });
  await chairRow.getByRole("link", { name: "Reset two-factor sign-in for Chris Morgan" }).click();
  await expect(admin.getByTestId("confirm-reset-second-factor")).toContainText("Reset two-factor sign-in for Chris Morgan?");
  await admin.getByRole("button", { name: "Yes, reset two-factor sign-in for Chris Morgan" }).click();
  await expect(admin.getByText("Two-factor sign-in reset. Their sessions have ended")).toBeVisible();
  await admin.context().close();

  // First sign-in after the reset: the password leads to setting up an app, not to a session.
  await submitPassword(page, CHAIR.email);
  await expect(page).toHaveURL(/\/login\/set-up$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Set up two-factor sign-in");
  await expect(page.getByRole("img", { name: "QR code to add Concord to an authenticator app" })).toHaveAttribute("src", /^data:image\/svg\+xml;base64,/);
  await expectAccessible(page);
  // Nothing else opens before the second step.
  const early = await page.request.get("/partnership", { maxRedirects: 0 });
  expect(early.status()).toBe(302);
  expect(early.headers().location).toMatch(/^\/login\?redirectTo=/);

  const secret = (await page.getByTestId("totp-secret").textContent())!;
  rememberTotpSecret(CHAIR.email, secret);
  await page.getByLabel("Code", { exact: true }).fill("000000");
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The code is not right");
  await page.getByLabel("Code", { exact: true }).fill(await freshCode(page, CHAIR.email));
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is set up" })).toBeVisible();
  const codes = await page.getByTestId("recovery-codes").locator("code").allTextContents();
  expect(codes).toHaveLength(10);
  await page.getByRole("link", { name: "Continue to Concord" }).click();
  await expect(page).toHaveURL(new RegExp(`${CHAIR.landing}$`));

  // Sign out, then in again with a code from the app.
  await signOut(page);
  await submitPassword(page, CHAIR.email);
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.getByLabel("Code", { exact: true }).fill(await freshCode(page, CHAIR.email));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${CHAIR.landing}$`));

  // Without the phone: a recovery code works once...
  await signOut(page);
  await submitPassword(page, CHAIR.email);
  await page.getByLabel("Code", { exact: true }).fill(codes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${CHAIR.landing}$`));
  // ...and never again.
  await signOut(page);
  await submitPassword(page, CHAIR.email);
  await page.getByLabel("Code", { exact: true }).fill(codes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("The code is not right, or it has already been used.");
  await expect(page).toHaveURL(/\/login\/code$/);
  // Another unused recovery code still works.
  await page.getByLabel("Code", { exact: true }).fill(codes[1]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(new RegExp(`${CHAIR.landing}$`));
});

test("a wrong code five times is throttled: even the right code then waits", async ({ page }) => {
  const email = "dan.hughes@police.example.org";
  await submitPassword(page, email);
  await expect(page).toHaveURL(/\/login\/code$/);
  const right = await freshCode(page, email);
  const wrong = right === "123456" ? "654321" : "123456";
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Code", { exact: true }).fill(wrong);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert")).toContainText("The code is not right");
    await expect(page.getByRole("alert")).not.toContainText("Too many");
  }
  await page.getByLabel("Code", { exact: true }).fill(right);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("Too many wrong codes. Wait 15 seconds, then try again.");
  await expect(page).toHaveURL(/\/login\/code$/);
  expect((await page.request.get("/team", { maxRedirects: 0 })).status()).toBe(302);
});
