import { test, expect, signIn, USERS, PASSWORD } from "./fixtures";

test("an agency administrator invites someone, who sets a password; the list updates live and deactivation signs them out live", async ({ page, browser, signInAs }) => {
  await signInAs("agencyAdmin");
  const email = `officer.${Date.now()}@police.example.org`;
  await page.getByLabel("Full name").fill("Robin Newcomer");
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Practitioner", { exact: true }).check();
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = await page.getByTestId("invitation-link").innerText();
  expect(link).toMatch(/\/invitations\//);
  await expect(page.getByText("Invitations not yet accepted")).toBeVisible();

  const newcomer = await browser.newContext();
  const newPage = await newcomer.newPage();
  await newPage.goto(link);
  await expect(newPage.getByRole("heading", { level: 1 })).toContainText("Set your password");
  await newPage.getByLabel("Create a password").fill("short");
  await newPage.getByLabel("Type the password again").fill("short");
  await newPage.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(newPage.getByRole("alert")).toContainText("at least 12 characters");
  await newPage.getByLabel("Create a password").fill("robin's long enough password");
  await newPage.getByLabel("Type the password again").fill("robin's long enough password");
  await newPage.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(newPage).toHaveURL(/\/work$/);
  await expect(newPage.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");

  // The administrator's list shows the new account without a reload (socket + tRPC client).
  const row = page.getByTestId("people").getByRole("row", { name: /Robin Newcomer/ });
  await expect(row).toContainText("Active");

  // The link works once.
  const again = await newcomer.newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { level: 1 })).toHaveText("This invitation link cannot be used");

  // Deactivation ends the newcomer's session at once: their open page is signed out live.
  await row.getByRole("button", { name: /Deactivate/ }).click();
  await expect(page.getByText("Account deactivated")).toBeVisible();
  await expect(newPage).toHaveURL(/\/login\?ended=deactivated/);
  await expect(newPage.getByText("Your account has been deactivated")).toBeVisible();
  await signIn(newPage, email, "robin's long enough password");
  await expect(newPage.getByRole("alert")).toContainText("not right");
  await newcomer.close();
});

test("signing out everywhere ends the other browser's session too", async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const a = await first.newPage();
  const b = await second.newPage();
  await signIn(a, USERS.partnershipChair.email, PASSWORD);
  await signIn(b, USERS.partnershipChair.email, PASSWORD);
  await expect(b.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  await a.goto("/account");
  await a.getByRole("button", { name: "Sign out on every device" }).click();
  await expect(a).toHaveURL(/ended=signed-out-everywhere/);
  await expect(b).toHaveURL(/\/login\?ended=signed-out-everywhere/);
  await first.close();
  await second.close();
});
