import type { APIRequestContext } from "@playwright/test";
import { test, expect, signIn, USERS, PASSWORD } from "./fixtures";

const POLICE_MANAGER = "dan.hughes@police.example.org"; // Dan Hughes, detective sergeant

/** The invitation link, read from the email outbox (test-only route): pages never show it. */
async function emailedLink(request: APIRequestContext, email: string) {
  const response = await request.get(`/__test/last-email?to=${encodeURIComponent(email)}`);
  expect(response.ok()).toBe(true);
  const { body } = (await response.json()) as { body: string };
  const link = body.match(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, "an invitation link in the email").toBeTruthy();
  return new URL(link!).pathname;
}

test("an agency administrator invites someone, a manager approves, the link arrives by email; the list updates live, deactivation signs them out live, and reactivation works", async ({ page, browser, request, signInAs }) => {
  await signInAs("agencyAdmin");
  // An administrator lands on their tasks; invitations are sent from People.
  await page.getByRole("link", { name: "People" }).first().click();
  const email = `officer.${Date.now()}@police.example.org`;
  await page.getByLabel("Full name").fill("Robin Newcomer");
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Practitioner", { exact: true }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation waiting for approval")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("/invitations/");
  const pending = page.getByTestId("invitations").getByRole("row", { name: /Robin Newcomer/ });
  await expect(pending).toContainText("Awaiting approval");
  // The inviter cannot approve their own invitation, and no email has gone yet.
  await expect(pending.getByRole("button", { name: /Approve/ })).toHaveCount(0);
  expect((await request.get(`/__test/last-email?to=${encodeURIComponent(email)}`)).status()).toBe(404);

  // A manager of the same agency approves it; the link goes to the invited address only.
  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  await signIn(managerPage, POLICE_MANAGER);
  await managerPage.getByRole("link", { name: "People" }).first().click();
  await managerPage.getByTestId("invitations").getByRole("row", { name: /Robin Newcomer/ }).getByRole("button", { name: /Approve/ }).click();
  await expect(managerPage.getByText("Invitation approved")).toBeVisible();
  await expect(managerPage.locator("body")).not.toContainText("/invitations/");
  await managerContext.close();
  await expect(pending).toContainText("Link sent"); // live, on the administrator's page
  const link = await emailedLink(request, email);

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
  await page.getByRole("button", { name: "Yes, deactivate Robin Newcomer" }).click();
  await expect(page.getByText("Account deactivated")).toBeVisible();
  await expect(newPage).toHaveURL(/\/login\?ended=deactivated/);
  await expect(newPage.getByText("Your account has been deactivated")).toBeVisible();
  await signIn(newPage, email, "robin's long enough password");
  await expect(newPage.getByRole("alert")).toContainText("not right");

  // Reactivation: the person signs in with their password again.
  await row.getByRole("button", { name: /Reactivate/ }).click();
  await expect(page.getByText("Account reactivated")).toBeVisible();
  await expect(row).toContainText("Active");
  await signIn(newPage, email, "robin's long enough password");
  await expect(newPage).toHaveURL(/\/work$/);
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
