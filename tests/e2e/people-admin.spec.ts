import type { Page } from "@playwright/test";
// People admin: withdrawing an invitation, and deactivation with a confirmation, refused for
// oneself, and undone by reactivation.
import { test, expect, expectAccessible, signIn as signInOnly } from "./fixtures";

/** Sign in and wait until the landing page is signed in, so the next navigation is too. */
async function signIn(page: Page, email: string) {
  await signInOnly(page, email);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

test("an administrator withdraws a pending invitation: it leaves the list and its emailed link stops working", async ({ page, browser, request }) => {
  await signIn(page, "it.admin@partnership.example.org");
  await page.goto("/admin/users");
  const email = `withdrawn-${Date.now()}@police.example.org`;
  await page.getByLabel("Full name").fill("Withdrawn Person");
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Agency", { exact: true }).selectOption({ label: "Northshire Police" });
  await page.getByLabel("Agency administrator").check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`We have emailed a link to ${email}`)).toBeVisible();
  // The invitation was emailed (read from the test outbox: pages never show the link).
  const mail = await request.get(`/__test/last-email?to=${encodeURIComponent(email)}`);
  expect(mail.ok()).toBe(true);
  const link = new URL(((await mail.json()) as { body: string }).body.match(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/)![0]).pathname;
  const row = page.getByTestId("invitations").getByRole("row", { name: new RegExp(email) });
  await row.getByRole("button", { name: /Withdraw/ }).click();
  await expect(page.getByText("Invitation withdrawn. Its link no longer works.")).toBeVisible();
  await expect(page.getByText(email)).toHaveCount(0);

  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { level: 1 })).toHaveText("This invitation link cannot be used");
  await invitee.close();
});

test("deactivation asks first, can be cancelled, refuses one's own account, and is undone by reactivation", async ({ page }) => {
  await signIn(page, "priya.shah@police.example.org");
  // An administrator lands on their tasks, then opens People.
  await expect(page).toHaveURL(/\/administration$/);
  await page.goto("/admin/users");
  const people = page.getByTestId("people");
  // Priya's own row offers no Deactivate; asking for it by address is refused in words.
  await expect(people.getByRole("row", { name: /Priya Shah/ }).getByRole("button", { name: /Deactivate/ })).toHaveCount(0);

  const pat = people.getByRole("row", { name: /Pat O'Brien/ });
  await pat.getByRole("button", { name: /Deactivate/ }).click();
  const confirm = page.getByTestId("confirm-deactivate");
  await expect(confirm.getByRole("heading", { name: "Deactivate Pat O'Brien?" })).toBeVisible();
  await expectAccessible(page);
  await confirm.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByTestId("confirm-deactivate")).toHaveCount(0);
  await expect(pat.getByText("Active")).toBeVisible();

  await pat.getByRole("button", { name: /Deactivate/ }).click();
  await page.getByRole("button", { name: "Yes, deactivate Pat O'Brien" }).click();
  await expect(page.getByText("Account deactivated. Their sessions have ended.")).toBeVisible();
  await expect(pat.getByText("Deactivated")).toBeVisible();

  await pat.getByRole("button", { name: /Reactivate/ }).click();
  await expect(page.getByText("Account reactivated. They can sign in with their password.")).toBeVisible();
  await expect(pat.getByText("Active")).toBeVisible();
});

test("asking to deactivate oneself by address is refused with a message", async ({ page }) => {
  await signIn(page, "priya.shah@police.example.org");
  // An administrator lands on their tasks, then opens People.
  await expect(page).toHaveURL(/\/administration$/);
  await page.goto("/admin/users");
  const myId = await page.evaluate(async () => {
    const response = await fetch("/trpc/auth.me");
    return ((await response.json()) as { result: { data: { userId: string } } }).result.data.userId;
  });
  await page.goto(`/admin/users?deactivate=${myId}`);
  await expect(page.getByRole("alert").filter({ hasText: "You cannot deactivate your own account" })).toBeVisible();
  await expect(page.getByTestId("confirm-deactivate")).toHaveCount(0);
});
